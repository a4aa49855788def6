//! Documentation of the operations routes that `jc_platform::health::configure_ops`
//! serves; these functions are never called.
#![allow(dead_code)]

/// The process is running.
#[utoipa::path(get, path = "/livez", tag = "operations",
    responses((status = 200, description = "Alive", body = Object)))]
pub fn livez() {}

/// Every dependency answers and the process is not draining.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Object),
        (status = 503, description = "Starting, draining or a dependency is down", body = Object),
    ))]
pub fn readyz() {}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
pub fn metrics() {}
