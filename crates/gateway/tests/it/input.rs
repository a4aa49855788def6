//! Bad input is refused at the edge with the error body, never a 500, and nothing is
//! sent to a service.

use serde_json::{Value, json};

use crate::support::{assert_error, error_fields, registration, spawn_app, spawn_app_with};

fn registration_with(changes: Value) -> Value {
    let mut body = registration();
    if let (Some(map), Some(changes)) = (body.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            if value.is_null() {
                map.remove(key);
            } else {
                map.insert(key.clone(), value.clone());
            }
        }
    }
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_are_refused_before_the_auth_service() {
    let app = spawn_app_with(|o| o.settings.json_limit_bytes = 1024).await;
    let register = || app.post("/api/auth/register");

    let response = register().body("application/json", r#"{"email": "a@example.com", "#).send().await;
    assert_error(&response, 400, "bad_request");
    let response = register().body("application/json", "[1, 2, 3]").send().await;
    assert_error(&response, 400, "bad_request");
    let response = register().body("application/json", "").send().await;
    assert_error(&response, 400, "bad_request");

    let big = registration_with(json!({"password": "p".repeat(4096)}));
    let response = register().json(&big).send().await;
    assert_error(&response, 413, "payload_too_large");
    let response = register().body("application/json", big.to_string()).chunked().send().await;
    assert_error(&response, 413, "payload_too_large");

    let response = register().body("text/plain", registration().to_string()).send().await;
    assert_error(&response, 415, "unsupported_media_type");
    let response = register().raw_body(registration().to_string()).send().await;
    assert_error(&response, 415, "unsupported_media_type");
    let response = register().body("application/x-www-form-urlencoded", "email=a").send().await;
    assert_error(&response, 415, "unsupported_media_type");

    // A charset parameter and a +json subtype are fine.
    let response =
        register().body("application/json; charset=utf-8", registration().to_string()).send().await;
    assert_eq!(response.status, 201, "{}", response.text());
    assert_eq!(app.auth.calls.of("Register").len(), 1, "only the well-formed request was sent");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_and_wrongly_typed_fields_are_named() {
    let app = spawn_app().await;
    let cases = [
        (registration_with(json!({"password": null})), "password"),
        (registration_with(json!({"email": null})), "email"),
        (registration_with(json!({"profile_type": null})), "profile_type"),
        (registration_with(json!({"full_name": 5})), "full_name"),
        (registration_with(json!({"email": ["a@example.com"]})), "email"),
        (registration_with(json!({"password": {"x": 1}})), "password"),
    ];
    for (body, field) in cases {
        let response = app.register(&body).await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
        assert!(error["error"]["message"].as_str().expect("message").contains(field), "{error}");
    }
    assert_eq!(app.auth.calls.count(), 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_names_and_profile_types_never_reach_the_auth_service() {
    let app = spawn_app().await;
    let cases = [
        (json!({"full_name": ""}), vec!["full_name"]),
        (json!({"full_name": "   "}), vec!["full_name"]),
        (json!({"full_name": "Ada\u{0007}Lovelace"}), vec!["full_name"]),
        (json!({"full_name": "Ada\nLovelace"}), vec!["full_name"]),
        (json!({"full_name": "Ada\u{0000}"}), vec!["full_name"]),
        (json!({"full_name": "a".repeat(101)}), vec!["full_name"]),
        (json!({"profile_type": "admin"}), vec!["profile_type"]),
        (json!({"profile_type": "Personal_Journaler"}), vec!["profile_type"]),
        (json!({"profile_type": ""}), vec!["profile_type"]),
        (json!({"full_name": "", "profile_type": "x"}), vec!["full_name", "profile_type"]),
    ];
    for (changes, fields) in cases {
        let response = app.register(&registration_with(changes.clone())).await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error_fields(&error), fields, "{changes}");
    }
    assert_eq!(app.auth.calls.count(), 0, "the auth service was never called");
    assert_eq!(app.user.calls.count(), 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_in_every_script_are_accepted() {
    let app = spawn_app().await;
    let names = [
        "🦀 Ferris the Crab 🎉",
        "Zoe\u{0308} Saldan\u{0303}a",
        "שרה לוי",
        "محمد الفاتح",
        "👩‍👩‍👧 The Family",
        "李小龍",
        &"é".repeat(100),
    ];
    for name in names {
        let response = app.register(&registration_with(json!({"full_name": format!("  {name} ")}))).await;
        assert_eq!(response.status, 201, "{name}: {}", response.text());
        assert_eq!(response.json()["user"]["full_name"], name);
        let sent = app.user.calls.of("CreateProfile").pop().expect("CreateProfile was called");
        assert!(sent.message.contains(&format!("{name:?}")), "the trimmed name was sent: {}", sent.message);
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_updates_are_checked_after_the_caller() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    // No token: 401 even with a bad body.
    let response = app.patch("/api/users/me").body("application/json", "{nope").send().await;
    assert_error(&response, 401, "unauthenticated");

    for (body, code, status) in [
        ("{nope", "bad_request", 400),
        (r#"{"full_name": ""}"#, "validation_failed", 400),
        (r#"{"full_name": 42}"#, "validation_failed", 400),
        (r#"{"profile_type": "robot"}"#, "validation_failed", 400),
        (r#"{"full_name": "tab\there"}"#, "validation_failed", 400),
    ] {
        let response = app.patch("/api/users/me").bearer(&token).body("application/json", body).send().await;
        assert_error(&response, status, code);
    }
    let response = app.patch("/api/users/me").bearer(&token).body("text/plain", "{}").send().await;
    assert_error(&response, 415, "unsupported_media_type");
    assert_eq!(app.user.calls.count(), 0);

    let response = app
        .patch("/api/users/me")
        .bearer(&token)
        .json(&json!({"full_name": "  Grace Hopper  ", "profile_type": "content_creator"}))
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert_eq!(body["full_name"], "Grace Hopper");
    assert_eq!(body["profile_type"], "content_creator");
    let response = app.patch("/api/users/me").bearer(&token).json(&json!({"full_name": null})).send().await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["full_name"], "Grace Hopper", "null leaves the field as it is");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_and_refresh_bodies_are_checked() {
    let app = spawn_app().await;
    let response = app.post("/api/auth/login").json(&json!({"email": "a@example.com"})).send().await;
    let error = assert_error(&response, 400, "validation_failed");
    assert_eq!(error["error"]["fields"][0]["field"], "password");
    let response = app.post("/api/auth/refresh").json(&json!({"refresh_token": 7})).send().await;
    let error = assert_error(&response, 400, "validation_failed");
    assert_eq!(error["error"]["fields"][0]["field"], "refresh_token");
    let response = app.post("/api/auth/login").send().await;
    assert_error(&response, 415, "unsupported_media_type");
    assert_eq!(app.auth.calls.count(), 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_logout_scope_is_refused() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    for query in ["?scope=everything", "?scope=", "?scope=ALL"] {
        let response = app.post(&format!("/api/auth/logout{query}")).bearer(&token).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], "scope");
    }
    assert_eq!(app.auth.calls.count(), 0);
    app.stop().await;
}
