//! `/api/ai/generate-journal`, `/api/ai/progress/{job_id}`, `/api/ai/cancel/{job_id}`:
//! generation jobs (journal service). Starting one spends an AI credit (402 when none is
//! left, and nothing is queued); another person's job, or a malformed job id, is
//! `not_found`. The live view of a job is the WebSocket of `routes/job_socket.rs`.

use actix_web::{HttpResponse, get, post, web};
use jc_domain::GenerationStatus;
use jc_platform::AppError;
use jc_proto::convert::WireEnum;
use jc_proto::journal as pb;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::bearer::Authenticated;
use crate::clients::Clients;
use crate::customization::{ResearchDepth, check_days};
use crate::error::{ApiResult, ErrorBody};
use crate::json::SignedInBody;
use crate::limits::{Class, Limits};
use crate::openapi::responses::{JobNotFound, PayloadTooLarge, SignedIn, UnsupportedMediaType};
use crate::wire::sent;

/// What to write. `theme` and `title_style` are ids of the catalogue
/// (`GET /api/ai/themes`, `GET /api/ai/title-styles`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct GenerateJournalRequest {
    #[schema(example = "gratitude", max_length = 100)]
    pub theme: String,
    #[schema(example = "inspirational", max_length = 100)]
    pub title_style: String,
    /// The author voice: a style or name from `GET /api/journals/author-suggestions`,
    /// up to 100 characters.
    #[schema(example = "warm", max_length = 100)]
    pub author_style: String,
    pub research_depth: ResearchDepth,
    /// Extra wishes for the writer, up to 2000 characters.
    #[schema(max_length = 2000)]
    pub custom_prompt: Option<String>,
    /// The number of days, 1 to 366; the theme's usual length when left out.
    #[schema(minimum = 1, maximum = 366, example = 30)]
    pub days: Option<u32>,
}

/// A generation job as the frontend polls it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub job_id: String,
    pub status: GenerationStatus,
    /// 0 to 100.
    pub progress_percentage: u32,
    /// A readable name of the current stage.
    pub current_stage: String,
    /// Seconds until the job is expected to finish; 0 once it has.
    pub estimated_time_remaining: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// RFC 3339, UTC; once the job has finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// The journal written; once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal_id: Option<String>,
    /// The same as `journal_id` (the library calls journals projects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Why the job failed; once failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub theme: String,
    pub title_style: String,
    pub author_style: String,
    pub research_depth: ResearchDepth,
    pub days: u32,
    /// `builtin` or `openai`.
    pub provider: String,
}

impl TryFrom<pb::Job> for JobView {
    type Error = AppError;

    fn try_from(job: pb::Job) -> Result<Self, AppError> {
        Ok(Self {
            status: sent("status", job.status)?,
            research_depth: sent("research_depth", job.research_depth)?,
            job_id: job.id,
            progress_percentage: job.progress_percentage,
            current_stage: job.current_stage,
            estimated_time_remaining: job.estimated_seconds_remaining,
            created_at: job.created_at,
            updated_at: job.updated_at,
            finished_at: job.finished_at,
            project_id: job.journal_id.clone(),
            journal_id: job.journal_id,
            error: job.error,
            theme: job.theme,
            title_style: job.title_style,
            author_style: job.author_style,
            days: job.days,
            provider: job.provider,
        })
    }
}

/// The answer to a generation request.
#[derive(Debug, Serialize, ToSchema)]
pub struct GenerationStarted {
    pub success: bool,
    pub message: String,
    pub job_id: String,
    /// Seconds the job is expected to take.
    pub estimated_time: u32,
    /// `pending`: the job is queued.
    #[schema(example = "pending")]
    pub status: GenerationStatus,
    pub job: JobView,
}

impl TryFrom<pb::Job> for GenerationStarted {
    type Error = AppError;

    fn try_from(job: pb::Job) -> Result<Self, AppError> {
        let job = JobView::try_from(job)?;
        Ok(Self {
            success: true,
            message: format!("Your journal is being written; follow it live on /ws/job/{}.", job.job_id),
            job_id: job.job_id.clone(),
            estimated_time: job.estimated_time_remaining,
            status: job.status,
            job,
        })
    }
}

/// Queues a journal to be written; spends one AI credit.
#[utoipa::path(operation_id = "generate_journal", tag = "generation", security(("bearer" = [])),
    request_body = GenerateJournalRequest,
    responses(
        (status = 200, description = "The job is queued", body = GenerationStarted),
        (status = 400, description = "Invalid input (field errors), or an unknown theme or style", body = ErrorBody),
        (status = 402, description = "No AI credits left; nothing was queued", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[post("/api/ai/generate-journal")]
pub async fn generate(
    clients: web::Data<Clients>,
    limits: Limits,
    SignedInBody { caller, body }: SignedInBody<GenerateJournalRequest>,
) -> ApiResult<HttpResponse> {
    let days = body.days.map(check_days).transpose()?.unwrap_or(0);
    limits.account(Class::Generation, &caller.caller.user_id.to_string()).await?;
    let request = pb::StartGenerationRequest {
        theme: body.theme,
        title_style: body.title_style,
        author_style: body.author_style,
        research_depth: body.research_depth.to_wire(),
        custom_prompt: body.custom_prompt,
        days,
    };
    let job = clients.start_generation(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(GenerationStarted::try_from(job)?))
}

/// A job's current state.
#[utoipa::path(operation_id = "job_progress", tag = "generation", security(("bearer" = [])),
    params(("job_id" = String, Path, description = "The job id")),
    responses(
        (status = 200, description = "OK", body = JobView),
        SignedIn, JobNotFound,
    ))]
#[get("/api/ai/progress/{job_id}")]
pub async fn progress(
    clients: web::Data<Clients>,
    caller: Authenticated,
    job_id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let job = clients.job(&caller.call_context(), job_id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(JobView::try_from(job)?))
}

/// Cancels a pending or running job and gives its credit back; a finished job is
/// answered as it is.
#[utoipa::path(operation_id = "cancel_job", tag = "generation", security(("bearer" = [])),
    params(("job_id" = String, Path, description = "The job id")),
    responses(
        (status = 200, description = "The job, now cancelled (or as it finished)", body = JobView),
        SignedIn, JobNotFound,
    ))]
#[post("/api/ai/cancel/{job_id}")]
pub async fn cancel(
    clients: web::Data<Clients>,
    caller: Authenticated,
    job_id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let job = clients.cancel_job(&caller.call_context(), job_id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(JobView::try_from(job)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_completed_job_names_its_journal_as_project_too() {
        let job = pb::Job {
            id: "job-1".into(),
            status: GenerationStatus::Completed.to_wire(),
            research_depth: ResearchDepth::Basic.to_wire(),
            journal_id: Some("jr-1".into()),
            estimated_seconds_remaining: 0,
            ..Default::default()
        };
        let view = serde_json::to_value(JobView::try_from(job).expect("valid")).expect("serialises");
        assert_eq!(view["journal_id"], "jr-1");
        assert_eq!(view["project_id"], "jr-1");
        assert!(view.get("error").is_none(), "no error field unless failed: {view}");

        let pending = pb::Job {
            id: "job-2".into(),
            status: GenerationStatus::Pending.to_wire(),
            research_depth: ResearchDepth::Deep.to_wire(),
            ..Default::default()
        };
        let started =
            serde_json::to_value(GenerationStarted::try_from(pending).expect("valid")).expect("serialises");
        assert_eq!(started["status"], "pending");
        assert_eq!(started["job_id"], "job-2");
        assert_eq!(started["job"]["job_id"], "job-2");
        assert!(started.get("project_id").is_none() && started["job"].get("project_id").is_none());
        assert_eq!(started["job"]["research_depth"], "deep");
    }

    #[test]
    fn a_job_without_a_status_is_a_fault_of_the_service() {
        let job = pb::Job {
            id: "job-3".into(),
            research_depth: ResearchDepth::Deep.to_wire(),
            ..Default::default()
        };
        let error = JobView::try_from(job).expect_err("no status");
        assert_eq!(error.code, jc_platform::ErrorCode::Internal);
    }
}
