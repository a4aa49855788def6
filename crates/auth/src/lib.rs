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
use jc_platform::component::{Component, Context, DevSetup, Listen, Listener, ServeError, Shared};
use jc_platform::config::DatabaseSettings;
use jc_platform::db::{DbSetupError, Migrations};
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
pub enum AuthServeError {
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

/// The auth service as a component of the platform.
pub struct AuthComponent;

impl Component for AuthComponent {
    const NAME: &'static str = COMPONENT;
    const MIGRATIONS: Option<Migrations> = Some(MIGRATIONS);
    type Settings = Settings;

    fn listen(settings: &Settings) -> Listen {
        Listen::Grpc(settings.grpc_listen)
    }

    fn database(settings: &Settings) -> Option<&DatabaseSettings> {
        Some(&settings.database)
    }

    /// Every component checks access tokens against the auth service's issuer and
    /// audience.
    fn share(settings: &Settings, shared: &mut Shared) {
        shared.tokens.issuer.clone_from(&settings.issuer);
        shared.tokens.audience.clone_from(&settings.audience);
    }

    /// A signing key kept in the data directory.
    fn dev_settings(dev: &DevSetup) -> std::io::Result<Vec<(String, String)>> {
        let key = dev.secret_file(SIGNING_KEY_FILE, keys::generate_private_key_pem)?;
        Ok(vec![("auth.signing_key_file".to_owned(), key.display().to_string())])
    }

    async fn serve(settings: Settings, ctx: Context, listener: Listener) -> Result<(), ServeError> {
        Ok(serve(settings, ctx, listener.grpc(COMPONENT)?).await?)
    }
}

/// The development platform's signing key, in its data directory.
const SIGNING_KEY_FILE: &str = "signing-key.pem";

/// Runs the auth gRPC server on `listener` until `ctx.shutdown` fires. Every call
/// must carry the service credential; gRPC health is served beside it.
pub async fn serve(
    settings: Settings,
    ctx: Context,
    listener: tokio::net::TcpListener,
) -> Result<(), AuthServeError> {
    let pem = settings.checked_signing_key_pem()?;
    let keys = KeyRing::new(pem.expose_secret(), &settings.verification_keys)
        .map_err(AuthServeError::VerificationKey)?;
    let db = ctx.open_database(COMPONENT, &settings.database, MIGRATIONS).await?;
    let hasher =
        PasswordHasher::new(settings.password_hash_concurrency).await.map_err(AuthServeError::Startup)?;
    tracing::info!(kid = keys.kid(), "auth signing key loaded");
    let service = AuthService::new(&settings, keys, db, hasher, ctx.cache.clone());
    let server = AuthServer::new(service)
        .max_decoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES)
        .max_encoding_message_size(jc_platform::grpc::MESSAGE_MAX_BYTES);
    jc_platform::grpc::serve_component(
        COMPONENT,
        server,
        &ctx.credential,
        listener,
        &ctx.health,
        ctx.shutdown.clone(),
    )
    .await?;
    Ok(())
}
