//! A small key-value cache with expiry: Redis when `redis.url` is set, otherwise an
//! in-process map (one process only, which is what `journalcraft dev` is). Used for
//! the access-token deny list; every key is namespaced by `redis.key_prefix`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use secrecy::ExposeSecret;

use crate::config::RedisSettings;
use crate::error::{AppError, AppResult};

#[derive(Clone)]
pub struct Cache {
    prefix: Arc<str>,
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Redis(ConnectionManager, redis::Client),
    Memory(Arc<Mutex<HashMap<String, (String, Instant)>>>),
}

impl Cache {
    /// Redis when configured (connecting lazily, so start-up does not wait for it),
    /// otherwise in memory.
    pub fn from_settings(settings: &RedisSettings) -> AppResult<Self> {
        let prefix: Arc<str> = Arc::from(settings.key_prefix.as_str());
        let Some(url) = &settings.url else {
            return Ok(Self::memory_with_prefix(prefix));
        };
        let client = redis::Client::open(url.expose_secret()).map_err(AppError::internal)?;
        let config = ConnectionManagerConfig::new()
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500))
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(2)));
        let manager =
            ConnectionManager::new_lazy_with_config(client.clone(), config).map_err(AppError::internal)?;
        Ok(Self { prefix, backend: Backend::Redis(manager, client) })
    }

    pub fn memory() -> Self {
        Self::memory_with_prefix(Arc::from("jc:"))
    }

    fn memory_with_prefix(prefix: Arc<str>) -> Self {
        Self { prefix, backend: Backend::Memory(Arc::default()) }
    }

    pub fn is_redis(&self) -> bool {
        matches!(self.backend, Backend::Redis(..))
    }

    /// The prefix of every key (`redis.key_prefix`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The Redis connection, for stores that run their own commands (the rate limiter).
    pub(crate) fn redis_manager(&self) -> Option<ConnectionManager> {
        match &self.backend {
            Backend::Redis(manager, _) => Some(manager.clone()),
            Backend::Memory(_) => None,
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Stores `value` under `key` for `ttl` (at least one second).
    pub async fn set(&self, key: &str, value: &str, ttl: Duration) -> AppResult<()> {
        let key = self.key(key);
        match &self.backend {
            Backend::Redis(manager, _) => {
                let mut conn = manager.clone();
                let seconds = ttl.as_secs().max(1);
                conn.set_ex::<_, _, ()>(key, value, seconds).await.map_err(AppError::unavailable)
            }
            Backend::Memory(map) => {
                let mut map = lock(map);
                let now = Instant::now();
                map.retain(|_, (_, expires)| *expires > now);
                map.insert(key, (value.to_owned(), now + ttl));
                Ok(())
            }
        }
    }

    pub async fn get(&self, key: &str) -> AppResult<Option<String>> {
        let key = self.key(key);
        match &self.backend {
            Backend::Redis(manager, _) => {
                let mut conn = manager.clone();
                conn.get(key).await.map_err(AppError::unavailable)
            }
            Backend::Memory(map) => {
                let map = lock(map);
                Ok(map.get(&key).filter(|(_, expires)| *expires > Instant::now()).map(|(v, _)| v.clone()))
            }
        }
    }

    /// Stores `value` under each of `keys` for `ttl` (at least one second), like
    /// [`Cache::set`], and on Redis publishes `announcement(key)` for each key on
    /// `channel`, all in one round trip.
    pub async fn set_and_announce(
        &self,
        keys: &[String],
        value: &str,
        ttl: Duration,
        channel: &str,
        announcement: impl Fn(&str) -> String,
    ) -> AppResult<()> {
        let Backend::Redis(manager, _) = &self.backend else {
            for key in keys {
                self.set(key, value, ttl).await?;
            }
            return Ok(());
        };
        let millis = u64::try_from(ttl.max(Duration::from_secs(1)).as_millis()).unwrap_or(u64::MAX);
        let mut pipe = redis::pipe();
        for key in keys {
            pipe.cmd("SET").arg(self.key(key)).arg(value).arg("PX").arg(millis).ignore();
            pipe.cmd("PUBLISH").arg(self.key(channel)).arg(announcement(key)).ignore();
        }
        let mut conn = manager.clone();
        pipe.query_async::<()>(&mut conn).await.map_err(AppError::unavailable)
    }

    /// Sends `message` on `channel` (Redis; nothing to send to in memory, where one
    /// process is the only listener).
    pub async fn publish(&self, channel: &str, message: &str) -> AppResult<()> {
        let Backend::Redis(manager, _) = &self.backend else {
            return Ok(());
        };
        let mut conn = manager.clone();
        conn.publish::<_, _, ()>(self.key(channel), message).await.map_err(AppError::unavailable)
    }

    /// A subscription to `channel` on its own connection (Redis only).
    pub async fn subscribe(&self, channel: &str) -> AppResult<redis::aio::PubSub> {
        let Backend::Redis(_, client) = &self.backend else {
            return Err(AppError::internal("subscriptions need Redis"));
        };
        let mut pubsub = client.get_async_pubsub().await.map_err(AppError::unavailable)?;
        pubsub.subscribe(self.key(channel)).await.map_err(AppError::unavailable)?;
        Ok(pubsub)
    }

    /// Every key matching `pattern` (without the prefix) with its remaining lifetime;
    /// keys without one are left out (Redis only).
    pub async fn scan_with_ttl(&self, pattern: &str) -> AppResult<Vec<(String, Duration)>> {
        let Backend::Redis(manager, _) = &self.backend else {
            return Err(AppError::internal("scanning needs Redis"));
        };
        let mut conn = manager.clone();
        let mut found = Vec::new();
        let mut cursor: u64 = 0;
        loop {
            let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(format!("{}{pattern}", glob_escaped(&self.prefix)))
                .arg("COUNT")
                .arg(1000)
                .query_async(&mut conn)
                .await
                .map_err(AppError::unavailable)?;
            if !keys.is_empty() {
                let mut pipe = redis::pipe();
                for key in &keys {
                    pipe.cmd("PTTL").arg(key);
                }
                let ttls: Vec<i64> = pipe.query_async(&mut conn).await.map_err(AppError::unavailable)?;
                for (key, ttl) in keys.into_iter().zip(ttls) {
                    if let (Some(key), Ok(ms)) = (key.strip_prefix(&*self.prefix), u64::try_from(ttl)) {
                        found.push((key.to_owned(), Duration::from_millis(ms)));
                    }
                }
            }
            if next == 0 {
                return Ok(found);
            }
            cursor = next;
        }
    }

    pub async fn exists(&self, key: &str) -> AppResult<bool> {
        Ok(self.get(key).await?.is_some())
    }

    /// Whether any of `keys` is present, in one round trip.
    pub async fn exists_any(&self, keys: &[String]) -> AppResult<bool> {
        let keys: Vec<String> = keys.iter().map(|k| self.key(k)).collect();
        match &self.backend {
            Backend::Redis(manager, _) => {
                let mut conn = manager.clone();
                let count: u64 = redis::cmd("EXISTS")
                    .arg(&keys)
                    .query_async(&mut conn)
                    .await
                    .map_err(AppError::unavailable)?;
                Ok(count > 0)
            }
            Backend::Memory(map) => {
                let map = lock(map);
                let now = Instant::now();
                Ok(keys.iter().any(|k| map.get(k).is_some_and(|(_, expires)| *expires > now)))
            }
        }
    }

    /// Answers when the backing store does; for `/readyz`.
    pub async fn ping(&self) -> AppResult<()> {
        match &self.backend {
            Backend::Redis(manager, _) => {
                let mut conn = manager.clone();
                redis::cmd("PING")
                    .query_async::<String>(&mut conn)
                    .await
                    .map(|_| ())
                    .map_err(AppError::unavailable)
            }
            Backend::Memory(_) => Ok(()),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding this lock cannot leave the map inconsistent: every
    // critical section is a single insert, retain or lookup.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A readiness check for the cache, for [`crate::health::Health`].
pub fn readiness_check(cache: Cache) -> Arc<dyn crate::health::Check> {
    Arc::new(CacheCheck(cache))
}

struct CacheCheck(Cache);

#[async_trait::async_trait]
impl crate::health::Check for CacheCheck {
    fn name(&self) -> String {
        "cache".into()
    }

    async fn check(&self) -> Result<(), String> {
        self.0.ping().await.map_err(|e| e.source.map(|s| s.to_string()).unwrap_or_default())
    }
}

/// `text` with Redis's glob characters escaped, to match it literally in `SCAN MATCH`.
fn glob_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_entries_expire() {
        let cache = Cache::memory();
        cache.set("a", "1", Duration::from_secs(60)).await.expect("set");
        cache.set("b", "2", Duration::ZERO).await.expect("set");
        assert_eq!(cache.get("a").await.expect("get").as_deref(), Some("1"));
        assert!(!cache.exists("b").await.expect("exists"));
        assert!(!cache.exists("c").await.expect("exists"));
    }

    #[test]
    fn glob_characters_of_the_prefix_are_matched_literally() {
        assert_eq!(glob_escaped("jc:"), "jc:");
        assert_eq!(glob_escaped(r"a*b?[c]\d"), r"a\*b\?\[c\]\\d");
    }
}
