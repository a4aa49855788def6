//! Components: each service and the gateway is a [`Component`], and a process runs any
//! set of them.
//!
//! A component has a name (its `--target` word, its settings section, its name in health
//! reports), a settings type, where it listens, its database and migrations when it owns
//! one, whether it runs jobs on the queue, and [`Component::serve`] with one signature.
//! The binary keeps one list of [`AnyComponent`]s (made with [`component`]); `serve`,
//! `dev`, `migrate` and `config check` go through that list, so adding a service is its
//! crate plus one line there.
//!
//! - [`settings`]: the whole configuration: the shared sections and every component's
//!   section, loaded and checked through the list.
//! - [`runner`]: starts a set of components in one process, each on its own listener,
//!   and stops them in order.
//! - [`dev`]: what `journalcraft dev` sets up in its data directory.

pub mod dev;
pub mod runner;
pub mod settings;

use std::future::Future;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

use crate::cache::Cache;
use crate::config::{DatabaseSettings, Environment, Problems, QueueSettings, ServiceUrls, Validate};
use crate::db::{Database, DbSetupError, Migrations};
use crate::error::AppResult;
use crate::grpc::ServiceCredential;
use crate::health::Health;
use crate::identity::{GrpcJwksSource, TokenVerifier, VerifierSettings};
use crate::queue::Queue;

pub use dev::DevSetup;
pub use runner::{Running, start};
pub use settings::{PlatformSettings, SharedSettings};

/// The error a component's `serve` ends with.
pub type ServeError = Box<dyn std::error::Error + Send + Sync>;

/// Where a component listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listen {
    /// A gRPC service, dialled by the others at `services.<name>_url`.
    Grpc(SocketAddr),
    /// The public HTTP surface (the gateway); it also serves the ops endpoints.
    Http(SocketAddr),
}

impl Listen {
    pub fn address(self) -> SocketAddr {
        match self {
            Listen::Grpc(address) | Listen::Http(address) => address,
        }
    }
}

/// A bound listener, handed to [`Component::serve`].
pub enum Listener {
    Grpc(tokio::net::TcpListener),
    Http(std::net::TcpListener),
}

impl Listener {
    /// The gRPC listener; an error naming `component` when it was given the other kind.
    pub fn grpc(self, component: &str) -> Result<tokio::net::TcpListener, ServeError> {
        match self {
            Listener::Grpc(listener) => Ok(listener),
            Listener::Http(_) => Err(format!("{component} serves gRPC, not HTTP").into()),
        }
    }

    /// The HTTP listener; an error naming `component` when it was given the other kind.
    pub fn http(self, component: &str) -> Result<std::net::TcpListener, ServeError> {
        match self {
            Listener::Http(listener) => Ok(listener),
            Listener::Grpc(_) => Err(format!("{component} serves HTTP, not gRPC").into()),
        }
    }
}

/// A part of the platform that a process can run: one service or the gateway.
pub trait Component: Send + Sync + 'static {
    /// The `--target` word, the settings section (`[auth]`, `JC__AUTH__…`) and the name
    /// in health reports and logs.
    const NAME: &'static str;
    /// Its database's migrations, when it owns a database.
    const MIGRATIONS: Option<Migrations> = None;
    /// Whether it publishes or consumes jobs on the queue (`[queue]`).
    const USES_QUEUE: bool = false;

    /// Its settings section; absent keys take their defaults, unknown keys are refused.
    type Settings: DeserializeOwned + Default + Validate + Send + Sync + 'static;

    /// Where it listens. The default of a service's `grpc_listen` gives the port the
    /// others dial it at when `services.<name>_url` is not set.
    fn listen(settings: &Self::Settings) -> Listen;

    /// Its database (`<name>.database`), when it owns one.
    fn database(_settings: &Self::Settings) -> Option<&DatabaseSettings> {
        None
    }

    /// What its settings tell the other components of every process, such as who
    /// issues access tokens.
    fn share(_settings: &Self::Settings, _shared: &mut Shared) {}

    /// Settings `journalcraft dev` gives it besides its database and listener (which
    /// the dev setup derives from the name): secrets kept in the data directory, places
    /// for files.
    fn dev_settings(_dev: &DevSetup) -> std::io::Result<Vec<(String, String)>> {
        Ok(Vec::new())
    }

    /// Runs until `ctx.shutdown` fires, then lets in-flight work finish and returns.
    fn serve(
        settings: Self::Settings,
        ctx: Context,
        listener: Listener,
    ) -> impl Future<Output = Result<(), ServeError>> + Send;
}

/// What the settings of some components tell every component: the access tokens'
/// issuer and audience (the auth service's), and how strictly they are checked (the
/// gateway's).
#[derive(Debug, Clone)]
pub struct Shared {
    pub tokens: VerifierSettings,
}

impl Default for Shared {
    fn default() -> Self {
        Self {
            tokens: VerifierSettings {
                issuer: String::new(),
                audience: String::new(),
                leeway: Duration::from_secs(30),
                refresh_interval: Duration::from_secs(30),
            },
        }
    }
}

/// What every component receives from the process that runs it, whether it runs alone
/// or beside the others in `journalcraft dev`.
#[derive(Clone)]
pub struct Context {
    pub environment: Environment,
    /// Readiness of the process; components register their checks here.
    pub health: Health,
    /// Shared by every component of the process (the deny list lives here).
    pub cache: Cache,
    /// Presented on every internal call and required on every gRPC server.
    pub credential: ServiceCredential,
    pub services: ServiceUrls,
    /// How access tokens are verified.
    pub tokens: VerifierSettings,
    /// The job queue's settings (`[queue]`).
    pub queue: QueueSettings,
    /// How long in-flight requests may take to finish once shutdown starts.
    pub drain_timeout: Duration,
    /// Cancelled when the component must stop.
    pub shutdown: CancellationToken,
}

impl Context {
    /// A context for one process's components: an in-memory cache, the default
    /// service addresses and queue, not yet shutting down.
    pub fn new(environment: Environment, credential: ServiceCredential) -> Self {
        Self {
            environment,
            health: Health::new(),
            cache: Cache::memory(),
            credential,
            services: ServiceUrls::default(),
            tokens: Shared::default().tokens,
            queue: QueueSettings::default(),
            drain_timeout: Duration::from_secs(30),
            shutdown: CancellationToken::new(),
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.services.request_timeout_ms)
    }

    /// A verifier of access tokens whose keys come from the auth service's JWKS.
    pub fn token_verifier(&self) -> AppResult<Arc<TokenVerifier>> {
        let channel = crate::grpc::channel(self.services.url("auth")?, self.request_timeout())?;
        let source = GrpcJwksSource::new(channel, self.credential.clone());
        Ok(Arc::new(TokenVerifier::new(self.tokens.clone(), Arc::new(source))))
    }

    /// The database `component` owns, reported by `/readyz`, once it answers and is
    /// migrated (when `auto_migrate` is on). Marks the component starting.
    pub async fn open_database(
        &self,
        component: &'static str,
        settings: &DatabaseSettings,
        migrations: Migrations,
    ) -> Result<Database, DbSetupError> {
        self.health.starting(component);
        let db = Database::new(component, settings, migrations)?;
        self.health.add_check(crate::db::readiness_check(db.clone()));
        db.wait_until_ready(&self.shutdown).await?;
        Ok(db)
    }

    /// The job queue of `component`, reported by `/readyz` as `queue:<component>`;
    /// the depth of every queue it uses is in `/metrics` (`queue_depth`,
    /// `queue_dead_letters`).
    pub fn open_queue(&self, component: &str) -> AppResult<Queue> {
        let queue = Queue::from_settings(&self.queue)?;
        self.health.add_check(crate::queue::readiness_check(component, queue.clone()));
        self.health.add_collector(crate::queue::depth_collector(queue.clone()));
        Ok(queue)
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A [`Component`] in the binary's list, its settings not yet read.
pub trait AnyComponent: Send + Sync {
    fn name(&self) -> &'static str;
    /// Its migrations, when it owns a database.
    fn migrations(&self) -> Option<Migrations>;
    /// Reads its section (absent: every default). An error names its key relative
    /// to the section.
    fn configure(&self, section: Option<config::Value>) -> Result<Box<dyn Configured>, config::ConfigError>;
    /// Its settings for `journalcraft dev`, beyond the database and listener.
    fn dev_settings(&self, dev: &DevSetup) -> std::io::Result<Vec<(String, String)>>;
}

/// A component with its settings, ready to check or to run.
pub trait Configured: Send + Sync {
    fn name(&self) -> &'static str;
    /// Every problem of its section, named `<name>.<key>`.
    fn validate(&self, problems: &mut Problems);
    fn listen(&self) -> Listen;
    fn database(&self) -> Option<&DatabaseSettings>;
    fn migrations(&self) -> Option<Migrations>;
    fn uses_queue(&self) -> bool;
    fn share(&self, shared: &mut Shared);
    fn serve(self: Box<Self>, ctx: Context, listener: Listener) -> BoxFuture<Result<(), ServeError>>;
}

/// `C`'s database, not yet connected (connections are made on first use), for tools
/// and tests that reach it without serving `C`.
pub fn database_of<C: Component>(settings: &C::Settings) -> Result<Database, DbSetupError> {
    match (C::database(settings), C::MIGRATIONS) {
        (Some(database), Some(migrations)) => Database::new(C::NAME, database, migrations),
        _ => Err(DbSetupError::Invalid { name: C::NAME, message: "the component owns no database".into() }),
    }
}

/// The binary's list entry of `C`.
pub const fn component<C: Component>() -> &'static dyn AnyComponent {
    &Registered::<C>(PhantomData)
}

/// `C` with its settings, for a process (or test) that builds them in code.
pub fn configured<C: Component>(settings: C::Settings) -> Box<dyn Configured> {
    Box::new(WithSettings::<C> { settings })
}

struct Registered<C>(PhantomData<fn() -> C>);

impl<C: Component> AnyComponent for Registered<C> {
    fn name(&self) -> &'static str {
        C::NAME
    }

    fn migrations(&self) -> Option<Migrations> {
        C::MIGRATIONS
    }

    fn configure(&self, section: Option<config::Value>) -> Result<Box<dyn Configured>, config::ConfigError> {
        let settings = match section {
            Some(section) => section.try_deserialize::<C::Settings>()?,
            None => C::Settings::default(),
        };
        Ok(configured::<C>(settings))
    }

    fn dev_settings(&self, dev: &DevSetup) -> std::io::Result<Vec<(String, String)>> {
        C::dev_settings(dev)
    }
}

struct WithSettings<C: Component> {
    settings: C::Settings,
}

impl<C: Component> Configured for WithSettings<C> {
    fn name(&self) -> &'static str {
        C::NAME
    }

    fn validate(&self, problems: &mut Problems) {
        self.settings.validate(C::NAME, problems);
    }

    fn listen(&self) -> Listen {
        C::listen(&self.settings)
    }

    fn database(&self) -> Option<&DatabaseSettings> {
        C::database(&self.settings)
    }

    fn migrations(&self) -> Option<Migrations> {
        C::MIGRATIONS
    }

    fn uses_queue(&self) -> bool {
        C::USES_QUEUE
    }

    fn share(&self, shared: &mut Shared) {
        C::share(&self.settings, shared);
    }

    fn serve(self: Box<Self>, ctx: Context, listener: Listener) -> BoxFuture<Result<(), ServeError>> {
        Box::pin(C::serve(self.settings, ctx, listener))
    }
}
