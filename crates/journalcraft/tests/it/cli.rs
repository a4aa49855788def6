//! The binary's own commands: configuration checks, refusals in production, the
//! OpenAPI document.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use crate::support::binary;

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    run_in(dir.path(), args, env)
}

/// Runs the binary with `dir` as its configuration directory.
fn run_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(binary())
        .args(args)
        .env("JC_CONFIG_DIR", dir)
        .env_remove("JC_ENV")
        .envs(env.iter().copied())
        .output()
        .expect("run journalcraft")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn config_check_names_every_production_problem_and_its_variable() {
    let output = run(
        &["config", "check"],
        &[
            ("JC_ENV", "production"),
            ("JC__AUTH__DATABASE__URL", "sqlite://auth.db"),
            ("JC__INTERNAL__SERVICE_TOKEN", "short"),
        ],
    );
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    for expected in [
        "auth.database.url (JC__AUTH__DATABASE__URL): production needs PostgreSQL",
        "user.database.url (JC__USER__DATABASE__URL)",
        "redis.url (JC__REDIS__URL)",
        "auth.signing_key",
        "internal.service_token (JC__INTERNAL__SERVICE_TOKEN)",
    ] {
        assert!(report.contains(expected), "missing {expected:?} in:\n{report}");
    }
    assert!(!report.contains("short"), "secrets are never printed:\n{report}");
}

#[test]
fn production_refuses_to_serve_on_default_settings() {
    let output = run(&["serve", "--target", "gateway"], &[("JC_ENV", "production")]);
    let report = text(&output);
    assert!(!output.status.success());
    assert!(report.contains("redis.url") && report.contains("internal.service_token"), "{report}");
}

#[test]
fn unknown_environments_keys_and_targets_are_refused() {
    let output = run(&["config", "check"], &[("JC_ENV", "staging")]);
    assert!(!output.status.success());
    assert!(text(&output).contains("unknown environment"), "{}", text(&output));

    let output = run(&["config", "check"], &[("JC__GATEWAY__LISTN", "0.0.0.0:1")]);
    assert!(!output.status.success());
    assert!(text(&output).contains("listn"), "{}", text(&output));

    let output = run(&["serve", "--target", "billing"], &[]);
    assert!(!output.status.success());
    assert!(text(&output).contains("unknown target"), "{}", text(&output));
}

#[test]
fn a_valid_development_configuration_passes_the_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("key.pem");
    std::fs::write(&key, jc_auth::keys::generate_private_key_pem()).expect("key");
    let token = "t".repeat(40);
    let output = run(
        &["config", "check"],
        &[
            ("JC__AUTH__DATABASE__URL", "sqlite://auth.db"),
            ("JC__USER__DATABASE__URL", "sqlite://user.db"),
            ("JC__JOURNAL__DATABASE__URL", "sqlite://journal.db"),
            ("JC__EXPORT__DATABASE__URL", "sqlite://export.db"),
            ("JC__AUTH__SIGNING_KEY_FILE", key.to_str().expect("utf-8 path")),
            ("JC__INTERNAL__SERVICE_TOKEN", &token),
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("is valid"));
}

#[test]
fn openapi_prints_the_whole_document() {
    let output = run(&["openapi"], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with('3')));
    assert_eq!(
        document,
        serde_json::to_value(jc_gateway::openapi()).expect("JSON"),
        "the gateway's document"
    );
    assert!(document["paths"].as_object().is_some_and(|paths| paths.len() > 30), "every route is in it");
}

/// The lines of a `config check` report that name `key`.
fn lines_naming<'a>(report: &'a str, key: &str) -> Vec<&'a str> {
    let prefix = format!("  - {key} (");
    report.lines().filter(|line| line.starts_with(&prefix)).collect()
}

#[test]
fn config_check_reports_every_unknown_key_with_its_path_beside_other_problems_once_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("development.toml"),
        "[auth]\nisuer = \"x\"\naccess_token_ttl_seconds = 5\n[auth.database]\npoolsize = 3\n\
         [queue]\nprefetch = \"many\"\n[bogus]\na = 1\n",
    )
    .expect("write config");
    let output = run_in(
        dir.path(),
        &["config", "check"],
        &[("JC__GATEWAY__LISTN", "0.0.0.0:1"), ("JC__QUEUE__URL", "http://not-amqp")],
    );
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    for (key, says) in [
        ("auth.isuer", "unknown key; expected one of `grpc_listen`"),
        ("auth.database.poolsize", "unknown key"),
        ("gateway.listn", "unknown key"),
        ("bogus", "unknown section"),
        ("queue.prefetch", "invalid value"),
        ("auth.access_token_ttl_seconds", "must be between 60 and 3600"),
        ("queue.url", "must start with amqp://"),
    ] {
        let lines = lines_naming(&report, key);
        assert_eq!(lines.len(), 1, "{key} named once in:\n{report}");
        assert!(lines[0].contains(says), "{key}: {says:?} in:\n{report}");
    }
}

/// A development configuration that passes but for what a test adds.
fn valid_development(dir: &std::path::Path) -> Vec<(String, String)> {
    let key = dir.join("key.pem");
    std::fs::write(&key, jc_auth::keys::generate_private_key_pem()).expect("key");
    let mut env: Vec<(String, String)> = ["auth", "user", "journal", "export"]
        .iter()
        .map(|name| (format!("JC__{}__DATABASE__URL", name.to_uppercase()), format!("sqlite://{name}.db")))
        .collect();
    env.push(("JC__AUTH__SIGNING_KEY_FILE".into(), key.display().to_string()));
    env
}

fn pairs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[test]
fn weak_secrets_and_secrets_in_a_file_are_refused_in_production_and_warned_in_development() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut env = valid_development(dir.path());
    env.push(("JC__JOURNAL__KEY_ENCRYPTION_KEY".into(), "0".repeat(64)));
    let toml = "[internal]\nservice_token = \"changeme-changeme-changeme-changeme\"\n";
    std::fs::write(dir.path().join("development.toml"), toml).expect("write config");
    let output = run_in(dir.path(), &["config", "check"], &pairs(&env));
    let report = text(&output);
    assert!(output.status.success(), "accepted in development:\n{report}");
    assert!(report.contains("warning(s), refused in production"), "{report}");
    assert_eq!(lines_naming(&report, "internal.service_token").len(), 1, "{report}");
    assert_eq!(lines_naming(&report, "journal.key_encryption_key").len(), 1, "{report}");

    std::fs::write(dir.path().join("production.toml"), toml).expect("write config");
    let output =
        run_in(dir.path(), &["config", "check"], &[&pairs(&env)[..], &[("JC_ENV", "production")]].concat());
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    let token = lines_naming(&report, "internal.service_token");
    assert_eq!(token.len(), 1, "named once:\n{report}");
    assert!(token[0].contains("placeholder"), "{report}");
    assert!(token[0].contains("is a secret written in") && token[0].contains("production.toml"), "{report}");
    assert!(token[0].contains("pass it as JC__INTERNAL__SERVICE_TOKEN"), "{report}");
    let kek = lines_naming(&report, "journal.key_encryption_key");
    assert!(kek.len() == 1 && kek[0].contains("all zero bytes"), "{report}");
    assert!(!report.contains(&"0".repeat(64)), "secrets are never printed:\n{report}");
}

/// The test server with `database` in place of its database, or `None` (skipped).
fn postgres_with_database(user: Option<&str>, database: &str) -> Option<String> {
    drop(jc_testkit::postgres_database()?);
    let admin = jc_testkit::postgres_url();
    let (scheme, rest) = admin.split_once("://").expect("a URL");
    let authority = rest.split(['/', '?']).next().expect("an authority");
    let (userinfo, host) = authority.rsplit_once('@').map_or((None, authority), |(u, h)| (Some(u), h));
    let userinfo = user.or(userinfo).map(|u| format!("{u}@")).unwrap_or_default();
    Some(format!("{scheme}://{userinfo}{host}/{database}"))
}

#[test]
fn migrate_fails_at_once_on_a_missing_database_and_creates_it_when_asked() {
    let name = format!("jc_test_migrate_{}", uuid::Uuid::new_v4().simple());
    let Some(url) = postgres_with_database(None, &name) else { return };
    let started = Instant::now();
    let output = run(&["migrate", "--target", "auth"], &[("JC__AUTH__DATABASE__URL", &url)]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    assert!(started.elapsed() < Duration::from_secs(10), "no retries: {:?}", started.elapsed());
    assert!(report.contains("auth.database.url (JC__AUTH__DATABASE__URL)"), "{report}");
    assert!(report.contains(&format!("database \"{name}\" does not exist")), "{report}");

    let output =
        run(&["migrate", "--target", "auth", "--create-databases"], &[("JC__AUTH__DATABASE__URL", &url)]);
    let report = text(&output);
    let created = PgConnection::establish(&url).map(|mut conn| {
        conn.batch_execute("SELECT count(*) FROM __diesel_schema_migrations").is_ok()
            && conn.batch_execute("SELECT count(*) FROM sessions").is_ok()
    });
    let admin = postgres_with_database(None, "postgres").expect("server");
    let dropped = PgConnection::establish(&admin)
        .map(|mut conn| conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")));
    assert!(output.status.success(), "{report}");
    assert!(
        report.contains("auth: database created") && report.contains("auth: migrations applied"),
        "{report}"
    );
    assert_eq!(created, Ok(true), "the auth tables are there");
    assert!(matches!(dropped, Ok(Ok(()))), "cleaned up: {dropped:?}");
}

#[test]
fn migrate_fails_at_once_on_a_refused_role_and_a_malformed_url_but_waits_for_a_server() {
    let Some(url) = postgres_with_database(Some("jc_no_such_role"), "postgres") else { return };
    let output = run(&["migrate", "--target", "auth"], &[("JC__AUTH__DATABASE__URL", &url)]);
    let report = text(&output);
    assert!(
        !output.status.success() && report.contains("role \"jc_no_such_role\" does not exist"),
        "{report}"
    );

    let output = run(
        &["migrate", "--target", "auth"],
        &[("JC__AUTH__DATABASE__URL", "postgres://postgres@127.0.0.1:notaport/postgres")],
    );
    let report = text(&output);
    assert!(
        !output.status.success() && report.contains("auth.database.url") && report.contains("notaport"),
        "{report}"
    );

    let closed = jc_testkit::closed_url().replace("http://", "postgres://postgres@");
    let started = Instant::now();
    let output = run(
        &["migrate", "--target", "auth", "--wait-seconds", "1"],
        &[("JC__AUTH__DATABASE__URL", &format!("{closed}/postgres"))],
    );
    let report = text(&output);
    let took = started.elapsed();
    assert!(!output.status.success() && report.contains("still unreachable after"), "{report}");
    assert!(took >= Duration::from_secs(1) && took < Duration::from_secs(10), "waited the window: {took:?}");
}
