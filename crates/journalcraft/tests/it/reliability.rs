//! Generation jobs survive what production does to them, on PostgreSQL and RabbitMQ
//! with the journal service as its own process: the process killed in the middle of a
//! job, and RabbitMQ restarted while jobs wait in its queue; and the export service
//! killed while it renders.

use std::process::Command;

use serde_json::{Value, json};

use jc_testkit::eventually;

use crate::support::{Options, Platform, text};

fn wish(days: u32) -> Value {
    json!({"theme": "productivity", "title_style": "practical", "author_style": "The Steady Coach",
           "research_depth": "basic", "days": days})
}

/// The job as the progress route shows it; `None` while the route is unavailable
/// (the journal service is down).
async fn progress(platform: &Platform, token: &str, job_id: &str) -> Option<Value> {
    let (status, job) = platform.get(&format!("/api/ai/progress/{job_id}"), Some(token)).await;
    match status {
        200 => Some(job),
        503 => None,
        other => panic!("progress answered {other}: {job}"),
    }
}

async fn wait_for_status(platform: &Platform, token: &str, job_id: &str, wanted: &[&str]) -> Value {
    eventually(format!("job {job_id} to reach {wanted:?}"), || async {
        match progress(platform, token, job_id).await {
            Some(job) if wanted.contains(&job["status"].as_str().unwrap_or_default()) => Ok(job),
            last => Err(last),
        }
    })
    .await
}

async fn library_count(platform: &Platform, token: &str) -> u64 {
    let (status, library) = platform.get("/api/library/projects?limit=100", Some(token)).await;
    assert_eq!(status, 200, "{library}");
    library["count"].as_u64().expect("a count")
}

async fn credits(platform: &Platform, token: &str) -> i64 {
    let (_, me) = platform.get("/api/auth/me", Some(token)).await;
    me["ai_credits"].as_i64().expect("credits")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_job_whose_worker_is_killed_midway_completes_once() {
    let Some(platform) = Platform::processes_with(Options { pace_ms: 400, ..Options::default() }).await
    else {
        return;
    };
    let token = platform.signed_in("Crash Survivor", "personal_journaler").await;
    let (status, started) =
        platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish(5))).await;
    assert_eq!(status, 200, "{started}");
    let job_id = text(&started, "job_id");
    let midway = wait_for_status(&platform, &token, &job_id, &["discovery", "curation"]).await;
    assert!(midway["progress_percentage"].as_u64().is_some_and(|p| p > 0 && p < 100), "{midway}");

    platform.kill_journal();
    platform.start_journal();
    let done = wait_for_status(&platform, &token, &job_id, &["completed", "failed", "cancelled"]).await;
    assert_eq!(done["status"], "completed", "the job was delivered again and finished: {done}");
    assert_eq!(library_count(&platform, &token).await, 1, "exactly one journal");
    assert_eq!(credits(&platform, &token).await, 9, "charged once");
}

/// Runs `rabbitmqctl` with `args`; false when it cannot (not installed, no rights).
fn rabbitmqctl(args: &[&str]) -> bool {
    Command::new("rabbitmqctl").args(args).output().is_ok_and(|output| output.status.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn jobs_queued_while_rabbitmq_restarts_are_all_written() {
    let options = Options { pace_ms: 250, alone: true, ..Options::default() };
    let Some(platform) = Platform::processes_with(options).await else { return };
    if !rabbitmqctl(&["status"]) {
        assert!(
            !jc_testkit::services_required(),
            "rabbitmqctl is needed to restart RabbitMQ (JC_TEST_REQUIRE_SERVICES=1)"
        );
        jc_testkit::report_skip("rabbitmqctl cannot control the local RabbitMQ");
        return;
    }
    let token = platform.signed_in("Queue Watcher", "content_creator").await;
    let mut jobs = Vec::new();
    for _ in 0..8 {
        let (status, started) =
            platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish(2))).await;
        assert_eq!(status, 200, "{started}");
        jobs.push(text(&started, "job_id"));
    }
    // Two run (journal.workers = 2, a second per job); the rest wait in the queue.
    assert!(rabbitmqctl(&["stop_app"]), "RabbitMQ stops");
    let restarted = rabbitmqctl(&["start_app"]);
    assert!(restarted, "RabbitMQ starts again");

    for job in &jobs {
        let done = wait_for_status(&platform, &token, job, &["completed", "failed", "cancelled"]).await;
        assert_eq!(done["status"], "completed", "{done}");
    }
    assert_eq!(library_count(&platform, &token).await, 8, "one journal per job, none lost");
    assert_eq!(credits(&platform, &token).await, 42, "each job charged once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_export_whose_worker_is_killed_midway_completes_once_with_one_file() {
    let Some(platform) = Platform::processes_with(Options::default()).await else { return };
    let token = platform.signed_in("Print Survivor", "personal_journaler").await;
    let (_, started) = platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish(365))).await;
    let generated =
        wait_for_status(&platform, &token, &text(&started, "job_id"), &["completed", "failed", "cancelled"])
            .await;
    assert_eq!(generated["status"], "completed", "{generated}");
    let journal = text(&generated, "project_id");

    // A 365-day print-ready PDF takes long enough to be caught rendering.
    let request = json!({"journal_id": journal, "format": "pdf"});
    let (status, job) = platform.send("POST", "/api/export/jobs", Some(&token), Some(request)).await;
    assert_eq!(status, 201, "{job}");
    let path = format!("/api/export/jobs/{}", text(&job, "id"));
    eventually("the export to start rendering", || async {
        let (status, job) = platform.get(&path, Some(&token)).await;
        assert_eq!(status, 200, "{job}");
        if job["status"] == "rendering" {
            return Ok(());
        }
        assert_eq!(job["status"], "queued", "killed before it finished: {job}");
        Err(job)
    })
    .await;
    platform.kill_export();
    platform.start_export();

    let done = eventually("the export to finish after its worker was restarted", || async {
        let (status, job) = platform.get(&path, Some(&token)).await;
        let finished =
            ["completed", "failed", "cancelled"].contains(&job["status"].as_str().unwrap_or_default());
        if status == 200 && finished { Ok(job) } else { Err((status, job)) }
    })
    .await;
    assert_eq!(done["status"], "completed", "delivered again and finished: {done}");
    assert!(done["attempts"].as_u64().is_some_and(|a| a >= 1), "{done}");
    let files = platform.export_files();
    assert_eq!(files.iter().filter(|f| !f.ends_with(".tmp")).count(), 1, "one artifact: {files:?}");
    let url = platform.url(&format!("{path}/download"));
    let response = platform.http.get(url).bearer_auth(&token).send().await.expect("download");
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.expect("bytes").starts_with(b"%PDF-"));
}
