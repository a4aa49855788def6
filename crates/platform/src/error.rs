//! Errors of the platform and its services.
//!
//! Policy:
//! - Every failure a caller can see is an [`AppError`] with a stable [`ErrorCode`]. The
//!   code fixes both the gRPC status and the HTTP status, and travels across the gRPC
//!   hop in metadata so the gateway answers with the service's exact code and message.
//! - Messages are written for the person using the product. They never hold secrets,
//!   SQL or stack traces.
//! - Faults of the platform itself are [`ErrorCode::Internal`] (or `Unavailable` when a
//!   backing service is down): the caller sees an opaque message, the cause chain goes
//!   to the log where the error is turned into a response.
//! - Libraries return `AppError` or a thiserror enum of their own; `anyhow` is for the
//!   binary only; store functions return diesel's `QueryResult`.

use std::fmt;

use prost::Message;
use tonic::metadata::{MetadataMap, MetadataValue};

/// Metadata key carrying the [`ErrorCode`] across gRPC.
pub const ERROR_CODE_METADATA: &str = "x-jc-error-code";
/// Binary metadata key carrying field errors (an encoded `common.FieldErrors`).
pub const ERROR_FIELDS_METADATA: &str = "x-jc-error-fields-bin";
/// Metadata key carrying the `Retry-After` seconds of a rate-limited call.
pub const RETRY_AFTER_METADATA: &str = "x-jc-retry-after";

/// The most bytes of a message a gRPC status carries. A status travels in HTTP/2
/// headers, which a peer refuses past its header-list limit (16 KiB by default); the
/// caps keep every status under half of it, whatever the message quotes.
pub const STATUS_MESSAGE_MAX_BYTES: usize = 512;
/// The most field errors a status carries.
pub const STATUS_MAX_FIELDS: usize = 12;
/// The most bytes of a field's name a status carries.
pub const STATUS_FIELD_NAME_MAX_BYTES: usize = 100;
/// The most bytes of a field's message a status carries.
pub const STATUS_FIELD_MESSAGE_MAX_BYTES: usize = 200;

/// The stable, machine-readable error codes of the REST and gRPC APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Malformed input: unparsable JSON, a wrong media type for the body.
    BadRequest,
    /// Well-formed input that breaks a rule; carries field errors.
    ValidationFailed,
    /// No valid credentials.
    Unauthenticated,
    /// Valid credentials without the right.
    Forbidden,
    /// Absent, or belonging to someone else.
    NotFound,
    /// The method is not allowed on this route.
    MethodNotAllowed,
    /// The request conflicts with what is stored (a taken email).
    Conflict,
    /// The body is over the configured limit.
    PayloadTooLarge,
    /// The body's media type is not accepted.
    UnsupportedMediaType,
    /// The request (its head or body) did not arrive in time.
    RequestTimeout,
    /// The request line (the URL) is over the gateway's limit.
    UriTooLong,
    /// The request's headers are over the gateway's limit.
    HeadersTooLarge,
    /// Too many requests; `Retry-After` says when to come back.
    RateLimited,
    /// The account has no credits left for the action.
    PaymentRequired,
    /// A backing service is down or overloaded; retrying later may succeed.
    Unavailable,
    /// A fault of the platform.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::BadRequest,
        ErrorCode::ValidationFailed,
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::RequestTimeout,
        ErrorCode::UriTooLong,
        ErrorCode::HeadersTooLarge,
        ErrorCode::RateLimited,
        ErrorCode::PaymentRequired,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
    ];

    /// The snake_case word used in REST bodies and gRPC metadata.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::HeadersTooLarge => "headers_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::PaymentRequired => "payment_required",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }

    pub fn parse(word: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|code| code.as_str() == word)
    }

    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::ValidationFailed => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::PaymentRequired => 402,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::RequestTimeout => 408,
            ErrorCode::UriTooLong => 414,
            ErrorCode::HeadersTooLarge => 431,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }

    pub fn grpc_code(self) -> tonic::Code {
        use tonic::Code;
        match self {
            ErrorCode::BadRequest | ErrorCode::ValidationFailed => Code::InvalidArgument,
            ErrorCode::Unauthenticated => Code::Unauthenticated,
            ErrorCode::Forbidden => Code::PermissionDenied,
            ErrorCode::NotFound => Code::NotFound,
            ErrorCode::MethodNotAllowed => Code::Unimplemented,
            ErrorCode::Conflict => Code::AlreadyExists,
            ErrorCode::PayloadTooLarge => Code::OutOfRange,
            ErrorCode::UnsupportedMediaType => Code::InvalidArgument,
            ErrorCode::UriTooLong | ErrorCode::HeadersTooLarge => Code::OutOfRange,
            ErrorCode::RequestTimeout => Code::DeadlineExceeded,
            ErrorCode::RateLimited | ErrorCode::PaymentRequired => Code::ResourceExhausted,
            ErrorCode::Unavailable => Code::Unavailable,
            ErrorCode::Internal => Code::Internal,
        }
    }

    /// The best code for a status that carries no `x-jc-error-code` (a failure of the
    /// transport, or a peer that is not ours).
    pub fn from_grpc_code(code: tonic::Code) -> ErrorCode {
        use tonic::Code;
        match code {
            Code::InvalidArgument | Code::OutOfRange => ErrorCode::BadRequest,
            Code::Unauthenticated => ErrorCode::Unauthenticated,
            Code::PermissionDenied => ErrorCode::Forbidden,
            Code::NotFound => ErrorCode::NotFound,
            Code::AlreadyExists | Code::Aborted | Code::FailedPrecondition => ErrorCode::Conflict,
            Code::ResourceExhausted => ErrorCode::RateLimited,
            Code::Unavailable | Code::DeadlineExceeded | Code::Cancelled => ErrorCode::Unavailable,
            _ => ErrorCode::Internal,
        }
    }

    /// The message shown for this code when there is nothing more specific to say.
    pub fn default_message(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "The request could not be read.",
            ErrorCode::ValidationFailed => "Some fields are not valid.",
            ErrorCode::Unauthenticated => "Sign in to continue.",
            ErrorCode::Forbidden => "You do not have access to this.",
            ErrorCode::NotFound => "Not found.",
            ErrorCode::MethodNotAllowed => "This method is not allowed here.",
            ErrorCode::Conflict => "This conflicts with existing data.",
            ErrorCode::PayloadTooLarge => "The request body is too large.",
            ErrorCode::UnsupportedMediaType => "This media type is not supported.",
            ErrorCode::RequestTimeout => "The request did not arrive in time.",
            ErrorCode::UriTooLong => "The URL is too long.",
            ErrorCode::HeadersTooLarge => "The request headers are too large.",
            ErrorCode::RateLimited => "Too many requests; try again later.",
            ErrorCode::PaymentRequired => "No credits left for this action.",
            ErrorCode::Unavailable => "The service is temporarily unavailable; try again later.",
            ErrorCode::Internal => "Something went wrong on our side.",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One invalid input field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl From<jc_domain::Invalid> for FieldError {
    fn from(invalid: jc_domain::Invalid) -> Self {
        Self::new(invalid.field, invalid.message)
    }
}

/// An error a caller can see, with its cause kept for the log.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
    pub retry_after_seconds: Option<u64>,
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

pub type AppResult<T> = Result<T, AppError>;

/// Both values, or one validation error listing every field problem of the two.
pub fn both<A, B, E, F>(a: Result<A, E>, b: Result<B, F>) -> AppResult<(A, B)>
where
    E: Into<FieldError>,
    F: Into<FieldError>,
{
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(AppError::validation(
            a.err().map(Into::into).into_iter().chain(b.err().map(Into::into)).collect(),
        )),
    }
}

impl From<jc_domain::Invalid> for AppError {
    fn from(invalid: jc_domain::Invalid) -> Self {
        Self::invalid(invalid)
    }
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: Vec::new(), retry_after_seconds: None, source: None }
    }

    /// The code with its default message.
    pub fn from_code(code: ErrorCode) -> Self {
        Self::new(code, code.default_message())
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [only] => format!("{}: {}", only.field, only.message),
            _ => ErrorCode::ValidationFailed.default_message().to_owned(),
        };
        Self { fields, ..Self::new(ErrorCode::ValidationFailed, message) }
    }

    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    /// A value that broke its rule, as a validation error of its field.
    pub fn invalid(invalid: jc_domain::Invalid) -> Self {
        Self::validation(vec![invalid.into()])
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found."))
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthenticated, message)
    }

    /// A fault of the platform; `cause` is logged, never shown.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        Self::from_code(ErrorCode::Internal).with_source(cause)
    }

    /// A backing service is down; `cause` is logged, never shown.
    pub fn unavailable(cause: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        Self::from_code(ErrorCode::Unavailable).with_source(cause)
    }

    pub fn with_source(
        mut self,
        cause: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(cause.into());
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds);
        self
    }

    /// Whether the caller sees the platform's generic text instead of `message`.
    pub fn is_opaque(&self) -> bool {
        matches!(self.code, ErrorCode::Internal | ErrorCode::Unavailable)
    }

    /// The message as a caller may see it.
    pub fn public_message(&self) -> &str {
        if self.is_opaque() { self.code.default_message() } else { &self.message }
    }

    /// Writes the error to the log with its whole cause chain: faults of the platform
    /// as errors, everything else at debug level.
    pub fn log(&self) {
        let chain = cause_chain(self);
        if self.is_opaque() {
            tracing::error!(code = %self.code, error = %chain, "request failed");
        } else {
            tracing::debug!(code = %self.code, error = %chain, "request refused");
        }
    }

    /// Rebuilds the error a service sent across gRPC.
    pub fn from_status(status: &tonic::Status) -> Self {
        let metadata = status.metadata();
        let coded = metadata
            .get(ERROR_CODE_METADATA)
            .and_then(|value| value.to_str().ok())
            .and_then(ErrorCode::parse);
        let code = coded.unwrap_or_else(|| ErrorCode::from_grpc_code(status.code()));
        let fields = metadata
            .get_bin(ERROR_FIELDS_METADATA)
            .and_then(|value| value.to_bytes().ok())
            .and_then(|bytes| jc_proto::common::FieldErrors::decode(bytes).ok())
            .map(|decoded| decoded.fields.into_iter().map(|f| FieldError::new(f.field, f.message)).collect())
            .unwrap_or_default();
        let retry_after_seconds = metadata
            .get(RETRY_AFTER_METADATA)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse().ok());
        // A status without our code came from the transport: keep its text for the log only.
        let message =
            if coded.is_some() { status.message().to_owned() } else { code.default_message().to_owned() };
        let mut error = Self { code, message, fields, retry_after_seconds, source: None };
        if coded.is_none() {
            error = error.with_source(format!("gRPC {:?}: {}", status.code(), status.message()));
        }
        error
    }

    /// The gRPC status carrying this error. Opaque errors are logged here, once,
    /// on the side that has their cause.
    pub fn into_status(self) -> tonic::Status {
        if self.is_opaque() {
            self.log();
        }
        let mut metadata = MetadataMap::new();
        metadata.insert(ERROR_CODE_METADATA, MetadataValue::from_static(self.code.as_str()));
        if !self.fields.is_empty() {
            let encoded = jc_proto::common::FieldErrors {
                fields: self
                    .fields
                    .iter()
                    .take(STATUS_MAX_FIELDS)
                    .map(|f| jc_proto::common::FieldError {
                        field: capped(&f.field, STATUS_FIELD_NAME_MAX_BYTES),
                        message: capped(&f.message, STATUS_FIELD_MESSAGE_MAX_BYTES),
                    })
                    .collect(),
            }
            .encode_to_vec();
            metadata.insert_bin(ERROR_FIELDS_METADATA, MetadataValue::from_bytes(&encoded));
        }
        if let Some(seconds) = self.retry_after_seconds {
            metadata.insert(RETRY_AFTER_METADATA, MetadataValue::from(seconds));
        }
        let message = capped(self.public_message(), STATUS_MESSAGE_MAX_BYTES);
        tonic::Status::with_metadata(self.code.grpc_code(), message, metadata)
    }
}

/// `text` cut to at most `max` bytes on a character boundary, `…` marking the cut.
fn capped(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    const MARK: &str = "…";
    let mut end = max.saturating_sub(MARK.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{MARK}", &text[..end])
}

impl From<AppError> for tonic::Status {
    fn from(error: AppError) -> Self {
        error.into_status()
    }
}

impl From<tonic::Status> for AppError {
    fn from(status: tonic::Status) -> Self {
        AppError::from_status(&status)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        AppError::internal(error)
    }
}

/// `error: cause: cause …`, for one log line.
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut current = error.source();
    while let Some(cause) = current {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        current = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_word() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("nope"), None);
    }

    #[test]
    fn code_message_and_fields_survive_the_grpc_hop() {
        let sent = AppError::validation(vec![
            FieldError::new("email", "is not an email address"),
            FieldError::new("password", "is too short"),
        ]);
        let received = AppError::from_status(&sent.into_status());
        assert_eq!(received.code, ErrorCode::ValidationFailed);
        assert_eq!(received.fields.len(), 2);
        assert_eq!(received.fields[1], FieldError::new("password", "is too short"));

        let conflict = AppError::new(ErrorCode::Conflict, "That email is already registered.");
        let received = AppError::from_status(&conflict.into_status());
        assert_eq!(received.code, ErrorCode::Conflict);
        assert_eq!(received.message, "That email is already registered.");
    }

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let error = AppError::internal("connection to 10.0.0.7 refused: password=hunter2");
        let status = error.into_status();
        assert_eq!(status.code(), tonic::Code::Internal);
        assert!(!status.message().contains("hunter2"));
        let received = AppError::from_status(&status);
        assert_eq!(received.code, ErrorCode::Internal);
        assert_eq!(received.public_message(), ErrorCode::Internal.default_message());
    }

    #[test]
    fn a_status_from_the_transport_maps_by_grpc_code() {
        let status = tonic::Status::unavailable("tcp connect error");
        let error = AppError::from_status(&status);
        assert_eq!(error.code, ErrorCode::Unavailable);
        assert_eq!(error.code.http_status(), 503);
    }

    #[test]
    fn a_status_stays_small_whatever_the_error_quotes() {
        let long = "é".repeat(500_000);
        let fields = (0..100).map(|i| FieldError::new(format!("{i}{long}"), long.clone())).collect();
        let mut sent = AppError::validation(fields);
        sent.message = long.clone();
        let status = sent.into_status();
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        let response = status.clone().into_http::<()>();
        let size: usize =
            response.headers().iter().map(|(name, value)| name.as_str().len() + value.len()).sum();
        assert!(size < 8 * 1024, "the status takes {size} bytes of headers");
        let received = AppError::from_status(&status);
        assert_eq!(received.code, ErrorCode::ValidationFailed);
        assert_eq!(received.fields.len(), STATUS_MAX_FIELDS);
        assert!(received.message.len() <= STATUS_MESSAGE_MAX_BYTES);
        assert!(received.message.ends_with('…'));
        assert!(received.fields[0].field.starts_with("0é"));
        assert!(received.fields[0].message.len() <= STATUS_FIELD_MESSAGE_MAX_BYTES);
    }

    #[test]
    fn retry_after_survives_the_grpc_hop() {
        let sent = AppError::from_code(ErrorCode::RateLimited).with_retry_after(17);
        let received = AppError::from_status(&sent.into_status());
        assert_eq!(received.retry_after_seconds, Some(17));
    }
}
