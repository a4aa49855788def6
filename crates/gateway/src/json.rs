//! JSON request bodies, read with the errors API.md promises: 415 for a missing or
//! wrong media type, 413 over `gateway.json_limit_bytes`, 400 `bad_request` for
//! unparsable JSON, and 400 `validation_failed` naming the field that is missing or
//! has the wrong type or a string longer than the OpenAPI document allows
//! (`crate::bounds`); 408 (and the connection closed) when the body does not arrive
//! within `gateway.body_read_timeout_ms`.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpRequest, web};
use futures::StreamExt;
use jc_platform::{AppError, ErrorCode, FieldError};
use serde::de::DeserializeOwned;

use crate::bearer::Authenticated;
use crate::bounds::BodyBounds;
use crate::error::ApiError;

/// The body limit, shared through app data.
#[derive(Debug, Clone, Copy)]
pub struct JsonLimit(pub usize);

/// How long a body may take to arrive, shared through app data.
#[derive(Debug, Clone, Copy)]
pub struct BodyReadTimeout(pub Duration);

impl BodyReadTimeout {
    /// Without the app data (unit tests): the setting's default.
    const DEFAULT: Duration = Duration::from_secs(30);
}

/// A JSON body of type `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move { read_json(&req, payload).await.map(JsonBody) })
    }
}

/// The verified caller and the JSON body of their request, read in that order: a
/// request without a valid token is refused (401) before its body is read.
#[derive(Debug)]
pub struct SignedInBody<T> {
    pub caller: Authenticated,
    pub body: T,
}

impl<T: DeserializeOwned + 'static> FromRequest for SignedInBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        let caller = Authenticated::from_request(&req, &mut Payload::None);
        Box::pin(async move {
            let caller = caller.await?;
            let body = read_json(&req, payload).await?;
            Ok(Self { caller, body })
        })
    }
}

/// Reads and parses the body; for handlers that must check something (the caller)
/// before the body.
pub async fn read_json<T: DeserializeOwned>(req: &HttpRequest, payload: Payload) -> Result<T, ApiError> {
    let limit = req.app_data::<web::Data<JsonLimit>>().map_or(1024 * 1024, |l| l.0);
    check_content_type(req)?;
    let bytes = read_limited(req, payload, limit).await?;
    let value = parse_value(&bytes)?;
    if let Some(bounds) = req.app_data::<web::Data<BodyBounds>>() {
        bounds.check(req, &value)?;
    }
    deserialize(value)
}

fn check_content_type(req: &HttpRequest) -> Result<(), ApiError> {
    let media_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match media_type {
        Some(t) if t == "application/json" || (t.starts_with("application/") && t.ends_with("+json")) => {
            Ok(())
        }
        _ => Err(ApiError::new(ErrorCode::UnsupportedMediaType, "Send the body as application/json.")),
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(ErrorCode::PayloadTooLarge, format!("The request body is larger than {limit} bytes."))
}

/// The body, up to `limit` bytes, within the body read timeout.
pub async fn read_limited(req: &HttpRequest, payload: Payload, limit: usize) -> Result<Bytes, ApiError> {
    let timeout = req.app_data::<web::Data<BodyReadTimeout>>().map_or(BodyReadTimeout::DEFAULT, |t| t.0);
    tokio::time::timeout(timeout, read_up_to(req, payload, limit)).await.unwrap_or_else(|_| {
        Err(ApiError::new(
            ErrorCode::RequestTimeout,
            format!("The request body did not arrive within {} ms.", timeout.as_millis()),
        ))
    })
}

async fn read_up_to(req: &HttpRequest, mut payload: Payload, limit: usize) -> Result<Bytes, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large(limit));
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(ErrorCode::BadRequest, format!("The request body could not be read: {e}"))
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Syntax errors are `bad_request`; a body of the wrong shape is `validation_failed`
/// with the path of the offending field.
#[cfg(test)]
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    deserialize(parse_value(bytes)?)
}

/// The body as a JSON object, whole numbers written with a fraction made integers;
/// anything else is `bad_request`.
fn parse_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(ErrorCode::BadRequest, format!("The request body is not valid JSON: {e}"))
    })?;
    if !value.is_object() {
        return Err(ApiError::new(ErrorCode::BadRequest, "The request body must be a JSON object."));
    }
    whole_numbers(&mut value);
    Ok(value)
}

/// The body as `T`; a body of the wrong shape is `validation_failed` naming the field.
fn deserialize<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = jc_domain::field_path(&error.path().to_string());
        let inner = jc_domain::shorten_quoted(&error.into_inner().to_string());
        // A missing field is reported at its parent; name the field itself.
        let field = match missing_field(&inner) {
            Some(name) if path == "." => name.to_owned(),
            Some(name) => format!("{path}.{name}"),
            None => path,
        };
        AppError::validation(vec![FieldError::new(field, inner)]).into()
    })
}

/// JSON has one number type: `18.0` is the integer 18 (JSON Schema agrees), but serde
/// would refuse it for an integer field. Whole numbers written with a fraction become
/// integers; a field that wants a float takes an integer as well.
fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::{Number, Value};
    /// Beyond 2^53 a float no longer holds every integer exactly.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(number) if number.is_f64() => {
            if let Some(float) = number.as_f64()
                && float.fract() == 0.0
                && float.abs() <= EXACT
            {
                // In range and whole: the casts are exact.
                *number = if float >= 0.0 { Number::from(float as u64) } else { Number::from(float as i64) };
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// The name in serde's "missing field `name`".
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        age: u32,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        flag: bool,
    }

    fn field_of(body: &str) -> (ErrorCode, Vec<String>) {
        let error = parse::<Sample>(body.as_bytes()).expect_err("invalid");
        (error.code(), error.app_error().fields.iter().map(|f| f.field.clone()).collect())
    }

    #[test]
    fn shape_errors_name_the_field() {
        assert_eq!(field_of(r#"{"age": 3}"#), (ErrorCode::ValidationFailed, vec!["name".to_owned()]));
        assert_eq!(
            field_of(r#"{"name": 5, "age": 3}"#),
            (ErrorCode::ValidationFailed, vec!["name".to_owned()])
        );
        assert_eq!(
            field_of(r#"{"name": "a", "age": 3, "inner": {"flag": "yes"}}"#),
            (ErrorCode::ValidationFailed, vec!["inner.flag".to_owned()])
        );
        assert_eq!(
            field_of(r#"{"name": "a", "age": 3, "inner": {}}"#),
            (ErrorCode::ValidationFailed, vec!["inner.flag".to_owned()])
        );
    }

    #[test]
    fn syntax_errors_and_non_objects_are_bad_requests() {
        assert_eq!(field_of(r#"{"name": "#).0, ErrorCode::BadRequest);
        assert_eq!(field_of("[1, 2]").0, ErrorCode::BadRequest);
        assert_eq!(field_of("").0, ErrorCode::BadRequest);
        assert!(parse::<Sample>(br#"{"name": "a", "age": 3, "extra": 1}"#).is_ok());
    }

    #[test]
    fn whole_numbers_with_a_fraction_are_integers() {
        let sample = parse::<Sample>(br#"{"name": "a", "age": 18.0, "inner": null}"#).expect("18.0 is 18");
        assert_eq!(sample.age, 18);
        assert_eq!(field_of(r#"{"name": "a", "age": 18.5}"#).1, ["age"]);
        assert_eq!(field_of(r#"{"name": "a", "age": -1.0}"#).1, ["age"], "still checked as a u32");
        assert_eq!(field_of(r#"{"name": "a", "age": 1e300}"#).1, ["age"]);
    }
}
