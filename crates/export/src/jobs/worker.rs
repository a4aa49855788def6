//! Export jobs on the platform's job runner (`jc_platform::jobs`): a run takes the
//! journal from the journal service, renders it on the blocking pool and stores the
//! file.
//!
//! The runner acknowledges a finished job as it is. Each run stores its
//! file under a key of its own (`<job id>.<run>.<extension>`) and completes the job
//! only if it is still rendering; a run that loses (the job was cancelled, or another
//! run completed it) deletes its file, so a job never has two. Before storing, the
//! run checks the job is still rendering, so a cancelled job is never completed.

use jc_platform::db::{self};
use jc_platform::jobs::{Attempt, Claim, Job, JobRun, Ran};
use jc_platform::{AppError, AppResult};
use jc_render::kdp::page_limits;
use jc_render::{RenderError, render_docx, render_epub, render_kdp_package, render_pdf};
use sha2::{Digest, Sha256};

use super::{ExportStatus, Shared, step};
use crate::document::{source_of, unready_reason};
use crate::format::{Format, FormatFile};
use crate::options::{Requested, Resolved};
use crate::store::{self, JobChanges, JobRow};

/// The reason a job shows when the service itself failed it.
const INTERNAL_FAILURE: &str = "the file could not be made because of an internal error";
/// The reason a job shows when its journal was deleted before it rendered.
pub(crate) const JOURNAL_GONE: &str = "the journal no longer exists";

/// Export jobs, as the platform's job runner drives them.
impl Job for Shared {
    type Run<'a> = Run<'a>;

    const KIND: &'static str = "export";
    const INTERNAL_FAILURE: &'static str = INTERNAL_FAILURE;

    fn attempt<'a>(&'a self, attempt: &Attempt<'a>) -> Run<'a> {
        Run { shared: self, job_id: attempt.job_id, request_id: attempt.request_id }
    }
}

/// A finished render.
struct Rendered {
    bytes: Vec<u8>,
    pages: Option<u32>,
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
        let Some(format) = Format::parse(&job.format) else {
            return Ok(Ran::Failed(format!("the stored format {:?} is unknown", job.format)));
        };
        let requested = match Requested::from_stored(format, &job.options_json) {
            Ok(requested) => requested,
            Err(field) => return Ok(Ran::Failed(format!("{}: {}", field.field, field.message))),
        };
        let cx = jc_platform::grpc::CallContext::new(self.request_id);
        let Some(detail) = self.shared.journals.owned(&cx, &job.user_id, &job.journal_id).await? else {
            return Ok(Ran::Failed(JOURNAL_GONE.to_owned()));
        };
        let source = match source_of(&detail) {
            Ok(source) => source,
            Err(error) => return Ok(Ran::Failed(unready_reason(&error))),
        };
        let resolved = match requested.resolve_over(source.base) {
            Ok(resolved) => resolved,
            Err(field) => return Ok(Ran::Failed(format!("{}: {}", field.field, field.message))),
        };
        if !self.progress(30, step::RENDERING).await? {
            return Ok(Ran::Stopped);
        }
        let title = source.journal.metadata.title.clone();
        let layout = resolved.layout;
        let journal = source.journal;
        let rendered = tokio::task::spawn_blocking(move || render(format, &journal, &resolved))
            .await
            .map_err(|error| AppError::internal(format!("the render thread failed: {error}")))?;
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(error @ RenderError::Invalid { .. }) => return Ok(Ran::Failed(unready_reason(&error))),
            Err(error) => return Err(AppError::internal(error)),
        };
        if let Some(reason) = self.refusal(format, &layout, &rendered) {
            return Ok(Ran::Failed(reason));
        }
        if !self.progress(90, step::STORING).await? {
            return Ok(Ran::Stopped);
        }
        self.complete(&job, format, &title, rendered).await
    }

    /// Marks the job as rendering and counts the attempt, unless it has finished.
    async fn claim(&self) -> AppResult<Claim<JobRow>> {
        let id = self.job_id.to_owned();
        let job = self
            .shared
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
        Ok(Claim::of(job, |job| job.is_finished().then(|| job.status.clone())))
    }

    /// Puts the job back to `queued` until the queue delivers it again.
    async fn requeue(&self) -> AppResult<()> {
        let changes = JobChanges {
            status: Some(ExportStatus::Queued.as_str().to_owned()),
            progress: Some(0),
            current_step: Some(step::RETRY.to_owned()),
            updated_at: Some(db::now()),
            ..Default::default()
        };
        let id = self.job_id.to_owned();
        self.shared
            .db
            .run(move |conn| Ok(store::update_job_in(conn, &id, &[ExportStatus::Rendering], &changes)?))
            .await?;
        Ok(())
    }

    /// Ends the job as failed with `reason`.
    async fn fail(&self, reason: &str) -> AppResult<()> {
        let now = db::now();
        let changes = JobChanges {
            status: Some(ExportStatus::Failed.as_str().to_owned()),
            current_step: Some(step::FAILED.to_owned()),
            error: Some(Some(reason.to_owned())),
            updated_at: Some(now),
            finished_at: Some(Some(now)),
            expires_at: Some(Some(now + self.shared.retention)),
            ..Default::default()
        };
        let id = self.job_id.to_owned();
        self.shared
            .db
            .run(move |conn| Ok(store::update_job_in(conn, &id, &ExportStatus::OPEN, &changes)?))
            .await?;
        Ok(())
    }
}

impl Run<'_> {
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
            .shared
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
        if size > self.shared.max_file_bytes {
            return Some(format!(
                "the file would be {size} bytes; this service keeps files of at most {} bytes",
                self.shared.max_file_bytes
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
    ) -> AppResult<Ran> {
        let key = format!("{}.{}.{}", job.id, uuid::Uuid::new_v4().simple(), format.extension());
        let sha256 = hex(&Sha256::digest(&rendered.bytes));
        let size = i64::try_from(rendered.bytes.len()).unwrap_or(i64::MAX);
        self.shared.store.put(&key, rendered.bytes).await.map_err(AppError::internal)?;
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
            expires_at: Some(Some(now + self.shared.retention)),
        };
        let id = job.id.clone();
        let changed = self
            .shared
            .db
            .run(move |conn| Ok(store::update_job_in(conn, &id, &[ExportStatus::Rendering], &changes)?))
            .await;
        match changed {
            Ok(1..) => {
                tracing::info!(job_id = %job.id, size, "export job completed");
                Ok(Ran::Completed)
            }
            Ok(0) => {
                self.shared.store.delete(&key).await.map_err(AppError::internal)?;
                Ok(Ran::Stopped)
            }
            Err(error) => {
                // Whether the update landed is unknown: the file stays for the orphan
                // sweep, which deletes it when no job holds it.
                Err(error)
            }
        }
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
