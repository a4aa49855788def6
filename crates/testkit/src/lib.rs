//! Test helpers shared by the crates' integration tests.
//!
//! - [`on_every_backend!`] with a [`Fixture`]: each scenario as two tests, on the
//!   [`Backend::Embedded`] stack and on [`Backend::Servers`]; a skipped backend says so.
//! - [`eventually`]: waits for a check to hold, without fixed sleeps.
//! - [`ws`]: the WebSocket client of the gateway's and the end-to-end tests.
//! - [`sqlite_database`] and [`postgres_database`]: a fresh, empty database per test
//!   (a temporary SQLite file, or a PostgreSQL schema of its own, dropped afterwards).
//! - [`redis_url`]: the local Redis, when there is one.
//! - [`rabbitmq_vhost`]: a RabbitMQ virtual host of the test's own, deleted afterwards.
//! - [`tokens::TestSigner`]: signs access tokens with a key of the test's own.
//! - [`fake_openai::FakeOpenAi`]: a scripted OpenAI-compatible endpoint on a free port.
//! - [`spawn::Served`]: a service on a free port, ready, with a channel to it.
//! - [`grpc`]: assertions on the services' gRPC answers (validation errors, not found).
//!
//! Backing services are looked up on their standard local ports (override with
//! `JC_TEST_POSTGRES_URL`, `JC_TEST_REDIS_URL`, `JC_TEST_RABBITMQ_URL`,
//! `JC_TEST_RABBITMQ_MANAGEMENT_URL`). When one is missing the test is
//! skipped with a `SKIPPED <test>: <service> not reachable at <url>` line on stderr,
//! unless `JC_TEST_REQUIRE_SERVICES=1` (set by CI), which fails it instead.

pub mod backend;
pub mod eventually;
pub mod fake_openai;
pub mod grpc;
pub mod http;
pub mod migrations;
pub mod spawn;
pub mod tokens;
pub mod ws;

pub use backend::{Backend, Fixture, database, report_skip};
pub use eventually::{PATIENCE, eventually};
pub use spawn::Served;

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use base64::Engine;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use jc_platform::config::DatabaseSettings;

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
pub const DEFAULT_REDIS_URL: &str = "redis://127.0.0.1:6379";
/// The broker, without a virtual host.
pub const DEFAULT_RABBITMQ_URL: &str = "amqp://guest:guest@127.0.0.1:5672";
pub const DEFAULT_RABBITMQ_MANAGEMENT_URL: &str = "http://127.0.0.1:15672";

/// Whether CI asked for missing backing services to fail the run.
pub fn services_required() -> bool {
    std::env::var("JC_TEST_REQUIRE_SERVICES").is_ok_and(|v| v == "1")
}

/// Handles a missing backing service: a panic under `JC_TEST_REQUIRE_SERVICES=1`,
/// otherwise a `SKIPPED` line on stderr ([`report_skip`]) and `None`.
fn missing<T>(what: &str, url: &str) -> Option<T> {
    assert!(
        !services_required(),
        "{what} is required (JC_TEST_REQUIRE_SERVICES=1) but not reachable at {url}"
    );
    report_skip(&format!("{what} not reachable at {url}"));
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

/// An `http://` URL of a local port nothing listens on: a peer that is down.
pub fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a probe port");
    let address = listener.local_addr().expect("probe address");
    drop(listener);
    format!("http://{address}")
}

/// A random service credential for a test platform.
pub fn service_token() -> secrecy::SecretString {
    secrecy::SecretString::from(format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple()))
}

/// A RabbitMQ virtual host that lives as long as this value; the test's user has
/// every permission on it.
pub struct TestVhost {
    /// `amqp://user:password@host:port/<vhost, url-encoded>`.
    pub url: String,
    pub name: String,
    admin: RabbitAdmin,
}

impl Drop for TestVhost {
    fn drop(&mut self) {
        let _ = self.admin.delete_vhost(&self.name);
    }
}

/// A fresh virtual host on the local RabbitMQ, or `None` (test skipped) when
/// RabbitMQ is absent. Created through the management API when it answers (fast),
/// otherwise with `rabbitmqctl`.
pub fn rabbitmq_vhost() -> Option<TestVhost> {
    let url = std::env::var("JC_TEST_RABBITMQ_URL").unwrap_or_else(|_| DEFAULT_RABBITMQ_URL.to_owned());
    if !reachable(&host_port(&url, 5672)) {
        return missing("RabbitMQ", &url);
    }
    let admin = RabbitAdmin::new(&url);
    let name = format!("jc-test-{}", uuid::Uuid::new_v4().simple());
    if let Err(error) = admin.add_vhost(&name) {
        panic!("RabbitMQ answers at {url} but a test virtual host cannot be created: {error}");
    }
    let (scheme, rest) = url.split_once("://").unwrap_or(("amqp", url.as_str()));
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let url = format!("{scheme}://{authority}/{}", percent_encode(&name));
    Some(TestVhost { url, name, admin })
}

/// Administers virtual hosts through the management HTTP API, or `rabbitmqctl`.
struct RabbitAdmin {
    /// `host:port` of the management API when it answers.
    management: Option<String>,
    user: String,
    /// `Basic …` credentials for the management API.
    authorization: String,
}

impl RabbitAdmin {
    fn new(amqp_url: &str) -> Self {
        let rest = amqp_url.split_once("://").map_or(amqp_url, |(_, rest)| rest);
        let authority = rest.split(['/', '?']).next().unwrap_or(rest);
        let (user, password) = match authority.rsplit_once('@') {
            Some((credentials, _)) => {
                let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
                (percent_decode(user), percent_decode(password))
            }
            None => ("guest".to_owned(), "guest".to_owned()),
        };
        let management_url = std::env::var("JC_TEST_RABBITMQ_MANAGEMENT_URL")
            .unwrap_or_else(|_| DEFAULT_RABBITMQ_MANAGEMENT_URL.to_owned());
        let management = Some(host_port(&management_url, 15672)).filter(|address| reachable(address));
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        Self { management, user, authorization: format!("Basic {token}") }
    }

    fn add_vhost(&self, vhost: &str) -> Result<(), String> {
        if self.management.is_some() {
            let vhost = percent_encode(vhost);
            self.http("PUT", &format!("/api/vhosts/{vhost}"), "")?;
            let permissions = r#"{"configure":".*","write":".*","read":".*"}"#;
            self.http(
                "PUT",
                &format!("/api/permissions/{vhost}/{}", percent_encode(&self.user)),
                permissions,
            )?;
            Ok(())
        } else {
            rabbitmqctl(&["add_vhost", vhost])?;
            rabbitmqctl(&["set_permissions", "-p", vhost, &self.user, ".*", ".*", ".*"])
        }
    }

    fn delete_vhost(&self, vhost: &str) -> Result<(), String> {
        if self.management.is_some() {
            self.http("DELETE", &format!("/api/vhosts/{}", percent_encode(vhost)), "").map(drop)
        } else {
            rabbitmqctl(&["delete_vhost", vhost])
        }
    }

    /// One HTTP/1.0 request (so the answer is neither chunked nor kept alive);
    /// the body of a 2xx answer.
    fn http(&self, method: &str, path: &str, body: &str) -> Result<String, String> {
        let address = self.management.as_deref().ok_or("no management API")?;
        let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
        let request = format!(
            "{method} {path} HTTP/1.0\r\nHost: {address}\r\nAuthorization: {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.authorization,
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
        let mut response = String::new();
        stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
        let status = response.split_whitespace().nth(1).and_then(|s| s.parse::<u16>().ok()).unwrap_or(0);
        let content = response.split_once("\r\n\r\n").map_or("", |(_, content)| content).to_owned();
        if (200..300).contains(&status) {
            Ok(content)
        } else {
            Err(format!("{method} {path}: HTTP {status} {content}"))
        }
    }
}

fn rabbitmqctl(args: &[&str]) -> Result<(), String> {
    let output = std::process::Command::new("rabbitmqctl")
        .args(args)
        .output()
        .map_err(|e| format!("rabbitmqctl: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("rabbitmqctl {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
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

    #[test]
    fn percent_encoding_round_trips() {
        let text = "127.0.0.1:5 -> a/b%c";
        assert_eq!(percent_encode(text), "127.0.0.1%3A5%20-%3E%20a%2Fb%25c");
        assert_eq!(percent_decode(&percent_encode(text)), text);
        assert_eq!(percent_decode("gu%40st"), "gu@st");
    }
}
