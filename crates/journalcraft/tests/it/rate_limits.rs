//! The gateway's rate limits at their defaults, on the whole platform: in memory in one
//! process, on Redis with the gateway as its own process.

use serde_json::json;

use crate::support::{Options, PASSWORD, Platform};

const LIMITED: Options = Options { pace_ms: 0, alone: false, rate_limits: true };

async fn post(platform: &Platform, path: &str, body: serde_json::Value) -> reqwest::Response {
    platform.http.post(platform.url(path)).json(&body).send().await.expect("request")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn the_eleventh_registration_and_sign_in_from_one_address_wait(platform: Platform) {
    let mut emails = Vec::new();
    for n in 0..10 {
        let (email, _) = platform.register(&format!("Limited {n}"), "personal_journaler").await;
        emails.push(email);
    }
    let body = json!({"email": "one-more@example.com", "password": PASSWORD, "full_name": "More",
        "profile_type": "personal_journaler"});
    let refused = post(&platform, "/api/auth/register", body).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = header(&refused, "retry-after").parse().expect("Retry-After in seconds");
    assert!((1..=360).contains(&retry_after), "one interval of 10 per hour: {retry_after}");
    assert_eq!(header(&refused, "ratelimit-policy"), "\"registration\";q=10;w=3600");
    let error: serde_json::Value = refused.json().await.expect("error body");
    assert_eq!(error["error"]["code"], "rate_limited", "{error}");

    let wrong = json!({"email": emails[0], "password": "Not-The-Password-1"});
    for _ in 0..10 {
        assert_eq!(post(&platform, "/api/auth/login", wrong.clone()).await.status(), 401);
    }
    let limited = post(&platform, "/api/auth/login", wrong).await;
    assert_eq!(limited.status(), 429);
    assert!(header(&limited, "ratelimit").contains("\"sign_in_account\";r=0;"));
    // The same address may still sign in to another account.
    let (status, _) =
        platform.post("/api/auth/login", json!({"email": emails[1], "password": PASSWORD})).await;
    assert_eq!(status, 200);
}
jc_testkit::on_every_backend!(Platform, options: LIMITED => the_eleventh_registration_and_sign_in_from_one_address_wait);
