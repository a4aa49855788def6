//! The journal service: journals, their pages and entries, and the jobs that write
//! them. Each person reaches only their own journals over gRPC.

pub mod catalogue;
pub mod content;
pub mod domain;
pub mod generator;
pub mod service;
pub mod settings;
pub mod store;

use std::sync::Arc;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use jc_platform::component::Context;
use jc_platform::db::{Database, DbSetupError, Migrations};
use jc_platform::identity::{TokenVerifier, VerifierSettings};
use jc_proto::journal::journal_server::JournalServer;

pub use settings::Settings;

static POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/journal/postgres");
static SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/journal/sqlite");

/// The journal service's migrations, for both backends.
pub const MIGRATIONS: Migrations = Migrations { postgres: &POSTGRES_MIGRATIONS, sqlite: &SQLITE_MIGRATIONS };

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("journal service: {0}")]
    Setup(#[from] jc_platform::AppError),
    #[error("journal gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The service's database (not yet connected).
pub fn database(settings: &Settings) -> Result<Database, DbSetupError> {
    Database::new("journal", &settings.database, MIGRATIONS)
}

/// Runs the journal gRPC server on `listener` until `ctx.shutdown` fires. Access
/// tokens are verified with the auth service's keys, as described by `verifier`.
pub async fn serve(
    settings: Settings,
    verifier: VerifierSettings,
    ctx: Context,
    listener: tokio::net::TcpListener,
) -> Result<(), ServeError> {
    let verifier = ctx.token_verifier(verifier)?;
    serve_with(settings, verifier, ctx, listener).await
}

/// [`serve`] with a verifier of the caller's choosing.
pub async fn serve_with(
    settings: Settings,
    verifier: Arc<TokenVerifier>,
    ctx: Context,
    listener: tokio::net::TcpListener,
) -> Result<(), ServeError> {
    ctx.health.starting("journal");
    let db = database(&settings)?;
    ctx.health.add_check(jc_platform::db::readiness_check(db.clone()));
    db.wait_until_ready(&ctx.shutdown).await?;

    let service = service::JournalService::new(db, verifier);
    let (reporter, health_service) = tonic_health::server::health_reporter();
    reporter.set_serving::<JournalServer<service::JournalService>>().await;
    let server = JournalServer::with_interceptor(service, ctx.credential.interceptor());
    let mut routes = tonic::service::Routes::new(health_service);
    routes = routes.add_service(server);
    ctx.health.started("journal");
    tracing::info!(address = ?listener.local_addr().ok(), "journal service listening");
    jc_platform::grpc::serve(listener, routes, ctx.shutdown.clone()).await?;
    Ok(())
}
