//! Rate limits: the generic cell rate algorithm (GCRA), decided in Redis by one atomic
//! script per decision when Redis is configured (every gateway replica then shares each
//! limit), in this process's memory otherwise (`journalcraft dev`).
//!
//! A [`Quota`] allows `limit` requests per `period`, all at once if they come at once,
//! then one every `period / limit`. For each key the limiter keeps one number, the
//! theoretical arrival time (TAT) of the next request: a request at `now` is allowed
//! when `max(tat, now) + interval - period <= now`, and then moves the TAT on by one
//! interval. A key costs one entry that expires when its quota is whole again.
//!
//! A decision may check several keys at once (sign-in: the address with the account,
//! and the address alone); it is allowed only if every key allows it, and only then does
//! it count against any of them.
//!
//! When Redis cannot be reached, [`RateLimiter::check`] says so and the caller chooses,
//! per class, what to do ([`WhenUnavailable`]); the limiter then skips Redis for a short
//! while instead of waiting for it on every request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use redis::aio::ConnectionManager;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::cache::Cache;

/// Requests allowed per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub limit: u32,
    pub period_seconds: u64,
}

impl Quota {
    pub const fn new(limit: u32, period_seconds: u64) -> Self {
        Self { limit, period_seconds }
    }

    fn period_micros(&self) -> u64 {
        self.period_seconds.saturating_mul(1_000_000).max(1)
    }

    /// The time one request takes from the quota, in microseconds (at least one).
    fn interval_micros(&self) -> u64 {
        (self.period_micros() / u64::from(self.limit.max(1))).max(1)
    }
}

/// What a class does when the shared store (Redis) cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenUnavailable {
    /// Decide in this process's memory: each replica then allows the whole quota.
    Local,
    /// Allow the request without a limit.
    Allow,
    /// Refuse the request (503).
    Refuse,
}

/// One key of a decision and its quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The policy's name, for the `RateLimit` headers (`sign_in_address`).
    pub policy: &'static str,
    pub key: String,
    pub quota: Quota,
}

/// The state of one key after a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyState {
    pub policy: &'static str,
    pub quota: Quota,
    /// Requests still allowed right now.
    pub remaining: u32,
    /// Until the quota is whole again.
    pub reset: Duration,
}

/// The answer for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// When refused: how long until the request would be allowed.
    pub retry_after: Duration,
    /// One per key checked, in the order given.
    pub keys: Vec<KeyState>,
}

/// Redis could not decide; the caller applies the class's [`WhenUnavailable`].
#[derive(Debug, thiserror::Error)]
#[error("the rate limit store is unreachable: {0}")]
pub struct Unavailable(String);

/// The limiter of one process: Redis when the cache is Redis, and always a memory store
/// (the only one without Redis, the fallback with it).
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<Inner>,
}

struct Inner {
    redis: Option<(ConnectionManager, String)>,
    memory: MemoryStore,
    /// Until when (milliseconds since `epoch`) Redis is not tried again after a failure.
    skip_redis_until: AtomicU64,
    epoch: Instant,
    timeout: Duration,
    pause: Duration,
}

/// How long one Redis decision may take before it counts as unreachable.
pub const REDIS_TIMEOUT: Duration = Duration::from_millis(250);
/// How long Redis is left alone after it failed a decision.
pub const REDIS_PAUSE: Duration = Duration::from_secs(2);

impl RateLimiter {
    /// Shares the cache's Redis (keys under its prefix, then `rl:`), or memory only.
    pub fn new(cache: &Cache) -> Self {
        Self::with_timing(cache, REDIS_TIMEOUT, REDIS_PAUSE)
    }

    /// A limiter in this process's memory only.
    pub fn memory() -> Self {
        Self::new(&Cache::memory())
    }

    /// With the time a Redis decision may take and how long Redis is then left alone.
    pub fn with_timing(cache: &Cache, timeout: Duration, pause: Duration) -> Self {
        let redis = cache.redis_manager().map(|manager| (manager, format!("{}rl:", cache.prefix())));
        Self {
            inner: Arc::new(Inner {
                redis,
                memory: MemoryStore::default(),
                skip_redis_until: AtomicU64::new(0),
                epoch: Instant::now(),
                timeout,
                pause,
            }),
        }
    }

    pub fn is_shared(&self) -> bool {
        self.inner.redis.is_some()
    }

    /// Decides on `limits` together in the shared store: allowed only if every key allows,
    /// counted only when allowed. Without Redis, decides in memory.
    pub async fn check(&self, limits: &[Limit]) -> Result<Decision, Unavailable> {
        let Some((manager, prefix)) = &self.inner.redis else {
            return Ok(self.check_locally(limits));
        };
        let now_ms = self.elapsed_ms();
        if now_ms < self.inner.skip_redis_until.load(Ordering::Relaxed) {
            return Err(Unavailable("Redis failed a recent decision".into()));
        }
        let call = decide_in_redis(manager.clone(), prefix, limits);
        let result = match tokio::time::timeout(self.inner.timeout, call).await {
            Ok(result) => result.map_err(|error| error.to_string()),
            Err(_) => Err(format!("no answer within {} ms", self.inner.timeout.as_millis())),
        };
        result.map_err(|reason| {
            let until = self.elapsed_ms() + self.inner.pause.as_millis() as u64;
            self.inner.skip_redis_until.store(until, Ordering::Relaxed);
            tracing::warn!(%reason, "rate limit decision fell back: Redis is unreachable");
            Unavailable(reason)
        })
    }

    /// Decides in this process's memory (the store without Redis, and the fallback of
    /// [`WhenUnavailable::Local`]).
    pub fn check_locally(&self, limits: &[Limit]) -> Decision {
        self.inner.memory.check(limits, Instant::now())
    }

    fn elapsed_ms(&self) -> u64 {
        self.inner.epoch.elapsed().as_millis() as u64
    }
}

/// The GCRA over several keys, atomically: `KEYS` are the keys, `ARGV` holds each key's
/// interval and period in microseconds. Time comes from the Redis server, so replicas
/// whose clocks differ still agree. Answers `allowed, retry_after_us`, then for each
/// key `remaining, reset_us`.
const SCRIPT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tats = {}
local allowed = 1
local retry = 0
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i - 1])
  local period = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', key) or now) or now
  if tat < now then tat = now end
  tats[i] = tat
  local allow_at = tat + interval - period
  if now < allow_at then
    allowed = 0
    if allow_at - now > retry then retry = allow_at - now end
  end
end
local answer = {allowed, retry}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i - 1])
  local period = tonumber(ARGV[2 * i])
  local tat = tats[i]
  if allowed == 1 then
    tat = tat + interval
    redis.call('SET', key, string.format('%d', tat), 'PX', math.max(1, math.ceil((tat - now) / 1000)))
  end
  local remaining = math.floor((period - (tat - now)) / interval)
  if remaining < 0 then remaining = 0 end
  answer[#answer + 1] = remaining
  answer[#answer + 1] = tat - now
end
return answer
";

fn script() -> &'static redis::Script {
    static SCRIPT_CELL: OnceLock<redis::Script> = OnceLock::new();
    SCRIPT_CELL.get_or_init(|| redis::Script::new(SCRIPT))
}

async fn decide_in_redis(
    mut manager: ConnectionManager,
    prefix: &str,
    limits: &[Limit],
) -> redis::RedisResult<Decision> {
    let mut invocation = script().prepare_invoke();
    for limit in limits {
        invocation.key(format!("{prefix}{}", limit.key));
        invocation.arg(limit.quota.interval_micros()).arg(limit.quota.period_micros());
    }
    let answer: Vec<i64> = invocation.invoke_async(&mut manager).await?;
    if answer.len() != 2 + 2 * limits.len() {
        return Err(redis::RedisError::from((
            redis::ErrorKind::Client,
            "unexpected answer of the rate limit script",
        )));
    }
    let micros = |value: i64| Duration::from_micros(value.max(0) as u64);
    let keys = limits
        .iter()
        .zip(answer[2..].chunks_exact(2))
        .map(|(limit, state)| KeyState {
            policy: limit.policy,
            quota: limit.quota,
            remaining: u32::try_from(state[0].max(0)).unwrap_or(u32::MAX),
            reset: micros(state[1]),
        })
        .collect();
    Ok(Decision { allowed: answer[0] == 1, retry_after: micros(answer[1]), keys })
}

/// The GCRA in memory, with the same arithmetic as [`SCRIPT`], on tokio's clock (which
/// tests pause and advance).
#[derive(Default)]
struct MemoryStore {
    state: Mutex<MemoryState>,
}

#[derive(Default)]
struct MemoryState {
    /// Each key's TAT.
    tats: HashMap<String, Instant>,
    /// Above this many entries, expired ones are swept out before the next insert.
    sweep_at: usize,
}

const MIN_SWEEP: usize = 1024;

impl MemoryStore {
    fn check(&self, limits: &[Limit], now: Instant) -> Decision {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut allowed = true;
        let mut retry_after = Duration::ZERO;
        let tats: Vec<Instant> = limits
            .iter()
            .map(|limit| {
                let tat = state.tats.get(&limit.key).copied().unwrap_or(now).max(now);
                let period = Duration::from_micros(limit.quota.period_micros());
                let interval = Duration::from_micros(limit.quota.interval_micros());
                let allow_at = (tat + interval).checked_sub(period).unwrap_or(now);
                if now < allow_at {
                    allowed = false;
                    retry_after = retry_after.max(allow_at - now);
                }
                tat
            })
            .collect();
        if allowed && state.tats.len() >= state.sweep_at {
            state.tats.retain(|_, tat| *tat > now);
            state.sweep_at = (state.tats.len() * 2).max(MIN_SWEEP);
        }
        let keys = limits
            .iter()
            .zip(tats)
            .map(|(limit, mut tat)| {
                let interval = Duration::from_micros(limit.quota.interval_micros());
                if allowed {
                    tat += interval;
                    state.tats.insert(limit.key.clone(), tat);
                }
                let used = tat - now;
                let period = Duration::from_micros(limit.quota.period_micros());
                let remaining = period.saturating_sub(used).as_micros() / interval.as_micros().max(1);
                KeyState {
                    policy: limit.policy,
                    quota: limit.quota,
                    remaining: u32::try_from(remaining).unwrap_or(u32::MAX),
                    reset: used,
                }
            })
            .collect();
        Decision { allowed, retry_after, keys }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.state.lock().map(|state| state.tats.len()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(policy: &'static str, key: &str, limit: u32, period_seconds: u64) -> Limit {
        Limit { policy, key: key.to_owned(), quota: Quota::new(limit, period_seconds) }
    }

    #[tokio::test(start_paused = true)]
    async fn a_quota_allows_its_burst_then_one_per_interval() {
        let limiter = RateLimiter::memory();
        let limits = [limit("sign_in", "a", 3, 60)];
        for expected_remaining in [2, 1, 0] {
            let decision = limiter.check(&limits).await.expect("memory decides");
            assert!(decision.allowed);
            assert_eq!(decision.keys[0].remaining, expected_remaining);
        }
        let refused = limiter.check(&limits).await.expect("memory decides");
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after, Duration::from_secs(20));
        assert_eq!(refused.keys[0].reset, Duration::from_secs(60));

        tokio::time::advance(Duration::from_secs(19)).await;
        assert!(!limiter.check(&limits).await.expect("memory decides").allowed, "refusals do not count");
        tokio::time::advance(Duration::from_secs(1)).await;
        let again = limiter.check(&limits).await.expect("memory decides");
        assert!(again.allowed, "one interval later, one more request");
        assert_eq!(again.keys[0].remaining, 0);
        tokio::time::advance(Duration::from_secs(60)).await;
        assert_eq!(limiter.check(&limits).await.expect("memory decides").keys[0].remaining, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn several_keys_are_counted_only_when_all_allow() {
        let limiter = RateLimiter::memory();
        let narrow = limit("pair", "address:account", 1, 60);
        let wide = limit("address", "address", 5, 60);
        assert!(limiter.check(&[narrow.clone(), wide.clone()]).await.expect("decides").allowed);
        let refused = limiter.check(&[narrow, wide.clone()]).await.expect("decides");
        assert!(!refused.allowed);
        assert_eq!(refused.keys[1].remaining, 4, "the refused pair did not count against the address");
        let other = limit("pair", "address:other", 1, 60);
        let allowed = limiter.check(&[other, wide]).await.expect("decides");
        assert!(allowed.allowed);
        assert_eq!(allowed.keys[1].remaining, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn expired_keys_are_swept() {
        let limiter = RateLimiter::memory();
        for n in 0..MIN_SWEEP {
            limiter.check_locally(&[limit("default", &format!("k{n}"), 10, 1)]);
        }
        assert_eq!(limiter.inner.memory.len(), MIN_SWEEP);
        tokio::time::advance(Duration::from_secs(2)).await;
        limiter.check_locally(&[limit("default", "fresh", 10, 1)]);
        assert_eq!(limiter.inner.memory.len(), 1);
    }

    #[test]
    fn intervals_never_reach_zero() {
        assert_eq!(Quota::new(10, 60).interval_micros(), 6_000_000);
        assert_eq!(Quota::new(u32::MAX, 1).interval_micros(), 1);
        assert_eq!(Quota::new(0, 0).interval_micros(), 1);
    }
}
