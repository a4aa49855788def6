//! What a restart or a long outage leaves behind, dispatched again through the
//! outbox (handlers are idempotent, so a message sent twice does no harm):
//!
//! - with the in-process queue, every open job at start (its message died with the
//!   process that held it; RabbitMQ hands unacknowledged messages back by itself);
//! - on either queue, refunds still owed: at start all of them in process, and
//!   periodically those owed for longer than [`REFUND_STALE`] (their message was
//!   dead-lettered while the user service was down).

use std::time::Duration;

use chrono::NaiveDateTime;
use jc_platform::AppResult;
use jc_platform::db::{self, DbConnection};
use jc_platform::telemetry::new_request_id;
use tokio_util::sync::CancellationToken;

use super::{CreditState, Shared, enqueue_generation, enqueue_refund};
use crate::store::jobs as job_store;

/// How often owed refunds are looked for.
const REFUND_SWEEP_EVERY: Duration = Duration::from_secs(300);
/// How long a refund may be owed before it is sent again.
pub(crate) const REFUND_STALE: chrono::TimeDelta = chrono::TimeDelta::minutes(10);
/// Rows handled per transaction.
const BATCH: i64 = 100;

/// Dispatches again what the last run left: every open job when the queue is
/// in-process (`open_jobs`), and the refunds owed since before `refunds_before`.
pub(crate) async fn at_start(
    shared: &Shared,
    open_jobs: bool,
    refunds_before: NaiveDateTime,
) -> AppResult<()> {
    if open_jobs {
        let request_id = new_request_id();
        let jobs = shared
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    let ids = job_store::open_job_ids(conn)?;
                    for id in &ids {
                        enqueue_generation(conn, id, &request_id)?;
                    }
                    Ok::<_, diesel::result::Error>(ids.len())
                })
                .map_err(Into::into)
            })
            .await?;
        if jobs > 0 {
            tracing::info!(jobs, "open generation jobs dispatched again after a start");
        }
    }
    redispatch_refunds(shared, refunds_before).await?;
    shared.relay.notify();
    Ok(())
}

/// Every [`REFUND_SWEEP_EVERY`] until `shutdown`, sends again the refunds owed for
/// longer than [`REFUND_STALE`].
pub(crate) async fn sweep_refunds(shared: Shared, shutdown: CancellationToken) {
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(REFUND_SWEEP_EVERY) => {}
        }
        match redispatch_refunds(&shared, db::now() - REFUND_STALE).await {
            Ok(()) => shared.relay.notify(),
            Err(error) => {
                tracing::warn!(error = %jc_platform::error::cause_chain(&error), "cannot sweep owed refunds")
            }
        }
    }
}

/// Queues again the refund of every job owing one since before `before`, marking
/// each as sent now.
async fn redispatch_refunds(shared: &Shared, before: NaiveDateTime) -> AppResult<()> {
    let request_id = new_request_id();
    let mut total = 0;
    loop {
        let request_id = request_id.clone();
        let sent = shared
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| redispatch_batch(conn, before, &request_id)).map_err(Into::into)
            })
            .await?;
        total += sent;
        if sent < BATCH as usize {
            break;
        }
    }
    if total > 0 {
        tracing::info!(refunds = total, "owed generation refunds dispatched again");
    }
    Ok(())
}

fn redispatch_batch(
    conn: &mut DbConnection,
    before: NaiveDateTime,
    request_id: &str,
) -> diesel::QueryResult<usize> {
    let owed = job_store::refunds_pending(conn, before, BATCH)?;
    let now = db::now();
    for (job_id, user_id) in &owed {
        enqueue_refund(conn, job_id, user_id, request_id)?;
        job_store::set_credit(conn, job_id, CreditState::RefundPending, CreditState::RefundPending, now)?;
    }
    Ok(owed.len())
}
