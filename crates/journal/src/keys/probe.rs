//! `TestProviderKey`: asks the configured OpenAI-compatible endpoint whether it
//! accepts a key (`GET <base>/models`), without storing the key.

use std::time::Duration;

use super::ApiKey;

/// What a test of a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub valid: bool,
    pub message: String,
}

impl Verdict {
    fn new(valid: bool, message: impl Into<String>) -> Self {
        Self { valid, message: message.into() }
    }
}

/// Tests keys against `journal.generator.openai_base_url`; cheap to clone.
#[derive(Clone)]
pub(crate) struct Probe {
    endpoint: Option<(reqwest::Client, String)>,
}

impl Probe {
    /// A probe of `base_url` (none: every test says no endpoint is configured),
    /// giving up after `timeout`.
    pub(crate) fn new(base_url: Option<&str>, timeout: Duration) -> Result<Self, reqwest::Error> {
        let Some(base_url) = base_url else { return Ok(Self { endpoint: None }) };
        // reqwest's TLS runs on rustls with ring, which must be the process default
        // (an error here means a provider is installed already).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let models = format!("{}/models", base_url.trim_end_matches('/'));
        Ok(Self { endpoint: Some((client, models)) })
    }

    pub(crate) async fn test(&self, key: &ApiKey) -> Verdict {
        let Some((client, models)) = &self.endpoint else {
            return Verdict::new(
                false,
                "The key cannot be tested: no OpenAI-compatible endpoint is configured on this deployment.",
            );
        };
        match client.get(models).bearer_auth(key.expose()).send().await {
            Ok(response) => match response.status().as_u16() {
                200..=299 => Verdict::new(true, "The key was accepted."),
                status @ (401 | 403) => Verdict::new(false, format!("The key was refused (HTTP {status}).")),
                429 => {
                    Verdict::new(false, "The endpoint is rate limiting this key (HTTP 429); try again later.")
                }
                status => Verdict::new(
                    false,
                    format!("The endpoint answered HTTP {status}; the key could not be tested."),
                ),
            },
            Err(error) => {
                let why = if error.is_timeout() { "did not answer in time" } else { "could not be reached" };
                let error = error.without_url();
                tracing::warn!(error = %jc_platform::error::cause_chain(&error), "provider key test: endpoint not reached");
                Verdict::new(false, format!("The key could not be tested: the endpoint {why}."))
            }
        }
    }
}
