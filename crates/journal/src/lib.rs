//! The journal service: journals, their pages and entries, and the jobs that write
//! them. Each person reaches only their own journals and jobs over gRPC.

mod credits;
pub mod domain;
pub mod jobs;
pub mod keys;
pub mod service;
pub mod settings;
pub mod store;

use std::sync::Arc;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use jc_platform::component::{Component, Context, DevSetup, Listen, Listener, ServeError};
use jc_platform::config::DatabaseSettings;
use jc_platform::db::{self, DbSetupError, Migrations};
use jc_platform::identity::TokenVerifier;
use jc_platform::jobs::Runner;
use jc_platform::outbox::Relay;
use jc_platform::queue::ConsumerOptions;
use jc_proto::journal::journal_server::JournalServer;

use crate::jobs::recovery::{self, REFUND_STALE};
use crate::jobs::refund::RefundHandler;
use crate::jobs::{GENERATE_QUEUE, REFUND_QUEUE, Shared};

pub use jc_writer::Providers;
pub use settings::Settings;

static POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/journal/postgres");
static SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/journal/sqlite");

/// The journal service's migrations, for both backends.
pub const MIGRATIONS: Migrations = Migrations { postgres: &POSTGRES_MIGRATIONS, sqlite: &SQLITE_MIGRATIONS };

#[derive(Debug, thiserror::Error)]
pub enum JournalServeError {
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("journal service: {0}")]
    Setup(#[from] jc_platform::AppError),
    #[error("journal gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
    #[error("journal.generator.openai: {0}")]
    Provider(#[from] jc_writer::openai::OpenAiSetupError),
    #[error(transparent)]
    Content(#[from] jc_writer::ContentError),
}

/// The component's name in health reports and the database's name in logs.
pub const COMPONENT: &str = "journal";

/// The journal service as a component of the platform.
pub struct JournalComponent;

impl Component for JournalComponent {
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

    /// The key that encrypts stored provider keys, kept in the data directory.
    fn dev_settings(dev: &DevSetup) -> std::io::Result<Vec<(String, String)>> {
        let key = dev.secret(KEY_ENCRYPTION_KEY_FILE, jc_platform::component::dev::random_hex)?;
        Ok(vec![("journal.key_encryption_key".to_owned(), key)])
    }

    async fn serve(settings: Settings, ctx: Context, listener: Listener) -> Result<(), ServeError> {
        let verifier = ctx.token_verifier()?;
        let providers = Providers::from_settings(&settings.generator)?;
        Ok(serve_with(settings, verifier, ctx, listener.grpc(COMPONENT)?, providers).await?)
    }
}

/// The development platform's key encryption key, in its data directory.
const KEY_ENCRYPTION_KEY_FILE: &str = "key-encryption-key";

/// Runs the journal gRPC server on `listener`, and its generation workers on the
/// queue of `ctx.queue`, until `ctx.shutdown` fires. Access tokens are verified with
/// `verifier`; journals are written by `providers`; credits are spent and refunded
/// through the user service.
///
/// On shutdown it stops serving and taking jobs, lets the jobs in flight finish
/// (their messages are acknowledged after their results are stored), and returns.
pub async fn serve_with(
    settings: Settings,
    verifier: Arc<TokenVerifier>,
    ctx: Context,
    listener: tokio::net::TcpListener,
    providers: Providers,
) -> Result<(), JournalServeError> {
    // The writer's content files are embedded data; a bad edit stops the service here.
    jc_writer::check()?;
    let queue = ctx.open_queue(COMPONENT)?;
    let db = ctx.open_database(COMPONENT, &settings.database, MIGRATIONS).await?;

    let shared = Shared {
        relay: Relay::new(db.clone(), queue.clone()),
        db: db.clone(),
        queue,
        events: Arc::default(),
        providers: providers.own_keys_at(settings.generator.openai.clone()),
        credits: credits::Credits::new(&ctx)?,
        max_attempts: ctx.queue.max_attempts.max(1),
        keys: keys::KeyCipher::from_setting(settings.key_encryption_key.as_ref()),
    };
    // `/metrics` reads the age of the oldest message its outbox has not published.
    ctx.health.add_collector(Arc::new(shared.relay.clone()));
    let probe = keys::probe::Probe::new(settings.generator.openai.clone());
    // Everything below stops with the service, also when serving fails.
    let stop = ctx.shutdown.child_token();
    let relay = tokio::spawn({
        let (relay, stop) = (shared.relay.clone(), stop.clone());
        async move { relay.run(stop).await }
    });
    let in_process = !shared.queue.is_rabbitmq();
    let refunds_before = if in_process { db::now() } else { db::now() - REFUND_STALE };
    if let Err(error) = recovery::at_start(&shared, in_process, refunds_before).await {
        stop.cancel();
        let _ = relay.await;
        shared.queue.close().await;
        return Err(error.into());
    }
    let sweeper = tokio::spawn(recovery::sweep_refunds(shared.clone(), stop.clone()));
    let workers = ConsumerOptions { concurrency: settings.workers.max(1) };
    let generate = shared.queue.consume(
        GENERATE_QUEUE,
        Arc::new(Runner::new(shared.clone(), shared.max_attempts)),
        workers,
        stop.clone(),
    );
    let refunds = shared.queue.consume(
        REFUND_QUEUE,
        Arc::new(RefundHandler::new(shared.clone())),
        ConsumerOptions::default(),
        stop.clone(),
    );

    let deps = service::Dependencies {
        shared: shared.clone(),
        watch_poll_ms: settings.watch_poll_ms,
        keys: shared.keys.clone(),
        probe,
        shutdown: stop.clone(),
    };
    let server = JournalServer::new(service::JournalService::new(db, verifier, deps))
        .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
        .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES);
    tracing::info!(workers = settings.workers, "journal workers running");
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
    for task in [generate, refunds, relay, sweeper] {
        if let Err(error) = task.await {
            tracing::error!(%error, "a journal service task failed");
        }
    }
    shared.queue.close().await;
    tracing::info!("journal service stopped");
    Ok(served?)
}
