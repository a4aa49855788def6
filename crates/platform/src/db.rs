//! Database access for the services: one store code path for PostgreSQL and SQLite
//! through diesel's `MultiConnection`, r2d2 pools, embedded migrations per service,
//! start-up retry with capped exponential backoff, and a readiness check.
//!
//! Diesel is blocking, so [`Database::run`] moves every query onto tokio's blocking
//! pool; nothing here runs on the async executor.

mod reach;

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, HandleError, Pool, PooledConnection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use secrecy::{ExposeSecret, SecretString};
use tokio_util::sync::CancellationToken;

use crate::config::{DatabaseSettings, variable_for};
use crate::error::{AppError, AppResult, ErrorCode};

/// A connection to either backend. SQLite comes last: it accepts any string as a path.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConnection>>;
pub type PooledDb = PooledConnection<ConnectionManager<DbConnection>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// The migrations of one service, one set per backend.
#[derive(Clone, Copy)]
pub struct Migrations {
    pub postgres: &'static EmbeddedMigrations,
    pub sqlite: &'static EmbeddedMigrations,
}

/// One service's database: a pool and the migrations that shape it.
#[derive(Clone)]
pub struct Database {
    name: &'static str,
    pool: DbPool,
    backend: Backend,
    migrations: Migrations,
    auto_migrate: bool,
    /// The PostgreSQL URL the pool connects to, for [`Database::probe`].
    postgres_url: Option<SecretString>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("database {name}: {message}")]
    Invalid { name: &'static str, message: String },
    #[error("database {name}: migrations failed: {message}")]
    Migration { name: &'static str, message: String },
    /// The server refused, or the URL is malformed: retrying cannot help.
    #[error("{}: {reason}{}", setting(name), hint.map(|h| format!("; {h}")).unwrap_or_default())]
    Refused { name: &'static str, reason: String, hint: Option<&'static str> },
    /// The server did not answer within the retry window.
    #[error(
        "{}: the database server was still unreachable after {attempts} attempt(s) in {waited_ms} ms: {reason}",
        setting(name)
    )]
    Unreachable { name: &'static str, attempts: u32, waited_ms: u128, reason: String },
    #[error("database {name}: {source}")]
    Connect {
        name: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// `auth.database.url (JC__AUTH__DATABASE__URL)`: the setting of `name`'s database URL.
fn setting(name: &str) -> String {
    let key = format!("{name}.database.url");
    format!("{key} ({})", variable_for(&key))
}

/// How long to keep trying to reach a database before giving up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryWindow {
    /// The first wait, doubling after each attempt.
    pub first_delay: Duration,
    /// The longest wait between attempts.
    pub max_delay: Duration,
    /// Give up once this much time has passed; `None`: until shut down.
    pub give_up_after: Option<Duration>,
}

impl RetryWindow {
    /// 100 ms doubling to 5 s, until shut down: what a serving component does.
    pub const FOREVER: Self = Self {
        first_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(5),
        give_up_after: None,
    };

    /// 100 ms doubling to 5 s, for at most `window`.
    pub fn within(window: Duration) -> Self {
        Self { give_up_after: Some(window), ..Self::FOREVER }
    }
}

impl Database {
    /// Builds the pool without connecting: connections are made on first use, so a
    /// component can start while its database is still unreachable.
    pub fn new(
        name: &'static str,
        settings: &DatabaseSettings,
        migrations: Migrations,
    ) -> Result<Self, DbSetupError> {
        let raw = settings.url.expose_secret();
        let mut postgres = None;
        let (backend, url) = if settings.is_postgres() {
            let url = postgres_url(raw, settings.connect_timeout_ms);
            postgres = Some(SecretString::from(url.clone()));
            (Backend::Postgres, url)
        } else {
            let path = sqlite_path(raw);
            if path.is_empty() {
                return Err(DbSetupError::Invalid { name, message: "the database URL is empty".into() });
            }
            if let Some(parent) = std::path::Path::new(&path).parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent)
                    .map_err(|e| DbSetupError::Connect { name, source: Box::new(e) })?;
            }
            (Backend::Sqlite, path)
        };
        let customizer = Customizer { backend, statement_timeout_ms: settings.statement_timeout_ms };
        let pool = Pool::builder()
            .max_size(settings.pool_size)
            .min_idle(Some(1))
            // No `SELECT 1` before every checkout: that doubles the round trips of
            // each query. A dropped connection is caught when it fails (diesel marks
            // it broken and the pool discards it) and `run` retries the work.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_millis(settings.connect_timeout_ms))
            .connection_customizer(Box::new(customizer))
            .error_handler(Box::new(TracingErrorHandler { name }))
            .build_unchecked(ConnectionManager::new(url));
        Ok(Self {
            name,
            pool,
            backend,
            migrations,
            auto_migrate: settings.auto_migrate,
            postgres_url: postgres,
        })
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Runs `f` with a pooled connection on the blocking pool. Transient failures
    /// (a dropped connection, a serialization conflict) are retried a few times with
    /// backoff, so `f` must be safe to run again: write it as one transaction.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnMut(&mut DbConnection) -> AppResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let name = self.name;
        tokio::task::spawn_blocking(move || run_blocking(name, &pool, f)).await.map_err(AppError::internal)?
    }

    /// Pings the database; for `/readyz`.
    pub async fn check(&self) -> AppResult<()> {
        self.run(|conn| conn.batch_execute("SELECT 1").map_err(AppError::unavailable)).await
    }

    /// Waits until the database answers, then applies pending migrations when
    /// `auto_migrate` is on. Returns early with an error when `shutdown` fires.
    pub async fn wait_until_ready(&self, shutdown: &CancellationToken) -> Result<(), DbSetupError> {
        self.wait_until_reachable(shutdown).await?;
        if self.auto_migrate {
            self.migrate().await?;
        }
        tracing::info!(database = self.name, backend = ?self.backend, "database ready");
        Ok(())
    }

    /// Waits until the database answers, retrying with capped exponential backoff
    /// (100 ms doubling to 5 s) while the server is unreachable. A refusal (a
    /// missing database, a refused role or password, a malformed URL) fails at once.
    /// Returns early with an error when `shutdown` fires.
    pub async fn wait_until_reachable(&self, shutdown: &CancellationToken) -> Result<(), DbSetupError> {
        self.wait_until_reachable_within(shutdown, RetryWindow::FOREVER).await
    }

    /// [`Database::wait_until_reachable`], giving up after `retry.give_up_after`.
    pub async fn wait_until_reachable_within(
        &self,
        shutdown: &CancellationToken,
        retry: RetryWindow,
    ) -> Result<(), DbSetupError> {
        let started = Instant::now();
        let mut delay = retry.first_delay;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let reason = match self.probe().await {
                Ok(()) => return Ok(()),
                Err(reach::Failure::Refused(reason)) => {
                    let hint = reach::hint(&reason);
                    return Err(DbSetupError::Refused { name: self.name, reason, hint });
                }
                Err(reach::Failure::Unreachable(reason)) => reason,
            };
            let waited = started.elapsed();
            let remaining = retry.give_up_after.map(|window| window.saturating_sub(waited));
            if remaining.is_some_and(|left| left.is_zero()) {
                return Err(DbSetupError::Unreachable {
                    name: self.name,
                    attempts: attempt,
                    waited_ms: waited.as_millis(),
                    reason,
                });
            }
            let pause = remaining.map_or(delay, |left| delay.min(left));
            tracing::warn!(database = self.name, attempt, retry_in_ms = pause.as_millis() as u64, error = %reason, "database not reachable yet");
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = shutdown.cancelled() => {
                    return Err(DbSetupError::Invalid { name: self.name, message: "shut down before the database was reachable".into() });
                }
            }
            delay = (delay * 2).min(retry.max_delay);
        }
    }

    /// One attempt to reach the database. PostgreSQL is reached outside the pool so
    /// that the server's reason survives (see [`reach`]); SQLite through the pool.
    async fn probe(&self) -> Result<(), reach::Failure> {
        match &self.postgres_url {
            Some(url) => {
                let url = url.clone();
                tokio::task::spawn_blocking(move || reach::probe(url.expose_secret()))
                    .await
                    .map_err(|e| reach::Failure::Refused(e.to_string()))?
            }
            None => self.check().await.map_err(|error| {
                reach::Failure::Unreachable(error.source.as_ref().map(|s| s.to_string()).unwrap_or_default())
            }),
        }
    }

    /// Creates this PostgreSQL database when it does not exist, connecting to the
    /// server's `postgres` database with the same credentials (which need the
    /// `CREATEDB` privilege). Returns whether it was created; SQLite files are
    /// created on first use, so there it does nothing.
    pub async fn create_if_missing(&self) -> Result<bool, DbSetupError> {
        let Some(url) = self.postgres_url.clone() else { return Ok(false) };
        let name = self.name;
        tokio::task::spawn_blocking(move || {
            let refused = |reason: String| {
                let hint = reach::hint(&reason);
                DbSetupError::Refused { name, reason, hint }
            };
            let parsed = reach::PgUrl::parse(url.expose_secret())
                .ok_or_else(|| refused("malformed URL: it names no database".into()))?;
            let admin_url = parsed.with_database("postgres");
            let mut conn = PgConnection::establish(&admin_url).map_err(|error| match error {
                diesel::result::ConnectionError::BadConnection(message) => match reach::classify(&message) {
                    reach::Failure::Refused(reason) | reach::Failure::Unreachable(reason) => {
                        refused(format!("cannot connect to the server's postgres database: {reason}"))
                    }
                },
                other => refused(other.to_string()),
            })?;
            let statement = format!("CREATE DATABASE {}", reach::quote_identifier(&parsed.database));
            match conn.batch_execute(&statement) {
                Ok(()) => Ok(true),
                Err(DieselError::DatabaseError(_, info)) if info.message().contains("already exists") => {
                    Ok(false)
                }
                Err(error) => Err(refused(format!("cannot create database {:?}: {error}", parsed.database))),
            }
        })
        .await
        .map_err(|e| DbSetupError::Connect { name, source: Box::new(e) })?
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), DbSetupError> {
        let migrations = self.migrations;
        let name = self.name;
        self.with_conn(move |conn| match conn {
            DbConnection::Pg(c) => c.run_pending_migrations(Source(migrations.postgres)).map(|_| ()),
            DbConnection::Sqlite(c) => c.run_pending_migrations(Source(migrations.sqlite)).map(|_| ()),
        })
        .await
        .map_err(|message| DbSetupError::Migration { name, message })
    }

    /// Reverts every applied migration (for tests and a deliberate reset).
    pub async fn revert_all(&self) -> Result<(), DbSetupError> {
        let migrations = self.migrations;
        let name = self.name;
        self.with_conn(move |conn| match conn {
            DbConnection::Pg(c) => c.revert_all_migrations(Source(migrations.postgres)).map(|_| ()),
            DbConnection::Sqlite(c) => c.revert_all_migrations(Source(migrations.sqlite)).map(|_| ()),
        })
        .await
        .map_err(|message| DbSetupError::Migration { name, message })
    }

    async fn with_conn<F>(&self, f: F) -> Result<(), String>
    where
        F: FnOnce(&mut DbConnection) -> diesel::migration::Result<()> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            f(&mut conn).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

/// Lends a `'static` set of embedded migrations to diesel's harness, which takes its
/// source by value.
struct Source(&'static EmbeddedMigrations);

impl<DB: diesel::backend::Backend> diesel::migration::MigrationSource<DB> for Source
where
    EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
{
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn diesel::migration::Migration<DB>>>> {
        self.0.migrations()
    }
}

fn run_blocking<T, F>(name: &'static str, pool: &DbPool, mut f: F) -> AppResult<T>
where
    F: FnMut(&mut DbConnection) -> AppResult<T>,
{
    const ATTEMPTS: u32 = 3;
    let mut delay = Duration::from_millis(25);
    let mut attempt = 1;
    loop {
        let state = pool.state();
        metrics::gauge!("db_pool_connections", "database" => name).set(f64::from(state.connections));
        metrics::gauge!("db_pool_idle_connections", "database" => name)
            .set(f64::from(state.idle_connections));
        let result = match pool.get() {
            Ok(mut conn) => f(&mut conn),
            Err(error) => Err(AppError::unavailable(error)),
        };
        match result {
            Err(error) if attempt < ATTEMPTS && is_transient(&error) => {
                tracing::debug!(database = name, attempt, "retrying after a transient database error");
                std::thread::sleep(delay);
                delay *= 2;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Whether an error may go away when the same work is tried again.
fn is_transient(error: &AppError) -> bool {
    if error.code == ErrorCode::Unavailable {
        return false; // the pool already waited its connection timeout
    }
    let Some(source) = error.source.as_deref() else { return false };
    match source.downcast_ref::<DieselError>() {
        Some(DieselError::DatabaseError(kind, info)) => {
            matches!(kind, DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::SerializationFailure)
                || info.message().contains("database is locked")
        }
        Some(DieselError::BrokenTransactionManager) => true,
        _ => false,
    }
}

/// Runs `f` in a transaction. SQLite takes the write lock up front (`BEGIN
/// IMMEDIATE`), so concurrent writers wait for each other instead of failing on an
/// upgrade from a read lock.
pub fn transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DieselError>,
{
    match conn {
        DbConnection::Pg(_) => conn.transaction(f),
        DbConnection::Sqlite(_) => {
            conn.batch_execute("BEGIN IMMEDIATE")?;
            match f(conn) {
                Ok(value) => {
                    if let Err(error) = conn.batch_execute("COMMIT") {
                        let _ = conn.batch_execute("ROLLBACK");
                        return Err(error.into());
                    }
                    Ok(value)
                }
                Err(error) => {
                    conn.batch_execute("ROLLBACK")?;
                    Err(error)
                }
            }
        }
    }
}

/// Whether a diesel error is a unique-constraint violation.
pub fn is_unique_violation(error: &DieselError) -> bool {
    matches!(error, DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))
}

fn sqlite_path(url: &str) -> String {
    url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url).to_owned()
}

/// Adds libpq's `connect_timeout` (whole seconds) unless the URL sets one.
fn postgres_url(url: &str, connect_timeout_ms: u64) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let seconds = connect_timeout_ms.div_ceil(1000).max(1);
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}connect_timeout={seconds}")
}

#[derive(Debug, Clone, Copy)]
struct Customizer {
    backend: Backend,
    statement_timeout_ms: u64,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for Customizer {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        let setup = match self.backend {
            Backend::Postgres => {
                format!("SET statement_timeout = {}; SET TIME ZONE 'UTC';", self.statement_timeout_ms)
            }
            Backend::Sqlite => format!(
                "PRAGMA busy_timeout = {}; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                self.statement_timeout_ms
            ),
        };
        conn.batch_execute(&setup).map_err(diesel::r2d2::Error::QueryError)
    }
}

#[derive(Debug)]
struct TracingErrorHandler {
    name: &'static str,
}

impl HandleError<diesel::r2d2::Error> for TracingErrorHandler {
    fn handle_error(&self, error: diesel::r2d2::Error) {
        tracing::debug!(database = self.name, %error, "database connection attempt failed");
    }
}

/// A readiness check for a database, for [`crate::health::Health`].
pub fn readiness_check(db: Database) -> Arc<dyn crate::health::Check> {
    Arc::new(DbCheck(db))
}

struct DbCheck(Database);

#[async_trait::async_trait]
impl crate::health::Check for DbCheck {
    fn name(&self) -> String {
        format!("database:{}", self.0.name)
    }

    async fn check(&self) -> Result<(), String> {
        self.0.check().await.map_err(|e| {
            e.source.as_ref().map(|s| s.to_string()).unwrap_or_else(|| e.public_message().to_owned())
        })
    }
}

/// The current UTC time at the precision the databases store (microseconds), so a
/// value returned right after an insert equals the one read back later.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

/// Describes the pool gauges, set before every query.
pub(crate) fn describe_metrics() {
    metrics::describe_gauge!(
        "db_pool_connections",
        "Connections a database pool holds, in use or idle, by database."
    );
    metrics::describe_gauge!("db_pool_idle_connections", "Idle connections of a database pool, by database.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_become_paths() {
        assert_eq!(sqlite_path("sqlite://data/auth.db"), "data/auth.db");
        assert_eq!(sqlite_path("sqlite:///tmp/x.db"), "/tmp/x.db");
        assert_eq!(sqlite_path("plain.db"), "plain.db");
    }

    #[test]
    fn postgres_urls_get_a_connect_timeout() {
        assert_eq!(postgres_url("postgres://h/db", 2500), "postgres://h/db?connect_timeout=3");
        assert_eq!(
            postgres_url("postgres://h/db?options=x", 1000),
            "postgres://h/db?options=x&connect_timeout=1"
        );
        assert_eq!(
            postgres_url("postgres://h/db?connect_timeout=9", 1000),
            "postgres://h/db?connect_timeout=9"
        );
    }
}
