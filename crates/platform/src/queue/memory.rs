//! The in-process backend: one tokio channel per queue, shared by its consumers,
//! retries delayed with `tokio::time`, dead letters kept in memory.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::worker::{self, Settlement};
use super::{ConsumerOptions, Delivery, Handler, Limits, Message, REASON_HEADER};

#[derive(Clone)]
pub(super) struct Memory {
    limits: Limits,
    lanes: Arc<Mutex<HashMap<String, Arc<Lane>>>>,
}

/// One queue: waiting messages and dead letters.
struct Lane {
    sender: mpsc::UnboundedSender<Delivery>,
    /// Consumers take turns at the receiving end.
    receiver: tokio::sync::Mutex<mpsc::UnboundedReceiver<Delivery>>,
    /// Messages in the channel, not yet taken by a consumer.
    waiting: AtomicU64,
    dead: Mutex<Vec<Delivery>>,
}

impl Lane {
    fn new() -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        Self {
            sender,
            receiver: tokio::sync::Mutex::new(receiver),
            waiting: AtomicU64::new(0),
            dead: Mutex::new(Vec::new()),
        }
    }

    fn push(&self, delivery: Delivery) {
        // The lane owns the receiver, so the channel is open while the lane exists.
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let _ = self.sender.send(delivery);
    }
}

impl Memory {
    pub(super) fn new(limits: Limits) -> Self {
        Self { limits, lanes: Arc::default() }
    }

    fn lane(&self, queue: &str) -> Arc<Lane> {
        lock(&self.lanes).entry(queue.to_owned()).or_insert_with(|| Arc::new(Lane::new())).clone()
    }

    pub(super) fn publish(&self, queue: &str, message: Message) {
        let Message { id, payload, headers } = message;
        self.lane(queue).push(Delivery { id, payload, headers, attempt: 1 });
    }

    pub(super) fn dead_letters(&self, queue: &str) -> Vec<Delivery> {
        lock(&self.lane(queue).dead).clone()
    }

    /// Messages of `queue` waiting to be taken, and its dead letters.
    pub(super) fn depth(&self, queue: &str) -> (u64, u64) {
        let lane = self.lane(queue);
        let dead = lock(&lane.dead).len() as u64;
        (lane.waiting.load(Ordering::SeqCst), dead)
    }

    pub(super) async fn consume(
        self,
        queue: String,
        handler: Arc<dyn super::Handler>,
        options: ConsumerOptions,
        shutdown: CancellationToken,
    ) {
        let lane = self.lane(&queue);
        let slots = Arc::new(Semaphore::new(options.concurrency));
        let mut in_flight = JoinSet::new();
        tracing::debug!(queue = %queue, concurrency = options.concurrency, "consuming in process");
        loop {
            let permit = tokio::select! {
                biased;
                _ = shutdown.cancelled() => break,
                permit = slots.clone().acquire_owned() => permit,
            };
            let Ok(permit) = permit else { break };
            let delivery = {
                let mut receiver = tokio::select! {
                    biased;
                    _ = shutdown.cancelled() => break,
                    receiver = lane.receiver.lock() => receiver,
                };
                tokio::select! {
                    biased;
                    _ = shutdown.cancelled() => break,
                    delivery = receiver.recv() => delivery,
                }
            };
            let Some(delivery) = delivery else { break };
            lane.waiting.fetch_sub(1, Ordering::SeqCst);
            worker::reap(&mut in_flight);
            let (lane, handler, queue, limits) = (lane.clone(), handler.clone(), queue.clone(), self.limits);
            in_flight.spawn(async move {
                handle(&lane, &queue, handler.as_ref(), delivery, &limits).await;
                drop(permit);
            });
        }
        worker::drain(&mut in_flight).await;
        tracing::debug!(queue = %queue, "in-process consumer stopped");
    }
}

async fn handle(
    lane: &Arc<Lane>,
    queue: &str,
    handler: &dyn Handler,
    mut delivery: Delivery,
    limits: &Limits,
) {
    let outcome = worker::run_handler(queue, handler, &delivery).await;
    match worker::settlement(&outcome, delivery.attempt, limits) {
        Settlement::Ack => {}
        Settlement::Retry { next_attempt, delay } => {
            delivery.attempt = next_attempt;
            let lane = lane.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                lane.push(delivery);
            });
        }
        Settlement::Dead { reason } => {
            worker::count_dead_letter(queue, &delivery.id, &reason);
            delivery.headers.insert(REASON_HEADER.to_owned(), reason);
            lock(&lane.dead).push(delivery);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Every critical section is one lookup, insert, push or clone: a panic cannot
    // leave the data half-changed, so a poisoned lock is safe to use.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
