//! The Journal Craft auth service: accounts and passwords, sessions, access tokens
//! (EdDSA JWTs with a JWKS) and rotating refresh tokens with reuse detection.
//!
//! Start at [`serve`]; the gRPC methods are in `service/`, the tables in `store/`.

pub mod domain;
pub mod keys;
pub mod password;
pub mod service;
pub mod settings;
pub mod store;
pub mod tokens;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use jc_platform::component::Context;
use jc_platform::db::{Database, DbSetupError, Migrations};
use jc_proto::auth::auth_server::AuthServer;
use secrecy::ExposeSecret;

pub use settings::Settings;

use crate::keys::KeyRing;
use crate::password::PasswordHasher;
use crate::service::AuthService;

/// The component's name in health reports and the database's name in logs.
pub const COMPONENT: &str = "auth";

static POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/auth/postgres");
static SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/auth/sqlite");

/// The auth service's migrations, one set per backend.
pub const MIGRATIONS: Migrations = Migrations { postgres: &POSTGRES_MIGRATIONS, sqlite: &SQLITE_MIGRATIONS };

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    SigningKey(#[from] settings::SigningKeyError),
    #[error("auth.verification_keys: {0}")]
    VerificationKey(keys::KeyError),
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("auth service could not start: {0}")]
    Startup(#[source] jc_platform::AppError),
    #[error("auth gRPC server failed: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The auth service's database (not connected until first use).
pub fn database(settings: &Settings) -> Result<Database, DbSetupError> {
    Database::new(COMPONENT, &settings.database, MIGRATIONS)
}

/// Runs the auth gRPC server on `listener` until `ctx.shutdown` fires. Every call
/// must carry the service credential; gRPC health is served beside it.
pub async fn serve(
    settings: Settings,
    ctx: Context,
    listener: tokio::net::TcpListener,
) -> Result<(), ServeError> {
    ctx.health.starting(COMPONENT);
    let pem = settings.checked_signing_key_pem()?;
    let keys = KeyRing::new(pem.expose_secret(), &settings.verification_keys)
        .map_err(ServeError::VerificationKey)?;
    let db = database(&settings)?;
    ctx.health.add_check(jc_platform::db::readiness_check(db.clone()));
    db.wait_until_ready(&ctx.shutdown).await?;
    let hasher =
        PasswordHasher::new(settings.password_hash_concurrency).await.map_err(ServeError::Startup)?;
    tracing::info!(kid = keys.kid(), "auth signing key loaded");
    let service = AuthService::new(&settings, keys, db, hasher, ctx.cache.clone());

    let (reporter, health_service) = tonic_health::server::health_reporter();
    reporter.set_serving::<AuthServer<AuthService>>().await;
    let auth = AuthServer::with_interceptor(service, ctx.credential.interceptor());
    let routes = tonic::service::Routes::new(health_service).add_service(auth);

    ctx.health.started(COMPONENT);
    tracing::info!(address = ?listener.local_addr().ok(), "auth service listening");
    jc_platform::grpc::serve(listener, routes, ctx.shutdown.clone()).await?;
    Ok(())
}
