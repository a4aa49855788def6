//! `/api/settings/api-key` and `/api/settings/test-api-key`: stored and shown masked,
//! never echoed in a response or a log line; bad bodies refused before the service.

use serde_json::{Value, json};

use crate::support::fakes::{KEY_ACCEPTED, KEY_REFUSED, REVOKED_KEY, mask};
use crate::support::keys::{OTHER_USER_ID, USER_ID};
use crate::support::{assert_error, assert_fields, error_fields, logs, spawn_app};

const KEY: &str = "sk-proj-Zq8vN3kR7tY2wX5mP1aB";

fn key_body(key: &str) -> Value {
    json!({"apiKey": key, "provider": "openai"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_is_stored_shown_masked_and_removed() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let empty = app.get("/api/settings/api-key").bearer(&token).send().await;
    assert_eq!(empty.status, 200, "{}", empty.text());
    let empty = empty.json();
    assert_fields(&empty, &["stored", "provider", "masked_key"]);
    assert_eq!((empty["stored"].clone(), empty["masked_key"].clone()), (json!(false), Value::Null));

    let response =
        app.post("/api/settings/api-key").bearer(&token).json(&key_body(&format!(" {KEY} "))).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(!response.text().contains(KEY), "the key is never answered");
    let stored = response.json();
    assert_fields(&stored, &["success", "message", "provider", "masked_key", "stored"]);
    assert_eq!(stored["success"], true);
    assert_eq!(stored["stored"], true);
    assert_eq!(stored["provider"], "openai");
    assert_eq!(stored["masked_key"], mask(KEY));
    assert_eq!(app.journal.provider_keys.stored(USER_ID).as_deref(), Some(KEY), "sent trimmed");
    let sent = &app.journal.calls.of("SetProviderKey")[0];
    assert_eq!(sent.authorization.as_deref(), Some(format!("Bearer {token}").as_str()));

    let shown = app.get("/api/settings/api-key").bearer(&token).send().await;
    assert!(!shown.text().contains(KEY));
    let shown = shown.json();
    assert_eq!((shown["stored"].clone(), shown["masked_key"].clone()), (json!(true), json!(mask(KEY))));
    let theirs = app.get("/api/settings/api-key").bearer(&app.other_user_token()).send().await.json();
    assert_eq!(theirs["stored"], false, "keys are per person");
    assert!(app.journal.provider_keys.stored(OTHER_USER_ID).is_none());

    let removed = app.delete("/api/settings/api-key").bearer(&token).send().await;
    assert_eq!(removed.status, 200, "{}", removed.text());
    let removed = removed.json();
    assert_eq!((removed["success"].clone(), removed["stored"].clone()), (json!(true), json!(false)));
    assert_eq!(removed["masked_key"], Value::Null);
    assert!(app.journal.provider_keys.stored(USER_ID).is_none());
    let after = app.get("/api/settings/api-key").bearer(&token).send().await.json();
    assert_eq!(after["stored"], false);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn testing_a_key_answers_valid_and_a_message() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    for (key, valid, message) in [(KEY, true, KEY_ACCEPTED), (REVOKED_KEY, false, KEY_REFUSED)] {
        let response =
            app.post("/api/settings/test-api-key").bearer(&token).json(&key_body(key)).send().await;
        assert_eq!(response.status, 200, "{}", response.text());
        assert!(!response.text().contains(key));
        assert_eq!(response.json(), json!({"valid": valid, "message": message}));
    }
    assert!(app.journal.provider_keys.stored(USER_ID).is_none(), "testing stores nothing");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_key_bodies_are_refused_without_echoing_the_key() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    for path in ["/api/settings/api-key", "/api/settings/test-api-key"] {
        for (body, fields) in [
            (json!({"apiKey": 5, "provider": "openai"}), vec!["apiKey"]),
            (json!({"api_key": KEY, "provider": "openai"}), vec!["apiKey"]),
            (json!({"apiKey": KEY}), vec!["provider"]),
            (json!({"apiKey": KEY, "provider": ["openai"]}), vec!["provider"]),
            (json!({"apiKey": "sk-with a space-123456", "provider": "openai"}), vec!["apiKey"]),
            (json!({"apiKey": "", "provider": ""}), vec!["apiKey", "provider"]),
        ] {
            let response = app.post(path).bearer(&token).json(&body).send().await;
            let error = assert_error(&response, 400, "validation_failed");
            assert_eq!(error_fields(&error), fields, "{path} {body}");
            assert!(!response.text().contains("sk-"), "{}", response.text());
        }
        let malformed = app
            .post(path)
            .bearer(&token)
            .body("application/json", format!(r#"{{"apiKey": "{KEY}""#))
            .send()
            .await;
        assert_error(&malformed, 400, "bad_request");
        assert!(!malformed.text().contains(KEY));
        assert_error(&app.post(path).json(&key_body(KEY)).send().await, 401, "unauthenticated");
    }
    assert_eq!(app.journal.calls.count(), 0, "nothing reached the journal service");

    // A provider the service does not know is its field error.
    let response = app
        .post("/api/settings/api-key")
        .bearer(&token)
        .json(&json!({"apiKey": KEY, "provider": "acme"}))
        .send()
        .await;
    let error = assert_error(&response, 400, "validation_failed");
    assert_eq!(error["error"]["fields"][0]["field"], "provider");
    assert!(!response.text().contains(KEY));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_and_socket_tokens_never_reach_the_log() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let key = format!("sk-never-logged-{}", uuid::Uuid::new_v4().simple());
    let mut request_ids = Vec::new();
    for (path, body) in [
        ("/api/settings/api-key", key_body(&key)),
        ("/api/settings/test-api-key", key_body(&key)),
        ("/api/settings/api-key", json!({"apiKey": format!("{key} x"), "provider": "openai"})),
        ("/api/settings/api-key", json!({"apiKey": key, "provider": "acme"})),
    ] {
        let response = app.post(path).bearer(&token).json(&body).send().await;
        request_ids.push(response.header("x-request-id").expect("a request id").to_owned());
    }
    let job_id = crate::generation::start_job(&app, &token).await;
    let mut socket = app.websocket(&format!("/ws/job/{job_id}?token={token}")).await.open();
    assert!(socket.event().await["type"].is_string());
    app.stop().await;

    let log = logs::captured();
    for id in &request_ids {
        assert!(log.contains(id.as_str()), "the request {id} was logged, so the capture works");
    }
    assert!(!log.contains(&key), "the key is in the log");
    assert!(!log.contains(&token), "the access token is in the log");
}
