//! The binary's own commands: configuration checks, refusals in production, the
//! OpenAPI document.

use std::process::{Command, Output};

use crate::support::binary;

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    Command::new(binary())
        .args(args)
        .env("JC_CONFIG_DIR", dir.path())
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
