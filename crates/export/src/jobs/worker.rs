//! The `export.render` handler: takes the journal from the journal service, renders
//! it on the blocking pool and stores the file.
//!
//! Idempotent by job id: a finished job is acknowledged as it is. Each run stores its
//! file under a key of its own (`<job id>.<run>.<extension>`) and completes the job
//! only if it is still rendering; a run that loses (the job was cancelled, or another
//! run completed it) deletes its file, so a job never has two. Before storing, the
//! run checks the job is still rendering, so a cancelled job is never completed.

use jc_platform::db::{self};
use jc_platform::error::cause_chain;
use jc_platform::queue::{Delivery, Handler, Outcome};
use jc_platform::{AppError, AppResult};
use jc_render::kdp::page_limits;
use jc_render::{RenderError, render_docx, render_epub, render_kdp_package, render_pdf};
use sha2::{Digest, Sha256};

use super::{Crew, ExportStatus, RenderMessage, step};
use crate::document::{source_of, unready_reason};
use crate::format::{Format, FormatFile};
use crate::options::{Requested, Resolved};
use crate::store::{self, JobChanges, JobRow};

/// The longest failure reason kept on a job.
const MAX_REASON_CHARS: usize = 1_000;
/// The reason a job shows when the service itself failed it.
const INTERNAL_FAILURE: &str = "the file could not be made because of an internal error";
/// The reason a job shows when its journal was deleted before it rendered.
pub(crate) const JOURNAL_GONE: &str = "the journal no longer exists";

pub(crate) struct RenderHandler {
    crew: Crew,
}

impl RenderHandler {
    pub(crate) fn new(crew: Crew) -> Self {
        Self { crew }
    }
}

#[async_trait::async_trait]
impl Handler for RenderHandler {
    async fn handle(&self, delivery: &Delivery) -> Outcome {
        let message: RenderMessage = match serde_json::from_slice(&delivery.payload) {
            Ok(message) => message,
            Err(error) => return Outcome::Fail(format!("not a render message: {error}")),
        };
        let request_id = super::call_context(&delivery.headers).request_id;
        let run = Run { crew: &self.crew, job_id: &message.job_id, request_id: &request_id };
        let error = match run.run(delivery.attempt).await {
            Ok(outcome) => return outcome,
            Err(error) => format!("job {}: {}", message.job_id, cause_chain(&error)),
        };
        if delivery.attempt < self.crew.max_attempts {
            if let Err(also) = run.retry_later().await {
                tracing::warn!(job_id = %message.job_id, error = %cause_chain(&also), "could not mark the job for a retry");
            }
            return Outcome::Retry(error);
        }
        tracing::error!(job_id = %message.job_id, %error, "export job stopped by an internal error");
        match run.fail(INTERNAL_FAILURE).await {
            Ok(outcome) => outcome,
            Err(also) => Outcome::Fail(format!("{error}; marking it failed: {}", cause_chain(&also))),
        }
    }
}

/// A finished render.
struct Rendered {
    bytes: Vec<u8>,
    pages: Option<u32>,
}

/// One delivery of one job.
struct Run<'a> {
    crew: &'a Crew,
    job_id: &'a str,
    request_id: &'a str,
}

impl Run<'_> {
    async fn run(&self, attempt: u32) -> AppResult<Outcome> {
        let Some(job) = self.begin().await? else { return Ok(Outcome::Done) };
        tracing::info!(job_id = %job.id, attempt, format = %job.format, "export job started");
        let Some(format) = Format::parse(&job.format) else {
            return self.fail(&format!("the stored format {:?} is unknown", job.format)).await;
        };
        let requested = match Requested::from_stored(format, &job.options_json) {
            Ok(requested) => requested,
            Err(field) => return self.fail(&format!("{}: {}", field.field, field.message)).await,
        };
        let cx = jc_platform::grpc::CallContext::new(self.request_id);
        let Some(detail) = self.crew.journals.owned(&cx, &job.user_id, &job.journal_id).await? else {
            return self.fail(JOURNAL_GONE).await;
        };
        let source = match source_of(&detail) {
            Ok(source) => source,
            Err(error) => return self.fail(&unready_reason(&error)).await,
        };
        let resolved = match requested.resolve_over(source.base) {
            Ok(resolved) => resolved,
            Err(field) => return self.fail(&format!("{}: {}", field.field, field.message)).await,
        };
        if !self.progress(30, step::RENDERING).await? {
            return Ok(self.stopped());
        }
        let title = source.journal.metadata.title.clone();
        let layout = resolved.layout;
        let journal = source.journal;
        let rendered = tokio::task::spawn_blocking(move || render(format, &journal, &resolved))
            .await
            .map_err(|error| AppError::internal(format!("the render thread failed: {error}")))?;
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(error @ RenderError::Invalid { .. }) => return self.fail(&unready_reason(&error)).await,
            Err(error) => return Err(AppError::internal(error)),
        };
        if let Some(reason) = self.refusal(format, &layout, &rendered) {
            return self.fail(&reason).await;
        }
        if !self.progress(90, step::STORING).await? {
            return Ok(self.stopped());
        }
        self.complete(&job, format, &title, rendered).await
    }

    /// Marks the job as rendering and counts the attempt; `None` when there is nothing
    /// to do (the job is unknown or has finished).
    async fn begin(&self) -> AppResult<Option<JobRow>> {
        let id = self.job_id.to_owned();
        let job = self
            .crew
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    let Some(job) = store::find_job(conn, &id)? else { return Ok(None) };
                    if job.is_finished() {
                        return Ok(Some(job));
                    }
                    let changes = JobChanges {
                        status: Some(ExportStatus::Rendering.as_str().to_owned()),
                        progress: Some(10),
                        current_step: Some(step::FETCHING.to_owned()),
                        updated_at: Some(db::now()),
                        ..Default::default()
                    };
                    store::start_attempt(conn, &id, &changes)?;
                    store::find_job(conn, &id)
                })
                .map_err(AppError::from)
            })
            .await?;
        match job {
            None => {
                tracing::warn!(job_id = %self.job_id, "a render message names no job; dropped");
                Ok(None)
            }
            Some(job) if job.is_finished() => {
                tracing::debug!(job_id = %job.id, status = %job.status, "export job already finished");
                Ok(None)
            }
            Some(job) => Ok(Some(job)),
        }
    }

    fn stopped(&self) -> Outcome {
        tracing::info!(job_id = %self.job_id, "export job stopped: cancelled or finished elsewhere");
        Outcome::Done
    }

    /// Stores progress; false when the job is no longer rendering.
    async fn progress(&self, percent: i32, current_step: &str) -> AppResult<bool> {
        let changes = JobChanges {
            progress: Some(percent),
            current_step: Some(current_step.to_owned()),
            updated_at: Some(db::now()),
            ..Default::default()
        };
        let id = self.job_id.to_owned();
        let changed = self
            .crew
            .db
            .run(move |conn| Ok(store::update_job_in(conn, &id, &[ExportStatus::Rendering], &changes)?))
            .await?;
        Ok(changed > 0)
    }

    /// Why a finished render cannot be kept: too big, or a KDP book outside KDP's
    /// page limits.
    fn refusal(
        &self,
        format: Format,
        options: &jc_render::LayoutOptions,
        rendered: &Rendered,
    ) -> Option<String> {
        let size = u64::try_from(rendered.bytes.len()).unwrap_or(u64::MAX);
        if size > self.crew.max_file_bytes {
            return Some(format!(
                "the file would be {size} bytes; this service keeps files of at most {} bytes",
                self.crew.max_file_bytes
            ));
        }
        if format == Format::Kdp
            && let Some(pages) = rendered.pages
        {
            let limits = page_limits(options.trim, options.ink_paper, options.binding);
            if !limits.allows(pages) {
                return Some(format!(
                    "the book has {pages} pages; KDP prints {} to {} pages at {} in {}",
                    limits.min,
                    limits.max,
                    options.trim.code(),
                    options.binding.as_str()
                ));
            }
        }
        None
    }

    /// Stores the file and completes the job, unless it was cancelled or completed
    /// meanwhile; then the file of this run is deleted.
    async fn complete(
        &self,
        job: &JobRow,
        format: Format,
        title: &str,
        rendered: Rendered,
    ) -> AppResult<Outcome> {
        let key = format!("{}.{}.{}", job.id, uuid::Uuid::new_v4().simple(), format.extension());
        let sha256 = hex(&Sha256::digest(&rendered.bytes));
        let size = i64::try_from(rendered.bytes.len()).unwrap_or(i64::MAX);
        self.crew.store.put(&key, rendered.bytes).await.map_err(AppError::internal)?;
        let now = db::now();
        let changes = JobChanges {
            status: Some(ExportStatus::Completed.as_str().to_owned()),
            progress: Some(100),
            current_step: Some(step::COMPLETED.to_owned()),
            error: Some(None),
            file_name: Some(Some(format.file_name(title))),
            content_type: Some(Some(format.content_type().to_owned())),
            size_bytes: Some(Some(size)),
            page_count: Some(rendered.pages.map(|pages| i32::try_from(pages).unwrap_or(i32::MAX))),
            storage_key: Some(Some(key.clone())),
            sha256: Some(Some(sha256)),
            updated_at: Some(now),
            finished_at: Some(Some(now)),
            expires_at: Some(Some(now + self.crew.retention)),
        };
        let id = job.id.clone();
        let changed = self
            .crew
            .db
            .run(move |conn| Ok(store::update_job_in(conn, &id, &[ExportStatus::Rendering], &changes)?))
            .await;
        match changed {
            Ok(1..) => {
                tracing::info!(job_id = %job.id, size, "export job completed");
                Ok(Outcome::Done)
            }
            Ok(0) => {
                self.crew.store.delete(&key).await.map_err(AppError::internal)?;
                Ok(self.stopped())
            }
            Err(error) => {
                // Whether the update landed is unknown: the file stays for the orphan
                // sweep, which deletes it when no job holds it.
                Err(error)
            }
        }
    }

    /// Puts the job back to `queued` until the queue delivers it again.
    async fn retry_later(&self) -> AppResult<()> {
        let changes = JobChanges {
            status: Some(ExportStatus::Queued.as_str().to_owned()),
            progress: Some(0),
            current_step: Some(step::RETRY.to_owned()),
            updated_at: Some(db::now()),
            ..Default::default()
        };
        let id = self.job_id.to_owned();
        self.crew
            .db
            .run(move |conn| Ok(store::update_job_in(conn, &id, &[ExportStatus::Rendering], &changes)?))
            .await?;
        Ok(())
    }

    /// Ends the job as failed with `reason`; the message is dead-lettered with it.
    async fn fail(&self, reason: &str) -> AppResult<Outcome> {
        let reason: String = reason.chars().take(MAX_REASON_CHARS).collect();
        tracing::warn!(job_id = %self.job_id, %reason, "export job failed");
        let now = db::now();
        let changes = JobChanges {
            status: Some(ExportStatus::Failed.as_str().to_owned()),
            current_step: Some(step::FAILED.to_owned()),
            error: Some(Some(reason.clone())),
            updated_at: Some(now),
            finished_at: Some(Some(now)),
            expires_at: Some(Some(now + self.crew.retention)),
            ..Default::default()
        };
        let id = self.job_id.to_owned();
        self.crew
            .db
            .run(move |conn| Ok(store::update_job_in(conn, &id, &ExportStatus::OPEN, &changes)?))
            .await?;
        Ok(Outcome::Fail(reason))
    }
}

/// Renders `journal` in `format`; runs on the blocking pool.
fn render(format: Format, journal: &jc_render::Journal, options: &Resolved) -> Result<Rendered, RenderError> {
    let layout = &options.layout;
    Ok(match format {
        Format::Pdf => {
            let output = render_pdf(journal, layout)?;
            Rendered { pages: Some(output.pages), bytes: output.bytes }
        }
        Format::Docx => Rendered { bytes: render_docx(journal, layout)?.bytes, pages: None },
        Format::Epub => Rendered { bytes: render_epub(journal, layout)?.bytes, pages: None },
        Format::Kdp => {
            let package = render_kdp_package(journal, layout, &options.store)?;
            Rendered { pages: Some(package.interior.pages), bytes: package.bytes }
        }
    })
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
