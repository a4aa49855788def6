//! What a generation job needs around the journal service: a real user service (for
//! credits) and a queue, on SQLite with the in-process queue and on PostgreSQL with
//! a RabbitMQ virtual host of the test's own ([`Platform`], a [`Fixture`]); providers
//! a test can steer.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use futures::StreamExt;
use jc_domain::ResearchDepth;
use jc_journal::Providers;
use jc_platform::component::Context;
use jc_platform::config::{Environment, ServiceUrls};
use jc_platform::db::DbConnection;
use jc_platform::grpc::{CallContext, ServiceCredential};
use jc_platform::queue::QueueSettings;
use jc_proto::common::Empty;
use jc_proto::convert::WireEnum;
use jc_proto::journal::{Job, JobRef, StartGenerationRequest};
use jc_proto::user::user_client::UserClient;
use jc_testkit::tokens::TestSigner;
use jc_testkit::{Backend, Fixture, PATIENCE, Served, TestDatabase, TestVhost, eventually};
use jc_writer::builtin::BuiltinProvider;
use jc_writer::content::{GenerationRequest, JournalContent};
use jc_writer::{GenerationError, Progress, Provider};
use tokio::sync::Semaphore;
use tonic::transport::Channel;
use uuid::Uuid;

use super::{Setup, TestJournalService};

/// How a scenario runs the journal service.
pub struct Options {
    pub providers: Providers,
    pub workers: usize,
    pub max_attempts: u32,
    pub retry_base_ms: u64,
    pub key_encryption_key: Option<String>,
    pub openai_base_url: Option<String>,
    /// Keep the in-process queue even on [`Backend::Servers`].
    pub in_process_queue: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            providers: Providers::builtin(Duration::ZERO),
            workers: 2,
            max_attempts: 3,
            retry_base_ms: 5,
            key_encryption_key: None,
            openai_base_url: None,
            in_process_queue: false,
        }
    }
}

/// The journal service with a user service beside it.
pub struct Platform {
    pub journal: TestJournalService,
    pub user: UserClient<Channel>,
    wiring: Wiring,
    user_service: Option<Served<jc_user::UserServeError>>,
    user_address: std::net::SocketAddr,
    user_database: TestDatabase,
}

/// What the journal service is started with, each time.
struct Wiring {
    user_url: String,
    signer: Arc<TestSigner>,
    credential: ServiceCredential,
    vhost: Option<TestVhost>,
}

/// Serves the user service on `address` (port 0: any free one).
async fn user_service(
    database: &TestDatabase,
    address: std::net::SocketAddr,
    signer: &TestSigner,
    credential: &ServiceCredential,
) -> Served<jc_user::UserServeError> {
    let settings = jc_user::Settings { database: database.settings.clone(), ..Default::default() };
    let ctx = Context::new(Environment::Test, credential.clone());
    let verifier = signer.verifier();
    Served::grpc_on(address, "user", &ctx, |listener| {
        jc_user::serve_with(settings, verifier, ctx.clone(), listener)
    })
    .await
}

impl Fixture for Platform {
    type Options = Options;

    async fn start(backend: Backend, options: Options) -> Option<Self> {
        Platform::start(backend, options).await
    }
}

impl Platform {
    /// Both services on `backend`; `None` (the test is skipped) when its servers are
    /// not there.
    pub async fn start(backend: Backend, options: Options) -> Option<Self> {
        jc_platform::telemetry::init_for_tests();
        let (journal_database, user_database) =
            (jc_testkit::database(backend)?, jc_testkit::database(backend)?);
        let vhost = match backend {
            Backend::Servers if !options.in_process_queue => Some(jc_testkit::rabbitmq_vhost()?),
            _ => None,
        };
        let signer = Arc::new(TestSigner::new());
        let credential = ServiceCredential::new(jc_testkit::service_token());
        let any_port = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let user_service = user_service(&user_database, any_port, &signer, &credential).await;
        let user_url = user_service.url();
        let channel = user_service.channel.clone();
        let wiring = Wiring { user_url, signer, credential, vhost };
        Some(Self {
            journal: wiring.start_journal(journal_database, options).await,
            user: UserClient::new(channel),
            wiring,
            user_address: user_service.address,
            user_service: Some(user_service),
            user_database,
        })
    }

    /// Stops the journal service and starts it again on the same database (and
    /// queue) with `options`.
    pub async fn restart(self, options: Options) -> Self {
        let database = self.journal.stop().await.expect("the platform owns the journal database");
        let journal = self.wiring.start_journal(database, options).await;
        Self { journal, ..self }
    }

    /// Stops the user service until [`Platform::start_user_service`].
    pub async fn stop_user_service(&mut self) {
        if let Some(running) = self.user_service.take() {
            running.stop().await.expect("the user service stops cleanly");
        }
    }

    /// Starts the user service again where it was, on the same database.
    pub async fn start_user_service(&mut self) {
        if self.user_service.is_none() {
            let (signer, credential) = (&self.wiring.signer, &self.wiring.credential);
            let started = user_service(&self.user_database, self.user_address, signer, credential).await;
            self.user_service = Some(started);
        }
    }

    /// A second process of the journal service: same database, same queue.
    pub async fn second_instance(&self, options: Options) -> TestJournalService {
        let database = self.journal.db_settings.clone();
        TestJournalService::start_on(database, self.wiring.setup(options)).await
    }

    pub fn call<T>(&self, user: Uuid, message: T) -> tonic::Request<T> {
        self.journal.user_call(user, message)
    }

    /// Starts a generation job for `user`.
    pub async fn generate(&self, user: Uuid, request: StartGenerationRequest) -> Result<Job, tonic::Status> {
        self.journal.client.clone().start_generation(self.call(user, request)).await.map(|r| r.into_inner())
    }

    pub async fn job(&self, user: Uuid, id: &str) -> Job {
        let request = self.call(user, JobRef { id: id.to_owned() });
        self.journal.client.clone().get_job(request).await.expect("get job").into_inner()
    }

    /// Every state WatchJob sends until the stream ends.
    pub async fn watch(&self, user: Uuid, id: &str) -> Vec<Job> {
        collect(self.watching(user, id).await).await
    }

    /// A WatchJob stream of job `id`, open.
    pub async fn watching(&self, user: Uuid, id: &str) -> tonic::Streaming<Job> {
        let request = self.call(user, JobRef { id: id.to_owned() });
        self.journal.client.clone().watch_job(request).await.expect("watch").into_inner()
    }

    /// The job once it has finished.
    pub async fn finished(&self, user: Uuid, id: &str) -> Job {
        let seen = self.watch(user, id).await;
        let last = seen.last().cloned().expect("at least the current state");
        assert!(["completed", "failed", "cancelled"].contains(&last.status().word()), "{last:?}");
        last
    }

    /// The AI credits `user` has left.
    pub async fn credits(&self, user: Uuid) -> i64 {
        let request = CallContext::new("test")
            .with_token(self.wiring.signer.token_for(user))
            .request(&self.wiring.credential, Empty {});
        self.user.clone().get_my_profile(request).await.expect("profile").into_inner().ai_credits
    }

    /// Waits until `user` has `expected` credits.
    pub async fn wait_for_credits(&self, user: Uuid, expected: i64) {
        eventually(format!("{user} to have {expected} credits"), || async {
            let credits = self.credits(user).await;
            if credits == expected { Ok(()) } else { Err(format!("{credits} credits")) }
        })
        .await;
    }

    /// Rows of `table` owned by `user`.
    pub async fn rows_of(&self, table: &'static str, user: Uuid) -> i64 {
        let user = user.to_string();
        self.journal
            .db
            .run(move |conn| {
                let sql = match conn {
                    DbConnection::Pg(_) => format!("SELECT COUNT(*) AS n FROM {table} WHERE user_id = $1"),
                    DbConnection::Sqlite(_) => format!("SELECT COUNT(*) AS n FROM {table} WHERE user_id = ?"),
                };
                let row: Count = diesel::sql_query(sql).bind::<Text, _>(&user).get_result(conn)?;
                Ok(row.n)
            })
            .await
            .expect("count")
    }

    /// Messages the outbox holds for `queue`, published or not.
    pub async fn outbox_messages(&self, queue: &'static str) -> i64 {
        self.count(format!("SELECT COUNT(*) AS n FROM outbox WHERE queue = '{queue}'")).await
    }

    /// Messages for `queue` the outbox has not published yet.
    pub async fn outbox_unpublished(&self, queue: &'static str) -> i64 {
        self.count(format!(
            "SELECT COUNT(*) AS n FROM outbox WHERE queue = '{queue}' AND published_at IS NULL"
        ))
        .await
    }

    async fn count(&self, sql: String) -> i64 {
        self.journal
            .db
            .run(move |conn| {
                let row: Count = diesel::sql_query(&sql).get_result(conn)?;
                Ok(row.n)
            })
            .await
            .expect("count")
    }
}

impl Wiring {
    async fn start_journal(&self, database: TestDatabase, options: Options) -> TestJournalService {
        TestJournalService::start_with(database, self.setup(options)).await
    }

    fn setup(&self, options: Options) -> Setup {
        let mut setup = Setup::default();
        setup.settings.workers = options.workers;
        setup.settings.watch_poll_ms = 50;
        setup.settings.key_encryption_key = options.key_encryption_key.map(Into::into);
        // Never the public endpoint: nothing listens on port 9 of loopback.
        setup.settings.generator.openai.base_url =
            options.openai_base_url.unwrap_or_else(|| "http://127.0.0.1:9/v1".to_owned());
        setup.settings.generator.openai.timeout_ms = 2_000;
        setup.queue = QueueSettings {
            url: self.vhost.as_ref().map(|vhost| vhost.url.clone().into()),
            max_attempts: options.max_attempts,
            retry_base_ms: options.retry_base_ms,
            retry_max_ms: options.retry_base_ms.saturating_mul(8),
            ..QueueSettings::default()
        };
        setup.providers = options.providers;
        setup.services = ServiceUrls::default().with("user", self.user_url.clone());
        setup.signer = self.signer.clone();
        setup.credential = self.credential.clone();
        setup
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every state a WatchJob stream sends until it ends.
pub async fn collect(mut stream: tonic::Streaming<Job>) -> Vec<Job> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while let Some(job) = tokio::time::timeout_at(deadline, stream.next()).await.expect("the job finishes") {
        seen.push(job.expect("a job state"));
    }
    seen
}

/// A valid request for a `days`-day gratitude journal.
pub fn request(days: u32) -> StartGenerationRequest {
    StartGenerationRequest {
        theme: "gratitude".into(),
        title_style: "poetic".into(),
        author_style: "The Warm Friend".into(),
        research_depth: ResearchDepth::Basic.to_wire(),
        custom_prompt: None,
        days,
    }
}

/// A provider that always fails, named `builtin` to stand in for it.
pub struct Failing {
    pub retryable: bool,
    pub calls: AtomicUsize,
}

impl Failing {
    pub fn new(retryable: bool) -> Arc<Self> {
        Arc::new(Self { retryable, calls: AtomicUsize::new(0) })
    }
}

#[async_trait::async_trait]
impl Provider for Failing {
    fn name(&self) -> &'static str {
        "builtin"
    }

    async fn generate(
        &self,
        _: &GenerationRequest,
        _: &dyn Progress,
    ) -> Result<JournalContent, GenerationError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        Err(GenerationError::Failed {
            reason: format!("the model is overloaded (call {call})"),
            retryable: self.retryable,
        })
    }
}

/// A provider behind a gate (the builtin one unless told): each run waits until the
/// test lets one through, and counts as started before it waits.
pub struct Gated {
    pub started: AtomicUsize,
    gate: Semaphore,
    inner: BuiltinProvider,
}

impl Gated {
    pub fn new() -> Arc<Self> {
        Self::around(BuiltinProvider::new())
    }

    pub fn around(inner: BuiltinProvider) -> Arc<Self> {
        Arc::new(Self { started: AtomicUsize::new(0), gate: Semaphore::new(0), inner })
    }

    /// Lets `runs` waiting runs go on.
    pub fn open(&self, runs: usize) {
        self.gate.add_permits(runs);
    }

    pub async fn wait_for_starts(&self, runs: usize) {
        eventually(format!("{runs} runs to start"), || async {
            let started = self.started.load(Ordering::SeqCst);
            if started >= runs { Ok(()) } else { Err(format!("{started} started")) }
        })
        .await;
    }
}

#[async_trait::async_trait]
impl Provider for Gated {
    fn name(&self) -> &'static str {
        "builtin"
    }

    async fn generate(
        &self,
        request: &GenerationRequest,
        progress: &dyn Progress,
    ) -> Result<JournalContent, GenerationError> {
        self.started.fetch_add(1, Ordering::SeqCst);
        let permit = self
            .gate
            .acquire()
            .await
            .map_err(|_| GenerationError::Failed { reason: "the gate closed".into(), retryable: false })?;
        permit.forget();
        self.inner.generate(request, progress).await
    }
}

/// Providers with `provider` standing in for the builtin one.
pub fn with(provider: Arc<dyn Provider>) -> Providers {
    Providers::builtin(Duration::ZERO).with(provider, Duration::from_secs(1))
}
