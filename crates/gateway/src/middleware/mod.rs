//! The middleware stack, outermost first: request id and error bodies, metrics and the
//! access log, security headers, CORS, 405 for documented paths asked with another method.

pub mod method_not_allowed;
pub mod metrics;
pub mod request_id;
pub mod security_headers;

use actix_cors::Cors;
use actix_web::http::{Method, header};

pub use request_id::RequestId;

/// CORS for the configured origins. An origin that is not listed gets no CORS headers
/// (the browser then refuses to expose the response), but the request is not refused
/// here: browsers also send `Origin` on same-origin requests (the docs page).
pub fn cors(allowed_origins: &[String]) -> Cors {
    let cors = allowed_origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::HeaderName::from_static(jc_platform::telemetry::REQUEST_ID_HEADER),
        ])
        .expose_headers([
            header::HeaderName::from_static(jc_platform::telemetry::REQUEST_ID_HEADER),
            header::RETRY_AFTER,
            header::WWW_AUTHENTICATE,
            // The file name of an export download.
            header::CONTENT_DISPOSITION,
        ])
        .max_age(600);
    cors.block_on_origin_mismatch(false)
}
