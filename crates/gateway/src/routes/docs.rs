//! The API description: `GET /api/openapi.json` and the Swagger UI under `/docs/`
//! (assets built into the binary; nothing is fetched from a CDN).

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa_swagger_ui::{Config, SwaggerUi};

pub const OPENAPI_PATH: &str = "/api/openapi.json";

/// The document, serialised once at start-up.
#[derive(Debug, Clone)]
pub struct OpenApiJson(pub String);

/// The OpenAPI document of this API.
#[utoipa::path(tag = "meta",
    responses((status = 200, description = "OpenAPI 3 document", body = Object, content_type = "application/json")))]
#[get("/api/openapi.json")]
pub async fn openapi_json(document: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(document.0.clone())
}

/// Interactive documentation (redirects to `/docs/`).
#[utoipa::path(tag = "meta",
    responses((status = 308, description = "Redirect to the Swagger UI at /docs/")))]
#[get("/docs")]
pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/docs/")).finish()
}

/// The Swagger UI, reading the document from [`OPENAPI_PATH`].
pub fn swagger_ui() -> SwaggerUi {
    SwaggerUi::new("/docs/{_:.*}").config(Config::new([OPENAPI_PATH]))
}
