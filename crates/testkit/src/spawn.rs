//! One way to run a service in a test: [`Served::grpc`] binds a free port, marks the
//! component starting, spawns its `serve` on that listener and returns once its
//! health says it is ready (migrations ran, the server answers), with a channel to it.
//! The service stops when the value is dropped, or gracefully with [`Served::stop`].

use std::fmt::Display;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use jc_platform::component::Context;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;

use crate::eventually::{PATIENCE, POLL};

/// How long one call of a test's client may take before it fails.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// A service serving on a local port, stopped when dropped.
pub struct Served<E> {
    pub address: SocketAddr,
    /// A channel to it, connected on first use.
    pub channel: Channel,
    shutdown: CancellationToken,
    task: Option<JoinHandle<Result<(), E>>>,
}

impl<E: Display + Send + 'static> Served<E> {
    /// `component` served by `serve` on a free port of 127.0.0.1, under `ctx` (whose
    /// shutdown stops it and whose health says when it is ready).
    pub async fn grpc<S, F>(component: &str, ctx: &Context, serve: S) -> Self
    where
        S: FnOnce(TcpListener) -> F,
        F: Future<Output = Result<(), E>> + Send + 'static,
    {
        Self::grpc_on(SocketAddr::from(([127, 0, 0, 1], 0)), component, ctx, serve).await
    }

    /// The same on `address`: a port of its own, or one a stopped instance used.
    ///
    /// Panics naming the component when it fails to start, or when it is not ready
    /// within [`PATIENCE`].
    pub async fn grpc_on<S, F>(address: SocketAddr, component: &str, ctx: &Context, serve: S) -> Self
    where
        S: FnOnce(TcpListener) -> F,
        F: Future<Output = Result<(), E>> + Send + 'static,
    {
        jc_platform::telemetry::init_for_tests();
        let listener = TcpListener::bind(address).await.unwrap_or_else(|e| panic!("bind {address}: {e}"));
        let address = listener.local_addr().expect("the listener's address");
        // Marked before spawning, so readiness cannot be observed before the server starts.
        ctx.health.starting(component);
        let mut task = tokio::spawn(serve(listener));
        let deadline = Instant::now() + PATIENCE;
        loop {
            if task.is_finished() {
                let outcome = (&mut task).await.expect("the service task");
                match outcome {
                    Ok(()) => panic!("the {component} service stopped before it was ready"),
                    Err(error) => panic!("the {component} service failed to start: {error}"),
                }
            }
            let readiness = ctx.health.readiness().await;
            if readiness.ready {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {PATIENCE:?} waiting for the {component} service to become ready: {readiness:?}"
            );
            tokio::time::sleep(POLL).await;
        }
        let channel =
            jc_platform::grpc::channel(&format!("http://{address}"), CALL_TIMEOUT).expect("a channel");
        Self { address, channel, shutdown: ctx.shutdown.clone(), task: Some(task) }
    }

    /// Where others dial it.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops it the way a signal does and waits until it has stopped (in-flight work
    /// finished); its outcome.
    pub async fn stop(mut self) -> Result<(), E> {
        self.shutdown.cancel();
        let task = self.task.take().expect("a running service");
        task.await.expect("the service task")
    }
}

impl<E> Drop for Served<E> {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
