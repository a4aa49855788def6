//! A journal's life: create, read, list, change, copy and delete.

use jc_domain::{BindingType, ColorScheme, FontSize, JournalStatus, Layout, PaperType};
use jc_proto::convert::WireEnum;
use jc_proto::journal::{
    Certificate, CreateJournalRequest, Customization, Introduction, ListJournalsRequest, UpdateDayRequest,
    UpdateJournalRequest,
};
use uuid::Uuid;

use crate::support::{
    TestJournalService, UNKNOWN_NUMBER, assert_not_found, error_fields, id_of, journal_ref,
};

async fn created_journals_have_every_blank_page(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let request = CreateJournalRequest {
        title: "  Thirty calm days ".into(),
        subtitle: "A month of breath".into(),
        description: "Small daily practices.".into(),
        theme: "mindfulness".into(),
        days: 30,
        customization: Some(Customization { layout: Layout::TwoColumn.to_wire(), ..Default::default() }),
    };
    let created =
        client.create_journal(service.user_call(owner, request)).await.expect("create").into_inner();
    let summary = created.journal.clone().expect("summary");
    assert_eq!(summary.title, "Thirty calm days", "the title is trimmed");
    assert_eq!(summary.user_id, owner.to_string());
    assert_eq!((summary.status().word(), summary.theme.as_str()), ("draft", "mindfulness"));
    assert_eq!((summary.days_count, summary.pages_count), (30, 33));
    assert_eq!(summary.word_count, 60, "\"Day N\" is two words on each of 30 pages");
    assert_eq!(
        summary.export_formats().map(|f| f.word()).collect::<Vec<_>>(),
        ["pdf", "docx", "epub", "kdp"]
    );
    let customization = summary.customization.expect("customization");
    assert_eq!(
        customization,
        Customization {
            layout: Layout::TwoColumn.to_wire(),
            font_size: FontSize::Medium.to_wire(),
            color_scheme: ColorScheme::Default.to_wire(),
            paper_type: PaperType::Standard.to_wire(),
            binding_type: BindingType::Perfect.to_wire(),
        },
        "unset values take their defaults"
    );
    assert!(chrono::DateTime::parse_from_rfc3339(&summary.created_at).is_ok());

    let read = client.get_journal(service.user_call(owner, journal_ref(&summary.id))).await.expect("get");
    let read = read.into_inner();
    assert_eq!(read, created, "what is read back is what creation returned");
    let numbers: Vec<u32> = read.days.iter().map(|d| d.day).collect();
    assert_eq!(numbers, (1..=30).collect::<Vec<_>>());
    let day = &read.days[6];
    assert_eq!((day.title.as_str(), day.lines, day.page_style().word()), ("Day 7", 20, "lined"));
    assert!(day.prompt.is_empty() && day.entry.is_none());
    assert_eq!(service.stored_days(&summary.id).await, 30);
}
jc_testkit::on_every_backend!(TestJournalService => created_journals_have_every_blank_page);

async fn lists_are_paged_newest_first(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let mut ids = Vec::new();
    for n in 0..25 {
        ids.push(id_of(&service.create(owner, &format!("Journal {n}"), 1).await));
    }
    ids.reverse();
    let mut seen = Vec::new();
    for page in 1..=3 {
        let request = ListJournalsRequest { page, limit: 10, status: None };
        let listed =
            client.list_journals(service.user_call(owner, request)).await.expect("list").into_inner();
        assert_eq!((listed.total, listed.page, listed.total_pages), (25, page, 3));
        assert_eq!(listed.journals.len(), if page < 3 { 10 } else { 5 });
        seen.extend(listed.journals.into_iter().map(|j| j.id));
    }
    assert_eq!(seen, ids, "newest first, each journal once");
    // A page past the end, and pages that end exactly at the last journal: the total
    // is the same whether the page shows it or it is counted.
    for (page, limit, shown) in [(5, 10, 0), (5, 5, 5), (1, 25, 25), (2, 24, 1), (1, 100, 25)] {
        let request = ListJournalsRequest { page, limit, status: None };
        let listed =
            client.list_journals(service.user_call(owner, request)).await.expect("list").into_inner();
        assert_eq!(
            (listed.total, listed.journals.len(), listed.total_pages),
            (25, shown, 25_u32.div_ceil(limit)),
            "page {page} of {limit}"
        );
    }

    let defaults = client
        .list_journals(service.user_call(owner, ListJournalsRequest::default()))
        .await
        .expect("defaults")
        .into_inner();
    assert_eq!((defaults.page, defaults.journals.len(), defaults.total_pages), (1, 20, 2));

    let change = UpdateJournalRequest {
        id: ids[3].clone(),
        status: Some(JournalStatus::Archived.to_wire()),
        ..Default::default()
    };
    client.update_journal(service.user_call(owner, change)).await.expect("archive");
    let archived =
        ListJournalsRequest { status: Some(JournalStatus::Archived.to_wire()), ..Default::default() };
    let archived =
        client.list_journals(service.user_call(owner, archived)).await.expect("filter").into_inner();
    assert_eq!(archived.total, 1);
    assert_eq!(archived.journals[0].id, ids[3]);

    let too_many = ListJournalsRequest { limit: 101, ..Default::default() };
    let status = client.list_journals(service.user_call(owner, too_many)).await.expect_err("limit 101");
    assert_eq!(error_fields(&status), ["limit"]);
    let unknown = ListJournalsRequest { status: Some(UNKNOWN_NUMBER), ..Default::default() };
    let status = client.list_journals(service.user_call(owner, unknown)).await.expect_err("bad status");
    assert_eq!(error_fields(&status), ["status"]);
}
jc_testkit::on_every_backend!(TestJournalService => lists_are_paged_newest_first);

async fn updates_change_what_is_set(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let created = service.create(owner, "Before", 3).await;
    let id = id_of(&created);
    let before = created.journal.expect("summary");

    let change = UpdateJournalRequest {
        id: id.clone(),
        title: Some("After".into()),
        customization: Some(Customization {
            layout: Layout::Magazine.to_wire(),
            font_size: FontSize::Large.to_wire(),
            color_scheme: ColorScheme::Sepia.to_wire(),
            paper_type: PaperType::Premium.to_wire(),
            binding_type: BindingType::Hardcover.to_wire(),
        }),
        status: Some(JournalStatus::Archived.to_wire()),
        introduction: Some(Introduction {
            title: "Welcome".into(),
            quote: "Breathe in.".into(),
            writeup: "Three words here".into(),
        }),
        certificate: Some(Certificate {
            summary: String::new(),
            text: String::new(),
            fields: vec!["Name".into(), "Date completed".into()],
        }),
        ..Default::default()
    };
    let updated = client.update_journal(service.user_call(owner, change)).await.expect("update").into_inner();
    let summary = updated.journal.clone().expect("summary");
    assert_eq!((summary.title.as_str(), summary.status().word()), ("After", "archived"));
    assert_eq!(summary.subtitle, before.subtitle, "unset fields stay as they are");
    let customization = summary.customization.expect("customization");
    assert_eq!(
        (customization.layout().word(), customization.binding_type().word()),
        ("magazine", "hardcover")
    );
    assert_eq!(summary.word_count, before.word_count + 6, "introduction words are counted");
    assert!(summary.updated_at >= before.updated_at);
    assert_eq!(updated.certificate.clone().expect("certificate").fields, ["Name", "Date completed"]);
    let read =
        client.get_journal(service.user_call(owner, journal_ref(&id))).await.expect("get").into_inner();
    assert_eq!(read, updated, "the change is stored");

    let bad = UpdateJournalRequest {
        id: id.clone(),
        title: Some(" ".into()),
        customization: Some(Customization { font_size: UNKNOWN_NUMBER, ..Default::default() }),
        status: Some(JournalStatus::Generating.to_wire()),
        ..Default::default()
    };
    let status = client.update_journal(service.user_call(owner, bad)).await.expect_err("refused");
    assert_eq!(error_fields(&status), ["title", "status", "customization.font_size"]);
    let bad = UpdateJournalRequest { id: id.clone(), status: Some(UNKNOWN_NUMBER), ..Default::default() };
    let status = client.update_journal(service.user_call(owner, bad)).await.expect_err("refused");
    assert_eq!(error_fields(&status), ["status"]);
    let unchanged = client.get_journal(service.user_call(owner, journal_ref(&id))).await.expect("get");
    assert_eq!(unchanged.into_inner(), read, "a refused update changes nothing");
}
jc_testkit::on_every_backend!(TestJournalService => updates_change_what_is_set);

async fn copies_are_drafts_with_every_page(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let id = id_of(&service.create(owner, &"t".repeat(200), 2).await);
    let entry = UpdateDayRequest {
        journal_id: id.clone(),
        day: 2,
        entry_text: Some("I wrote this.".into()),
        ..Default::default()
    };
    client.update_day(service.user_call(owner, entry)).await.expect("entry");
    let complete = UpdateJournalRequest {
        id: id.clone(),
        status: Some(JournalStatus::Completed.to_wire()),
        ..Default::default()
    };
    let original =
        client.update_journal(service.user_call(owner, complete)).await.expect("complete").into_inner();

    let copy = client.duplicate_journal(service.user_call(owner, journal_ref(&id))).await.expect("copy");
    let copy = copy.into_inner();
    let summary = copy.journal.clone().expect("summary");
    assert_ne!(summary.id, id);
    assert_eq!(summary.status().word(), "draft");
    assert_eq!(summary.title.chars().count(), 200);
    assert!(summary.title.ends_with(" (copy)"));
    assert_eq!(copy.days, original.days, "pages and entries are copied");
    assert_eq!(copy.days[1].entry.as_ref().map(|e| e.text.as_str()), Some("I wrote this."));
    assert_eq!(summary.word_count, original.journal.expect("summary").word_count);
    let read =
        client.get_journal(service.user_call(owner, journal_ref(&summary.id))).await.expect("get copy");
    assert_eq!(read.into_inner(), copy);
}
jc_testkit::on_every_backend!(TestJournalService => copies_are_drafts_with_every_page);

async fn deleted_journals_are_gone_with_their_pages(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let id = id_of(&service.create(owner, "Short lived", 5).await);
    let kept = id_of(&service.create(owner, "Kept", 2).await);
    client.delete_journal(service.user_call(owner, journal_ref(&id))).await.expect("delete");
    assert_not_found(
        client.get_journal(service.user_call(owner, journal_ref(&id))).await,
        "Journal not found.",
    );
    assert_not_found(
        client.delete_journal(service.user_call(owner, journal_ref(&id))).await,
        "Journal not found.",
    );
    assert_eq!(service.stored_days(&id).await, 0, "the pages are deleted with the journal");
    assert_eq!(service.stored_days(&kept).await, 2, "other journals keep theirs");
    let listed = client
        .list_journals(service.user_call(owner, ListJournalsRequest::default()))
        .await
        .expect("list")
        .into_inner();
    assert_eq!(listed.journals.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(), [kept.as_str()]);
}
jc_testkit::on_every_backend!(TestJournalService => deleted_journals_are_gone_with_their_pages);
