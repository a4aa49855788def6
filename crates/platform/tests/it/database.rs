//! Reaching a PostgreSQL database at start-up: only an unreachable server is waited
//! for; a missing database, a refused role and a malformed URL fail at once, naming
//! the setting and the server's reason.

use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel_migrations::EmbeddedMigrations;
use jc_platform::config::DatabaseSettings;
use jc_platform::db::{Database, DbSetupError, Migrations, RetryWindow};
use tokio_util::sync::CancellationToken;

static NO_MIGRATIONS: EmbeddedMigrations = EmbeddedMigrations::new(&[]);
const MIGRATIONS: Migrations = Migrations { postgres: &NO_MIGRATIONS, sqlite: &NO_MIGRATIONS };

/// A long window: a refusal must not use any of it.
const LONG: Duration = Duration::from_secs(30);

/// The test server's URL with `path_and_query` in place of its database, or `None`
/// (skipped) when PostgreSQL is absent.
fn server_url(user: Option<&str>, database: &str) -> Option<String> {
    drop(jc_testkit::postgres_database()?);
    let admin = jc_testkit::postgres_url();
    let (scheme, rest) = admin.split_once("://").expect("a URL");
    let authority = rest.split(['/', '?']).next().expect("an authority");
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let userinfo = authority.rsplit_once('@').map(|(userinfo, _)| userinfo);
    let userinfo = user.or(userinfo).map(|u| format!("{u}@")).unwrap_or_default();
    Some(format!("{scheme}://{userinfo}{host}/{database}"))
}

fn database(url: &str) -> Database {
    let settings = DatabaseSettings { connect_timeout_ms: 1_000, ..DatabaseSettings::with_url(url) };
    Database::new("auth", &settings, MIGRATIONS).expect("pool")
}

async fn reach(url: &str, window: Duration) -> (Result<(), DbSetupError>, Duration) {
    let started = Instant::now();
    let result = database(url)
        .wait_until_reachable_within(&CancellationToken::new(), RetryWindow::within(window))
        .await;
    (result, started.elapsed())
}

fn unique_name() -> String {
    format!("jc_test_missing_{}", uuid::Uuid::new_v4().simple())
}

#[tokio::test]
async fn a_missing_database_fails_at_once_naming_the_setting_and_the_reason() {
    let name = unique_name();
    let Some(url) = server_url(None, &name) else { return };
    let (result, took) = reach(&url, LONG).await;
    let error = result.expect_err("the database does not exist");
    let message = error.to_string();
    assert!(matches!(error, DbSetupError::Refused { .. }), "{message}");
    assert!(took < Duration::from_secs(5), "no retries: took {took:?}");
    assert!(message.starts_with("auth.database.url (JC__AUTH__DATABASE__URL): "), "{message}");
    assert!(message.contains(&format!("database \"{name}\" does not exist")), "{message}");
    assert!(message.contains("--create-databases"), "says how to create it: {message}");
}

#[tokio::test]
async fn a_refused_role_fails_at_once() {
    let Some(url) = server_url(Some("jc_no_such_role"), "postgres") else { return };
    let (result, took) = reach(&url, LONG).await;
    let message = result.expect_err("the role does not exist").to_string();
    assert!(took < Duration::from_secs(5), "no retries: took {took:?}");
    assert!(message.contains("auth.database.url"), "{message}");
    assert!(message.contains("role \"jc_no_such_role\" does not exist"), "{message}");
}

#[tokio::test]
async fn a_malformed_url_fails_at_once() {
    let Some(url) = server_url(None, "postgres?no_such_option=1") else { return };
    let (result, took) = reach(&url, LONG).await;
    let message = result.expect_err("malformed").to_string();
    assert!(took < Duration::from_secs(5), "no retries: took {took:?}");
    assert!(message.contains("auth.database.url"), "{message}");
    assert!(message.contains("no_such_option"), "the server's reason: {message}");

    let (result, _) = reach("postgres://postgres@127.0.0.1:notaport/postgres", LONG).await;
    let message = result.expect_err("malformed port").to_string();
    assert!(message.contains("auth.database.url") && message.contains("notaport"), "{message}");
}

#[tokio::test]
async fn an_unreachable_server_is_retried_until_the_window_closes() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("probe port");
        listener.local_addr().expect("address").port()
    };
    let window = Duration::from_millis(700);
    let (result, took) = reach(&format!("postgres://postgres@127.0.0.1:{port}/postgres"), window).await;
    let error = result.expect_err("nothing listens");
    let message = error.to_string();
    let DbSetupError::Unreachable { attempts, .. } = error else { panic!("not unreachable: {message}") };
    assert!(attempts >= 3, "retried: {message}");
    assert!(took >= window, "waited the whole window: {took:?}");
    assert!(took < window + Duration::from_secs(3), "then gave up: {took:?}");
    assert!(message.contains("auth.database.url") && message.contains("Connection refused"), "{message}");
}

#[tokio::test]
async fn a_missing_database_can_be_created_then_migrated() {
    let name = unique_name();
    let Some(url) = server_url(None, &name) else { return };
    let db = database(&url);
    assert!(db.create_if_missing().await.expect("created"), "it was missing");
    assert!(!db.create_if_missing().await.expect("exists"), "the second call finds it");
    db.wait_until_reachable_within(&CancellationToken::new(), RetryWindow::within(LONG))
        .await
        .expect("reachable");
    db.migrate().await.expect("migrated");
    drop(db);
    let mut created = PgConnection::establish(&url).expect("the new database");
    created.batch_execute("SELECT version FROM __diesel_schema_migrations").expect("migrations ran there");
    drop(created);
    let mut conn = PgConnection::establish(&server_url(None, "postgres").expect("server")).expect("admin");
    conn.batch_execute(&format!("DROP DATABASE \"{name}\" WITH (FORCE)")).expect("dropped");
}
