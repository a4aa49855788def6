//! Settings of the `openai` provider: which endpoint and model, and how patiently it
//! is asked.

use jc_platform::config::{Problems, Validate};
use serde::Deserialize;

/// Where and how the `openai` provider asks for journals. Every field has a default;
/// unknown keys are refused.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpenAiSettings {
    /// The API root of any OpenAI-compatible endpoint, without `/chat/completions`.
    pub base_url: String,
    /// The chat model asked for every journal.
    pub model: String,
    /// How long one HTTP request may take, answer included.
    pub timeout_ms: u64,
    /// Attempts per request before the job fails (the first one included).
    pub max_attempts: u32,
    /// Wait before the second attempt; it doubles with each further attempt.
    pub retry_base_ms: u64,
    /// The longest wait between attempts, also for a `Retry-After` the endpoint asks for.
    pub retry_max_ms: u64,
    /// How many day pages one request asks for; longer journals are asked for in parts.
    pub days_per_request: u32,
}

impl Default for OpenAiSettings {
    fn default() -> Self {
        Self {
            base_url: "https://api.openai.com/v1".into(),
            model: "gpt-4o-mini".into(),
            timeout_ms: 60_000,
            max_attempts: 3,
            retry_base_ms: 500,
            retry_max_ms: 10_000,
            days_per_request: 30,
        }
    }
}

/// The most attempts one request may be given.
pub const MAX_ATTEMPTS: u32 = 10;
/// The longest `timeout_ms` accepted: ten minutes.
pub const MAX_TIMEOUT_MS: u64 = 600_000;

impl OpenAiSettings {
    /// The base URL without a trailing slash, ready for a path to be appended.
    pub(super) fn root(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Every problem of these settings, as `(key, message)` under `prefix`.
    fn problems(&self, prefix: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut push = |key: &str, message: &str| found.push((format!("{prefix}.{key}"), message.to_owned()));
        if let Err(message) = check_base_url(&self.base_url) {
            push("base_url", message);
        }
        if self.model.trim().is_empty() {
            push("model", "must name a model");
        } else if self.model.len() > 200 || self.model.chars().any(|c| c.is_whitespace() || c.is_control()) {
            push("model", "must be a model id: at most 200 characters, no spaces");
        }
        if self.timeout_ms == 0 || self.timeout_ms > MAX_TIMEOUT_MS {
            push("timeout_ms", "must be between 1 and 600000");
        }
        if self.max_attempts == 0 || self.max_attempts > MAX_ATTEMPTS {
            push("max_attempts", "must be between 1 and 10");
        }
        if self.retry_base_ms == 0 {
            push("retry_base_ms", "must be greater than 0");
        }
        if self.retry_max_ms < self.retry_base_ms {
            push("retry_max_ms", "must be at least retry_base_ms");
        }
        if self.days_per_request == 0 || self.days_per_request > crate::content::limits::MAX_DAYS {
            push("days_per_request", "must be between 1 and 366");
        }
        found
    }

    /// The problems as one line, for errors outside configuration loading.
    pub(super) fn describe_problems(&self) -> Option<String> {
        let found = self.problems("openai");
        (!found.is_empty()).then(|| {
            found.iter().map(|(key, message)| format!("{key}: {message}")).collect::<Vec<_>>().join("; ")
        })
    }
}

impl Validate for OpenAiSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        for (key, message) in self.problems(prefix) {
            problems.push(key, message);
        }
    }
}

/// An `http://` or `https://` URL with a host, and no credentials, query or fragment
/// (the key goes in a header, never in the URL).
fn check_base_url(raw: &str) -> Result<(), &'static str> {
    const MESSAGE: &str = "must be an http:// or https:// URL such as https://api.openai.com/v1";
    let uri: http::Uri = raw.parse().map_err(|_| MESSAGE)?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none_or(str::is_empty) {
        return Err(MESSAGE);
    }
    if uri.authority().is_some_and(|authority| authority.as_str().contains('@')) {
        return Err("must not hold credentials; the key is sent as a bearer token");
    }
    if uri.query().is_some() || raw.contains('#') {
        return Err("must not have a query or fragment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(settings: &OpenAiSettings) -> Vec<String> {
        let mut problems = Problems::default();
        settings.validate("journal.openai", &mut problems);
        problems.into_vec().into_iter().map(|problem| problem.key).collect()
    }

    #[test]
    fn defaults_are_valid_and_documented_values() {
        let settings = OpenAiSettings::default();
        assert!(keys(&settings).is_empty());
        assert_eq!(settings.base_url, "https://api.openai.com/v1");
        assert_eq!(settings.model, "gpt-4o-mini");
        assert_eq!((settings.timeout_ms, settings.max_attempts, settings.retry_base_ms), (60_000, 3, 500));
        assert_eq!(OpenAiSettings { base_url: "http://x/v1/".into(), ..settings }.root(), "http://x/v1");
    }

    #[test]
    fn every_bad_value_is_named() {
        let settings = OpenAiSettings {
            base_url: "ftp://example.com".into(),
            model: "gpt 4".into(),
            timeout_ms: 0,
            max_attempts: 11,
            retry_base_ms: 0,
            retry_max_ms: 0,
            days_per_request: 0,
        };
        let mut found = keys(&settings);
        found.sort();
        assert_eq!(
            found,
            [
                "journal.openai.base_url",
                "journal.openai.days_per_request",
                "journal.openai.max_attempts",
                "journal.openai.model",
                "journal.openai.retry_base_ms",
                "journal.openai.timeout_ms",
            ]
        );
        let slow = OpenAiSettings { retry_base_ms: 2_000, retry_max_ms: 1_000, ..Default::default() };
        assert_eq!(keys(&slow), ["journal.openai.retry_max_ms"]);
    }

    #[test]
    fn base_urls_carry_no_secrets() {
        for bad in ["https://user:pw@example.com/v1", "https://example.com/v1?key=x", "not a url", "https://"]
        {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
        for good in
            ["http://127.0.0.1:8080/v1", "https://llm.internal/openai/v1/", "https://api.openai.com/v1"]
        {
            assert!(check_base_url(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn settings_deserialise_with_defaults_and_refuse_unknown_keys() {
        let settings: OpenAiSettings =
            serde_json::from_str(r#"{"model":"llama3","timeout_ms":5000}"#).expect("parse");
        assert_eq!(settings.model, "llama3");
        assert_eq!(settings.max_attempts, 3);
        assert!(serde_json::from_str::<OpenAiSettings>(r#"{"api_key":"sk-1"}"#).is_err());
    }
}
