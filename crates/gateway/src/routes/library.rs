//! `/api/library/projects*`: the caller's journals as the library shows them (journal
//! service). Another person's journal is `not_found`, never `forbidden`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use jc_proto::journal as pb;

use crate::bearer::Authenticated;
use crate::clients::Clients;
use crate::customization::Customization;
use crate::error::{ApiResult, ErrorBody};
use crate::json::SignedInBody;
use crate::openapi::responses::{JournalNotFound, PayloadTooLarge, SignedIn, UnsupportedMediaType};
use crate::paging::Paging;
use crate::projects::{Project, ProjectList};
use crate::routes::auth::SuccessResponse;

/// The caller's journals, newest first, a page at a time.
#[utoipa::path(tag = "library", security(("bearer" = [])),
    params(Paging),
    responses(
        (status = 200, description = "OK", body = ProjectList),
        (status = 400, description = "page or limit is not valid", body = ErrorBody),
        SignedIn,
    ))]
#[get("/api/library/projects")]
pub async fn list(
    clients: web::Data<Clients>,
    caller: Authenticated,
    Paging { page, limit }: Paging,
) -> ApiResult<HttpResponse> {
    let request = pb::ListJournalsRequest { page, limit, status: None };
    let page = clients.journals(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(ProjectList::try_from(page)?))
}

/// One of the caller's journals.
#[utoipa::path(operation_id = "get_project", tag = "library", security(("bearer" = [])),
    params(("id" = String, Path, description = "The journal id")),
    responses(
        (status = 200, description = "OK", body = Project),
        SignedIn, JournalNotFound,
    ))]
#[get("/api/library/projects/{id}")]
pub async fn get(
    clients: web::Data<Clients>,
    caller: Authenticated,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let detail = clients.get_journal(&caller.call_context(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Project::try_from(detail)?))
}

/// Changes how the journal looks (every field of the customization).
#[utoipa::path(tag = "library", security(("bearer" = [])),
    params(("id" = String, Path, description = "The journal id")),
    request_body = Customization,
    responses(
        (status = 200, description = "The updated project", body = Project),
        (status = 400, description = "Invalid input (field errors)", body = ErrorBody),
        SignedIn, JournalNotFound, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[put("/api/library/projects/{id}")]
pub async fn put(
    clients: web::Data<Clients>,
    id: web::Path<String>,
    SignedInBody { caller, body: customization }: SignedInBody<Customization>,
) -> ApiResult<HttpResponse> {
    let request = pb::UpdateJournalRequest {
        id: id.into_inner(),
        customization: Some(customization.into()),
        ..Default::default()
    };
    let detail = clients.update_journal(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(Project::try_from(detail)?))
}

/// Deletes the journal with its pages and entries.
#[utoipa::path(operation_id = "delete_project", tag = "library", security(("bearer" = [])),
    params(("id" = String, Path, description = "The journal id")),
    responses(
        (status = 200, description = "Deleted", body = SuccessResponse),
        SignedIn, JournalNotFound,
    ))]
#[delete("/api/library/projects/{id}")]
pub async fn delete(
    clients: web::Data<Clients>,
    caller: Authenticated,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    clients.delete_journal(&caller.call_context(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(SuccessResponse { success: true }))
}

/// A copy of the journal, with its pages and entries, as a new draft.
#[utoipa::path(tag = "library", security(("bearer" = [])),
    params(("id" = String, Path, description = "The journal to copy")),
    responses(
        (status = 201, description = "The new project", body = Project),
        SignedIn, JournalNotFound,
    ))]
#[post("/api/library/projects/{id}/duplicate")]
pub async fn duplicate(
    clients: web::Data<Clients>,
    caller: Authenticated,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let detail = clients.duplicate_journal(&caller.call_context(), id.into_inner()).await?;
    Ok(HttpResponse::Created().json(Project::try_from(detail)?))
}
