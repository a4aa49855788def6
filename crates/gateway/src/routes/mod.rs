//! Every route of the gateway, one file per resource. [`ROUTES`] lists them all; a
//! test checks that each answers and that the OpenAPI document has exactly these.

pub mod ai;
pub mod api_key;
pub mod auth;
pub mod docs;
pub mod export;
pub mod export_download;
pub mod generation;
pub mod job_socket;
pub mod journals;
pub mod jwks;
pub mod library;
pub mod ops;
pub mod root;
pub mod users;

use actix_web::{HttpResponse, web};
use jc_platform::ErrorCode;

use crate::error::ApiError;

/// `(method, path)` of every route, as written in the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/health"),
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/refresh"),
    ("POST", "/api/auth/logout"),
    ("GET", "/api/auth/me"),
    ("GET", "/api/users/me"),
    ("PATCH", "/api/users/me"),
    ("GET", "/api/ai/themes"),
    ("GET", "/api/ai/title-styles"),
    ("POST", "/api/ai/generate-journal"),
    ("GET", "/api/ai/progress/{job_id}"),
    ("POST", "/api/ai/cancel/{job_id}"),
    ("GET", "/ws/job/{job_id}"),
    ("POST", "/api/settings/api-key"),
    ("GET", "/api/settings/api-key"),
    ("DELETE", "/api/settings/api-key"),
    ("POST", "/api/settings/test-api-key"),
    ("GET", "/api/journals/author-suggestions"),
    ("GET", "/api/library/projects"),
    ("GET", "/api/library/projects/{id}"),
    ("PUT", "/api/library/projects/{id}"),
    ("DELETE", "/api/library/projects/{id}"),
    ("POST", "/api/library/projects/{id}/duplicate"),
    ("POST", "/api/journals"),
    ("GET", "/api/journals/{id}"),
    ("PATCH", "/api/journals/{id}"),
    ("GET", "/api/journals/{id}/days/{n}"),
    ("PUT", "/api/journals/{id}/days/{n}"),
    ("GET", "/api/export/formats"),
    ("POST", "/api/export/jobs"),
    ("GET", "/api/export/jobs"),
    ("POST", "/api/export/create"),
    ("GET", "/api/export/jobs/{id}"),
    ("POST", "/api/export/jobs/{id}/cancel"),
    ("GET", "/api/export/jobs/{id}/download"),
    ("POST", "/api/export/kdp/preview"),
    ("GET", "/.well-known/jwks.json"),
    ("GET", "/livez"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
    ("GET", "/api/openapi.json"),
    ("GET", "/docs"),
];

/// Registers every route. Needs the app data set up by [`crate::serve`].
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").route(web::get().to(root::index)))
        .service(web::resource("/health").route(web::get().to(root::health)))
        .service(web::resource("/api/auth/register").route(web::post().to(auth::register)))
        .service(web::resource("/api/auth/login").route(web::post().to(auth::login)))
        .service(web::resource("/api/auth/refresh").route(web::post().to(auth::refresh)))
        .service(web::resource("/api/auth/logout").route(web::post().to(auth::logout)))
        .service(web::resource("/api/auth/me").route(web::get().to(auth::me)))
        .service(
            web::resource("/api/users/me")
                .route(web::get().to(users::get_me))
                .route(web::patch().to(users::patch_me)),
        )
        .service(web::resource("/api/ai/themes").route(web::get().to(ai::themes)))
        .service(web::resource("/api/ai/title-styles").route(web::get().to(ai::title_styles)))
        .service(web::resource("/api/ai/generate-journal").route(web::post().to(generation::generate)))
        .service(web::resource("/api/ai/progress/{job_id}").route(web::get().to(generation::progress)))
        .service(web::resource("/api/ai/cancel/{job_id}").route(web::post().to(generation::cancel)))
        .service(web::resource("/ws/job/{job_id}").route(web::get().to(job_socket::watch)))
        .service(
            web::resource("/api/settings/api-key")
                .route(web::post().to(api_key::set))
                .route(web::get().to(api_key::get))
                .route(web::delete().to(api_key::delete)),
        )
        .service(web::resource("/api/settings/test-api-key").route(web::post().to(api_key::test)))
        // Before `/api/journals/{id}`, which would otherwise match it.
        .service(
            web::resource("/api/journals/author-suggestions")
                .route(web::get().to(journals::author_suggestions)),
        )
        .service(web::resource("/api/library/projects").route(web::get().to(library::list)))
        .service(
            web::resource("/api/library/projects/{id}")
                .route(web::get().to(library::get))
                .route(web::put().to(library::put))
                .route(web::delete().to(library::delete)),
        )
        .service(
            web::resource("/api/library/projects/{id}/duplicate").route(web::post().to(library::duplicate)),
        )
        .service(web::resource("/api/journals").route(web::post().to(journals::create)))
        .service(
            web::resource("/api/journals/{id}")
                .route(web::get().to(journals::get))
                .route(web::patch().to(journals::patch)),
        )
        .service(
            web::resource("/api/journals/{id}/days/{n}")
                .route(web::get().to(journals::get_day))
                .route(web::put().to(journals::put_day)),
        )
        .service(web::resource("/api/export/formats").route(web::get().to(export::formats)))
        .service(
            web::resource("/api/export/jobs")
                .route(web::post().to(export::create))
                .route(web::get().to(export::list)),
        )
        .service(web::resource("/api/export/create").route(web::post().to(export::create_legacy)))
        .service(web::resource("/api/export/jobs/{id}").route(web::get().to(export::get)))
        .service(web::resource("/api/export/jobs/{id}/cancel").route(web::post().to(export::cancel)))
        .service(
            web::resource("/api/export/jobs/{id}/download").route(web::get().to(export_download::download)),
        )
        .service(web::resource("/api/export/kdp/preview").route(web::post().to(export::kdp_preview)))
        .service(web::resource("/.well-known/jwks.json").route(web::get().to(jwks::jwks)))
        .configure(jc_platform::health::configure_ops)
        .service(web::resource(docs::OPENAPI_PATH).route(web::get().to(docs::openapi_json)))
        .service(web::resource("/docs").route(web::get().to(docs::docs_redirect)))
        .service(docs::swagger_ui());
}

/// The answer for a path no route matches.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, "No route matches this path."))
}
