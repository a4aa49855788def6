//! Database access for the services: one store code path for PostgreSQL and SQLite
//! through diesel's `MultiConnection`, r2d2 pools, embedded migrations per service,
//! start-up retry with capped exponential backoff, and a readiness check.
//!
//! Diesel is blocking, so [`Database::run`] moves every query onto tokio's blocking
//! pool; nothing here runs on the async executor.

use std::sync::Arc;
use std::time::Duration;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, HandleError, Pool, PooledConnection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use secrecy::ExposeSecret;
use tokio_util::sync::CancellationToken;

use crate::config::DatabaseSettings;
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
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("database {name}: {message}")]
    Invalid { name: &'static str, message: String },
    #[error("database {name}: migrations failed: {message}")]
    Migration { name: &'static str, message: String },
    #[error("database {name}: {source}")]
    Connect {
        name: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
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
        let (backend, url) = if settings.is_postgres() {
            (Backend::Postgres, postgres_url(raw, settings.connect_timeout_ms))
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
        Ok(Self { name, pool, backend, migrations, auto_migrate: settings.auto_migrate })
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
    /// (100 ms doubling to 5 s). Returns early with an error when `shutdown` fires.
    pub async fn wait_until_reachable(&self, shutdown: &CancellationToken) -> Result<(), DbSetupError> {
        let mut delay = Duration::from_millis(100);
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            match self.check().await {
                Ok(()) => return Ok(()),
                Err(error) => {
                    let cause = error.source.as_ref().map(|s| s.to_string()).unwrap_or_default();
                    tracing::warn!(database = self.name, attempt, retry_in_ms = delay.as_millis() as u64, error = %cause, "database not reachable yet");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = shutdown.cancelled() => {
                    return Err(DbSetupError::Invalid { name: self.name, message: "shut down before the database was reachable".into() });
                }
            }
            delay = (delay * 2).min(Duration::from_secs(5));
        }
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
