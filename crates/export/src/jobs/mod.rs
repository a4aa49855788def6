//! Export jobs, on the platform's job runner (`jc_platform::jobs`): a job is a row
//! first, then a message.
//!
//! `CreateExport` writes the job row and its `export.render` message to the outbox in
//! one transaction. The job's steps (`worker.rs`) take the journal from the journal
//! service, renders it on the blocking pool, stores the file under a key of its own
//! run and completes the job in one guarded update, so a redelivered or concurrent
//! run never leaves a second file (the losing run deletes its own). `cleanup.rs`
//! deletes expired jobs and files.
//!
//! Statuses: `queued` → `rendering` → `completed`, or `failed` / `cancelled` from
//! either open status.

pub mod cleanup;
pub(crate) mod worker;

use std::sync::Arc;

use diesel::QueryResult;
use jc_platform::db::{Database, DbConnection};
use jc_platform::jobs;
use jc_platform::outbox::Relay;

use crate::journals::Journals;
use crate::storage::ArtifactStore;

/// What the service's calls, its worker and its cleanup share; cheap to clone.
#[derive(Clone)]
pub(crate) struct Shared {
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

/// Queues the job `job_id` to render; inside the transaction that writes it.
pub fn enqueue_render(conn: &mut DbConnection, job_id: &str, request_id: &str) -> QueryResult<()> {
    jobs::enqueue(conn, RENDER_QUEUE, job_id, request_id)
}

/// Stores the new job `row` and queues it to render, in one transaction.
pub fn insert_queued(
    conn: &mut DbConnection,
    row: &crate::store::JobRow,
    request_id: &str,
) -> QueryResult<()> {
    jc_platform::db::transaction(conn, |conn| {
        crate::store::insert_job(conn, row)?;
        enqueue_render(conn, &row.id, request_id)
    })
}

/// Queues every open job again through the outbox (the runner is idempotent, so a
/// job queued twice renders once); how many.
pub async fn dispatch_open_jobs(db: &jc_platform::db::Database) -> jc_platform::AppResult<usize> {
    jobs::dispatch_open(db, RENDER_QUEUE, crate::store::open_job_ids).await
}
