//! The RabbitMQ backend: one connection per [`super::Queue`], made and remade in the
//! background, the topology of each logical queue, confirmed publishing and the
//! dead-letter view. Consuming lives in `rabbit_consumer`.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use lapin::options::{BasicGetOptions, BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable, LongString};
use lapin::{BasicProperties, Channel, Confirmation, Connection, ConnectionProperties, Event};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::{ATTEMPT_HEADER, Delivery, Depth, Limits, Message};
use crate::error::{AppError, AppResult};

/// First delay before reconnecting; it doubles up to [`RECONNECT_MAX`].
pub(super) const RECONNECT_MIN: Duration = Duration::from_millis(100);
pub(super) const RECONNECT_MAX: Duration = Duration::from_secs(5);
/// How often a live connection's status is polled, besides its error events.
const LIVENESS_POLL: Duration = Duration::from_millis(250);
/// The most dead letters [`Rabbit::dead_letters`] reads.
const MAX_DEAD_LETTERS: usize = 10_000;
const REPLY_SUCCESS: u16 = 200;

pub(super) fn retry_queue(queue: &str) -> String {
    format!("{queue}.retry")
}

pub(super) fn dead_queue(queue: &str) -> String {
    format!("{queue}.dead")
}

#[derive(Clone)]
pub(super) struct Rabbit {
    inner: Arc<Inner>,
}

/// Held by every clone of the queue; when the last one goes, the connection closes.
struct Inner {
    shared: Arc<Shared>,
    started: AtomicBool,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.shared.closed.cancel();
    }
}

/// What the connection task shares with the handles.
struct Shared {
    url: SecretString,
    limits: Limits,
    state: watch::Sender<State>,
    closed: CancellationToken,
}

#[derive(Clone)]
enum State {
    /// Before the first attempt, and right after a connection was lost.
    Connecting,
    Connected(Arc<Conn>),
    /// The last attempt failed; the next comes after a backoff.
    Down(String),
    Closed,
}

/// A live connection with its publishing channel and the topology it declared.
pub(super) struct Conn {
    pub(super) connection: Connection,
    publisher: tokio::sync::Mutex<Option<Channel>>,
    declared: Mutex<HashSet<String>>,
}

impl Rabbit {
    pub(super) fn new(url: SecretString, limits: Limits) -> AppResult<Self> {
        url.expose_secret()
            .parse::<lapin::uri::AMQPUri>()
            .map_err(|_| AppError::internal("queue.url is not a valid amqp:// URL"))?;
        let (state, _) = watch::channel(State::Connecting);
        let shared = Arc::new(Shared { url, limits, state, closed: CancellationToken::new() });
        let rabbit = Self { inner: Arc::new(Inner { shared, started: AtomicBool::new(false) }) };
        if tokio::runtime::Handle::try_current().is_ok() {
            rabbit.ensure_started();
        }
        Ok(rabbit)
    }

    pub(super) fn limits(&self) -> Limits {
        self.inner.shared.limits
    }

    fn ensure_started(&self) {
        if !self.inner.started.swap(true, Ordering::SeqCst) {
            tokio::spawn(supervise(self.inner.shared.clone()));
        }
    }

    /// The live connection; waits while a first attempt is under way, fails at once
    /// when the broker is known to be down.
    async fn connected(&self) -> AppResult<Arc<Conn>> {
        self.ensure_started();
        let mut state = self.inner.shared.state.subscribe();
        loop {
            match state.borrow_and_update().clone() {
                State::Connected(conn) => return Ok(conn),
                State::Down(error) => {
                    return Err(AppError::unavailable(format!("RabbitMQ is not reachable: {error}")));
                }
                State::Closed => return Err(AppError::unavailable("the queue connection is closed")),
                State::Connecting => {}
            }
            if state.changed().await.is_err() {
                return Err(AppError::unavailable("the queue connection is closed"));
            }
        }
    }

    /// Waits for a live connection through any outage; `None` once the queue is
    /// closed or `shutdown` fires.
    pub(super) async fn wait_connected(&self, shutdown: &CancellationToken) -> Option<Arc<Conn>> {
        self.ensure_started();
        let mut state = self.inner.shared.state.subscribe();
        loop {
            match state.borrow_and_update().clone() {
                State::Connected(conn) => return Some(conn),
                State::Closed => return None,
                State::Connecting | State::Down(_) => {}
            }
            tokio::select! {
                changed = state.changed() => if changed.is_err() { return None },
                _ = shutdown.cancelled() => return None,
            }
        }
    }

    pub(super) fn is_closed(&self) -> bool {
        self.inner.shared.closed.is_cancelled()
    }

    pub(super) async fn publish(&self, queue: &str, message: &Message) -> AppResult<()> {
        let properties = properties(&message.id, &message.headers, &[], None);
        self.send(queue, queue, properties, &message.payload).await
    }

    /// Publishes to `routing_key` (`queue`, its retry or its dead-letter queue) once
    /// `queue`'s topology is declared, and waits for the broker's confirm, all within
    /// `publish_timeout`.
    pub(super) async fn send(
        &self,
        queue: &str,
        routing_key: &str,
        properties: BasicProperties,
        payload: &[u8],
    ) -> AppResult<()> {
        let timeout = self.limits().publish_timeout;
        let sending = async {
            let conn = self.connected().await?;
            conn.declare(queue).await.map_err(AppError::unavailable)?;
            let channel = conn.publisher().await.map_err(AppError::unavailable)?;
            let options = BasicPublishOptions { mandatory: true, immediate: false };
            let confirm = channel
                .basic_publish("".into(), routing_key.into(), options, payload, properties)
                .await
                .map_err(AppError::unavailable)?
                .await
                .map_err(AppError::unavailable)?;
            match confirm {
                Confirmation::Ack(None) => Ok(()),
                Confirmation::Ack(Some(returned)) => {
                    // The queue was deleted behind our back: declare it again next time.
                    lock(&conn.declared).remove(queue);
                    Err(AppError::unavailable(format!(
                        "RabbitMQ could not route the message to {routing_key}: {} {}",
                        returned.reply_code, returned.reply_text
                    )))
                }
                Confirmation::Nack(_) => {
                    Err(AppError::unavailable(format!("RabbitMQ refused the message for {routing_key}")))
                }
                Confirmation::NotRequested => Err(AppError::internal("publisher confirms are not enabled")),
            }
        };
        match tokio::time::timeout(timeout, sending).await {
            Ok(result) => result,
            Err(_) => Err(AppError::unavailable(format!(
                "RabbitMQ did not confirm the message for {routing_key} within {} ms",
                timeout.as_millis()
            ))),
        }
    }

    /// Reads `queue.dead` with `basic.get` and closes the channel without
    /// acknowledging, which puts every message back.
    pub(super) async fn dead_letters(&self, queue: &str) -> AppResult<Vec<Delivery>> {
        let conn = tokio::time::timeout(self.limits().publish_timeout, self.connected())
            .await
            .map_err(|_| AppError::unavailable("RabbitMQ is not reachable"))??;
        conn.declare(queue).await.map_err(AppError::unavailable)?;
        let channel = conn.connection.create_channel().await.map_err(AppError::unavailable)?;
        let dead = dead_queue(queue);
        let mut letters = Vec::new();
        let reading = async {
            while letters.len() < MAX_DEAD_LETTERS {
                let options = BasicGetOptions { no_ack: false };
                match channel.basic_get(dead.as_str().into(), options).await? {
                    Some(message) => {
                        let delivery = message.delivery;
                        letters.push(delivery_from(&delivery.properties, delivery.data));
                    }
                    None => break,
                }
            }
            Ok::<_, lapin::Error>(())
        };
        let read = tokio::time::timeout(Duration::from_secs(30), reading).await;
        let _ = channel.close(REPLY_SUCCESS, "OK".into()).await;
        match read {
            Ok(Ok(())) => Ok(letters),
            Ok(Err(error)) => Err(AppError::unavailable(error)),
            Err(_) => Err(AppError::unavailable("reading the dead letters timed out")),
        }
    }

    /// The message counts of `q` and `q.dead` for each of `queues`, declared first
    /// when this connection has not declared them yet.
    pub(super) async fn depths(&self, queues: &[String]) -> AppResult<Vec<Depth>> {
        if queues.is_empty() {
            return Ok(Vec::new());
        }
        let conn = tokio::time::timeout(self.limits().publish_timeout, self.connected())
            .await
            .map_err(|_| AppError::unavailable("RabbitMQ is not reachable"))??;
        let channel = conn.connection.create_channel().await.map_err(AppError::unavailable)?;
        let passive = QueueDeclareOptions { passive: true, ..QueueDeclareOptions::default() };
        let counting = async {
            let mut depths = Vec::with_capacity(queues.len());
            for queue in queues {
                conn.declare(queue).await?;
                let count = |name: String| {
                    let channel = &channel;
                    async move {
                        Ok::<_, lapin::Error>(
                            channel
                                .queue_declare(name.as_str().into(), passive, FieldTable::default())
                                .await?
                                .message_count(),
                        )
                    }
                };
                let waiting = count(queue.clone()).await?;
                let dead = count(dead_queue(queue)).await?;
                depths.push(Depth { queue: queue.clone(), waiting: waiting.into(), dead: dead.into() });
            }
            Ok::<_, lapin::Error>(depths)
        };
        let counted = tokio::time::timeout(self.limits().publish_timeout, counting).await;
        let _ = channel.close(REPLY_SUCCESS, "OK".into()).await;
        match counted {
            Ok(Ok(depths)) => Ok(depths),
            Ok(Err(error)) => Err(AppError::unavailable(error)),
            Err(_) => Err(AppError::unavailable("counting the queues' messages timed out")),
        }
    }

    pub(super) fn check(&self) -> Result<(), String> {
        self.ensure_started();
        match &*self.inner.shared.state.borrow() {
            State::Connected(conn) if conn.connection.status().connected() => Ok(()),
            State::Connected(_) | State::Connecting => Err("connecting to RabbitMQ".into()),
            State::Down(error) => Err(format!("RabbitMQ is not reachable: {error}")),
            State::Closed => Err("the queue connection is closed".into()),
        }
    }

    /// Closes the connection and stops reconnecting; returns once it is closed.
    pub(super) async fn close(&self) {
        self.inner.shared.closed.cancel();
        if !self.inner.started.load(Ordering::SeqCst) {
            self.inner.shared.state.send_replace(State::Closed);
            return;
        }
        let mut state = self.inner.shared.state.subscribe();
        let closed = state.wait_for(|state| matches!(state, State::Closed));
        let _ = tokio::time::timeout(Duration::from_secs(5), closed).await;
    }
}

impl Conn {
    fn new(connection: Connection) -> Self {
        Self { connection, publisher: tokio::sync::Mutex::new(None), declared: Mutex::new(HashSet::new()) }
    }

    /// The channel in confirm mode that publishes, reopened if a channel error closed it.
    async fn publisher(&self) -> lapin::Result<Channel> {
        let mut slot = self.publisher.lock().await;
        if let Some(channel) = slot.as_ref()
            && channel.status().connected()
        {
            return Ok(channel.clone());
        }
        let channel = self.connection.create_channel().await?;
        channel.confirm_select(ConfirmSelectOptions::default()).await?;
        *slot = Some(channel.clone());
        Ok(channel)
    }

    /// Declares `queue`'s topology once per connection, on a channel of its own so
    /// that a mismatch closes only that channel.
    pub(super) async fn declare(&self, queue: &str) -> lapin::Result<()> {
        if lock(&self.declared).contains(queue) {
            return Ok(());
        }
        let channel = self.connection.create_channel().await?;
        let declared = declare_topology(&channel, queue).await;
        let _ = channel.close(REPLY_SUCCESS, "OK".into()).await;
        declared?;
        lock(&self.declared).insert(queue.to_owned());
        Ok(())
    }

    /// Resolves with a reason when the connection is no longer usable.
    async fn lost(&self) -> String {
        let mut events = std::pin::pin!(self.connection.events_listener());
        loop {
            if !self.connection.status().connected() {
                return "the connection closed".into();
            }
            tokio::select! {
                event = events.next() => match event {
                    Some(Event::Error(error)) => return error.to_string(),
                    None => return "the connection ended".into(),
                    Some(_) => {}
                },
                _ = tokio::time::sleep(LIVENESS_POLL) => {}
            }
        }
    }
}

/// `q`, `q.retry` dead-lettering into `q` through the default exchange, `q.dead`.
pub(super) async fn declare_topology(channel: &Channel, queue: &str) -> lapin::Result<()> {
    channel.queue_declare(queue.into(), QueueDeclareOptions::durable(), FieldTable::default()).await?;
    let mut retry = FieldTable::default();
    retry.insert("x-dead-letter-exchange".into(), AMQPValue::LongString("".into()));
    retry.insert("x-dead-letter-routing-key".into(), AMQPValue::LongString(queue.into()));
    channel.queue_declare(retry_queue(queue).as_str().into(), QueueDeclareOptions::durable(), retry).await?;
    channel
        .queue_declare(
            dead_queue(queue).as_str().into(),
            QueueDeclareOptions::durable(),
            FieldTable::default(),
        )
        .await?;
    Ok(())
}

/// Connects, keeps the connection while it lives, and reconnects with capped
/// exponential backoff until the queue is closed or dropped.
async fn supervise(shared: Arc<Shared>) {
    let mut delay = RECONNECT_MIN;
    let mut failures = 0u32;
    let properties = || ConnectionProperties::default().with_connection_name("journalcraft".into());
    let connect_timeout = shared.limits.publish_timeout.max(Duration::from_secs(1));
    loop {
        let attempt = tokio::select! {
            _ = shared.closed.cancelled() => break,
            attempt = tokio::time::timeout(
                connect_timeout,
                Connection::connect(shared.url.expose_secret(), properties()),
            ) => attempt,
        };
        match attempt {
            Ok(Ok(connection)) => {
                delay = RECONNECT_MIN;
                failures = 0;
                let conn = Arc::new(Conn::new(connection));
                shared.state.send_replace(State::Connected(conn.clone()));
                tracing::info!("connected to RabbitMQ");
                tokio::select! {
                    _ = shared.closed.cancelled() => {
                        let closing = conn.connection.close(REPLY_SUCCESS, "OK".into());
                        let _ = tokio::time::timeout(connect_timeout, closing).await;
                        break;
                    }
                    reason = conn.lost() => {
                        tracing::warn!(%reason, "lost the RabbitMQ connection; reconnecting");
                        shared.state.send_replace(State::Connecting);
                    }
                }
            }
            Ok(Err(error)) => {
                failures += 1;
                report_down(&shared, failures, delay, error.to_string());
            }
            Err(_) => {
                failures += 1;
                report_down(&shared, failures, delay, format!("no answer within {connect_timeout:?}"));
            }
        }
        tokio::select! {
            _ = shared.closed.cancelled() => break,
            _ = tokio::time::sleep(delay) => {}
        }
        delay = (delay * 2).min(RECONNECT_MAX);
    }
    shared.state.send_replace(State::Closed);
    tracing::debug!("RabbitMQ connection closed");
}

fn report_down(shared: &Shared, failures: u32, delay: Duration, error: String) {
    let retry_in_ms = delay.as_millis() as u64;
    if failures == 1 || failures.is_multiple_of(10) {
        tracing::warn!(attempt = failures, retry_in_ms, %error, "RabbitMQ not reachable");
    } else {
        tracing::debug!(attempt = failures, retry_in_ms, %error, "RabbitMQ not reachable");
    }
    shared.state.send_replace(State::Down(error));
}

/// Persistent message properties. `extra` headers are added after `headers`.
pub(super) fn properties(
    id: &str,
    headers: &BTreeMap<String, String>,
    extra: &[(&str, String)],
    expiration: Option<Duration>,
) -> BasicProperties {
    let mut table = FieldTable::default();
    let all = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain(extra.iter().map(|(k, v)| (*k, v.as_str())));
    for (name, value) in all {
        table.insert(name.into(), AMQPValue::LongString(LongString::from(value)));
    }
    let properties =
        BasicProperties::default().with_delivery_mode(2).with_message_id(id.into()).with_headers(table);
    match expiration {
        Some(delay) => properties.with_expiration(delay.as_millis().max(1).to_string().into()),
        None => properties,
    }
}

/// The delivery a handler sees: the string headers without the attempt and the
/// broker's own `x-death` bookkeeping.
pub(super) fn delivery_from(properties: &BasicProperties, payload: Vec<u8>) -> Delivery {
    let id = properties.message_id().as_ref().map(|id| id.to_string()).unwrap_or_default();
    let mut headers = BTreeMap::new();
    let mut attempt = 1;
    if let Some(table) = properties.headers() {
        for (name, value) in table.inner() {
            let name = name.as_str();
            if name == ATTEMPT_HEADER {
                attempt = number(value).unwrap_or(1).max(1);
            } else if !is_broker_header(name)
                && let Some(text) = text(value)
            {
                headers.insert(name.to_owned(), text);
            }
        }
    }
    Delivery { id, payload, headers, attempt }
}

fn is_broker_header(name: &str) -> bool {
    name == "x-death" || name.starts_with("x-first-death-") || name.starts_with("x-last-death-")
}

fn text(value: &AMQPValue) -> Option<String> {
    match value {
        AMQPValue::LongString(text) => Some(String::from_utf8_lossy(text.as_bytes()).into_owned()),
        AMQPValue::ShortString(text) => Some(text.to_string()),
        _ => None,
    }
}

fn number(value: &AMQPValue) -> Option<u32> {
    match value {
        AMQPValue::LongString(_) | AMQPValue::ShortString(_) => text(value)?.trim().parse().ok(),
        AMQPValue::ShortShortUInt(n) => Some(u32::from(*n)),
        AMQPValue::ShortUInt(n) => Some(u32::from(*n)),
        AMQPValue::LongUInt(n) => Some(*n),
        AMQPValue::ShortShortInt(n) => u32::try_from(*n).ok(),
        AMQPValue::ShortInt(n) => u32::try_from(*n).ok(),
        AMQPValue::LongInt(n) => u32::try_from(*n).ok(),
        AMQPValue::LongLongInt(n) => u32::try_from(*n).ok(),
        _ => None,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // One contains or insert per critical section: a poisoned lock is still consistent.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip_without_the_attempt_and_broker_bookkeeping() {
        let headers = BTreeMap::from([("x-request-id".to_owned(), "r1".to_owned())]);
        let mut properties = properties("job-1", &headers, &[(ATTEMPT_HEADER, "3".into())], None);
        let mut table = properties.headers().clone().unwrap_or_default();
        table.insert("x-first-death-queue".into(), AMQPValue::LongString("jobs.retry".into()));
        table.insert("x-death".into(), AMQPValue::FieldArray(Default::default()));
        properties = properties.with_headers(table);
        let delivery = delivery_from(&properties, b"p".to_vec());
        assert_eq!(delivery.id, "job-1");
        assert_eq!(delivery.attempt, 3);
        assert_eq!(delivery.headers, headers);
        assert_eq!(properties.delivery_mode(), &Some(2));
    }

    #[test]
    fn expiration_is_whole_milliseconds() {
        let properties = properties("id", &BTreeMap::new(), &[], Some(Duration::from_millis(1500)));
        assert_eq!(properties.expiration().as_ref().map(|e| e.as_str()), Some("1500"));
    }
}
