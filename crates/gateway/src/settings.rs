//! The `[gateway]` configuration section.

use std::net::SocketAddr;

use jc_platform::config::{Environment, Problems, Validate};
use jc_platform::ratelimit::{Quota, WhenUnavailable};
use serde::Deserialize;

use crate::address::Network;

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
    #[serde(deserialize_with = "list_or_commas")]
    pub cors_allowed_origins: Vec<String>,
    /// Proxies (addresses or CIDR networks) whose `Forwarded`/`X-Forwarded-For` name the
    /// client; from any other peer those headers are ignored. Empty: the peer is the client.
    #[serde(deserialize_with = "list_or_commas")]
    pub trusted_proxies: Vec<String>,
    /// The quotas of each class of request (`[gateway.rate_limits]`).
    pub rate_limits: RateLimitSettings,
    /// Clock skew allowed on `exp` and `nbf` of access tokens; at most 30.
    pub jwt_leeway_seconds: u64,
    /// The least time between two JWKS fetches caused by unknown key ids.
    pub jwks_refresh_interval_seconds: u64,
    /// How often the job WebSocket pings its client; a client silent for three
    /// intervals is closed.
    pub websocket_ping_interval_ms: u64,
    /// How long a request body may take to arrive, from the end of its head to its last
    /// byte; a slower body is answered 408 and the connection closed.
    pub body_read_timeout_ms: u64,
    /// How long a request head may take to arrive (the first on a connection, and each
    /// later one once its first byte is in); a slower head is answered 408.
    pub head_read_timeout_ms: u64,
    /// The largest request line (method, target, version); a longer one is 414.
    pub max_request_line_bytes: usize,
    /// The largest request head (request line and headers); a larger one is 431.
    pub max_head_bytes: usize,
    /// The address clients reach the API at (`https://api.example.com`). When it is
    /// `https://`, every response carries `Strict-Transport-Security`.
    pub public_url: Option<String>,
    /// Believe `X-Forwarded-Proto` (only behind a proxy that sets it): a request it
    /// says came over `https` is answered with `Strict-Transport-Security`.
    pub trust_forwarded_proto: bool,
    /// `max-age` of `Strict-Transport-Security`; 0 never sends it.
    pub hsts_max_age_seconds: u64,
}

impl Settings {
    pub const MIN_JSON_LIMIT: usize = 1024;
    pub const MAX_JSON_LIMIT: usize = 64 * 1024 * 1024;
    pub const MAX_LEEWAY_SECONDS: u64 = 30;
    pub const MAX_WORKERS: usize = 1024;
    pub const MIN_PING_INTERVAL_MS: u64 = 10;
    pub const MAX_PING_INTERVAL_MS: u64 = 300_000;
    pub const MIN_READ_TIMEOUT_MS: u64 = 10;
    pub const MAX_READ_TIMEOUT_MS: u64 = 600_000;
    pub const MIN_REQUEST_LINE: usize = 1024;
    /// Below the 64 KiB the `http` crate accepts as a URI, so the gateway answers first.
    pub const MAX_REQUEST_LINE: usize = 60 * 1024;
    pub const MIN_HEAD: usize = 4 * 1024;
    /// Below the 128 KiB actix-http buffers for a head, so the gateway answers first.
    pub const MAX_HEAD: usize = 120 * 1024;
    pub const MAX_HSTS_MAX_AGE_SECONDS: u64 = 2 * 365 * 24 * 3600;

    /// Whether `public_url` says the API is reached over HTTPS.
    pub fn public_url_is_https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// The trusted proxies as networks; entries that do not parse are left out (and
    /// reported by validation).
    pub fn trusted_networks(&self) -> Vec<Network> {
        self.trusted_proxies.iter().filter_map(|entry| entry.parse().ok()).collect()
    }

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
            trusted_proxies: Vec::new(),
            rate_limits: RateLimitSettings::default(),
            jwt_leeway_seconds: 30,
            jwks_refresh_interval_seconds: 30,
            websocket_ping_interval_ms: 20_000,
            body_read_timeout_ms: 30_000,
            head_read_timeout_ms: 10_000,
            max_request_line_bytes: 16 * 1024,
            max_head_bytes: 64 * 1024,
            public_url: None,
            trust_forwarded_proto: false,
            hsts_max_age_seconds: 31_536_000,
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
        for (index, entry) in self.trusted_proxies.iter().enumerate() {
            if let Err(message) = entry.parse::<Network>() {
                problems.push(format!("{prefix}.trusted_proxies[{index}]"), message);
            }
        }
        self.rate_limits.validate(&format!("{prefix}.rate_limits"), problems);
        for (key, value) in [
            ("body_read_timeout_ms", self.body_read_timeout_ms),
            ("head_read_timeout_ms", self.head_read_timeout_ms),
        ] {
            if !(Self::MIN_READ_TIMEOUT_MS..=Self::MAX_READ_TIMEOUT_MS).contains(&value) {
                problems.push(
                    format!("{prefix}.{key}"),
                    format!(
                        "must be between {} and {}",
                        Self::MIN_READ_TIMEOUT_MS,
                        Self::MAX_READ_TIMEOUT_MS
                    ),
                );
            }
        }
        if !(Self::MIN_REQUEST_LINE..=Self::MAX_REQUEST_LINE).contains(&self.max_request_line_bytes) {
            problems.push(
                format!("{prefix}.max_request_line_bytes"),
                format!("must be between {} and {}", Self::MIN_REQUEST_LINE, Self::MAX_REQUEST_LINE),
            );
        }
        if !(Self::MIN_HEAD..=Self::MAX_HEAD).contains(&self.max_head_bytes)
            || self.max_head_bytes < self.max_request_line_bytes
        {
            problems.push(
                format!("{prefix}.max_head_bytes"),
                format!(
                    "must be between {} and {}, and at least max_request_line_bytes",
                    Self::MIN_HEAD,
                    Self::MAX_HEAD
                ),
            );
        }
        if let Some(url) = &self.public_url
            && let Err(message) = check_public_url(url, problems.environment())
        {
            problems.push(format!("{prefix}.public_url"), message);
        }
        if self.hsts_max_age_seconds > Self::MAX_HSTS_MAX_AGE_SECONDS {
            problems.push(
                format!("{prefix}.hsts_max_age_seconds"),
                format!("must be at most {} (two years)", Self::MAX_HSTS_MAX_AGE_SECONDS),
            );
        }
        for (index, origin) in self.cors_allowed_origins.iter().enumerate() {
            if let Err(message) = check_origin(origin, problems.environment()) {
                problems.push(format!("{prefix}.cors_allowed_origins[{index}]"), message);
            }
        }
    }
}

/// A list, or one string of comma-separated entries (how an environment variable gives one).
fn list_or_commas<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        List(Vec<String>),
        Commas(String),
    }
    Ok(match Given::deserialize(deserializer)? {
        Given::List(list) => list,
        Given::Commas(text) => {
            text.split(',').map(str::trim).filter(|entry| !entry.is_empty()).map(str::to_owned).collect()
        }
    })
}

/// The quota of each class of request, and what it does when Redis is down. Classes
/// and their keys: `crates/gateway/src/limits.rs` and docs/security.md. Any key left out
/// keeps its default, so one value can be set alone (from the environment, say).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "PartialRateLimits")]
pub struct RateLimitSettings {
    /// Off: no request is limited (benchmarks of the limiter's cost turn it off).
    pub enabled: bool,
    pub sign_in_account: ClassLimit,
    pub sign_in_address: ClassLimit,
    pub registration: ClassLimit,
    pub refresh: ClassLimit,
    pub generation: ClassLimit,
    pub export: ClassLimit,
    pub provider_key_test: ClassLimit,
    pub default: ClassLimit,
}

/// `[gateway.rate_limits]` as written: every key may be left out.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct PartialRateLimits {
    enabled: Option<bool>,
    sign_in_account: PartialClassLimit,
    sign_in_address: PartialClassLimit,
    registration: PartialClassLimit,
    refresh: PartialClassLimit,
    generation: PartialClassLimit,
    export: PartialClassLimit,
    provider_key_test: PartialClassLimit,
    default: PartialClassLimit,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct PartialClassLimit {
    limit: Option<u32>,
    period_seconds: Option<u64>,
    store: Option<Store>,
    when_redis_down: Option<WhenUnavailable>,
}

impl PartialClassLimit {
    fn over(self, default: ClassLimit) -> ClassLimit {
        ClassLimit {
            limit: self.limit.unwrap_or(default.limit),
            period_seconds: self.period_seconds.unwrap_or(default.period_seconds),
            store: self.store.unwrap_or(default.store),
            when_redis_down: self.when_redis_down.unwrap_or(default.when_redis_down),
        }
    }
}

impl From<PartialRateLimits> for RateLimitSettings {
    fn from(given: PartialRateLimits) -> Self {
        let default = Self::default();
        Self {
            enabled: given.enabled.unwrap_or(default.enabled),
            sign_in_account: given.sign_in_account.over(default.sign_in_account),
            sign_in_address: given.sign_in_address.over(default.sign_in_address),
            registration: given.registration.over(default.registration),
            refresh: given.refresh.over(default.refresh),
            generation: given.generation.over(default.generation),
            export: given.export.over(default.export),
            provider_key_test: given.provider_key_test.over(default.provider_key_test),
            default: given.default.over(default.default),
        }
    }
}

/// `limit` requests per `period_seconds`, all at once or spread out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassLimit {
    pub limit: u32,
    pub period_seconds: u64,
    /// Where requests are counted.
    pub store: Store,
    /// With `store = "shared"`: `local` (each replica counts alone), `allow` (no limit) or
    /// `refuse` (503) while Redis cannot be reached.
    pub when_redis_down: WhenUnavailable,
}

/// Where a class is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Store {
    /// In Redis when it is configured, so every replica shares one count; in memory
    /// otherwise.
    Shared,
    /// In each replica's memory: no Redis round trip, and each replica allows the quota.
    Local,
}

impl ClassLimit {
    pub const MAX_LIMIT: u32 = 1_000_000;
    pub const MAX_PERIOD_SECONDS: u64 = 86_400;

    const fn new(limit: u32, period_seconds: u64, store: Store, when_redis_down: WhenUnavailable) -> Self {
        Self { limit, period_seconds, store, when_redis_down }
    }

    pub fn quota(&self) -> Quota {
        Quota::new(self.limit, self.period_seconds)
    }
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        use Store::Shared;
        use WhenUnavailable::{Allow, Local};
        Self {
            enabled: true,
            sign_in_account: ClassLimit::new(10, 900, Shared, Local),
            sign_in_address: ClassLimit::new(100, 900, Shared, Local),
            registration: ClassLimit::new(10, 3600, Shared, Local),
            refresh: ClassLimit::new(120, 600, Shared, Local),
            generation: ClassLimit::new(20, 3600, Shared, Local),
            export: ClassLimit::new(60, 3600, Shared, Local),
            provider_key_test: ClassLimit::new(10, 3600, Shared, Local),
            // A flood guard on every request: counted per replica, without a Redis round
            // trip per request (docs/security.md, "Cost").
            default: ClassLimit::new(1200, 60, Store::Local, Allow),
        }
    }
}

impl Validate for RateLimitSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        let classes = [
            ("sign_in_account", &self.sign_in_account),
            ("sign_in_address", &self.sign_in_address),
            ("registration", &self.registration),
            ("refresh", &self.refresh),
            ("generation", &self.generation),
            ("export", &self.export),
            ("provider_key_test", &self.provider_key_test),
            ("default", &self.default),
        ];
        for (name, class) in classes {
            if !(1..=ClassLimit::MAX_LIMIT).contains(&class.limit) {
                problems.push(
                    format!("{prefix}.{name}.limit"),
                    format!("must be between 1 and {}", ClassLimit::MAX_LIMIT),
                );
            }
            if !(1..=ClassLimit::MAX_PERIOD_SECONDS).contains(&class.period_seconds) {
                problems.push(
                    format!("{prefix}.{name}.period_seconds"),
                    format!("must be between 1 and {}", ClassLimit::MAX_PERIOD_SECONDS),
                );
            }
            if name.starts_with("sign_in") && class.when_redis_down == WhenUnavailable::Allow {
                problems.push(
                    format!("{prefix}.{name}.when_redis_down"),
                    "sign-in must stay limited when Redis is down: local or refuse",
                );
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

/// The public URL is an origin, optionally with a path: `https://api.example.com`.
fn check_public_url(url: &str, environment: Environment) -> Result<(), String> {
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let Some(host) = host else {
        return Err(format!("{url:?} must start with https:// or http://"));
    };
    if environment == Environment::Production && url.starts_with("http://") {
        return Err(format!("{url:?}: production wants an https:// URL"));
    }
    let host = host.split('/').next().unwrap_or_default();
    if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{url:?} must be scheme://host[:port][/path]"));
    }
    Ok(())
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
            trusted_proxies: vec!["10.0.0.0/8".into(), "10.0.0.0/40".into()],
            body_read_timeout_ms: 0,
            head_read_timeout_ms: 600_001,
            max_request_line_bytes: 100,
            max_head_bytes: 200 * 1024,
            public_url: Some("api.example.com".into()),
            hsts_max_age_seconds: 100_000_000,
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
                "gateway.trusted_proxies[1]",
                "gateway.body_read_timeout_ms",
                "gateway.head_read_timeout_ms",
                "gateway.max_request_line_bytes",
                "gateway.max_head_bytes",
                "gateway.public_url",
                "gateway.hsts_max_age_seconds",
                "gateway.cors_allowed_origins[1]",
                "gateway.cors_allowed_origins[2]",
            ]
        );
        let limit = Settings { json_limit_bytes: 64 * 1024 * 1024 + 1, ..Settings::default() };
        assert_eq!(problem_keys(&limit, Environment::Development), ["gateway.json_limit_bytes"]);
    }

    #[test]
    fn lists_may_be_given_as_comma_separated_text() {
        let parsed: Settings = serde_json::from_str(
            r#"{"trusted_proxies": "10.0.0.0/8, 192.0.2.1", "cors_allowed_origins": ["https://a.example"]}"#,
        )
        .expect("parses");
        assert_eq!(parsed.trusted_proxies, ["10.0.0.0/8", "192.0.2.1"]);
        assert_eq!(parsed.trusted_networks().len(), 2);
        assert_eq!(parsed.cors_allowed_origins, ["https://a.example"]);
    }

    #[test]
    fn rate_limits_are_validated() {
        let mut settings = Settings::default();
        settings.rate_limits.registration.limit = 0;
        settings.rate_limits.export.period_seconds = 86_401;
        settings.rate_limits.sign_in_address.when_redis_down = WhenUnavailable::Allow;
        settings.rate_limits.default.when_redis_down = WhenUnavailable::Refuse;
        assert_eq!(
            problem_keys(&settings, Environment::Production),
            [
                "gateway.rate_limits.sign_in_address.when_redis_down",
                "gateway.rate_limits.registration.limit",
                "gateway.rate_limits.export.period_seconds",
            ]
        );
        let parsed: Settings = serde_json::from_str(
            r#"{"rate_limits": {"refresh": {"limit": 5, "when_redis_down": "refuse"}}}"#,
        )
        .expect("one class set in part");
        assert_eq!(parsed.rate_limits.refresh.quota(), Quota::new(5, 600), "the period kept its default");
        assert_eq!(parsed.rate_limits.refresh.when_redis_down, WhenUnavailable::Refuse);
        assert_eq!(parsed.rate_limits.sign_in_account, RateLimitSettings::default().sign_in_account);
        let unknown: Result<Settings, _> =
            serde_json::from_str(r#"{"rate_limits": {"refresh": {"limt": 5}}}"#);
        assert!(unknown.is_err(), "a misspelt key is refused");
    }

    #[test]
    fn production_wants_https_origins() {
        let settings =
            Settings { cors_allowed_origins: vec!["http://localhost:3000".into()], ..Settings::default() };
        assert!(problem_keys(&settings, Environment::Development).is_empty());
        assert_eq!(problem_keys(&settings, Environment::Production), ["gateway.cors_allowed_origins[0]"]);
        let settings = Settings { public_url: Some("http://localhost:8080".into()), ..Settings::default() };
        assert!(problem_keys(&settings, Environment::Development).is_empty());
        assert!(!settings.public_url_is_https());
        assert_eq!(problem_keys(&settings, Environment::Production), ["gateway.public_url"]);
        let settings = Settings { public_url: Some("https://api.example.com".into()), ..Settings::default() };
        assert!(problem_keys(&settings, Environment::Production).is_empty());
        assert!(settings.public_url_is_https());
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
