//! `/api/ai/*`: the catalogue a person chooses from when planning a journal (journal
//! service). Public: nothing in it belongs to anyone.

use actix_web::{HttpResponse, get, web};
use jc_platform::grpc::CallContext;
use jc_proto::journal as pb;
use serde::Serialize;
use utoipa::ToSchema;

use crate::clients::Clients;
use crate::error::ApiResult;
use crate::middleware::RequestId;
use crate::openapi::responses::Unavailable;

#[derive(Debug, Serialize, ToSchema)]
pub struct ThemeView {
    #[schema(example = "gratitude")]
    pub id: String,
    pub name: String,
    pub description: String,
    /// The number of days a journal on this theme usually has.
    pub estimated_days: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ThemeList {
    pub themes: Vec<ThemeView>,
    pub count: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TitleStyleView {
    pub id: String,
    pub name: String,
    pub examples: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TitleStyleList {
    pub title_styles: Vec<TitleStyleView>,
    pub count: usize,
}

impl From<pb::ThemeList> for ThemeList {
    fn from(list: pb::ThemeList) -> Self {
        let views: Vec<ThemeView> = list
            .themes
            .into_iter()
            .map(|t| ThemeView {
                id: t.id,
                name: t.name,
                description: t.description,
                estimated_days: t.estimated_days,
            })
            .collect();
        Self { count: views.len(), themes: views }
    }
}

impl From<pb::TitleStyleList> for TitleStyleList {
    fn from(list: pb::TitleStyleList) -> Self {
        let views: Vec<TitleStyleView> = list
            .title_styles
            .into_iter()
            .map(|s| TitleStyleView { id: s.id, name: s.name, examples: s.examples })
            .collect();
        Self { count: views.len(), title_styles: views }
    }
}

/// The built-in journal themes.
#[utoipa::path(tag = "catalogue",
    responses(
        (status = 200, description = "OK", body = ThemeList),
        Unavailable,
    ))]
#[get("/api/ai/themes")]
pub async fn themes(clients: web::Data<Clients>, request_id: RequestId) -> ApiResult<HttpResponse> {
    let list = clients.themes(&CallContext::new(request_id.0)).await?;
    Ok(HttpResponse::Ok().json(ThemeList::from(list)))
}

/// The styles a journal's title can be written in, with examples.
#[utoipa::path(tag = "catalogue",
    responses(
        (status = 200, description = "OK", body = TitleStyleList),
        Unavailable,
    ))]
#[get("/api/ai/title-styles")]
pub async fn title_styles(clients: web::Data<Clients>, request_id: RequestId) -> ApiResult<HttpResponse> {
    let list = clients.title_styles(&CallContext::new(request_id.0)).await?;
    Ok(HttpResponse::Ok().json(TitleStyleList::from(list)))
}
