//! Starts the journal service on a free port with a database of the test's own;
//! `platform.rs` adds a user service and a queue for the generation jobs. Both are
//! [`jc_testkit::Fixture`]s: `jc_testkit::on_every_backend!(TestJournalService => …)`
//! runs a scenario on SQLite and on PostgreSQL.

pub mod platform;

use std::sync::Arc;

use jc_journal::Providers;
use jc_platform::component::Context;
use jc_platform::config::{Environment, ServiceUrls};
use jc_platform::grpc::{CallContext, ServiceCredential};
use jc_platform::queue::QueueSettings;
use jc_proto::journal::journal_client::JournalClient;
use jc_proto::journal::{CreateJournalRequest, JournalDetail, JournalRef};
use jc_testkit::tokens::TestSigner;
use jc_testkit::{Backend, Fixture, Served, TestDatabase};
use tonic::transport::Channel;
use uuid::Uuid;

pub use jc_testkit::grpc::{assert_not_found, error_fields};

pub struct TestJournalService {
    pub client: JournalClient<Channel>,
    pub credential: ServiceCredential,
    pub signer: Arc<TestSigner>,
    pub db: jc_platform::db::Database,
    /// How `db` is reached, for a second instance on the same database.
    pub db_settings: jc_platform::config::DatabaseSettings,
    served: Served<jc_journal::JournalServeError>,
    database: Option<TestDatabase>,
}

/// How a test runs the service.
pub struct Setup {
    /// Its settings; the database is the test's.
    pub settings: jc_journal::Settings,
    pub queue: QueueSettings,
    pub providers: Providers,
    /// The user service, for credits.
    pub services: ServiceUrls,
    pub signer: Arc<TestSigner>,
    pub credential: ServiceCredential,
}

impl Default for Setup {
    /// The defaults: in-process queue, builtin provider, no user service.
    fn default() -> Self {
        Self {
            settings: jc_journal::Settings::default(),
            queue: QueueSettings::default(),
            providers: Providers::builtin(std::time::Duration::ZERO),
            services: ServiceUrls::default().with("user", jc_testkit::closed_url()),
            signer: Arc::new(TestSigner::new()),
            credential: ServiceCredential::new(jc_testkit::service_token()),
        }
    }
}

impl TestJournalService {
    pub async fn start_with(database: TestDatabase, setup: Setup) -> Self {
        let settings = database.settings.clone();
        let mut service = Self::start_on(settings, setup).await;
        service.database = Some(database);
        service
    }

    /// Another instance of the service on a database that someone else owns, as a
    /// second process of the same deployment.
    pub async fn start_on(database: jc_platform::config::DatabaseSettings, setup: Setup) -> Self {
        let settings = jc_journal::Settings { database: database.clone(), ..setup.settings };
        let ctx = Context {
            services: setup.services,
            queue: setup.queue,
            ..Context::new(Environment::Test, setup.credential.clone())
        };
        let db =
            jc_platform::component::database_of::<jc_journal::JournalComponent>(&settings).expect("database");
        let verifier = setup.signer.verifier();
        let served = Served::grpc("journal", &ctx, |listener| {
            jc_journal::serve_with(settings, verifier, ctx.clone(), listener, setup.providers)
        })
        .await;
        Self {
            client: JournalClient::new(served.channel.clone()),
            credential: setup.credential,
            signer: setup.signer,
            db,
            db_settings: database,
            served,
            database: None,
        }
    }

    /// Stops the service the way a signal does and waits until it has stopped
    /// (jobs in flight finished); the database it owned is handed back.
    pub async fn stop(self) -> Option<TestDatabase> {
        self.served.stop().await.expect("the service stops cleanly");
        self.database
    }

    /// A call made by the service itself, for no one.
    pub fn service_call<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new("test").request(&self.credential, message)
    }

    /// A call made on behalf of `user_id`.
    pub fn user_call<T>(&self, user_id: Uuid, message: T) -> tonic::Request<T> {
        CallContext::new("test").with_token(self.signer.token_for(user_id)).request(&self.credential, message)
    }

    /// A journal of `days` blank pages owned by `user_id`.
    pub async fn create(&self, user_id: Uuid, title: &str, days: u32) -> JournalDetail {
        let request = CreateJournalRequest {
            title: title.into(),
            theme: "mindfulness".into(),
            days,
            ..Default::default()
        };
        self.client
            .clone()
            .create_journal(self.user_call(user_id, request))
            .await
            .expect("create")
            .into_inner()
    }

    /// The number of stored day rows of journal `id`, whoever owns it.
    pub async fn stored_days(&self, id: &str) -> usize {
        let id = id.to_owned();
        self.db.run(move |conn| Ok(jc_journal::store::days(conn, &id)?.len())).await.expect("count days")
    }
}

pub fn journal_ref(id: &str) -> JournalRef {
    JournalRef { id: id.to_owned() }
}

/// The id of a created journal.
pub fn id_of(detail: &JournalDetail) -> String {
    detail.journal.as_ref().expect("summary").id.clone()
}

impl Fixture for TestJournalService {
    type Options = ();

    /// The service with the [`Setup::default`] on a database of `backend`.
    async fn start(backend: Backend, (): ()) -> Option<Self> {
        Some(Self::start_with(jc_testkit::database(backend)?, Setup::default()).await)
    }
}

/// A proto enum number that no closed set has, as a newer or broken peer might send.
pub const UNKNOWN_NUMBER: i32 = 99;
