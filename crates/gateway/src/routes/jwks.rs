//! `GET /.well-known/jwks.json`: the auth service's public keys, for anyone verifying
//! Journal Craft access tokens.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use jc_platform::AppError;
use jc_platform::grpc::CallContext;

use crate::clients::Clients;
use crate::error::ApiResult;
use crate::middleware::RequestId;
use crate::openapi::responses::Unavailable;

/// Keys rotate with overlap, so a few minutes of caching is safe.
pub const CACHE_CONTROL: &str = "public, max-age=300";

/// The JSON Web Key Set (RFC 7517) that verifies access tokens.
#[utoipa::path(tag = "auth",
    responses(
        (status = 200, description = "A JWK Set", body = Object, content_type = "application/json"),
        Unavailable,
    ))]
#[get("/.well-known/jwks.json")]
pub async fn jwks(clients: web::Data<Clients>, request_id: RequestId) -> ApiResult<HttpResponse> {
    let json = clients.jwks(&CallContext::new(request_id.0)).await?;
    if serde_json::from_str::<serde_json::Value>(&json).is_err() {
        return Err(AppError::internal("the auth service sent a JWKS that is not JSON").into());
    }
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .body(json))
}
