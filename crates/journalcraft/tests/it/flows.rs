//! Register, sign in, read the account, refresh, sign out — through the gateway.

use serde_json::{Value, json};

use crate::support::{Platform, error_code, text};

async fn register_login_me_refresh_logout(platform: Platform) {
    let (email, body) = platform.register("Ada Lovelace", "content_creator").await;
    assert_eq!(body["success"], true);
    let user = &body["user"];
    assert_eq!(user["email"], email.as_str());
    assert_eq!(user["full_name"], "Ada Lovelace");
    assert_eq!(user["profile_type"], "content_creator");
    assert_eq!(user["ai_credits"], 50);

    let (status, body) = platform
        .post("/api/auth/login", json!({"email": email.to_uppercase(), "password": crate::support::PASSWORD}))
        .await;
    assert_eq!(status, 200, "email is compared case-insensitively: {body}");
    assert_eq!(body["token_type"], "bearer");
    assert!(body["expires_in"].as_i64().is_some_and(|s| s > 0));
    let access = text(&body, "access_token");
    let refresh = text(&body, "refresh_token");

    let (status, me) = platform.get("/api/auth/me", Some(&access)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["id"], user["id"]);
    assert_eq!(me["full_name"], "Ada Lovelace");
    assert_eq!(me["ai_credits"], 50);

    let (status, body) = platform.post("/api/auth/refresh", json!({"refresh_token": refresh})).await;
    assert_eq!(status, 200, "{body}");
    let access2 = text(&body, "access_token");
    let refresh2 = text(&body, "refresh_token");
    assert_ne!(refresh2, refresh, "refresh tokens rotate");
    assert_eq!(platform.get("/api/auth/me", Some(&access2)).await.0, 200);

    let (status, body) = platform.post_with("/api/auth/logout", &access2, json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = platform.get("/api/auth/me", Some(&access2)).await;
    assert_eq!(
        error_code(status, &body),
        "unauthenticated",
        "the access token is refused at once after logout"
    );
    assert_eq!(status, 401);
    let (status, _) = platform.post("/api/auth/refresh", json!({"refresh_token": refresh2})).await;
    assert_eq!(status, 401, "the session's refresh token is dead too");
}
jc_testkit::on_every_backend!(Platform, workers: 4 => register_login_me_refresh_logout);

async fn reusing_a_rotated_refresh_token_revokes_the_session(platform: Platform) {
    let (email, _) = platform.register("Reuse Victim", "personal_journaler").await;
    let (_, first) = platform.login(&email).await;
    let (status, body) = platform.post("/api/auth/refresh", json!({"refresh_token": first})).await;
    assert_eq!(status, 200);
    let access2 = text(&body, "access_token");
    let second = text(&body, "refresh_token");

    // An attacker replays the old token.
    let (status, body) = platform.post("/api/auth/refresh", json!({"refresh_token": first})).await;
    assert_eq!(error_code(status, &body), "unauthenticated");
    assert_eq!(status, 401);
    // The legitimate holder's newer tokens die with the session.
    assert_eq!(platform.post("/api/auth/refresh", json!({"refresh_token": second})).await.0, 401);
    assert_eq!(platform.get("/api/auth/me", Some(&access2)).await.0, 401);
    // Other sessions of the same person are untouched.
    let (access3, _) = platform.login(&email).await;
    assert_eq!(platform.get("/api/auth/me", Some(&access3)).await.0, 200);
}
jc_testkit::on_every_backend!(Platform, workers: 4 => reusing_a_rotated_refresh_token_revokes_the_session);

async fn concurrent_refreshes_of_one_token_yield_one_success(platform: Platform) {
    let (email, _) = platform.register("Racer", "personal_journaler").await;
    let (_, refresh) = platform.login(&email).await;
    let attempts =
        (0..20).map(|_| platform.post("/api/auth/refresh", json!({"refresh_token": refresh.clone()})));
    let results = futures::future::join_all(attempts).await;
    let successes = results.iter().filter(|(status, _)| *status == 200).count();
    let refusals = results.iter().filter(|(status, _)| *status == 401).count();
    assert_eq!((successes, refusals), (1, 19), "{results:?}");
}
jc_testkit::on_every_backend!(Platform, workers: 4 => concurrent_refreshes_of_one_token_yield_one_success);

async fn logout_everywhere_ends_every_session(platform: Platform) {
    let (email, _) = platform.register("Many Devices", "personal_journaler").await;
    let (phone, _) = platform.login(&email).await;
    let (laptop, laptop_refresh) = platform.login(&email).await;
    let (status, body) = platform.post_with("/api/auth/logout?scope=all", &phone, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(platform.get("/api/auth/me", Some(&phone)).await.0, 401);
    assert_eq!(platform.get("/api/auth/me", Some(&laptop)).await.0, 401, "other sessions end at once");
    assert_eq!(platform.post("/api/auth/refresh", json!({"refresh_token": laptop_refresh})).await.0, 401);
}
jc_testkit::on_every_backend!(Platform, workers: 4 => logout_everywhere_ends_every_session);

async fn the_public_keys_and_documents_are_served(platform: Platform) {
    let (status, jwks) = platform.get("/.well-known/jwks.json", None).await;
    assert_eq!(status, 200);
    let key = &jwks["keys"][0];
    assert_eq!((key["kty"].as_str(), key["crv"].as_str()), (Some("OKP"), Some("Ed25519")));
    assert!(key["kid"].is_string());

    let (status, root) = platform.get("/", None).await;
    assert_eq!(status, 200);
    assert!(root["features"].is_array() && root["version"].is_string());
    let (status, health) = platform.get("/health", None).await;
    assert_eq!(status, 200);
    let timestamp = chrono::DateTime::parse_from_rfc3339(health["timestamp"].as_str().expect("timestamp"))
        .expect("rfc3339");
    assert!((chrono::Utc::now() - timestamp.with_timezone(&chrono::Utc)).num_seconds().abs() < 60);

    let (status, openapi) = platform.get("/api/openapi.json", None).await;
    assert_eq!(status, 200);
    for path in
        ["/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/auth/me"]
    {
        assert!(openapi["paths"][path].is_object(), "{path} is documented");
    }
    assert_eq!(platform.get("/livez", None).await.0, 200);
    let (status, ready) = platform.get("/readyz", None).await;
    assert_eq!((status, ready), (200, json!({"status": "ready"})), "the public port names no dependency");
    assert_eq!(platform.get("/metrics", None).await.0, 404, "metrics are not on the public port");

    // The gateway's process serves them on its operations listener, with the readiness
    // of every dependency.
    let ops = platform.ops_of(if platform.ops.len() == 1 { "all" } else { "gateway" });
    let (status, metrics) = platform.ops_get(ops, "/metrics").await;
    assert_eq!(status, 200);
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    let (status, ready) = platform.ops_get(ops, "/readyz").await;
    assert_eq!(status, 200);
    let ready: Value = serde_json::from_str(&ready).expect("JSON");
    assert!(ready["checks"].as_array().is_some_and(|checks| !checks.is_empty()), "{ready}");
}
jc_testkit::on_every_backend!(Platform, workers: 4 => the_public_keys_and_documents_are_served);
