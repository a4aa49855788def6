//! Every format is rendered from the journal service's journal, stored and
//! downloaded with its content type and file name.

use std::io::Read;

use jc_domain::ExportFormat;
use jc_proto::convert::word;
use uuid::Uuid;

use crate::support::TestExport;

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    archive.file_names().map(str::to_owned).collect()
}

async fn every_format_is_exported_and_downloaded(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Calm Mornings: A Journal", 3).await;
    let cases = [
        ("pdf", "application/pdf", "calm-mornings-a-journal.pdf"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "calm-mornings-a-journal.docx",
        ),
        ("epub", "application/epub+zip", "calm-mornings-a-journal.epub"),
        ("kdp", "application/zip", "calm-mornings-a-journal-kdp.zip"),
    ];
    for (format, content_type, file_name) in cases {
        let queued = app.export(user, &journal, format, "").await.expect("create");
        assert_eq!(
            (word::<ExportFormat>(queued.format), queued.journal_id.as_str()),
            (format, journal.as_str())
        );
        assert_eq!(queued.user_id, user.to_string());
        assert_eq!(queued.options, Some(Default::default()), "no choices");
        let job = app.completed(user, &queued.id).await;
        assert_eq!(job.progress_percentage, 100);
        assert_eq!(job.content_type.as_deref(), Some(content_type));
        assert_eq!(job.file_name.as_deref(), Some(file_name));
        assert!(job.finished_at.is_some() && job.expires_at.is_some(), "{job:?}");
        assert!(job.attempts >= 1);

        let (head, bytes) = app.download(user, &job.id).await.expect("download");
        assert_eq!((head.content_type.as_str(), head.file_name.as_str()), (content_type, file_name));
        assert_eq!(head.size_bytes, u64::try_from(bytes.len()).expect("size"));
        assert_eq!(job.size_bytes, Some(head.size_bytes));
        match format {
            "pdf" => {
                assert!(bytes.starts_with(b"%PDF"), "a PDF");
                assert!(job.page_count.is_some_and(|pages| pages >= 24 && pages % 2 == 0), "{job:?}");
            }
            "docx" => assert!(zip_names(&bytes).contains(&"word/document.xml".to_owned())),
            "epub" => {
                assert!(bytes.starts_with(b"PK\x03\x04"));
                let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
                let mut mimetype = String::new();
                archive.by_name("mimetype").expect("mimetype").read_to_string(&mut mimetype).expect("read");
                assert_eq!(mimetype, "application/epub+zip");
            }
            _ => {
                assert!(bytes.starts_with(b"PK\x03\x04"));
                let names = zip_names(&bytes);
                for name in jc_render::package::FILES {
                    assert!(names.contains(&name.to_owned()), "{name} in {names:?}");
                }
            }
        }
    }
    let files = app.files();
    assert_eq!(files.len(), 4, "one file per job: {files:?}");
}
jc_testkit::on_every_backend!(TestExport => every_format_is_exported_and_downloaded);

async fn a_journal_made_by_hand_exports_in_every_format(app: TestExport) {
    let user = Uuid::new_v4();
    // No author, introduction, commitment, certificate or prompts: only blank pages.
    let journal = app.blank_journal(user, "My Own Pages", 3).await;
    for format in ["pdf", "docx", "epub", "kdp"] {
        let queued = app.export(user, &journal, format, "").await.expect("a blank journal is exported");
        let job = app.completed(user, &queued.id).await;
        let (_, bytes) = app.download(user, &job.id).await.expect("download");
        assert!(!bytes.is_empty(), "{format}");
        if format == "kdp" {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
            let mut preflight = String::new();
            archive
                .by_name("preflight.json")
                .expect("preflight")
                .read_to_string(&mut preflight)
                .expect("read");
            let preflight: serde_json::Value = serde_json::from_str(&preflight).expect("json");
            let author =
                preflight["checks"].as_array().expect("checks").iter().find(|c| c["id"] == "listing.author");
            assert_eq!(
                author.map(|check| &check["passed"]),
                Some(&false.into()),
                "KDP needs an author: {preflight}"
            );
        }
    }
}
jc_testkit::on_every_backend!(TestExport => a_journal_made_by_hand_exports_in_every_format);

async fn a_thirty_day_journal_exports_with_chosen_options(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Thirty Days", 30).await;
    let options = r##"{"trim":"8.5x11","page_style":"grid","theme":{"colors":{"accent":"#2e7d32"}}}"##;
    let queued = app.export(user, &journal, "pdf", options).await.expect("create");
    let chosen = queued.options.expect("options");
    assert_eq!(chosen.trim.as_deref(), Some("8.5x11"));
    let accent = chosen.theme.and_then(|theme| theme.colors).and_then(|colors| colors.accent);
    assert_eq!(accent.as_deref(), Some("#2e7d32"), "objects keep only what was chosen");
    let job = app.completed(user, &queued.id).await;
    assert!(job.page_count.is_some_and(|pages| pages >= 30 + 5), "{job:?}");
    let (_, bytes) = app.download(user, &job.id).await.expect("download");
    assert!(bytes.starts_with(b"%PDF"));
    // Letter size in points, on the page boxes.
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("612") && text.contains("792"), "an 8.5 x 11 in page");
}
jc_testkit::on_every_backend!(TestExport => a_thirty_day_journal_exports_with_chosen_options);

async fn jobs_are_listed_newest_first(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Listed", 1).await;
    let mut ids = Vec::new();
    for format in ["pdf", "epub", "docx"] {
        ids.push(app.export(user, &journal, format, "").await.expect("create").id);
    }
    let request = jc_proto::export::ListExportsRequest { page: 1, limit: 2 };
    let page = app.client.clone().list_exports(app.call(user, request)).await.expect("list").into_inner();
    assert_eq!((page.total, page.page, page.total_pages), (3, 1, 2));
    let listed: Vec<&str> = page.jobs.iter().map(|job| job.id.as_str()).collect();
    assert_eq!(listed, [ids[2].as_str(), ids[1].as_str()]);
    let request = jc_proto::export::ListExportsRequest { page: 1, limit: 101 };
    let refused = app.client.clone().list_exports(app.call(user, request)).await.expect_err("limit");
    assert_eq!(crate::support::error_fields(&refused), ["limit"]);
    for id in &ids {
        app.finished(user, id).await;
    }
}
jc_testkit::on_every_backend!(TestExport => jobs_are_listed_newest_first);

async fn a_deleted_journal_keeps_its_finished_downloads(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Soon Gone", 1).await;
    let done = app.export(user, &journal, "epub", "").await.expect("create");
    app.completed(user, &done.id).await;
    let request = app.call(user, jc_proto::journal::JournalRef { id: journal.clone() });
    app.journals.clone().delete_journal(request).await.expect("delete journal");
    let (head, bytes) = app.download(user, &done.id).await.expect("the finished file stays");
    assert_eq!(head.content_type, "application/epub+zip");
    assert!(!bytes.is_empty());
    crate::support::assert_not_found(app.export(user, &journal, "pdf", "").await, "Journal not found.");
}
jc_testkit::on_every_backend!(TestExport => a_deleted_journal_keeps_its_finished_downloads);
