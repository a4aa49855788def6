//! The `openai` provider: writes a journal with any OpenAI-compatible chat-completions
//! endpoint (OpenAI itself, or a compatible server such as a local model gateway).
//!
//! # How a journal is asked for
//! `POST {base_url}/chat/completions` with the configured `model`, a system message
//! holding the exact JSON structure of [`JournalContent`] and the rules every journal
//! keeps (exactly N days numbered 1..N, quotes of the author's own making and never
//! attributed to real people, `page_style` one of `lined|dotted|grid|blank`, writing
//! lines in a sensible range, length caps), a user message with the person's brief
//! (theme, title style and its examples, author voice, research depth, custom wishes),
//! and `response_format: {"type": "json_object"}`. The key goes only in the
//! `Authorization: Bearer` header.
//!
//! A journal longer than `days_per_request` days is asked for in parts: the first
//! answer holds the whole frame (title, introduction, commitment, certificate) and the
//! first days; each later answer is `{"days": [...]}` for the next range, written with
//! the journal's title, the start of its introduction and the recent day titles in
//! view. The parts are merged in order.
//!
//! # What is checked
//! Every answer is parsed strictly (unknown keys refused, `page_style` one of the four
//! words), its text tidied (whitespace, stray control characters, quotation marks
//! around the quote) and then checked against the limits the journal store keeps:
//! day count and numbering, non-empty texts within their lengths, 1 to 60 lines, 1 to
//! 20 certificate fields, and a quote without an attribution. The quote is then signed
//! with the journal's author persona, as the builtin provider signs it.
//!
//! # Retries and failures
//! Each request gets `max_attempts` attempts, waiting `retry_base_ms` doubled after
//! each failed attempt and capped at `retry_max_ms`. Retried: transport errors,
//! timeouts (`timeout_ms` per request), 408/409/425, 429 (waiting what `Retry-After` or
//! `retry-after-ms` asks, capped at `retry_max_ms`), 5xx, an answer that is not JSON,
//! one that breaks the structure or the rules (the model is shown its answer and told
//! exactly what was wrong), a refusal, and an answer cut off at the output limit.
//! Failed at once: 401/403 (the key was refused), 429 `insufficient_quota`, 404 (wrong
//! `base_url` or `model`), 400 and other client errors, redirects. The job fails with
//! [`GenerationError::Failed`]: `retryable` is true when the last cause was transient
//! (rate limits, server errors, timeouts, unreachable endpoint) so the job queue may try
//! again later, and false for a refused key, configuration errors and answers that
//! still broke the rules after every attempt.
//!
//! # Progress
//! `research` while the first request is prepared and sent, `discovery` as each part's
//! answer arrives and is accepted (10 to 70 percent, shared by the parts), `curation`
//! once the parts are merged, `editing` while the quote is signed and the whole journal
//! checked once more (95 percent when it is done).
//!
//! # Settings and keys
//! [`OpenAiSettings`] (`base_url`, `model`, `timeout_ms`, `max_attempts`,
//! `retry_base_ms`, `retry_max_ms`, `days_per_request`) is a configuration section
//! with defaults, unknown keys refused and [`Validate`](jc_platform::config::Validate).
//! The key is a [`SecretString`]: the deployment's, or a person's own. It never
//! appears in logs, errors or `Debug` output, and text an endpoint echoes back is
//! scrubbed of it. [`test_key`] asks `GET {base_url}/models` whether a key is
//! accepted.
//!
//! # Transport
//! hyper's HTTP/1.1 client over rustls with the ring provider and the system's trust
//! store (`SSL_CERT_FILE` / `SSL_CERT_DIR` are honoured), so no aws-lc or OpenSSL is
//! linked and no process-wide TLS state is touched. Redirects are not followed and
//! no outgoing proxy is used: `base_url` must be reachable directly. Answers larger
//! than 4 MiB are refused.

mod answer;
mod http;
mod prompt;
mod settings;

use std::time::Duration;

use secrecy::SecretString;

use crate::content::{GenerationRequest, JournalContent};
use crate::{GenerationError, Progress, Provider, Stage};

use answer::{DayRange, Rejection};
use http::{Endpoint, Failure};
use prompt::{Brief, Message};

pub use settings::OpenAiSettings;

/// Why an [`OpenAiProvider`] could not be made. Never holds the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenAiSetupError {
    #[error("invalid openai settings: {0}")]
    Settings(String),
    #[error("the API key is empty")]
    EmptyKey,
    #[error("the API key holds spaces or characters an HTTP header cannot carry")]
    KeyNotHeader,
    #[error("the HTTP client could not be built: {0}")]
    Client(String),
}

/// The answer of [`test_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCheck {
    /// Whether the endpoint accepted the key.
    pub valid: bool,
    /// A sentence for the person, without the key.
    pub message: String,
}

impl KeyCheck {
    fn valid(message: String) -> Self {
        Self { valid: true, message }
    }

    fn invalid(message: String) -> Self {
        Self { valid: false, message }
    }
}

/// Asks `GET {base_url}/models` whether `api_key` is accepted: 200 is valid, 401 and
/// 403 are a refused key; any other status or an unreachable endpoint is reported as
/// not checked. Never fails; the message says what happened.
pub async fn test_key(settings: &OpenAiSettings, api_key: &SecretString) -> KeyCheck {
    match Endpoint::new(settings.clone(), api_key.clone()) {
        Ok(endpoint) => endpoint.check_key().await,
        Err(error) => KeyCheck::invalid(format!("The key could not be checked: {error}.")),
    }
}

/// Writes journals with an OpenAI-compatible chat model. `Debug` shows the endpoint
/// and model, never the key.
#[derive(Debug)]
pub struct OpenAiProvider {
    endpoint: Endpoint,
}

impl OpenAiProvider {
    /// A provider for `settings`, sending `api_key`. Fails on invalid settings, an
    /// empty key or one no HTTP header can carry.
    pub fn new(settings: OpenAiSettings, api_key: SecretString) -> Result<Self, OpenAiSetupError> {
        Ok(Self { endpoint: Endpoint::new(settings, api_key)? })
    }

    /// The settings it was made with.
    pub fn settings(&self) -> &OpenAiSettings {
        self.endpoint.settings()
    }

    /// Asks for one part until an answer passes `accept`, within the attempt budget.
    async fn ask<T>(
        &self,
        what: &str,
        base: Vec<Message>,
        accept: impl Fn(&str) -> Result<T, Rejection>,
    ) -> Result<T, GenerationError> {
        let settings = self.settings();
        let mut messages = base.clone();
        let mut last = Last::Transient(String::new());
        for attempt in 1..=settings.max_attempts {
            let mut wait = None;
            match self.endpoint.complete(&messages).await {
                Ok(reply) => {
                    let text = reply.content.clone();
                    match reply.text().and_then(|text| accept(&text)) {
                        Ok(value) => return Ok(value),
                        Err(rejection) => {
                            tracing::warn!(attempt, part = what, problem = %rejection.describe(), "model answer refused");
                            messages = base.clone();
                            if rejection.shows_answer()
                                && let Some(text) = text
                            {
                                messages.push(Message::assistant(text));
                            }
                            messages.push(Message::user(rejection.feedback()));
                            last = Last::Rejected(rejection.describe());
                        }
                    }
                }
                Err(Failure::Fatal { reason }) => {
                    tracing::warn!(attempt, part = what, %reason, "openai provider failed");
                    return Err(GenerationError::Failed {
                        reason: format!("the openai provider could not write {what}: {reason}"),
                        retryable: false,
                    });
                }
                Err(Failure::Transient { reason, wait: asked }) => {
                    tracing::warn!(attempt, part = what, %reason, "openai request failed");
                    wait = asked;
                    last = Last::Transient(reason);
                }
            }
            if attempt < settings.max_attempts {
                tokio::time::sleep(delay(settings, attempt, wait)).await;
            }
        }
        let (reason, retryable) = match last {
            Last::Transient(reason) => (reason, true),
            Last::Rejected(reason) => (reason, false),
        };
        Err(GenerationError::Failed {
            reason: format!(
                "the openai provider gave up on {what} after {} attempts: {reason}",
                settings.max_attempts
            ),
            retryable,
        })
    }
}

/// The cause of the last failed attempt.
enum Last {
    Transient(String),
    Rejected(String),
}

/// The wait after failed attempt `attempt` (from 1): what the endpoint asked, or
/// `retry_base_ms` doubled per attempt; never more than `retry_max_ms`.
fn delay(settings: &OpenAiSettings, attempt: u32, asked: Option<Duration>) -> Duration {
    let cap = Duration::from_millis(settings.retry_max_ms);
    let backoff = Duration::from_millis(
        settings
            .retry_base_ms
            .saturating_mul(1u64.checked_shl(attempt.saturating_sub(1)).unwrap_or(u64::MAX)),
    );
    asked.unwrap_or(backoff).min(cap)
}

/// The share of the job done once `done` of `parts` parts are in: 10 to 70 percent.
fn part_percent(done: usize, parts: usize) -> u8 {
    let share = 10 + 60 * done / parts.max(1);
    u8::try_from(share.min(70)).unwrap_or(70)
}

#[async_trait::async_trait]
impl Provider for OpenAiProvider {
    fn name(&self) -> &'static str {
        "openai"
    }

    #[tracing::instrument(skip_all, fields(provider = "openai", model = %self.settings().model, days = request.days))]
    async fn generate(
        &self,
        request: &GenerationRequest,
        progress: &dyn Progress,
    ) -> Result<JournalContent, GenerationError> {
        let brief = Brief::new(request)?;
        progress.report(Stage::Research, 5);
        let parts = DayRange::parts(request.days, self.settings().days_per_request);
        let (first, rest) =
            parts.split_first().ok_or_else(|| GenerationError::Invalid("no days asked for".into()))?;
        let whole = parts.len() == 1;
        let what = if whole { "the journal".to_owned() } else { days_label(*first, request.days) };
        progress.report(Stage::Research, 10);
        let mut content = self.ask(&what, brief.first(*first), |text| answer::journal(text, *first)).await?;
        progress.report(Stage::Discovery, part_percent(1, parts.len()));
        for (index, range) in rest.iter().enumerate() {
            let range = *range;
            let days = self
                .ask(&days_label(range, request.days), brief.more(&content, range), |text| {
                    answer::days(text, range)
                })
                .await?;
            content.days.extend(days);
            progress.report(Stage::Discovery, part_percent(index + 2, parts.len()));
        }

        progress.report(Stage::Curation, 80);
        answer::sign_quote(&mut content);
        progress.report(Stage::Editing, 90);
        // Each part was checked on arrival; this checks the merged whole, signed quote included.
        let problems = content.problems(request.days);
        if !problems.is_empty() {
            return Err(GenerationError::Failed {
                reason: format!("the openai provider assembled an unsound journal: {}", problems.join("; ")),
                retryable: false,
            });
        }
        progress.report(Stage::Editing, 95);
        Ok(content)
    }
}

/// `days 31 to 60 of 70`.
fn days_label(range: DayRange, days: u32) -> String {
    format!("days {} to {} of {days}", range.first, range.last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let settings = OpenAiSettings { retry_base_ms: 100, retry_max_ms: 1_000, ..Default::default() };
        let ms = |attempt, asked| delay(&settings, attempt, asked).as_millis();
        assert_eq!(
            [ms(1, None), ms(2, None), ms(3, None), ms(4, None), ms(5, None)],
            [100, 200, 400, 800, 1_000]
        );
        assert_eq!(ms(64, None), 1_000, "no overflow");
        assert_eq!(ms(1, Some(Duration::from_millis(700))), 700, "Retry-After is honoured");
        assert_eq!(ms(1, Some(Duration::from_secs(30))), 1_000, "and capped");
    }

    #[test]
    fn parts_share_the_discovery_stage() {
        assert_eq!(part_percent(1, 1), 70);
        assert_eq!([part_percent(1, 3), part_percent(2, 3), part_percent(3, 3)], [30, 50, 70]);
    }

    #[test]
    fn the_key_stays_out_of_debug_and_setup_errors() {
        let key = "sk-live-secret-0123456789";
        let provider =
            OpenAiProvider::new(OpenAiSettings::default(), SecretString::from(key)).expect("provider");
        assert!(!format!("{provider:?}").contains("0123456789"), "{provider:?}");
        assert_eq!(provider.name(), "openai");
        let bad = OpenAiProvider::new(OpenAiSettings::default(), SecretString::from("sk-1\nx")).map(|_| ());
        assert_eq!(bad, Err(OpenAiSetupError::KeyNotHeader));
        let empty = OpenAiProvider::new(OpenAiSettings::default(), SecretString::from(" ")).map(|_| ());
        assert_eq!(empty, Err(OpenAiSetupError::EmptyKey));
        let settings = OpenAiSettings { max_attempts: 0, ..Default::default() };
        let invalid = OpenAiProvider::new(settings, SecretString::from(key)).map(|_| ());
        assert!(
            matches!(invalid, Err(OpenAiSetupError::Settings(ref text)) if text.contains("max_attempts"))
        );
    }
}
