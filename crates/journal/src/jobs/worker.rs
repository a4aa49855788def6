//! Generation jobs on the platform's job runner (`jc_platform::jobs`): a run takes
//! the job's provider and stores the journal it writes.
//!
//! The runner acknowledges a finished job as it is; the journal is
//! written in the same transaction that completes the job, only if the job is still
//! open and has no journal yet. Progress reported by the provider is stored on the
//! row; a store that changes nothing means the job was cancelled (or finished by
//! another run), and the run stops there. A cancellation in this process stops the
//! run at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jc_domain::JournalStatus;
use jc_platform::db::{self, DbConnection};
use jc_platform::jobs::{Attempt, Claim, Job, JobRun, Ran};
use jc_platform::{AppError, AppResult};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::OPENAI;
use super::{CreditState, GenerationStatus, RETRY_LABEL, Shared, enqueue_refund, seconds_left, status_of};
use crate::domain::Customization;
use crate::store::jobs::{self as job_store, JobChanges, JobRow};
use crate::store::{self, DayRow, JournalRow};
use jc_writer::content::{GenerationRequest, JournalContent, ResearchDepth};
use jc_writer::{GenerationError, Progress, Provider, Stage};

/// The reason a job shows when the service itself failed it.
const INTERNAL_FAILURE: &str = "the journal could not be stored because of an internal error";

/// Generation jobs, as the platform's job runner drives them.
impl Job for Shared {
    type Run<'a> = Run<'a>;

    const KIND: &'static str = "generation";
    const INTERNAL_FAILURE: &'static str = INTERNAL_FAILURE;

    fn attempt<'a>(&'a self, attempt: &Attempt<'a>) -> Run<'a> {
        Run { shared: self, job_id: attempt.job_id, request_id: attempt.request_id }
    }
}

/// How a provider's work ended.
enum Ended {
    Written(Box<JournalContent>),
    Failed(GenerationError),
    /// The job was cancelled or finished by another run.
    Stopped,
}

/// One delivery of one job.
pub(crate) struct Run<'a> {
    shared: &'a Shared,
    job_id: &'a str,
    request_id: &'a str,
}

#[async_trait::async_trait]
impl JobRun for Run<'_> {
    type Claimed = JobRow;

    async fn run(&self, job: JobRow) -> AppResult<Ran> {
        tracing::debug!(job_id = %job.id, provider = %job.provider, "generation provider chosen");
        self.shared.events.changed(&job);
        let provider = match self.provider_of(&job).await? {
            Ok(provider) => provider,
            Err(reason) => return Ok(Ran::Failed(reason)),
        };
        let request = match request_of(&job) {
            Ok(request) => request,
            Err(reason) => return Ok(Ran::Failed(reason)),
        };
        let running = self.shared.events.running(&job.id);
        let ended = self.generate(&job, provider.as_ref(), &request, running.cancelled()).await?;
        drop(running);
        Ok(match ended {
            Ended::Written(content) => self.complete(&job, *content).await?,
            Ended::Stopped => Ran::Stopped,
            Ended::Failed(GenerationError::Failed { reason, retryable: true }) => Ran::Retry(reason),
            Ended::Failed(GenerationError::Failed { reason, .. } | GenerationError::Invalid(reason)) => {
                Ran::Failed(reason)
            }
        })
    }

    /// Marks the job as started and counts the attempt, unless it has finished.
    async fn claim(&self) -> AppResult<Claim<JobRow>> {
        let id = self.job_id.to_owned();
        let job = self
            .shared
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    let Some(job) = job_store::find_job(conn, &id)? else { return Ok(None) };
                    if job.is_finished() {
                        return Ok(Some(job));
                    }
                    let now = db::now();
                    let changes = JobChanges {
                        status: Some(GenerationStatus::Research.as_str().to_owned()),
                        progress: Some(0),
                        stage: Some(GenerationStatus::Research.label().to_owned()),
                        updated_at: Some(now),
                        started_at: Some(job.started_at.or(Some(now))),
                        ..Default::default()
                    };
                    job_store::start_attempt(conn, &id, &changes)?;
                    job_store::find_job(conn, &id)
                })
                .map_err(AppError::from)
            })
            .await?;
        Ok(Claim::of(job, |job| job.is_finished().then(|| job.status.clone())))
    }

    /// Puts the open job back to `pending` until the queue delivers it again.
    async fn requeue(&self) -> AppResult<()> {
        let id = self.job_id.to_owned();
        let Some(job) = self.shared.db.run(move |conn| Ok(job_store::find_job(conn, &id)?)).await? else {
            return Ok(());
        };
        let now = db::now();
        let expected = self.shared.providers.expected(&job.provider);
        let changes = JobChanges {
            status: Some(GenerationStatus::Pending.as_str().to_owned()),
            progress: Some(0),
            stage: Some(RETRY_LABEL.to_owned()),
            estimated_seconds: Some(seconds_left(expected, Duration::ZERO, 0)),
            updated_at: Some(now),
            ..Default::default()
        };
        let id = job.id.clone();
        let row = self
            .shared
            .db
            .run(move |conn| {
                job_store::update_open_job(conn, &id, &changes)?;
                Ok(job_store::find_job(conn, &id)?)
            })
            .await?;
        if let Some(row) = row {
            self.shared.events.changed(&row);
        }
        Ok(())
    }

    /// Ends the job as failed with `reason` and queues its refund, in one
    /// transaction.
    async fn fail(&self, reason: &str) -> AppResult<()> {
        let row = fail_job(self.shared, self.job_id, reason, self.request_id).await?;
        if let Some(row) = row {
            self.shared.events.changed(&row);
        }
        Ok(())
    }
}

impl Run<'_> {
    /// The writer of `job`: for `openai`, the person's own key when they stored one,
    /// else the deployment's; otherwise the provider registered under its name. `Err`
    /// with the reason the job fails when there is none.
    async fn provider_of(&self, job: &JobRow) -> AppResult<Result<Arc<dyn Provider>, String>> {
        if job.provider == OPENAI {
            let own = crate::keys::user_key(&self.shared.db, self.shared.keys.as_ref(), &job.user_id).await;
            match own {
                Ok(Some((_, key))) => {
                    return Ok(self.shared.providers.with_own_key(key).map_err(|error| {
                        format!("your stored API key cannot be used ({error}); store it again")
                    }));
                }
                Ok(None) => {}
                Err(error) if error.code == jc_platform::ErrorCode::ValidationFailed => {
                    return Ok(Err("your stored API key cannot be read on this service".to_owned()));
                }
                Err(error) => return Err(error),
            }
        }
        Ok(self.shared.providers.get(&job.provider).ok_or_else(|| match job.provider.as_str() {
            OPENAI => "no API key: store your own under settings, or ask for the builtin writer".to_owned(),
            other => format!("the {other} provider is not available on this service"),
        }))
    }

    /// Runs the provider, storing its progress, until it ends or the job stops.
    async fn generate(
        &self,
        job: &JobRow,
        provider: &dyn Provider,
        request: &GenerationRequest,
        cancelled: &CancellationToken,
    ) -> AppResult<Ended> {
        let (sender, mut reports) = mpsc::unbounded_channel();
        let reporter = Reporter(sender);
        let work = provider.generate(request, &reporter);
        tokio::pin!(work);
        let started = Instant::now();
        let expected = self.shared.providers.expected(&job.provider);
        let mut shown = (job.status.clone(), job.progress);
        loop {
            tokio::select! {
                result = &mut work => {
                    return Ok(match result {
                        Ok(content) => Ended::Written(Box::new(content)),
                        Err(error) => Ended::Failed(error),
                    });
                }
                _ = cancelled.cancelled() => return Ok(Ended::Stopped),
                Some((stage, percent)) = reports.recv() => {
                    let status = status_of(stage);
                    let percent = percent.min(99);
                    if (status.as_str(), i32::from(percent)) == (shown.0.as_str(), shown.1) {
                        continue;
                    }
                    let left = seconds_left(expected, started.elapsed(), percent);
                    if !self.store_progress(job, status, percent, left).await? {
                        return Ok(Ended::Stopped);
                    }
                    shown = (status.as_str().to_owned(), i32::from(percent));
                }
            }
        }
    }

    /// Stores a stage and percentage; false when the job is no longer open.
    async fn store_progress(
        &self,
        job: &JobRow,
        status: GenerationStatus,
        percent: u8,
        left: i32,
    ) -> AppResult<bool> {
        let now = db::now();
        let changes = JobChanges {
            status: Some(status.as_str().to_owned()),
            progress: Some(i32::from(percent)),
            stage: Some(status.label().to_owned()),
            estimated_seconds: Some(left),
            updated_at: Some(now),
            ..Default::default()
        };
        let id = job.id.clone();
        let stored = changes.clone();
        let changed =
            self.shared.db.run(move |conn| Ok(job_store::update_open_job(conn, &id, &stored)?)).await?;
        if changed == 0 {
            return Ok(false);
        }
        let row = JobRow {
            status: status.as_str().to_owned(),
            progress: i32::from(percent),
            stage: status.label().to_owned(),
            estimated_seconds: left,
            updated_at: now,
            ..job.clone()
        };
        self.shared.events.changed(&row);
        Ok(true)
    }

    /// Writes the journal and completes the job in one transaction, unless the job
    /// was cancelled or completed meanwhile.
    async fn complete(&self, job: &JobRow, content: JournalContent) -> AppResult<Ran> {
        let days = u32::try_from(job.days).unwrap_or(0);
        let problems = content.problems(days);
        if !problems.is_empty() {
            return Ok(Ran::Failed(format!(
                "the {} provider wrote an unsound journal: {}",
                job.provider,
                problems.join("; ")
            )));
        }
        let now = db::now();
        let journal_id = Uuid::now_v7().to_string();
        let (journal, pages) = journal_of(job, content, &journal_id, now);
        let changes = JobChanges {
            status: Some(GenerationStatus::Completed.as_str().to_owned()),
            progress: Some(100),
            stage: Some(GenerationStatus::Completed.label().to_owned()),
            estimated_seconds: Some(0),
            journal_id: Some(Some(journal_id.clone())),
            error: Some(None),
            updated_at: Some(now),
            finished_at: Some(Some(now)),
            ..Default::default()
        };
        let id = job.id.clone();
        let completed = self
            .shared
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    if job_store::complete_job(conn, &id, &changes)? == 0 {
                        return Ok(None);
                    }
                    store::insert_journal(conn, &journal)?;
                    store::insert_days(conn, &pages)?;
                    job_store::find_job(conn, &id)
                })
                .map_err(AppError::from)
            })
            .await?;
        Ok(match completed {
            Some(row) => {
                tracing::info!(job_id = %row.id, journal_id = %journal_id, "generation job completed");
                self.shared.events.changed(&row);
                Ran::Completed
            }
            None => Ran::Stopped,
        })
    }
}

/// Ends the open job `job_id` as failed with `reason` and queues its refund in the
/// same transaction; the job as stored afterwards.
pub(crate) async fn fail_job(
    shared: &Shared,
    job_id: &str,
    reason: &str,
    request_id: &str,
) -> AppResult<Option<JobRow>> {
    let (id, reason, request_id) = (job_id.to_owned(), reason.to_owned(), request_id.to_owned());
    let row = shared
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                end_job(conn, &id, GenerationStatus::Failed, Some(&reason), &request_id)
            })
            .map_err(AppError::from)
        })
        .await?;
    shared.relay.notify();
    Ok(row)
}

/// Ends the open job `id` as failed or cancelled, owing its credit back: the refund
/// is queued here, so call it inside the transaction. The job as stored afterwards.
pub(crate) fn end_job(
    conn: &mut DbConnection,
    id: &str,
    status: GenerationStatus,
    error: Option<&str>,
    request_id: &str,
) -> diesel::QueryResult<Option<JobRow>> {
    let now = db::now();
    let changes = JobChanges {
        status: Some(status.as_str().to_owned()),
        stage: Some(status.label().to_owned()),
        estimated_seconds: Some(0),
        error: Some(error.map(str::to_owned)),
        credit: Some(CreditState::RefundPending.as_str().to_owned()),
        credit_updated_at: Some(now),
        updated_at: Some(now),
        finished_at: Some(Some(now)),
        ..Default::default()
    };
    if job_store::update_open_job(conn, id, &changes)? > 0
        && let Some(job) = job_store::find_job(conn, id)?
    {
        enqueue_refund(conn, &job.id, &job.user_id, request_id)?;
        return Ok(Some(job));
    }
    job_store::find_job(conn, id)
}

/// Passes a provider's reports to the run, which stores them.
struct Reporter(mpsc::UnboundedSender<(Stage, u8)>);

impl Progress for Reporter {
    fn report(&self, stage: Stage, percent: u8) {
        // The run outlives the provider's work, so the receiver is there.
        let _ = self.0.send((stage, percent));
    }
}

/// What the job asks its provider for.
fn request_of(job: &JobRow) -> Result<GenerationRequest, String> {
    let research_depth = ResearchDepth::parse(&job.research_depth)
        .ok_or_else(|| format!("the stored research depth {:?} is unknown", job.research_depth))?;
    let days =
        u32::try_from(job.days).map_err(|_| format!("the stored day count {} is invalid", job.days))?;
    Ok(GenerationRequest {
        theme: job.theme.clone(),
        title_style: job.title_style.clone(),
        author_style: job.author_style.clone(),
        research_depth,
        custom_prompt: job.custom_prompt.clone(),
        days,
        seed: u64::from_ne_bytes(job.seed.to_ne_bytes()),
    })
}

/// The journal a job wrote, owned by the job's owner.
fn journal_of(
    job: &JobRow,
    content: JournalContent,
    id: &str,
    now: chrono::NaiveDateTime,
) -> (JournalRow, Vec<DayRow>) {
    let custom = Customization::default();
    let certificate_fields =
        serde_json::to_string(&content.certificate.fields).unwrap_or_else(|_| "[]".to_owned());
    let pages: Vec<DayRow> = content
        .days
        .iter()
        .map(|day| DayRow {
            journal_id: id.to_owned(),
            day: i32::try_from(day.day).unwrap_or(i32::MAX),
            title: day.title.clone(),
            pre_writeup: day.pre_writeup.clone(),
            prompt: day.prompt.clone(),
            lines: i32::try_from(day.lines.max(1)).unwrap_or(1),
            page_style: day.page_style.as_str().to_owned(),
            entry_text: None,
            entry_updated_at: None,
        })
        .collect();
    let mut journal = JournalRow {
        id: id.to_owned(),
        user_id: job.user_id.clone(),
        title: content.title,
        subtitle: content.subtitle,
        author_name: content.author_name,
        description: content.description,
        theme: job.theme.clone(),
        title_style: job.title_style.clone(),
        author_style: job.author_style.clone(),
        research_depth: job.research_depth.clone(),
        status: JournalStatus::Completed.as_str().to_owned(),
        layout: custom.layout.as_str().to_owned(),
        font_size: custom.font_size.as_str().to_owned(),
        color_scheme: custom.color_scheme.as_str().to_owned(),
        paper_type: custom.paper_type.as_str().to_owned(),
        binding_type: custom.binding_type.as_str().to_owned(),
        introduction_title: content.introduction.title,
        introduction_quote: content.introduction.quote,
        introduction_writeup: content.introduction.writeup,
        commitment_text: content.commitment.text,
        commitment_writeup: content.commitment.writeup,
        certificate_summary: content.certificate.summary,
        certificate_text: content.certificate.text,
        certificate_fields,
        days_count: i32::try_from(pages.len()).unwrap_or(i32::MAX),
        word_count: 0,
        legacy_id: None,
        created_at: now,
        updated_at: now,
    };
    journal.word_count = crate::service::word_count(&journal, &pages);
    (journal, pages)
}
