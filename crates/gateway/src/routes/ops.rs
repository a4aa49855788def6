//! `GET /livez`, `GET /readyz` and `GET /metrics`: the operations routes every component
//! serves through `jc_platform::health::configure_ops`. Their handlers live in the
//! platform, so [`mount`] registers them there and adds the operations documented here.

use actix_web::dev::{ServiceFactory, ServiceRequest};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, UtoipaApp};

/// The process is running.
#[utoipa::path(get, path = "/livez", tag = "operations",
    responses((status = 200, description = "Alive", body = Object)))]
#[allow(dead_code)]
fn livez() {}

/// Every dependency answers and the process is not draining.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Object),
        (status = 503, description = "Starting, draining or a dependency is down", body = Object),
    ))]
#[allow(dead_code)]
fn readyz() {}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
#[allow(dead_code)]
fn metrics() {}

/// The operations above, the only place they are listed.
#[derive(OpenApi)]
#[openapi(paths(livez, readyz, metrics))]
struct Operations;

/// Serves the platform's operations routes on `app` and documents them.
pub fn mount<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    let (app, mut document) =
        app.map(|app| app.configure(jc_platform::health::configure_ops)).split_for_parts();
    document.paths.merge(Operations::openapi().paths);
    app.into_utoipa_app().openapi(document)
}
