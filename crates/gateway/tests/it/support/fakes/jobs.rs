//! The generation jobs of the fake journal service, kept in memory as the real service
//! keeps them in its database: each has an owner (another person's job is `not_found`,
//! as is a malformed id), spends a credit when started (`payment_required` when none
//! is left) and gives it back when cancelled or failed. A watched job runs through the
//! stages, one every `step_ms`, then completes with a journal written into the fake's
//! library, or fails at curation when the job was started with a failure configured.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::Stream;
use jc_domain::{GenerationStatus, JournalStatus, ResearchDepth};
use jc_platform::{AppError, ErrorCode};
use jc_proto::convert::WireEnum;
use jc_proto::journal::{CreateJournalRequest, Job, JournalDetail, StartGenerationRequest};
use tokio::sync::watch;
use tonic::Status;

use super::journal::build_journal;

pub const JOB_NOT_FOUND: &str = "No such job.";
pub const NO_CREDITS: &str = "You have no AI credits left; each journal written takes one.";
/// The credits a new fake starts with.
pub const INITIAL_CREDITS: u32 = 10;
const THEMES: [&str; 2] = ["gratitude", "mindfulness"];
/// `(status, progress, stage name)` of the running stages, in order.
const STAGES: [(GenerationStatus, u32, &str); 4] = [
    (GenerationStatus::Research, 20, "Researching techniques"),
    (GenerationStatus::Discovery, 40, "Discovering prompts"),
    (GenerationStatus::Curation, 60, "Curating the days"),
    (GenerationStatus::Editing, 80, "Editing the journal"),
];

pub type JobStream = std::pin::Pin<Box<dyn Stream<Item = Result<Job, Status>> + Send>>;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn is_finished(status: i32) -> bool {
    GenerationStatus::from_wire(status).is_some_and(GenerationStatus::is_terminal)
}

struct Tracked {
    owner: String,
    state: watch::Sender<Job>,
    running: AtomicBool,
    fails_with: Option<String>,
}

pub struct FakeJobs {
    jobs: Mutex<HashMap<String, Arc<Tracked>>>,
    journals: Arc<Mutex<Vec<JournalDetail>>>,
    /// AI credits left (one account's worth: the tests' callers share it).
    pub credits: Arc<AtomicU32>,
    /// Milliseconds between two stages of a watched job.
    pub step_ms: Arc<AtomicU64>,
    /// Jobs started while this is set fail at curation with it as their reason.
    pub failure: Mutex<Option<String>>,
}

impl FakeJobs {
    pub fn new(journals: Arc<Mutex<Vec<JournalDetail>>>) -> Self {
        Self {
            jobs: Mutex::default(),
            journals,
            credits: Arc::new(AtomicU32::new(INITIAL_CREDITS)),
            step_ms: Arc::new(AtomicU64::new(10)),
            failure: Mutex::new(None),
        }
    }

    /// The job as stored, whoever owns it.
    pub fn stored(&self, id: &str) -> Option<Job> {
        self.jobs.lock().expect("jobs lock").get(id).map(|t| t.state.borrow().clone())
    }

    /// How many `WatchJob` streams of the job are open.
    pub fn watchers(&self, id: &str) -> usize {
        self.jobs.lock().expect("jobs lock").get(id).map_or(0, |t| t.state.receiver_count())
    }

    pub fn count(&self) -> usize {
        self.jobs.lock().expect("jobs lock").len()
    }

    /// A pending job of `owner`, as if started earlier (no credit spent).
    pub fn seed(&self, owner: &str) -> String {
        let request = StartGenerationRequest {
            theme: "gratitude".into(),
            title_style: "inspirational".into(),
            author_style: "warm".into(),
            research_depth: ResearchDepth::Basic.to_wire(),
            ..Default::default()
        };
        self.insert(owner, request)
    }

    fn insert(&self, owner: &str, request: StartGenerationRequest) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let at = now();
        let days = if request.days == 0 { 30 } else { request.days };
        let job = Job {
            id: id.clone(),
            user_id: owner.to_owned(),
            status: GenerationStatus::Pending.to_wire(),
            progress_percentage: 0,
            current_stage: "Waiting in the queue".into(),
            estimated_seconds_remaining: 20 + days,
            theme: request.theme,
            title_style: request.title_style,
            author_style: request.author_style,
            research_depth: request.research_depth,
            days,
            provider: "builtin".into(),
            created_at: at.clone(),
            updated_at: at,
            ..Default::default()
        };
        let tracked = Tracked {
            owner: owner.to_owned(),
            state: watch::Sender::new(job),
            running: AtomicBool::new(false),
            fails_with: self.failure.lock().expect("failure lock").clone(),
        };
        self.jobs.lock().expect("jobs lock").insert(id.clone(), Arc::new(tracked));
        id
    }

    /// The job `id` if `caller` owns it; `not_found` otherwise, as for a malformed id.
    fn owned(&self, caller: &str, id: &str) -> Result<Arc<Tracked>, Status> {
        let not_found = || AppError::new(ErrorCode::NotFound, JOB_NOT_FOUND).into_status();
        uuid::Uuid::parse_str(id).map_err(|_| not_found())?;
        let jobs = self.jobs.lock().expect("jobs lock");
        jobs.get(id).filter(|t| t.owner == caller).cloned().ok_or_else(not_found)
    }

    pub fn start(&self, caller: &str, request: StartGenerationRequest) -> Result<Job, Status> {
        let invalid = |field: &str, message: &str| Err(AppError::field(field, message).into_status());
        if !THEMES.contains(&request.theme.as_str()) {
            return invalid("theme", "is not a theme of the catalogue");
        }
        if ResearchDepth::from_wire(request.research_depth).is_none() {
            return invalid("research_depth", "must be light, basic, medium or deep");
        }
        if request.days > 366 {
            return invalid("days", "must be between 1 and 366");
        }
        let spent = self.credits.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |c| c.checked_sub(1));
        if spent.is_err() {
            return Err(AppError::new(ErrorCode::PaymentRequired, NO_CREDITS).into_status());
        }
        let id = self.insert(caller, request);
        self.stored(&id).ok_or_else(|| Status::internal("the job just stored is missing"))
    }

    pub fn get(&self, caller: &str, id: &str) -> Result<Job, Status> {
        Ok(self.owned(caller, id)?.state.borrow().clone())
    }

    pub fn cancel(&self, caller: &str, id: &str) -> Result<Job, Status> {
        let tracked = self.owned(caller, id)?;
        let cancelled = tracked.state.send_if_modified(|job| {
            if is_finished(job.status) {
                return false;
            }
            finish(job, GenerationStatus::Cancelled, "Cancelled");
            true
        });
        if cancelled {
            self.credits.fetch_add(1, Ordering::SeqCst);
        }
        Ok(tracked.state.borrow().clone())
    }

    /// The job now, then every change until it finishes; starts running it.
    pub fn watch(&self, caller: &str, id: &str) -> Result<JobStream, Status> {
        let tracked = self.owned(caller, id)?;
        let updates = tracked.state.subscribe();
        if !tracked.running.swap(true, Ordering::SeqCst) && !is_finished(tracked.state.borrow().status) {
            tokio::spawn(run(
                tracked.clone(),
                self.journals.clone(),
                self.credits.clone(),
                Duration::from_millis(self.step_ms.load(Ordering::SeqCst)),
            ));
        }
        let stream =
            futures::stream::unfold((updates, false, true), |(mut updates, done, first)| async move {
                if done || (!first && updates.changed().await.is_err()) {
                    return None;
                }
                let job = updates.borrow_and_update().clone();
                let finished = is_finished(job.status);
                Some((Ok(job), (updates, finished, false)))
            });
        Ok(Box::pin(stream))
    }
}

fn finish(job: &mut Job, status: GenerationStatus, stage: &str) {
    let at = now();
    job.status = status.to_wire();
    job.current_stage = stage.into();
    job.estimated_seconds_remaining = 0;
    job.updated_at = at.clone();
    job.finished_at = Some(at);
}

/// Moves the job through the stages unless it is cancelled meanwhile.
async fn run(
    tracked: Arc<Tracked>,
    journals: Arc<Mutex<Vec<JournalDetail>>>,
    credits: Arc<AtomicU32>,
    step: Duration,
) {
    for (status, progress, stage) in STAGES {
        tokio::time::sleep(step).await;
        if status == GenerationStatus::Curation
            && let Some(reason) = &tracked.fails_with
        {
            let failed = tracked.state.send_if_modified(|job| {
                if is_finished(job.status) {
                    return false;
                }
                finish(job, GenerationStatus::Failed, "Failed");
                job.error = Some(reason.clone());
                true
            });
            if failed {
                credits.fetch_add(1, Ordering::SeqCst);
            }
            return;
        }
        let moved = tracked.state.send_if_modified(|job| {
            if is_finished(job.status) {
                return false;
            }
            job.status = status.to_wire();
            job.progress_percentage = progress;
            job.current_stage = stage.into();
            job.estimated_seconds_remaining = job.estimated_seconds_remaining.saturating_sub(5);
            job.updated_at = now();
            true
        });
        if !moved {
            return;
        }
    }
    tokio::time::sleep(step).await;
    let job = tracked.state.borrow().clone();
    if is_finished(job.status) {
        return;
    }
    let mut detail = build_journal(CreateJournalRequest {
        title: format!("A {} journal", job.theme),
        theme: job.theme.clone(),
        days: job.days,
        ..Default::default()
    });
    let journal_id = detail.journal.as_ref().map(|j| j.id.clone()).unwrap_or_default();
    if let Some(summary) = detail.journal.as_mut() {
        summary.status = JournalStatus::Completed.to_wire();
    }
    journals.lock().expect("journals lock").insert(0, detail);
    let completed = tracked.state.send_if_modified(|job| {
        if is_finished(job.status) {
            return false;
        }
        finish(job, GenerationStatus::Completed, "Completed");
        job.progress_percentage = 100;
        job.journal_id = Some(journal_id.clone());
        true
    });
    if !completed {
        // Cancelled while the journal was being stored: it is not kept.
        journals
            .lock()
            .expect("journals lock")
            .retain(|d| d.journal.as_ref().is_none_or(|j| j.id != journal_id));
    }
}
