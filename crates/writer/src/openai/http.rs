//! The HTTP side of the `openai` provider: one chat-completions call, what its status
//! means (worth another attempt, or not), `Retry-After`, and the key check. The key
//! is sent only as a bearer token, and scrubbed from any text the endpoint echoes.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

use super::answer::{Rejection, clip};
use super::prompt::Message;
use super::{KeyCheck, OpenAiSettings, OpenAiSetupError};

/// The largest answer read; a 30-day part is far smaller.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The longest connection attempt, whatever the request timeout.
const MAX_CONNECT: Duration = Duration::from_secs(10);
/// How much of an endpoint's own error message is kept.
const PROVIDER_MESSAGE_CHARS: usize = 300;
const AGENT: &str = concat!("journalcraft/", env!("CARGO_PKG_VERSION"));

type HttpsClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Why a call brought no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Another attempt may succeed; `wait` is how long the endpoint asked us to wait.
    Transient { reason: String, wait: Option<Duration> },
    /// No attempt will succeed with this key and these settings.
    Fatal { reason: String },
}

/// The model's side of a completed call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    pub content: Option<String>,
    pub refusal: Option<String>,
    pub finish_reason: Option<String>,
}

impl Reply {
    /// The answer's text, unless the model declined or ran out of room.
    pub fn text(self) -> Result<String, Rejection> {
        match self.finish_reason.as_deref() {
            Some("length") => return Err(Rejection::Truncated),
            Some("content_filter") => {
                return Err(Rejection::Refused("the provider's content filter stopped the answer".into()));
            }
            _ => {}
        }
        if let Some(refusal) = self.refusal.filter(|refusal| !refusal.trim().is_empty()) {
            return Err(Rejection::Refused(refusal));
        }
        self.content.filter(|content| !content.trim().is_empty()).ok_or(Rejection::Empty)
    }
}

/// An OpenAI-compatible endpoint with its key.
pub struct Endpoint {
    client: HttpsClient,
    settings: OpenAiSettings,
    key: SecretString,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.settings.base_url)
            .field("model", &self.settings.model)
            .field("key", &"[redacted]")
            .finish()
    }
}

/// Why a request brought no response.
enum Transport {
    Timeout,
    Connect(String),
    Other(String),
}

impl Endpoint {
    pub fn new(settings: OpenAiSettings, key: SecretString) -> Result<Self, OpenAiSetupError> {
        if let Some(problems) = settings.describe_problems() {
            return Err(OpenAiSetupError::Settings(problems));
        }
        let exposed = key.expose_secret();
        if exposed.trim().is_empty() {
            return Err(OpenAiSetupError::EmptyKey);
        }
        if exposed.trim() != exposed || HeaderValue::from_str(&format!("Bearer {exposed}")).is_err() {
            return Err(OpenAiSetupError::KeyNotHeader);
        }
        let tls = tls_config(settings.base_url.starts_with("https:"))?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(Duration::from_millis(settings.timeout_ms).min(MAX_CONNECT)));
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        // No redirects are followed: base_url must be the final address.
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Self { client, settings, key })
    }

    pub fn settings(&self) -> &OpenAiSettings {
        &self.settings
    }

    /// `POST {base_url}/chat/completions` asking for a JSON object.
    pub async fn complete(&self, messages: &[Message]) -> Result<Reply, Failure> {
        let body = json!({
            "model": self.settings.model,
            "messages": messages,
            "response_format": {"type": "json_object"},
        });
        let (status, headers, body) = self
            .send(Method::POST, "/chat/completions", body.to_string().into_bytes())
            .await
            .map_err(|error| Failure::Transient { reason: self.describe(error), wait: None })?;
        if status.is_success() {
            return completion(&body).ok_or_else(|| Failure::Transient {
                reason: format!("the endpoint's answer (HTTP {}) was not a chat completion", status.as_u16()),
                wait: None,
            });
        }
        Err(self.classify(status, &body, retry_after(&headers)))
    }

    /// One request with the key as a bearer token, its whole response read within
    /// `timeout_ms`.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Vec<u8>,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), Transport> {
        let uri = format!("{}{path}", self.settings.root());
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", self.key.expose_secret()))
            .map_err(|_| Transport::Other("the API key cannot be sent in a header".into()))?;
        authorization.set_sensitive(true);
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(AUTHORIZATION, authorization)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, AGENT);
        if !body.is_empty() {
            request = request.header(CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Full::new(Bytes::from(body)))
            .map_err(|error| Transport::Other(format!("the request could not be built: {error}")))?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|error| {
                if error.is_connect() {
                    Transport::Connect(innermost(&error))
                } else {
                    Transport::Other(format!("the request failed{}", innermost(&error)))
                }
            })?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, MAX_BODY_BYTES).collect().await.map_err(|error| {
                if error.is::<LengthLimitError>() {
                    Transport::Other(format!(
                        "the answer is larger than {} MiB",
                        MAX_BODY_BYTES / (1024 * 1024)
                    ))
                } else {
                    Transport::Other(format!("the answer broke off{}", innermost(error.as_ref())))
                }
            })?;
            Ok((parts.status, parts.headers, body.to_bytes().to_vec()))
        };
        tokio::time::timeout(Duration::from_millis(self.settings.timeout_ms), exchange)
            .await
            .map_err(|_| Transport::Timeout)?
    }

    /// What a failed status means for the next attempt.
    fn classify(&self, status: StatusCode, body: &[u8], wait: Option<Duration>) -> Failure {
        let code = status.as_u16();
        let said = self.provider_message(body);
        let with_said = |text: String| if said.is_empty() { text } else { format!("{text}: {said}") };
        match code {
            401 | 403 => Failure::Fatal {
                reason: format!(
                    "the provider refused the API key (HTTP {code}); check the key and its permissions"
                ),
            },
            429 if error_code(body).as_deref() == Some("insufficient_quota") => Failure::Fatal {
                reason: format!("the provider account behind the API key has no quota left (HTTP {code})"),
            },
            429 => Failure::Transient {
                reason: with_said(format!("rate limited by the provider (HTTP {code})")),
                wait,
            },
            404 => Failure::Fatal {
                reason: with_said(format!(
                    "the endpoint or model was not found (HTTP {code}); check base_url {} and model {}",
                    self.settings.root(),
                    self.settings.model
                )),
            },
            408 | 409 | 425 => {
                Failure::Transient { reason: with_said(format!("HTTP {code} from the provider")), wait }
            }
            500..=599 => {
                Failure::Transient { reason: with_said(format!("the provider failed (HTTP {code})")), wait }
            }
            300..=399 => Failure::Fatal {
                reason: format!("the endpoint redirected (HTTP {code}); set base_url to the final address"),
            },
            _ => Failure::Fatal {
                reason: with_said(format!("the provider rejected the request (HTTP {code})")),
            },
        }
    }

    /// `GET {base_url}/models`: whether the key is accepted.
    pub async fn check_key(&self) -> KeyCheck {
        let root = self.settings.root();
        let (status, _, body) = match self.send(Method::GET, "/models", Vec::new()).await {
            Ok(response) => response,
            Err(error) => {
                return KeyCheck::invalid(format!("Could not check the key: {}.", self.describe(error)));
            }
        };
        match status.as_u16() {
            200..=299 => match offers_model(&body, &self.settings.model) {
                Some(false) => KeyCheck::valid(format!(
                    "The key was accepted, but the endpoint does not list the model {}.",
                    self.settings.model
                )),
                _ => KeyCheck::valid("The key was accepted.".to_owned()),
            },
            code @ (401 | 403) => KeyCheck::invalid(format!("The provider refused this key (HTTP {code}).")),
            code => KeyCheck::invalid(format!(
                "The key could not be checked: the provider answered HTTP {code} at {root}/models."
            )),
        }
    }

    /// A transport failure in words, without the key.
    fn describe(&self, error: Transport) -> String {
        let text = match error {
            Transport::Timeout => format!("no answer within {} ms", self.settings.timeout_ms),
            Transport::Connect(cause) => format!("could not connect to {}{cause}", self.settings.root()),
            Transport::Other(text) => format!("{text} ({})", self.settings.root()),
        };
        self.scrub(&text)
    }

    /// The endpoint's own error message, short, on one line and without the key
    /// (some endpoints echo part of a refused key; a refused key's message is never kept).
    fn provider_message(&self, body: &[u8]) -> String {
        #[derive(Deserialize)]
        struct Envelope {
            error: Detail,
        }
        #[derive(Deserialize)]
        struct Detail {
            message: Option<String>,
        }
        let message = match serde_json::from_slice::<Envelope>(body) {
            Ok(Envelope { error: Detail { message: Some(message) } }) => message,
            _ => String::from_utf8_lossy(body).into_owned(),
        };
        clip(&self.scrub(&message), PROVIDER_MESSAGE_CHARS)
    }

    /// `text` with the key, and any long run of its characters, replaced.
    fn scrub(&self, text: &str) -> String {
        let key = self.key.expose_secret();
        let mut clean = text.replace(key, "[redacted]");
        // A partial echo such as `sk-abc***xyz`: hide any 8-character piece of the key.
        let chars: Vec<char> = key.chars().collect();
        if chars.len() >= 8 {
            for window in chars.windows(8) {
                let piece: String = window.iter().collect();
                if clean.contains(&piece) {
                    clean = clean.replace(&piece, "[redacted]");
                }
            }
        }
        clean
    }
}

/// TLS through rustls with the ring provider and the system's trust store. An
/// `http://` endpoint needs no trusted roots; an `https://` one does.
fn tls_config(https: bool) -> Result<rustls::ClientConfig, OpenAiSetupError> {
    let roots = system_roots();
    if https && roots.is_empty() {
        return Err(OpenAiSetupError::Client(
            "no trusted root certificates were found on this system".into(),
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // ALPN is left to the connector, which offers HTTP/1.1.
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| OpenAiSetupError::Client(format!("TLS: {error}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// The system's trusted roots, read once per process.
fn system_roots() -> Arc<rustls::RootCertStore> {
    static ROOTS: OnceLock<Arc<rustls::RootCertStore>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let found = rustls_native_certs::load_native_certs();
            for error in &found.errors {
                tracing::warn!(%error, "a system root certificate could not be read");
            }
            let mut roots = rustls::RootCertStore::empty();
            let (_, ignored) = roots.add_parsable_certificates(found.certs);
            if ignored > 0 {
                tracing::warn!(ignored, "system root certificates rustls cannot use were skipped");
            }
            Arc::new(roots)
        })
        .clone()
}

/// The first choice of a chat completion.
fn completion(body: &[u8]) -> Option<Reply> {
    #[derive(Deserialize)]
    struct Completion {
        choices: Vec<Choice>,
    }
    #[derive(Deserialize)]
    struct Choice {
        message: Option<ChoiceMessage>,
        finish_reason: Option<String>,
    }
    #[derive(Deserialize)]
    struct ChoiceMessage {
        content: Option<String>,
        refusal: Option<String>,
    }
    let choice = serde_json::from_slice::<Completion>(body).ok()?.choices.into_iter().next()?;
    let message = choice.message?;
    Some(Reply { content: message.content, refusal: message.refusal, finish_reason: choice.finish_reason })
}

/// `error.code` (or `error.type`) of an OpenAI-style error body.
fn error_code(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?;
    error
        .get("code")
        .and_then(|code| code.as_str())
        .or_else(|| error.get("type")?.as_str())
        .map(str::to_owned)
}

/// Whether a `/models` listing offers `model`; `None` when the body is no listing.
fn offers_model(body: &[u8], model: &str) -> Option<bool> {
    #[derive(Deserialize)]
    struct Listing {
        data: Vec<Model>,
    }
    #[derive(Deserialize)]
    struct Model {
        id: String,
    }
    let listing: Listing = serde_json::from_slice(body).ok()?;
    Some(listing.data.iter().any(|entry| entry.id == model))
}

/// How long the endpoint asks to be left alone: `retry-after-ms`, or `Retry-After` in
/// seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    if let Some(ms) = text("retry-after-ms").and_then(|ms| ms.parse::<f64>().ok())
        && ms.is_finite()
        && ms >= 0.0
    {
        return Some(Duration::from_secs_f64(ms.min(86_400_000.0) / 1_000.0));
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds.min(86_400)));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let left = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(left.to_std().unwrap_or(Duration::ZERO))
}

/// `: cause` of the innermost error in the chain, or nothing.
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    if std::ptr::addr_eq(current, error) { String::new() } else { format!(": {current}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    #[test]
    fn retry_after_in_seconds_milliseconds_or_a_date() {
        assert_eq!(retry_after(&headers(&[("retry-after", "2")])), Some(Duration::from_secs(2)));
        assert_eq!(retry_after(&headers(&[("retry-after-ms", "250")])), Some(Duration::from_millis(250)));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")])),
            Some(Duration::ZERO)
        );
        let later = (chrono::Utc::now() + chrono::Duration::seconds(30)).to_rfc2822();
        let wait = retry_after(&headers(&[("retry-after", &later)])).expect("a date");
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30), "{wait:?}");
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")])), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn replies_that_are_not_answers() {
        let reply = |content: Option<&str>, refusal: Option<&str>, finish: &str| Reply {
            content: content.map(str::to_owned),
            refusal: refusal.map(str::to_owned),
            finish_reason: Some(finish.to_owned()),
        };
        assert_eq!(reply(Some("{}"), None, "stop").text(), Ok("{}".to_owned()));
        assert_eq!(reply(Some("{\"days\":"), None, "length").text(), Err(Rejection::Truncated));
        assert!(matches!(reply(None, Some("I can't help"), "stop").text(), Err(Rejection::Refused(_))));
        assert_eq!(reply(Some(" "), None, "stop").text(), Err(Rejection::Empty));
    }

    #[test]
    fn chat_completions_are_read_from_their_first_choice() {
        let body = br#"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"{}"},"finish_reason":"stop"}]}"#;
        assert_eq!(completion(body).and_then(|reply| reply.content), Some("{}".to_owned()));
        assert_eq!(completion(b"<html>bad gateway</html>"), None);
        assert_eq!(completion(br#"{"choices":[]}"#), None);
        assert_eq!(
            error_code(br#"{"error":{"code":"insufficient_quota"}}"#).as_deref(),
            Some("insufficient_quota")
        );
        assert_eq!(offers_model(br#"{"data":[{"id":"gpt-4o-mini"}]}"#, "gpt-4o-mini"), Some(true));
        assert_eq!(offers_model(br#"{"data":[{"id":"other"}]}"#, "gpt-4o-mini"), Some(false));
    }

    #[test]
    fn echoed_keys_are_scrubbed() {
        let endpoint =
            Endpoint::new(OpenAiSettings::default(), SecretString::from("sk-test-0123456789abcdef"))
                .expect("endpoint");
        let echoed = endpoint.scrub("Incorrect API key provided: sk-test-0123456789abcdef.");
        assert!(!echoed.contains("0123456789"), "{echoed}");
        let partial = endpoint.scrub("Incorrect API key provided: sk-test-****cdef, or sk-test-0123****");
        assert!(!partial.contains("sk-test-0123"), "{partial}");
        assert!(!format!("{endpoint:?}").contains("0123456789"));
    }
}
