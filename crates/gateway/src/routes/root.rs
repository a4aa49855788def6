//! `GET /` and `GET /health`, the shapes the existing frontend reads.

use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

pub const SERVICE_NAME: &str = "journalcraft-gateway";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the API offers.
pub const FEATURES: [&str; 8] =
    ["accounts", "sessions", "profiles", "catalogue", "journals", "library", "jwks", "openapi"];

#[derive(Debug, Serialize, ToSchema)]
pub struct RootResponse {
    #[schema(example = "Journal Craft API")]
    pub message: String,
    #[schema(example = "0.1.0")]
    pub version: String,
    #[schema(example = "running")]
    pub status: String,
    pub features: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    #[schema(example = "healthy")]
    pub status: String,
    #[schema(example = "journalcraft-gateway")]
    pub service: String,
    /// The current time, RFC 3339, UTC.
    #[schema(example = "2026-11-02T10:00:00Z")]
    pub timestamp: String,
    pub version: String,
}

/// What this API is.
#[utoipa::path(tag = "meta", responses((status = 200, description = "OK", body = RootResponse)))]
#[get("/")]
pub async fn index() -> HttpResponse {
    HttpResponse::Ok().json(RootResponse {
        message: "Journal Craft API".to_owned(),
        version: VERSION.to_owned(),
        status: "running".to_owned(),
        features: FEATURES.iter().map(|f| (*f).to_owned()).collect(),
    })
}

/// Whether the gateway process is up (the frontend's check; probes use `/livez` and `/readyz`).
#[utoipa::path(tag = "meta", responses((status = 200, description = "OK", body = HealthResponse)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(HealthResponse {
        status: "healthy".to_owned(),
        service: SERVICE_NAME.to_owned(),
        timestamp: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        version: VERSION.to_owned(),
    })
}
