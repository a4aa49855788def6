//! Every route of the gateway, one file per resource. Each handler carries its method,
//! path and OpenAPI operation (`#[utoipa::path]` over `#[get("/...")]` and the like);
//! [`mount`] registers each one once, which serves it and adds it to the document.

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

use actix_web::dev::{ServiceFactory, ServiceRequest};
use actix_web::{App, HttpResponse};
use jc_platform::ErrorCode;
use utoipa_actix_web::{AppExt, UtoipaApp};

use crate::error::ApiError;

/// Registers every route on `app` and returns it with the OpenAPI document of exactly
/// those routes. Needs the app data set up by [`crate::serve`].
pub fn register<T>(app: App<T>) -> (App<T>, utoipa::openapi::OpenApi)
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    mount(app.into_utoipa_app().openapi(crate::openapi::base())).split_for_parts()
}

/// One line per route. Order matters where paths overlap: actix tries routes in
/// registration order, and the 405 check takes the first registered path that matches.
fn mount<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    let app = app
        .service(root::index)
        .service(root::health)
        .service(auth::register)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::me)
        .service(users::get_me)
        .service(users::patch_me)
        .service(ai::themes)
        .service(ai::title_styles)
        .service(generation::generate)
        .service(generation::progress)
        .service(generation::cancel)
        .service(job_socket::watch)
        .service(api_key::set)
        .service(api_key::get)
        .service(api_key::delete)
        .service(api_key::test)
        // Before `/api/journals/{id}`, which would otherwise match it.
        .service(journals::author_suggestions)
        .service(library::list)
        .service(library::get)
        .service(library::put)
        .service(library::delete)
        .service(library::duplicate)
        .service(journals::create)
        .service(journals::get)
        .service(journals::patch)
        .service(journals::get_day)
        .service(journals::put_day)
        .service(export::formats)
        .service(export::create)
        .service(export::list)
        .service(export::create_legacy)
        .service(export::get)
        .service(export::cancel)
        .service(export_download::download)
        .service(export::kdp_preview)
        .service(jwks::jwks);
    ops::mount(app)
        .service(docs::openapi_json)
        .service(docs::docs_redirect)
        // The UI's assets, not part of the API.
        .map(|app| app.service(docs::swagger_ui()))
}

/// The answer for a path no route matches.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, "No route matches this path."))
}
