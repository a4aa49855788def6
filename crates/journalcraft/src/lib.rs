//! The `journalcraft` binary's library: the list of components ([`COMPONENTS`]) and
//! the calls the commands make through it. Tests use it to start the platform
//! in-process exactly as the binary does.

pub mod components;

use std::net::SocketAddr;
use std::path::Path;

use jc_platform::component::settings::Targets;
use jc_platform::component::{DevSetup, PlatformSettings};
use jc_platform::config::{ConfigError, Environment};

pub use components::COMPONENTS;
pub use jc_platform::component::{Running, start};

/// The settings of every component: defaults, `<dir>/<env>.toml`, the `JC__…`
/// `variables`, then `overrides`.
pub fn settings(
    env: Environment,
    dir: &Path,
    variables: impl IntoIterator<Item = (String, String)>,
    overrides: &[(String, String)],
) -> Result<PlatformSettings, ConfigError> {
    PlatformSettings::load(COMPONENTS, env, dir, variables, overrides)
}

/// Parses `--target`: a comma list of component names, or `all`.
pub fn targets(value: &str) -> Result<Targets, String> {
    Targets::parse(COMPONENTS, value)
}

/// Every component.
pub fn all() -> Targets {
    Targets::all(COMPONENTS)
}

/// The components that own a database.
pub fn with_database() -> Targets {
    Targets::with_database(COMPONENTS)
}

/// The configuration overrides of `journalcraft dev` in `data_dir`, with the gateway
/// at `listen` and the operations listener at `ops_listen`.
pub fn dev_overrides(
    data_dir: &Path,
    listen: SocketAddr,
    ops_listen: SocketAddr,
) -> std::io::Result<Vec<(String, String)>> {
    DevSetup::new(data_dir, listen).with_ops_listen(ops_listen).overrides(COMPONENTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_from_lists_of_the_components() {
        assert_eq!(targets("all"), Ok(all()));
        assert_eq!(targets("gateway, auth,auth").map(|t| t.to_string()).as_deref(), Ok("auth,gateway"));
        assert!(targets("").is_err());
        assert!(targets("auth,billing").expect_err("unknown target").contains("billing"));
        assert_eq!(with_database().to_string(), "auth,user,journal,export");
    }

    #[test]
    fn the_data_directory_keeps_its_secrets_between_runs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let listen: SocketAddr = "127.0.0.1:0".parse().expect("address");
        let ops: SocketAddr = "127.0.0.1:9109".parse().expect("address");
        let first = dev_overrides(dir.path(), listen, ops).expect("first run");
        let second = dev_overrides(dir.path(), listen, ops).expect("second run");
        assert_eq!(first, second);
        let value = |key: &str| first.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(value("internal.service_token").map(|t| t.len()), Some(64));
        assert_eq!(value("journal.key_encryption_key").map(|t| t.len()), Some(64));
        assert_eq!(value("gateway.listen").as_deref(), Some("127.0.0.1:0"));
        assert_eq!(value("ops.listen").as_deref(), Some("127.0.0.1:9109"));
        assert_eq!(value("auth.grpc_listen").as_deref(), Some("127.0.0.1:0"));
        let database = value("user.database.url").expect("user database");
        assert!(database.starts_with("sqlite://") && database.ends_with("user.db"), "{database}");
        let key = std::fs::read_to_string(dir.path().join("signing-key.pem")).expect("key");
        assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
        let settings = settings(Environment::Development, dir.path(), [], &first).expect("dev settings load");
        assert!(settings.problems(Environment::Development, &all()).is_empty());
    }
}
