//! The job queue every service uses (generation and export jobs, credit refunds): RabbitMQ
//! when `queue.url` is set, otherwise an in-process queue for `journalcraft dev` and
//! tests. Both behave the same; only RabbitMQ survives a restart or reaches other
//! processes.
//!
//! # Delivery guarantees
//!
//! - **At least once.** [`Queue::publish`] returns only after RabbitMQ confirmed the
//!   persistent message. A delivery is acknowledged only after its handler returned
//!   [`Outcome::Done`]; a worker that dies mid-job leaves it unacknowledged and the
//!   broker hands it to another consumer. The outbox relay may also publish a message
//!   twice (it crashed between the confirm and marking the row). So a message can be
//!   handled more than once: **handlers must be idempotent by message id** (the job
//!   id) and treat "already done" as [`Outcome::Done`].
//! - **No ordering.** Concurrent consumers and retries reorder messages.
//! - **Retries.** [`Outcome::Retry`] (and a handler panic) delivers the message again
//!   after `retry_base_ms · 2^(attempt-1)`, capped at `retry_max_ms`; after
//!   `max_attempts` attempts, and at once on [`Outcome::Fail`], it goes to the
//!   dead-letter queue with its reason in the `x-jc-reason` header, where
//!   [`Queue::dead_letters`] shows it.
//! - **In-process:** the same within one process; nothing is durable.
//!
//! # RabbitMQ topology, per logical queue `q`
//!
//! - `q`: durable; consumers take from it with manual acknowledgement and a prefetch
//!   of `min(concurrency, queue.prefetch)`.
//! - `q.retry`: durable, no consumers, `x-dead-letter-exchange: ""` and
//!   `x-dead-letter-routing-key: q`. A retried message is published here with a
//!   per-message `expiration` (the backoff) and `x-jc-attempt` incremented; when it
//!   expires RabbitMQ moves it back to `q`. The original is acknowledged only after
//!   that publish is confirmed.
//! - `q.dead`: durable; failed and exhausted messages, with `x-jc-reason`.
//!
//! Messages are published to the default exchange, persistent (delivery mode 2),
//! mandatory, with `message_id` = [`Message::id`], and publisher confirms awaited.
//! The connection is made in the background and remade with capped backoff after it
//! is lost, so a component starts while RabbitMQ is down and becomes ready when it
//! appears ([`readiness_check`]).
//!
//! Metrics: `queue_published_total{queue}`, `queue_handled_total{queue,outcome}`
//! (`done`, `retry`, `fail`; a panic counts as `retry`),
//! `queue_handle_duration_seconds{queue}`, `queue_dead_lettered_total{queue}`.

mod memory;
mod rabbit;
mod rabbit_consumer;
mod worker;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry::propagation::Injector;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing_opentelemetry::OpenTelemetrySpanExt;

pub use crate::config::QueueSettings;
use crate::error::{AppError, AppResult};

/// Header holding the 1-based attempt number of a message.
pub const ATTEMPT_HEADER: &str = "x-jc-attempt";
/// Header holding why a message was dead-lettered.
pub const REASON_HEADER: &str = "x-jc-reason";
/// Header carrying the W3C trace context.
pub const TRACEPARENT_HEADER: &str = "traceparent";

/// A message to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The idempotency key, e.g. the job id. At most 200 bytes.
    pub id: String,
    pub payload: Vec<u8>,
    /// Request id, W3C `traceparent`, …
    pub headers: BTreeMap<String, String>,
}

impl Message {
    /// A message carrying the current span's trace context (when tracing exports
    /// spans) so the handler's span continues the trace.
    pub fn new(id: impl Into<String>, payload: impl Into<Vec<u8>>) -> Self {
        let mut headers = BTreeMap::new();
        let context = tracing::Span::current().context();
        opentelemetry::global::get_text_map_propagator(|propagator| {
            propagator.inject_context(&context, &mut HeaderInjector(&mut headers))
        });
        Self { id: id.into(), payload: payload.into(), headers }
    }

    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }
}

struct HeaderInjector<'a>(&'a mut BTreeMap<String, String>);

impl Injector for HeaderInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
}

/// A message as a handler receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: String,
    pub payload: Vec<u8>,
    /// The published headers; a dead letter also has [`REASON_HEADER`].
    pub headers: BTreeMap<String, String>,
    /// 1 on the first delivery, 2 on the first retry, … A redelivery after a worker
    /// died keeps its number.
    pub attempt: u32,
}

/// What a handler made of a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Handled (or found already handled): acknowledge it.
    Done,
    /// A transient failure: try again after the backoff; dead-letter it after
    /// `max_attempts`.
    Retry(String),
    /// A permanent failure: dead-letter it at once.
    Fail(String),
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Retry(_) => "retry",
            Outcome::Fail(_) => "fail",
        }
    }
}

/// Handles the deliveries of one queue. Must be idempotent by [`Delivery::id`].
#[async_trait::async_trait]
pub trait Handler: Send + Sync + 'static {
    async fn handle(&self, delivery: &Delivery) -> Outcome;
}

#[derive(Debug, Clone, Copy)]
pub struct ConsumerOptions {
    /// Handlers run at once (also bounded by `queue.prefetch` on RabbitMQ).
    pub concurrency: usize,
}

impl Default for ConsumerOptions {
    fn default() -> Self {
        Self { concurrency: 1 }
    }
}

/// The numbers of [`QueueSettings`] both backends use.
#[derive(Debug, Clone, Copy)]
struct Limits {
    prefetch: u16,
    max_attempts: u32,
    retry_base: Duration,
    retry_max: Duration,
    publish_timeout: Duration,
}

impl Limits {
    fn from_settings(settings: &QueueSettings) -> Self {
        Self {
            prefetch: settings.prefetch.max(1),
            max_attempts: settings.max_attempts.max(1),
            retry_base: Duration::from_millis(settings.retry_base_ms.max(1)),
            retry_max: Duration::from_millis(settings.retry_max_ms.max(settings.retry_base_ms.max(1))),
            publish_timeout: Duration::from_millis(settings.publish_timeout_ms.max(1)),
        }
    }

    /// The delay before attempt `attempt + 1`: `retry_base · 2^(attempt-1)`, capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.retry_base.saturating_mul(1 << doublings).min(self.retry_max)
    }
}

/// The job queue; cheap to clone.
#[derive(Clone)]
pub struct Queue {
    backend: Backend,
    /// Every queue this handle (or a clone) has published to or consumed.
    known: Arc<Mutex<BTreeSet<String>>>,
}

/// How many messages of one queue wait to be taken, and how many were dead-lettered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Depth {
    pub queue: String,
    pub waiting: u64,
    pub dead: u64,
}

#[derive(Clone)]
enum Backend {
    Rabbit(rabbit::Rabbit),
    Memory(memory::Memory),
}

impl Queue {
    /// RabbitMQ when `settings.url` is set, otherwise in-process. Does not wait for
    /// the broker: the connection is made in the background (started here when
    /// called inside a tokio runtime, otherwise on first use).
    pub fn from_settings(settings: &QueueSettings) -> AppResult<Self> {
        let limits = Limits::from_settings(settings);
        let backend = match &settings.url {
            Some(url) => Backend::Rabbit(rabbit::Rabbit::new(url.clone(), limits)?),
            None => Backend::Memory(memory::Memory::new(limits)),
        };
        Ok(Self { backend, known: Arc::default() })
    }

    /// An in-process queue with the default settings.
    pub fn in_process() -> Self {
        Self {
            backend: Backend::Memory(memory::Memory::new(Limits::from_settings(&QueueSettings::default()))),
            known: Arc::default(),
        }
    }

    pub fn is_rabbitmq(&self) -> bool {
        matches!(self.backend, Backend::Rabbit(_))
    }

    /// Publishes `message` to `queue`. On RabbitMQ it returns once the broker
    /// confirmed the message; a refusal, a lost connection or `publish_timeout_ms`
    /// passing is [`crate::ErrorCode::Unavailable`] (publish again later).
    pub async fn publish(&self, queue: &str, message: Message) -> AppResult<()> {
        check_queue_name(queue)?;
        check_message(&message)?;
        self.note(queue);
        match &self.backend {
            Backend::Rabbit(rabbit) => rabbit.publish(queue, &message).await?,
            Backend::Memory(memory) => memory.publish(queue, message),
        }
        metrics::counter!("queue_published_total", "queue" => queue.to_owned()).increment(1);
        Ok(())
    }

    /// Consumes `queue` until `shutdown` fires, running up to
    /// `options.concurrency` handlers at once. Then it stops taking messages, lets
    /// every in-flight handler finish and settles its message before the returned
    /// task ends. On RabbitMQ a lost connection is remade with backoff and consuming
    /// resumes; the task also ends after [`Queue::close`].
    pub fn consume(
        &self,
        queue: &str,
        handler: Arc<dyn Handler>,
        options: ConsumerOptions,
        shutdown: CancellationToken,
    ) -> JoinHandle<()> {
        let name = queue.to_owned();
        if let Err(error) = check_queue_name(queue) {
            tracing::error!(queue = %name, error = %crate::error::cause_chain(&error), "cannot consume");
            return tokio::spawn(async {});
        }
        let options = ConsumerOptions { concurrency: options.concurrency.max(1) };
        self.note(queue);
        match &self.backend {
            Backend::Rabbit(rabbit) => {
                tokio::spawn(rabbit_consumer::consume(rabbit.clone(), name, handler, options, shutdown))
            }
            Backend::Memory(memory) => tokio::spawn(memory.clone().consume(name, handler, options, shutdown)),
        }
    }

    /// The dead letters of `queue`, oldest first, left in place (RabbitMQ: read
    /// with `basic.get` from `q.dead` and returned to it).
    pub async fn dead_letters(&self, queue: &str) -> AppResult<Vec<Delivery>> {
        check_queue_name(queue)?;
        match &self.backend {
            Backend::Rabbit(rabbit) => rabbit.dead_letters(queue).await,
            Backend::Memory(memory) => Ok(memory.dead_letters(queue)),
        }
    }

    fn note(&self, queue: &str) {
        let mut known = self.known.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !known.contains(queue) {
            known.insert(queue.to_owned());
        }
    }

    /// How many messages wait in, and were dead-lettered from, every queue this handle
    /// has published to or consumed, by name (RabbitMQ: the message counts of `q` and
    /// `q.dead`; messages waiting out a retry delay in `q.retry` are not counted).
    pub async fn depths(&self) -> AppResult<Vec<Depth>> {
        let queues: Vec<String> =
            self.known.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).iter().cloned().collect();
        match &self.backend {
            Backend::Rabbit(rabbit) => rabbit.depths(&queues).await,
            Backend::Memory(memory) => Ok(queues
                .into_iter()
                .map(|queue| {
                    let (waiting, dead) = memory.depth(&queue);
                    Depth { queue, waiting, dead }
                })
                .collect()),
        }
    }

    /// Whether the queue can take messages now (RabbitMQ: connected).
    pub async fn check(&self) -> Result<(), String> {
        match &self.backend {
            Backend::Rabbit(rabbit) => rabbit.check(),
            Backend::Memory(_) => Ok(()),
        }
    }

    /// Closes the RabbitMQ connection for good (no reconnect): unacknowledged
    /// messages go back to the broker and consumers end. For the end of a process,
    /// after its consumers have drained. In-process: nothing to close.
    pub async fn close(&self) {
        if let Backend::Rabbit(rabbit) = &self.backend {
            rabbit.close().await;
        }
    }
}

/// A readiness check of the queue `owner` (a component) uses, for
/// [`crate::health::Health`]; named `queue:<owner> (<backend>)` so components sharing
/// a process report apart.
pub fn readiness_check(owner: &str, queue: Queue) -> Arc<dyn crate::health::Check> {
    Arc::new(QueueCheck { owner: owner.to_owned(), queue })
}

struct QueueCheck {
    owner: String,
    queue: Queue,
}

#[async_trait::async_trait]
impl crate::health::Check for QueueCheck {
    fn name(&self) -> String {
        let backend = if self.queue.is_rabbitmq() { "rabbitmq" } else { "in-process" };
        format!("queue:{} ({backend})", self.owner)
    }

    async fn check(&self) -> Result<(), String> {
        self.queue.check().await
    }
}

/// Sets `queue_depth` and `queue_dead_letters` of every queue `queue` knows each time
/// `/metrics` is read; registered by [`crate::component::Context::open_queue`].
pub fn depth_collector(queue: Queue) -> Arc<dyn crate::health::Collect> {
    Arc::new(DepthCollector(queue))
}

struct DepthCollector(Queue);

#[async_trait::async_trait]
impl crate::health::Collect for DepthCollector {
    async fn collect(&self) {
        match self.0.depths().await {
            Ok(depths) => {
                for Depth { queue, waiting, dead } in depths {
                    metrics::gauge!("queue_depth", "queue" => queue.clone()).set(waiting as f64);
                    metrics::gauge!("queue_dead_letters", "queue" => queue).set(dead as f64);
                }
            }
            Err(error) => {
                tracing::debug!(error = %crate::error::cause_chain(&error), "queue depths not read")
            }
        }
    }
}

/// Describes the queue's families.
pub(crate) fn describe_metrics() {
    metrics::describe_counter!("queue_published_total", "Messages published (and confirmed), by queue.");
    metrics::describe_counter!(
        "queue_handled_total",
        "Messages a consumer handled, by queue and outcome (done, retry, fail)."
    );
    metrics::describe_histogram!(
        "queue_handle_duration_seconds",
        metrics::Unit::Seconds,
        "How long a consumer took to handle a message, by queue."
    );
    metrics::describe_counter!(
        "queue_dead_lettered_total",
        "Messages this process dead-lettered (failed, or out of attempts), by queue."
    );
    metrics::describe_gauge!(
        "queue_depth",
        "Messages waiting in a queue to be taken, read at each scrape, by queue."
    );
    metrics::describe_gauge!(
        "queue_dead_letters",
        "Messages in a queue's dead-letter queue, read at each scrape, by queue."
    );
}

const MAX_NAME_BYTES: usize = 200;

/// Queue names become RabbitMQ queue names with `.retry` / `.dead` appended.
pub(crate) fn check_queue_name(queue: &str) -> AppResult<()> {
    let valid = !queue.is_empty()
        && queue.len() <= MAX_NAME_BYTES
        && !queue.starts_with("amq.")
        && queue.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    if valid { Ok(()) } else { Err(AppError::internal(format!("invalid queue name {queue:?}"))) }
}

pub(crate) fn check_message(message: &Message) -> AppResult<()> {
    if message.id.is_empty() || message.id.len() > MAX_NAME_BYTES {
        return Err(AppError::internal(format!(
            "a message id must have 1 to {MAX_NAME_BYTES} bytes, not {}",
            message.id.len()
        )));
    }
    if let Some(name) = message.headers.keys().find(|name| name.is_empty() || name.len() > MAX_NAME_BYTES) {
        return Err(AppError::internal(format!("invalid message header name {name:?}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Environment, Problems, Validate};
    use crate::error::ErrorCode;

    #[test]
    fn backoff_doubles_from_the_base_and_is_capped() {
        let limits = Limits::from_settings(&QueueSettings {
            retry_base_ms: 1_000,
            retry_max_ms: 5_000,
            ..QueueSettings::default()
        });
        let delays: Vec<u64> = (1..=5).map(|a| limits.backoff(a).as_millis() as u64).collect();
        assert_eq!(delays, [1_000, 2_000, 4_000, 5_000, 5_000]);
        assert_eq!(limits.backoff(u32::MAX), Duration::from_millis(5_000));
    }

    #[test]
    fn settings_name_each_problem_and_production_needs_a_url() {
        let mut problems = Problems::new(Environment::Production);
        QueueSettings::default().validate("queue", &mut problems);
        let settings = QueueSettings {
            url: Some("http://rabbit".to_owned().into()),
            prefetch: 0,
            max_attempts: 0,
            retry_base_ms: 10,
            retry_max_ms: 5,
            publish_timeout_ms: 0,
        };
        settings.validate("queue", &mut problems);
        let found = problems.into_vec();
        assert!(found[0].message.contains("production needs RabbitMQ"), "{found:?}");
        assert!(found[0].message.contains("must start with amqp://"), "one line per key: {found:?}");
        let keys: Vec<_> = found.into_iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            [
                "queue.url",
                "queue.prefetch",
                "queue.max_attempts",
                "queue.retry_max_ms",
                "queue.publish_timeout_ms"
            ]
        );

        let mut problems = Problems::new(Environment::Development);
        QueueSettings::default().validate("queue", &mut problems);
        let settings = QueueSettings { url: Some("amqp://rabbit".to_owned().into()), ..Default::default() };
        settings.validate("queue", &mut problems);
        assert!(problems.is_empty());
    }

    #[test]
    fn names_and_ids_are_checked() {
        for good in ["jobs.generation", "export-jobs", "a_b:c"] {
            assert!(check_queue_name(good).is_ok(), "{good}");
        }
        for bad in ["", "amq.gen", "with space", "é", &"x".repeat(201)] {
            assert_eq!(check_queue_name(bad).map_err(|e| e.code).err(), Some(ErrorCode::Internal), "{bad}");
        }
        assert!(check_message(&Message::new("job-1", b"x".to_vec())).is_ok());
        assert!(check_message(&Message::new("", b"x".to_vec())).is_err());
        assert!(check_message(&Message::new("a".repeat(201), b"x".to_vec())).is_err());
        assert!(check_message(&Message::new("id", b"x".to_vec()).with_header("", "v")).is_err());
    }
}
