//! Rate limits at the edge: each class on its key, the 429 answer and its headers, the
//! trusted-proxy rules, two replicas sharing one limit on Redis, and what each class does
//! when Redis cannot be reached.

use jc_gateway::Store;
use jc_platform::ratelimit::WhenUnavailable;
use serde_json::{Value, json};

use crate::generation::generation_body;
use crate::support::fakes::PASSWORD;
use crate::support::keys::USER_ID;
use crate::support::{TestApp, assert_error, registration, spawn_app_with};

fn login(email: &str, password: &str) -> Value {
    json!({"email": email, "password": password})
}

async fn sign_in(app: &TestApp, email: &str, from: Option<&str>) -> crate::support::http::Response {
    let mut request = app.post("/api/auth/login").json(&login(email, "wrong-password-1"));
    if let Some(address) = from {
        request = request.header("x-forwarded-for", address);
    }
    request.send().await
}

/// Asserts a 429 with the error body, `Retry-After` and the RateLimit headers naming
/// `policy`; returns `Retry-After`.
#[track_caller]
fn assert_limited(response: &crate::support::http::Response, policy: &str) -> u64 {
    assert_error(response, 429, "rate_limited");
    let retry_after: u64 =
        response.header("retry-after").expect("Retry-After").parse().expect("Retry-After is seconds");
    assert!(retry_after >= 1, "Retry-After is at least a second");
    let policies = response.header("ratelimit-policy").expect("RateLimit-Policy");
    assert!(policies.contains(&format!("\"{policy}\";q=")), "{policies}");
    let state = response.header("ratelimit").expect("RateLimit");
    assert!(state.contains(&format!("\"{policy}\";r=0;t=")), "{state}");
    retry_after
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_limited_per_address_and_account_without_locking_the_victim_out() {
    let app = spawn_app_with(|o| {
        o.settings.rate_limits.sign_in_account.limit = 3;
        o.settings.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    for _ in 0..3 {
        assert_eq!(sign_in(&app, "ada@example.com", Some("203.0.113.66")).await.status, 401);
    }
    let refused = sign_in(&app, "Ada@Example.com", Some("203.0.113.66")).await;
    let retry_after = assert_limited(&refused, "sign_in_account");
    assert!((1..=300).contains(&retry_after), "one interval of 900 s / 3: {retry_after}");
    assert_eq!(app.auth.calls.of("Login").len(), 3, "the refused attempt never reached the service");

    // The attacker's address is limited on that account; the owner, elsewhere, is not.
    let owner = app
        .post("/api/auth/login")
        .header("x-forwarded-for", "198.51.100.20")
        .json(&login("ada@example.com", PASSWORD))
        .send()
        .await;
    assert_eq!(owner.status, 200, "{}", owner.text());
    // And the attacker's address may still sign in to other accounts.
    assert_eq!(sign_in(&app, "bob@example.com", Some("203.0.113.66")).await.status, 401);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_limited_per_address_across_accounts() {
    let app = spawn_app_with(|o| o.settings.rate_limits.sign_in_address.limit = 4).await;
    for n in 0..4 {
        let response = sign_in(&app, &format!("user{n}@example.com"), None).await;
        assert_eq!(response.status, 401);
        let policies = response.header("ratelimit-policy").expect("a policy on every limited answer");
        assert_eq!(policies, "\"sign_in_account\";q=10;w=900, \"sign_in_address\";q=4;w=900");
        let state = response.header("ratelimit").expect("the state");
        assert!(state.ends_with(&format!("\"sign_in_address\";r={};t={}", 3 - n, 225 * (n + 1))), "{state}");
    }
    assert_limited(&sign_in(&app, "user9@example.com", None).await, "sign_in_address");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app_with(|o| o.settings.rate_limits.registration.limit = 2).await;
    for n in 0..2 {
        let mut body = registration();
        body["email"] = json!(format!("new{n}@example.com"));
        let response = app
            .post("/api/auth/register")
            .header("x-forwarded-for", &format!("192.0.2.{n}"))
            .json(&body)
            .send()
            .await;
        assert_eq!(response.status, 201, "{}", response.text());
        assert_eq!(response.header("ratelimit-policy"), Some("\"registration\";q=2;w=3600"));
    }
    let spoofed = app
        .post("/api/auth/register")
        .header("x-forwarded-for", "192.0.2.99")
        .header("forwarded", "for=192.0.2.98")
        .json(&registration())
        .send()
        .await;
    assert_limited(&spoofed, "registration");
    assert_eq!(app.auth.calls.of("Register").len(), 2);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_client_has_its_own_quota() {
    let app = spawn_app_with(|o| {
        o.settings.rate_limits.refresh.limit = 1;
        o.settings.trusted_proxies = vec!["127.0.0.0/8".into()];
    })
    .await;
    let refresh = |from: &'static str| {
        app.post("/api/auth/refresh")
            .header("x-forwarded-for", from)
            .json(&json!({"refresh_token": "rt_random_guess"}))
            .send()
    };
    assert_eq!(refresh("203.0.113.1").await.status, 401);
    assert_limited(&refresh("203.0.113.1").await, "refresh");
    // The client cannot choose another address by prepending one: the proxy's entry is last.
    assert_limited(&refresh("198.51.100.7, 203.0.113.1").await, "refresh");
    assert_eq!(refresh("203.0.113.2").await.status, 401, "another client has its own quota");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_classes_count_per_account_after_the_token_check() {
    let app = spawn_app_with(|o| {
        o.settings.rate_limits.generation.limit = 1;
        o.settings.rate_limits.export.limit = 1;
        o.settings.rate_limits.provider_key_test.limit = 1;
    })
    .await;
    let token = app.keys.access_token();
    let other = app.other_user_token();

    let generate =
        |token: &str| app.post("/api/ai/generate-journal").bearer(token).json(&generation_body()).send();
    assert_eq!(generate(&token).await.status, 200);
    assert_limited(&generate(&token).await, "generation");
    assert_eq!(generate(&other).await.status, 200, "another account has its own quota");
    // A forged token is refused before it could spend anyone's quota.
    let forged = format!("{token}x");
    assert_error(&generate(&forged).await, 401, "unauthenticated");

    let journal_id = app.export.seed_journal(USER_ID, "Limited");
    let export = |path: &'static str, body: Value| app.post(path).bearer(&token).json(&body).send();
    let response = export("/api/export/jobs", json!({"journal_id": journal_id, "format": "pdf"})).await;
    assert_eq!(response.status, 201, "{}", response.text());
    let legacy = json!({"project_id": journal_id, "format": "pdf", "settings": {}});
    assert_limited(&export("/api/export/create", legacy).await, "export");

    let key = json!({"apiKey": "sk-live-0123456789abcdefghij", "provider": "openai"});
    let test_key = || app.post("/api/settings/test-api-key").bearer(&token).json(&key).send();
    assert_eq!(test_key().await.status, 200);
    assert_limited(&test_key().await, "provider_key_test");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_other_route_has_the_default_limit_but_the_probes() {
    let app = spawn_app_with(|o| o.settings.rate_limits.default.limit = 2).await;
    for _ in 0..2 {
        let response = app.get("/api/ai/themes").send().await;
        assert_eq!(response.status, 200);
        assert!(response.header("ratelimit").is_some_and(|v| v.starts_with("\"default\";r=")));
    }
    assert_limited(&app.get("/api/journals/author-suggestions?theme=gratitude").send().await, "default");
    assert_limited(&app.get("/no/such/route").send().await, "default");
    for _ in 0..5 {
        let live = app.get("/livez").send().await;
        assert_eq!(live.status, 200);
        assert_eq!(live.header("ratelimit"), None);
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_can_be_turned_off() {
    let app = spawn_app_with(|o| {
        o.settings.rate_limits.enabled = false;
        o.settings.rate_limits.default.limit = 1;
    })
    .await;
    for _ in 0..3 {
        let response = app.get("/api/ai/themes").send().await;
        assert_eq!(response.status, 200);
        assert_eq!(response.header("ratelimit-policy"), None);
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_redis_share_one_limit() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let prefix = jc_testkit::unique_prefix();
    let replica = |url: String, prefix: String| {
        spawn_app_with(move |o| {
            o.redis_url = Some(url);
            o.redis_prefix = Some(prefix);
            o.settings.rate_limits.sign_in_account.limit = 2;
            o.settings.rate_limits.registration.limit = 1;
            o.settings.rate_limits.default.limit = 2;
        })
    };
    let first = replica(url.clone(), prefix.clone()).await;
    let second = replica(url, prefix).await;
    assert_eq!(sign_in(&first, "ada@example.com", None).await.status, 401);
    assert_eq!(sign_in(&second, "ada@example.com", None).await.status, 401);
    assert_limited(&sign_in(&first, "ada@example.com", None).await, "sign_in_account");
    assert_limited(&sign_in(&second, "ada@example.com", None).await, "sign_in_account");

    assert_eq!(second.register(&registration()).await.status, 201);
    assert_limited(&first.register(&registration()).await, "registration");

    // The default class is counted by each replica on its own.
    for replica in [&first, &second] {
        for _ in 0..2 {
            assert_eq!(replica.get("/api/ai/themes").send().await.status, 200);
        }
        assert_limited(&replica.get("/api/ai/themes").send().await, "default");
    }
    first.stop().await;
    second.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_each_class_does_what_it_is_configured_to() {
    let app = spawn_app_with(|o| {
        o.redis_url = Some(jc_testkit::closed_url().replace("http://", "redis://"));
        o.settings.rate_limits.sign_in_account.limit = 1;
        o.settings.rate_limits.registration.when_redis_down = WhenUnavailable::Refuse;
        o.settings.rate_limits.default.limit = 1;
        o.settings.rate_limits.default.store = Store::Shared;
    })
    .await;
    // Sign-in falls back to this replica's own count, never to no limit.
    assert_eq!(sign_in(&app, "ada@example.com", None).await.status, 401);
    assert_limited(&sign_in(&app, "ada@example.com", None).await, "sign_in_account");
    // Registration is configured to refuse while its limit cannot be checked.
    let refused = app.register(&registration()).await;
    assert_error(&refused, 503, "unavailable");
    assert_eq!(app.auth.calls.of("Register").len(), 0);
    // The default class, counted on Redis here, allows without a limit.
    for _ in 0..3 {
        assert_eq!(app.get("/api/ai/themes").send().await.status, 200);
    }
    app.stop().await;
}
