//! Start, read and cancel a generation job. Every job is its owner's: another
//! person's job, like a malformed id, is "Job not found.".

use jc_platform::db::{self, DbConnection};
use jc_platform::grpc::CallContext;
use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult, FieldError};
use jc_proto::journal as proto;
use uuid::Uuid;

use super::{JournalService, rfc3339};
use crate::domain::{self, AUTHOR_STYLE_MAX_CHARS, Fields};
use crate::jobs::worker::end_job;
use crate::jobs::{
    CreditState, GenerationStatus, REFUND_QUEUE, enqueue_generation, refund_message, seconds_left,
};
use crate::store::jobs::{self as job_store, JobRow};
use jc_proto::convert::{WireEnum, stored};
use jc_writer::catalogue;
use jc_writer::content::{ResearchDepth, limits};

pub(super) fn job_not_found() -> AppError {
    AppError::not_found("Job")
}

/// A job id as stored; anything but a UUID names no job.
pub(super) fn job_id(raw: &str) -> AppResult<String> {
    Uuid::parse_str(raw.trim()).map(|id| id.to_string()).map_err(|_| job_not_found())
}

/// The job `id` of `user_id`, or "Job not found.".
pub(super) fn load_job(conn: &mut DbConnection, user_id: &str, id: &str) -> AppResult<JobRow> {
    job_store::find_owned_job(conn, user_id, id)?.ok_or_else(job_not_found)
}

pub(crate) fn job_proto(row: &JobRow) -> proto::Job {
    proto::Job {
        id: row.id.clone(),
        user_id: row.user_id.clone(),
        status: stored::<GenerationStatus>(&row.status),
        progress_percentage: u32::try_from(row.progress).unwrap_or(0),
        current_stage: row.stage.clone(),
        estimated_seconds_remaining: u32::try_from(row.estimated_seconds).unwrap_or(0),
        journal_id: row.journal_id.clone(),
        error: row.error.clone(),
        theme: row.theme.clone(),
        title_style: row.title_style.clone(),
        author_style: row.author_style.clone(),
        research_depth: stored::<ResearchDepth>(&row.research_depth),
        days: u32::try_from(row.days).unwrap_or(0),
        provider: row.provider.clone(),
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        finished_at: row.finished_at.map(rfc3339),
    }
}

/// What a person asked for, checked field by field.
struct CheckedRequest {
    theme: String,
    title_style: String,
    author_style: String,
    research_depth: ResearchDepth,
    custom_prompt: String,
    days: u32,
}

fn checked_request(message: &proto::StartGenerationRequest) -> AppResult<CheckedRequest> {
    let mut fields = Fields::default();
    let theme = fields.take(
        catalogue::theme(&message.theme).ok_or_else(|| FieldError::new("theme", "is not a known theme")),
    );
    let title_style = fields.take(
        catalogue::title_style(&message.title_style)
            .map(|style| style.id.to_owned())
            .ok_or_else(|| FieldError::new("title_style", "is not a known title style")),
    );
    let author_style =
        fields.take(domain::line("author_style", &message.author_style, AUTHOR_STYLE_MAX_CHARS));
    let research_depth = fields.take(
        ResearchDepth::from_wire(message.research_depth)
            .ok_or_else(|| FieldError::new("research_depth", "must be light, basic, medium or deep")),
    );
    let custom_prompt = fields.take(domain::text(
        "custom_prompt",
        message.custom_prompt.as_deref().unwrap_or_default(),
        limits::CUSTOM_PROMPT_MAX_CHARS,
    ));
    let days = match message.days {
        0 => None,
        days => fields.take(domain::days("days", days)),
    };
    fields.finish()?;
    let (Some(theme), Some(title_style), Some(author_style), Some(research_depth), Some(custom_prompt)) =
        (theme, title_style, author_style, research_depth, custom_prompt)
    else {
        return Err(AppError::internal("a field failed without an error"));
    };
    Ok(CheckedRequest {
        theme: theme.id.to_owned(),
        title_style,
        author_style,
        research_depth,
        custom_prompt,
        days: days.unwrap_or(theme.estimated_days),
    })
}

impl JournalService {
    /// Spends a credit, then writes the job and its dispatch in one transaction;
    /// when that fails the credit is given back.
    pub(super) async fn start_generation(
        &self,
        caller: Caller,
        cx: CallContext,
        message: proto::StartGenerationRequest,
    ) -> AppResult<proto::Job> {
        let asked = checked_request(&message)?;
        let job_id = Uuid::now_v7().to_string();
        tracing::Span::current().record("job_id", job_id.as_str());
        let user_id = caller.user_id.to_string();
        // A person who stored a key of their own gets the OpenAI-compatible writer.
        let provider = match crate::keys::has_key(&self.shared.db, &user_id).await? {
            true => crate::jobs::OPENAI,
            false => self.shared.providers.default_name(),
        };
        self.shared.credits.spend(&cx, &user_id, &job_id).await?;

        let now = db::now();
        let expected = self.shared.providers.expected(provider);
        let row = JobRow {
            id: job_id.clone(),
            user_id: user_id.clone(),
            status: GenerationStatus::Pending.as_str().to_owned(),
            progress: 0,
            stage: GenerationStatus::Pending.label().to_owned(),
            estimated_seconds: seconds_left(expected, std::time::Duration::ZERO, 0),
            theme: asked.theme,
            title_style: asked.title_style,
            author_style: asked.author_style,
            research_depth: asked.research_depth.as_str().to_owned(),
            days: i32::try_from(asked.days).unwrap_or(i32::MAX),
            custom_prompt: asked.custom_prompt,
            seed: i64::from_ne_bytes(Uuid::new_v4().as_u64_pair().0.to_ne_bytes()),
            provider: provider.to_owned(),
            journal_id: None,
            error: None,
            attempts: 0,
            credit: CreditState::Spent.as_str().to_owned(),
            credit_updated_at: now,
            created_at: now,
            updated_at: now,
            started_at: None,
            finished_at: None,
        };
        let stored = row.clone();
        let request_id = cx.request_id.clone();
        let written = self
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    job_store::insert_job(conn, &stored)?;
                    enqueue_generation(conn, &stored.id, &request_id)
                })
                .map_err(AppError::from)
            })
            .await;
        if let Err(error) = written {
            self.refund_unwritten(&cx, &user_id, &job_id).await;
            return Err(error);
        }
        self.shared.relay.notify();
        tracing::info!(job_id = %job_id, user_id = %user_id, theme = %row.theme, days = row.days, "generation job queued");
        Ok(job_proto(&row))
    }

    /// Gives back the credit of a job whose row could not be written: at once, or
    /// through the refund queue when the user service cannot be reached now.
    async fn refund_unwritten(&self, cx: &CallContext, user_id: &str, job_id: &str) {
        let Err(error) = self.shared.credits.refund(cx, user_id, job_id).await else { return };
        tracing::warn!(job_id, error = %jc_platform::error::cause_chain(&error), "refund failed; queueing it");
        let queued = match refund_message(job_id, user_id, &cx.request_id) {
            Ok(message) => self.shared.queue.publish(REFUND_QUEUE, message).await,
            Err(error) => Err(AppError::internal(error)),
        };
        if let Err(error) = queued {
            tracing::error!(
                job_id,
                user_id,
                error = %jc_platform::error::cause_chain(&error),
                "the credit of an unwritten job could not be refunded nor queued for refund"
            );
        }
    }

    pub(super) async fn job(&self, caller: Caller, raw_id: &str) -> AppResult<proto::Job> {
        let id = job_id(raw_id)?;
        let user_id = caller.user_id.to_string();
        let row = self.db.run(move |conn| load_job(conn, &user_id, &id)).await?;
        Ok(job_proto(&row))
    }

    /// Cancels an open job and queues its refund in one transaction; a finished
    /// job is returned as it is.
    pub(super) async fn cancel(
        &self,
        caller: Caller,
        cx: CallContext,
        raw_id: &str,
    ) -> AppResult<proto::Job> {
        let id = job_id(raw_id)?;
        let user_id = caller.user_id.to_string();
        let request_id = cx.request_id;
        let (row, cancelled) = self
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    let job = load_job(conn, &user_id, &id)?;
                    if job.is_finished() {
                        return Ok((job, false));
                    }
                    let ended = end_job(conn, &id, GenerationStatus::Cancelled, None, &request_id)?;
                    let cancelled =
                        ended.as_ref().is_some_and(|row| row.status == GenerationStatus::Cancelled.as_str());
                    Ok((ended.unwrap_or(job), cancelled))
                })
            })
            .await?;
        if cancelled {
            tracing::info!(job_id = %row.id, "generation job cancelled");
            self.shared.relay.notify();
            self.shared.events.cancel_running(&row.id);
            self.shared.events.changed(&row);
        }
        Ok(job_proto(&row))
    }
}
