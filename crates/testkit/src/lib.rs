//! Test helpers shared by the crates' integration tests.
//!
//! - [`sqlite_database`] and [`postgres_database`]: a fresh, empty database per test
//!   (a temporary SQLite file, or a PostgreSQL schema of its own, dropped afterwards).
//! - [`redis_url`]: the local Redis, when there is one.
//! - [`tokens::TestSigner`]: signs access tokens with a key of the test's own.
//!
//! Backing services are looked up on their standard local ports (override with
//! `JC_TEST_POSTGRES_URL`, `JC_TEST_REDIS_URL`). When one is missing the test is
//! skipped, unless `JC_TEST_REQUIRE_SERVICES=1` (set by CI), which fails it instead.

pub mod tokens;

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use jc_platform::config::DatabaseSettings;

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379";

/// Whether CI asked for missing backing services to fail the run.
pub fn services_required() -> bool {
    std::env::var("JC_TEST_REQUIRE_SERVICES").is_ok_and(|v| v == "1")
}

/// Handles a missing backing service: a panic under `JC_TEST_REQUIRE_SERVICES=1`,
/// otherwise a note on stderr and `None`.
fn missing<T>(what: &str, url: &str) -> Option<T> {
    assert!(
        !services_required(),
        "{what} is required (JC_TEST_REQUIRE_SERVICES=1) but not reachable at {url}"
    );
    eprintln!("skipping: {what} not reachable at {url}");
    None
}

fn reachable(host_port: &str) -> bool {
    host_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok())
}

/// `host:port` of a URL such as `postgres://user@host:5432/db`.
fn host_port(url: &str, default_port: u16) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host.contains(':') { host.to_owned() } else { format!("{host}:{default_port}") }
}

/// A database that lives as long as this value.
pub struct TestDatabase {
    pub settings: DatabaseSettings,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl TestDatabase {
    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, schema } = &self.cleanup
            && let Ok(mut conn) = PgConnection::establish(admin_url)
        {
            let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// A new SQLite database in a temporary directory.
pub fn sqlite_database() -> TestDatabase {
    let dir = tempfile::tempdir().expect("temporary directory for a test database");
    let path = dir.path().join("test.db");
    let settings = DatabaseSettings::with_url(format!("sqlite://{}", path.display()));
    TestDatabase { settings: small_pool(settings), cleanup: Cleanup::Sqlite(dir) }
}

/// The PostgreSQL server tests use.
pub fn postgres_url() -> String {
    std::env::var("JC_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

/// A new, empty schema on the local PostgreSQL, reached through a URL whose
/// `search_path` points at it. `None` (test skipped) when PostgreSQL is absent.
pub fn postgres_database() -> Option<TestDatabase> {
    let admin_url = postgres_url();
    if !reachable(&host_port(&admin_url, 5432)) {
        return missing("PostgreSQL", &admin_url);
    }
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::establish(&admin_url).expect("connect to the test PostgreSQL");
    conn.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create a test schema");
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    let url = format!("{admin_url}{separator}options=-csearch_path%3D{schema}");
    let settings = DatabaseSettings::with_url(url);
    Some(TestDatabase { settings: small_pool(settings), cleanup: Cleanup::Postgres { admin_url, schema } })
}

fn small_pool(mut settings: DatabaseSettings) -> DatabaseSettings {
    settings.pool_size = 4;
    settings
}

/// The local Redis URL, or `None` (test skipped) when Redis is absent.
pub fn redis_url() -> Option<String> {
    let url = std::env::var("JC_TEST_REDIS_URL").unwrap_or_else(|_| DEFAULT_REDIS_URL.to_owned());
    if reachable(&host_port(&url, 6379)) { Some(url) } else { missing("Redis", &url) }
}

/// A Redis key prefix no other test uses.
pub fn unique_prefix() -> String {
    format!("jc-test:{}:", uuid::Uuid::new_v4().simple())
}

/// A random service credential for a test platform.
pub fn service_token() -> secrecy::SecretString {
    secrecy::SecretString::from(format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_is_read_from_urls() {
        assert_eq!(host_port("postgres://postgres@127.0.0.1:5432/postgres", 5432), "127.0.0.1:5432");
        assert_eq!(host_port("redis://localhost", 6379), "localhost:6379");
        assert_eq!(host_port("postgres://u:p@db/x?sslmode=disable", 5432), "db:5432");
    }
}
