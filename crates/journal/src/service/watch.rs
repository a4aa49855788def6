//! `WatchJob`: a job's state now, then each change until it finishes. Changes made
//! in this process arrive at once; changes made by another process of the service
//! are found by reading the row every `journal.watch_poll_ms`.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::Stream;
use jc_platform::AppResult;
use jc_platform::db::Database;
use jc_platform::identity::Caller;
use jc_proto::journal as proto;
use tokio::time::{Interval, MissedTickBehavior};
use tokio_util::sync::CancellationToken;
use tonic::Status;

use super::JournalService;
use super::jobs::{job_id, job_proto, load_job};
use crate::jobs::events::Subscription;
use crate::store::jobs::JobRow;

pub type JobStream = Pin<Box<dyn Stream<Item = Result<proto::Job, Status>> + Send>>;

impl JournalService {
    pub(super) async fn watch(&self, caller: Caller, raw_id: &str) -> AppResult<JobStream> {
        let id = job_id(raw_id)?;
        let user_id = caller.user_id.to_string();
        // Subscribed before the first read, so no change falls between the two.
        let subscription = self.shared.events.subscribe(&id);
        let (owner, job) = (user_id.clone(), id.clone());
        let first = self.db.run(move |conn| load_job(conn, &owner, &job)).await?;
        let mut poll = tokio::time::interval(self.watch_poll);
        poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let watch = Watch {
            db: self.db.clone(),
            user_id,
            id,
            subscription,
            poll,
            shutdown: self.shutdown.clone(),
            next: Some(first),
            last: None,
            finished: false,
        };
        Ok(Box::pin(futures::stream::unfold(watch, |mut watch| async move {
            let item = watch.next().await?;
            Some((item, watch))
        })))
    }
}

struct Watch {
    db: Database,
    user_id: String,
    id: String,
    subscription: Subscription,
    poll: Interval,
    shutdown: CancellationToken,
    /// A state found and not yet sent.
    next: Option<JobRow>,
    last: Option<JobRow>,
    finished: bool,
}

impl Watch {
    /// The next state to send; `None` once the job has finished (or the service
    /// stops, after an `unavailable` telling the watcher to watch again).
    async fn next(&mut self) -> Option<Result<proto::Job, Status>> {
        if self.finished {
            return None;
        }
        loop {
            let row = match self.next.take() {
                Some(row) => row,
                None => match self.wait().await {
                    Some(row) => row,
                    None => {
                        self.finished = true;
                        return Some(Err(Status::unavailable(
                            "The service is stopping; watch the job again.",
                        )));
                    }
                },
            };
            if !self.is_news(&row) {
                continue;
            }
            self.finished = row.is_finished();
            let job = job_proto(&row);
            self.last = Some(row);
            return Some(Ok(job));
        }
    }

    /// A state told by this process or read from the row; `None` on shutdown.
    async fn wait(&mut self) -> Option<JobRow> {
        loop {
            tokio::select! {
                _ = self.shutdown.cancelled() => return None,
                row = self.subscription.changed() => return Some(Arc::unwrap_or_clone(row)),
                _ = self.poll.tick() => {
                    let (owner, id) = (self.user_id.clone(), self.id.clone());
                    match self.db.run(move |conn| load_job(conn, &owner, &id)).await {
                        Ok(row) => return Some(row),
                        Err(error) => tracing::warn!(
                            job_id = %self.id,
                            error = %jc_platform::error::cause_chain(&error),
                            "a watched job cannot be read; trying again"
                        ),
                    }
                }
            }
        }
    }

    /// Whether `row` differs from the last state sent and is not older than it (a
    /// read that raced a newer notification).
    fn is_news(&self, row: &JobRow) -> bool {
        self.last.as_ref().is_none_or(|last| row != last && row.updated_at >= last.updated_at)
    }
}

/// The poll interval of a `watch_poll_ms` setting.
pub(crate) fn poll_interval(ms: u64) -> Duration {
    Duration::from_millis(ms.max(1))
}
