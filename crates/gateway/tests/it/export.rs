//! `/api/export/*` against the fake export service: the shapes of every route, the
//! old frontend's `/api/export/create`, downloads streamed with their headers (and
//! aborted, never truncated, when the stream fails), other people's jobs as 404, and
//! input refused before the service.

use std::sync::atomic::Ordering;

use jc_domain::ExportStatus;
use jc_proto::convert::WireEnum;
use serde_json::{Value, json};

use crate::support::fakes::{ARTIFACT_GONE, EXPORT_NOT_FOUND, JOURNAL_NOT_FOUND, NOT_FINISHED};
use crate::support::http::try_parse;
use crate::support::keys::{OTHER_USER_ID, USER_ID};
use crate::support::{TestApp, assert_error, assert_fields, spawn_app, spawn_app_with};

const JOB_FIELDS: [&str; 20] = [
    "id",
    "user_id",
    "journal_id",
    "project_id",
    "format",
    "status",
    "progress_percentage",
    "current_step",
    "options",
    "error",
    "file_name",
    "content_type",
    "size_bytes",
    "page_count",
    "attempts",
    "created_at",
    "updated_at",
    "finished_at",
    "expires_at",
    "download_url",
];

/// A file with every byte value, longer than a few chunks of the fake.
fn file_bytes() -> Vec<u8> {
    (0..=255_u8).cycle().take(1_000).collect()
}

/// A completed PDF export of a journal titled `title`, owned by the tests' user.
async fn completed_export(app: &TestApp, title: &str, file: &[u8]) -> String {
    let journal_id = app.export.seed_journal(USER_ID, title);
    let response = app
        .post("/api/export/jobs")
        .bearer(&app.keys.access_token())
        .json(&json!({"journal_id": journal_id, "format": "pdf"}))
        .send()
        .await;
    assert_eq!(response.status, 201, "{}", response.text());
    let id = response.json()["id"].as_str().expect("a job id").to_owned();
    app.export.complete(&id, file);
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_formats_are_a_public_catalogue_with_parsed_options() {
    let app = spawn_app().await;
    let response = app.get("/api/export/formats").send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert_eq!(body["count"], 4);
    let formats = body["formats"].as_array().expect("formats");
    assert_eq!(formats.len(), 4);
    for format in formats {
        assert_fields(format, &["id", "name", "description", "content_type", "file_extension", "options"]);
        assert!(format["options"].is_object(), "options are an object, not a string: {format}");
    }
    assert_eq!(formats[0]["id"], "pdf");
    assert_eq!(formats[0]["content_type"], "application/pdf");
    assert_eq!(formats[0]["options"]["trim"]["default"], "6x9");
    assert_eq!(formats[3]["file_extension"], "zip");
    let sent = app.export.calls.of("ListFormats");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].service_token.as_deref(), Some(app.credential.as_str()));
    assert_eq!(sent[0].authorization, None, "no token is needed or sent");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_created_read_listed_and_cancelled_with_the_job_shape() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let journal_id = app.export.seed_journal(USER_ID, "Thirty Days of Thanks");
    let response = app
        .post("/api/export/jobs")
        .bearer(&token)
        .json(&json!({"journal_id": journal_id, "format": "pdf", "options": {"trim": "5x8", "bleed": true}}))
        .send()
        .await;
    assert_eq!(response.status, 201, "{}", response.text());
    let job = response.json();
    assert_fields(&job, &JOB_FIELDS);
    assert_eq!(job["user_id"], USER_ID);
    assert_eq!(job["journal_id"], journal_id.as_str());
    assert_eq!(job["project_id"], journal_id.as_str());
    assert_eq!(job["status"], "queued");
    assert_eq!(job["options"], json!({"trim": "5x8", "bleed": true}), "the options as the job renders");
    assert!(job["download_url"].is_null() && job["file_name"].is_null() && job["error"].is_null());
    let id = job["id"].as_str().expect("an id").to_owned();
    let sent = app.export.calls.of("CreateExport");
    assert_eq!(sent[0].authorization.as_deref(), Some(format!("Bearer {token}").as_str()));
    let message = &sent[0].message;
    assert!(message.contains(r#"trim: Some("5x8")"#) && message.contains("bleed: Some(true)"), "{message}");

    let got = app.get(&format!("/api/export/jobs/{id}")).bearer(&token).send().await;
    assert_eq!(got.status, 200, "{}", got.text());
    assert_eq!(got.json()["id"], id.as_str());

    let second = completed_export(&app, "Second", b"%PDF-1.7").await;
    let list = app.get("/api/export/jobs?page=1&limit=1").bearer(&token).send().await;
    assert_eq!(list.status, 200, "{}", list.text());
    let list = list.json();
    assert_eq!(
        (list["count"].clone(), list["page"].clone(), list["total_pages"].clone()),
        (json!(2), json!(1), json!(2))
    );
    assert_eq!(list["jobs"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["jobs"][0]["id"], second.as_str(), "newest first");
    assert_fields(&list["jobs"][0], &JOB_FIELDS);
    assert_eq!(list["jobs"][0]["download_url"], format!("/api/export/jobs/{second}/download"));
    assert_eq!(list["jobs"][0]["size_bytes"], 8);
    let page_two = app.get("/api/export/jobs?page=2&limit=1").bearer(&token).send().await.json();
    assert_eq!(page_two["jobs"][0]["id"], id.as_str());
    let defaults = app.get("/api/export/jobs").bearer(&token).send().await.json();
    assert_eq!(defaults["jobs"].as_array().map(Vec::len), Some(2));
    assert!(app.export.calls.of("ListExports").last().is_some_and(|c| c.message.contains("limit: 20")));

    let cancelled = app.post(&format!("/api/export/jobs/{id}/cancel")).bearer(&token).send().await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text());
    let cancelled = cancelled.json();
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["finished_at"].is_string());
    assert_eq!(app.export.stored(&id).map(|j| j.status), Some(ExportStatus::Cancelled.to_wire()));
    let finished = app.post(&format!("/api/export/jobs/{second}/cancel")).bearer(&token).send().await;
    assert_eq!(finished.json()["status"], "completed", "a finished job is answered as it is");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_frontend_creates_an_export_with_project_id_and_settings() {
    let app = spawn_app().await;
    let journal_id = app.export.seed_journal(USER_ID, "Old Client");
    let response = app
        .post("/api/export/create")
        .bearer(&app.keys.access_token())
        .json(&json!({"project_id": journal_id, "format": "epub", "settings": {"bleed": false}}))
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.text());
    let job = response.json();
    assert_fields(&job, &JOB_FIELDS);
    assert_eq!(job["project_id"], journal_id.as_str());
    assert_eq!(job["format"], "epub");
    assert_eq!(job["options"]["bleed"], false);
    let sent = app.export.calls.of("CreateExport");
    assert!(sent[0].message.contains(&format!("journal_id: \"{journal_id}\"")), "{}", sent[0].message);

    let without_settings = app
        .post("/api/export/create")
        .bearer(&app.keys.access_token())
        .json(&json!({"project_id": journal_id, "format": "docx"}))
        .send()
        .await;
    assert_eq!(without_settings.status, 200, "{}", without_settings.text());
    assert_eq!(without_settings.json()["options"], json!({}), "no choices: the defaults apply");

    let error = assert_error(
        &app.post("/api/export/create")
            .bearer(&app.keys.access_token())
            .json(&json!({"project_id": journal_id, "format": "pdf", "settings": "a4"}))
            .send()
            .await,
        400,
        "validation_failed",
    );
    assert_eq!(error["error"]["fields"][0]["field"], "settings");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_streams_the_file_with_its_headers() {
    let app = spawn_app().await;
    let file = file_bytes();
    let id = completed_export(&app, "Café \"Días\" 日記", &file).await;
    let response =
        app.get(&format!("/api/export/jobs/{id}/download")).bearer(&app.keys.access_token()).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.body, file, "every byte, in order");
    assert_eq!(response.header("content-type"), Some("application/pdf"));
    assert_eq!(response.header("content-length"), Some("1000"));
    assert_eq!(response.header("transfer-encoding"), None, "a sized body, not chunked");
    assert_eq!(
        response.header("content-disposition"),
        Some(
            "attachment; filename=\"Caf_ _D_as_ __.pdf\"; \
             filename*=UTF-8''Caf%C3%A9%20%22D%C3%ADas%22%20%E6%97%A5%E8%A8%98.pdf"
        )
    );
    assert_eq!(response.header("cache-control"), Some("private, no-store"));
    assert!(response.header("x-request-id").is_some());
    assert!(app.export.calls.of("Download")[0].authorization.is_some(), "the caller's token is forwarded");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_that_fails_before_its_head_is_an_error_body() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let id = completed_export(&app, "Gone", b"%PDF-1.7 gone").await;

    *app.export.head_failure.lock().expect("failure lock") =
        Some((jc_platform::ErrorCode::Unavailable, "the artifact store is down".into()));
    let response = app.get(&format!("/api/export/jobs/{id}/download")).bearer(&token).send().await;
    assert_error(&response, 503, "unavailable");
    *app.export.head_failure.lock().expect("failure lock") = None;

    app.export.remove_file(&id);
    let error = assert_error(
        &app.get(&format!("/api/export/jobs/{id}/download")).bearer(&token).send().await,
        404,
        "not_found",
    );
    assert_eq!(error["detail"], ARTIFACT_GONE);

    let queued = app.export.seed_journal(USER_ID, "Queued");
    let queued = app
        .post("/api/export/jobs")
        .bearer(&token)
        .json(&json!({"journal_id": queued, "format": "kdp"}))
        .send()
        .await
        .json();
    let response = app
        .get(&format!("/api/export/jobs/{}/download", queued["id"].as_str().expect("id")))
        .bearer(&token)
        .send()
        .await;
    let error = assert_error(&response, 409, "conflict");
    assert_eq!(error["detail"], NOT_FINISHED);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_that_fails_mid_file_aborts_the_connection() {
    let app = spawn_app().await;
    // Large enough that part of it leaves the server's buffer before the failure.
    let file: Vec<u8> = (0..=255_u8).cycle().take(512 * 1024).collect();
    let id = completed_export(&app, "Broken", &file).await;
    app.export.chunk_size.store(16 * 1024, Ordering::SeqCst);
    *app.export.fail_after_chunks.lock().expect("failure lock") = Some(16);
    let raw =
        app.get(&format!("/api/export/jobs/{id}/download")).bearer(&app.keys.access_token()).send_raw().await;
    // Either the connection closed before the head left the server, or the head
    // announced the whole length and the body stops short of it: never a complete answer.
    if let Some(response) = try_parse(&raw) {
        assert_eq!(response.status, 200, "the head had been sent");
        assert_eq!(response.header("content-length"), Some(file.len().to_string().as_str()));
        assert!(
            response.body.len() < file.len(),
            "the connection is cut short of the announced length, never completed ({} bytes)",
            response.body.len()
        );
        assert_eq!(response.body[..], file[..response.body.len()], "what came is the file's start");
    }
    assert!(raw.len() < file.len(), "the file was not delivered ({} bytes)", raw.len());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_persons_job_is_not_found_everywhere() {
    let app = spawn_app().await;
    let id = completed_export(&app, "Mine", b"%PDF-1.7").await;
    let other = app.other_user_token();
    for (method, path) in [
        ("GET", format!("/api/export/jobs/{id}")),
        ("POST", format!("/api/export/jobs/{id}/cancel")),
        ("GET", format!("/api/export/jobs/{id}/download")),
        ("GET", "/api/export/jobs/not-a-job-id".to_owned()),
    ] {
        let error = assert_error(&app.request(method, &path).bearer(&other).send().await, 404, "not_found");
        assert_eq!(error["detail"], EXPORT_NOT_FOUND, "{method} {path}");
    }
    assert_eq!(
        app.export.stored(&id).map(|j| j.status),
        Some(ExportStatus::Completed.to_wire()),
        "not cancelled"
    );
    let listed = app.get("/api/export/jobs").bearer(&other).send().await.json();
    assert_eq!(listed["count"], 0);

    let theirs = app.export.seed_journal(OTHER_USER_ID, "Theirs");
    let error = assert_error(
        &app.post("/api/export/jobs")
            .bearer(&app.keys.access_token())
            .json(&json!({"journal_id": theirs, "format": "pdf"}))
            .send()
            .await,
        404,
        "not_found",
    );
    assert_eq!(error["detail"], JOURNAL_NOT_FOUND);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_before_the_service() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let cases: [(Value, &str); 6] = [
        (json!({"format": "pdf"}), "journal_id"),
        (json!({"journal_id": "jr_1"}), "format"),
        (json!({"journal_id": 7, "format": "pdf"}), "journal_id"),
        (json!({"journal_id": "jr_1", "format": ["pdf"]}), "format"),
        (json!({"journal_id": "jr_1", "format": "pdf", "options": "trim=6x9"}), "options"),
        (json!({"journal_id": "jr_1", "format": "pdf", "options": [1, 2]}), "options"),
    ];
    for (body, field) in cases {
        let response = app.post("/api/export/jobs").bearer(&token).json(&body).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], field, "{body}");
    }
    let blank = app
        .post("/api/export/jobs")
        .bearer(&token)
        .json(&json!({"journal_id": " ", "format": ""}))
        .send()
        .await;
    let error = assert_error(&blank, 400, "validation_failed");
    assert_eq!(error["error"]["fields"].as_array().map(Vec::len), Some(2), "{error}");

    let malformed =
        app.post("/api/export/jobs").bearer(&token).body("application/json", "{\"format\": ").send().await;
    assert_error(&malformed, 400, "bad_request");
    let not_json = app.post("/api/export/jobs").bearer(&token).body("text/plain", "pdf").send().await;
    assert_error(&not_json, 415, "unsupported_media_type");
    for body in ["[1]", "\"pages\"", "{\"pages\": "] {
        let response =
            app.post("/api/export/kdp/preview").bearer(&token).body("application/json", body).send().await;
        assert_error(&response, 400, "bad_request");
    }
    for query in ["?page=0", "?limit=101", "?limit=ten"] {
        let response = app.get(&format!("/api/export/jobs{query}")).bearer(&token).send().await;
        assert_error(&response, 400, "validation_failed");
    }
    assert_eq!(app.export.calls.count(), 0, "nothing reached the export service");

    let unknown = app
        .post("/api/export/jobs")
        .bearer(&token)
        .json(&json!({"journal_id": app.export.seed_journal(USER_ID, "T"), "format": "pptx"}))
        .send()
        .await;
    let error = assert_error(&unknown, 400, "validation_failed");
    assert_eq!(error["error"]["fields"][0]["field"], "format", "the service's field error arrives as sent");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kdp_preview_answers_the_calculation() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let response = app
        .post("/api/export/kdp/preview")
        .bearer(&token)
        .json(&json!({"trim": "6x9", "pages": 120}))
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.text());
    let result = response.json();
    assert_eq!(result["calculation"]["pages"], 120);
    assert_eq!(result["calculation"]["cover"]["spine_text"], true);
    let spine = result["calculation"]["cover"]["spine_width"].as_f64().expect("a width");
    assert!((spine - 0.27024).abs() < 1e-9);
    assert!(result.get("listing").is_none(), "no listing was asked about: {result}");
    let sent = app.export.calls.of("KdpPreview");
    assert!(sent[0].message.contains("pages: 120"), "{}", sent[0].message);

    let mistyped =
        app.post("/api/export/kdp/preview").bearer(&token).json(&json!({"pages": "many"})).send().await;
    let error = assert_error(&mistyped, 400, "validation_failed");
    assert_eq!(error["error"]["fields"][0]["field"], "pages");
    assert_eq!(app.export.calls.of("KdpPreview").len(), 1, "a wrong type is refused at the edge");

    // Pages beyond the limits are the calculator's answer, not a refusal.
    let beyond = app.post("/api/export/kdp/preview").bearer(&token).json(&json!({"pages": 900})).send().await;
    assert_eq!(beyond.status, 200, "{}", beyond.text());
    assert_eq!(beyond.json()["calculation"]["pages_ok"], false);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_callers_routes_need_a_token_and_a_service_down_is_503() {
    let app = spawn_app_with(|o| o.export_down = true).await;
    for (method, path) in [
        ("POST", "/api/export/jobs"),
        ("POST", "/api/export/create"),
        ("GET", "/api/export/jobs"),
        ("GET", "/api/export/jobs/ex_1"),
        ("POST", "/api/export/jobs/ex_1/cancel"),
        ("GET", "/api/export/jobs/ex_1/download"),
        ("POST", "/api/export/kdp/preview"),
    ] {
        let response = app.request(method, path).json(&json!({})).send().await;
        assert_error(&response, 401, "unauthenticated");
    }
    assert_error(&app.get("/api/export/formats").send().await, 503, "unavailable");
    let response = app.get("/api/export/jobs/ex_1/download").bearer(&app.keys.access_token()).send().await;
    assert_error(&response, 503, "unavailable");
    app.stop().await;
}
