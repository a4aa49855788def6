//! What both backends share when they run a handler: panic capture, tracing, metrics,
//! and the decision of what becomes of the message.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures::FutureExt;
use opentelemetry::propagation::Extractor;
use tokio::task::JoinSet;
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use super::{Delivery, Handler, Limits, Outcome};
use crate::telemetry::REQUEST_ID_HEADER;

/// Runs `handler` on `delivery` inside a span that continues the publisher's trace.
/// A panic becomes [`Outcome::Retry`].
pub(super) async fn run_handler(queue: &str, handler: &dyn Handler, delivery: &Delivery) -> Outcome {
    let span = tracing::info_span!(
        "queue.handle",
        queue = %queue,
        message_id = %delivery.id,
        attempt = delivery.attempt,
        request_id = delivery.headers.get(REQUEST_ID_HEADER).map(String::as_str).unwrap_or(""),
    );
    let parent = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&HeaderExtractor(&delivery.headers))
    });
    let _ = span.set_parent(parent);
    let started = Instant::now();
    let outcome =
        match AssertUnwindSafe(handler.handle(delivery)).catch_unwind().instrument(span.clone()).await {
            Ok(outcome) => outcome,
            Err(panic) => Outcome::Retry(format!("the handler panicked: {}", panic_message(panic.as_ref()))),
        };
    metrics::histogram!("queue_handle_duration_seconds", "queue" => queue.to_owned())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("queue_handled_total", "queue" => queue.to_owned(), "outcome" => outcome.label())
        .increment(1);
    span.in_scope(|| match &outcome {
        Outcome::Done => tracing::debug!("message handled"),
        Outcome::Retry(reason) => tracing::warn!(%reason, "message will be retried"),
        Outcome::Fail(reason) => tracing::warn!(%reason, "message failed"),
    });
    outcome
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

struct HeaderExtractor<'a>(&'a BTreeMap<String, String>);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }
}

/// What becomes of a message after its handler returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Settlement {
    Ack,
    Retry { next_attempt: u32, delay: Duration },
    Dead { reason: String },
}

pub(super) fn settlement(outcome: &Outcome, attempt: u32, limits: &Limits) -> Settlement {
    match outcome {
        Outcome::Done => Settlement::Ack,
        Outcome::Retry(_) if attempt < limits.max_attempts => {
            Settlement::Retry { next_attempt: attempt + 1, delay: limits.backoff(attempt) }
        }
        Outcome::Retry(reason) | Outcome::Fail(reason) => Settlement::Dead { reason: reason.clone() },
    }
}

pub(super) fn count_dead_letter(queue: &str, id: &str, reason: &str) {
    metrics::counter!("queue_dead_lettered_total", "queue" => queue.to_owned()).increment(1);
    tracing::warn!(queue = %queue, message_id = %id, %reason, "message dead-lettered");
}

/// Collects the handler tasks that have finished.
pub(super) fn reap(in_flight: &mut JoinSet<()>) {
    while let Some(result) = in_flight.try_join_next() {
        log_join(result);
    }
}

/// Waits for every in-flight handler task.
pub(super) async fn drain(in_flight: &mut JoinSet<()>) {
    while let Some(result) = in_flight.join_next().await {
        log_join(result);
    }
}

fn log_join(result: Result<(), tokio::task::JoinError>) {
    if let Err(error) = result
        && !error.is_cancelled()
    {
        tracing::error!(%error, "a queue handler task failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::QueueSettings;

    #[test]
    fn retries_until_max_attempts_then_dead_letters() {
        let limits = Limits::from_settings(&QueueSettings {
            max_attempts: 3,
            retry_base_ms: 10,
            ..QueueSettings::default()
        });
        let retry = Outcome::Retry("later".into());
        assert_eq!(settlement(&Outcome::Done, 3, &limits), Settlement::Ack);
        assert_eq!(
            settlement(&retry, 1, &limits),
            Settlement::Retry { next_attempt: 2, delay: Duration::from_millis(10) }
        );
        assert_eq!(
            settlement(&retry, 2, &limits),
            Settlement::Retry { next_attempt: 3, delay: Duration::from_millis(20) }
        );
        assert_eq!(settlement(&retry, 3, &limits), Settlement::Dead { reason: "later".into() });
        assert_eq!(
            settlement(&Outcome::Fail("bad".into()), 1, &limits),
            Settlement::Dead { reason: "bad".into() }
        );
    }
}
