//! Starts a set of components in this process and waits for them.
//!
//! Listeners are bound before anything starts, so components that share the process
//! reach each other at their real addresses (even port 0), still over gRPC. The
//! process stays unready until every component has started.
//!
//! Shutdown goes in order: the process turns unready, the public HTTP surface stops
//! accepting and lets its in-flight requests finish, and only then do the services
//! behind it stop, so a request that was in flight when SIGTERM came still reaches
//! them.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::settings::Targets;
use super::{Context, Listen, Listener, PlatformSettings, ServeError};
use crate::cache::Cache;
use crate::config::Environment;
use crate::error::AppError;
use crate::grpc::ServiceCredential;
use crate::health::Health;

/// Why components could not start, or how one stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot listen on {key} = {address}: {source}")]
    Listen {
        key: String,
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start: {0}")]
    Setup(#[from] AppError),
    #[error("{component} failed: {source}")]
    Failed {
        component: String,
        #[source]
        source: ServeError,
    },
    #[error("{0} stopped unexpectedly")]
    Stopped(String),
    #[error("a component panicked: {0}")]
    Panicked(String),
}

type Joined = Result<(String, Result<(), ServeError>), tokio::task::JoinError>;

/// Components started by [`start`].
pub struct Running {
    /// Where the components that serve HTTP (the gateway) listen.
    pub http: Vec<(&'static str, SocketAddr)>,
    /// Where each gRPC component listens.
    pub grpc: Vec<(&'static str, SocketAddr)>,
    /// Where the operations listener (`/livez`, `/readyz` with every check, `/metrics`)
    /// listens.
    pub ops: SocketAddr,
    pub health: Health,
    pub shutdown: CancellationToken,
    /// Stops the services; fired once the HTTP components have drained.
    services_shutdown: CancellationToken,
    edge: JoinSet<(String, Result<(), ServeError>)>,
    tasks: JoinSet<(String, Result<(), ServeError>)>,
    drain: Duration,
}

impl Running {
    /// Where the component `name` listens, HTTP or gRPC.
    pub fn address(&self, name: &str) -> Option<SocketAddr> {
        self.http.iter().chain(&self.grpc).find(|(n, _)| *n == name).map(|(_, address)| *address)
    }

    /// Waits until `shutdown` fires or a component stops on its own (an error), then
    /// gives every component the drain timeout to finish.
    pub async fn wait(mut self) -> Result<(), RunError> {
        let mut failure = None;
        let (edge, tasks, shutdown) = (&mut self.edge, &mut self.tasks, &self.shutdown);
        let edge_finished =
            async { if edge.is_empty() { std::future::pending().await } else { edge.join_next().await } };
        tokio::select! {
            _ = shutdown.cancelled() => {}
            Some(joined) = edge_finished => {
                failure = Some(describe(joined));
                shutdown.cancel();
            }
            Some(joined) = tasks.join_next() => {
                failure = Some(describe(joined));
                shutdown.cancel();
            }
        }
        self.health.drain();
        let grace = self.drain + Duration::from_secs(2);
        let edge = drain(&mut self.edge, grace, "the public listener did not drain within the timeout").await;
        keep_first(&mut failure, edge);
        self.services_shutdown.cancel();
        let services =
            drain(&mut self.tasks, grace, "components did not stop within the drain timeout").await;
        keep_first(&mut failure, services);
        match failure {
            Some(Err(error)) => Err(error),
            Some(Ok(component)) => Err(RunError::Stopped(component)),
            None => Ok(()),
        }
    }
}

/// Keeps the first failure.
fn keep_first(failure: &mut Option<Result<String, RunError>>, next: Option<RunError>) {
    if let Some(error) = next
        && failure.is_none()
    {
        *failure = Some(Err(error));
    }
}

/// Waits for every task of `set` for at most `grace`; the first failure.
async fn drain(
    set: &mut JoinSet<(String, Result<(), ServeError>)>,
    grace: Duration,
    late: &str,
) -> Option<RunError> {
    let mut failure = None;
    let deadline = tokio::time::sleep(grace);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            joined = set.join_next() => match joined {
                Some(joined) => {
                    if let Err(error) = describe(joined) {
                        failure.get_or_insert(error);
                    }
                }
                None => return failure,
            },
            _ = &mut deadline => {
                tracing::warn!("{late}");
                set.abort_all();
                return failure;
            }
        }
    }
}

fn describe(joined: Joined) -> Result<String, RunError> {
    match joined {
        Ok((name, Ok(()))) => Ok(name),
        Ok((component, Err(source))) => Err(RunError::Failed { component, source }),
        Err(error) => Err(RunError::Panicked(error.to_string())),
    }
}

/// Starts the components `targets` names, with `settings`. Fire `shutdown` to stop
/// them.
pub async fn start(
    settings: PlatformSettings,
    env: Environment,
    targets: &Targets,
    shutdown: CancellationToken,
) -> Result<Running, RunError> {
    let (mut shared, parts, components) = settings.into_targets(targets);
    let health = Health::new();
    let cache = Cache::from_settings(&shared.redis)?;
    if cache.is_redis() {
        health.add_check(crate::cache::readiness_check(cache.clone()));
    }

    // Bind every listener first, and point in-process peers at the bound addresses.
    let mut bound = Vec::with_capacity(components.len());
    let (mut http, mut grpc) = (Vec::new(), Vec::new());
    for component in components {
        let name = component.name();
        let listener =
            match component.listen() {
                Listen::Grpc(address) => {
                    let listener = tokio::net::TcpListener::bind(address).await.map_err(|source| {
                        RunError::Listen { key: format!("{name}.grpc_listen"), address, source }
                    })?;
                    let local = listener.local_addr().map_err(AppError::internal)?;
                    shared.services.set(name, format!("http://{}", loopback(local)));
                    grpc.push((name, local));
                    Listener::Grpc(listener)
                }
                Listen::Http(address) => {
                    let listener = std::net::TcpListener::bind(address).map_err(|source| {
                        RunError::Listen { key: format!("{name}.listen"), address, source }
                    })?;
                    http.push((name, listener.local_addr().map_err(AppError::internal)?));
                    Listener::Http(listener)
                }
            };
        bound.push((component, listener));
    }
    // Every process serves its probes and metrics on the operations listener, which
    // only the cluster reaches; the public listener never serves metrics.
    let ops_address = shared.ops.listen;
    let ops_listener = std::net::TcpListener::bind(ops_address).map_err(|source| RunError::Listen {
        key: "ops.listen".into(),
        address: ops_address,
        source,
    })?;
    let ops = ops_listener.local_addr().map_err(AppError::internal)?;

    // Services (and the ops listener) stop after the public listener has drained; with
    // none in the process they stop as soon as the signal comes.
    let services_shutdown = if http.is_empty() { shutdown.child_token() } else { CancellationToken::new() };
    let drain = Duration::from_secs(shared.shutdown.drain_timeout_seconds);
    let ctx = Context {
        environment: env,
        health: health.clone(),
        cache,
        credential: ServiceCredential::new(shared.internal.service_token.clone()),
        services: shared.services.clone(),
        tokens: parts.tokens,
        queue: shared.queue.clone(),
        drain_timeout: drain,
        shutdown: services_shutdown.clone(),
    };
    // Marked before spawning, so the process never looks ready before a component
    // with a database has started. A public listener needs no marker: it is bound and
    // serves at once.
    for (component, _) in &bound {
        if component.database().is_some() {
            health.starting(component.name());
        }
    }

    let (mut edge, mut tasks) = (JoinSet::new(), JoinSet::new());
    for (component, listener) in bound {
        let name = component.name().to_owned();
        match listener {
            Listener::Http(_) => {
                let ctx = Context { shutdown: shutdown.clone(), ..ctx.clone() };
                edge.spawn(async move { (name, component.serve(ctx, listener).await) });
            }
            Listener::Grpc(_) => {
                let ctx = ctx.clone();
                tasks.spawn(async move { (name, component.serve(ctx, listener).await) });
            }
        }
    }
    // It stops with the services, after the public listener has drained, so probes
    // see the process draining.
    let (ops_health, ops_stop) = (health.clone(), services_shutdown.clone());
    tasks.spawn(async move {
        let result = crate::health::serve_ops(ops_listener, ops_health, ops_stop).await;
        ("ops".to_owned(), result.map_err(Into::into))
    });
    tracing::info!(%targets, http = ?http, ops = %ops, "components starting");
    Ok(Running { http, grpc, ops, health, shutdown, services_shutdown, edge, tasks, drain })
}

/// An address other components of this process can dial: a wildcard becomes loopback.
fn loopback(address: SocketAddr) -> SocketAddr {
    if address.ip().is_unspecified() {
        SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), address.port())
    } else {
        address
    }
}
