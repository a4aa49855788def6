//! A read-through memo of rows a service owns, kept right across its replicas.
//!
//! A service that reads the same rows far more often than it writes them can answer
//! from memory: [`Memo::get`] a value, or on a miss take a [`Ticket`], read the store,
//! and [`Memo::fill`]. Every writer calls [`Memo::changed`] once its write has run
//! (also when it failed: a failed call may still have committed); that forgets the key
//! here and, on Redis, announces it on the memo's channel, so every other replica
//! forgets it too when the announcement arrives.
//!
//! The rules that keep a replica from answering with a value older than a committed
//! write it could know of:
//! - A fill carries the ticket taken before its read. Any forgetting after that (here
//!   or announced) bumps the memo's epoch, and a fill from an older epoch is dropped:
//!   its read may have seen the row before the write. The epoch is one for the whole
//!   memo, not one per key: a change to any key drops the fills in flight for every
//!   key, which costs only a later read from the store and keeps the rule simple.
//! - On Redis, the memo answers only while it follows the channel. Until it has
//!   subscribed, and from the moment the subscription is lost until it is back, it
//!   holds nothing and hands out no tickets, so every read goes to the store. Every
//!   (re)subscription starts from an empty memo.
//! - An entry lives at most `max_age`: the bound on staleness should an announcement
//!   never be sent (Redis unreachable at the moment of a write that did commit).
//!
//! With the in-memory cache (one process, `journalcraft dev`) there is no channel:
//! forgetting is local and the memo always follows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use crate::cache::Cache;
use crate::error::AppResult;
use crate::follow::{Follower, follow};

/// How a memo is bounded.
#[derive(Debug, Clone, Copy)]
pub struct MemoLimits {
    /// The longest an entry is answered from memory; zero turns the memo off.
    pub max_age: Duration,
    /// The most entries kept; when full, expired entries go, then all of them.
    pub capacity: usize,
}

/// Read-through values of type `V` under string keys.
#[derive(Clone)]
pub struct Memo<V> {
    inner: Arc<Inner<V>>,
    cache: Cache,
    channel: Arc<str>,
}

struct Inner<V> {
    state: Mutex<State<V>>,
    limits: MemoLimits,
    reads: Reads,
}

/// `memo_reads_total{memo, outcome}`: answered from memory (`hit`), read from the store
/// and remembered (`miss`), or read from the store while not following (`bypass`).
struct Reads {
    hit: metrics::Counter,
    miss: metrics::Counter,
    bypass: metrics::Counter,
}

impl Reads {
    fn new(channel: &str) -> Self {
        let memo = channel.to_owned();
        let counter = |outcome: &'static str| {
            let labels = [("memo", memo.clone()), ("outcome", outcome.to_owned())];
            metrics::counter!("memo_reads_total", &labels)
        };
        Self { hit: counter("hit"), miss: counter("miss"), bypass: counter("bypass") }
    }
}

struct State<V> {
    entries: HashMap<String, (V, Instant)>,
    /// Bumped by every forgetting; a fill from an earlier epoch is dropped.
    epoch: u64,
    /// Whether this replica hears every change (always, without Redis).
    following: bool,
}

/// Proof that a read started at a given epoch, for [`Memo::fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

impl<V: Clone + Send + 'static> Memo<V> {
    /// A memo whose changes are announced on `channel` (under the cache's key prefix).
    /// On Redis it follows the channel until `shutdown`; must be called inside a tokio
    /// runtime.
    pub fn new(cache: Cache, channel: &str, limits: MemoLimits, shutdown: CancellationToken) -> Self {
        let following = !cache.is_redis();
        let inner = Arc::new(Inner {
            state: Mutex::new(State { entries: HashMap::new(), epoch: 0, following }),
            limits,
            reads: Reads::new(channel),
        });
        if cache.is_redis() && !limits.max_age.is_zero() {
            tokio::spawn({
                let (cache, channel, inner) = (cache.clone(), channel.to_owned(), Arc::clone(&inner));
                async move { follow(cache, channel, &*inner, "memo", shutdown).await }
            });
        }
        Self { inner, cache, channel: Arc::from(channel) }
    }

    /// Whether the memo is answering from memory (it follows every change).
    pub fn is_following(&self) -> bool {
        !self.inner.limits.max_age.is_zero() && self.inner.lock().following
    }

    /// The value remembered under `key`, if it is young enough and the memo follows.
    pub fn get(&self, key: &str) -> Option<V> {
        let state = self.inner.lock();
        if !state.following {
            return None;
        }
        let (value, at) = state.entries.get(key)?;
        (at.elapsed() < self.inner.limits.max_age).then(|| value.clone())
    }

    /// A ticket to fill with what a read started now finds; `None` while the memo does
    /// not follow (then the read's result must not be remembered).
    pub fn ticket(&self) -> Option<Ticket> {
        let state = self.inner.lock();
        (state.following && !self.inner.limits.max_age.is_zero()).then_some(Ticket(state.epoch))
    }

    /// Remembers `value` under `key`, unless something was forgotten since `ticket`.
    pub fn fill(&self, ticket: Ticket, key: &str, value: V) {
        let mut state = self.inner.lock();
        if !state.following || state.epoch != ticket.0 {
            return;
        }
        if state.entries.len() >= self.inner.limits.capacity {
            let max_age = self.inner.limits.max_age;
            state.entries.retain(|_, (_, at)| at.elapsed() < max_age);
            if state.entries.len() >= self.inner.limits.capacity {
                state.entries.clear();
            }
        }
        state.entries.insert(key.to_owned(), (value, Instant::now()));
    }

    /// The value under `key`, from memory or else from `load` (remembered when the
    /// memo allows).
    pub async fn get_or_load<F, Fut>(&self, key: &str, load: F) -> AppResult<V>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<V>>,
    {
        if let Some(value) = self.get(key) {
            self.inner.reads.hit.increment(1);
            return Ok(value);
        }
        let ticket = self.ticket();
        let value = load().await?;
        if let Some(ticket) = ticket {
            self.inner.reads.miss.increment(1);
            self.fill(ticket, key, value.clone());
        } else {
            self.inner.reads.bypass.increment(1);
        }
        Ok(value)
    }

    /// Forgets `key` here and announces the change to the other replicas. Call it once
    /// the write has run, whether it succeeded or not. The local part cannot fail; a failed announcement is
    /// returned (the other replicas then hold the old value until it is `max_age` old).
    pub async fn changed(&self, key: &str) -> AppResult<()> {
        self.inner.forget(key);
        if self.cache.is_redis() {
            self.cache.publish(&self.channel, key).await?;
        }
        Ok(())
    }
}

impl<V> Inner<V> {
    fn lock(&self) -> MutexGuard<'_, State<V>> {
        // Every critical section leaves the state whole (a lookup, an insert, a removal
        // with the epoch bump, or a clear), so a poisoned lock holds consistent data.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn forget(&self, key: &str) {
        let mut state = self.lock();
        state.entries.remove(key);
        state.epoch += 1;
    }

    /// Starts or stops following: either way, everything remembered so far goes.
    fn set_following(&self, following: bool) {
        let mut state = self.lock();
        state.entries.clear();
        state.epoch += 1;
        state.following = following;
    }
}

#[async_trait::async_trait]
impl<V: Send> Follower for Inner<V> {
    async fn subscribed(&self, _cache: &Cache) -> AppResult<()> {
        self.set_following(true);
        tracing::info!("a memo is following its changes");
        Ok(())
    }

    fn message(&self, key: &str) {
        self.forget(key);
    }

    fn lost(&self) {
        self.set_following(false);
    }
}

/// Describes `memo_reads_total`.
pub(crate) fn describe_metrics() {
    metrics::describe_counter!(
        "memo_reads_total",
        "Reads of a memo, by memo and outcome: hit (from memory), miss (from the store, \
         remembered) or bypass (from the store while the memo is not following its channel)."
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn memo(max_age: Duration, capacity: usize) -> Memo<u32> {
        Memo::new(Cache::memory(), "test", MemoLimits { max_age, capacity }, CancellationToken::new())
    }

    #[tokio::test]
    async fn a_filled_value_is_answered_until_it_changes() {
        let memo = memo(Duration::from_secs(60), 10);
        assert_eq!(memo.get("a"), None);
        let ticket = memo.ticket().expect("the in-memory memo always follows");
        memo.fill(ticket, "a", 1);
        assert_eq!(memo.get("a"), Some(1));
        memo.changed("a").await.expect("changed");
        assert_eq!(memo.get("a"), None);
    }

    #[tokio::test]
    async fn a_fill_from_before_a_change_is_dropped() {
        let memo = memo(Duration::from_secs(60), 10);
        let before = memo.ticket().expect("ticket");
        // A write to another key commits while the read is under way.
        memo.changed("b").await.expect("changed");
        memo.fill(before, "a", 1);
        assert_eq!(memo.get("a"), None, "the read may have seen the row before the write");
        let after = memo.ticket().expect("ticket");
        memo.fill(after, "a", 2);
        assert_eq!(memo.get("a"), Some(2));
    }

    #[tokio::test]
    async fn get_or_load_reads_once_then_remembers() {
        let memo = memo(Duration::from_secs(60), 10);
        let loads = std::sync::atomic::AtomicU32::new(0);
        for _ in 0..3 {
            let value = memo
                .get_or_load("a", || async {
                    loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    Ok(7)
                })
                .await
                .expect("value");
            assert_eq!(value, 7);
        }
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
        let failed: AppResult<u32> =
            memo.get_or_load("b", || async { Err(AppError::unavailable("down")) }).await;
        assert!(failed.is_err());
        assert_eq!(memo.get("b"), None, "a failed read remembers nothing");
    }

    #[tokio::test]
    async fn reads_are_counted_by_outcome() {
        let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        let memo = metrics::with_local_recorder(&recorder, || memo(Duration::from_secs(60), 10));
        for _ in 0..3 {
            memo.get_or_load("a", || async { Ok(1) }).await.expect("value");
        }
        let text = handle.render();
        assert!(text.contains(r#"memo_reads_total{memo="test",outcome="miss"} 1"#), "{text}");
        assert!(text.contains(r#"memo_reads_total{memo="test",outcome="hit"} 2"#), "{text}");
    }

    #[tokio::test]
    async fn a_zero_max_age_turns_the_memo_off() {
        let memo = memo(Duration::ZERO, 10);
        assert!(!memo.is_following());
        assert_eq!(memo.ticket(), None);
    }

    #[tokio::test]
    async fn an_entry_older_than_max_age_is_not_answered() {
        let memo = memo(Duration::from_millis(1), 10);
        let ticket = memo.ticket().expect("ticket");
        memo.fill(ticket, "a", 1);
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(memo.get("a"), None);
    }

    #[tokio::test]
    async fn a_full_memo_makes_room() {
        let memo = memo(Duration::from_secs(60), 2);
        for (key, value) in [("a", 1), ("b", 2), ("c", 3)] {
            let ticket = memo.ticket().expect("ticket");
            memo.fill(ticket, key, value);
        }
        assert_eq!(memo.get("c"), Some(3));
        assert!(memo.inner.lock().entries.len() <= 2);
    }
}
