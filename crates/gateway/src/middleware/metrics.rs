//! One structured log line and two Prometheus series per request, labelled by the
//! matched route pattern (`/api/users/me`), never by the raw path, so ids and probes
//! of unknown paths cannot blow up the number of series.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::request_id::request_id_of;

/// The route label of requests that matched no route.
pub const UNMATCHED_ROUTE: &str = "unmatched";

pub async fn observe<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let result = next.call(req).await;
    let (status, route, request_id) = match &result {
        Ok(response) => (
            response.status().as_u16(),
            response.request().match_pattern(),
            request_id_of(response.request()).0,
        ),
        Err(error) => (error.as_response_error().status_code().as_u16(), None, String::new()),
    };
    let route = route.unwrap_or_else(|| UNMATCHED_ROUTE.to_owned());
    let elapsed = started.elapsed();
    metrics::counter!(
        "http_requests_total",
        "method" => method.clone(),
        "route" => route.clone(),
        "status" => status.to_string()
    )
    .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method.clone(), "route" => route.clone())
        .record(elapsed.as_secs_f64());
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(%method, %route, status, latency_ms, %request_id, "request");
    } else {
        tracing::info!(%method, %route, status, latency_ms, %request_id, "request");
    }
    result
}

/// Describes the families [`observe`] records; after the recorder is installed.
pub(crate) fn describe_metrics() {
    metrics::describe_counter!(
        "http_requests_total",
        "HTTP requests the gateway answered, by method, route pattern and status."
    );
    metrics::describe_histogram!(
        "http_request_duration_seconds",
        metrics::Unit::Seconds,
        "How long the gateway took to answer an HTTP request, by method and route pattern."
    );
}
