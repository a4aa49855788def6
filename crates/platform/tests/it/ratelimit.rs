//! The rate limiter's script on the local Redis: the same arithmetic as the memory store
//! (whose timing the unit tests drive with a paused clock), decisions over several keys
//! that count only when all allow, and an unreachable Redis reported at once.

use std::time::{Duration, Instant};

use jc_platform::cache::Cache;
use jc_platform::config::RedisSettings;
use jc_platform::ratelimit::{Limit, Quota, RateLimiter};
use secrecy::SecretString;

fn redis_limiter(url: &str) -> RateLimiter {
    let settings = RedisSettings {
        url: Some(SecretString::from(url.to_owned())),
        key_prefix: jc_testkit::unique_prefix(),
    };
    RateLimiter::new(&Cache::from_settings(&settings).expect("cache"))
}

fn limit(policy: &'static str, key: &str, limit: u32, period_seconds: u64) -> Limit {
    Limit { policy, key: key.to_owned(), quota: Quota::new(limit, period_seconds) }
}

#[tokio::test]
async fn redis_allows_the_burst_then_refuses_with_the_time_to_wait() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let limiter = redis_limiter(&url);
    assert!(limiter.is_shared());
    let limits = [limit("sign_in", "ada", 3, 60)];
    for expected in [2, 1, 0] {
        let decision = limiter.check(&limits).await.expect("Redis decides");
        assert!(decision.allowed);
        assert_eq!(decision.keys[0].remaining, expected);
    }
    let refused = limiter.check(&limits).await.expect("Redis decides");
    assert!(!refused.allowed);
    assert_eq!(refused.keys[0].remaining, 0);
    assert!(
        (Duration::from_secs(19)..=Duration::from_secs(20)).contains(&refused.retry_after),
        "one interval (60 s / 3) less the time the test took: {:?}",
        refused.retry_after
    );
    assert!(
        refused.keys[0].reset > Duration::from_secs(59) && refused.keys[0].reset <= Duration::from_secs(60)
    );
}

#[tokio::test]
async fn redis_counts_several_keys_only_when_all_allow() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let limiter = redis_limiter(&url);
    let pair = limit("pair", "address:ada", 1, 60);
    let address = limit("address", "address", 5, 60);
    assert!(limiter.check(&[pair.clone(), address.clone()]).await.expect("decides").allowed);
    let refused = limiter.check(&[pair, address.clone()]).await.expect("decides");
    assert!(!refused.allowed);
    assert_eq!(refused.keys[1].remaining, 4, "the refused decision left the address alone");
    let other = limiter.check(&[limit("pair", "address:bob", 1, 60), address]).await.expect("decides");
    assert!(other.allowed);
    assert_eq!(other.keys[1].remaining, 3);
}

#[tokio::test]
async fn a_silent_redis_is_reported_after_the_timeout_and_then_left_alone() {
    // A port that takes connections and never answers them.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("redis://{}", silent.local_addr().expect("address"));
    let settings =
        RedisSettings { url: Some(SecretString::from(url)), key_prefix: jc_testkit::unique_prefix() };
    let cache = Cache::from_settings(&settings).expect("cache");
    let timeout = Duration::from_millis(400);
    let limiter = RateLimiter::with_timing(&cache, timeout, Duration::from_secs(60));
    let limits = [limit("default", "k", 10, 60)];

    let started = Instant::now();
    assert!(limiter.check(&limits).await.is_err());
    assert!(started.elapsed() >= timeout, "waited for the answer until the timeout");
    let started = Instant::now();
    assert!(limiter.check(&limits).await.is_err(), "still left alone");
    assert!(started.elapsed() < timeout / 2, "a Redis that just failed is not asked again");
    let local = limiter.check_locally(&limits);
    assert!(local.allowed);
    assert_eq!(local.keys[0].remaining, 9);
}
