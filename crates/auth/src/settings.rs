//! The `[auth]` configuration section.

use std::net::SocketAddr;
use std::path::PathBuf;

use jc_platform::config::{DatabaseSettings, Problems, Validate};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::keys;

/// Settings of the auth service (`[auth]`, `JC__AUTH__…`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the gRPC API listens.
    pub grpc_listen: SocketAddr,
    /// The `iss` claim of access tokens.
    pub issuer: String,
    /// The `aud` claim of access tokens.
    pub audience: String,
    /// How long an access token is valid, in seconds (60 to 3600).
    pub access_token_ttl_seconds: u64,
    /// A session unused for this long (no refresh) ends, in seconds.
    pub session_idle_timeout_seconds: u64,
    /// A session ends this long after sign-in however often it is refreshed, in seconds.
    pub session_absolute_lifetime_seconds: u64,
    /// The Ed25519 private key that signs access tokens, PKCS#8 PEM
    /// (`openssl genpkey -algorithm ed25519`). Set this or `signing_key_file`.
    pub signing_key: Option<SecretString>,
    /// A file holding the signing key's PEM, instead of `signing_key`.
    pub signing_key_file: Option<PathBuf>,
    /// Public keys (PEM) whose tokens are still accepted while keys rotate; each is
    /// published in the JWKS under its own `kid`.
    pub verification_keys: Vec<String>,
    /// The auth service's own database.
    pub database: DatabaseSettings,
    /// How many password hashes may be computed at once; 0 means one per CPU core.
    pub password_hash_concurrency: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            grpc_listen: SocketAddr::from(([0, 0, 0, 0], 50051)),
            issuer: "journalcraft".into(),
            audience: "journalcraft-api".into(),
            access_token_ttl_seconds: 900,
            session_idle_timeout_seconds: 14 * 24 * 3600,
            session_absolute_lifetime_seconds: 30 * 24 * 3600,
            signing_key: None,
            signing_key_file: None,
            verification_keys: Vec::new(),
            database: DatabaseSettings::default(),
            password_hash_concurrency: 0,
        }
    }
}

/// Why the signing key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningKeyError {
    #[error("auth.signing_key is required")]
    Missing,
    #[error("set either auth.signing_key or auth.signing_key_file, not both")]
    Both,
    #[error("auth.signing_key_file: cannot read {path}: {error}")]
    Unreadable { path: String, error: String },
    #[error("auth.{}: {error}", if *.from_file { "signing_key_file" } else { "signing_key" })]
    Invalid { from_file: bool, error: keys::KeyError },
}

impl SigningKeyError {
    /// The setting at fault, below the section's prefix.
    pub fn setting(&self) -> &'static str {
        match self {
            SigningKeyError::Unreadable { .. } | SigningKeyError::Invalid { from_file: true, .. } => {
                "signing_key_file"
            }
            _ => "signing_key",
        }
    }

    fn message(&self, prefix: &str) -> String {
        match self {
            SigningKeyError::Missing => format!(
                "is required in every environment: an Ed25519 private key in PEM \
                 (openssl genpkey -algorithm ed25519), or its path in {prefix}.signing_key_file"
            ),
            SigningKeyError::Both => {
                format!("set either {prefix}.signing_key or {prefix}.signing_key_file, not both")
            }
            SigningKeyError::Unreadable { path, error } => format!("cannot read {path}: {error}"),
            SigningKeyError::Invalid { error, .. } => error.to_string(),
        }
    }
}

impl Settings {
    pub const ACCESS_TOKEN_TTL_RANGE: std::ops::RangeInclusive<u64> = 60..=3600;

    /// The signing key's PEM, from `signing_key` or the file `signing_key_file`.
    pub fn signing_key_pem(&self) -> Result<SecretString, SigningKeyError> {
        match (&self.signing_key, &self.signing_key_file) {
            (Some(_), Some(_)) => Err(SigningKeyError::Both),
            (Some(pem), None) => Ok(pem.clone()),
            (None, Some(path)) => std::fs::read_to_string(path).map(SecretString::from).map_err(|e| {
                SigningKeyError::Unreadable { path: path.display().to_string(), error: e.to_string() }
            }),
            (None, None) => Err(SigningKeyError::Missing),
        }
    }

    /// The signing key's PEM, checked to parse.
    pub fn checked_signing_key_pem(&self) -> Result<SecretString, SigningKeyError> {
        let pem = self.signing_key_pem()?;
        keys::parse_private_key(pem.expose_secret())
            .map_err(|error| SigningKeyError::Invalid { from_file: self.signing_key.is_none(), error })?;
        Ok(pem)
    }
}

impl Validate for Settings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        if let Err(error) = self.checked_signing_key_pem() {
            problems.push(format!("{prefix}.{}", error.setting()), error.message(prefix));
        }
        for (index, pem) in self.verification_keys.iter().enumerate() {
            if let Err(error) = keys::parse_public_key(pem) {
                problems.push(format!("{prefix}.verification_keys"), format!("entry {index} {error}"));
            }
        }
        if self.issuer.trim().is_empty() {
            problems.push(format!("{prefix}.issuer"), "must not be empty");
        }
        if self.audience.trim().is_empty() {
            problems.push(format!("{prefix}.audience"), "must not be empty");
        }
        if !Self::ACCESS_TOKEN_TTL_RANGE.contains(&self.access_token_ttl_seconds) {
            problems.push(format!("{prefix}.access_token_ttl_seconds"), "must be between 60 and 3600");
        }
        if self.session_idle_timeout_seconds == 0 {
            problems.push(format!("{prefix}.session_idle_timeout_seconds"), "must be greater than 0");
        }
        if self.session_idle_timeout_seconds > self.session_absolute_lifetime_seconds {
            problems.push(
                format!("{prefix}.session_idle_timeout_seconds"),
                format!(
                    "must not exceed {prefix}.session_absolute_lifetime_seconds ({})",
                    self.session_absolute_lifetime_seconds
                ),
            );
        }
        if self.session_absolute_lifetime_seconds > 10 * 365 * 24 * 3600 {
            problems.push(format!("{prefix}.session_absolute_lifetime_seconds"), "must be at most ten years");
        }
        if self.password_hash_concurrency > 1024 {
            problems.push(
                format!("{prefix}.password_hash_concurrency"),
                "must be at most 1024 (0: one per core)",
            );
        }
        self.database.validate(&format!("{prefix}.database"), problems);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use jc_platform::config::Environment;

    use super::*;

    fn valid() -> Settings {
        Settings {
            signing_key: Some(SecretString::from(keys::generate_private_key_pem())),
            database: DatabaseSettings::with_url("postgres://db/auth"),
            ..Settings::default()
        }
    }

    fn problems(settings: &Settings, env: Environment) -> Vec<(String, String)> {
        let mut problems = Problems::new(env);
        settings.validate("auth", &mut problems);
        problems.into_vec().into_iter().map(|p| (p.key, p.message)).collect()
    }

    fn keys_of(settings: &Settings, env: Environment) -> Vec<String> {
        problems(settings, env).into_iter().map(|(key, _)| key).collect()
    }

    #[test]
    fn defaults_are_documented_values() {
        let settings = Settings::default();
        assert_eq!(settings.grpc_listen.to_string(), "0.0.0.0:50051");
        assert_eq!(settings.issuer, "journalcraft");
        assert_eq!(settings.audience, "journalcraft-api");
        assert_eq!(settings.access_token_ttl_seconds, 900);
        assert_eq!(settings.session_idle_timeout_seconds, 1_209_600);
        assert_eq!(settings.session_absolute_lifetime_seconds, 2_592_000);
        assert_eq!(settings.password_hash_concurrency, 0);
    }

    #[test]
    fn a_valid_configuration_has_no_problems() {
        assert!(problems(&valid(), Environment::Production).is_empty());
    }

    #[test]
    fn a_signing_key_is_required_in_every_environment() {
        for env in [Environment::Development, Environment::Test, Environment::Production] {
            let settings = Settings { signing_key: None, ..valid() };
            assert_eq!(keys_of(&settings, env), ["auth.signing_key"]);
        }
        let both = Settings { signing_key_file: Some("/etc/key.pem".into()), ..valid() };
        let found = problems(&both, Environment::Test);
        assert_eq!(found[0].0, "auth.signing_key");
        assert!(found[0].1.contains("not both"));
    }

    #[test]
    fn the_signing_key_must_parse() {
        let settings =
            Settings { signing_key: Some(SecretString::from("-----BEGIN PRIVATE KEY-----")), ..valid() };
        let found = problems(&settings, Environment::Test);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "auth.signing_key");
        assert!(!found[0].1.contains("BEGIN PRIVATE KEY-----\n"), "the message does not echo the key");
    }

    #[test]
    fn the_signing_key_can_come_from_a_file() {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(keys::generate_private_key_pem().as_bytes()).expect("write");
        let settings = Settings { signing_key: None, signing_key_file: Some(file.path().into()), ..valid() };
        assert!(problems(&settings, Environment::Production).is_empty());
        assert!(settings.checked_signing_key_pem().is_ok());

        let missing =
            Settings { signing_key: None, signing_key_file: Some("/nonexistent/key.pem".into()), ..valid() };
        assert_eq!(keys_of(&missing, Environment::Test), ["auth.signing_key_file"]);
    }

    #[test]
    fn lifetimes_and_verification_keys_are_checked() {
        let settings = Settings {
            access_token_ttl_seconds: 59,
            session_idle_timeout_seconds: 100,
            session_absolute_lifetime_seconds: 99,
            verification_keys: vec!["junk".into()],
            ..valid()
        };
        assert_eq!(
            keys_of(&settings, Environment::Test),
            ["auth.verification_keys", "auth.access_token_ttl_seconds", "auth.session_idle_timeout_seconds"]
        );
        assert!(
            problems(&Settings { access_token_ttl_seconds: 3600, ..valid() }, Environment::Test).is_empty()
        );
        assert_eq!(
            keys_of(&Settings { access_token_ttl_seconds: 3601, ..valid() }, Environment::Test),
            ["auth.access_token_ttl_seconds"]
        );
    }

    #[test]
    fn the_database_is_validated_under_the_auth_prefix() {
        let settings = Settings { database: DatabaseSettings::with_url("sqlite://auth.db"), ..valid() };
        assert_eq!(keys_of(&settings, Environment::Production), ["auth.database.url"]);
        assert!(keys_of(&settings, Environment::Development).is_empty());
    }

    #[test]
    fn unknown_keys_are_rejected_and_secrets_stay_hidden() {
        let error = serde_json::from_value::<Settings>(serde_json::json!({"issuer": "x", "isuer": "y"}));
        assert!(error.is_err());
        let settings = valid();
        let pem = settings.signing_key.as_ref().map(|k| k.expose_secret().to_owned()).unwrap_or_default();
        assert!(!format!("{settings:?}").contains(&pem[30..60]));
    }
}
