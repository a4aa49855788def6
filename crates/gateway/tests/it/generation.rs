//! `/api/ai/generate-journal`, `/api/ai/progress/{job_id}` and `/api/ai/cancel/{job_id}`
//! against the fake journal service: the shapes the frontend reads, credits, owners,
//! and what is refused before the service.

use std::sync::atomic::Ordering;

use jc_domain::GenerationStatus;
use jc_proto::convert::WireEnum;
use serde_json::{Value, json};

use crate::support::fakes::{INITIAL_CREDITS, JOB_NOT_FOUND, NO_CREDITS};
use crate::support::keys::{OTHER_USER_ID, USER_ID};
use crate::support::{TestApp, assert_error, assert_fields, spawn_app};

/// A job as the frontend polls it.
pub const JOB_FIELDS: [&str; 6] =
    ["job_id", "status", "progress_percentage", "current_stage", "estimated_time_remaining", "created_at"];

pub fn generation_body() -> Value {
    json!({
        "theme": "gratitude",
        "title_style": "inspirational",
        "author_style": "warm",
        "research_depth": "deep",
        "custom_prompt": "Short entries, please.",
    })
}

/// Starts a job as `token`'s owner and returns its id.
pub async fn start_job(app: &TestApp, token: &str) -> String {
    let response = app.post("/api/ai/generate-journal").bearer(token).json(&generation_body()).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["job_id"].as_str().expect("a job id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generating_a_journal_queues_a_pending_job() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let response = app.post("/api/ai/generate-journal").bearer(&token).json(&generation_body()).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert_fields(&body, &["success", "message", "job_id", "estimated_time", "status"]);
    assert_eq!(body["success"], true);
    assert_eq!(body["status"], "pending");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(body["estimated_time"].as_u64().is_some_and(|t| t > 0), "{body}");
    let job_id = body["job_id"].as_str().expect("job id");
    assert_eq!(body["job"]["job_id"], job_id);
    assert_fields(&body["job"], &JOB_FIELDS);

    let stored = app.journal.jobs.stored(job_id).expect("the service holds the job");
    assert_eq!(stored.user_id, USER_ID);
    assert_eq!(app.journal.jobs.credits.load(Ordering::SeqCst), INITIAL_CREDITS - 1, "one credit spent");
    let sent = &app.journal.calls.of("StartGeneration")[0];
    assert_eq!(sent.authorization.as_deref(), Some(format!("Bearer {token}").as_str()));
    for part in [
        r#"theme: "gratitude""#,
        r#"title_style: "inspirational""#,
        r#"author_style: "warm""#,
        "research_depth: Deep",
        r#"custom_prompt: Some("Short entries, please.")"#,
        "days: 0",
    ] {
        assert!(sent.message.contains(part), "{part} in {}", sent.message);
    }

    let mut with_days = generation_body();
    with_days["days"] = json!(14);
    with_days["research_depth"] = json!("light");
    with_days.as_object_mut().expect("object").remove("custom_prompt");
    let response = app.post("/api/ai/generate-journal").bearer(&token).json(&with_days).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["job"]["days"], 14);
    let sent = &app.journal.calls.of("StartGeneration")[1].message;
    assert!(sent.contains("days: 14") && sent.contains("custom_prompt: None"), "{sent}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credits_generation_is_payment_required_and_nothing_is_queued() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    app.journal.jobs.credits.store(1, Ordering::SeqCst);
    start_job(&app, &token).await;
    let response = app.post("/api/ai/generate-journal").bearer(&token).json(&generation_body()).send().await;
    let error = assert_error(&response, 402, "payment_required");
    assert_eq!(error["detail"], NO_CREDITS, "the service's own message");
    assert_eq!(app.journal.jobs.count(), 1, "no second job");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_and_cancel_answer_with_the_job() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let job_id = start_job(&app, &token).await;

    let response = app.get(&format!("/api/ai/progress/{job_id}")).bearer(&token).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let job = response.json();
    assert_fields(&job, &JOB_FIELDS);
    assert_eq!(job["job_id"], job_id.as_str());
    assert_eq!(job["status"], "pending");
    assert_eq!(job["progress_percentage"], 0);
    assert!(job["current_stage"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(chrono::DateTime::parse_from_rfc3339(job["created_at"].as_str().expect("created_at")).is_ok());
    assert!(job.get("project_id").is_none() && job.get("error").is_none(), "{job}");

    let response = app.post(&format!("/api/ai/cancel/{job_id}")).bearer(&token).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let cancelled = response.json();
    assert_fields(&cancelled, &JOB_FIELDS);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["estimated_time_remaining"], 0);
    assert_eq!(app.journal.jobs.credits.load(Ordering::SeqCst), INITIAL_CREDITS, "the credit came back");

    let again = app.get(&format!("/api/ai/progress/{job_id}")).bearer(&token).send().await.json();
    assert_eq!(again["status"], "cancelled");
    let twice = app.post(&format!("/api/ai/cancel/{job_id}")).bearer(&token).send().await;
    assert_eq!((twice.status, twice.json()["status"].clone()), (200, json!("cancelled")));
    assert_eq!(app.journal.jobs.credits.load(Ordering::SeqCst), INITIAL_CREDITS, "refunded once");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_persons_job_and_malformed_ids_are_not_found() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let theirs = app.journal.jobs.seed(OTHER_USER_ID);
    let other = app.other_user_token();
    assert_eq!(app.get(&format!("/api/ai/progress/{theirs}")).bearer(&other).send().await.status, 200);

    for id in [theirs.as_str(), "not-a-job", "00000000-0000-0000-0000-000000000000", "%2E%2E"] {
        let response = app.get(&format!("/api/ai/progress/{id}")).bearer(&token).send().await;
        let error = assert_error(&response, 404, "not_found");
        assert_eq!(error["detail"], JOB_NOT_FOUND, "{id}");
        let response = app.post(&format!("/api/ai/cancel/{id}")).bearer(&token).send().await;
        assert_error(&response, 404, "not_found");
    }
    assert_eq!(
        app.journal.jobs.stored(&theirs).expect("kept").status,
        GenerationStatus::Pending.to_wire(),
        "not cancelled"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_generation_bodies_are_refused_before_the_service() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let with = |field: &str, value: Value| {
        let mut body = generation_body();
        body[field] = value;
        body
    };
    let mut missing = generation_body();
    missing.as_object_mut().expect("object").remove("author_style");
    for (body, field) in [
        (with("theme", json!(5)), "theme"),
        (with("title_style", json!(["a"])), "title_style"),
        (with("research_depth", json!("extreme")), "research_depth"),
        (with("research_depth", json!("Deep")), "research_depth"),
        (with("custom_prompt", json!({"a": 1})), "custom_prompt"),
        (with("days", json!(0)), "days"),
        (with("days", json!(367)), "days"),
        (with("days", json!(-3)), "days"),
        (with("days", json!("ten")), "days"),
        (missing, "author_style"),
    ] {
        let response = app.post("/api/ai/generate-journal").bearer(&token).json(&body).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], field, "{body}");
    }
    let malformed = app
        .post("/api/ai/generate-journal")
        .bearer(&token)
        .body("application/json", r#"{"theme": "gratitude","#)
        .send()
        .await;
    assert_error(&malformed, 400, "bad_request");
    let untyped = app.post("/api/ai/generate-journal").bearer(&token).raw_body("{}").send().await;
    assert_error(&untyped, 415, "unsupported_media_type");
    let anonymous = app.post("/api/ai/generate-journal").json(&generation_body()).send().await;
    assert_error(&anonymous, 401, "unauthenticated");
    assert_eq!(app.journal.calls.count(), 0, "nothing reached the journal service");

    // What only the service knows (the catalogue) comes back from it, field by field.
    let response = app
        .post("/api/ai/generate-journal")
        .bearer(&token)
        .json(&with("theme", json!("astrology")))
        .send()
        .await;
    let error = assert_error(&response, 400, "validation_failed");
    assert_eq!(error["error"]["fields"][0]["field"], "theme");
    assert_eq!(app.journal.jobs.credits.load(Ordering::SeqCst), INITIAL_CREDITS);
    app.stop().await;
}
