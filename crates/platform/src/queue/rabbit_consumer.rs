//! Consuming a RabbitMQ queue: one channel per consumer with a prefetch, handlers run
//! as tasks bounded by the prefetch, manual acknowledgement after the outcome is
//! settled, and a new channel after the connection came back.

use std::sync::Arc;

use futures::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions,
};
use lapin::types::FieldTable;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::rabbit::{
    Conn, RECONNECT_MAX, RECONNECT_MIN, Rabbit, dead_queue, declare_topology, delivery_from, properties,
    retry_queue,
};
use super::worker::{self, Settlement};
use super::{ATTEMPT_HEADER, ConsumerOptions, Handler, REASON_HEADER};

pub(super) async fn consume(
    rabbit: Rabbit,
    queue: String,
    handler: Arc<dyn Handler>,
    options: ConsumerOptions,
    shutdown: CancellationToken,
) {
    let prefetch = options.concurrency.min(usize::from(rabbit.limits().prefetch)).max(1);
    let consumer = Consumer { rabbit, queue, handler, prefetch, slots: Arc::new(Semaphore::new(prefetch)) };
    let mut in_flight = JoinSet::new();
    let mut delay = RECONNECT_MIN;
    loop {
        let Some(conn) = consumer.rabbit.wait_connected(&shutdown).await else { break };
        match consumer.session(&conn, &mut in_flight, &shutdown, &mut delay).await {
            Ok(Ended::Shutdown) => break,
            Ok(Ended::Lost(reason)) => {
                tracing::warn!(queue = %consumer.queue, %reason, "consumer lost its channel; resuming");
            }
            Err(error) => {
                tracing::warn!(queue = %consumer.queue, %error, retry_in_ms = delay.as_millis() as u64, "cannot consume");
            }
        }
        if consumer.rabbit.is_closed() {
            break;
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(delay) => {}
        }
        delay = (delay * 2).min(RECONNECT_MAX);
    }
    worker::drain(&mut in_flight).await;
    tracing::debug!(queue = %consumer.queue, "consumer stopped");
}

enum Ended {
    Shutdown,
    Lost(String),
}

struct Consumer {
    rabbit: Rabbit,
    queue: String,
    handler: Arc<dyn Handler>,
    prefetch: usize,
    /// One permit per handler running; held until its message is settled.
    slots: Arc<Semaphore>,
}

impl Consumer {
    /// Consumes on a new channel of `conn` until shutdown (then drains the handlers
    /// and closes the channel) or until the channel dies.
    async fn session(
        &self,
        conn: &Conn,
        in_flight: &mut JoinSet<()>,
        shutdown: &CancellationToken,
        delay: &mut std::time::Duration,
    ) -> lapin::Result<Ended> {
        let channel = conn.connection.create_channel().await?;
        declare_topology(&channel, &self.queue).await?;
        let prefetch = u16::try_from(self.prefetch).unwrap_or(u16::MAX);
        channel.basic_qos(prefetch, BasicQosOptions::default()).await?;
        let mut stream = channel
            .basic_consume(
                self.queue.as_str().into(),
                "".into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await?;
        *delay = RECONNECT_MIN;
        tracing::info!(queue = %self.queue, prefetch, "consuming");
        let lost = loop {
            let permit = tokio::select! {
                biased;
                _ = shutdown.cancelled() => break None,
                permit = self.slots.clone().acquire_owned() => permit,
            };
            let Ok(permit) = permit else { break None };
            let next = tokio::select! {
                biased;
                _ = shutdown.cancelled() => break None,
                next = stream.next() => next,
            };
            match next {
                Some(Ok(message)) => {
                    worker::reap(in_flight);
                    in_flight.spawn(settle(
                        self.rabbit.clone(),
                        self.queue.clone(),
                        self.handler.clone(),
                        message,
                        permit,
                    ));
                }
                Some(Err(error)) => break Some(error.to_string()),
                None => break Some("the consumer was cancelled".to_owned()),
            }
        };
        if let Some(reason) = lost {
            return Ok(Ended::Lost(reason));
        }
        // Stop deliveries, let the handlers finish and settle, then close the
        // channel, which returns any prefetched message to the queue.
        let _ = channel.basic_cancel(stream.tag(), BasicCancelOptions::default()).await;
        worker::drain(in_flight).await;
        let _ = channel.close(200, "OK".into()).await;
        Ok(Ended::Shutdown)
    }
}

/// Runs the handler, then acknowledges the message once its outcome is stored:
/// at once for `Done`, after the confirmed publish to `q.retry` or `q.dead`
/// otherwise. When that publish fails the message goes back to the queue.
async fn settle(
    rabbit: Rabbit,
    queue: String,
    handler: Arc<dyn Handler>,
    message: lapin::message::Delivery,
    permit: OwnedSemaphorePermit,
) {
    let lapin::message::Delivery { properties: props, data, acker, .. } = message;
    let delivery = delivery_from(&props, data);
    let outcome = worker::run_handler(&queue, handler.as_ref(), &delivery).await;
    let limits = rabbit.limits();
    let settled = match worker::settlement(&outcome, delivery.attempt, &limits) {
        Settlement::Ack => Ok(()),
        Settlement::Retry { next_attempt, delay } => {
            let attempt = [(ATTEMPT_HEADER, next_attempt.to_string())];
            let retry = properties(&delivery.id, &delivery.headers, &attempt, Some(delay));
            rabbit.send(&queue, &retry_queue(&queue), retry, &delivery.payload).await
        }
        Settlement::Dead { reason } => {
            let extra = [(ATTEMPT_HEADER, delivery.attempt.to_string()), (REASON_HEADER, reason.clone())];
            let dead = properties(&delivery.id, &delivery.headers, &extra, None);
            let sent = rabbit.send(&queue, &dead_queue(&queue), dead, &delivery.payload).await;
            if sent.is_ok() {
                worker::count_dead_letter(&queue, &delivery.id, &reason);
            }
            sent
        }
    };
    match settled {
        Ok(()) => match acker.ack(BasicAckOptions::default()).await {
            Ok(true) => {}
            Ok(false) | Err(_) => tracing::warn!(
                queue = %queue,
                message_id = %delivery.id,
                "could not acknowledge (the channel closed); the broker will deliver the message again"
            ),
        },
        Err(error) => {
            tracing::warn!(
                queue = %queue,
                message_id = %delivery.id,
                error = %crate::error::cause_chain(&error),
                "could not store the outcome; returning the message to the queue"
            );
            if acker.usable() {
                // Pause so that a broker refusing the publish does not spin the message.
                tokio::time::sleep(limits.backoff(delivery.attempt).min(RECONNECT_MAX)).await;
                let _ = acker.nack(BasicNackOptions { multiple: false, requeue: true }).await;
            }
        }
    }
    drop(permit);
}
