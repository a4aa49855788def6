//! The deny list's replica against the local Redis (a key prefix per test): entries
//! written before it starts are loaded, entries written later arrive by announcement,
//! and until it is loaded every check goes to Redis, failing closed when Redis is away.

use std::time::Duration;

use jc_platform::cache::Cache;
use jc_platform::config::RedisSettings;
use jc_platform::deny::{DenyList, deny};
use jc_platform::identity::{Caller, deny_list_key, session_deny_key};
use secrecy::SecretString;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use jc_testkit::eventually;

fn redis_cache(url: &str, prefix: &str) -> Cache {
    let settings =
        RedisSettings { url: Some(SecretString::from(url.to_owned())), key_prefix: prefix.to_owned() };
    Cache::from_settings(&settings).expect("cache")
}

fn caller() -> Caller {
    Caller {
        user_id: Uuid::new_v4(),
        session_id: Uuid::new_v4(),
        roles: vec!["user".into()],
        token_id: Uuid::new_v4().to_string(),
        expires_at: chrono::Utc::now().timestamp() + 900,
    }
}

#[tokio::test]
async fn the_replica_loads_earlier_entries_and_follows_new_ones() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let prefix = jc_testkit::unique_prefix();
    // The auth service's side.
    let writer = redis_cache(&url, &prefix);
    let (signed_out, ended, fine) = (caller(), caller(), caller());
    deny(&writer, &[deny_list_key(&signed_out.token_id)], Duration::from_secs(60)).await.expect("deny");

    let shutdown = CancellationToken::new();
    let list = DenyList::replicated(redis_cache(&url, &prefix), shutdown.clone());
    eventually("loading the replica", || async { list.is_synced() }).await;
    assert!(list.is_denied(&signed_out).await.expect("check"), "an entry from before the start");
    assert!(!list.is_denied(&fine).await.expect("check"));

    deny(&writer, &[session_deny_key(&ended.session_id)], Duration::from_secs(60)).await.expect("deny");
    eventually("the announcement reaching the replica", || async {
        list.is_denied(&ended).await.expect("check")
    })
    .await;
    assert!(list.is_synced(), "answered from the replica");
    assert!(!list.is_denied(&fine).await.expect("check"));
    shutdown.cancel();
}

#[tokio::test]
async fn entries_expire_and_local_denials_take_effect_at_once() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let prefix = jc_testkit::unique_prefix();
    let shutdown = CancellationToken::new();
    let list = DenyList::replicated(redis_cache(&url, &prefix), shutdown.clone());
    eventually("loading the replica", || async { list.is_synced() }).await;

    let relayed = caller();
    list.deny_locally(&[session_deny_key(&relayed.session_id)], Duration::from_secs(60));
    assert!(list.is_denied(&relayed).await.expect("check"), "no wait for the announcement");

    let brief = caller();
    list.deny_locally(&[deny_list_key(&brief.token_id)], Duration::from_millis(30));
    assert!(list.is_denied(&brief).await.expect("check"));
    tokio::time::sleep(Duration::from_millis(60)).await;
    assert!(!list.is_denied(&brief).await.expect("check"), "gone once its tokens could no longer live");
    shutdown.cancel();
}

#[tokio::test]
async fn without_a_loaded_replica_checks_fail_closed() {
    // Nothing listens on this port: the replica never loads, and a check that cannot
    // reach Redis is an error, never a "not denied".
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address");
    let shutdown = CancellationToken::new();
    let list =
        DenyList::replicated(redis_cache(&format!("redis://{closed}"), "jc-test:closed:"), shutdown.clone());
    assert!(!list.is_synced());
    let error = list.is_denied(&caller()).await.expect_err("Redis is unreachable");
    assert_eq!(error.code, jc_platform::ErrorCode::Unavailable);
    shutdown.cancel();
}

#[tokio::test]
async fn the_in_memory_cache_is_read_directly() {
    let cache = Cache::memory();
    let list = DenyList::replicated(cache.clone(), CancellationToken::new());
    let denied = caller();
    deny(&cache, &[deny_list_key(&denied.token_id)], Duration::from_secs(60)).await.expect("deny");
    assert!(list.is_denied(&denied).await.expect("check"));
    assert!(!list.is_denied(&caller()).await.expect("check"));
}
