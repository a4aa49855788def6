//! The job runner's guarantees (docs/architecture.md, "Jobs"), once, on both queues: a
//! job kind whose rows live in memory and whose runs follow a script.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jc_platform::jobs::{Attempt, Claim, Job, JobMessage, JobRun, MAX_REASON_CHARS, Ran, Runner};
use jc_platform::queue::{Message, Queue, REASON_HEADER};
use jc_platform::{AppError, AppResult};

use jc_testkit::eventually;

use crate::support::{TestQueue, consume, queue_name, settings, settle};

jc_testkit::on_every_backend!(
    TestQueue =>
    a_job_delivered_twice_runs_and_completes_once,
    a_transient_failure_waits_then_runs_again,
    a_job_failing_every_attempt_fails_at_the_bound,
    a_permanent_failure_fails_at_once_with_its_reason_cut_to_the_bound,
    an_internal_error_is_retried_and_shown_plainly_at_the_bound,
    a_panicking_run_is_run_again,
    a_cancelled_or_unknown_job_is_acknowledged_as_it_is,
    a_message_that_is_not_a_job_is_dead_lettered,
);

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Open,
    Running,
    Waiting,
    Completed,
    Failed(String),
    Cancelled,
}

/// What run `n` (from 1) of a job does.
type Script = dyn Fn(u32) -> Step + Send + Sync;

enum Step {
    Ran(Ran),
    Internal,
    Panic,
}

/// Jobs kept in memory, each with its state, its runs and how often it was put back.
struct Ledger {
    rows: Mutex<HashMap<String, (State, u32, u32)>>,
    script: Box<Script>,
}

impl Ledger {
    fn new(script: impl Fn(u32) -> Step + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(Self { rows: Mutex::default(), script: Box::new(script) })
    }

    fn open(&self, id: &str) {
        self.rows.lock().expect("rows").insert(id.to_owned(), (State::Open, 0, 0));
    }

    /// (state, runs, requeues) of a job.
    fn row(&self, id: &str) -> (State, u32, u32) {
        self.rows.lock().expect("rows").get(id).cloned().expect("a job")
    }

    fn set(&self, id: &str, state: State) {
        if let Some(row) = self.rows.lock().expect("rows").get_mut(id) {
            row.0 = state;
        }
    }
}

const INTERNAL: &str = "the test job could not be done because of an internal error";

/// A job kind over a shared ledger.
struct Kind(Arc<Ledger>);

impl Job for Kind {
    type Run<'a> = Steps<'a>;

    const KIND: &'static str = "test";
    const INTERNAL_FAILURE: &'static str = INTERNAL;

    fn attempt<'a>(&'a self, attempt: &Attempt<'a>) -> Steps<'a> {
        Steps { ledger: &self.0, job_id: attempt.job_id }
    }
}

/// One attempt of one job of the ledger.
struct Steps<'a> {
    ledger: &'a Ledger,
    job_id: &'a str,
}

#[async_trait::async_trait]
impl JobRun for Steps<'_> {
    type Claimed = u32;

    async fn claim(&self) -> AppResult<Claim<u32>> {
        let mut rows = self.ledger.rows.lock().expect("rows");
        let Some(row) = rows.get_mut(self.job_id) else { return Ok(Claim::Unknown) };
        match row.0 {
            State::Completed | State::Failed(_) | State::Cancelled => {
                Ok(Claim::Finished(format!("{:?}", row.0)))
            }
            _ => {
                row.0 = State::Running;
                row.1 += 1;
                Ok(Claim::Run(row.1))
            }
        }
    }

    async fn run(&self, run: u32) -> AppResult<Ran> {
        match (self.ledger.script)(run) {
            Step::Ran(Ran::Completed) => {
                self.ledger.set(self.job_id, State::Completed);
                Ok(Ran::Completed)
            }
            Step::Ran(ran) => Ok(ran),
            Step::Internal => Err(AppError::internal("the store went away")),
            Step::Panic => panic!("the run broke"),
        }
    }

    async fn requeue(&self) -> AppResult<()> {
        if let Some(row) = self.ledger.rows.lock().expect("rows").get_mut(self.job_id)
            && row.0 == State::Running
        {
            row.0 = State::Waiting;
            row.2 += 1;
        }
        Ok(())
    }

    async fn fail(&self, reason: &str) -> AppResult<()> {
        self.ledger.set(self.job_id, State::Failed(reason.to_owned()));
        Ok(())
    }
}

fn job_message(id: &str) -> Message {
    Message::new(id, serde_json::to_vec(&JobMessage { job_id: id.to_owned() }).expect("json"))
}

/// Consumes `name` with the runner of `ledger`, as a service does.
fn run_jobs(queue: &Queue, name: &str, ledger: &Arc<Ledger>) -> crate::support::Consumer {
    let runner = Runner::new(Kind(ledger.clone()), settings(None).max_attempts);
    consume(queue, name, Arc::new(runner), 2)
}

async fn finished(ledger: &Ledger, id: &str) -> (State, u32, u32) {
    eventually("the job to finish", || async {
        let row = ledger.row(id);
        matches!(row.0, State::Completed | State::Failed(_)).then_some(row)
    })
    .await
}

async fn dead_reason(queue: &Queue, name: &str) -> String {
    let dead = eventually("a dead letter", || async {
        queue.dead_letters(name).await.expect("dead letters").into_iter().next()
    })
    .await;
    dead.headers.get(REASON_HEADER).cloned().unwrap_or_default()
}

async fn a_job_delivered_twice_runs_and_completes_once(backend: TestQueue) {
    let (name, ledger) = (queue_name(), Ledger::new(|_| Step::Ran(Ran::Completed)));
    ledger.open("job-1");
    backend.queue.publish(&name, job_message("job-1")).await.expect("publish");
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    assert_eq!(finished(&ledger, "job-1").await, (State::Completed, 1, 0));
    backend.queue.publish(&name, job_message("job-1")).await.expect("publish again");
    settle().await;
    assert_eq!(ledger.row("job-1"), (State::Completed, 1, 0), "the second delivery is acknowledged as it is");
    assert!(backend.queue.dead_letters(&name).await.expect("dead letters").is_empty());
    consumer.stop().await;
}

async fn a_transient_failure_waits_then_runs_again(backend: TestQueue) {
    let name = queue_name();
    let ledger =
        Ledger::new(
            |run| if run < 3 { Step::Ran(Ran::Retry("busy".into())) } else { Step::Ran(Ran::Completed) },
        );
    ledger.open("job-2");
    backend.queue.publish(&name, job_message("job-2")).await.expect("publish");
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    assert_eq!(
        finished(&ledger, "job-2").await,
        (State::Completed, 3, 2),
        "put back to wait before each retry"
    );
    consumer.stop().await;
}

async fn a_job_failing_every_attempt_fails_at_the_bound(backend: TestQueue) {
    let (name, ledger) =
        (queue_name(), Ledger::new(|_| Step::Ran(Ran::Retry("the provider is down".into()))));
    ledger.open("job-3");
    backend.queue.publish(&name, job_message("job-3")).await.expect("publish");
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    let (state, runs, requeues) = finished(&ledger, "job-3").await;
    assert_eq!(state, State::Failed("the provider is down".into()));
    assert_eq!((runs, requeues), (3, 2), "max_attempts runs; the last fails the job instead of waiting");
    assert_eq!(dead_reason(&backend.queue, &name).await, "the provider is down");
    consumer.stop().await;
}

async fn a_permanent_failure_fails_at_once_with_its_reason_cut_to_the_bound(backend: TestQueue) {
    let name = queue_name();
    let ledger = Ledger::new(|_| Step::Ran(Ran::Failed("x".repeat(MAX_REASON_CHARS * 2))));
    ledger.open("job-4");
    backend.queue.publish(&name, job_message("job-4")).await.expect("publish");
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    let (state, runs, _) = finished(&ledger, "job-4").await;
    assert_eq!(runs, 1);
    assert_eq!(state, State::Failed("x".repeat(MAX_REASON_CHARS)));
    assert_eq!(dead_reason(&backend.queue, &name).await.len(), MAX_REASON_CHARS);
    consumer.stop().await;
}

async fn an_internal_error_is_retried_and_shown_plainly_at_the_bound(backend: TestQueue) {
    let (name, ledger) = (queue_name(), Ledger::new(|_| Step::Internal));
    ledger.open("job-5");
    backend.queue.publish(&name, job_message("job-5")).await.expect("publish");
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    let (state, runs, requeues) = finished(&ledger, "job-5").await;
    assert_eq!(state, State::Failed(INTERNAL.into()), "the owner reads the plain reason");
    assert_eq!((runs, requeues), (3, 2));
    let reason = dead_reason(&backend.queue, &name).await;
    assert!(
        reason.contains("job job-5") && reason.contains("the store went away"),
        "the cause is kept: {reason}"
    );
    consumer.stop().await;
}

async fn a_panicking_run_is_run_again(backend: TestQueue) {
    let (name, ledger) =
        (queue_name(), Ledger::new(|run| if run == 1 { Step::Panic } else { Step::Ran(Ran::Completed) }));
    ledger.open("job-6");
    backend.queue.publish(&name, job_message("job-6")).await.expect("publish");
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    assert_eq!(finished(&ledger, "job-6").await.0, State::Completed);
    assert_eq!(ledger.row("job-6").1, 2);
    consumer.stop().await;
}

async fn a_cancelled_or_unknown_job_is_acknowledged_as_it_is(backend: TestQueue) {
    let name = queue_name();
    let ledger = Ledger::new(|_| Step::Ran(Ran::Stopped));
    ledger.open("job-7");
    ledger.set("job-7", State::Cancelled);
    ledger.open("job-8");
    for id in ["job-7", "job-8", "no-such-job"] {
        backend.queue.publish(&name, job_message(id)).await.expect("publish");
    }
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    eventually("job-8's run", || async { (ledger.row("job-8").1 == 1).then_some(()) }).await;
    settle().await;
    assert_eq!(ledger.row("job-7"), (State::Cancelled, 0, 0), "a finished job is not run");
    assert_eq!(ledger.row("job-8"), (State::Running, 1, 0), "a run that stopped changes nothing more");
    assert!(backend.queue.dead_letters(&name).await.expect("dead letters").is_empty());
    consumer.stop().await;
}

async fn a_message_that_is_not_a_job_is_dead_lettered(backend: TestQueue) {
    let (name, ledger) = (queue_name(), Ledger::new(|_| Step::Ran(Ran::Completed)));
    backend.queue.publish(&name, Message::new("odd", b"not json".to_vec())).await.expect("publish");
    let consumer = run_jobs(&backend.queue, &name, &ledger);
    assert!(dead_reason(&backend.queue, &name).await.starts_with("not a test job message"));
    consumer.stop().await;
}
