//! Creating, reading, listing and cancelling export jobs.

use jc_platform::db;
use jc_platform::error::FieldError;
use jc_platform::grpc::CallContext;
use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult};
use jc_proto::export as proto;
use uuid::Uuid;

use super::{ExportService, export_not_found, job_id, job_of};
use crate::document::source_of;
use crate::format::Format;
use crate::jobs::{ExportStatus, insert_queued, step};
use crate::options::{Requested, check_kdp_pages};
use crate::store::{self, JobChanges, JobRow};
use jc_proto::convert;

/// Jobs per page unless the caller asks otherwise.
const DEFAULT_LIMIT: u32 = 20;
/// Most jobs per page.
const MAX_LIMIT: u32 = 100;

fn journal_not_found() -> AppError {
    AppError::not_found("Journal")
}

impl ExportService {
    /// Checks the request, the journal and the options, then writes the job and its
    /// message in one transaction.
    pub(super) async fn create(
        &self,
        caller: Caller,
        cx: CallContext,
        message: proto::CreateExportRequest,
    ) -> AppResult<proto::ExportJob> {
        let format = convert::required::<Format>("format", message.format)?;
        let requested = Requested::from_wire(format, message.options.as_ref()).map_err(one_field)?;
        let journal_id =
            Uuid::parse_str(message.journal_id.trim()).map_err(|_| journal_not_found())?.to_string();
        let user_id = caller.user_id.to_string();
        let detail =
            self.shared.journals.owned(&cx, &user_id, &journal_id).await?.ok_or_else(journal_not_found)?;
        let source = source_of(&detail).map_err(|error| match error {
            jc_render::RenderError::Invalid { field, message } => AppError::field(
                format!("journal.{field}"),
                format!("{message}; the journal is not ready to export"),
            ),
            other => AppError::internal(other),
        })?;
        let resolved = requested.resolve_over(source.base).map_err(one_field)?;
        if format == Format::Kdp {
            check_kdp_pages(&source.journal, &resolved.layout).map_err(one_field)?;
        }

        let id = Uuid::now_v7().to_string();
        tracing::Span::current().record("job_id", id.as_str());
        let row = JobRow::queued(id.clone(), user_id, journal_id, format.as_str(), requested.to_stored());
        let stored = row.clone();
        let request_id = cx.request_id.clone();
        self.shared.db.run(move |conn| Ok(insert_queued(conn, &stored, &request_id)?)).await?;
        self.shared.relay.notify();
        tracing::info!(job_id = %id, format = format.as_str(), "export job queued");
        Ok(job_of(&row))
    }

    /// The caller's job `raw_id`.
    pub(super) async fn owned(&self, caller: &Caller, raw_id: &str) -> AppResult<JobRow> {
        let id = job_id(raw_id)?;
        let user_id = caller.user_id.to_string();
        self.shared
            .db
            .run(move |conn| Ok(store::find_owned_job(conn, &user_id, &id)?))
            .await?
            .ok_or_else(export_not_found)
    }

    pub(super) async fn list(
        &self,
        caller: Caller,
        message: proto::ListExportsRequest,
    ) -> AppResult<proto::ExportPage> {
        let page = message.page.max(1);
        let limit = match message.limit {
            0 => DEFAULT_LIMIT,
            limit if limit <= MAX_LIMIT => limit,
            _ => return Err(AppError::field("limit", format!("must be from 1 to {MAX_LIMIT}"))),
        };
        let offset = i64::from(page - 1) * i64::from(limit);
        let user_id = caller.user_id.to_string();
        let (rows, total) = self
            .shared
            .db
            .run(move |conn| {
                let rows = store::list_jobs(conn, &user_id, offset, i64::from(limit))?;
                let total = store::count_jobs(conn, &user_id)?;
                Ok((rows, total))
            })
            .await?;
        let total = u64::try_from(total).unwrap_or(0);
        let total_pages = u32::try_from(total.div_ceil(u64::from(limit))).unwrap_or(u32::MAX);
        Ok(proto::ExportPage { jobs: rows.iter().map(job_of).collect(), total, page, total_pages })
    }

    /// Cancels the caller's job if it is still queued or rendering; a finished job is
    /// returned as it is.
    pub(super) async fn cancel(&self, caller: Caller, raw_id: &str) -> AppResult<proto::ExportJob> {
        let job = self.owned(&caller, raw_id).await?;
        if job.is_finished() {
            return Ok(job_of(&job));
        }
        let now = db::now();
        let changes = JobChanges {
            status: Some(ExportStatus::Cancelled.as_str().to_owned()),
            current_step: Some(step::CANCELLED.to_owned()),
            updated_at: Some(now),
            finished_at: Some(Some(now)),
            expires_at: Some(Some(now + self.shared.retention)),
            ..Default::default()
        };
        let id = job.id.clone();
        let row = self
            .shared
            .db
            .run(move |conn| {
                store::update_job_in(conn, &id, &ExportStatus::OPEN, &changes)?;
                Ok(store::find_job(conn, &id)?)
            })
            .await?
            .ok_or_else(export_not_found)?;
        tracing::info!(job_id = %row.id, status = %row.status, "export job cancel asked");
        Ok(job_of(&row))
    }
}

fn one_field(field: FieldError) -> AppError {
    AppError::validation(vec![field])
}
