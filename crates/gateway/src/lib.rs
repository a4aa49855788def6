//! The Journal Craft gateway: the only public HTTP surface. REST routes (see
//! `docs/api.md`) and the job WebSocket, the JWT check at the edge, translation to gRPC
//! calls on the auth, user, journal and export services, and of their errors back to the REST
//! error body.
//!
//! Start with [`serve`], then `routes/` (one file per resource), `bearer.rs` (the bearer
//! extractor) and `error.rs` (the error body).

mod address;
mod bearer;
mod bounds;
mod clients;
mod customization;
mod edge;
mod error;
mod exports;
mod json;
mod limits;
mod middleware;
mod openapi;
mod paging;
mod projects;
pub mod routes;
mod settings;
mod wire;

use jc_platform::deny::DenyList;
use std::time::Duration;

use actix_http::HttpService;
use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
use actix_web::dev::{AppConfig, Server};
use actix_web::rt::net::TcpStream;
use actix_web::{App, web};
use jc_platform::component::{Component, Context, Listen, Listener, ServeError, Shared};

pub use openapi::openapi;
pub use settings::{Settings, Store};

use crate::address::TrustedProxies;
use crate::bearer::Gate;
use crate::bounds::BodyBounds;
use crate::clients::{Clients, setup_error};
use crate::json::{BodyReadTimeout, JsonLimit};
use crate::limits::EdgeLimits;
use crate::middleware::method_not_allowed::AllowedMethods;
use crate::middleware::security_headers::HeaderPolicy;
use crate::routes::docs::OpenApiJson;
use crate::routes::job_socket::SocketSettings;

/// The component's name: its `--target` word and its settings section.
pub const COMPONENT: &str = "gateway";

/// The gateway as a component of the platform: the public HTTP surface.
pub struct GatewayComponent;

impl Component for GatewayComponent {
    const NAME: &'static str = COMPONENT;
    type Settings = Settings;

    fn listen(settings: &Settings) -> Listen {
        Listen::Http(settings.listen)
    }

    /// Every component checks access tokens with the gateway's leeway and JWKS refresh
    /// interval.
    fn share(settings: &Settings, shared: &mut Shared) {
        shared.tokens.leeway =
            Duration::from_secs(settings.jwt_leeway_seconds.min(Settings::MAX_LEEWAY_SECONDS));
        shared.tokens.refresh_interval = Duration::from_secs(settings.jwks_refresh_interval_seconds.max(1));
    }

    async fn serve(settings: Settings, ctx: Context, listener: Listener) -> Result<(), ServeError> {
        Ok(serve(settings, ctx, listener.http(COMPONENT)?).await?)
    }
}

/// Serves the REST API on `listener` until `ctx.shutdown` fires, then drains in-flight
/// requests for at most `ctx.drain_timeout` and returns.
pub async fn serve(settings: Settings, ctx: Context, listener: std::net::TcpListener) -> std::io::Result<()> {
    // The recorder must exist before the first request records into it.
    jc_platform::telemetry::metrics_handle();
    middleware::metrics::describe_metrics();
    limits::describe_metrics();
    let verifier = ctx.token_verifier().map_err(setup_error)?;
    let deny = DenyList::replicated(ctx.cache.clone(), ctx.shutdown.clone());
    let gate = web::Data::new(Gate { verifier, deny });
    let clients = web::Data::new(Clients::new(&ctx).map_err(setup_error)?);
    let health = web::Data::new(ctx.health.clone());
    let json_limit = web::Data::new(JsonLimit(settings.json_limit_bytes));
    let body_timeout = web::Data::new(BodyReadTimeout(Duration::from_millis(settings.body_read_timeout_ms)));
    let header_policy = web::Data::new(HeaderPolicy::of(&settings));
    let trust = web::Data::new(TrustedProxies(settings.trusted_networks()));
    let limits = web::Data::new(EdgeLimits {
        limiter: jc_platform::ratelimit::RateLimiter::new(&ctx.cache),
        settings: settings.rate_limits.clone(),
    });
    let document = openapi();
    let allowed = web::Data::new(AllowedMethods::of(&document));
    let bounds = web::Data::new(BodyBounds::of(&document));
    let document = serde_json::to_string(&document).map_err(std::io::Error::other)?;
    let document = web::Data::new(OpenApiJson(document));
    let origins = settings.cors_allowed_origins.clone();
    let socket = web::Data::new(SocketSettings {
        ping_interval: Duration::from_millis(
            settings.websocket_ping_interval_ms.max(Settings::MIN_PING_INTERVAL_MS),
        ),
        shutdown: ctx.shutdown.clone(),
    });

    let guard = edge::Guard::of(&settings);
    let local = listener.local_addr()?;
    let request_timeout = guard.dispatcher_request_timeout();
    // actix-web's `HttpServer` accepts only plain sockets; the guard of `edge.rs` needs
    // to wrap each one, so the server is assembled here from the same parts.
    let server = Server::build()
        .workers(settings.worker_count())
        .disable_signals()
        .shutdown_timeout(ctx.drain_timeout.as_secs().max(1))
        .listen(COMPONENT, listener, move || {
            let app = App::new()
                .app_data(gate.clone())
                .app_data(clients.clone())
                .app_data(health.clone())
                .app_data(json_limit.clone())
                .app_data(body_timeout.clone())
                .app_data(header_policy.clone())
                .app_data(trust.clone())
                .app_data(limits.clone())
                .app_data(document.clone())
                .app_data(socket.clone())
                .app_data(allowed.clone())
                .app_data(bounds.clone());
            let (app, _) = routes::register(app);
            let app = app
                .default_service(web::to(routes::not_found))
                // Outermost last: request id and error bodies wrap everything else.
                .wrap(actix_web::middleware::from_fn(middleware::method_not_allowed::method_not_allowed))
                .wrap(actix_web::middleware::from_fn(limits::rate_limit))
                .wrap(middleware::cors(&origins))
                .wrap(actix_web::middleware::from_fn(middleware::security_headers::security_headers))
                .wrap(actix_web::middleware::from_fn(middleware::metrics::observe))
                .wrap(actix_web::middleware::from_fn(middleware::request_id::request_id));
            let app = app
                .into_factory()
                .map_err(|error: actix_web::Error| error.as_response_error().error_response());
            let guard = guard.clone();
            fn_service(move |io: TcpStream| {
                let peer = io.peer_addr().ok();
                let guarded = edge::GuardedStream::new(io, guard.clone());
                async move { Ok::<_, actix_http::error::DispatchError>((guarded, peer)) }
            })
            .and_then(
                HttpService::build()
                    .keep_alive(Duration::from_secs(5))
                    .client_request_timeout(request_timeout)
                    .client_disconnect_timeout(Duration::from_secs(3))
                    .local_addr(local)
                    .h1(map_config(app, move |_| AppConfig::default())),
            )
        })?
        .run();

    let handle = server.handle();
    let shutdown = ctx.shutdown.clone();
    let process = ctx.health.clone();
    tokio::spawn(async move {
        shutdown.cancelled().await;
        process.drain();
        tracing::info!("gateway draining in-flight requests");
        handle.stop(true).await;
    });
    tracing::info!(workers = settings.worker_count(), "gateway serving");
    server.await
}
