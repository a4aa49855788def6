//! The export service: renders journals into files (PDF, DOCX, EPUB, a KDP package)
//! as jobs, keeps the files for a retention period and hands them to their owner
//! over gRPC. Journals come from the journal service; rendering is `jc_render`.

pub mod document;
pub mod format;
pub mod jobs;
pub mod journals;
pub mod options;
pub mod service;
pub mod settings;
pub mod storage;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use jc_platform::component::Context;
use jc_platform::db::{Database, DbSetupError, Migrations};
use jc_platform::identity::{TokenVerifier, VerifierSettings};
use jc_platform::outbox::Relay;
use jc_platform::queue::{self, ConsumerOptions, Queue, QueueSettings};
use jc_proto::export::export_server::ExportServer;

use crate::jobs::worker::RenderHandler;
use crate::jobs::{Crew, RENDER_QUEUE};

pub use jobs::cleanup::Cleaned;
pub use settings::Settings;
pub use storage::{ArtifactStore, FsStore};

static POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/export/postgres");
static SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/export/sqlite");

/// The export service's migrations, for both backends.
pub const MIGRATIONS: Migrations = Migrations { postgres: &POSTGRES_MIGRATIONS, sqlite: &SQLITE_MIGRATIONS };

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("export service: {0}")]
    Setup(#[from] jc_platform::AppError),
    #[error("export.storage_dir: {0}")]
    Storage(#[from] std::io::Error),
    #[error("export gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The service's database (not yet connected).
pub fn database(settings: &Settings) -> Result<Database, DbSetupError> {
    Database::new("export", &settings.database, MIGRATIONS)
}

/// Runs the export gRPC server on `listener`, its render workers on the queue `queue`
/// describes and its cleanup task, until `ctx.shutdown` fires. Access tokens are
/// verified with the auth service's keys, as described by `verifier`; journals are
/// read from the journal service at `ctx.services.journal_url`; files are kept in
/// `settings.storage_dir`.
pub async fn serve(
    settings: Settings,
    queue: QueueSettings,
    verifier: VerifierSettings,
    ctx: Context,
    listener: tokio::net::TcpListener,
) -> Result<(), ServeError> {
    let verifier = ctx.token_verifier(verifier)?;
    let store = Arc::new(FsStore::create(&settings.storage_dir)?);
    serve_with(settings, queue, verifier, ctx, listener, store).await
}

/// [`serve`] with a verifier and an artifact store of the caller's choosing.
///
/// On shutdown it stops serving and taking jobs, lets the renders in flight finish
/// (their messages are acknowledged after their files are stored), and returns.
pub async fn serve_with(
    settings: Settings,
    queue_settings: QueueSettings,
    verifier: Arc<TokenVerifier>,
    ctx: Context,
    listener: tokio::net::TcpListener,
    store: Arc<dyn ArtifactStore>,
) -> Result<(), ServeError> {
    ctx.health.starting("export");
    let db = database(&settings)?;
    ctx.health.add_check(jc_platform::db::readiness_check(db.clone()));
    let queue = Queue::from_settings(&queue_settings)?;
    ctx.health.add_check(queue::readiness_check("export", queue.clone()));
    db.wait_until_ready(&ctx.shutdown).await?;

    let crew = Crew {
        relay: Relay::new(db.clone(), queue.clone()),
        db,
        journals: journals::Journals::new(&ctx)?,
        store,
        max_attempts: queue_settings.max_attempts.max(1),
        retention: settings.retention(),
        max_file_bytes: settings.max_file_bytes,
    };
    if !queue.is_rabbitmq() {
        // The in-process queue died with the last process, and the open jobs'
        // messages with it (RabbitMQ hands unacknowledged ones back by itself).
        let again = jobs::dispatch_open_jobs(&crew.db).await?;
        if again > 0 {
            tracing::info!(jobs = again, "open export jobs dispatched again after a start");
        }
    }
    // Everything below stops with the service, also when serving fails.
    let stop = ctx.shutdown.child_token();
    let relay = tokio::spawn({
        let (relay, stop) = (crew.relay.clone(), stop.clone());
        async move { relay.run(stop).await }
    });
    let cleanup = tokio::spawn(jobs::cleanup::run(
        crew.clone(),
        Duration::from_secs(settings.cleanup_interval_seconds.max(1)),
        stop.clone(),
    ));
    let workers = ConsumerOptions { concurrency: settings.workers.max(1) };
    let render =
        queue.consume(RENDER_QUEUE, Arc::new(RenderHandler::new(crew.clone())), workers, stop.clone());

    let service = service::ExportService::new(crew, verifier);
    let (reporter, health_service) = tonic_health::server::health_reporter();
    reporter.set_serving::<ExportServer<service::ExportService>>().await;
    let server = ExportServer::with_interceptor(service, ctx.credential.interceptor());
    let mut routes = tonic::service::Routes::new(health_service);
    routes = routes.add_service(server);
    ctx.health.started("export");
    tracing::info!(address = ?listener.local_addr().ok(), workers = settings.workers, "export service listening");
    let served = jc_platform::grpc::serve(listener, routes, stop.clone()).await;

    stop.cancel();
    for task in [render, relay, cleanup] {
        if let Err(error) = task.await {
            tracing::error!(%error, "an export service task failed");
        }
    }
    queue.close().await;
    tracing::info!("export service stopped");
    Ok(served?)
}
