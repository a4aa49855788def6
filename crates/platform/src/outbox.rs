//! The transactional outbox: a job's message is written in the same transaction as
//! the job's row, and a [`Relay`] publishes it afterwards. A rolled-back transaction
//! publishes nothing; a committed one is published at least once, even when the
//! broker was down at commit time.
//!
//! # The table
//!
//! Each service keeps one in its own database; its migration creates it with this
//! DDL, the same on PostgreSQL and SQLite (also in [`DDL`]):
//!
//! ```sql
//! CREATE TABLE outbox (
//!     id TEXT PRIMARY KEY,
//!     queue TEXT NOT NULL,
//!     message_id TEXT NOT NULL,
//!     payload TEXT NOT NULL,
//!     headers TEXT NOT NULL,
//!     created_at TIMESTAMP NOT NULL,
//!     published_at TIMESTAMP NULL,
//!     attempts INTEGER NOT NULL DEFAULT 0,
//!     last_error TEXT NULL
//! );
//! CREATE INDEX outbox_pending ON outbox (published_at, created_at);
//! ```
//!
//! The down migration is `DROP TABLE outbox;`. `id` is a UUIDv7 (time-ordered),
//! `payload` standard padded base64, `headers` a JSON object of strings, times UTC,
//! `attempts` counts publish attempts and `last_error` keeps the latest failure.
//!
//! # Use
//!
//! ```ignore
//! db.run(move |conn| {
//!     db::transaction(conn, |conn| {
//!         store::insert_job(conn, &job)?;
//!         outbox::enqueue(conn, GENERATION_QUEUE, &Message::new(job.id.to_string(), payload.clone()))?;
//!         Ok(())
//!     })
//! })
//! .await?;
//! relay.notify(); // publish now rather than at the next poll
//! ```
//!
//! The service spawns `relay.run(shutdown)` once. It publishes unpublished rows
//! oldest first in batches of [`BATCH_SIZE`], marks each published after the
//! broker's confirm, wakes on [`Relay::notify`] and otherwise polls every second,
//! backs off while publishing fails, and deletes rows published more than a day ago.
//! A crash between the confirm and the mark, or two relays of the same service
//! running at once, publishes a row twice: consumers are idempotent by message id.
//!
//! The relay is also a [`crate::health::Collect`]: registered with the process's
//! health, each scrape of `/metrics` sets `outbox_lag_seconds{database}`, the age of
//! the oldest row not yet published (0 when there is none).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::NaiveDateTime;
use diesel::QueryResult;
use diesel::RunQueryDsl;
use diesel::sql_types::{Nullable, Text, Timestamp};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::db::{self, Database, DbConnection};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::queue::{self, Message, Queue};

/// The outbox table and its index, valid on PostgreSQL and SQLite.
pub const DDL: &str = "CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    queue TEXT NOT NULL,
    message_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    headers TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL
);
CREATE INDEX outbox_pending ON outbox (published_at, created_at);";

/// Rows read per query.
pub const BATCH_SIZE: usize = 20;
const POLL_INTERVAL: Duration = Duration::from_secs(1);
const BACKOFF_MIN: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// How long published rows are kept.
const KEEP_PUBLISHED: chrono::TimeDelta = chrono::TimeDelta::days(1);
const PURGE_EVERY: Duration = Duration::from_secs(600);
const MAX_ERROR_LENGTH: usize = 1_000;

/// Adds `message` for `queue` to the outbox. Call it inside the transaction that
/// writes the job, then [`Relay::notify`] after the commit.
pub fn enqueue(conn: &mut DbConnection, queue: &str, message: &Message) -> QueryResult<()> {
    // A message the queue would refuse must fail the business transaction, not
    // sit in the outbox for ever.
    queue::check_queue_name(queue)
        .and_then(|()| queue::check_message(message))
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let headers = serde_json::to_string(&message.headers)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let sql = placeholders(
        conn,
        "INSERT INTO outbox (id, queue, message_id, payload, headers, created_at, attempts) \
         VALUES (?, ?, ?, ?, ?, ?, 0)",
    );
    diesel::sql_query(sql)
        .bind::<Text, _>(uuid::Uuid::now_v7().to_string())
        .bind::<Text, _>(queue)
        .bind::<Text, _>(&message.id)
        .bind::<Text, _>(BASE64.encode(&message.payload))
        .bind::<Text, _>(headers)
        .bind::<Timestamp, _>(db::now())
        .execute(conn)?;
    Ok(())
}

/// PostgreSQL numbers its parameters (`$1`); SQLite takes `?`.
fn placeholders(conn: &DbConnection, sql: &str) -> String {
    match conn {
        DbConnection::Sqlite(_) => sql.to_owned(),
        DbConnection::Pg(_) => {
            let mut numbered = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    numbered.push_str(&format!("${n}"));
                } else {
                    numbered.push(c);
                }
            }
            numbered
        }
    }
}

#[derive(Debug, diesel::QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    queue: String,
    #[diesel(sql_type = Text)]
    message_id: String,
    #[diesel(sql_type = Text)]
    payload: String,
    #[diesel(sql_type = Text)]
    headers: String,
    #[diesel(sql_type = Timestamp)]
    created_at: NaiveDateTime,
}

impl Row {
    fn message(&self) -> Result<Message, String> {
        let payload = BASE64.decode(&self.payload).map_err(|e| format!("payload is not base64: {e}"))?;
        let headers: BTreeMap<String, String> =
            serde_json::from_str(&self.headers).map_err(|e| format!("headers are not a JSON object: {e}"))?;
        Ok(Message { id: self.message_id.clone(), payload, headers })
    }
}

/// Unpublished rows after `after` (created_at, id), oldest first.
fn pending(conn: &mut DbConnection, after: Option<&(NaiveDateTime, String)>) -> QueryResult<Vec<Row>> {
    let columns = "SELECT id, queue, message_id, payload, headers, created_at FROM outbox";
    let order = format!("ORDER BY created_at, id LIMIT {BATCH_SIZE}");
    match after {
        None => diesel::sql_query(format!("{columns} WHERE published_at IS NULL {order}")).load(conn),
        Some((created_at, id)) => {
            let sql = placeholders(
                conn,
                &format!(
                    "{columns} WHERE published_at IS NULL \
                     AND (created_at > ? OR (created_at = ? AND id > ?)) {order}"
                ),
            );
            diesel::sql_query(sql)
                .bind::<Timestamp, _>(*created_at)
                .bind::<Timestamp, _>(*created_at)
                .bind::<Text, _>(id)
                .load(conn)
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Oldest {
    #[diesel(sql_type = Nullable<Timestamp>)]
    oldest: Option<NaiveDateTime>,
}

/// When the oldest row not yet published was written.
fn oldest_pending(conn: &mut DbConnection) -> QueryResult<Option<NaiveDateTime>> {
    diesel::sql_query("SELECT MIN(created_at) AS oldest FROM outbox WHERE published_at IS NULL")
        .get_result::<Oldest>(conn)
        .map(|row| row.oldest)
}

fn mark_published(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    let sql = placeholders(conn, "UPDATE outbox SET published_at = ?, attempts = attempts + 1 WHERE id = ?");
    diesel::sql_query(sql).bind::<Timestamp, _>(db::now()).bind::<Text, _>(id).execute(conn)
}

fn record_failure(conn: &mut DbConnection, id: &str, error: &str) -> QueryResult<usize> {
    let sql = placeholders(conn, "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?");
    diesel::sql_query(sql).bind::<Nullable<Text>, _>(Some(error)).bind::<Text, _>(id).execute(conn)
}

fn purge_published(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    let sql = placeholders(conn, "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < ?");
    diesel::sql_query(sql).bind::<Timestamp, _>(before).execute(conn)
}

/// Publishes a service's outbox; cheap to clone.
#[derive(Clone)]
pub struct Relay {
    inner: Arc<Inner>,
}

struct Inner {
    db: Database,
    queue: Queue,
    wake: Notify,
    last_purge: Mutex<Option<Instant>>,
}

impl Relay {
    pub fn new(db: Database, queue: Queue) -> Self {
        Self { inner: Arc::new(Inner { db, queue, wake: Notify::new(), last_purge: Mutex::new(None) }) }
    }

    /// Wakes the relay now (after committing a transaction that enqueued).
    pub fn notify(&self) {
        self.inner.wake.notify_one();
    }

    /// Publishes until `shutdown` fires: at once when notified, otherwise every
    /// second; after a failure, again after a backoff (0.5 s doubling to 30 s).
    pub async fn run(&self, shutdown: CancellationToken) {
        let mut failures = 0u32;
        loop {
            match self.publish_pending_once().await {
                Ok(_) => failures = 0,
                Err(error) => {
                    failures = failures.saturating_add(1);
                    tracing::warn!(
                        database = self.inner.db.name(),
                        failures,
                        error = %crate::error::cause_chain(&error),
                        "outbox not published; retrying later"
                    );
                }
            }
            let wait = if failures == 0 {
                POLL_INTERVAL
            } else {
                BACKOFF_MIN.saturating_mul(1 << (failures - 1).min(16)).min(BACKOFF_MAX)
            };
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = self.inner.wake.notified(), if failures == 0 => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// One pass: publishes every row pending now, oldest first, and returns how many
    /// were published. Stops at the first failure to reach the broker, which is
    /// recorded on the row and returned ([`ErrorCode::Unavailable`]).
    pub async fn publish_pending_once(&self) -> AppResult<usize> {
        self.purge_if_due().await;
        let mut published = 0;
        let mut cursor: Option<(NaiveDateTime, String)> = None;
        loop {
            let after = cursor.clone();
            let rows = self.inner.db.run(move |conn| Ok(pending(conn, after.as_ref())?)).await?;
            let full = rows.len() == BATCH_SIZE;
            for row in rows {
                cursor = Some((row.created_at, row.id.clone()));
                let result = match row.message() {
                    Ok(message) => self.inner.queue.publish(&row.queue, message).await,
                    Err(problem) => Err(AppError::internal(problem)),
                };
                let id = row.id.clone();
                match result {
                    Ok(()) => {
                        self.inner.db.run(move |conn| Ok(mark_published(conn, &id)?)).await?;
                        published += 1;
                    }
                    Err(error) => {
                        let text = truncate(crate::error::cause_chain(&error));
                        self.inner.db.run(move |conn| Ok(record_failure(conn, &id, &text)?)).await?;
                        if error.code == ErrorCode::Unavailable {
                            return Err(error);
                        }
                        tracing::error!(
                            outbox_id = %row.id,
                            error = %crate::error::cause_chain(&error),
                            "outbox row cannot be published"
                        );
                    }
                }
            }
            if !full {
                return Ok(published);
            }
        }
    }

    /// How long the oldest row not yet published has waited; zero when every row is
    /// published.
    pub async fn lag(&self) -> AppResult<Duration> {
        let oldest = self.inner.db.run(|conn| Ok(oldest_pending(conn)?)).await?;
        Ok(oldest.and_then(|at| (db::now() - at).to_std().ok()).unwrap_or_default())
    }

    /// Deletes rows published more than a day ago, at most every ten minutes.
    async fn purge_if_due(&self) {
        {
            let mut last = self.inner.last_purge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if last.is_some_and(|at| at.elapsed() < PURGE_EVERY) {
                return;
            }
            *last = Some(Instant::now());
        }
        let before = db::now() - KEEP_PUBLISHED;
        match self.inner.db.run(move |conn| Ok(purge_published(conn, before)?)).await {
            Ok(0) => {}
            Ok(deleted) => tracing::debug!(deleted, "old outbox rows deleted"),
            Err(error) => {
                tracing::warn!(error = %crate::error::cause_chain(&error), "cannot delete old outbox rows")
            }
        }
    }
}

#[async_trait::async_trait]
impl crate::health::Collect for Relay {
    async fn collect(&self) {
        match self.lag().await {
            Ok(lag) => metrics::gauge!("outbox_lag_seconds", "database" => self.inner.db.name())
                .set(lag.as_secs_f64()),
            Err(error) => tracing::debug!(
                database = self.inner.db.name(),
                error = %crate::error::cause_chain(&error),
                "outbox lag not read"
            ),
        }
    }
}

/// Describes `outbox_lag_seconds`.
pub(crate) fn describe_metrics() {
    metrics::describe_gauge!(
        "outbox_lag_seconds",
        metrics::Unit::Seconds,
        "Age of the oldest outbox row not yet published (0 when none waits), read at each scrape, by database."
    );
}

fn truncate(mut text: String) -> String {
    if text.len() > MAX_ERROR_LENGTH {
        let mut end = MAX_ERROR_LENGTH;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_ddl_is_the_one_in_the_constant() {
        let source = include_str!("outbox.rs");
        for line in DDL.lines() {
            assert!(source.contains(&format!("//! {line}")), "module docs lack {line:?}");
        }
    }

    #[test]
    fn long_errors_are_cut_on_a_character_boundary() {
        assert_eq!(truncate("abc".into()), "abc");
        let cut = truncate("é".repeat(MAX_ERROR_LENGTH));
        assert!(cut.len() <= MAX_ERROR_LENGTH && cut.chars().all(|c| c == 'é'));
    }
}
