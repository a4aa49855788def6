//! Starts a set of components in this process and waits for them.
//!
//! Listeners are bound before anything starts, so components that share the process
//! reach each other at their real addresses (even port 0), still over gRPC. The
//! process stays unready until every component has started.
//!
//! Shutdown goes in order: the process turns unready, the gateway stops accepting and
//! lets its in-flight requests finish, and only then do the services behind it stop,
//! so a request that was in flight when SIGTERM came still reaches them.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use jc_platform::cache::Cache;
use jc_platform::component::Context;
use jc_platform::config::Environment;
use jc_platform::grpc::ServiceCredential;
use jc_platform::health::Health;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::settings::AppSettings;
use crate::targets::{Target, Targets};

/// Components started by [`start`].
pub struct Running {
    /// Where the gateway listens, when it runs here.
    pub gateway: Option<SocketAddr>,
    /// Where the ops endpoints listen, when no gateway runs here.
    pub ops: Option<SocketAddr>,
    pub grpc: Vec<(Target, SocketAddr)>,
    pub health: Health,
    pub shutdown: CancellationToken,
    /// Stops the services; fired once the gateway has drained.
    services_shutdown: CancellationToken,
    gateway_task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    tasks: JoinSet<(String, anyhow::Result<()>)>,
    drain: Duration,
}

impl Running {
    /// Waits until `shutdown` fires or a component stops on its own (an error), then
    /// gives every component the drain timeout to finish.
    pub async fn wait(mut self) -> anyhow::Result<()> {
        let mut failure = None;
        let gateway_finished = async {
            match self.gateway_task.as_mut() {
                Some(task) => task.await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = self.shutdown.cancelled() => {}
            joined = gateway_finished => {
                self.gateway_task = None;
                failure = Some(describe(joined.map(|result| ("gateway".to_owned(), result))));
                self.shutdown.cancel();
            }
            Some(joined) = self.tasks.join_next() => {
                failure = Some(describe(joined));
                self.shutdown.cancel();
            }
        }
        self.health.drain();
        let grace = self.drain + Duration::from_secs(2);
        if let Some(task) = self.gateway_task.take() {
            match tokio::time::timeout(grace, task).await {
                Ok(joined) => {
                    if let Err(error) = describe(joined.map(|result| ("gateway".to_owned(), result)))
                        && failure.is_none()
                    {
                        failure = Some(Err(error));
                    }
                }
                Err(_) => tracing::warn!("the gateway did not drain within the timeout"),
            }
        }
        self.services_shutdown.cancel();
        let deadline = tokio::time::sleep(grace);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                joined = self.tasks.join_next() => match joined {
                    Some(joined) => {
                        if let Err(error) = describe(joined) && failure.is_none() {
                            failure = Some(Err(error));
                        }
                    }
                    None => break,
                },
                _ = &mut deadline => {
                    tracing::warn!("components did not stop within the drain timeout");
                    self.tasks.abort_all();
                    break;
                }
            }
        }
        match failure {
            Some(Err(error)) => Err(error),
            Some(Ok(component)) => Err(anyhow::anyhow!("{component} stopped unexpectedly")),
            None => Ok(()),
        }
    }
}

fn describe(joined: Result<(String, anyhow::Result<()>), tokio::task::JoinError>) -> anyhow::Result<String> {
    match joined {
        Ok((name, Ok(()))) => Ok(name),
        Ok((name, Err(error))) => Err(error.context(format!("{name} failed"))),
        Err(error) => Err(anyhow::anyhow!("a component panicked: {error}")),
    }
}

/// Starts `targets` with `settings`. Fires `shutdown` to stop them.
pub async fn start(
    mut settings: AppSettings,
    env: Environment,
    targets: &Targets,
    shutdown: CancellationToken,
) -> anyhow::Result<Running> {
    let health = Health::new();
    let cache = Cache::from_settings(&settings.redis).context("cache")?;
    if cache.is_redis() {
        health.add_check(jc_platform::cache::readiness_check(cache.clone()));
    }

    // Bind every listener first, and point in-process peers at the bound addresses.
    let mut grpc = Vec::new();
    let auth_listener = bind_grpc(targets, Target::Auth, settings.auth.grpc_listen, &mut grpc).await?;
    let user_listener = bind_grpc(targets, Target::User, settings.user.grpc_listen, &mut grpc).await?;
    let journal_listener =
        bind_grpc(targets, Target::Journal, settings.journal.grpc_listen, &mut grpc).await?;
    let export_listener = bind_grpc(targets, Target::Export, settings.export.grpc_listen, &mut grpc).await?;
    for (target, address) in &grpc {
        let url = format!("http://{}", loopback(*address));
        match target {
            Target::Auth => settings.services.auth_url = url,
            Target::User => settings.services.user_url = url,
            Target::Journal => settings.services.journal_url = url,
            Target::Export => settings.services.export_url = url,
            Target::Gateway => {}
        }
    }
    let gateway_listener = if targets.contains(Target::Gateway) {
        Some(
            std::net::TcpListener::bind(settings.gateway.listen)
                .with_context(|| format!("cannot listen on gateway.listen = {}", settings.gateway.listen))?,
        )
    } else {
        None
    };
    let ops_listener = match gateway_listener {
        Some(_) => None,
        None => Some(
            std::net::TcpListener::bind(settings.ops.listen)
                .with_context(|| format!("cannot listen on ops.listen = {}", settings.ops.listen))?,
        ),
    };

    // Services (and the ops listener) stop after the gateway has drained; with no
    // gateway in the process they stop as soon as the signal comes.
    let services_shutdown =
        if gateway_listener.is_some() { CancellationToken::new() } else { shutdown.child_token() };
    let ctx = Context {
        environment: env,
        health: health.clone(),
        cache,
        credential: ServiceCredential::new(settings.internal.service_token.clone()),
        services: settings.services.clone(),
        shutdown: services_shutdown.clone(),
    };
    // Marked before spawning, so the process never looks ready before a component runs.
    // The gateway needs no marker: its listener is bound and it serves at once.
    for target in targets.iter().filter(|t| t.has_database()) {
        health.starting(target.as_str());
    }

    let drain = Duration::from_secs(settings.shutdown.drain_timeout_seconds);
    let mut tasks = JoinSet::new();
    let verifier = jc_platform::identity::VerifierSettings {
        issuer: settings.auth.issuer.clone(),
        audience: settings.auth.audience.clone(),
        leeway: Duration::from_secs(settings.gateway.jwt_leeway_seconds),
        refresh_interval: Duration::from_secs(settings.gateway.jwks_refresh_interval_seconds),
    };
    if let Some(listener) = auth_listener {
        let (auth, ctx) = (settings.auth.clone(), ctx.clone());
        tasks.spawn(async move {
            ("auth".to_owned(), jc_auth::serve(auth, ctx, listener).await.map_err(Into::into))
        });
    }
    if let Some(listener) = user_listener {
        let (user, ctx, verifier) = (settings.user.clone(), ctx.clone(), verifier.clone());
        tasks.spawn(async move {
            ("user".to_owned(), jc_user::serve(user, verifier, ctx, listener).await.map_err(Into::into))
        });
    }
    if let Some(listener) = journal_listener {
        let (journal, queue) = (settings.journal.clone(), settings.queue.clone());
        let (ctx, verifier) = (ctx.clone(), verifier.clone());
        tasks.spawn(async move {
            let served = jc_journal::serve(journal, queue, verifier, ctx, listener).await;
            ("journal".to_owned(), served.map_err(Into::into))
        });
    }
    if let Some(listener) = export_listener {
        let (export, queue) = (settings.export.clone(), settings.queue.clone());
        let (ctx, verifier) = (ctx.clone(), verifier.clone());
        tasks.spawn(async move {
            let served = jc_export::serve(export, queue, verifier, ctx, listener).await;
            ("export".to_owned(), served.map_err(Into::into))
        });
    }
    let mut gateway = None;
    let mut gateway_task = None;
    if let Some(listener) = gateway_listener {
        gateway = Some(listener.local_addr()?);
        let ctx = Context { shutdown: shutdown.clone(), ..ctx.clone() };
        let gateway_settings = settings.gateway.clone();
        let (issuer, audience) = (settings.auth.issuer.clone(), settings.auth.audience.clone());
        gateway_task = Some(tokio::spawn(async move {
            jc_gateway::serve(gateway_settings, issuer, audience, ctx, drain, listener)
                .await
                .map_err(Into::into)
        }));
    }
    let mut ops = None;
    if let Some(listener) = ops_listener {
        ops = Some(listener.local_addr()?);
        let (health, stop) = (health.clone(), services_shutdown.clone());
        tasks.spawn(async move {
            let result = jc_platform::health::serve_ops(listener, health, stop).await;
            ("ops".to_owned(), result.map_err(Into::into))
        });
    }
    tracing::info!(%targets, gateway = ?gateway, ops = ?ops, "components starting");
    Ok(Running { gateway, ops, grpc, health, shutdown, services_shutdown, gateway_task, tasks, drain })
}

async fn bind_grpc(
    targets: &Targets,
    target: Target,
    address: SocketAddr,
    bound: &mut Vec<(Target, SocketAddr)>,
) -> anyhow::Result<Option<tokio::net::TcpListener>> {
    if !targets.contains(target) {
        return Ok(None);
    }
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {target}.grpc_listen = {address}"))?;
    bound.push((target, listener.local_addr()?));
    Ok(Some(listener))
}

/// An address other components of this process can dial: a wildcard becomes loopback.
fn loopback(address: SocketAddr) -> SocketAddr {
    if address.ip().is_unspecified() {
        SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), address.port())
    } else {
        address
    }
}
