//! `/api/ai/*`: the catalogue a person chooses from when planning a journal (journal
//! service). Public: nothing in it belongs to anyone.

use actix_web::{HttpResponse, web};
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
        let themes: Vec<ThemeView> = list
            .themes
            .into_iter()
            .map(|t| ThemeView {
                id: t.id,
                name: t.name,
                description: t.description,
                estimated_days: t.estimated_days,
            })
            .collect();
        Self { count: themes.len(), themes }
    }
}

impl From<pb::TitleStyleList> for TitleStyleList {
    fn from(list: pb::TitleStyleList) -> Self {
        let title_styles: Vec<TitleStyleView> = list
            .title_styles
            .into_iter()
            .map(|s| TitleStyleView { id: s.id, name: s.name, examples: s.examples })
            .collect();
        Self { count: title_styles.len(), title_styles }
    }
}

/// The built-in journal themes.
#[utoipa::path(get, path = "/api/ai/themes", tag = "catalogue",
    responses(
        (status = 200, description = "OK", body = ThemeList),
        Unavailable,
    ))]
pub async fn themes(clients: web::Data<Clients>, request_id: RequestId) -> ApiResult<HttpResponse> {
    let list = clients.themes(&CallContext::new(request_id.0)).await?;
    Ok(HttpResponse::Ok().json(ThemeList::from(list)))
}

/// The styles a journal's title can be written in, with examples.
#[utoipa::path(get, path = "/api/ai/title-styles", tag = "catalogue",
    responses(
        (status = 200, description = "OK", body = TitleStyleList),
        Unavailable,
    ))]
pub async fn title_styles(clients: web::Data<Clients>, request_id: RequestId) -> ApiResult<HttpResponse> {
    let list = clients.title_styles(&CallContext::new(request_id.0)).await?;
    Ok(HttpResponse::Ok().json(TitleStyleList::from(list)))
}
