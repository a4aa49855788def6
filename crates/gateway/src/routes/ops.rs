//! `GET /livez` and `GET /readyz` on the public port, for probes that can reach only
//! that one: the process runs, and whether it is ready (without naming its
//! dependencies). Their handlers live in the platform
//! (`jc_platform::health::configure_probes`), so [`mount`] registers them there and
//! adds the operations documented here. Metrics and the readiness of each dependency
//! are served on the operations listener (`ops.listen`) only, which is not part of
//! this API.

use actix_web::dev::{ServiceFactory, ServiceRequest};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, UtoipaApp};

/// The process is running.
#[utoipa::path(get, path = "/livez", tag = "operations",
    responses((status = 200, description = "Alive: `{\"status\": \"alive\"}`", body = Object)))]
#[allow(dead_code)]
fn livez() {}

/// Every component has started, every dependency answers and the process is not
/// draining. Which dependency is down is reported on the operations listener only.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready: `{\"status\": \"ready\"}`", body = Object),
        (status = 503, description = "Starting, draining or a dependency is down: `{\"status\": \"not_ready\"}`", body = Object),
    ))]
#[allow(dead_code)]
fn readyz() {}

/// The operations above, the only place they are listed.
#[derive(OpenApi)]
#[openapi(paths(livez, readyz))]
struct Operations;

/// Serves the public probes on `app` and documents them.
pub fn mount<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    let (app, mut document) =
        app.map(|app| app.configure(jc_platform::health::configure_probes)).split_for_parts();
    document.paths.merge(Operations::openapi().paths);
    app.into_utoipa_app().openapi(document)
}
