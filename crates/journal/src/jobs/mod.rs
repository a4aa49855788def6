//! Generation jobs, on the platform's job runner (`jc_platform::jobs`): a job is a row
//! first, then a message.
//!
//! `StartGeneration` spends one AI credit, then writes the job row and its
//! `journal.generate` message to the outbox in one transaction. The job's steps
//! (`worker.rs`) run the job's provider, storing each stage and an estimate of the time left on
//! the row, and completes the job by writing the journal and marking the job in one
//! transaction, guarded so that a redelivered or concurrent run never writes a second
//! journal. A failed or cancelled job owes its credit back: the transaction that ends
//! it also queues a `journal.refund` message, whose handler (`refund.rs`) retries while
//! the user service is down; `recovery.rs` sends again what a restart or a long outage
//! left behind.
//!
//! Statuses: `pending` → `research` → `discovery` → `curation` → `editing` →
//! `completed`, or `failed` / `cancelled` from any open status.

pub(crate) mod events;
pub(crate) mod recovery;
pub(crate) mod refund;
pub(crate) mod worker;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use diesel::QueryResult;
pub use jc_domain::GenerationStatus;
use jc_platform::db::{Database, DbConnection};
use jc_platform::grpc::CallContext;
use jc_platform::jobs;
use jc_platform::outbox::{self, Relay};
use jc_platform::queue::{Message, Queue};
use jc_platform::telemetry::REQUEST_ID_HEADER;
use serde::{Deserialize, Serialize};

use crate::credits::Credits;
use jc_writer::Stage;

pub use jc_writer::providers::{OPENAI, Providers};

/// What the service's calls and its job handlers share; cheap to clone.
#[derive(Clone)]
pub(crate) struct Shared {
    pub(crate) db: Database,
    pub(crate) queue: Queue,
    pub(crate) relay: Relay,
    pub(crate) events: Arc<events::Events>,
    pub(crate) providers: Providers,
    pub(crate) credits: Credits,
    /// `queue.max_attempts`: a job's last attempt fails it for good.
    pub(crate) max_attempts: u32,
    /// Opens people's own provider keys; `None` without `journal.key_encryption_key`.
    pub(crate) keys: Option<crate::keys::KeyCipher>,
}

/// The call context of a handler: the request id the message carries, or a new one.
pub(crate) fn call_context(headers: &BTreeMap<String, String>) -> CallContext {
    CallContext::new(jobs::request_id_of(headers))
}

/// The queue of jobs to run.
pub const GENERATE_QUEUE: &str = "journal.generate";
/// The queue of credits to give back.
pub const REFUND_QUEUE: &str = "journal.refund";
/// Why a credit is spent, for the user service's ledger.
pub(crate) const SPEND_REASON: &str = "journal_generation";
/// Why a credit is given back.
pub(crate) const REFUND_REASON: &str = "journal_generation_refund";

/// The status of a job whose writer works on `stage`.
pub fn status_of(stage: Stage) -> GenerationStatus {
    match stage {
        Stage::Research => GenerationStatus::Research,
        Stage::Discovery => GenerationStatus::Discovery,
        Stage::Curation => GenerationStatus::Curation,
        Stage::Editing => GenerationStatus::Editing,
    }
}

/// The stage label of a job waiting to be tried again.
pub(crate) const RETRY_LABEL: &str = "Waiting to try again";

/// What became of the AI credit a job spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditState {
    /// Spent when the job started.
    Spent,
    /// A refund is dispatched and not yet confirmed by the user service.
    RefundPending,
    /// Given back, confirmed by the user service.
    Refunded,
}

impl CreditState {
    /// The word stored on the job row.
    pub fn as_str(self) -> &'static str {
        match self {
            CreditState::Spent => "spent",
            CreditState::RefundPending => "refund_pending",
            CreditState::Refunded => "refunded",
        }
    }
}

/// The idempotency key of a job's credit, for spending and refunding it.
pub(crate) fn credit_key(job_id: &str) -> String {
    format!("generation:{job_id}")
}

/// The body of a `journal.refund` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundMessage {
    /// The job whose credit is given back (the refund's key is derived from it).
    pub job_id: String,
    /// Who gets it back: the job's owner.
    pub user_id: String,
}

fn message<T: Serialize>(id: String, body: &T, request_id: &str) -> QueryResult<Message> {
    let payload =
        serde_json::to_vec(body).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    Ok(Message::new(id, payload).with_header(REQUEST_ID_HEADER, request_id))
}

/// Queues the job `job_id` to run; inside the transaction that writes or reopens it.
pub(crate) fn enqueue_generation(conn: &mut DbConnection, job_id: &str, request_id: &str) -> QueryResult<()> {
    jobs::enqueue(conn, GENERATE_QUEUE, job_id, request_id)
}

/// The refund message of a job's credit.
pub(crate) fn refund_message(job_id: &str, user_id: &str, request_id: &str) -> QueryResult<Message> {
    let body = RefundMessage { job_id: job_id.to_owned(), user_id: user_id.to_owned() };
    message(format!("refund:{job_id}"), &body, request_id)
}

/// Queues the refund of a job's credit; inside the transaction that ends the job.
pub(crate) fn enqueue_refund(
    conn: &mut DbConnection,
    job_id: &str,
    user_id: &str,
    request_id: &str,
) -> QueryResult<()> {
    outbox::enqueue(conn, REFUND_QUEUE, &refund_message(job_id, user_id, request_id)?)
}

/// Seconds a job at `percent` is still expected to take: once a tenth is done,
/// extrapolated from the time spent so far; before that, what the provider usually
/// takes less the time spent.
pub(crate) fn seconds_left(expected: Duration, elapsed: Duration, percent: u8) -> i32 {
    let left = match percent {
        100.. => Duration::ZERO,
        10.. => elapsed.mul_f64(f64::from(100 - percent) / f64::from(percent)),
        _ => expected.saturating_sub(elapsed),
    };
    i32::try_from(left.as_secs() + u64::from(left.subsec_nanos() > 0)).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_statuses_are_terminal_and_each_stage_has_its_own() {
        let terminal: Vec<&str> =
            GenerationStatus::ALL.iter().filter(|s| s.is_terminal()).map(|s| s.as_str()).collect();
        assert_eq!(terminal, ["completed", "failed", "cancelled"]);
        assert_eq!(GenerationStatus::parse("running"), None);
        let stages: Vec<GenerationStatus> = Stage::ALL.into_iter().map(status_of).collect();
        assert_eq!(stages, &GenerationStatus::ALL[1..5]);
    }

    #[test]
    fn the_time_left_is_extrapolated_once_a_tenth_is_done() {
        let expected = Duration::from_secs(30);
        assert_eq!(seconds_left(expected, Duration::from_secs(4), 0), 26);
        assert_eq!(seconds_left(expected, Duration::from_secs(40), 5), 0);
        assert_eq!(seconds_left(expected, Duration::from_secs(10), 50), 10);
        assert_eq!(seconds_left(expected, Duration::from_millis(100), 90), 1, "rounded up");
        assert_eq!(seconds_left(expected, Duration::from_secs(10), 100), 0);
    }

    #[test]
    fn messages_carry_the_job() {
        let refund = refund_message("j1", "u1", "r1").expect("message");
        assert_eq!(refund.id, "refund:j1");
        assert_eq!(refund.headers.get(REQUEST_ID_HEADER).map(String::as_str), Some("r1"));
        let body: RefundMessage = serde_json::from_slice(&refund.payload).expect("json");
        assert_eq!(body, RefundMessage { job_id: "j1".into(), user_id: "u1".into() });
        assert_eq!(credit_key("j1"), "generation:j1");
    }
}
