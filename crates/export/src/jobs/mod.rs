//! Export jobs: a job is a row first, then a message.
//!
//! `CreateExport` writes the job row and its `export.render` message to the outbox in
//! one transaction. The worker (`worker.rs`) takes the journal from the journal
//! service, renders it on the blocking pool, stores the file under a key of its own
//! run and completes the job in one guarded update, so a redelivered or concurrent
//! run never leaves a second file (the losing run deletes its own). `cleanup.rs`
//! deletes expired jobs and files.
//!
//! Statuses: `queued` → `rendering` → `completed`, or `failed` / `cancelled` from
//! either open status.

pub mod cleanup;
pub(crate) mod worker;

use std::collections::BTreeMap;
use std::sync::Arc;

use diesel::QueryResult;
use jc_platform::db::{Database, DbConnection};
use jc_platform::grpc::CallContext;
use jc_platform::outbox::{self, Relay};
use jc_platform::queue::Message;
use jc_platform::telemetry::{REQUEST_ID_HEADER, new_request_id};
use serde::{Deserialize, Serialize};

use crate::journals::Journals;
use crate::storage::ArtifactStore;

/// What the service's calls, its worker and its cleanup share; cheap to clone.
#[derive(Clone)]
pub(crate) struct Crew {
    pub(crate) db: Database,
    pub(crate) relay: Relay,
    pub(crate) journals: Journals,
    pub(crate) store: Arc<dyn ArtifactStore>,
    /// `queue.max_attempts`: a job's last attempt fails it for good.
    pub(crate) max_attempts: u32,
    /// How long finished jobs and files are kept.
    pub(crate) retention: chrono::Duration,
    pub(crate) max_file_bytes: u64,
}

/// The call context of a handler: the request id the message carries, or a new one.
pub(crate) fn call_context(headers: &BTreeMap<String, String>) -> CallContext {
    CallContext::new(headers.get(REQUEST_ID_HEADER).cloned().unwrap_or_else(new_request_id))
}

pub use jc_domain::ExportStatus;

/// The queue of jobs to render.
pub const RENDER_QUEUE: &str = "export.render";

/// The readable steps of a job.
pub mod step {
    pub const QUEUED: &str = "Waiting for a worker";
    pub const FETCHING: &str = "Fetching the journal";
    pub const RENDERING: &str = "Rendering";
    pub const STORING: &str = "Storing the file";
    pub const COMPLETED: &str = "Ready to download";
    pub const RETRY: &str = "Waiting to try again";
    pub const FAILED: &str = "Failed";
    pub const CANCELLED: &str = "Cancelled";
}

/// The body of an `export.render` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderMessage {
    /// The job to run.
    pub job_id: String,
}

/// Queues the job `job_id` to render; inside the transaction that writes it.
pub fn enqueue_render(conn: &mut DbConnection, job_id: &str, request_id: &str) -> QueryResult<()> {
    let body = RenderMessage { job_id: job_id.to_owned() };
    let payload =
        serde_json::to_vec(&body).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let message = Message::new(job_id.to_owned(), payload).with_header(REQUEST_ID_HEADER, request_id);
    outbox::enqueue(conn, RENDER_QUEUE, &message)
}

/// Queues every open job again through the outbox (the worker is idempotent, so a
/// job queued twice renders once); how many.
pub async fn dispatch_open_jobs(db: &jc_platform::db::Database) -> jc_platform::AppResult<usize> {
    let request_id = jc_platform::telemetry::new_request_id();
    db.run(move |conn| {
        jc_platform::db::transaction(conn, |conn| {
            let ids = crate::store::open_job_ids(conn)?;
            for id in &ids {
                enqueue_render(conn, id, &request_id)?;
            }
            Ok::<_, diesel::result::Error>(ids.len())
        })
        .map_err(Into::into)
    })
    .await
}
