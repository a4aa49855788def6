//! `/api/export/*`: exports of a journal into PDF, Word, EPUB or a KDP package, as jobs
//! (export service). The formats are a public catalogue; everything else is the
//! caller's own, and another person's job (or journal), or a malformed id, is
//! `not_found`. The file itself is streamed by `routes/export_download.rs`.

use actix_web::{HttpResponse, get, post, web};
use jc_platform::AppError;
use jc_platform::grpc::CallContext;
use jc_proto::export as pb;
use serde_json::{Map, Value};

use crate::bearer::Authenticated;
use crate::clients::Clients;
use crate::error::{ApiResult, ErrorBody};
use crate::exports::{
    CreateExportRequest, ExportJobList, ExportJobView, FormatList, KdpPreviewView, LegacyCreateExportRequest,
    kdp_preview_request,
};
use crate::json::SignedInBody;
use crate::limits::{Class, Limits};
use crate::middleware::RequestId;
use crate::openapi::responses::{PayloadTooLarge, SignedIn, Unavailable, UnsupportedMediaType};
use crate::paging::Paging;

/// The formats a journal can be exported to, and the options of each.
#[utoipa::path(operation_id = "export_formats", tag = "export",
    responses(
        (status = 200, description = "OK", body = FormatList),
        Unavailable,
    ))]
#[get("/api/export/formats")]
pub async fn formats(clients: web::Data<Clients>, request_id: RequestId) -> ApiResult<HttpResponse> {
    let catalogue = clients.export_formats(&CallContext::new(request_id.0)).await?;
    Ok(HttpResponse::Ok().json(FormatList::try_from(catalogue)?))
}

/// Queues an export of one of the caller's journals.
#[utoipa::path(operation_id = "create_export", tag = "export", security(("bearer" = [])),
    request_body = CreateExportRequest,
    responses(
        (status = 201, description = "The job, queued", body = ExportJobView),
        (status = 400, description = "Invalid input (field errors): an unknown format, options of the wrong type or out of range", body = ErrorBody),
        (status = 404, description = "No such journal of the caller's", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[post("/api/export/jobs")]
pub async fn create(
    clients: web::Data<Clients>,
    limits: Limits,
    SignedInBody { caller, body }: SignedInBody<CreateExportRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_request()?;
    limits.account(Class::Export, &caller.caller.user_id.to_string()).await?;
    let job = clients.create_export(&caller.call_context(), request).await?;
    Ok(HttpResponse::Created().json(ExportJobView::try_from(job)?))
}

/// Queues an export, as the web frontend asks for one: `project_id` is the journal,
/// `settings` the options.
#[utoipa::path(operation_id = "create_export_legacy", tag = "export", security(("bearer" = [])),
    request_body = LegacyCreateExportRequest,
    responses(
        (status = 200, description = "The job, queued", body = ExportJobView),
        (status = 400, description = "Invalid input (field errors): an unknown format, settings of the wrong type or out of range", body = ErrorBody),
        (status = 404, description = "No such journal of the caller's", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[post("/api/export/create")]
pub async fn create_legacy(
    clients: web::Data<Clients>,
    limits: Limits,
    SignedInBody { caller, body }: SignedInBody<LegacyCreateExportRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_request()?;
    limits.account(Class::Export, &caller.caller.user_id.to_string()).await?;
    let job = clients.create_export(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(ExportJobView::try_from(job)?))
}

/// The caller's export jobs, newest first, a page at a time.
#[utoipa::path(operation_id = "list_exports", tag = "export", security(("bearer" = [])),
    params(Paging),
    responses(
        (status = 200, description = "OK", body = ExportJobList),
        (status = 400, description = "page or limit is not valid", body = ErrorBody),
        SignedIn,
    ))]
#[get("/api/export/jobs")]
pub async fn list(
    clients: web::Data<Clients>,
    caller: Authenticated,
    Paging { page, limit }: Paging,
) -> ApiResult<HttpResponse> {
    let page = clients.exports(&caller.call_context(), pb::ListExportsRequest { page, limit }).await?;
    Ok(HttpResponse::Ok().json(ExportJobList::try_from(page)?))
}

/// One of the caller's export jobs.
#[utoipa::path(operation_id = "get_export", tag = "export", security(("bearer" = [])),
    params(("id" = String, Path, description = "The export job id")),
    responses(
        (status = 200, description = "OK", body = ExportJobView),
        (status = 404, description = "No such job of the caller's", body = ErrorBody),
        SignedIn,
    ))]
#[get("/api/export/jobs/{id}")]
pub async fn get(
    clients: web::Data<Clients>,
    caller: Authenticated,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let job = clients.export(&caller.call_context(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ExportJobView::try_from(job)?))
}

/// Cancels a queued or rendering job; a finished job is answered as it is.
#[utoipa::path(operation_id = "cancel_export", tag = "export", security(("bearer" = [])),
    params(("id" = String, Path, description = "The export job id")),
    responses(
        (status = 200, description = "The job, now cancelled (or as it finished)", body = ExportJobView),
        (status = 404, description = "No such job of the caller's", body = ErrorBody),
        SignedIn,
    ))]
#[post("/api/export/jobs/{id}/cancel")]
pub async fn cancel(
    clients: web::Data<Clients>,
    caller: Authenticated,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let job = clients.cancel_export(&caller.call_context(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ExportJobView::try_from(job)?))
}

/// The KDP calculator, without rendering: page limits, spine width, cover size,
/// margins, and the listing's checks. The body is the request object (trim, pages,
/// ink and paper, bleed, listing fields); the answer is the calculation.
#[utoipa::path(operation_id = "kdp_preview", tag = "export", security(("bearer" = [])),
    request_body(content = jc_domain::print::KdpPreviewInput, description = "trim, pages, ink/paper, bleed and the listing fields"),
    responses(
        (status = 200, description = "The calculation and checks", body = Object),
        (status = 400, description = "Invalid input: not a JSON object, or fields the calculator refuses", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[post("/api/export/kdp/preview")]
pub async fn kdp_preview(
    clients: web::Data<Clients>,
    SignedInBody { caller, body }: SignedInBody<Map<String, Value>>,
) -> ApiResult<HttpResponse> {
    let result = clients.kdp_preview(&caller.call_context(), kdp_preview_request(body)?).await?;
    // Through a `Value`, so the keys are in one order (sorted) at every level.
    let answer = serde_json::to_value(KdpPreviewView::try_from(result)?).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok().json(answer))
}
