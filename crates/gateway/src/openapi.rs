//! The OpenAPI document: what the API is (info, tags, the shared schemas and the bearer
//! security scheme) and, from [`crate::routes::register`], every route's `#[utoipa::path]`.
//! Served at `/api/openapi.json` and printed by `journalcraft openapi`.

pub mod responses;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::root;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Journal Craft API",
        description = "The REST API of Journal Craft. Errors share one body: \
                       `{\"error\": {\"code\", \"message\", \"request_id\", \"fields\"}, \"detail\"}`; \
                       every response carries `x-request-id`.",
    ),
    components(schemas(
        crate::error::ErrorBody, crate::error::ErrorDetail, crate::error::FieldErrorBody,
        jc_domain::ProfileType,
        crate::customization::Layout, crate::customization::FontSize, crate::customization::ColorScheme,
        crate::customization::PaperType, crate::customization::BindingType, crate::customization::PageStyle,
        crate::customization::JournalStatus, crate::customization::ResearchDepth,
        jc_domain::GenerationStatus, jc_domain::ExportStatus,
    )),
    modifiers(&BearerScheme),
    tags(
        (name = "auth", description = "Accounts, sessions and tokens"),
        (name = "users", description = "Profiles"),
        (name = "catalogue", description = "Themes, title styles and author voices to choose from"),
        (name = "generation", description = "Journals written for the caller: jobs, their progress, live over a WebSocket"),
        (name = "settings", description = "The caller's own provider key"),
        (name = "library", description = "The caller's journals as projects"),
        (name = "journals", description = "Journals made by hand, their pages and entries"),
        (name = "export", description = "The caller's journals as PDF, Word, EPUB or a KDP package: jobs, their files, the KDP calculator"),
        (name = "meta", description = "About the API"),
        (name = "operations", description = "Probes: liveness and readiness"),
    ),
)]
struct ApiDoc;

/// The `bearer` scheme the authenticated routes name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .description(Some("An access token from /api/auth/login or /api/auth/refresh."))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document without paths, which registering the routes adds.
pub(crate) fn base() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.info.version = root::VERSION.to_owned();
    document
}

/// The whole document: the one the gateway serves, built by registering every route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut document = crate::routes::register(actix_web::App::new()).1;
    document_rate_limits(&mut document);
    document
}

/// Every route but the probes can answer 429 (`crate::limits`); each operation states it,
/// with the headers of the answer, unless it words its own 429.
fn document_rate_limits(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::header::HeaderBuilder;
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder, Type};

    let header = |description: &str| {
        HeaderBuilder::new()
            .schema(Some(utoipa::openapi::ObjectBuilder::new().schema_type(Type::String)))
            .description(Some(description))
            .build()
    };
    let response = ResponseBuilder::new()
        .description("Too many requests of this class; see Retry-After")
        .header("Retry-After", header("Seconds until the request would be allowed"))
        .header("RateLimit-Policy", header("The quotas that apply (draft-ietf-httpapi-ratelimit-headers)"))
        .header("RateLimit", header("What is left of each quota and when it is whole again"))
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
        )
        .build();
    for (path, item) in document.paths.paths.iter_mut() {
        if matches!(path.as_str(), "/livez" | "/readyz") {
            continue;
        }
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            operation.responses.responses.entry("429".to_owned()).or_insert_with(|| response.clone().into());
        }
    }
}
