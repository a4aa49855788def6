//! Generation jobs survive what production does to them, on PostgreSQL and RabbitMQ
//! with the journal service as its own process: the process killed in the middle of a
//! job, and RabbitMQ restarted while jobs wait in its queue.

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

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
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut last = None;
    while std::time::Instant::now() < deadline {
        last = progress(platform, token, job_id).await;
        if let Some(job) = &last
            && wanted.contains(&job["status"].as_str().unwrap_or_default())
        {
            return job.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job_id} did not reach {wanted:?} within 60 s; last seen {last:?}");
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
    let options = Options { pace_ms: 250, alone: true };
    let Some(platform) = Platform::processes_with(options).await else { return };
    if !rabbitmqctl(&["status"]) {
        assert!(
            std::env::var_os("JC_TEST_REQUIRE_SERVICES").is_none(),
            "rabbitmqctl is needed to restart RabbitMQ (JC_TEST_REQUIRE_SERVICES is set)"
        );
        eprintln!("skipping: rabbitmqctl cannot control the local RabbitMQ");
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
