//! The `[gateway]` configuration section.

use std::net::SocketAddr;

use jc_platform::config::{Environment, Problems, Validate};
use serde::Deserialize;

/// How the gateway listens and checks requests.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub listen: SocketAddr,
    /// The largest JSON body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// Origins (`https://app.example.com`) allowed to call the API from a browser.
    /// Empty: no cross-origin access.
    pub cors_allowed_origins: Vec<String>,
    /// Take the client address from the first `X-Forwarded-For` entry (only behind a
    /// proxy that sets it); otherwise the peer address is the client.
    pub trust_forwarded_for: bool,
    /// Clock skew allowed on `exp` and `nbf` of access tokens; at most 30.
    pub jwt_leeway_seconds: u64,
    /// The least time between two JWKS fetches caused by unknown key ids.
    pub jwks_refresh_interval_seconds: u64,
    /// How often the job WebSocket pings its client; a client silent for three
    /// intervals is closed.
    pub websocket_ping_interval_ms: u64,
}

impl Settings {
    pub const MIN_JSON_LIMIT: usize = 1024;
    pub const MAX_JSON_LIMIT: usize = 64 * 1024 * 1024;
    pub const MAX_LEEWAY_SECONDS: u64 = 30;
    pub const MAX_WORKERS: usize = 1024;
    pub const MIN_PING_INTERVAL_MS: u64 = 10;
    pub const MAX_PING_INTERVAL_MS: u64 = 300_000;

    /// The number of worker threads to start.
    pub fn worker_count(&self) -> usize {
        if self.workers == 0 {
            std::thread::available_parallelism().map(usize::from).unwrap_or(1)
        } else {
            self.workers
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([0, 0, 0, 0], 8080)),
            json_limit_bytes: 1024 * 1024,
            workers: 0,
            cors_allowed_origins: Vec::new(),
            trust_forwarded_for: false,
            jwt_leeway_seconds: 30,
            jwks_refresh_interval_seconds: 30,
            websocket_ping_interval_ms: 20_000,
        }
    }
}

impl Validate for Settings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        if !(Self::MIN_JSON_LIMIT..=Self::MAX_JSON_LIMIT).contains(&self.json_limit_bytes) {
            problems.push(
                format!("{prefix}.json_limit_bytes"),
                format!("must be between {} and {}", Self::MIN_JSON_LIMIT, Self::MAX_JSON_LIMIT),
            );
        }
        if self.workers > Self::MAX_WORKERS {
            problems.push(
                format!("{prefix}.workers"),
                format!("must be at most {} (0 means one per core)", Self::MAX_WORKERS),
            );
        }
        if self.jwt_leeway_seconds > Self::MAX_LEEWAY_SECONDS {
            problems.push(
                format!("{prefix}.jwt_leeway_seconds"),
                format!("must be at most {}", Self::MAX_LEEWAY_SECONDS),
            );
        }
        if self.jwks_refresh_interval_seconds == 0 || self.jwks_refresh_interval_seconds > 3600 {
            problems.push(format!("{prefix}.jwks_refresh_interval_seconds"), "must be between 1 and 3600");
        }
        if !(Self::MIN_PING_INTERVAL_MS..=Self::MAX_PING_INTERVAL_MS)
            .contains(&self.websocket_ping_interval_ms)
        {
            problems.push(
                format!("{prefix}.websocket_ping_interval_ms"),
                format!("must be between {} and {}", Self::MIN_PING_INTERVAL_MS, Self::MAX_PING_INTERVAL_MS),
            );
        }
        for (index, origin) in self.cors_allowed_origins.iter().enumerate() {
            if let Err(message) = check_origin(origin, problems.environment()) {
                problems.push(format!("{prefix}.cors_allowed_origins[{index}]"), message);
            }
        }
    }
}

/// An origin is `scheme://host[:port]`: no path, no wildcard.
fn check_origin(origin: &str, environment: Environment) -> Result<(), String> {
    let rest = if let Some(rest) = origin.strip_prefix("https://") {
        rest
    } else if let Some(rest) = origin.strip_prefix("http://") {
        if environment == Environment::Production {
            return Err(format!("{origin:?}: production allows https:// origins only"));
        }
        rest
    } else {
        return Err(format!("{origin:?} must start with https:// or http://"));
    };
    let well_formed = !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if well_formed {
        Ok(())
    } else {
        Err(format!("{origin:?} must be scheme://host[:port], without a path or wildcard"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_keys(settings: &Settings, environment: Environment) -> Vec<String> {
        settings.problem_keys("gateway", environment)
    }

    #[test]
    fn defaults_are_valid() {
        let settings = Settings::default();
        assert!(problem_keys(&settings, Environment::Production).is_empty());
        assert_eq!(settings.listen.port(), 8080);
        assert_eq!(settings.json_limit_bytes, 1024 * 1024);
        assert!(settings.worker_count() >= 1);
    }

    #[test]
    fn out_of_range_values_are_named() {
        let settings = Settings {
            json_limit_bytes: 10,
            jwt_leeway_seconds: 31,
            jwks_refresh_interval_seconds: 0,
            workers: 5000,
            websocket_ping_interval_ms: 5,
            cors_allowed_origins: vec![
                "https://app.example.com".into(),
                "*".into(),
                "https://app.example.com/path".into(),
            ],
            ..Settings::default()
        };
        assert_eq!(
            problem_keys(&settings, Environment::Development),
            [
                "gateway.json_limit_bytes",
                "gateway.workers",
                "gateway.jwt_leeway_seconds",
                "gateway.jwks_refresh_interval_seconds",
                "gateway.websocket_ping_interval_ms",
                "gateway.cors_allowed_origins[1]",
                "gateway.cors_allowed_origins[2]",
            ]
        );
        let limit = Settings { json_limit_bytes: 64 * 1024 * 1024 + 1, ..Settings::default() };
        assert_eq!(problem_keys(&limit, Environment::Development), ["gateway.json_limit_bytes"]);
    }

    #[test]
    fn production_wants_https_origins() {
        let settings =
            Settings { cors_allowed_origins: vec!["http://localhost:3000".into()], ..Settings::default() };
        assert!(problem_keys(&settings, Environment::Development).is_empty());
        assert_eq!(problem_keys(&settings, Environment::Production), ["gateway.cors_allowed_origins[0]"]);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let parsed: Result<Settings, _> =
            serde_json::from_str(r#"{"listen": "127.0.0.1:1", "jsonlimit": 5}"#);
        assert!(parsed.is_err());
        let parsed: Settings = serde_json::from_str(r#"{"workers": 2}"#).expect("partial settings");
        assert_eq!(parsed.workers, 2);
        assert_eq!(parsed.jwt_leeway_seconds, 30);
    }
}
