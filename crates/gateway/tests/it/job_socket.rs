//! `GET /ws/job/{job_id}`: the token checked before the upgrade, another person's job
//! refused before the upgrade, the relay of a job's updates to its end, pings, the
//! client's close, silent clients, and the gateway's shutdown.

use std::sync::atomic::Ordering;
use std::time::Duration;

use actix_http::ws::{CloseCode, CloseReason, Frame, Message};
use jc_domain::GenerationStatus;
use jc_platform::identity::deny_list_key;
use jc_proto::convert::WireEnum;
use serde_json::json;

use crate::generation::start_job;
use crate::support::fakes::{INITIAL_CREDITS, JOB_NOT_FOUND};
use crate::support::keys::{self, OTHER_USER_ID, TestKeys, claims_with, now};
use crate::support::{TestApp, assert_error, spawn_app, spawn_app_with};
use jc_testkit::ws::{self, Socket};

fn socket_path(job_id: &str, token: &str) -> String {
    format!("/ws/job/{job_id}?token={token}")
}

fn close_code(reason: &Option<CloseReason>) -> Option<CloseCode> {
    reason.as_ref().map(|r| r.code)
}

/// Keeps watched jobs from moving on by themselves during a test.
fn hold_jobs(app: &TestApp) {
    app.journal.jobs.step_ms.store(60_000, Ordering::SeqCst);
}

async fn open(app: &TestApp, job_id: &str, token: &str) -> Socket {
    app.websocket(&socket_path(job_id, token)).await.open()
}

/// A job of the signed-in user that stays where it is, and its token.
async fn held_job(app: &TestApp) -> (String, String) {
    hold_jobs(app);
    let token = app.keys.access_token();
    let job_id = start_job(app, &token).await;
    (token, job_id)
}

/// A held job with a socket open on it whose first update has been read.
async fn watched_job(app: &TestApp) -> (String, Socket) {
    let (token, job_id) = held_job(app).await;
    let mut socket = open(app, &job_id, &token).await;
    assert_eq!(socket.event().await["type"], "progress");
    (job_id, socket)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_socket_relays_progress_then_completed_and_closes() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let job_id = start_job(&app, &token).await;
    let mut socket = open(&app, &job_id, &token).await;

    let first = socket.event().await;
    assert_eq!(first["type"], "progress");
    assert_eq!(first["job_id"], job_id.as_str());
    assert_eq!((first["progress"].clone(), first["status"].clone()), (json!(0), json!("pending")));
    assert!(first["stage"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(chrono::DateTime::parse_from_rfc3339(first["timestamp"].as_str().expect("timestamp")).is_ok());

    let mut last_progress = 0;
    let completed = loop {
        let event = socket.event().await;
        if event["type"] != "progress" {
            break event;
        }
        let progress = event["progress"].as_u64().expect("progress");
        assert!(progress > last_progress, "progress only grows: {event}");
        last_progress = progress;
    };
    assert!(last_progress >= 20, "at least one stage was relayed");
    assert_eq!(completed["type"], "completed", "{completed}");
    assert_eq!(completed["job_id"], job_id.as_str());
    let project_id = completed["project_id"].as_str().expect("a project id").to_owned();
    assert_eq!(close_code(&socket.closed().await), Some(CloseCode::Normal));

    let watched = &app.journal.calls.of("WatchJob")[0];
    assert_eq!(watched.authorization.as_deref(), Some(format!("Bearer {token}").as_str()));
    let job = app.get(&format!("/api/ai/progress/{job_id}")).bearer(&token).send().await.json();
    assert_eq!((job["status"].clone(), job["progress_percentage"].clone()), (json!("completed"), json!(100)));
    assert_eq!(
        (job["project_id"].as_str(), job["journal_id"].as_str()),
        (Some(&*project_id), Some(&*project_id))
    );
    let project = app.get(&format!("/api/library/projects/{project_id}")).bearer(&token).send().await;
    assert_eq!(project.status, 200, "the journal written is in the library: {}", project.text());

    // A finished job's socket says how it ended and closes at once.
    let mut again = open(&app, &job_id, &token).await;
    assert_eq!(again.event().await["type"], "completed");
    assert_eq!(close_code(&again.closed().await), Some(CloseCode::Normal));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_job_sends_the_failed_message_with_its_reason() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    *app.journal.jobs.failure.lock().expect("failure lock") =
        Some("The provider answered nonsense three times.".into());
    let job_id = start_job(&app, &token).await;
    let mut socket = open(&app, &job_id, &token).await;
    let failed = loop {
        let event = socket.event().await;
        if event["type"] != "progress" {
            break event;
        }
    };
    assert_eq!(
        failed,
        json!({
            "type": "failed", "job_id": job_id, "error": "The provider answered nonsense three times.",
            "timestamp": failed["timestamp"],
        })
    );
    assert_eq!(close_code(&socket.closed().await), Some(CloseCode::Normal));
    let job = app.get(&format!("/api/ai/progress/{job_id}")).bearer(&token).send().await.json();
    assert_eq!((job["status"].clone(), job["error"].clone()), (json!("failed"), failed["error"].clone()));
    assert!(job.get("project_id").is_none());
    assert_eq!(app.journal.jobs.credits.load(Ordering::SeqCst), INITIAL_CREDITS, "refunded");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_watched_job_sends_cancelled_and_closes() {
    let app = spawn_app().await;
    let (token, job_id) = held_job(&app).await;
    let mut socket = open(&app, &job_id, &token).await;
    assert_eq!(socket.event().await["status"], "pending");
    let response = app.post(&format!("/api/ai/cancel/{job_id}")).bearer(&token).send().await;
    assert_eq!(response.status, 200);
    let cancelled = socket.event().await;
    assert_eq!((cancelled["type"].clone(), cancelled["job_id"].clone()), (json!("cancelled"), json!(job_id)));
    assert_eq!(close_code(&socket.closed().await), Some(CloseCode::Normal));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_checked_before_the_upgrade() {
    let app = spawn_app().await;
    let (token, job_id) = held_job(&app).await;
    let revoked_claims = claims_with(json!({}));
    let revoked = app.keys.sign(&revoked_claims);
    let jti = revoked_claims["jti"].as_str().expect("jti");
    app.cache.set(&deny_list_key(jti), "1", Duration::from_secs(60)).await.expect("deny the token");
    let forged = TestKeys::generate("other").sign_as(&app.keys.kid, &keys::claims());
    let expired =
        app.keys.sign(&claims_with(json!({"exp": now() - 120, "iat": now() - 1000, "nbf": now() - 1000})));

    for (what, path) in [
        ("no token", format!("/ws/job/{job_id}")),
        ("an empty token", format!("/ws/job/{job_id}?token=")),
        ("a forged token", socket_path(&job_id, &forged)),
        ("an expired token", socket_path(&job_id, &expired)),
        ("a revoked token", socket_path(&job_id, &revoked)),
        ("garbage", socket_path(&job_id, "a.b.c")),
    ] {
        let response = app.websocket(&path).await.refused();
        assert_eq!(response.status, 401, "{what}: {}", response.text());
        assert_error(&response, 401, "unauthenticated");
    }
    assert!(app.journal.calls.of("WatchJob").is_empty(), "no refused socket reached the service");

    // The bearer header works for clients that can send one; a plain GET is no handshake.
    let header = format!("Bearer {token}");
    let mut socket =
        ws::connect(app.address, &format!("/ws/job/{job_id}"), &[("authorization", &header)]).await.open();
    assert_eq!(socket.event().await["type"], "progress");
    drop(socket);
    let plain = app.get(&socket_path(&job_id, &token)).send().await;
    assert_error(&plain, 400, "bad_request");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_persons_job_and_malformed_ids_are_not_found_before_the_upgrade() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let theirs = app.journal.jobs.seed(OTHER_USER_ID);
    for id in [theirs.as_str(), "not-a-job", "00000000-0000-0000-0000-000000000000"] {
        let response = app.websocket(&socket_path(id, &token)).await.refused();
        let error = assert_error(&response, 404, "not_found");
        assert_eq!(error["detail"], JOB_NOT_FOUND);
    }
    assert_eq!(
        app.journal.jobs.stored(&theirs).expect("kept").status,
        GenerationStatus::Pending.to_wire(),
        "never started by a watcher"
    );
    let mut owner = open(&app, &theirs, &app.other_user_token()).await;
    assert_eq!(owner.event().await["job_id"], theirs.as_str());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pings_are_answered_and_the_clients_close_is_echoed() {
    let app = spawn_app().await;
    let (_, mut socket) = watched_job(&app).await;

    socket.send(Message::Ping("are you there".into())).await;
    match socket.frame().await {
        Some(Frame::Pong(bytes)) => assert_eq!(&bytes[..], b"are you there"),
        other => panic!("expected a pong, got {other:?}"),
    }
    let goodbye = CloseReason { code: CloseCode::Normal, description: Some("done watching".into()) };
    socket.send(Message::Close(Some(goodbye))).await;
    let echoed = socket.closed().await;
    assert_eq!(close_code(&echoed), Some(CloseCode::Normal));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_leaves_ends_the_watch_on_the_service() {
    let app = spawn_app().await;
    let (job_id, socket) = watched_job(&app).await;
    assert_eq!(app.journal.jobs.watchers(&job_id), 1);
    drop(socket);
    jc_testkit::eventually("the WatchJob stream to close", || async {
        app.journal.jobs.watchers(&job_id) == 0
    })
    .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_clients_are_pinged_then_closed() {
    let app = spawn_app_with(|o| o.settings.websocket_ping_interval_ms = 40).await;
    let (_, mut socket) = watched_job(&app).await;
    let mut pings = 0;
    let reason = loop {
        match socket.frame().await {
            Some(Frame::Ping(_)) => pings += 1,
            Some(Frame::Close(reason)) => break reason,
            other => panic!("expected pings then a close, got {other:?}"),
        }
    };
    assert!(pings >= 2, "pinged {pings} times before giving up");
    assert_eq!(close_code(&reason), Some(CloseCode::Policy));
    socket.answer_close(reason).await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_open_sockets_as_going_away() {
    let app = spawn_app().await;
    let (_, mut socket) = watched_job(&app).await;
    app.shutdown.cancel();
    assert_eq!(close_code(&socket.closed().await), Some(CloseCode::Away));
    let finished = tokio::time::timeout(Duration::from_secs(10), app.server).await;
    assert!(matches!(finished, Ok(Ok(Ok(())))), "serve returned cleanly: {finished:?}");
}
