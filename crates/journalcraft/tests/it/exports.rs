//! A generated journal exported through the gateway in every format, downloaded by
//! its owner, and out of everyone else's reach; a journal made by hand exported as it
//! is, with nothing written in it.

use serde_json::{Value, json};

use jc_testkit::eventually;

use crate::support::{Platform, error_code, text};

async fn until_finished(platform: &Platform, token: &str, path: &str, done: &[&str]) -> Value {
    eventually(format!("{path} to reach {done:?}"), || async {
        let (status, body) = platform.get(path, Some(token)).await;
        assert_eq!(status, 200, "{path}: {body}");
        if done.contains(&body["status"].as_str().unwrap_or_default()) { Ok(body) } else { Err(body) }
    })
    .await
}

/// A completed generated journal of `days` days; its id.
async fn generated_journal(platform: &Platform, token: &str, days: u32) -> String {
    let wish = json!({"theme": "creativity", "title_style": "poetic", "author_style": "The Curious Maker",
                      "research_depth": "basic", "days": days});
    let (status, started) = platform.send("POST", "/api/ai/generate-journal", Some(token), Some(wish)).await;
    assert_eq!(status, 200, "{started}");
    let job = until_finished(
        platform,
        token,
        &format!("/api/ai/progress/{}", text(&started, "job_id")),
        &["completed", "failed", "cancelled"],
    )
    .await;
    assert_eq!(job["status"], "completed", "{job}");
    text(&job, "project_id")
}

async fn download(
    platform: &Platform,
    token: &str,
    job_id: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let url = platform.url(&format!("/api/export/jobs/{job_id}/download"));
    let response = platform.http.get(url).bearer_auth(token).send().await.expect("download");
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.bytes().await.expect("the body").to_vec())
}

/// Each format with the start of its file and its content type.
const FORMATS: [(&str, &[u8], &str); 4] = [
    ("pdf", b"%PDF-", "application/pdf"),
    ("docx", b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("epub", b"PK\x03\x04", "application/epub+zip"),
    ("kdp", b"PK\x03\x04", "application/zip"),
];

/// Exports `journal` as `format`, waits for the job to complete, downloads the file and
/// checks it is that format, of the size the job gives; the job id and the headers.
async fn export_and_download(
    platform: &Platform,
    owner: &str,
    journal: &str,
    (format, start, content_type): (&str, &[u8], &str),
) -> (String, reqwest::header::HeaderMap) {
    let request = json!({"journal_id": journal, "format": format});
    let (status, job) = platform.send("POST", "/api/export/jobs", Some(owner), Some(request)).await;
    assert_eq!(status, 201, "{format}: {job}");
    let job_id = text(&job, "id");
    let done = until_finished(
        platform,
        owner,
        &format!("/api/export/jobs/{job_id}"),
        &["completed", "failed", "cancelled"],
    )
    .await;
    assert_eq!(done["status"], "completed", "{format}: {done}");
    let (status, headers, body) = download(platform, owner, &job_id).await;
    assert_eq!(status, 200, "{format}");
    assert!(body.starts_with(start), "{format}: the file is what it says");
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some(content_type));
    assert_eq!(done["size_bytes"].as_u64(), Some(body.len() as u64));
    (job_id, headers)
}

async fn every_format_is_exported_and_downloaded_by_its_owner_only(platform: Platform) {
    let owner = platform.signed_in("Exporting Owner", "content_creator").await;
    let other = platform.signed_in("Export Snoop", "personal_journaler").await;
    let journal = generated_journal(&platform, &owner, 3).await;

    let (status, formats) = platform.get("/api/export/formats", None).await;
    assert_eq!(status, 200, "{formats}");
    let ids: Vec<&str> =
        formats["formats"].as_array().expect("formats").iter().filter_map(|f| f["id"].as_str()).collect();
    assert_eq!(ids, ["pdf", "docx", "epub", "kdp"]);

    for format in FORMATS {
        let (job_id, headers) = export_and_download(&platform, &owner, &journal, format).await;
        let disposition =
            headers.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(disposition.starts_with("attachment;"), "{disposition}");

        let (status, body) = platform.get(&format!("/api/export/jobs/{job_id}"), Some(&other)).await;
        assert_eq!(error_code(status, &body), "not_found", "{body}");
        let (status, body) =
            platform.send("POST", &format!("/api/export/jobs/{job_id}/cancel"), Some(&other), None).await;
        assert_eq!(error_code(status, &body), "not_found", "{body}");
        assert_eq!(download(&platform, &other, &job_id).await.0, 404);
    }

    let (status, body) = platform
        .send("POST", "/api/export/jobs", Some(&other), Some(json!({"journal_id": journal, "format": "pdf"})))
        .await;
    assert_eq!(error_code(status, &body), "not_found", "nobody exports another person's journal: {body}");
    let (status, listed) = platform.get("/api/export/jobs", Some(&owner)).await;
    assert_eq!((status, listed["count"].as_u64()), (200, Some(4)), "{listed}");
    let (_, theirs) = platform.get("/api/export/jobs", Some(&other)).await;
    assert_eq!(theirs["count"], 0);

    let old = json!({"project_id": journal, "format": "epub", "settings": {}});
    let (status, job) = platform.send("POST", "/api/export/create", Some(&owner), Some(old)).await;
    assert_eq!(status, 200, "the old frontend's route: {job}");
    assert_eq!(job["project_id"], journal.as_str());
    for (body, field) in [
        (json!({"journal_id": journal, "format": "mobi"}), "format"),
        (json!({"journal_id": journal, "format": "pdf", "options": {"trim": "1x1"}}), "options"),
        (json!({"journal_id": journal, "format": "pdf", "options": {"bleed": "yes"}}), "options"),
    ] {
        let (status, answer) =
            platform.send("POST", "/api/export/jobs", Some(&owner), Some(body.clone())).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert!(answer["error"]["fields"].to_string().contains(field), "{body}: {answer}");
    }
}
jc_testkit::on_every_backend!(
    Platform, workers: 4 =>
    every_format_is_exported_and_downloaded_by_its_owner_only,
);

async fn a_journal_made_by_hand_is_exported_in_every_format(platform: Platform) {
    let owner = platform.signed_in("Hand Maker", "personal_journaler").await;
    // No author, introduction, commitment, certificate or prompts: blank pages only.
    let new = json!({"title": "Three Grateful Days", "theme": "gratitude", "days": 3});
    let (status, journal) = platform.send("POST", "/api/journals", Some(&owner), Some(new)).await;
    assert_eq!(status, 201, "{journal}");
    let journal = text(&journal, "id");

    for format in FORMATS {
        export_and_download(&platform, &owner, &journal, format).await;
    }
}
jc_testkit::on_every_backend!(Platform, workers: 4 => a_journal_made_by_hand_is_exported_in_every_format);
