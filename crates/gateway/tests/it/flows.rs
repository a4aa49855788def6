//! The auth and user routes against the fakes: shapes, what is forwarded, and how
//! service errors and outages come out.

use std::sync::atomic::Ordering;

use jc_platform::identity::deny_list_key;
use serde_json::json;

use crate::support::fakes::{
    CONFLICT_MESSAGE, FAULTY_EMAIL, PASSWORD, RATE_LIMITED_EMAIL, REFRESH_TOKEN, TAKEN_EMAIL, WEAK_PASSWORD,
};
use crate::support::keys::{USER_ID, claims_with};
use crate::support::{assert_error, registration, spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_creates_the_account_then_the_profile() {
    let app = spawn_app().await;
    let response = app
        .post("/api/auth/register")
        .header("user-agent", "journal-frontend/2.0")
        .header("x-forwarded-for", "203.0.113.50")
        .json(&registration())
        .send()
        .await;
    assert_eq!(response.status, 201, "{}", response.text());
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let body = response.json();
    assert_eq!(body["success"], true);
    assert!(body["message"].is_string());
    assert_eq!(body["user"]["id"], USER_ID);
    assert_eq!(body["user"]["email"], "ada@example.com");
    assert_eq!(body["user"]["full_name"], "Ada Lovelace");
    assert_eq!(body["user"]["profile_type"], "personal_journaler");
    assert_eq!(body["user"]["ai_credits"], 5);

    let register = app.auth.calls.of("Register");
    assert_eq!(register.len(), 1);
    assert!(!register[0].message.contains(PASSWORD), "passwords stay out of debug output");
    let client = register[0].client.clone().expect("client info");
    assert_eq!(client.ip, "127.0.0.1", "X-Forwarded-For is not trusted by default");
    assert_eq!(client.user_agent, "journal-frontend/2.0");
    assert_eq!(register[0].service_token.as_deref(), Some(app.credential.as_str()));
    let create = app.user.calls.of("CreateProfile");
    assert_eq!(create.len(), 1);
    assert!(create[0].message.contains(USER_ID));
    assert_eq!(create[0].request_id, register[0].request_id, "one request id across both calls");
    let copy =
        app.user.account.lock().expect("account").clone().expect("the account copy went with the profile");
    assert_eq!((copy.user_id.as_str(), copy.email.as_str()), (USER_ID, "ada@example.com"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_is_used_when_trusted() {
    let app =
        spawn_app_with(|o| o.settings.trusted_proxies = vec!["127.0.0.1".into(), "10.0.0.0/8".into()]).await;
    let response = app
        .post("/api/auth/login")
        .header("x-forwarded-for", "203.0.113.50, 10.0.0.2")
        .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(response.status, 200);
    let client = app.auth.calls.of("Login")[0].client.clone().expect("client info");
    assert_eq!(client.ip, "203.0.113.50");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_errors_keep_their_code_and_message() {
    let app = spawn_app().await;
    let taken = json!({"email": TAKEN_EMAIL, "password": PASSWORD, "full_name": "Ada", "profile_type": "content_creator"});
    let error = assert_error(&app.register(&taken).await, 409, "conflict");
    assert_eq!(error["error"]["message"], CONFLICT_MESSAGE);
    assert_eq!(error["detail"], CONFLICT_MESSAGE);

    let weak = json!({"email": "b@example.com", "password": WEAK_PASSWORD, "full_name": "B", "profile_type": "content_creator"});
    let error = assert_error(&app.register(&weak).await, 400, "validation_failed");
    assert_eq!(error["error"]["fields"][0]["field"], "password");

    let response =
        app.post("/api/auth/login").json(&json!({"email": RATE_LIMITED_EMAIL, "password": "x"})).send().await;
    assert_error(&response, 429, "rate_limited");
    assert_eq!(response.header("retry-after"), Some("17"));

    let response = app
        .post("/api/auth/login")
        .json(&json!({"email": "a@example.com", "password": "wrong"}))
        .send()
        .await;
    let error = assert_error(&response, 401, "unauthenticated");
    assert_eq!(error["error"]["message"], "Invalid email or password.");
    assert_eq!(response.header("www-authenticate"), Some("Bearer"));

    let faulty = json!({"email": FAULTY_EMAIL, "password": PASSWORD, "full_name": "F", "profile_type": "content_creator"});
    let response = app.register(&faulty).await;
    let error = assert_error(&response, 500, "internal");
    assert!(!response.text().contains("hunter2") && !response.text().contains("10.0.0.7"), "{error}");
    assert_eq!(app.user.calls.of("CreateProfile").len(), 0, "no profile without an account");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_that_is_down_is_503_never_500() {
    let app = spawn_app_with(|o| o.auth_down = true).await;
    for response in [
        app.register(&registration()).await,
        app.post("/api/auth/login")
            .json(&json!({"email": "a@example.com", "password": PASSWORD}))
            .send()
            .await,
        app.post("/api/auth/refresh").json(&json!({"refresh_token": REFRESH_TOKEN})).send().await,
        app.get("/.well-known/jwks.json").send().await,
    ] {
        let error = assert_error(&response, 503, "unavailable");
        assert!(!error["error"]["message"].as_str().expect("message").contains("127.0.0.1"), "{error}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_is_retried_while_the_user_service_is_briefly_unavailable() {
    let app = spawn_app().await;
    app.user.create_failures.store(2, Ordering::SeqCst);
    let response = app.register(&registration()).await;
    assert_eq!(response.status, 201, "{}", response.text());
    assert_eq!(app.user.calls.of("CreateProfile").len(), 3);
    assert_eq!(app.auth.calls.of("Register").len(), 1, "the account is created once");

    app.user.create_failures.store(10, Ordering::SeqCst);
    let response = app.register(&registration()).await;
    let error = assert_error(&response, 503, "unavailable");
    assert!(error["detail"].as_str().expect("detail").contains("account was created"), "{error}");
    assert_eq!(app.user.calls.of("CreateProfile").len(), 3 + 4, "the first call and three retries");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn me_answers_503_when_the_user_service_is_gone() {
    let app = spawn_app_with(|o| o.user_down = true).await;
    let response = app.get("/api/auth/me").bearer(&app.keys.access_token()).send().await;
    assert_error(&response, 503, "unavailable");
    assert!(app.auth.calls.of("GetAccount").is_empty(), "no fallback without the user service's answer");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_answers_503_when_the_user_service_is_gone() {
    let app = spawn_app_with(|o| o.user_down = true).await;
    let error = assert_error(&app.register(&registration()).await, 503, "unavailable");
    assert!(error["detail"].as_str().expect("detail").contains("Sign in"), "{error}");
    assert_eq!(app.auth.calls.of("Register").len(), 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_refresh_and_logout() {
    let app = spawn_app().await;
    let response = app
        .post("/api/auth/login")
        .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let tokens = response.json();
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 900);
    assert!(tokens["refresh_token"].as_str().is_some_and(|t| t.starts_with("rt_")));
    let access = tokens["access_token"].as_str().expect("access token").to_owned();

    // The token the auth service signed works at the edge.
    let response = app.get("/api/auth/me").bearer(&access).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let me = response.json();
    assert_eq!(me["id"], USER_ID);
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["roles"], json!(["user"]));
    assert_eq!(me["email_verified"], false);
    assert_eq!(me["full_name"], "Ada Lovelace");
    assert_eq!(me["ai_credits"], 5);
    assert!(me["created_at"].is_string());
    // The user service had no copy of the account: the auth service was asked once
    // and the copy recorded.
    assert_eq!(app.user.calls.of("GetMe").len(), 1);
    assert_eq!(app.auth.calls.of("GetAccount").len(), 1);
    assert_eq!(app.user.calls.of("RecordMyAccount").len(), 1);
    // From then on one call answers.
    let again = app.get("/api/auth/me").bearer(&access).send().await;
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json(), me, "the same answer from the copy");
    assert_eq!(app.user.calls.of("GetMe").len(), 2);
    assert_eq!(app.auth.calls.of("GetAccount").len(), 1, "the auth service is not asked again");

    let response = app.post("/api/auth/refresh").json(&json!({"refresh_token": REFRESH_TOKEN})).send().await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["token_type"], "bearer");
    let response = app.post("/api/auth/refresh").json(&json!({"refresh_token": "rt_stolen"})).send().await;
    assert_error(&response, 401, "unauthenticated");

    let response = app.post("/api/auth/logout").bearer(&access).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json(), json!({"success": true}));
    let response = app.post("/api/auth/logout?scope=all").bearer(&access).send().await;
    assert_eq!(response.status, 200);
    let logouts = app.auth.calls.of("Logout");
    assert!(logouts[0].message.contains("all_sessions: false"), "{}", logouts[0].message);
    assert!(logouts[1].message.contains("all_sessions: true"), "{}", logouts[1].message);
    assert_eq!(logouts[1].authorization.as_deref(), Some(format!("Bearer {access}").as_str()));

    let response = app.post("/api/auth/logout").send().await;
    assert_error(&response, 401, "unauthenticated");
    app.stop().await;
}

/// On Redis the gateway answers the deny list from its replica, which hears of entries
/// by announcement. The fake auth service writes no entry at all, so a token refused at
/// once after its sign-out was denied by this gateway itself, as it relayed the call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relaying_gateway_refuses_a_signed_out_token_at_once() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let app = spawn_app_with(|o| o.redis_url = Some(url)).await;

    // The replica is loaded and following once an announcement alone (no key in Redis)
    // makes it refuse a token.
    let probe_jti = uuid::Uuid::new_v4().to_string();
    let probe = app.keys.sign(&claims_with(json!({"jti": probe_jti})));
    let announcement = format!("60000 {}", deny_list_key(&probe_jti));
    jc_testkit::eventually("the deny-list replica to follow", || async {
        app.cache.publish(jc_platform::deny::CHANNEL, &announcement).await.expect("publish");
        app.get("/api/auth/me").bearer(&probe).send().await.status == 401
    })
    .await;

    let session = uuid::Uuid::new_v4().to_string();
    let access = app.keys.sign(&claims_with(json!({"sid": session})));
    let sibling = app.keys.sign(&claims_with(json!({"sid": session})));
    assert_eq!(app.get("/api/auth/me").bearer(&access).send().await.status, 200);
    let response = app.post("/api/auth/logout").bearer(&access).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let response = app.get("/api/auth/me").bearer(&access).send().await;
    assert_error(&response, 401, "unauthenticated");
    let response = app.get("/api/auth/me").bearer(&sibling).send().await;
    assert_error(&response, 401, "unauthenticated");
    let other = app.keys.access_token();
    assert_eq!(app.get("/api/auth/me").bearer(&other).send().await.status, 200, "another session");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jwks_is_passed_through_with_a_cache_header() {
    let app = spawn_app().await;
    let response = app.get("/.well-known/jwks.json").send().await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("cache-control"), Some("public, max-age=300"));
    let jwks = response.json();
    assert_eq!(jwks["keys"][0]["kid"], app.keys.kid);
    assert_eq!(jwks["keys"][0]["crv"], "Ed25519");
    app.stop().await;
}
