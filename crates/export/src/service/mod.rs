//! The `Export` gRPC API. The trait methods here check the caller and hand over to
//! one file per action group: `jobs.rs` (create, get, list, cancel), `download.rs`
//! (the file as a stream), `formats.rs` (the formats and their options) and `kdp.rs`
//! (the calculator). Every query is scoped to the caller; another person's job, like
//! a malformed id, is "not found".

mod download;
pub mod formats;
mod jobs;
mod kdp;

use std::sync::Arc;

use jc_platform::grpc::CallContext;
use jc_platform::identity::{Caller, TokenVerifier};
use jc_platform::{AppError, AppResult};
use jc_proto::common::Empty;
use jc_proto::convert::stored;
use jc_proto::export as proto;
use jc_proto::export::export_server::Export;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::format::Format;
use crate::jobs::{ExportStatus, Shared};
use crate::options::Requested;
use crate::store::JobRow;

pub struct ExportService {
    shared: Shared,
    verifier: Arc<TokenVerifier>,
}

impl ExportService {
    pub(crate) fn new(shared: Shared, verifier: Arc<TokenVerifier>) -> Self {
        Self { shared, verifier }
    }

    async fn caller<T>(&self, request: &Request<T>) -> AppResult<Caller> {
        jc_platform::grpc::caller(request.metadata(), &self.verifier).await
    }
}

/// The context of calls made on behalf of `request`: its request id.
fn call_context<T>(request: &Request<T>) -> CallContext {
    CallContext::new(jc_platform::grpc::request_id(request.metadata()))
}

fn export_not_found() -> AppError {
    AppError::not_found("Export")
}

/// A job id as stored; anything but a UUID names no job.
fn job_id(raw: &str) -> AppResult<String> {
    Uuid::parse_str(raw.trim()).map(|id| id.to_string()).map_err(|_| export_not_found())
}

fn rfc3339(time: chrono::NaiveDateTime) -> String {
    time.and_utc().to_rfc3339()
}

/// The choices a job was created with, as stored; none if the stored text cannot be
/// read (the worker fails such a job with the reason).
fn stored_options(row: &JobRow) -> Option<proto::ExportOptions> {
    let format = Format::parse(&row.format)?;
    match Requested::from_stored(format, &row.options_json) {
        Ok(requested) => Some(proto::ExportOptions::from(&requested.choices)),
        Err(error) => {
            tracing::warn!(job_id = %row.id, field = %error.field, "stored export options unreadable");
            None
        }
    }
}

/// A job as the API shows it.
fn job_of(row: &JobRow) -> proto::ExportJob {
    proto::ExportJob {
        id: row.id.clone(),
        user_id: row.user_id.clone(),
        journal_id: row.journal_id.clone(),
        format: stored::<Format>(&row.format),
        status: stored::<ExportStatus>(&row.status),
        progress_percentage: u32::try_from(row.progress).unwrap_or(0),
        current_step: row.current_step.clone(),
        options: stored_options(row),
        error: row.error.clone(),
        file_name: row.file_name.clone(),
        content_type: row.content_type.clone(),
        size_bytes: row.size_bytes.and_then(|size| u64::try_from(size).ok()),
        page_count: row.page_count.and_then(|pages| u32::try_from(pages).ok()),
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        finished_at: row.finished_at.map(rfc3339),
        expires_at: row.expires_at.map(rfc3339),
    }
}

#[tonic::async_trait]
impl Export for ExportService {
    // The formats are the same for everyone and name no one's data, so they need only
    // the service credential (checked by the interceptor), not a caller.
    #[tracing::instrument(skip_all)]
    async fn list_formats(&self, _request: Request<Empty>) -> Result<Response<proto::FormatList>, Status> {
        Ok(Response::new(formats::list()))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().journal_id, format = request.get_ref().format, job_id))]
    async fn create_export(
        &self,
        request: Request<proto::CreateExportRequest>,
    ) -> Result<Response<proto::ExportJob>, Status> {
        let caller = self.caller(&request).await?;
        let cx = call_context(&request);
        Ok(Response::new(self.create(caller, cx, request.into_inner()).await?))
    }

    #[tracing::instrument(skip_all, fields(job_id = %request.get_ref().id))]
    async fn get_export(
        &self,
        request: Request<proto::ExportRef>,
    ) -> Result<Response<proto::ExportJob>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(job_of(&self.owned(&caller, &request.get_ref().id).await?)))
    }

    #[tracing::instrument(skip_all)]
    async fn list_exports(
        &self,
        request: Request<proto::ListExportsRequest>,
    ) -> Result<Response<proto::ExportPage>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.list(caller, request.into_inner()).await?))
    }

    #[tracing::instrument(skip_all, fields(job_id = %request.get_ref().id))]
    async fn cancel_export(
        &self,
        request: Request<proto::ExportRef>,
    ) -> Result<Response<proto::ExportJob>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.cancel(caller, &request.get_ref().id).await?))
    }

    type DownloadStream = download::ChunkStream;

    #[tracing::instrument(skip_all, fields(job_id = %request.get_ref().id))]
    async fn download(
        &self,
        request: Request<proto::ExportRef>,
    ) -> Result<Response<Self::DownloadStream>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.download(caller, &request.get_ref().id).await?))
    }

    #[tracing::instrument(skip_all)]
    async fn kdp_preview(
        &self,
        request: Request<proto::KdpPreviewRequest>,
    ) -> Result<Response<proto::KdpPreviewResult>, Status> {
        self.caller(&request).await?;
        Ok(Response::new(kdp::preview(request.get_ref())?))
    }
}
