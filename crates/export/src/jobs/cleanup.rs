//! The cleanup task: every `cleanup_interval_seconds` it deletes the jobs whose
//! `expires_at` has passed with their files (file first, then row, so a crash in
//! between only repeats the work), and the files no job holds that are older than
//! [`ORPHAN_GRACE`] (left by a run that crashed between storing and completing).
//!
//! [`clean`] takes the time as an argument, so a test moves the clock instead of
//! waiting. Deleting a journal deletes nothing here: its finished files stay until
//! they expire.

use std::time::{Duration, SystemTime};

use chrono::NaiveDateTime;
use jc_platform::AppResult;
use jc_platform::error::cause_chain;
use tokio_util::sync::CancellationToken;

use jc_platform::db::Database;

use super::Shared;
use crate::storage::ArtifactStore;
use crate::store;

/// How old a file no job holds must be before it is deleted: longer than any render.
pub const ORPHAN_GRACE: Duration = Duration::from_secs(3_600);
/// Jobs deleted per query.
const BATCH: i64 = 100;

/// What one cleanup deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Expired jobs deleted (with their files).
    pub jobs: usize,
    /// Files no job held.
    pub orphans: usize,
}

/// Deletes the jobs of `db` that expired at or before `now` with their files in
/// `store`, and the files of `store` no job holds that are older than
/// [`ORPHAN_GRACE`] at `now`.
pub async fn clean(db: &Database, store: &dyn ArtifactStore, now: NaiveDateTime) -> AppResult<Cleaned> {
    let mut cleaned = Cleaned::default();
    loop {
        let expired = db.run(move |conn| Ok(store::expired_jobs(conn, now, BATCH)?)).await?;
        let count = expired.len();
        for (id, key) in expired {
            if let Some(key) = key {
                store.delete(&key).await.map_err(jc_platform::AppError::internal)?;
            }
            let deleted = db.run(move |conn| Ok(store::delete_expired_job(conn, &id, now)?)).await?;
            cleaned.jobs += deleted;
        }
        if count < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            break;
        }
    }
    let cutoff = SystemTime::from(now.and_utc()).checked_sub(ORPHAN_GRACE).unwrap_or(SystemTime::UNIX_EPOCH);
    for listed in store.list().await.map_err(jc_platform::AppError::internal)? {
        if listed.modified > cutoff {
            continue;
        }
        let key = listed.key.clone();
        if !db.run(move |conn| Ok(store::key_is_held(conn, &key)?)).await? {
            store.delete(&listed.key).await.map_err(jc_platform::AppError::internal)?;
            cleaned.orphans += 1;
        }
    }
    Ok(cleaned)
}

/// Runs [`clean`] every `interval` until `stop` fires.
pub(crate) async fn run(shared: Shared, interval: Duration, stop: CancellationToken) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = ticks.tick() => {}
        }
        match clean(&shared.db, shared.store.as_ref(), jc_platform::db::now()).await {
            Ok(cleaned) if cleaned != Cleaned::default() => {
                tracing::info!(jobs = cleaned.jobs, orphans = cleaned.orphans, "expired exports deleted");
            }
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(error = %cause_chain(&error), "export cleanup failed; tried again later")
            }
        }
    }
}
