//! Starts the user service on a free port with a database of the test's own: a
//! [`Fixture`], so that `jc_testkit::on_every_backend!(TestUserService => …)` runs a
//! scenario on SQLite and on PostgreSQL.

use jc_platform::cache::Cache;
use jc_platform::component::Context;
use jc_platform::config::Environment;
use jc_platform::grpc::{CallContext, ServiceCredential};
use jc_proto::user::user_client::UserClient;
use jc_testkit::tokens::TestSigner;
use jc_testkit::{Backend, Fixture, Served, TestDatabase};
use tonic::transport::Channel;
use uuid::Uuid;

pub struct TestUserService {
    pub client: UserClient<Channel>,
    pub channel: Channel,
    pub credential: ServiceCredential,
    pub signer: TestSigner,
    pub db: jc_platform::db::Database,
    _served: Served<jc_user::UserServeError>,
    /// Dropped with the first replica to use it.
    owned_database: Option<TestDatabase>,
}

impl TestUserService {
    /// With `cache` for its memo's announcements (Redis: replicas hear each other).
    pub async fn start_with(database: TestDatabase, cache: Cache) -> Self {
        let mut service = Self::replica(database.settings.clone(), cache).await;
        service.owned_database = Some(database);
        service
    }

    /// Another replica on the same database, announcing changes through `cache`.
    pub async fn replica(database: jc_platform::config::DatabaseSettings, cache: Cache) -> Self {
        let settings = jc_user::Settings { database, ..Default::default() };
        let signer = TestSigner::new();
        let credential = ServiceCredential::new(jc_testkit::service_token());
        let ctx = Context { cache, ..Context::new(Environment::Test, credential.clone()) };
        let db = jc_platform::component::database_of::<jc_user::UserComponent>(&settings).expect("database");
        let verifier = signer.verifier();
        let served = Served::grpc("user", &ctx, |listener| {
            jc_user::serve_with(settings, verifier, ctx.clone(), listener)
        })
        .await;
        Self {
            client: UserClient::new(served.channel.clone()),
            channel: served.channel.clone(),
            credential,
            signer,
            db,
            _served: served,
            owned_database: None,
        }
    }

    /// A call made by the service itself.
    pub fn service_call<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new("test").request(&self.credential, message)
    }

    /// A call made on behalf of `user_id`.
    pub fn user_call<T>(&self, user_id: Uuid, message: T) -> tonic::Request<T> {
        CallContext::new("test").with_token(self.signer.token_for(user_id)).request(&self.credential, message)
    }
}

impl Fixture for TestUserService {
    type Options = ();

    /// The service on a database of `backend`, with the in-memory cache.
    async fn start(backend: Backend, (): ()) -> Option<Self> {
        Some(Self::start_with(jc_testkit::database(backend)?, Cache::memory()).await)
    }
}
