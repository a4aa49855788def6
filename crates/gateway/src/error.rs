//! The REST error body of API.md, and the error type every handler and extractor returns.
//!
//! Handlers return [`ApiError`] (a platform [`AppError`], usually rebuilt from a gRPC
//! status, so the service's exact code and message reach the client). Its response
//! carries the body without the request id; the request-id middleware then writes the
//! final body with the id, logs the error inside the request's span, and also gives
//! every bodiless error response of actix (404, 405, …) the same shape.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use jc_platform::{AppError, ErrorCode, FieldError};
use serde::Serialize;
use utoipa::ToSchema;

/// Every non-2xx response: the structured error, and `detail` (the same human message)
/// for the existing frontend.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
    /// The same text as `error.message`.
    #[schema(example = "email: is not an email address")]
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable snake_case word: `unauthenticated`, `validation_failed`, `conflict`, …
    #[schema(example = "validation_failed")]
    pub code: String,
    /// A message for the person using the product.
    pub message: String,
    /// The request id, also sent as `x-request-id`.
    pub request_id: String,
    /// The invalid fields of a `validation_failed` error; empty otherwise.
    pub fields: Vec<FieldErrorBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorBody {
    #[schema(example = "full_name")]
    pub field: String,
    #[schema(example = "must not be empty")]
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: &str, fields: &[FieldError], request_id: &str) -> Self {
        Self {
            error: ErrorDetail {
                code: code.as_str().to_owned(),
                message: message.to_owned(),
                request_id: request_id.to_owned(),
                fields: fields
                    .iter()
                    .map(|f| FieldErrorBody { field: f.field.clone(), message: f.message.clone() })
                    .collect(),
            },
            detail: message.to_owned(),
        }
    }
}

/// An error answered to a REST client (boxed: errors travel through every `Result`).
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.error)]
pub struct ApiError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    error: AppError,
    /// Shown instead of the code's generic text when the error is opaque (a 503 that
    /// still has something useful to say).
    public_message: Option<String>,
    /// Set only when the error leaves the middleware stack as an `Err` and is rendered
    /// by actix itself.
    request_id: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::new(code, message).into()
    }

    pub fn with_public_message(mut self, message: impl Into<String>) -> Self {
        self.0.public_message = Some(message.into());
        self
    }

    pub(crate) fn with_request_id(mut self, request_id: &str) -> Self {
        self.0.request_id = Some(request_id.to_owned());
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.0.error.code
    }

    pub fn app_error(&self) -> &AppError {
        &self.0.error
    }

    pub fn into_app_error(self) -> AppError {
        self.0.error
    }

    /// The message the client sees: never the cause of a platform fault.
    pub fn public_message(&self) -> &str {
        match &self.0.public_message {
            Some(message) => message,
            None => self.0.error.public_message(),
        }
    }

    pub fn body(&self, request_id: &str) -> ErrorBody {
        ErrorBody::new(self.code(), self.public_message(), &self.0.error.fields, request_id)
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        Self(Box::new(Inner { error, public_message: None, request_id: None }))
    }
}

impl From<tonic::Status> for ApiError {
    fn from(status: tonic::Status) -> Self {
        AppError::from_status(&status).into()
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(self.code())
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Some(id) = &self.0.request_id {
            response.insert_header((jc_platform::telemetry::REQUEST_ID_HEADER, id.as_str()));
        }
        if self.code() == ErrorCode::Unauthenticated {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if self.code() == ErrorCode::RequestTimeout {
            // The rest of the body may still come; the connection cannot be reused.
            response.force_close();
        }
        if let Some(seconds) = self.0.error.retry_after_seconds
            && matches!(self.code(), ErrorCode::RateLimited | ErrorCode::Unavailable)
        {
            response.insert_header((header::RETRY_AFTER, seconds));
        }
        response.json(self.body(self.0.request_id.as_deref().unwrap_or_default()))
    }
}

pub fn status_of(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The code of an error response that carries no [`ApiError`].
fn code_of(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthenticated,
        402 => ErrorCode::PaymentRequired,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::PayloadTooLarge,
        408 => ErrorCode::RequestTimeout,
        414 => ErrorCode::UriTooLong,
        415 => ErrorCode::UnsupportedMediaType,
        431 => ErrorCode::HeadersTooLarge,
        429 => ErrorCode::RateLimited,
        502..=504 => ErrorCode::Unavailable,
        500..=599 => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    }
}

/// Gives an error response the body of API.md with `request_id`, and logs its cause.
/// Success responses, and error responses that already carry a body of their own
/// (`/readyz`), pass unchanged.
pub(crate) fn finish_error_response(
    response: ServiceResponse<BoxBody>,
    request_id: &str,
) -> ServiceResponse<BoxBody> {
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return response;
    }
    let body = match response.response().error() {
        Some(error) => match error.as_error::<ApiError>() {
            Some(api) => {
                api.0.error.log();
                api.body(request_id)
            }
            None => foreign_error_body(status, &error.to_string(), request_id),
        },
        None if is_empty(&response) => {
            let code = code_of(status);
            ErrorBody::new(code, code.default_message(), &[], request_id)
        }
        None => return response,
    };
    let Ok(json) = serde_json::to_vec(&body) else { return response };
    response.map_body(|head, _| {
        head.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if status == StatusCode::UNAUTHORIZED && !head.headers().contains_key(header::WWW_AUTHENTICATE) {
            head.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        BoxBody::new(json)
    })
}

/// An error that leaves the middleware stack as an `Err` (actix renders it), rebuilt
/// with the request id and logged here, inside the request's span.
pub(crate) fn detached(error: &actix_web::Error, request_id: &str) -> ApiError {
    let api = match error.as_error::<ApiError>() {
        Some(api) => {
            let error = &api.0.error;
            error.log();
            ApiError(Box::new(Inner {
                error: AppError {
                    code: error.code,
                    message: error.message.clone(),
                    fields: error.fields.clone(),
                    retry_after_seconds: error.retry_after_seconds,
                    source: None,
                },
                public_message: api.0.public_message.clone(),
                request_id: None,
            }))
        }
        None => {
            let status = error.as_response_error().status_code();
            let body = foreign_error_body(status, &error.to_string(), request_id);
            ApiError::new(code_of(status), body.detail)
        }
    };
    api.with_request_id(request_id)
}

/// An error raised by actix or a third-party middleware (CORS): its text is safe to
/// show for client errors; a server error is logged and answered opaquely.
fn foreign_error_body(status: StatusCode, text: &str, request_id: &str) -> ErrorBody {
    let code = code_of(status);
    if status.is_server_error() {
        tracing::error!(status = status.as_u16(), error = %text, "request failed");
        ErrorBody::new(code, code.default_message(), &[], request_id)
    } else {
        tracing::debug!(status = status.as_u16(), error = %text, "request refused");
        let message = if text.trim().is_empty() { code.default_message() } else { text };
        ErrorBody::new(code, message, &[], request_id)
    }
}

fn is_empty(response: &ServiceResponse<BoxBody>) -> bool {
    use actix_web::body::{BodySize, MessageBody};
    matches!(response.response().body().size(), BodySize::None | BodySize::Sized(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_has_code_message_fields_and_detail() {
        let error: ApiError = AppError::field("full_name", "must not be empty").into();
        let body = serde_json::to_value(error.body("req-1")).expect("serialises");
        assert_eq!(body["error"]["code"], "validation_failed");
        assert_eq!(body["error"]["request_id"], "req-1");
        assert_eq!(body["error"]["fields"][0]["field"], "full_name");
        assert_eq!(body["detail"], body["error"]["message"]);
    }

    #[test]
    fn platform_faults_stay_opaque() {
        let error: ApiError = AppError::internal("db password=hunter2 refused").into();
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.public_message().contains("hunter2"));
        let noted = ApiError::from(AppError::unavailable("down")).with_public_message("Try again.");
        assert_eq!(noted.public_message(), "Try again.");
    }

    #[test]
    fn unauthenticated_and_rate_limited_responses_carry_their_headers() {
        let response = ApiError::new(ErrorCode::Unauthenticated, "Sign in.").error_response();
        assert_eq!(response.status(), 401);
        assert_eq!(
            response.headers().get(header::WWW_AUTHENTICATE).map(|v| v.as_bytes()),
            Some(&b"Bearer"[..])
        );

        let limited: ApiError = AppError::from_code(ErrorCode::RateLimited).with_retry_after(7).into();
        let response = limited.error_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers().get(header::RETRY_AFTER).map(|v| v.as_bytes()), Some(&b"7"[..]));
    }

    #[test]
    fn statuses_without_an_error_map_to_codes() {
        assert_eq!(code_of(StatusCode::METHOD_NOT_ALLOWED), ErrorCode::MethodNotAllowed);
        assert_eq!(code_of(StatusCode::NOT_FOUND), ErrorCode::NotFound);
        assert_eq!(code_of(StatusCode::BAD_GATEWAY), ErrorCode::Unavailable);
        assert_eq!(code_of(StatusCode::IM_A_TEAPOT), ErrorCode::BadRequest);
    }
}
