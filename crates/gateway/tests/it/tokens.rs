//! The JWT check at the edge: forged and broken tokens never reach a service.

use std::time::Duration;

use jc_platform::identity::{deny_list_key, session_deny_key};
use serde_json::json;

use crate::support::keys::{self, TestKeys, claims_with, now};
use crate::support::{TestApp, assert_error, spawn_app, spawn_app_with};

async fn assert_refused(app: &TestApp, token: &str, what: &str) {
    let response = app.get("/api/users/me").bearer(token).send().await;
    assert_eq!(response.status, 401, "{what}: {}", response.text());
    assert_error(&response, 401, "unauthenticated");
    assert_eq!(response.header("www-authenticate"), Some("Bearer"), "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_and_broken_tokens_are_refused_without_reaching_a_service() {
    let app = spawn_app().await;
    let kid = app.keys.kid.clone();
    let valid = keys::claims();
    let genuine = app.keys.sign(&valid);
    let other_key = TestKeys::generate("other-key");
    let opaque_refresh = format!("rt_{}", uuid::Uuid::new_v4().simple());

    let forgeries: Vec<(&str, String)> = vec![
        ("alg none", keys::unsigned("none", &kid, &valid)),
        ("alg None", keys::unsigned("None", &kid, &valid)),
        ("alg NONE", keys::unsigned("NONE", &kid, &valid)),
        ("alg none with a signature", format!("{}sig", keys::unsigned("none", &kid, &valid))),
        (
            "HS256 keyed with the public key bytes",
            keys::hs256_with(&app.keys.public_key_bytes(), &kid, &valid),
        ),
        (
            "HS256 keyed with the public key PEM",
            keys::hs256_with(app.keys.public_key_pem().as_bytes(), &kid, &valid),
        ),
        ("unknown kid", app.keys.sign_as("no-such-key", &valid)),
        ("another key under the real kid", other_key.sign_as(&kid, &valid)),
        ("tampered payload", keys::with_payload(&genuine, &claims_with(json!({"roles": ["admin", "user"]})))),
        (
            "expired beyond the leeway",
            app.keys
                .sign(&claims_with(json!({"exp": now() - 120, "iat": now() - 1000, "nbf": now() - 1000}))),
        ),
        ("nbf beyond the leeway", app.keys.sign(&claims_with(json!({"nbf": now() + 120})))),
        ("iat in the future", app.keys.sign(&claims_with(json!({"iat": now() + 3600, "nbf": now() - 10})))),
        ("wrong iss", app.keys.sign(&claims_with(json!({"iss": "https://evil.example"})))),
        ("wrong aud", app.keys.sign(&claims_with(json!({"aud": "someone-else"})))),
        ("missing typ", app.keys.sign(&claims_with(json!({"typ": null})))),
        ("typ refresh", app.keys.sign(&claims_with(json!({"typ": "refresh"})))),
        ("missing exp", app.keys.sign(&claims_with(json!({"exp": null})))),
        ("sub not a uuid", app.keys.sign(&claims_with(json!({"sub": "admin"})))),
        ("opaque refresh token", opaque_refresh),
        ("two segments", genuine.rsplit_once('.').expect("head and payload").0.to_owned()),
        ("garbage", "a.b.c".to_owned()),
    ];
    for (what, token) in &forgeries {
        assert_refused(&app, token, what).await;
    }

    // No header, another scheme, an empty bearer.
    for request in [
        app.get("/api/users/me"),
        app.get("/api/users/me").header("authorization", &format!("Basic {genuine}")),
        app.get("/api/users/me").header("authorization", "Bearer "),
        app.get("/api/users/me").header("authorization", &genuine),
    ] {
        let response = request.send().await;
        assert_error(&response, 401, "unauthenticated");
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
    }

    assert_eq!(app.user.calls.count(), 0, "no forged token reached the user service");
    assert_eq!(app.auth.calls.count(), 0, "nor the auth service");

    // The control: the genuine token passes.
    let response = app.get("/api/users/me").bearer(&genuine).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_skew_within_the_leeway_is_tolerated() {
    let app = spawn_app().await;
    let recently_expired = app.keys.sign(&claims_with(json!({"exp": now() - 10, "iat": now() - 900})));
    let response = app.get("/api/users/me").bearer(&recently_expired).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let almost_valid = app.keys.sign(&claims_with(json!({"nbf": now() + 10})));
    assert_eq!(app.get("/api/users/me").bearer(&almost_valid).send().await.status, 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shorter_leeway_setting_is_applied() {
    let app = spawn_app_with(|o| o.settings.jwt_leeway_seconds = 0).await;
    let expired = app.keys.sign(&claims_with(json!({"exp": now() - 5, "iat": now() - 900})));
    assert_refused(&app, &expired, "expired five seconds ago, no leeway").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deny_listed_tokens_and_sessions_are_refused() {
    let app = spawn_app().await;
    let revoked = claims_with(json!({}));
    let token = app.keys.sign(&revoked);
    assert_eq!(app.get("/api/users/me").bearer(&token).send().await.status, 200);
    let jti = revoked["jti"].as_str().expect("jti");
    app.cache.set(&deny_list_key(jti), "1", Duration::from_secs(60)).await.expect("deny the token");
    assert_refused(&app, &token, "deny-listed jti").await;

    let ended = claims_with(json!({}));
    let token = app.keys.sign(&ended);
    let sid: uuid::Uuid = ended["sid"].as_str().expect("sid").parse().expect("a uuid");
    app.cache.set(&session_deny_key(&sid), "1", Duration::from_secs(60)).await.expect("deny the session");
    assert_refused(&app, &token, "deny-listed session").await;
    assert_eq!(app.user.calls.count(), 1, "only the first, valid request reached the service");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_token_is_forwarded_with_the_service_credential_and_request_id() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let response = app.get("/api/users/me").bearer(&token).header("x-request-id", "trace-me-42").send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert_eq!(body["user_id"], keys::USER_ID);
    assert_eq!(body["ai_credits"], 5);
    let calls = app.user.calls.of("GetMyProfile");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].authorization.as_deref(), Some(format!("Bearer {token}").as_str()));
    assert_eq!(calls[0].service_token.as_deref(), Some(app.credential.as_str()));
    assert_eq!(calls[0].request_id.as_deref(), Some("trace-me-42"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jwks_is_fetched_once_and_not_again_for_every_unknown_kid() {
    let app = spawn_app().await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/users/me").bearer(&app.keys.access_token()).send().await.status, 200);
    }
    for n in 0..3 {
        let token = app.keys.sign_as(&format!("unknown-{n}"), &keys::claims());
        assert_eq!(app.get("/api/users/me").bearer(&token).send().await.status, 401);
    }
    let fetches = app.auth.jwks_fetches.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(fetches, 1, "unknown kids within the refresh interval cause no fetch");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_auth_service_tokens_cannot_be_checked_and_nothing_passes() {
    let app = spawn_app_with(|o| o.auth_down = true).await;
    let response = app.get("/api/users/me").bearer(&app.keys.access_token()).send().await;
    assert_error(&response, 503, "unavailable");
    assert_eq!(app.user.calls.count(), 0);
    app.stop().await;
}
