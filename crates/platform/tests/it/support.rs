//! Queues on both backends (a [`Fixture`]: in process on `embedded`, a RabbitMQ
//! virtual host of the test's own on `servers`), a scripted handler that records what
//! it saw, and a proxy to cut the broker off.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel_migrations::EmbeddedMigrations;
use jc_platform::AppError;
use jc_platform::db::{Database, Migrations};
use jc_platform::queue::{ConsumerOptions, Delivery, Handler, Outcome, Queue, QueueSettings};
use jc_testkit::{Backend, Fixture, PATIENCE, TestDatabase, TestVhost};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Settings for fast tests: retries after 10, 20, 40 ms; three attempts.
pub fn settings(url: Option<&str>) -> QueueSettings {
    QueueSettings {
        url: url.map(|u| u.to_owned().into()),
        prefetch: 8,
        max_attempts: 3,
        retry_base_ms: 10,
        retry_max_ms: 40,
        publish_timeout_ms: 5_000,
    }
}

/// A queue on one backend, with the virtual host it lives in.
pub struct TestQueue {
    pub queue: Queue,
    pub vhost: Option<TestVhost>,
}

impl Fixture for TestQueue {
    type Options = ();

    async fn start(backend: Backend, (): ()) -> Option<Self> {
        match backend {
            Backend::Embedded => Some(in_process()),
            Backend::Servers => rabbitmq(),
        }
    }
}

impl TestQueue {
    /// Another queue handle (another connection on RabbitMQ) to the same place.
    pub fn connect_again(&self) -> Queue {
        match &self.vhost {
            Some(vhost) => Queue::from_settings(&settings(Some(&vhost.url))).expect("queue"),
            None => self.queue.clone(),
        }
    }
}

pub fn in_process() -> TestQueue {
    jc_platform::telemetry::init_for_tests();
    TestQueue { queue: Queue::from_settings(&settings(None)).expect("queue"), vhost: None }
}

pub fn rabbitmq() -> Option<TestQueue> {
    let vhost = vhost()?;
    let queue = Queue::from_settings(&settings(Some(&vhost.url))).expect("queue");
    Some(TestQueue { queue, vhost: Some(vhost) })
}

/// A virtual host of the test's own (logs on when `TEST_LOG` is set).
pub fn vhost() -> Option<TestVhost> {
    jc_platform::telemetry::init_for_tests();
    jc_testkit::rabbitmq_vhost()
}

type Script = dyn Fn(&Delivery, usize) -> Outcome + Send + Sync;

/// A handler answering with `script(delivery, call number from 1)` and recording
/// every delivery it was given.
pub struct Recorder {
    calls: Mutex<Vec<Delivery>>,
    called: Notify,
    script: Box<Script>,
}

impl Recorder {
    pub fn new(script: impl Fn(&Delivery, usize) -> Outcome + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(Self { calls: Mutex::new(Vec::new()), called: Notify::new(), script: Box::new(script) })
    }

    pub fn done() -> Arc<Self> {
        Self::new(|_, _| Outcome::Done)
    }

    pub fn calls(&self) -> Vec<Delivery> {
        self.calls.lock().expect("calls").clone()
    }

    pub fn attempts(&self) -> Vec<u32> {
        self.calls().iter().map(|d| d.attempt).collect()
    }

    /// Waits until the handler was called `n` times; panics after [`PATIENCE`].
    pub async fn wait_for_calls(&self, n: usize) -> Vec<Delivery> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let notified = self.called.notified();
            let calls = self.calls();
            if calls.len() >= n {
                return calls;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "expected {n} calls, got {}: {calls:?}", calls.len());
            let _ = tokio::time::timeout(left, notified).await;
        }
    }
}

#[async_trait::async_trait]
impl Handler for Recorder {
    async fn handle(&self, delivery: &Delivery) -> Outcome {
        let call = {
            let mut calls = self.calls.lock().expect("calls");
            calls.push(delivery.clone());
            calls.len()
        };
        self.called.notify_waiters();
        (self.script)(delivery, call)
    }
}

/// Starts a consumer of `queue`; cancel the token to stop it.
pub fn consume(queue: &Queue, name: &str, handler: Arc<dyn Handler>, concurrency: usize) -> Consumer {
    let shutdown = CancellationToken::new();
    let task = queue.consume(name, handler, ConsumerOptions { concurrency }, shutdown.clone());
    Consumer { shutdown, task: Some(task) }
}

pub struct Consumer {
    pub shutdown: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl Consumer {
    /// Shuts the consumer down and waits for it to return.
    pub async fn stop(mut self) {
        self.shutdown.cancel();
        if let Some(task) = self.task.take() {
            tokio::time::timeout(PATIENCE, task).await.expect("the consumer stops").expect("consumer task");
        }
    }
}

impl Drop for Consumer {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Gives a wrongly repeated delivery time to arrive before asserting it did not.
pub async fn settle() {
    tokio::time::sleep(Duration::from_millis(150)).await;
}

/// A unique queue name per test.
pub fn queue_name() -> String {
    format!("jobs.test-{}", uuid::Uuid::new_v4().simple())
}

/// A TCP forwarder to the broker, to make it appear late or cut the network.
pub struct Proxy {
    pub port: u16,
    accepting: JoinHandle<()>,
    forwarding: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    /// Listens on `port` (0: any free one) and forwards every connection to `target`.
    pub async fn start(port: u16, target: String) -> Self {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let forwarding: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accepting = tokio::spawn({
            let forwarding = forwarding.clone();
            async move {
                while let Ok((mut inbound, _)) = listener.accept().await {
                    let target = target.clone();
                    let task = tokio::spawn(async move {
                        if let Ok(mut outbound) = tokio::net::TcpStream::connect(target.as_str()).await {
                            let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
                    forwarding.lock().expect("connections").push(task);
                }
            }
        });
        Self { port, accepting, forwarding }
    }

    /// Drops every forwarded connection, as a network failure would; new ones are
    /// still accepted.
    pub fn cut(&self) {
        for task in self.forwarding.lock().expect("connections").drain(..) {
            task.abort();
        }
    }

    /// `url` with its host and port replaced by the proxy's.
    pub fn url(&self, url: &str) -> String {
        url.replacen(&broker_address(url), &format!("127.0.0.1:{}", self.port), 1)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accepting.abort();
        self.cut();
    }
}

/// `host:port` of an `amqp://user:password@host:port/vhost` URL.
pub fn broker_address(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or(rest);
    authority.rsplit_once('@').map_or(authority, |(_, host)| host).to_owned()
}

/// A local port nothing listens on (until someone binds it again).
pub async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("address").port()
}

static NO_MIGRATIONS: EmbeddedMigrations = EmbeddedMigrations::new(&[]);

/// A database holding the outbox table, created with the documented DDL.
pub async fn outbox_database(test_database: &TestDatabase) -> Database {
    let migrations = Migrations { postgres: &NO_MIGRATIONS, sqlite: &NO_MIGRATIONS };
    let db = Database::new("outbox", &test_database.settings, migrations).expect("database");
    db.run(|conn| conn.batch_execute(jc_platform::outbox::DDL).map_err(AppError::internal))
        .await
        .expect("create the outbox table");
    db
}
