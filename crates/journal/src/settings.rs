//! Settings of the journal service (`[journal]`).

use std::net::SocketAddr;

use jc_platform::config::{DatabaseSettings, Environment, Problems, SecretKind, Validate};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use jc_writer::settings::GeneratorSettings;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the gRPC API listens.
    pub grpc_listen: SocketAddr,
    /// The service's own database.
    pub database: DatabaseSettings,
    /// Generation jobs one process runs at once.
    pub workers: usize,
    /// How often a `WatchJob` stream reads its job again, to see changes made by
    /// other processes of the service (changes made in its own process reach it at
    /// once).
    pub watch_poll_ms: u64,
    pub generator: GeneratorSettings,
    /// Encrypts the people's own provider keys at rest (AES-256-GCM): 32 bytes as 64
    /// hex characters. Required in production; without it keys cannot be stored.
    pub key_encryption_key: Option<SecretString>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            grpc_listen: SocketAddr::from(([0, 0, 0, 0], 50053)),
            database: DatabaseSettings::default(),
            workers: 2,
            watch_poll_ms: 500,
            generator: GeneratorSettings::default(),
            key_encryption_key: None,
        }
    }
}

pub const MAX_WORKERS: usize = 256;
const WATCH_POLL_MS: std::ops::RangeInclusive<u64> = 10..=60_000;

impl Validate for Settings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        self.database.validate(&format!("{prefix}.database"), problems);
        if !(1..=MAX_WORKERS).contains(&self.workers) {
            problems.push(format!("{prefix}.workers"), format!("must be between 1 and {MAX_WORKERS}"));
        }
        if !WATCH_POLL_MS.contains(&self.watch_poll_ms) {
            problems.push(
                format!("{prefix}.watch_poll_ms"),
                format!("must be between {} and {}", WATCH_POLL_MS.start(), WATCH_POLL_MS.end()),
            );
        }
        self.generator.validate(&format!("{prefix}.generator"), problems);
        let key = format!("{prefix}.key_encryption_key");
        match &self.key_encryption_key {
            Some(secret) if parse_key(secret).is_none() => {
                problems.push(key, "must be 64 hex characters (32 random bytes, e.g. `openssl rand -hex 32`)")
            }
            Some(secret) => problems.check_secret(key, secret, SecretKind::HexKey),
            None if problems.environment() == Environment::Production => problems.push(
                key,
                "is required in production: people's provider keys are encrypted with it \
                 (64 hex characters, e.g. `openssl rand -hex 32`)",
            ),
            _ => {}
        }
    }
}

/// The 32 bytes of a key written as 64 hex characters.
pub(crate) fn parse_key(secret: &SecretString) -> Option<[u8; 32]> {
    let hex = secret.expose_secret().trim().as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (byte, pair) in key.iter_mut().zip(hex.chunks_exact(2)) {
        let digit = |c: u8| char::from(c).to_digit(16);
        *byte = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jc_writer::openai::OpenAiSettings;
    use jc_writer::settings::ProviderChoice;

    fn valid() -> Settings {
        Settings { database: DatabaseSettings::with_url("postgres://db/journal"), ..Default::default() }
    }

    #[test]
    fn defaults_are_valid_outside_production() {
        assert!(valid().problem_keys("journal", Environment::Development).is_empty());
        let defaults = Settings::default();
        assert_eq!((defaults.workers, defaults.watch_poll_ms, defaults.generator.pace_ms), (2, 500, 0));
    }

    #[test]
    fn each_problem_names_its_setting() {
        let settings = Settings {
            workers: 0,
            watch_poll_ms: 1,
            generator: GeneratorSettings {
                provider: ProviderChoice::Openai,
                pace_ms: 60_001,
                openai: OpenAiSettings { base_url: "ftp://x".into(), ..OpenAiSettings::default() },
                openai_api_key: None,
            },
            key_encryption_key: Some(SecretString::from("abc")),
            ..valid()
        };
        assert_eq!(
            settings.problem_keys("journal", Environment::Development),
            [
                "journal.workers",
                "journal.watch_poll_ms",
                "journal.generator.pace_ms",
                "journal.generator.openai.base_url",
                "journal.generator.openai_api_key",
                "journal.key_encryption_key"
            ]
        );
    }

    #[test]
    fn production_needs_a_key_encryption_key() {
        assert_eq!(valid().problem_keys("journal", Environment::Production), ["journal.key_encryption_key"]);
        let random = "3f9a1c0e7b52d48e6a0f19c3b7e25d8471ac3e9f0b6d2a5c8e1f4b7a0d3c6e92";
        let settings = Settings { key_encryption_key: Some(SecretString::from(random)), ..valid() };
        assert!(settings.problem_keys("journal", Environment::Production).is_empty());
    }

    #[test]
    fn production_refuses_an_all_zero_or_patterned_key_other_environments_warn() {
        for weak in ["0".repeat(64), "ab".repeat(32)] {
            let settings = Settings { key_encryption_key: Some(SecretString::from(weak)), ..valid() };
            let mut problems = Problems::new(Environment::Production);
            settings.validate("journal", &mut problems);
            assert_eq!(problems.keys(), ["journal.key_encryption_key"]);
            let mut problems = Problems::new(Environment::Development);
            settings.validate("journal", &mut problems);
            let (found, warnings) = problems.into_parts();
            assert!(found.is_empty(), "{found:?}");
            assert_eq!(warnings.len(), 1, "warned: {warnings:?}");
        }
    }

    #[test]
    fn keys_are_64_hex_characters() {
        let key = parse_key(&SecretString::from(format!("00ff{}", "1a".repeat(30))));
        assert_eq!(key.map(|k| (k[0], k[1], k[2])), Some((0x00, 0xff, 0x1a)));
        assert_eq!(parse_key(&SecretString::from("zz".repeat(32))), None);
        assert_eq!(parse_key(&SecretString::from("ab".repeat(31))), None);
        assert_eq!(parse_key(&SecretString::from("é".repeat(32))), None, "bytes, not characters");
    }
}
