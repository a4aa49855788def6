//! The memo against the local Redis (a key prefix per test): a change on one replica
//! reaches the others, and a replica that is not following its channel remembers
//! nothing.

use std::time::Duration;

use jc_platform::cache::Cache;
use jc_platform::config::RedisSettings;
use jc_platform::memo::{Memo, MemoLimits};
use secrecy::SecretString;
use tokio_util::sync::CancellationToken;

use jc_testkit::eventually;

use crate::support::Proxy;

const CHANNEL: &str = "memo-test";
const LIMITS: MemoLimits = MemoLimits { max_age: Duration::from_secs(60), capacity: 100 };

fn replica(url: &str, prefix: &str, shutdown: &CancellationToken) -> Memo<String> {
    let settings =
        RedisSettings { url: Some(SecretString::from(url.to_owned())), key_prefix: prefix.to_owned() };
    let cache = Cache::from_settings(&settings).expect("cache");
    Memo::new(cache, CHANNEL, LIMITS, shutdown.clone())
}

async fn following(memo: &Memo<String>) {
    eventually("the memo to follow its channel", || async { memo.is_following() }).await;
}

fn fill(memo: &Memo<String>, key: &str, value: &str) {
    let ticket = memo.ticket().expect("a following memo hands out tickets");
    memo.fill(ticket, key, value.to_owned());
}

#[tokio::test]
async fn a_change_on_one_replica_reaches_the_others() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let prefix = jc_testkit::unique_prefix();
    let shutdown = CancellationToken::new();
    let (a, b) = (replica(&url, &prefix, &shutdown), replica(&url, &prefix, &shutdown));
    following(&a).await;
    following(&b).await;
    fill(&a, "user-1", "old");
    fill(&b, "user-1", "old");
    fill(&b, "user-2", "other");

    a.changed("user-1").await.expect("announced");
    assert_eq!(a.get("user-1"), None, "forgotten where it changed, at once");
    eventually("the change to reach the other replica", || async { b.get("user-1").is_none() }).await;
    assert_eq!(b.get("user-2").as_deref(), Some("other"), "other keys stay");

    // A read on the other replica that started before the announcement arrived is
    // not remembered.
    let before = b.ticket().expect("ticket");
    a.changed("user-2").await.expect("announced");
    eventually("the second change to arrive", || async { b.get("user-2").is_none() }).await;
    b.fill(before, "user-1", "read before the change".to_owned());
    assert_eq!(b.get("user-1"), None);
    shutdown.cancel();
}

#[tokio::test]
async fn a_replica_that_loses_its_subscription_forgets_and_reads_the_store() {
    let Some(url) = jc_testkit::redis_url() else { return };
    let prefix = jc_testkit::unique_prefix();
    let shutdown = CancellationToken::new();
    let proxy = Proxy::start(0, crate::support::broker_address(&url)).await;
    let memo = replica(&proxy.url(&url), &prefix, &shutdown);
    following(&memo).await;
    fill(&memo, "user-1", "remembered");
    assert_eq!(memo.get("user-1").as_deref(), Some("remembered"));

    // Changes announced while the connection is down would be missed: the memo stops
    // answering as soon as it notices, and starts empty when it follows again.
    proxy.cut();
    eventually("the memo to notice", || async { !memo.is_following() }).await;
    assert_eq!(memo.get("user-1"), None);
    assert_eq!(memo.ticket(), None, "no read is remembered meanwhile");
    following(&memo).await;
    assert_eq!(memo.get("user-1"), None, "nothing from before the cut survives");
    shutdown.cancel();
}

#[tokio::test]
async fn without_redis_the_memo_never_answers() {
    let closed = crate::support::closed_port().await;
    let shutdown = CancellationToken::new();
    let memo = replica(&format!("redis://127.0.0.1:{closed}"), "jc-test:closed:", &shutdown);
    assert!(!memo.is_following());
    assert_eq!(memo.ticket(), None);
    let error = memo.changed("user-1").await.expect_err("the announcement cannot be sent");
    assert_eq!(error.code, jc_platform::ErrorCode::Unavailable);
    shutdown.cancel();
}
