//! The user service: one profile per account (display name, profile type, AI
//! credits), created at registration, read and changed by its owner over gRPC.

pub mod domain;
pub mod service;
pub mod settings;
pub mod store;

use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use jc_platform::component::{Component, Context, Listen, Listener, ServeError};
use jc_platform::config::DatabaseSettings;
use jc_platform::db::{DbSetupError, Migrations};
use jc_proto::user::user_server::UserServer;

pub use settings::Settings;

static POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/user/postgres");
static SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/user/sqlite");

/// The user service's migrations, for both backends.
pub const MIGRATIONS: Migrations = Migrations { postgres: &POSTGRES_MIGRATIONS, sqlite: &SQLITE_MIGRATIONS };

#[derive(Debug, thiserror::Error)]
pub enum UserServeError {
    #[error(transparent)]
    Database(#[from] DbSetupError),
    #[error("user service: {0}")]
    Setup(#[from] jc_platform::AppError),
    #[error("user gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The component's name in health reports and the database's name in logs.
pub const COMPONENT: &str = "user";

/// The user service as a component of the platform.
pub struct UserComponent;

impl Component for UserComponent {
    const NAME: &'static str = COMPONENT;
    const MIGRATIONS: Option<Migrations> = Some(MIGRATIONS);
    type Settings = Settings;

    fn listen(settings: &Settings) -> Listen {
        Listen::Grpc(settings.grpc_listen)
    }

    fn database(settings: &Settings) -> Option<&DatabaseSettings> {
        Some(&settings.database)
    }

    async fn serve(settings: Settings, ctx: Context, listener: Listener) -> Result<(), ServeError> {
        let verifier = ctx.token_verifier()?;
        Ok(serve_with(settings, verifier, ctx, listener.grpc(COMPONENT)?).await?)
    }
}

/// Runs the user gRPC server on `listener` until `ctx.shutdown` fires, verifying
/// access tokens with `verifier`.
pub async fn serve_with(
    settings: Settings,
    verifier: std::sync::Arc<jc_platform::identity::TokenVerifier>,
    ctx: Context,
    listener: tokio::net::TcpListener,
) -> Result<(), UserServeError> {
    let db = ctx.open_database(COMPONENT, &settings.database, MIGRATIONS).await?;
    let memo = jc_platform::memo::Memo::new(
        ctx.cache.clone(),
        service::MEMO_CHANNEL,
        settings.memo_limits(),
        ctx.shutdown.clone(),
    );
    let service = service::UserService::new(db, verifier, memo);
    let server = UserServer::new(service)
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
