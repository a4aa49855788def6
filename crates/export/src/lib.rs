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
use jc_platform::component::{Component, Context, DevSetup, Listen, Listener, ServeError};
use jc_platform::config::DatabaseSettings;
use jc_platform::db::{DbSetupError, Migrations};
use jc_platform::identity::TokenVerifier;
use jc_platform::jobs::Runner;
use jc_platform::outbox::Relay;
use jc_platform::queue::ConsumerOptions;
use jc_proto::export::export_server::ExportServer;

use crate::jobs::{RENDER_QUEUE, Shared};

pub use jobs::cleanup::Cleaned;
pub use settings::Settings;
pub use storage::{ArtifactStore, FsStore};

static POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/export/postgres");
static SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/export/sqlite");

/// The export service's migrations, for both backends.
pub const MIGRATIONS: Migrations = Migrations { postgres: &POSTGRES_MIGRATIONS, sqlite: &SQLITE_MIGRATIONS };

#[derive(Debug, thiserror::Error)]
pub enum ExportServeError {
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("export service: {0}")]
    Setup(#[from] jc_platform::AppError),
    #[error("export.storage_dir: {0}")]
    Storage(#[from] std::io::Error),
    #[error("export gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The component's name in health reports and the database's name in logs.
pub const COMPONENT: &str = "export";

/// The export service as a component of the platform.
pub struct ExportComponent;

impl Component for ExportComponent {
    const NAME: &'static str = COMPONENT;
    const MIGRATIONS: Option<Migrations> = Some(MIGRATIONS);
    const USES_QUEUE: bool = true;
    type Settings = Settings;

    fn listen(settings: &Settings) -> Listen {
        Listen::Grpc(settings.grpc_listen)
    }

    fn database(settings: &Settings) -> Option<&DatabaseSettings> {
        Some(&settings.database)
    }

    /// The exported files go to the data directory.
    fn dev_settings(dev: &DevSetup) -> std::io::Result<Vec<(String, String)>> {
        Ok(vec![("export.storage_dir".to_owned(), dev.path("exports").display().to_string())])
    }

    async fn serve(settings: Settings, ctx: Context, listener: Listener) -> Result<(), ServeError> {
        let verifier = ctx.token_verifier()?;
        let store = Arc::new(FsStore::create(&settings.storage_dir).map_err(ExportServeError::Storage)?);
        Ok(serve_with(settings, verifier, ctx, listener.grpc(COMPONENT)?, store).await?)
    }
}

/// Runs the export gRPC server on `listener`, its render workers on the queue of
/// `ctx.queue` and its cleanup task, until `ctx.shutdown` fires. Access tokens are
/// verified with `verifier`; journals are read from the journal service; files are
/// kept in `store`.
///
/// On shutdown it stops serving and taking jobs, lets the renders in flight finish
/// (their messages are acknowledged after their files are stored), and returns.
pub async fn serve_with(
    settings: Settings,
    verifier: Arc<TokenVerifier>,
    ctx: Context,
    listener: tokio::net::TcpListener,
    store: Arc<dyn ArtifactStore>,
) -> Result<(), ExportServeError> {
    let queue = ctx.open_queue(COMPONENT)?;
    let db = ctx.open_database(COMPONENT, &settings.database, MIGRATIONS).await?;

    let shared = Shared {
        relay: Relay::new(db.clone(), queue.clone()),
        db,
        journals: journals::Journals::new(&ctx)?,
        store,
        max_attempts: ctx.queue.max_attempts.max(1),
        retention: settings.retention(),
        max_file_bytes: settings.max_file_bytes,
    };
    // `/metrics` reads the age of the oldest message its outbox has not published.
    ctx.health.add_collector(Arc::new(shared.relay.clone()));
    if !queue.is_rabbitmq() {
        // The in-process queue died with the last process, and the open jobs'
        // messages with it (RabbitMQ hands unacknowledged ones back by itself).
        let again = jobs::dispatch_open_jobs(&shared.db).await?;
        if again > 0 {
            tracing::info!(jobs = again, "open export jobs dispatched again after a start");
        }
    }
    // Everything below stops with the service, also when serving fails.
    let stop = ctx.shutdown.child_token();
    let relay = tokio::spawn({
        let (relay, stop) = (shared.relay.clone(), stop.clone());
        async move { relay.run(stop).await }
    });
    let cleanup = tokio::spawn(jobs::cleanup::run(
        shared.clone(),
        Duration::from_secs(settings.cleanup_interval_seconds.max(1)),
        stop.clone(),
    ));
    let workers = ConsumerOptions { concurrency: settings.workers.max(1) };
    let render = queue.consume(
        RENDER_QUEUE,
        Arc::new(Runner::new(shared.clone(), shared.max_attempts)),
        workers,
        stop.clone(),
    );

    let server = ExportServer::new(service::ExportService::new(shared, verifier))
        .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
        .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES);
    tracing::info!(workers = settings.workers, "export workers running");
    let served = jc_platform::grpc::serve_component(
        COMPONENT,
        server,
        &ctx.credential,
        listener,
        &ctx.health,
        stop.clone(),
    )
    .await;

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
