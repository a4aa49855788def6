//! Layered configuration: built-in defaults, then `config/<env>.toml`, then
//! `JC__SECTION__KEY` environment variables (`JC__AUTH__DATABASE__URL`).
//!
//! The whole tree is one struct owned by the binary; the sections shared by every
//! component live here, each service crate defines its own. Every struct rejects
//! unknown keys, and every section reports its problems through [`Validate`] with
//! the full key path, so `journalcraft config check` can list them all at once.

pub mod secrets;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{AppError, AppResult};
pub use secrets::SecretKind;

/// The environment a process runs in, from `JC_ENV`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Test,
    Production,
}

impl Environment {
    pub const VARIABLE: &'static str = "JC_ENV";

    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Production => "production",
        }
    }

    /// Reads `JC_ENV`; unset means development.
    pub fn from_env() -> Result<Self, ConfigError> {
        match std::env::var(Self::VARIABLE) {
            Ok(value) => value.parse(),
            Err(std::env::VarError::NotPresent) => Ok(Environment::Development),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(ConfigError::Environment("JC_ENV is not valid UTF-8".into()))
            }
        }
    }
}

impl FromStr for Environment {
    type Err = ConfigError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "development" | "dev" => Ok(Environment::Development),
            "test" => Ok(Environment::Test),
            "production" | "prod" => Ok(Environment::Production),
            other => Err(ConfigError::Environment(format!(
                "unknown environment {other:?}: use development, test or production"
            ))),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Environment(String),
    #[error("cannot read configuration: {0}")]
    Load(#[from] config::ConfigError),
    #[error("cannot read configuration: {0}")]
    Unknown(String),
    #[error("invalid configuration:\n{}", format_problems(.0))]
    Invalid(Vec<Problem>),
}

fn format_problems(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
}

/// One thing wrong with a configuration, named by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted key path, `auth.database.url`.
    pub key: String,
    pub message: String,
}

impl Problem {
    /// The environment variable that sets this key.
    pub fn variable(&self) -> String {
        variable_for(&self.key)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.key, self.variable(), self.message)
    }
}

/// `auth.database.url` → `JC__AUTH__DATABASE__URL`.
pub fn variable_for(key: &str) -> String {
    format!("JC__{}", key.replace('.', "__").to_ascii_uppercase())
}

/// Collects the problems of a configuration section, and its warnings: what is
/// refused in production but let through elsewhere. Each key is named once: a second
/// problem of the same key joins the first, and a key [settled](Problems::settle)
/// while loading (an unknown key, a value of the wrong type) takes no more.
#[derive(Debug, Default)]
pub struct Problems {
    env: Option<Environment>,
    list: Vec<Problem>,
    warnings: Vec<Problem>,
    settled: BTreeSet<String>,
    /// Every (key, message) added, so that the same one is never added twice.
    seen: BTreeSet<(String, String)>,
}

impl Problems {
    pub fn new(env: Environment) -> Self {
        Self { env: Some(env), ..Self::default() }
    }

    pub fn environment(&self) -> Environment {
        self.env.unwrap_or(Environment::Development)
    }

    pub fn push(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.add(false, key.into(), message.into());
    }

    /// A problem found while loading: the final word on `key`.
    pub fn settle(&mut self, problem: Problem) {
        if self.settled.insert(problem.key.clone()) {
            self.list.retain(|p| p.key != problem.key);
            self.list.push(problem);
        }
    }

    /// Something refused in production only: a problem there, a warning elsewhere.
    pub fn production_only(&mut self, key: impl Into<String>, message: impl Into<String>) {
        if self.environment() == Environment::Production {
            self.push(key, message);
        } else {
            self.add(true, key.into(), message.into());
        }
    }

    /// Checks the secret at `key` ([`secrets::weakness`]); unfit, it is a problem in
    /// production and a warning elsewhere.
    pub fn check_secret(&mut self, key: impl Into<String>, value: &SecretString, kind: SecretKind) {
        if let Some(weakness) = secrets::weakness(value.expose_secret(), kind) {
            let advice = match kind {
                SecretKind::Token => "; use a random value, e.g. `openssl rand -hex 32`",
                SecretKind::HexKey => "; use 32 random bytes, e.g. `openssl rand -hex 32`",
                SecretKind::Issued => "; set the real credential",
            };
            self.production_only(key, format!("{weakness}{advice}"));
        }
    }

    /// Checks the password of a URL at `key` for placeholders.
    pub fn check_url_password(&mut self, key: impl Into<String>, url: &SecretString) {
        if let Some(password) = secrets::url_password(url.expose_secret())
            && let Some(weakness) = secrets::weakness(password, SecretKind::Issued)
        {
            self.production_only(key, format!("its password {weakness}; set the real credential"));
        }
    }

    /// Adds a problem (or a warning), joining one already there for the same key.
    fn add(&mut self, warning: bool, key: String, message: String) {
        if self.settled.contains(&key) || !self.seen.insert((key.clone(), message.clone())) {
            return;
        }
        let list = if warning { &mut self.warnings } else { &mut self.list };
        match list.iter_mut().find(|p| p.key == key) {
            Some(existing) => {
                existing.message.push_str("; ");
                existing.message.push_str(&message);
            }
            None => list.push(Problem { key, message }),
        }
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }

    /// The problems and the warnings.
    pub fn into_parts(self) -> (Vec<Problem>, Vec<Problem>) {
        (self.list, self.warnings)
    }

    /// The keys of the problems, in the order found.
    pub fn keys(self) -> Vec<String> {
        self.list.into_iter().map(|p| p.key).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A configuration section that can check itself. `prefix` is its dotted key path.
pub trait Validate {
    fn validate(&self, prefix: &str, problems: &mut Problems);

    /// The keys of this section's problems in `environment`, in the order found.
    fn problem_keys(&self, prefix: &str, environment: Environment) -> Vec<String> {
        let mut problems = Problems::new(environment);
        self.validate(prefix, &mut problems);
        problems.keys()
    }
}

/// Loads `T` from defaults, `<dir>/<env>.toml` (optional) and the given variables.
/// `overrides` are applied last (used by `journalcraft dev`).
pub fn load<T: DeserializeOwned>(
    env: Environment,
    dir: &Path,
    variables: impl IntoIterator<Item = (String, String)>,
    overrides: &[(String, String)],
) -> Result<T, ConfigError> {
    Ok(builder(env, dir, variables, overrides)?.build()?.try_deserialize()?)
}

/// The tree [`load`] reads, each value knowing where it came from
/// ([`config::Value::origin`]: the file's path, or "the environment").
pub fn load_tree(
    env: Environment,
    dir: &Path,
    variables: impl IntoIterator<Item = (String, String)>,
    overrides: &[(String, String)],
) -> Result<Map, ConfigError> {
    Ok(builder(env, dir, variables, overrides)?.build()?.cache.into_table()?)
}

fn builder(
    env: Environment,
    dir: &Path,
    variables: impl IntoIterator<Item = (String, String)>,
    overrides: &[(String, String)],
) -> Result<config::ConfigBuilder<config::builder::DefaultState>, ConfigError> {
    let file = dir.join(format!("{}.toml", env.as_str()));
    let variables: config::Map<String, String> =
        variables.into_iter().filter(|(name, _)| name.starts_with("JC__")).collect();
    // Variables stay strings: each setting's type parses its own (`"0…0"` would
    // otherwise become the number 0 before a key of hex digits could read it).
    let mut builder =
        config::Config::builder().add_source(config::File::from(file).required(false)).add_source(
            config::Environment::with_prefix("JC")
                .prefix_separator("__")
                .separator("__")
                .source(Some(variables)),
        );
    for (key, value) in overrides {
        builder = builder.set_override(key.as_str(), value.clone())?;
    }
    Ok(builder)
}

/// A configuration as a tree of sections, as [`load`] reads it.
pub type Map = config::Map<String, config::Value>;

/// `T` from sections of a tree that [`load`] read.
pub fn from_tree<T: DeserializeOwned>(tree: Map) -> Result<T, ConfigError> {
    Ok(config::Value::new(None, config::ValueKind::Table(tree)).try_deserialize()?)
}

/// Deserializes a value with `attempt`, leaving out each key it cannot take (an
/// unknown key, a value of the wrong type) and reporting it in `found` under
/// `prefix`, so that one pass names every such key. An error that names no key is
/// returned as it is.
pub fn deserialize_reporting<T>(
    mut value: config::Value,
    prefix: &str,
    found: &mut Vec<Problem>,
    attempt: impl Fn(config::Value) -> Result<T, config::ConfigError>,
) -> Result<T, ConfigError> {
    loop {
        let error = match attempt(value.clone()) {
            Ok(parsed) => return Ok(parsed),
            Err(error) => error,
        };
        let Some((path, message)) = locate(&error) else { return Err(error.into()) };
        if !remove(&mut value, &path) {
            return Err(error.into());
        }
        let key = if prefix.is_empty() { path } else { format!("{prefix}.{path}") };
        found.push(Problem { key, message });
    }
}

/// The key (relative, without list indexes) and the message of a deserialization
/// error, when it names a key.
fn locate(error: &config::ConfigError) -> Option<(String, String)> {
    use config::ConfigError as E;
    let join = |outer: &str, inner: &str| {
        let outer = strip_indexes(outer);
        if inner.is_empty() { outer } else { format!("{outer}.{inner}") }
    };
    match error {
        E::Type { key: Some(key), unexpected, expected, .. } => {
            Some((strip_indexes(key), format!("invalid value: {unexpected}, expected {expected}")))
        }
        E::At { error, key: Some(key), .. } => match error.as_ref() {
            E::Message(message) => match unknown_field(message) {
                Some((field, message)) => Some((join(key, &field), message)),
                None => Some((strip_indexes(key), format!("invalid value: {message}"))),
            },
            _ => None,
        },
        E::Message(message) => unknown_field(message),
        _ => None,
    }
}

/// `unknown field `x`, expected one of …` → (`x`, `unknown key; expected one of …`).
fn unknown_field(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let rest = rest.trim_start_matches(',').trim();
    let message = if rest.is_empty() { "unknown key".to_owned() } else { format!("unknown key; {rest}") };
    Some((field.to_owned(), message))
}

fn strip_indexes(key: &str) -> String {
    key.split('.').map(|part| part.split('[').next().unwrap_or(part)).collect::<Vec<_>>().join(".")
}

/// Removes the value at a dotted `path` of a table; whether there was one.
fn remove(value: &mut config::Value, path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else { return false };
    let mut current = value;
    for part in parts {
        let config::ValueKind::Table(table) = &mut current.kind else { return false };
        let Some(next) = table.get_mut(part) else { return false };
        current = next;
    }
    match &mut current.kind {
        config::ValueKind::Table(table) => table.remove(last).is_some(),
        _ => false,
    }
}

/// The secret settings of `tree` ([`secrets::is_secret_setting`]) whose value was
/// read from a file, with that file: `(key, file)`, by key.
pub fn secrets_from_files(tree: &Map) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &config::Value, found: &mut Vec<(String, String)>) {
        match &value.kind {
            config::ValueKind::Table(table) => {
                for (key, child) in table {
                    let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                    walk(&path, child, found);
                }
            }
            config::ValueKind::Array(_) | config::ValueKind::Nil => {}
            _ => {
                let text = value.clone().into_string().unwrap_or_default();
                if let Some(origin) = value.origin()
                    && origin != ENVIRONMENT_ORIGIN
                    && !text.is_empty()
                    && secrets::is_secret_setting(prefix, &text)
                {
                    found.push((prefix.to_owned(), origin.to_owned()));
                }
            }
        }
    }
    let mut found = Vec::new();
    for (key, value) in tree {
        walk(key, value, &mut found);
    }
    found.sort();
    found
}

/// What the `config` crate names as the origin of a value from a variable.
const ENVIRONMENT_ORIGIN: &str = "the environment";

/// The configuration directory: `JC_CONFIG_DIR`, or `./config`.
pub fn config_dir() -> PathBuf {
    std::env::var_os("JC_CONFIG_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("config"))
}

/// A database connection, by URL: `postgres://…` or `sqlite://path` (or a bare path).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: SecretString,
    pub pool_size: u32,
    pub connect_timeout_ms: u64,
    pub statement_timeout_ms: u64,
    /// Run pending migrations when the component starts. Off where a separate job
    /// runs `journalcraft migrate` (Kubernetes), since migrations take no lock.
    pub auto_migrate: bool,
}

impl DatabaseSettings {
    pub fn with_url(url: impl Into<String>) -> Self {
        Self { url: SecretString::from(url.into()), ..Self::default() }
    }

    pub fn is_sqlite(&self) -> bool {
        !self.is_postgres()
    }

    pub fn is_postgres(&self) -> bool {
        let url = self.url.expose_secret();
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: SecretString::from(String::new()),
            pool_size: 10,
            connect_timeout_ms: 5_000,
            statement_timeout_ms: 10_000,
            auto_migrate: true,
        }
    }
}

impl DatabaseSettings {
    /// This section's problems, as an error naming each.
    pub fn validate_for(&self, env: Environment, prefix: &str) -> Result<(), ConfigError> {
        let mut problems = Problems::new(env);
        self.validate(prefix, &mut problems);
        if problems.is_empty() { Ok(()) } else { Err(ConfigError::Invalid(problems.into_vec())) }
    }
}

impl Validate for DatabaseSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        let url = self.url.expose_secret();
        if url.trim().is_empty() {
            problems.push(format!("{prefix}.url"), "is required (postgres://… or sqlite://…)");
        } else if self.is_sqlite() && problems.environment() == Environment::Production {
            problems.push(format!("{prefix}.url"), "production needs PostgreSQL, not SQLite");
        } else {
            problems.check_url_password(format!("{prefix}.url"), &self.url);
        }
        if self.pool_size == 0 || self.pool_size > 500 {
            problems.push(format!("{prefix}.pool_size"), "must be between 1 and 500");
        }
        if self.connect_timeout_ms == 0 {
            problems.push(format!("{prefix}.connect_timeout_ms"), "must be greater than 0");
        }
        if self.statement_timeout_ms == 0 {
            problems.push(format!("{prefix}.statement_timeout_ms"), "must be greater than 0");
        }
    }
}

/// Redis, for the token deny list and shared limits. Unset: an in-process cache.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedisSettings {
    pub url: Option<SecretString>,
    /// Prefix of every key this deployment writes, so several can share one Redis.
    pub key_prefix: String,
}

impl Default for RedisSettings {
    fn default() -> Self {
        Self { url: None, key_prefix: "jc:".into() }
    }
}

impl Validate for RedisSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        match &self.url {
            Some(url)
                if !url.expose_secret().starts_with("redis://")
                    && !url.expose_secret().starts_with("rediss://") =>
            {
                problems.push(format!("{prefix}.url"), "must start with redis:// or rediss://")
            }
            Some(url) => problems.check_url_password(format!("{prefix}.url"), url),
            None if problems.environment() == Environment::Production => problems.push(
                format!("{prefix}.url"),
                "production needs Redis: the token deny list must be shared by every process",
            ),
            _ => {}
        }
    }
}

/// The credential services present to each other.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InternalSettings {
    pub service_token: SecretString,
}

impl InternalSettings {
    pub const MIN_TOKEN_LENGTH: usize = 32;
}

impl Default for InternalSettings {
    fn default() -> Self {
        Self { service_token: SecretString::from(String::new()) }
    }
}

impl Validate for InternalSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        let key = format!("{prefix}.service_token");
        if self.service_token.expose_secret().len() < Self::MIN_TOKEN_LENGTH {
            problems.push(
                key,
                format!("must be set to a random secret of at least {} characters", Self::MIN_TOKEN_LENGTH),
            );
        } else {
            problems.check_secret(key, &self.service_token, SecretKind::Token);
        }
    }
}

/// Where each component's gRPC API is reached: `services.<component>_url`, for
/// every service of the platform (filled with its default address on this machine when
/// not set), and how long a call may take.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ServiceUrls {
    /// `<component>_url` → URL.
    #[serde(flatten)]
    urls: BTreeMap<String, String>,
    pub request_timeout_ms: u64,
}

impl Default for ServiceUrls {
    fn default() -> Self {
        Self { urls: BTreeMap::new(), request_timeout_ms: 10_000 }
    }
}

impl ServiceUrls {
    const SUFFIX: &'static str = "_url";

    /// Where `component`'s gRPC API is reached.
    pub fn url(&self, component: &str) -> AppResult<&str> {
        self.urls.get(&format!("{component}{}", Self::SUFFIX)).map(String::as_str).ok_or_else(|| {
            AppError::internal(format!(
                "services.{component}_url is not set: no address for the {component} service"
            ))
        })
    }

    /// Sets where `component` is reached.
    pub fn set(&mut self, component: &str, url: impl Into<String>) {
        self.urls.insert(format!("{component}{}", Self::SUFFIX), url.into());
    }

    /// These settings with `component` reached at `url`.
    pub fn with(mut self, component: &str, url: impl Into<String>) -> Self {
        self.set(component, url);
        self
    }

    /// Sets where `component` is reached unless that is set already.
    pub fn set_default(&mut self, component: &str, url: impl Into<String>) {
        self.urls.entry(format!("{component}{}", Self::SUFFIX)).or_insert_with(|| url.into());
    }

    /// The components named by a `<component>_url` key; a key without the suffix is
    /// named whole, so that it is reported as unknown.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.urls.keys().map(|key| key.strip_suffix(Self::SUFFIX).unwrap_or(key))
    }
}

impl Validate for ServiceUrls {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        for (key, url) in &self.urls {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                problems.push(format!("{prefix}.{key}"), "must be an http:// or https:// URL");
            }
        }
        if self.request_timeout_ms == 0 {
            problems.push(format!("{prefix}.request_timeout_ms"), "must be greater than 0");
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetrySettings {
    pub format: LogFormat,
    /// A tracing filter directive: `info`, `jc_auth=debug,info`.
    pub level: String,
    /// OTLP/gRPC endpoint for traces; unset: no export.
    pub otlp_endpoint: Option<String>,
    pub service_name: String,
}

impl Default for TelemetrySettings {
    fn default() -> Self {
        Self {
            format: LogFormat::Json,
            level: "info".into(),
            otlp_endpoint: None,
            service_name: "journalcraft".into(),
        }
    }
}

impl Validate for TelemetrySettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        if tracing_subscriber::EnvFilter::try_new(&self.level).is_err() {
            problems.push(format!("{prefix}.level"), "is not a valid filter (try \"info\")");
        }
        if let Some(endpoint) = &self.otlp_endpoint
            && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
        {
            problems.push(format!("{prefix}.otlp_endpoint"), "must be an http:// or https:// URL");
        }
    }
}

/// The operations listener of processes that run no gateway.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpsSettings {
    pub listen: SocketAddr,
}

impl Default for OpsSettings {
    fn default() -> Self {
        Self { listen: SocketAddr::from(([0, 0, 0, 0], 9100)) }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShutdownSettings {
    /// How long in-flight requests may take to finish after SIGTERM.
    pub drain_timeout_seconds: u64,
}

impl Default for ShutdownSettings {
    fn default() -> Self {
        Self { drain_timeout_seconds: 30 }
    }
}

impl Validate for ShutdownSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        if self.drain_timeout_seconds == 0 || self.drain_timeout_seconds > 600 {
            problems.push(format!("{prefix}.drain_timeout_seconds"), "must be between 1 and 600");
        }
    }
}

/// The job queue: RabbitMQ when `url` is set (`amqp://…`), otherwise an in-process
/// queue (one process only, nothing survives a restart; what `journalcraft dev` uses).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueSettings {
    pub url: Option<SecretString>,
    /// The most unacknowledged messages a consumer holds at once.
    pub prefetch: u16,
    /// Attempts per message before it is dead-lettered.
    pub max_attempts: u32,
    /// Delay before the first retry; it doubles with each attempt.
    pub retry_base_ms: u64,
    /// Cap of the retry delay.
    pub retry_max_ms: u64,
    /// How long a publish (and a connection attempt) may take before it fails.
    pub publish_timeout_ms: u64,
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self {
            url: None,
            prefetch: 8,
            max_attempts: 5,
            retry_base_ms: 1_000,
            retry_max_ms: 60_000,
            publish_timeout_ms: 5_000,
        }
    }
}

impl Validate for QueueSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        match &self.url {
            Some(url)
                if !url.expose_secret().starts_with("amqp://")
                    && !url.expose_secret().starts_with("amqps://") =>
            {
                problems.push(format!("{prefix}.url"), "must start with amqp:// or amqps://")
            }
            Some(url) => problems.check_url_password(format!("{prefix}.url"), url),
            None if problems.environment() == Environment::Production => problems.push(
                format!("{prefix}.url"),
                "production needs RabbitMQ: jobs must survive a restart and reach every worker",
            ),
            _ => {}
        }
        if self.prefetch == 0 {
            problems.push(format!("{prefix}.prefetch"), "must be greater than 0");
        }
        if self.max_attempts == 0 || self.max_attempts > 100 {
            problems.push(format!("{prefix}.max_attempts"), "must be between 1 and 100");
        }
        if self.retry_base_ms == 0 {
            problems.push(format!("{prefix}.retry_base_ms"), "must be greater than 0");
        }
        if self.retry_max_ms < self.retry_base_ms {
            problems.push(format!("{prefix}.retry_max_ms"), "must be at least retry_base_ms");
        }
        if self.publish_timeout_ms == 0 {
            problems.push(format!("{prefix}.publish_timeout_ms"), "must be greater than 0");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Default)]
    #[serde(default, deny_unknown_fields)]
    struct Sample {
        database: DatabaseSettings,
        redis: RedisSettings,
    }

    #[derive(Debug, Deserialize)]
    struct SharedInternal {
        internal: InternalSettings,
    }

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn environment_names_parse_and_unknown_ones_are_rejected() {
        assert_eq!("production".parse::<Environment>().ok(), Some(Environment::Production));
        assert_eq!("Test".parse::<Environment>().ok(), Some(Environment::Test));
        assert!("staging".parse::<Environment>().is_err());
    }

    #[test]
    fn variables_override_files_and_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("test.toml"), "[database]\npool_size = 3\nurl = \"sqlite://a.db\"\n")
            .expect("write config");
        let sample: Sample = load(
            Environment::Test,
            dir.path(),
            vars(&[("JC__DATABASE__URL", "postgres://db/x"), ("OTHER", "ignored")]),
            &[],
        )
        .expect("loads");
        assert_eq!(sample.database.pool_size, 3);
        assert_eq!(sample.database.url.expose_secret(), "postgres://db/x");
        assert_eq!(sample.database.statement_timeout_ms, 10_000);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let dir = tempfile::tempdir().expect("temp dir");
        let result: Result<Sample, _> =
            load(Environment::Test, dir.path(), vars(&[("JC__DATABASE__POOLSIZE", "3")]), &[]);
        let message = result.expect_err("unknown key").to_string();
        assert!(message.contains("poolsize"), "{message}");
    }

    #[test]
    fn production_refuses_sqlite_and_missing_redis_naming_the_setting() {
        let mut problems = Problems::new(Environment::Production);
        DatabaseSettings::with_url("sqlite://x.db").validate("auth.database", &mut problems);
        RedisSettings::default().validate("redis", &mut problems);
        InternalSettings::default().validate("internal", &mut problems);
        let keys = problems.keys();
        assert_eq!(keys, ["auth.database.url", "redis.url", "internal.service_token"]);
    }

    #[test]
    fn service_urls_must_be_http_urls_naming_the_key() {
        let mut problems = Problems::new(Environment::Test);
        ServiceUrls::default().validate("services", &mut problems);
        assert!(problems.into_vec().is_empty(), "the defaults are valid");
        let mut problems = Problems::new(Environment::Test);
        let urls =
            ServiceUrls::default().with("auth", "http://127.0.0.1:50051").with("export", "127.0.0.1:50056");
        urls.validate("services", &mut problems);
        let keys = problems.keys();
        assert_eq!(keys, ["services.export_url"]);
    }

    #[test]
    fn every_unknown_key_and_wrong_value_is_reported_with_its_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("test.toml"),
            "[database]\npoolsize = 3\nstatement_timeout_ms = \"soon\"\nurl = \"sqlite://a.db\"\n[redis]\nkeyprefix = \"x\"\n",
        )
        .expect("write config");
        let tree = load_tree(Environment::Test, dir.path(), vars(&[("JC__REDIS__URL", "redis://r")]), &[])
            .expect("loads");
        let mut found = Vec::new();
        let value = config::Value::new(None, config::ValueKind::Table(tree));
        let sample: Sample =
            deserialize_reporting(value, "", &mut found, |v| v.try_deserialize()).expect("the rest loads");
        found.sort_by(|a, b| a.key.cmp(&b.key));
        let keys: Vec<_> = found.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["database.poolsize", "database.statement_timeout_ms", "redis.keyprefix"]);
        assert!(found[0].message.starts_with("unknown key; expected one of `url`"), "{:?}", found[0]);
        assert!(found[1].message.contains("invalid value"), "{:?}", found[1]);
        assert_eq!(sample.database.url.expose_secret(), "sqlite://a.db", "what was right is kept");
        assert_eq!(sample.database.statement_timeout_ms, 10_000, "what was wrong is left at its default");
        assert!(sample.redis.url.is_some());
    }

    #[test]
    fn each_key_is_named_once() {
        let mut problems = Problems::new(Environment::Production);
        problems.push("queue.url", "must start with amqp://");
        problems.push("queue.url", "must start with amqp://");
        problems.push("queue.url", "is a secret written in x.toml");
        problems.settle(Problem { key: "auth.isuer".into(), message: "unknown key".into() });
        problems.push("auth.isuer", "anything");
        let found = problems.into_vec();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].message, "must start with amqp://; is a secret written in x.toml");
        assert_eq!(found[1].message, "unknown key");
    }

    #[test]
    fn weak_secrets_are_problems_in_production_and_warnings_elsewhere() {
        let token = InternalSettings { service_token: SecretString::from("changeme-".repeat(4)) };
        let mut problems = Problems::new(Environment::Production);
        token.validate("internal", &mut problems);
        DatabaseSettings::with_url("postgres://app:changeme@db/x").validate("auth.database", &mut problems);
        assert_eq!(problems.keys(), ["internal.service_token", "auth.database.url"]);
        let mut problems = Problems::new(Environment::Development);
        token.validate("internal", &mut problems);
        let (found, warnings) = problems.into_parts();
        assert!(found.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("placeholder"), "{warnings:?}");
    }

    #[test]
    fn secrets_read_from_a_file_are_found_with_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("production.toml"),
            "[internal]\nservice_token = \"abc\"\n[queue]\nurl = \"amqp://u:p@mq/%2f\"\n[redis]\nkey_prefix = \"jc:\"\n",
        )
        .expect("write config");
        let variables = vars(&[("JC__AUTH__SIGNING_KEY", "pem"), ("JC__REDIS__URL", "redis://:pw@r")]);
        let tree = load_tree(Environment::Production, dir.path(), variables, &[]).expect("loads");
        let found: Vec<_> = secrets_from_files(&tree).into_iter().map(|(key, _)| key).collect();
        assert_eq!(found, ["internal.service_token", "queue.url"], "variables are where secrets belong");
    }

    #[test]
    fn variables_stay_strings_until_their_setting_reads_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tree =
            load_tree(Environment::Test, dir.path(), vars(&[("JC__INTERNAL__SERVICE_TOKEN", "000123")]), &[])
                .expect("loads");
        let internal: InternalSettings = from_tree(tree).map(|s: SharedInternal| s.internal).expect("reads");
        assert_eq!(internal.service_token.expose_secret(), "000123");
    }

    #[test]
    fn problems_name_their_variable() {
        let problem = Problem { key: "auth.database.url".into(), message: "x".into() };
        assert_eq!(problem.variable(), "JC__AUTH__DATABASE__URL");
    }
}
