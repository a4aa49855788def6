//! The access-token deny list: `deny:<jti>` for a signed-out token and `deny:sid:<id>`
//! for an ended session, each kept for as long as the tokens it names could live.
//!
//! The auth service writes an entry with [`deny`]: a key with that lifetime in the cache
//! and, on Redis, an announcement on the `deny` channel. The gateway reads the list on
//! every authenticated request. A Redis round trip per request was most of the cost of a
//! cheap request, so a gateway keeps a replica ([`DenyList::replicated`]): it subscribes
//! to the channel, then loads every entry already there, and from then on answers from
//! memory. Until the replica is loaded, and whenever the subscription is lost, every
//! check goes to Redis as before (and fails with `unavailable` when Redis does), so a
//! replica never says "not denied" about an entry it could have missed. Another
//! gateway learns of an entry within the time Redis takes to deliver the announcement;
//! the gateway that relayed a sign-out marks it at once ([`DenyList::deny_locally`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use crate::cache::Cache;
use crate::error::AppResult;
use crate::follow::{Follower, follow};
use crate::identity::{Caller, deny_list_key, session_deny_key};

/// The channel entries are announced on (under the cache's key prefix).
pub const CHANNEL: &str = "deny";

/// Puts `keys` on the deny list for `ttl` (at least a second) and announces them, in
/// one round trip.
pub async fn deny(cache: &Cache, keys: &[String], ttl: Duration) -> AppResult<()> {
    let ttl = ttl.max(Duration::from_secs(1));
    cache.set_and_announce(keys, "1", ttl, CHANNEL, |key| announcement(key, ttl)).await
}

/// An announcement: the entry's lifetime in milliseconds and its key.
fn announcement(key: &str, ttl: Duration) -> String {
    format!("{} {key}", ttl.as_millis())
}

fn parse_announcement(payload: &str) -> Option<(Duration, &str)> {
    let (millis, key) = payload.split_once(' ')?;
    Some((Duration::from_millis(millis.parse().ok()?), key))
}

/// How the deny list is read.
#[derive(Clone)]
pub struct DenyList {
    cache: Cache,
    replica: Option<Arc<Replica>>,
}

#[derive(Default)]
struct Replica {
    entries: RwLock<HashMap<String, Instant>>,
    /// Loaded and following the channel: answers may come from `entries`.
    synced: AtomicBool,
}

impl Replica {
    fn insert(&self, key: &str, expires: Instant) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if entries.len() >= 1024 && entries.len().is_power_of_two() {
            entries.retain(|_, at| *at > now);
        }
        let slot = entries.entry(key.to_owned()).or_insert(expires);
        *slot = (*slot).max(expires);
    }

    fn contains_any(&self, keys: &[String]) -> bool {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        keys.iter().any(|k| entries.get(k).is_some_and(|at| *at > now))
    }
}

impl DenyList {
    /// Every check asks the cache.
    pub fn direct(cache: Cache) -> Self {
        Self { cache, replica: None }
    }

    /// With a replica kept in memory until `shutdown` (on Redis; the in-memory cache is
    /// already local, so it is read directly). Must be called inside a tokio runtime.
    pub fn replicated(cache: Cache, shutdown: CancellationToken) -> Self {
        if !cache.is_redis() {
            return Self::direct(cache);
        }
        let replica = Arc::new(Replica::default());
        tokio::spawn({
            let (cache, replica) = (cache.clone(), Arc::clone(&replica));
            async move { follow(cache, CHANNEL.to_owned(), &*replica, "deny-list replica", shutdown).await }
        });
        Self { cache, replica: Some(replica) }
    }

    /// Whether the replica is loaded and following (false without one).
    pub fn is_synced(&self) -> bool {
        self.replica.as_ref().is_some_and(|r| r.synced.load(Ordering::Acquire))
    }

    /// Whether the caller's token or session is on the list.
    pub async fn is_denied(&self, caller: &Caller) -> AppResult<bool> {
        let keys = [deny_list_key(&caller.token_id), session_deny_key(&caller.session_id)];
        match &self.replica {
            Some(replica) if replica.synced.load(Ordering::Acquire) => Ok(replica.contains_any(&keys)),
            _ => self.cache.exists_any(&keys).await,
        }
    }

    /// Marks `keys` denied in this process at once, for `ttl`, ahead of their
    /// announcement (which the auth service has already sent).
    pub fn deny_locally(&self, keys: &[String], ttl: Duration) {
        if let Some(replica) = &self.replica {
            let expires = Instant::now() + ttl;
            for key in keys {
                replica.insert(key, expires);
            }
        }
    }
}

#[async_trait::async_trait]
impl Follower for Replica {
    async fn subscribed(&self, cache: &Cache) -> AppResult<()> {
        let existing = cache.scan_with_ttl("deny:*").await?;
        {
            let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            entries.clear();
            for (key, ttl) in existing {
                entries.insert(key, now + ttl);
            }
            tracing::info!(entries = entries.len(), "deny-list replica loaded");
        }
        self.synced.store(true, Ordering::Release);
        Ok(())
    }

    fn message(&self, payload: &str) {
        match parse_announcement(payload) {
            Some((ttl, key)) => self.insert(key, Instant::now() + ttl),
            None => tracing::warn!(payload = %payload, "ignoring a malformed deny-list announcement"),
        }
    }

    fn lost(&self) {
        self.synced.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_round_trip() {
        let text = announcement("deny:sid:abc", Duration::from_millis(900_000));
        assert_eq!(text, "900000 deny:sid:abc");
        assert_eq!(parse_announcement(&text), Some((Duration::from_millis(900_000), "deny:sid:abc")));
        assert_eq!(parse_announcement("soon deny:x"), None);
        assert_eq!(parse_announcement("nothing"), None);
    }

    #[test]
    fn the_replica_keeps_the_later_expiry_and_forgets_expired_entries() {
        let replica = Replica::default();
        let now = Instant::now();
        replica.insert("deny:a", now + Duration::from_secs(60));
        replica.insert("deny:a", now + Duration::from_millis(1));
        assert!(replica.contains_any(&["deny:a".into()]), "a shorter second lifetime does not shorten it");
        replica.insert("deny:gone", now);
        assert!(!replica.contains_any(&["deny:gone".into(), "deny:other".into()]));
    }
}
