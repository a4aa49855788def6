//! The user service: one profile per account (display name, profile type, AI
//! credits), created at registration, read and changed by its owner over gRPC.

pub mod domain;
pub mod service;
pub mod settings;
pub mod store;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use jc_platform::component::Context;
use jc_platform::db::{Database, DbSetupError, Migrations};
use jc_platform::identity::VerifierSettings;
use jc_proto::user::user_server::UserServer;

pub use settings::Settings;

static POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/user/postgres");
static SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/user/sqlite");

/// The user service's migrations, for both backends.
pub const MIGRATIONS: Migrations = Migrations { postgres: &POSTGRES_MIGRATIONS, sqlite: &SQLITE_MIGRATIONS };

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("user service: {0}")]
    Setup(#[from] jc_platform::AppError),
    #[error("user gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The service's database (not yet connected).
pub fn database(settings: &Settings) -> Result<Database, DbSetupError> {
    Database::new("user", &settings.database, MIGRATIONS)
}

/// Runs the user gRPC server on `listener` until `ctx.shutdown` fires. Access tokens
/// are verified with the auth service's keys, as described by `verifier`.
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
    verifier: std::sync::Arc<jc_platform::identity::TokenVerifier>,
    ctx: Context,
    listener: tokio::net::TcpListener,
) -> Result<(), ServeError> {
    ctx.health.starting("user");
    let db = database(&settings)?;
    ctx.health.add_check(jc_platform::db::readiness_check(db.clone()));
    db.wait_until_ready(&ctx.shutdown).await?;

    let memo = jc_platform::memo::Memo::new(
        ctx.cache.clone(),
        service::MEMO_CHANNEL,
        settings.memo_limits(),
        ctx.shutdown.clone(),
    );
    let service = service::UserService::new(db, verifier, memo);
    let (reporter, health_service) = tonic_health::server::health_reporter();
    reporter.set_serving::<UserServer<service::UserService>>().await;
    let server = UserServer::with_interceptor(service, ctx.credential.interceptor());
    let mut routes = tonic::service::Routes::new(health_service);
    routes = routes.add_service(server);
    ctx.health.started("user");
    tracing::info!(address = ?listener.local_addr().ok(), "user service listening");
    jc_platform::grpc::serve(listener, routes, ctx.shutdown.clone()).await?;
    Ok(())
}
