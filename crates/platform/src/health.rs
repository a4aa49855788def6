//! Liveness, readiness and metrics endpoints. Every process runs [`serve_ops`] on its
//! operations listener (`ops.listen`), which only probes and Prometheus inside the
//! cluster reach; the gateway also mounts [`configure_probes`] on its public port for
//! probes that can only reach that one.
//!
//! `/livez` answers while the process runs. `/readyz` answers 200 only when every
//! component has finished starting, every registered check passes and the process is
//! not draining for shutdown; on the operations listener it names each check and its
//! error, on the public port it says only ready or not. `/metrics` (operations
//! listener only) runs every registered [`Collect`], then renders the process's
//! metrics in the Prometheus text format ([`crate::telemetry::render`]).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

/// Figures read from outside the process when `/metrics` is asked (queue depths,
/// outbox lag): each sets its gauges. One that fails or times out leaves its gauges
/// at their last value and says why in the log.
#[async_trait::async_trait]
pub trait Collect: Send + Sync {
    async fn collect(&self);
}

/// A dependency whose failure makes the process unready.
#[async_trait::async_trait]
pub trait Check: Send + Sync {
    fn name(&self) -> String;
    async fn check(&self) -> Result<(), String>;
}

#[derive(Clone, Default)]
pub struct Health {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    checks: Mutex<Vec<Arc<dyn Check>>>,
    collectors: Mutex<Vec<Arc<dyn Collect>>>,
    starting: Mutex<BTreeSet<String>>,
    draining: AtomicBool,
}

#[derive(Debug, Serialize)]
pub struct Readiness {
    pub ready: bool,
    pub draining: bool,
    pub starting: Vec<String>,
    pub checks: Vec<CheckResult>,
}

#[derive(Debug, Serialize)]
pub struct CheckResult {
    pub name: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

impl Health {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_check(&self, check: Arc<dyn Check>) {
        lock(&self.inner.checks).push(check);
    }

    /// Registers figures `/metrics` reads before it renders.
    pub fn add_collector(&self, collector: Arc<dyn Collect>) {
        lock(&self.inner.collectors).push(collector);
    }

    /// Runs every collector at once, each for at most the time a readiness check has.
    pub async fn collect(&self) {
        let collectors: Vec<_> = lock(&self.inner.collectors).clone();
        futures::future::join_all(collectors.iter().map(|collector| async move {
            if tokio::time::timeout(CHECK_TIMEOUT, collector.collect()).await.is_err() {
                tracing::warn!("a metrics collector timed out");
            }
        }))
        .await;
    }

    /// Marks a component as starting; the process is unready until [`Health::started`].
    pub fn starting(&self, component: &str) {
        lock(&self.inner.starting).insert(component.to_owned());
    }

    pub fn started(&self, component: &str) {
        lock(&self.inner.starting).remove(component);
    }

    /// Turns the process unready for good: it is shutting down.
    pub fn drain(&self) {
        self.inner.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.inner.draining.load(Ordering::SeqCst)
    }

    pub async fn readiness(&self) -> Readiness {
        let checks: Vec<_> = lock(&self.inner.checks).clone();
        let starting: Vec<String> = lock(&self.inner.starting).iter().cloned().collect();
        let results = futures::future::join_all(checks.iter().map(|check| async move {
            let outcome = match tokio::time::timeout(CHECK_TIMEOUT, check.check()).await {
                Ok(outcome) => outcome,
                Err(_) => Err("timed out".to_owned()),
            };
            CheckResult { name: check.name(), ok: outcome.is_ok(), error: outcome.err() }
        }))
        .await;
        let draining = self.is_draining();
        let ready = !draining && starting.is_empty() && results.iter().all(|r| r.ok);
        Readiness { ready, draining, starting, checks: results }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Each critical section is one push, insert or clone: a panic cannot leave the
    // data half-changed, so a poisoned lock is safe to use.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Adds `/livez`, `/readyz` with every check's result and `/metrics` to an actix app:
/// the operations listener's routes. Needs `web::Data<Health>`.
pub fn configure_ops(cfg: &mut web::ServiceConfig) {
    cfg.route("/livez", web::get().to(livez))
        .route("/readyz", web::get().to(readyz))
        .route("/metrics", web::get().to(metrics_text));
}

/// Adds `/livez` and a `/readyz` that says only `ready` or `not_ready` (no dependency
/// names, errors or addresses) to an actix app: the probes a public listener may
/// answer. Needs `web::Data<Health>`.
pub fn configure_probes(cfg: &mut web::ServiceConfig) {
    cfg.route("/livez", web::get().to(livez)).route("/readyz", web::get().to(public_readyz));
}

async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "alive"}))
}

async fn readyz(health: web::Data<Health>) -> HttpResponse {
    let readiness = health.readiness().await;
    if readiness.ready {
        HttpResponse::Ok().json(serde_json::json!({"status": "ready", "checks": readiness.checks}))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({
            "status": "not_ready",
            "draining": readiness.draining,
            "starting": readiness.starting,
            "checks": readiness.checks,
        }))
    }
}

async fn public_readyz(health: web::Data<Health>) -> HttpResponse {
    if health.readiness().await.ready {
        HttpResponse::Ok().json(serde_json::json!({"status": "ready"}))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "not_ready"}))
    }
}

async fn metrics_text(health: web::Data<Health>) -> HttpResponse {
    health.collect().await;
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(crate::telemetry::render())
}

/// Serves the ops endpoints on `listener` until `shutdown` fires.
pub async fn serve_ops(
    listener: std::net::TcpListener,
    health: Health,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let data = web::Data::new(health);
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new().app_data(data.clone()).configure(configure_ops)
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run();
    let handle = server.handle();
    tokio::spawn(async move {
        shutdown.cancelled().await;
        handle.stop(true).await;
    });
    server.await
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(bool);

    #[async_trait::async_trait]
    impl Check for Fixed {
        fn name(&self) -> String {
            "fixed".into()
        }
        async fn check(&self) -> Result<(), String> {
            if self.0 { Ok(()) } else { Err("down".into()) }
        }
    }

    #[tokio::test]
    async fn readiness_follows_starting_checks_and_draining() {
        let health = Health::new();
        health.starting("auth");
        assert!(!health.readiness().await.ready);
        health.started("auth");
        assert!(health.readiness().await.ready);
        health.add_check(Arc::new(Fixed(false)));
        let readiness = health.readiness().await;
        assert!(!readiness.ready);
        assert_eq!(readiness.checks[0].error.as_deref(), Some("down"));

        let health = Health::new();
        health.add_check(Arc::new(Fixed(true)));
        assert!(health.readiness().await.ready);
        health.drain();
        assert!(!health.readiness().await.ready);
    }
}
