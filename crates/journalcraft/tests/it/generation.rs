//! Journals written by generation jobs, through the gateway: asked for, watched over
//! the WebSocket, found in the library, read, edited and written in — with credits
//! spent once and given back when a job does not finish, and nobody else's to touch.

use serde_json::{Value, json};

use jc_testkit::eventually;

use crate::support::{Options, Platform, error_code, text};

fn wish(days: u32) -> Value {
    json!({"theme": "gratitude", "title_style": "poetic", "author_style": "The Warm Friend",
           "research_depth": "medium", "days": days})
}

async fn credits(platform: &Platform, token: &str) -> i64 {
    let (status, me) = platform.get("/api/auth/me", Some(token)).await;
    assert_eq!(status, 200, "{me}");
    me["ai_credits"].as_i64().expect("credits")
}

/// Every message of the job's WebSocket until the server closes it.
async fn watch(platform: &Platform, token: &str, job_id: &str) -> Vec<Value> {
    let path = format!("/ws/job/{job_id}?token={token}");
    let mut socket = jc_testkit::ws::connect(platform.address(), &path, &[]).await.open();
    socket.events_until_closed().await
}

/// Polls the progress route until the job finishes.
async fn finished(platform: &Platform, token: &str, job_id: &str) -> Value {
    let path = format!("/api/ai/progress/{job_id}");
    eventually(format!("job {job_id} to finish"), || async {
        let (status, job) = platform.get(&path, Some(token)).await;
        assert_eq!(status, 200, "{job}");
        let done = ["completed", "failed", "cancelled"].contains(&job["status"].as_str().unwrap_or_default());
        if done { Ok(job) } else { Err(job) }
    })
    .await
}

async fn a_journal_is_generated_watched_and_made_ones_own(platform: Platform) {
    let token = platform.signed_in("Generated Writer", "personal_journaler").await;
    let (status, started) =
        platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish(14))).await;
    assert_eq!(status, 200, "{started}");
    assert_eq!((started["success"].as_bool(), started["status"].as_str()), (Some(true), Some("pending")));
    assert!(started["estimated_time"].as_u64().is_some(), "{started}");
    let job_id = text(&started, "job_id");

    let events = watch(&platform, &token, &job_id).await;
    let last = events.last().expect("at least the final message");
    assert_eq!(last["type"], "completed", "{events:#?}");
    let project_id = text(last, "project_id");
    for event in &events[..events.len() - 1] {
        assert_eq!(event["type"], "progress", "{event}");
        assert!(
            event["progress"].as_u64().is_some_and(|p| p <= 100) && event["stage"].is_string(),
            "{event}"
        );
    }
    let (_, progress) = platform.get(&format!("/api/ai/progress/{job_id}"), Some(&token)).await;
    assert_eq!(
        (progress["status"].as_str(), progress["progress_percentage"].as_u64()),
        (Some("completed"), Some(100))
    );
    assert_eq!(progress["project_id"], project_id.as_str());
    assert_eq!(credits(&platform, &token).await, 9, "one credit spent");

    let (_, library) = platform.get("/api/library/projects", Some(&token)).await;
    assert_eq!(library["count"], 1, "{library}");
    assert_eq!(library["projects"][0]["id"], project_id.as_str());
    assert_eq!(library["projects"][0]["theme"], "gratitude");
    let (status, journal) = platform.get(&format!("/api/journals/{project_id}"), Some(&token)).await;
    assert_eq!(status, 200, "{journal}");
    assert_eq!(journal["status"], "completed");
    let days = journal["days"].as_array().expect("days");
    assert_eq!(days.len(), 14);
    for n in 1..=14 {
        let (status, day) = platform.get(&format!("/api/journals/{project_id}/days/{n}"), Some(&token)).await;
        assert_eq!(status, 200, "day {n}: {day}");
        assert!(!text(&day, "prompt").is_empty(), "day {n} has a prompt: {day}");
    }
    assert!(!text(&journal["introduction"], "writeup").is_empty());

    let (status, changed) = platform
        .send(
            "PATCH",
            &format!("/api/journals/{project_id}"),
            Some(&token),
            Some(json!({"title": "Mine Now"})),
        )
        .await;
    assert_eq!((status, changed["title"].as_str()), (200, Some("Mine Now")), "{changed}");
    let entry = json!({"entry": "Today I noticed the light on the stairs."});
    let day = format!("/api/journals/{project_id}/days/2");
    let (status, page) = platform.send("PUT", &day, Some(&token), Some(entry)).await;
    assert_eq!(status, 200, "{page}");
    let (status, copy) = platform
        .send("POST", &format!("/api/library/projects/{project_id}/duplicate"), Some(&token), None)
        .await;
    assert_eq!(status, 201, "{copy}");
    let (status, _) =
        platform.send("DELETE", &format!("/api/library/projects/{project_id}"), Some(&token), None).await;
    assert_eq!(status, 200);
    let (_, library) = platform.get("/api/library/projects", Some(&token)).await;
    assert_eq!(library["count"], 1, "the copy stays: {library}");
    let (_, job) = platform.get(&format!("/api/ai/progress/{job_id}"), Some(&token)).await;
    assert_eq!(job["status"], "completed", "the job keeps its history when its journal is deleted");
}
jc_testkit::on_every_backend!(Platform, workers: 4 => a_journal_is_generated_watched_and_made_ones_own);

async fn the_eleventh_journal_needs_a_credit_and_unfinished_jobs_refund(platform: Platform) {
    let token = platform.signed_in("Credit Counter", "personal_journaler").await;
    let mut jobs = Vec::new();
    for _ in 0..10 {
        let (status, started) =
            platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish(2))).await;
        assert_eq!(status, 200, "{started}");
        jobs.push(text(&started, "job_id"));
    }
    let (status, refused) =
        platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish(2))).await;
    assert_eq!(error_code(status, &refused), "payment_required", "{refused}");
    assert_eq!(status, 402);
    assert_eq!(credits(&platform, &token).await, 0);

    // With stages of 300 ms and two workers, the last job is still waiting: cancelling it
    // gives its credit back.
    let (status, cancelled) =
        platform.send("POST", &format!("/api/ai/cancel/{}", jobs[9]), Some(&token), None).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    for job in &jobs {
        finished(&platform, &token, job).await;
    }
    eventually("the cancelled job's credit to come back", || async {
        let left = credits(&platform, &token).await;
        if left == 1 { Ok(()) } else { Err(format!("{left} credits")) }
    })
    .await;
    let (_, library) = platform.get("/api/library/projects?limit=100", Some(&token)).await;
    assert_eq!(library["count"], 9, "no journal for the cancelled job: {library}");
    let (status, again) =
        platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(wish(1))).await;
    assert_eq!(status, 200, "the refunded credit buys a journal: {again}");
}
jc_testkit::on_every_backend!(
    Platform,
    options: Options { pace_ms: 300, ..Options::default() },
    workers: 4 =>
    the_eleventh_journal_needs_a_credit_and_unfinished_jobs_refund,
);

async fn another_persons_job_is_not_found_on_every_route(platform: Platform) {
    let owner = platform.signed_in("Job Owner", "personal_journaler").await;
    let other = platform.signed_in("Job Snoop", "content_creator").await;
    let (_, started) = platform.send("POST", "/api/ai/generate-journal", Some(&owner), Some(wish(3))).await;
    let job_id = text(&started, "job_id");
    for id in [job_id.as_str(), "not-a-job-id", "00000000-0000-0000-0000-000000000000"] {
        let (status, body) = platform.get(&format!("/api/ai/progress/{id}"), Some(&other)).await;
        assert_eq!(error_code(status, &body), "not_found", "progress {id}: {body}");
        let (status, body) = platform.send("POST", &format!("/api/ai/cancel/{id}"), Some(&other), None).await;
        assert_eq!(error_code(status, &body), "not_found", "cancel {id}: {body}");
        let path = format!("/ws/job/{id}?token={other}");
        let refused = jc_testkit::ws::connect(platform.address(), &path, &[]).await.refused();
        assert_eq!(refused.status, 404, "watch {id}: {}", refused.text());
    }
    let refused = jc_testkit::ws::connect(
        platform.address(),
        &format!("/ws/job/{job_id}?token=forged.token.value"),
        &[],
    )
    .await
    .refused();
    assert_eq!(refused.status, 401, "{}", refused.text());
    let done = finished(&platform, &owner, &job_id).await;
    assert_eq!(done["status"], "completed", "the other person's attempts changed nothing: {done}");
    let (_, theirs) = platform.get("/api/library/projects", Some(&other)).await;
    assert_eq!(theirs["count"], 0);
}
jc_testkit::on_every_backend!(Platform, workers: 4 => another_persons_job_is_not_found_on_every_route);

async fn bad_generation_requests_are_refused_and_charge_nothing(platform: Platform) {
    let token = platform.signed_in("Careless Asker", "personal_journaler").await;
    let mut cases = vec![
        json!({"theme": "astrology", "title_style": "poetic", "author_style": "x", "research_depth": "basic"}),
        json!({"theme": "gratitude", "title_style": "shouting", "author_style": "x", "research_depth": "basic"}),
        json!({"theme": "gratitude", "title_style": "poetic", "author_style": "x", "research_depth": "abyssal"}),
        json!({"theme": "gratitude", "title_style": "poetic", "author_style": "x", "research_depth": "basic", "days": 367}),
        json!({"theme": "gratitude", "title_style": "poetic", "author_style": "x", "research_depth": "basic", "days": "ten"}),
        json!({"theme": "gratitude", "title_style": "poetic", "author_style": "x".repeat(5000), "research_depth": "basic"}),
    ];
    cases.push(
        json!({"theme": "gratitude", "title_style": "poetic", "author_style": "x", "research_depth": "basic",
                      "custom_prompt": "y".repeat(20_000)}),
    );
    for body in cases {
        let (status, answer) =
            platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(body.clone())).await;
        assert_eq!(status, 400, "{body} → {answer}");
    }
    let (status, _) = platform.send("POST", "/api/ai/generate-journal", None, Some(wish(3))).await;
    assert_eq!(status, 401);
    assert_eq!(credits(&platform, &token).await, 10, "nothing was charged");

    let markup = json!({"theme": "gratitude", "title_style": "poetic", "research_depth": "light", "days": 1,
                        "author_style": "<img src=x onerror=alert(1)>", "custom_prompt": "<script>alert(1)</script>"});
    let (status, started) =
        platform.send("POST", "/api/ai/generate-journal", Some(&token), Some(markup)).await;
    assert_eq!(status, 200, "{started}");
    let done = finished(&platform, &token, &text(&started, "job_id")).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["author_style"], "<img src=x onerror=alert(1)>", "stored as text");
}
jc_testkit::on_every_backend!(Platform, workers: 4 => bad_generation_requests_are_refused_and_charge_nothing);
