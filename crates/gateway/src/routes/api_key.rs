//! `/api/settings/api-key` and `/api/settings/test-api-key`: the caller's own key for
//! the OpenAI-compatible provider (journal service, which stores it encrypted).
//!
//! The key is held as a [`SecretString`] from the moment the body is parsed, so no
//! `Debug` or log line of the gateway can show it; no response carries it, only the
//! service's masked form; and a refused key is named by its field, never echoed.

use actix_web::{HttpResponse, delete, get, post, web};
use jc_platform::{AppError, FieldError};
use jc_proto::journal as pb;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::bearer::Authenticated;
use crate::clients::Clients;
use crate::error::{ApiResult, ErrorBody};
use crate::json::SignedInBody;
use crate::limits::{Class, Limits};
use crate::openapi::responses::{PayloadTooLarge, SignedIn, UnsupportedMediaType};
use jc_platform::both;

/// The longest key accepted, in characters.
pub const MAX_KEY_CHARS: usize = 512;
/// The longest provider name accepted, in characters.
pub const MAX_PROVIDER_CHARS: usize = 50;

/// A provider key with the provider it is for.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApiKeyRequest {
    /// The key, as the provider issued it: 20 to 200 printable ASCII characters without
    /// spaces (surrounding whitespace is trimmed).
    #[serde(rename = "apiKey")]
    #[schema(value_type = String, example = "sk-0123456789abcdefghij", min_length = 20, max_length = 512, pattern = r"^\s*[!-~]{20,200}\s*$")]
    pub api_key: SecretString,
    /// `openai` (any OpenAI-compatible endpoint the deployment is configured for).
    #[schema(example = "openai", max_length = 50)]
    pub provider: String,
}

/// Whether a key is stored, never the key itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyStatus {
    pub stored: bool,
    pub provider: String,
    /// The key's first and last characters with the rest hidden; null when none is stored.
    #[schema(example = "sk-…wxyz")]
    pub masked_key: Option<String>,
    /// RFC 3339, UTC; when the key was stored.
    pub updated_at: Option<String>,
}

impl From<pb::ProviderKeyInfo> for ApiKeyStatus {
    fn from(info: pb::ProviderKeyInfo) -> Self {
        Self {
            stored: info.stored,
            provider: info.provider,
            masked_key: info.masked_key.filter(|_| info.stored),
            updated_at: info.updated_at.filter(|_| info.stored),
        }
    }
}

/// The answer to storing or removing a key.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyChange {
    pub success: bool,
    pub message: String,
    #[serde(flatten)]
    pub status: ApiKeyStatus,
}

/// Whether the provider accepts a key.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyTest {
    pub valid: bool,
    pub message: String,
}

/// The key and provider of a body, checked; the messages never hold the key.
fn checked(body: ApiKeyRequest) -> Result<(String, SecretString), AppError> {
    let key = {
        let raw = body.api_key.expose_secret().trim();
        let problem = if raw.is_empty() {
            Some("must not be empty")
        } else if raw.chars().count() > MAX_KEY_CHARS {
            Some("must be at most 512 characters")
        } else if raw.chars().any(|c| !c.is_ascii_graphic()) {
            Some("must be printable ASCII without spaces")
        } else {
            None
        };
        match problem {
            Some(message) => Err(FieldError::new("apiKey", message)),
            None => Ok(SecretString::from(raw.to_owned())),
        }
    };
    let provider = body.provider.trim();
    let provider = if provider.is_empty() || provider.chars().count() > MAX_PROVIDER_CHARS {
        Err(FieldError::new("provider", "must be a provider name, such as openai"))
    } else {
        Ok(provider.to_owned())
    };
    let (key, provider) = both(key, provider)?;
    Ok((provider, key))
}

/// Stores the caller's key, encrypted; replaces any key stored before.
#[utoipa::path(operation_id = "set_api_key", tag = "settings", security(("bearer" = [])),
    request_body = ApiKeyRequest,
    responses(
        (status = 200, description = "Stored; the answer shows the masked key only", body = ApiKeyChange),
        (status = 400, description = "Invalid input (field errors), or an unknown provider", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[post("/api/settings/api-key")]
pub async fn set(
    clients: web::Data<Clients>,
    SignedInBody { caller, body }: SignedInBody<ApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    let (provider, key) = checked(body)?;
    let request = pb::SetProviderKeyRequest { provider, api_key: key.expose_secret().to_owned() };
    let info = clients.set_provider_key(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(ApiKeyChange {
        success: true,
        message: "Your API key is stored.".to_owned(),
        status: info.into(),
    }))
}

/// Whether the caller has a key stored, and its masked form; never the key.
#[utoipa::path(operation_id = "get_api_key", tag = "settings", security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = ApiKeyStatus),
        SignedIn,
    ))]
#[get("/api/settings/api-key")]
pub async fn get(clients: web::Data<Clients>, caller: Authenticated) -> ApiResult<HttpResponse> {
    let info = clients.provider_key(&caller.call_context()).await?;
    Ok(HttpResponse::Ok().json(ApiKeyStatus::from(info)))
}

/// Removes the caller's stored key; journals are then written with the deployment's.
#[utoipa::path(operation_id = "delete_api_key", tag = "settings", security(("bearer" = [])),
    responses(
        (status = 200, description = "Removed (or there was none)", body = ApiKeyChange),
        SignedIn,
    ))]
#[delete("/api/settings/api-key")]
pub async fn delete(clients: web::Data<Clients>, caller: Authenticated) -> ApiResult<HttpResponse> {
    let info = clients.delete_provider_key(&caller.call_context()).await?;
    Ok(HttpResponse::Ok().json(ApiKeyChange {
        success: true,
        message: "Your API key is removed.".to_owned(),
        status: info.into(),
    }))
}

/// Asks the provider whether it accepts a key, without storing it.
#[utoipa::path(operation_id = "test_api_key", tag = "settings", security(("bearer" = [])),
    request_body = ApiKeyRequest,
    responses(
        (status = 200, description = "The provider's verdict", body = ApiKeyTest),
        (status = 400, description = "Invalid input (field errors), or an unknown provider", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[post("/api/settings/test-api-key")]
pub async fn test(
    clients: web::Data<Clients>,
    limits: Limits,
    SignedInBody { caller, body }: SignedInBody<ApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    let (provider, key) = checked(body)?;
    limits.account(Class::ProviderKeyTest, &caller.caller.user_id.to_string()).await?;
    let request = pb::TestProviderKeyRequest { provider, api_key: key.expose_secret().to_owned() };
    let result = clients.test_provider_key(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(ApiKeyTest { valid: result.valid, message: result.message }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-live-0123456789abcdefghij";

    fn body(key: &str, provider: &str) -> ApiKeyRequest {
        ApiKeyRequest { api_key: SecretString::from(key.to_owned()), provider: provider.to_owned() }
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let parsed: ApiKeyRequest =
            serde_json::from_value(serde_json::json!({"apiKey": KEY, "provider": "openai"})).expect("parses");
        assert!(!format!("{parsed:?}").contains(KEY));
        let (provider, key) = checked(parsed).expect("valid");
        assert_eq!((provider.as_str(), key.expose_secret()), ("openai", KEY));
        assert!(!format!("{key:?}").contains(KEY));
    }

    #[test]
    fn bad_keys_and_providers_are_named_without_echoing_the_key() {
        let long = "k".repeat(MAX_KEY_CHARS + 1);
        for (key, provider, fields) in [
            ("  ", "openai", vec!["apiKey"]),
            ("sk-with space", "openai", vec!["apiKey"]),
            ("sk-\u{0}tail", "openai", vec!["apiKey"]),
            (long.as_str(), "openai", vec!["apiKey"]),
            (KEY, " ", vec!["provider"]),
            ("", "", vec!["apiKey", "provider"]),
        ] {
            let error = checked(body(key, provider)).expect_err("refused");
            let named: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(named, fields, "{key:?} {provider:?}");
            assert!(!error.to_string().contains("sk-"), "{error}");
        }
        let (_, trimmed) = checked(body(&format!(" {KEY}\n"), "openai")).expect("valid");
        assert_eq!(trimmed.expose_secret(), KEY);
    }
}
