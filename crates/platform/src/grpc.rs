//! gRPC plumbing shared by every service: serving with health, metrics, request ids
//! and trace context; the service credential every internal call carries; and the
//! metadata a client attaches on behalf of a signed-in person.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http::{HeaderMap, Request, Response};
use opentelemetry::propagation::{Extractor, Injector};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
use tokio_util::sync::CancellationToken;
use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::transport::{Channel, Endpoint};
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::identity::{Caller, TokenVerifier};
use crate::telemetry::{REQUEST_ID_HEADER, request_id_or_new};

/// The largest message a server or client of the platform sends or accepts: a whole
/// journal at its size limit ([`jc_domain::limits::GRPC_MESSAGE_MAX_BYTES`]). Every
/// generated server and client is built with it as its decoding and encoding limit
/// (tonic's default decoding limit, 4 MiB, is below a large journal).
pub const MESSAGE_MAX_BYTES: usize = jc_domain::limits::GRPC_MESSAGE_MAX_BYTES;

/// Metadata key of the service credential.
pub const SERVICE_TOKEN_METADATA: &str = "x-jc-service-token";

/// The secret services present to each other. Cheap to clone.
#[derive(Clone)]
pub struct ServiceCredential(Arc<SecretString>);

impl ServiceCredential {
    pub fn new(token: SecretString) -> Self {
        Self(Arc::new(token))
    }

    /// Refuses a call that does not carry this credential.
    pub fn check(&self, metadata: &MetadataMap) -> AppResult<()> {
        let presented = metadata.get(SERVICE_TOKEN_METADATA).map(|v| v.as_bytes()).unwrap_or_default();
        let expected = self.0.expose_secret().as_bytes();
        if !expected.is_empty() && bool::from(presented.ct_eq(expected)) {
            Ok(())
        } else {
            Err(AppError::new(ErrorCode::Unauthenticated, "This call needs a service credential."))
        }
    }

    /// A tonic interceptor that refuses calls without the credential.
    pub fn interceptor(
        &self,
    ) -> impl Fn(tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> + Clone + use<> {
        let credential = self.clone();
        move |request: tonic::Request<()>| {
            credential.check(request.metadata()).map_err(AppError::into_status)?;
            Ok(request)
        }
    }

    fn attach(&self, metadata: &mut MetadataMap) {
        if let Ok(value) = MetadataValue::try_from(self.0.expose_secret()) {
            metadata.insert(SERVICE_TOKEN_METADATA, value);
        }
    }
}

/// Who a call is made for and how to trace it, attached by [`CallContext::request`].
#[derive(Clone, Debug, Default)]
pub struct CallContext {
    pub request_id: String,
    /// The caller's access token, when the call acts for a signed-in person.
    pub access_token: Option<String>,
}

impl CallContext {
    pub fn new(request_id: impl Into<String>) -> Self {
        Self { request_id: request_id.into(), access_token: None }
    }

    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// Wraps `message` with the service credential, the caller's token, the request id
    /// and the current trace context.
    pub fn request<T>(&self, credential: &ServiceCredential, message: T) -> tonic::Request<T> {
        let mut request = tonic::Request::new(message);
        let metadata = request.metadata_mut();
        credential.attach(metadata);
        if let Ok(value) = MetadataValue::try_from(self.request_id.as_str()) {
            metadata.insert(REQUEST_ID_HEADER, value);
        }
        if let Some(token) = &self.access_token
            && let Ok(value) = MetadataValue::try_from(format!("Bearer {token}"))
        {
            metadata.insert("authorization", value);
        }
        let context = tracing::Span::current().context();
        opentelemetry::global::get_text_map_propagator(|propagator| {
            propagator.inject_context(&context, &mut MetadataInjector(metadata))
        });
        request
    }
}

/// The bearer token of a call, if any.
pub fn bearer_token(metadata: &MetadataMap) -> Option<&str> {
    let value = metadata.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim()).filter(|t| !t.is_empty())
}

/// The verified person a call acts for.
pub async fn caller(metadata: &MetadataMap, verifier: &TokenVerifier) -> AppResult<Caller> {
    let token = bearer_token(metadata)
        .ok_or_else(|| AppError::unauthenticated("This call needs an access token."))?;
    verifier.verify(token).await
}

/// The request id of an incoming call (for log fields).
pub fn request_id(metadata: &MetadataMap) -> String {
    request_id_or_new(metadata.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()))
}

/// A lazily connecting channel to another component.
pub fn channel(url: &str, request_timeout: Duration) -> AppResult<Channel> {
    let endpoint = Endpoint::from_shared(url.to_owned())
        .map_err(|e| AppError::internal(format!("invalid service URL {url}: {e}")))?
        .connect_timeout(Duration::from_secs(2))
        .timeout(request_timeout)
        .tcp_nodelay(true)
        .http2_keep_alive_interval(Duration::from_secs(30))
        .keep_alive_while_idle(true);
    Ok(endpoint.connect_lazy())
}

/// Serves `routes` (plus gRPC health, already added by the caller) on `listener` until
/// `shutdown` fires, then lets in-flight calls finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    routes: tonic::service::Routes,
    shutdown: CancellationToken,
) -> Result<(), tonic::transport::Error> {
    // Accepted sockets do not inherit the builder's settings when the listener is
    // ours, so Nagle's algorithm is switched off here: with it on, small responses
    // wait for delayed ACKs and calls stall for tens of milliseconds.
    let incoming = tonic::transport::server::TcpIncoming::from(listener)
        .with_nodelay(Some(true))
        .with_keepalive(Some(Duration::from_secs(60)));
    tonic::transport::Server::builder()
        .layer(ObserveLayer)
        .add_routes(routes)
        .serve_with_incoming_shutdown(incoming, shutdown.cancelled_owned())
        .await
}

/// Serves one component's gRPC `server`, every call of which must carry `credential`,
/// with the standard gRPC health service beside it (open to probes) on `listener`;
/// marks `component` started in `health`, and returns once `shutdown` fired and
/// in-flight calls finished.
pub async fn serve_component<S>(
    component: &str,
    server: S,
    credential: &ServiceCredential,
    listener: tokio::net::TcpListener,
    health: &crate::health::Health,
    shutdown: CancellationToken,
) -> Result<(), tonic::transport::Error>
where
    S: tower::Service<
            Request<tonic::body::Body>,
            Response = Response<tonic::body::Body>,
            Error = std::convert::Infallible,
        > + tonic::server::NamedService
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
{
    let (reporter, health_service) = tonic_health::server::health_reporter();
    reporter.set_serving::<S>().await;
    let server = tonic::service::interceptor::InterceptedService::new(server, credential.interceptor());
    let routes = tonic::service::Routes::new(health_service).add_service(server);
    health.started(component);
    tracing::info!(component, address = ?listener.local_addr().ok(), "gRPC service listening");
    serve(listener, routes, shutdown).await
}

/// Puts every incoming call in a span with its method and request id, continues the
/// caller's trace, and counts calls by method and status code.
#[derive(Clone, Copy, Debug, Default)]
pub struct ObserveLayer;

impl<S> tower::Layer<S> for ObserveLayer {
    type Service = Observe<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Observe { inner }
    }
}

#[derive(Clone, Debug)]
pub struct Observe<S> {
    inner: S,
}

type BoxFuture<T> = Pin<Box<dyn std::future::Future<Output = T> + Send + 'static>>;

impl<S, B, ResBody> tower::Service<Request<B>> for Observe<S>
where
    S: tower::Service<Request<B>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let method = request.uri().path().to_owned();
        let request_id =
            request_id_or_new(request.headers().get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()));
        let parent = opentelemetry::global::get_text_map_propagator(|propagator| {
            propagator.extract(&HeaderExtractor(request.headers()))
        });
        let span = tracing::info_span!("grpc", method = %method, request_id = %request_id);
        let _ = span.set_parent(parent);
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let started = Instant::now();
        Box::pin(
            async move {
                let result = inner.call(request).await;
                let code = match &result {
                    // Errors travel trailers-only, with the status in the headers.
                    Ok(response) => response
                        .headers()
                        .get("grpc-status")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse::<i32>().ok())
                        .map(tonic::Code::from_i32)
                        .unwrap_or(tonic::Code::Ok),
                    Err(_) => tonic::Code::Unknown,
                };
                let code = format!("{code:?}");
                let elapsed = started.elapsed().as_secs_f64();
                metrics::counter!("grpc_server_requests_total", "method" => method.clone(), "code" => code.clone()).increment(1);
                metrics::histogram!("grpc_server_request_duration_seconds", "method" => method).record(elapsed);
                tracing::info!(code = %code, elapsed_ms = elapsed * 1000.0, "grpc call");
                result
            }
            .instrument(span),
        )
    }
}

struct HeaderExtractor<'a>(&'a HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

struct MetadataInjector<'a>(&'a mut MetadataMap);

impl Injector for MetadataInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(key), Ok(value)) = (
            tonic::metadata::MetadataKey::from_bytes(key.as_bytes()),
            MetadataValue::try_from(value.as_str()),
        ) {
            self.0.insert(key, value);
        }
    }
}

/// Describes the families [`Observe`] records.
pub(crate) fn describe_metrics() {
    metrics::describe_counter!(
        "grpc_server_requests_total",
        "gRPC calls this process's servers answered, by method and status code."
    );
    metrics::describe_histogram!(
        "grpc_server_request_duration_seconds",
        metrics::Unit::Seconds,
        "How long this process's gRPC servers took to answer a call, by method."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_credential_is_checked() {
        let credential = ServiceCredential::new(SecretString::from("s".repeat(40)));
        let good = CallContext::new("r1").request(&credential, ());
        assert!(credential.check(good.metadata()).is_ok());

        let other = ServiceCredential::new(SecretString::from("t".repeat(40)));
        let bad = CallContext::new("r1").request(&other, ());
        assert_eq!(credential.check(bad.metadata()).err().map(|e| e.code), Some(ErrorCode::Unauthenticated));
        assert!(credential.check(&MetadataMap::new()).is_err());

        let empty = ServiceCredential::new(SecretString::from(String::new()));
        assert!(empty.check(&MetadataMap::new()).is_err(), "an empty credential accepts nothing");
    }

    #[test]
    fn bearer_tokens_are_read_from_metadata() {
        let credential = ServiceCredential::new(SecretString::from("s".repeat(40)));
        let request = CallContext::new("r1").with_token("abc.def").request(&credential, ());
        assert_eq!(bearer_token(request.metadata()), Some("abc.def"));
        assert_eq!(request_id(request.metadata()), "r1");
        assert_eq!(bearer_token(&MetadataMap::new()), None);
    }
}
