//! `/api/journals*`: journals made by hand, their pages and the owner's daily entries
//! (journal service), and the author voices a theme suggests. Another person's journal
//! is `not_found`; a malformed journal id is passed on and is `not_found` too.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use jc_platform::grpc::CallContext;
use jc_platform::{AppError, ErrorCode};
use jc_proto::convert::WireEnum;
use jc_proto::journal as pb;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::bearer::Authenticated;
use crate::clients::Clients;
use crate::customization::{Customization, JournalStatus, PageStyle, check_days, settable};
use crate::error::{ApiResult, ErrorBody};
use crate::json::{SignedInBody, read_json};
use crate::middleware::RequestId;
use crate::openapi::responses::{
    JournalNotFound, PayloadTooLarge, SignedIn, Unavailable, UnsupportedMediaType,
};
use crate::projects::{Day, Journal};

#[derive(Debug, Deserialize)]
struct ThemeQuery {
    theme: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorVoice {
    pub name: String,
    pub style: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorSuggestions {
    pub authors: Vec<AuthorVoice>,
    pub theme: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateJournalRequest {
    /// 1 to 200 characters after trimming, one line.
    #[schema(example = "Thirty Days of Thanks", max_length = 200)]
    pub title: String,
    #[schema(max_length = 200)]
    pub subtitle: Option<String>,
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// A theme id from `GET /api/ai/themes`.
    #[schema(example = "gratitude", min_length = 1, max_length = 100, pattern = r"\S")]
    pub theme: String,
    /// The number of day pages, 1 to 366.
    #[schema(example = 30, minimum = 1, maximum = 366)]
    pub days: u32,
    /// The defaults when left out.
    pub customization: Option<Customization>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct IntroductionInput {
    #[schema(max_length = 200)]
    pub title: String,
    #[schema(max_length = 10000)]
    pub quote: String,
    #[schema(max_length = 10000)]
    pub writeup: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CommitmentInput {
    #[schema(max_length = 10000)]
    pub text: String,
    #[schema(max_length = 10000)]
    pub writeup: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CertificateInput {
    #[schema(max_length = 10000)]
    pub summary: String,
    #[schema(max_length = 10000)]
    pub text: String,
    /// At most 20 blanks of up to 200 characters each.
    #[schema(inline, value_type = Vec<CertificateField>, max_items = 20)]
    pub fields: Vec<String>,
}

/// One blank of a certificate.
#[derive(ToSchema)]
#[schema(value_type = String, max_length = 200)]
pub struct CertificateField(pub String);

/// Fields left out (or null) stay as they are; the objects are replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateJournalRequest {
    /// 1 to 200 characters after trimming, one line.
    #[schema(max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 200)]
    pub subtitle: Option<String>,
    #[schema(max_length = 200)]
    pub author_name: Option<String>,
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    pub customization: Option<Customization>,
    /// `draft`, `completed` or `archived`.
    pub status: Option<JournalStatus>,
    pub introduction: Option<IntroductionInput>,
    pub commitment: Option<CommitmentInput>,
    pub certificate: Option<CertificateInput>,
}

/// Fields left out (or null) stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateDayRequest {
    #[schema(max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 10000)]
    pub pre_writeup: Option<String>,
    #[schema(max_length = 10000)]
    pub prompt: Option<String>,
    /// Writing lines on the page, 1 to 60.
    #[schema(minimum = 1, maximum = 60)]
    pub lines: Option<u32>,
    pub page_style: Option<PageStyle>,
    /// The owner's entry for the day; an empty string removes it.
    #[schema(max_length = 50000)]
    pub entry: Option<String>,
}

/// A day number of the path: 1 or more.
fn day_number(raw: &str) -> Result<u32, AppError> {
    raw.parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| AppError::field("day", "must be a day number: a whole number from 1"))
}

/// Author voices that suit a theme.
#[utoipa::path(tag = "catalogue",
    params(("theme" = String, Query, min_length = 1, pattern = r"\S", description = "A theme id")),
    responses(
        (status = 200, description = "OK", body = AuthorSuggestions),
        (status = 400, description = "theme is missing or not a known theme", body = ErrorBody),
        Unavailable,
    ))]
#[get("/api/journals/author-suggestions")]
pub async fn author_suggestions(
    clients: web::Data<Clients>,
    request_id: RequestId,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let query = web::Query::<ThemeQuery>::from_query(req.query_string())
        .map_err(|e| AppError::new(ErrorCode::BadRequest, format!("The query string is not valid: {e}")))?;
    let theme = query
        .into_inner()
        .theme
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AppError::field("theme", "is required: a theme id"))?;
    let request = pb::AuthorSuggestionsRequest { theme };
    let list = clients.author_suggestions(&CallContext::new(request_id.0), request).await?;
    Ok(HttpResponse::Ok().json(AuthorSuggestions {
        authors: list.authors.into_iter().map(|a| AuthorVoice { name: a.name, style: a.style }).collect(),
        theme: list.theme,
    }))
}

/// Creates a journal by hand: blank day pages the owner fills in.
#[utoipa::path(tag = "journals", security(("bearer" = [])),
    request_body = CreateJournalRequest,
    responses(
        (status = 201, description = "The new journal with its pages", body = Journal),
        (status = 400, description = "Invalid input (field errors)", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[post("/api/journals")]
pub async fn create(
    clients: web::Data<Clients>,
    SignedInBody { caller, body }: SignedInBody<CreateJournalRequest>,
) -> ApiResult<HttpResponse> {
    let request = pb::CreateJournalRequest {
        title: body.title,
        subtitle: body.subtitle.unwrap_or_default(),
        description: body.description.unwrap_or_default(),
        theme: body.theme,
        days: check_days(body.days)?,
        customization: body.customization.map(Into::into),
    };
    let detail = clients.create_journal(&caller.call_context(), request).await?;
    Ok(HttpResponse::Created().json(Journal::try_from(detail)?))
}

/// A journal with every page.
#[utoipa::path(operation_id = "get_journal", tag = "journals", security(("bearer" = [])),
    params(("id" = String, Path, description = "The journal id")),
    responses(
        (status = 200, description = "OK", body = Journal),
        SignedIn, JournalNotFound,
    ))]
#[get("/api/journals/{id}")]
pub async fn get(
    clients: web::Data<Clients>,
    caller: Authenticated,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let detail = clients.get_journal(&caller.call_context(), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Journal::try_from(detail)?))
}

/// Changes the fields that are sent.
#[utoipa::path(tag = "journals", security(("bearer" = [])),
    params(("id" = String, Path, description = "The journal id")),
    request_body = UpdateJournalRequest,
    responses(
        (status = 200, description = "The updated journal", body = Journal),
        (status = 400, description = "Invalid input (field errors)", body = ErrorBody),
        SignedIn, JournalNotFound, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[patch("/api/journals/{id}")]
pub async fn patch(
    clients: web::Data<Clients>,
    id: web::Path<String>,
    SignedInBody { caller, body }: SignedInBody<UpdateJournalRequest>,
) -> ApiResult<HttpResponse> {
    let request = pb::UpdateJournalRequest {
        id: id.into_inner(),
        title: body.title,
        subtitle: body.subtitle,
        author_name: body.author_name,
        description: body.description,
        customization: body.customization.map(Into::into),
        status: body.status.map(|s| settable(s, "status").map(WireEnum::to_wire)).transpose()?,
        introduction: body.introduction.map(|i| pb::Introduction {
            title: i.title,
            quote: i.quote,
            writeup: i.writeup,
        }),
        commitment: body.commitment.map(|c| pb::Commitment { text: c.text, writeup: c.writeup }),
        certificate: body.certificate.map(|c| pb::Certificate {
            summary: c.summary,
            text: c.text,
            fields: c.fields,
        }),
    };
    let detail = clients.update_journal(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(Journal::try_from(detail)?))
}

/// One day's page with the owner's entry.
#[utoipa::path(tag = "journals", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The journal id"),
        ("n" = u32, Path, minimum = 1, description = "The day, from 1"),
    ),
    responses(
        (status = 200, description = "OK", body = Day),
        (status = 400, description = "n is not a day number", body = ErrorBody),
        (status = 404, description = "No such journal of the caller's, or no such day", body = ErrorBody),
        SignedIn,
    ))]
#[get("/api/journals/{id}/days/{n}")]
pub async fn get_day(
    clients: web::Data<Clients>,
    caller: Authenticated,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, n) = path.into_inner();
    let page = clients.day(&caller.call_context(), id, day_number(&n)?).await?;
    Ok(HttpResponse::Ok().json(Day::try_from(page)?))
}

/// Changes a day's page and/or writes the owner's entry.
#[utoipa::path(tag = "journals", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The journal id"),
        ("n" = u32, Path, minimum = 1, description = "The day, from 1"),
    ),
    request_body = UpdateDayRequest,
    responses(
        (status = 200, description = "The updated day", body = Day),
        (status = 400, description = "Invalid input, or n is not a day number", body = ErrorBody),
        (status = 404, description = "No such journal of the caller's, or no such day", body = ErrorBody),
        SignedIn, PayloadTooLarge, UnsupportedMediaType,
    ))]
#[put("/api/journals/{id}/days/{n}")]
pub async fn put_day(
    clients: web::Data<Clients>,
    caller: Authenticated,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let (journal_id, n) = path.into_inner();
    let day = day_number(&n)?;
    let body: UpdateDayRequest = read_json(&req, payload.into_inner()).await?;
    let request = pb::UpdateDayRequest {
        journal_id,
        day,
        title: body.title,
        pre_writeup: body.pre_writeup,
        prompt: body.prompt,
        lines: body.lines,
        page_style: body.page_style.map(PageStyle::to_wire),
        entry_text: body.entry,
    };
    let page = clients.update_day(&caller.call_context(), request).await?;
    Ok(HttpResponse::Ok().json(Day::try_from(page)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_are_whole_numbers_from_one() {
        assert_eq!(day_number("1").ok(), Some(1));
        assert_eq!(day_number("366").ok(), Some(366));
        for bad in ["0", "-1", "one", "", "1.0", " 2"] {
            assert!(day_number(bad).is_err(), "{bad:?}");
        }
    }
}
