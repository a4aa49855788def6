//! The job runner: what every kind of job (a generation, an export, …) shares between
//! its row and its queue message.
//!
//! A job is a row first, then a message: the call that creates the job writes the row
//! and, in the same transaction, its message to the outbox ([`enqueue`]), so a job is
//! never queued without a row nor left with a row and no message. The message names
//! the job only ([`JobMessage`]); the row holds everything else.
//!
//! A kind of job implements [`Job`] and the steps of an attempt, [`JobRun`]: how to
//! claim a job (mark it started and count the attempt), run it, put it back to wait
//! for a retry, and fail it. [`Runner`] is the
//! queue [`Handler`] that drives those steps, and so gives every kind the same
//! guarantees:
//!
//! - **Idempotent by job id.** A message delivered twice, or for a job that finished
//!   (completed, failed, cancelled), is acknowledged as it is; a run that finds its
//!   job cancelled or finished by another run ([`Ran::Stopped`]) changes nothing more.
//!   Completing exactly once is the kind's guarded update (only an open job completes).
//! - **Retry with backoff, fail at the bound.** A transient failure ([`Ran::Retry`], an
//!   internal error, a panic) puts the job back to waiting ([`JobRun::requeue`]) and the
//!   queue delivers it again after its backoff; on the last attempt (`queue.max_attempts`)
//!   the job is failed instead, so no job stays open for ever. A permanent failure
//!   ([`Ran::Failed`]) fails it at once. Either way the message is dead-lettered with
//!   the reason. An internal error is shown to the job's owner as the kind's plain
//!   [`Job::INTERNAL_FAILURE`]; its cause goes to the log.
//! - **Recovery.** RabbitMQ hands back the messages of a worker that died; the
//!   in-process queue loses them with the process, so a service on it queues its open
//!   jobs again at start ([`dispatch_open`]); the runner's idempotence makes a job
//!   queued twice run once.
//!
//! Metrics: `jobs_finished_total{kind, outcome}` (`completed`, `stopped`, `skipped` for a
//! finished or unknown job, `retried`, `failed`) and `job_run_duration_seconds{kind}`.

use std::collections::BTreeMap;
use std::time::Instant;

use diesel::QueryResult;
use serde::{Deserialize, Serialize};

use crate::db::{self, Database, DbConnection};
use crate::error::{AppResult, cause_chain};
use crate::outbox;
use crate::queue::{Delivery, Handler, Message, Outcome};
use crate::telemetry::{REQUEST_ID_HEADER, new_request_id};

/// The longest failure reason kept on a job and sent with its dead letter.
pub const MAX_REASON_CHARS: usize = 1_000;

/// The body of every job message: the job to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobMessage {
    pub job_id: String,
}

/// Queues the job `job_id` on `queue`; call it inside the transaction that writes or
/// reopens the job. The message id is the job id, and it carries `request_id`.
pub fn enqueue(conn: &mut DbConnection, queue: &str, job_id: &str, request_id: &str) -> QueryResult<()> {
    let body = JobMessage { job_id: job_id.to_owned() };
    let payload =
        serde_json::to_vec(&body).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let message = Message::new(job_id.to_owned(), payload).with_header(REQUEST_ID_HEADER, request_id);
    outbox::enqueue(conn, queue, &message)
}

/// Queues every job `open_jobs` lists again on `queue`, in one transaction (the runner
/// is idempotent, so a job queued twice runs once); how many. For a service on the
/// in-process queue at start, whose open jobs' messages died with the last process.
pub async fn dispatch_open(
    db: &Database,
    queue: &'static str,
    open_jobs: fn(&mut DbConnection) -> QueryResult<Vec<String>>,
) -> AppResult<usize> {
    let request_id = new_request_id();
    db.run(move |conn| {
        db::transaction(conn, |conn| {
            let ids = open_jobs(conn)?;
            for id in &ids {
                enqueue(conn, queue, id, &request_id)?;
            }
            Ok::<_, diesel::result::Error>(ids.len())
        })
        .map_err(Into::into)
    })
    .await
}

/// The request id a message carries, or a new one.
pub fn request_id_of(headers: &BTreeMap<String, String>) -> String {
    headers.get(REQUEST_ID_HEADER).cloned().unwrap_or_else(new_request_id)
}

/// One delivery of one job.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub job_id: &'a str,
    /// The request that created the job, for logs and onward calls.
    pub request_id: &'a str,
    /// 1 on the first delivery.
    pub number: u32,
    /// No retry follows this attempt: a transient failure fails the job.
    pub is_last: bool,
}

/// What claiming a job found.
#[derive(Debug)]
pub enum Claim<T> {
    /// The job is marked started; run it.
    Run(T),
    /// The job has finished (its status, for the log): nothing to do.
    Finished(String),
    /// No such job: the message is dropped.
    Unknown,
}

impl<T> Claim<T> {
    /// The claim of a job as read back after marking it started: unknown without a row,
    /// finished when `finished` gives its status.
    pub fn of(job: Option<T>, finished: impl FnOnce(&T) -> Option<String>) -> Self {
        match job {
            None => Claim::Unknown,
            Some(job) => match finished(&job) {
                Some(status) => Claim::Finished(status),
                None => Claim::Run(job),
            },
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    /// The job completed.
    Completed,
    /// The job was cancelled or finished by another run meanwhile; nothing more to do.
    Stopped,
    /// A transient failure: try again after the backoff (fails the job on the last
    /// attempt).
    Retry(String),
    /// A permanent failure: fail the job now, with this reason for its owner.
    Failed(String),
}

/// A kind of job, as [`Runner`] drives it: its name, and the steps of one attempt.
pub trait Job: Send + Sync + 'static {
    /// The steps of one attempt of one job.
    type Run<'a>: JobRun
    where
        Self: 'a;

    /// The kind's name in logs and metrics: `generation`, `export`.
    const KIND: &'static str;

    /// The reason a job shows its owner when the service itself failed it.
    const INTERNAL_FAILURE: &'static str;

    /// The steps of `attempt`.
    fn attempt<'a>(&'a self, attempt: &Attempt<'a>) -> Self::Run<'a>;
}

/// The steps of one attempt of one job.
#[async_trait::async_trait]
pub trait JobRun: Send + Sync {
    /// The claimed job, as `run` needs it.
    type Claimed: Send;

    /// Marks the job started and counts the attempt, unless it has finished.
    async fn claim(&self) -> AppResult<Claim<Self::Claimed>>;

    /// Does the work of a claimed job.
    async fn run(&self, job: Self::Claimed) -> AppResult<Ran>;

    /// Puts the open job back to wait for its next delivery.
    async fn requeue(&self) -> AppResult<()>;

    /// Ends the open job as failed with `reason` (at most [`MAX_REASON_CHARS`]).
    async fn fail(&self, reason: &str) -> AppResult<()>;
}

/// The queue handler of a kind of job.
pub struct Runner<J> {
    job: J,
    max_attempts: u32,
}

impl<J: Job> Runner<J> {
    /// The handler of `job`, whose queue tries a message `max_attempts` times
    /// (`queue.max_attempts`).
    pub fn new(job: J, max_attempts: u32) -> Self {
        Self { job, max_attempts: max_attempts.max(1) }
    }

    /// The steps of one attempt; an error is an internal failure.
    async fn attempt(&self, attempt: &Attempt<'_>, steps: &J::Run<'_>) -> AppResult<(Ran, &'static str)> {
        let kind = J::KIND;
        let claimed = match steps.claim().await? {
            Claim::Run(claimed) => claimed,
            Claim::Finished(status) => {
                tracing::debug!(job_id = %attempt.job_id, kind, %status, "job already finished");
                return Ok((Ran::Stopped, "skipped"));
            }
            Claim::Unknown => {
                tracing::warn!(job_id = %attempt.job_id, kind, "a job message names no job; dropped");
                return Ok((Ran::Stopped, "skipped"));
            }
        };
        tracing::info!(job_id = %attempt.job_id, kind, attempt = attempt.number, "job started");
        let ran = steps.run(claimed).await?;
        let ran = match ran {
            Ran::Retry(reason) if attempt.is_last => Ran::Failed(reason),
            Ran::Retry(reason) => {
                tracing::info!(job_id = %attempt.job_id, kind, %reason, "job attempt failed; it will be retried");
                steps.requeue().await?;
                return Ok((Ran::Retry(reason), "retried"));
            }
            ran => ran,
        };
        Ok(match ran {
            Ran::Failed(reason) => {
                let reason = truncated(&reason);
                tracing::warn!(job_id = %attempt.job_id, kind, %reason, "job failed");
                steps.fail(&reason).await?;
                (Ran::Failed(reason), "failed")
            }
            Ran::Stopped => {
                tracing::info!(job_id = %attempt.job_id, kind, "job stopped: cancelled or finished elsewhere");
                (Ran::Stopped, "stopped")
            }
            ran => (ran, "completed"),
        })
    }

    /// After an internal error: a retry while attempts remain, else the job fails with
    /// the kind's plain reason.
    async fn recover(
        &self,
        attempt: &Attempt<'_>,
        steps: &J::Run<'_>,
        error: String,
    ) -> (Outcome, &'static str) {
        let kind = J::KIND;
        if !attempt.is_last {
            if let Err(also) = steps.requeue().await {
                tracing::warn!(job_id = %attempt.job_id, kind, error = %cause_chain(&also), "could not mark the job for a retry");
            }
            return (Outcome::Retry(error), "retried");
        }
        tracing::error!(job_id = %attempt.job_id, kind, %error, "job stopped by an internal error");
        match steps.fail(J::INTERNAL_FAILURE).await {
            Ok(()) => (Outcome::Fail(error), "failed"),
            Err(also) => {
                (Outcome::Fail(format!("{error}; marking it failed: {}", cause_chain(&also))), "failed")
            }
        }
    }
}

fn truncated(reason: &str) -> String {
    reason.chars().take(MAX_REASON_CHARS).collect()
}

#[async_trait::async_trait]
impl<J: Job> Handler for Runner<J> {
    async fn handle(&self, delivery: &Delivery) -> Outcome {
        let kind = J::KIND;
        let message: JobMessage = match serde_json::from_slice(&delivery.payload) {
            Ok(message) => message,
            Err(error) => return Outcome::Fail(format!("not a {kind} job message: {error}")),
        };
        let request_id = request_id_of(&delivery.headers);
        let attempt = Attempt {
            job_id: &message.job_id,
            request_id: &request_id,
            number: delivery.attempt,
            is_last: delivery.attempt >= self.max_attempts,
        };
        let started = Instant::now();
        let steps = self.job.attempt(&attempt);
        let (outcome, label) = match self.attempt(&attempt, &steps).await {
            Ok((Ran::Completed | Ran::Stopped, label)) => (Outcome::Done, label),
            Ok((Ran::Retry(reason), label)) => (Outcome::Retry(reason), label),
            Ok((Ran::Failed(reason), label)) => (Outcome::Fail(reason), label),
            Err(error) => {
                self.recover(&attempt, &steps, format!("job {}: {}", message.job_id, cause_chain(&error)))
                    .await
            }
        };
        metrics::counter!("jobs_finished_total", "kind" => kind, "outcome" => label).increment(1);
        metrics::histogram!("job_run_duration_seconds", "kind" => kind)
            .record(started.elapsed().as_secs_f64());
        outcome
    }
}

/// Describes the families [`Runner`] records.
pub(crate) fn describe_metrics() {
    metrics::describe_counter!("jobs_finished_total", "Job attempts that ended, by job kind and outcome.");
    metrics::describe_histogram!(
        "job_run_duration_seconds",
        metrics::Unit::Seconds,
        "How long one attempt of a job ran, by job kind."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kind whose jobs all exist and complete, or all fail.
    struct Always(Ran);

    struct Step<'a>(&'a Ran);

    impl Job for Always {
        type Run<'a> = Step<'a>;
        const KIND: &'static str = "probe";
        const INTERNAL_FAILURE: &'static str = "internal";

        fn attempt<'a>(&'a self, _attempt: &Attempt<'a>) -> Step<'a> {
            Step(&self.0)
        }
    }

    #[async_trait::async_trait]
    impl JobRun for Step<'_> {
        type Claimed = ();

        async fn claim(&self) -> AppResult<Claim<()>> {
            Ok(Claim::Run(()))
        }

        async fn run(&self, _job: ()) -> AppResult<Ran> {
            Ok(self.0.clone())
        }

        async fn requeue(&self) -> AppResult<()> {
            Ok(())
        }

        async fn fail(&self, _reason: &str) -> AppResult<()> {
            Ok(())
        }
    }

    fn delivery() -> Delivery {
        let payload = serde_json::to_vec(&JobMessage { job_id: "j1".into() }).expect("json");
        Delivery { id: "j1".into(), payload, headers: BTreeMap::new(), attempt: 1 }
    }

    #[test]
    fn every_run_is_counted_by_kind_and_outcome() {
        let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        metrics::with_local_recorder(&recorder, || {
            runtime.block_on(async {
                assert_eq!(Runner::new(Always(Ran::Completed), 3).handle(&delivery()).await, Outcome::Done);
                let failing = Runner::new(Always(Ran::Failed("bad".into())), 3);
                assert_eq!(failing.handle(&delivery()).await, Outcome::Fail("bad".into()));
            })
        });
        let text = handle.render();
        assert!(text.contains(r#"jobs_finished_total{kind="probe",outcome="completed"} 1"#), "{text}");
        assert!(text.contains(r#"jobs_finished_total{kind="probe",outcome="failed"} 1"#), "{text}");
        assert!(text.contains("job_run_duration_seconds"), "{text}");
    }

    #[test]
    fn a_reason_is_cut_at_its_bound_by_characters() {
        let long = "é".repeat(MAX_REASON_CHARS + 5);
        assert_eq!(truncated(&long).chars().count(), MAX_REASON_CHARS);
        assert_eq!(truncated("short"), "short");
    }
}
