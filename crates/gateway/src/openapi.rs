//! The OpenAPI document: what the API is (info, tags, the shared schemas and the bearer
//! security scheme) and, from [`crate::routes::register`], every route's `#[utoipa::path]`.
//! Served at `/api/openapi.json` and printed by `journalcraft openapi`.

pub mod responses;

use serde_json::Value;
use utoipa::openapi::path::Parameter;
use utoipa::openapi::schema::ArrayItems;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{Modify, OpenApi};

use crate::routes::root;

/// The `pattern` of a one-line text the services trim and check: no control characters.
const ONE_LINE: &str = r"^[^\u0000-\u001f\u007f-\u009f]*$";
/// A one-line text that must not be empty once trimmed.
const NON_EMPTY_LINE: &str =
    r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$";
/// A longer text: line breaks and tabs are its only control characters.
const TEXT: &str = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$";

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
    catalogue_choices(&mut document);
    text_rules(&mut document);
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

/// The text fields of request bodies and the rule the service that stores them checks
/// (`jc_journal::domain::{title, line, text}`, the user service's name), stated as a
/// pattern: the derive's attributes take only literals, and one table keeps the
/// patterns in one place.
const TEXT_RULES: [(&str, &str, &str); 23] = [
    ("RegisterRequest", "full_name", NON_EMPTY_LINE),
    ("UpdateProfileRequest", "full_name", NON_EMPTY_LINE),
    ("CreateJournalRequest", "title", NON_EMPTY_LINE),
    ("CreateJournalRequest", "subtitle", ONE_LINE),
    ("CreateJournalRequest", "description", TEXT),
    ("UpdateJournalRequest", "title", NON_EMPTY_LINE),
    ("UpdateJournalRequest", "subtitle", ONE_LINE),
    ("UpdateJournalRequest", "author_name", ONE_LINE),
    ("UpdateJournalRequest", "description", TEXT),
    ("IntroductionInput", "title", ONE_LINE),
    ("IntroductionInput", "quote", TEXT),
    ("IntroductionInput", "writeup", TEXT),
    ("CommitmentInput", "text", TEXT),
    ("CommitmentInput", "writeup", TEXT),
    ("CertificateInput", "summary", TEXT),
    ("CertificateInput", "text", TEXT),
    ("CertificateInput", "fields", ONE_LINE),
    ("UpdateDayRequest", "title", ONE_LINE),
    ("UpdateDayRequest", "pre_writeup", TEXT),
    ("UpdateDayRequest", "prompt", TEXT),
    ("UpdateDayRequest", "entry", TEXT),
    ("GenerateJournalRequest", "author_style", ONE_LINE),
    ("GenerateJournalRequest", "custom_prompt", TEXT),
];

fn text_rules(document: &mut utoipa::openapi::OpenApi) {
    let Some(components) = document.components.as_mut() else { return };
    for (schema, field, pattern) in TEXT_RULES {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(schema) else { continue };
        let property = match object.properties.get_mut(field) {
            Some(RefOr::T(Schema::Object(property))) => property,
            // A list of texts: the rule is its items'.
            Some(RefOr::T(Schema::Array(list))) => match &mut list.items {
                ArrayItems::RefOrSchema(items) => match items.as_mut() {
                    RefOr::T(Schema::Object(items)) => items,
                    _ => continue,
                },
                ArrayItems::False => continue,
            },
            _ => continue,
        };
        property.pattern = Some(pattern.to_owned());
        if pattern == NON_EMPTY_LINE {
            property.min_length = Some(1);
        }
    }
}

/// The body fields and parameters that take one of a closed set of words the services
/// check: theme and title style ids of the writer's catalogue (checked by the journal
/// service), export formats, key providers. The document lists the words.
const THEME_FIELDS: [(&str, &str); 2] =
    [("GenerateJournalRequest", "theme"), ("CreateJournalRequest", "theme")];
const TITLE_STYLE_FIELDS: [(&str, &str); 1] = [("GenerateJournalRequest", "title_style")];
const FORMAT_FIELDS: [(&str, &str); 2] =
    [("CreateExportRequest", "format"), ("LegacyCreateExportRequest", "format")];
const PROVIDER_FIELDS: [(&str, &str); 1] = [("ApiKeyRequest", "provider")];
const THEME_PARAMETERS: [(&str, &str); 1] = [("/api/journals/author-suggestions", "theme")];

fn catalogue_choices(document: &mut utoipa::openapi::OpenApi) {
    let words = |ids: &mut dyn Iterator<Item = String>| ids.map(Value::from).collect::<Vec<_>>();
    let themes = words(&mut jc_writer::catalogue::themes().iter().map(|t| t.id.clone()));
    let styles = words(&mut jc_writer::catalogue::title_styles().iter().map(|s| s.id.clone()));
    let formats = words(&mut jc_domain::ExportFormat::ALL.iter().map(|f| f.as_str().to_owned()));
    let providers = vec![Value::from(jc_writer::providers::OPENAI)];
    if let Some(components) = document.components.as_mut() {
        let fields = [
            (&THEME_FIELDS[..], &themes),
            (&TITLE_STYLE_FIELDS[..], &styles),
            (&FORMAT_FIELDS[..], &formats),
            (&PROVIDER_FIELDS[..], &providers),
        ];
        for (fields, ids) in fields {
            for (schema, field) in fields {
                if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(*schema)
                    && let Some(RefOr::T(Schema::Object(property))) = object.properties.get_mut(*field)
                {
                    restrict(property, ids);
                }
            }
        }
    }
    settable_status(document);
    for (path, name) in THEME_PARAMETERS {
        let Some(item) = document.paths.paths.get_mut(path) else { continue };
        let parameters = item.get.as_mut().and_then(|operation| operation.parameters.as_mut());
        for parameter in parameters.into_iter().flatten() {
            if let RefOr::T(Parameter { name: found, schema: Some(RefOr::T(Schema::Object(schema))), .. }) =
                parameter
                && found == name
            {
                restrict(schema, &themes);
            }
        }
    }
}

/// `status` of a journal update: the statuses [`crate::customization::settable`] lets a
/// person set (every status but `generating`), or null.
fn settable_status(document: &mut utoipa::openapi::OpenApi) {
    use crate::customization::{JournalStatus, settable};
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let Some(components) = document.components.as_mut() else { return };
    let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut("UpdateJournalRequest") else {
        return;
    };
    let mut words: Vec<Value> = JournalStatus::ALL
        .into_iter()
        .filter(|status| settable(*status, "status").is_ok())
        .map(|status| Value::from(status.as_str()))
        .collect();
    words.push(Value::Null);
    let status = ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some("`draft`, `completed` or `archived`; left out or null, it stays."))
        .enum_values(Some(words))
        .build();
    object.properties.insert("status".to_owned(), RefOr::T(Schema::Object(status)));
}

/// An id field: one of `ids`, exactly (no pattern or length rule beside it).
fn restrict(schema: &mut utoipa::openapi::schema::Object, ids: &[Value]) {
    schema.enum_values = Some(ids.to_vec());
    schema.pattern = None;
    schema.min_length = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_rule_names_a_documented_field() {
        let document = serde_json::to_value(openapi()).expect("serialises");
        let schemas = &document["components"]["schemas"];
        for (schema, field, pattern) in TEXT_RULES {
            let property = &schemas[schema]["properties"][field];
            let stated = if property["type"] == "array" {
                &property["items"]["pattern"]
            } else {
                &property["pattern"]
            };
            assert_eq!(stated, pattern, "{schema}.{field}");
        }
        assert_eq!(schemas["RegisterRequest"]["properties"]["full_name"]["minLength"], 1);
    }

    #[test]
    fn theme_and_title_style_ids_are_listed_from_the_catalogue() {
        let document = serde_json::to_value(openapi()).expect("serialises");
        let schemas = &document["components"]["schemas"];
        let first_theme = &jc_writer::catalogue::themes()[0].id;
        for (schema, field) in THEME_FIELDS {
            let ids = schemas[schema]["properties"][field]["enum"].as_array().expect("an enum");
            assert_eq!(ids.len(), jc_writer::catalogue::themes().len(), "{schema}.{field}");
            assert_eq!(&ids[0], first_theme);
        }
        let styles = schemas["GenerateJournalRequest"]["properties"]["title_style"]["enum"].as_array();
        assert_eq!(styles.map(Vec::len), Some(jc_writer::catalogue::title_styles().len()));
        assert_eq!(
            schemas["UpdateJournalRequest"]["properties"]["status"]["enum"],
            serde_json::json!(["draft", "completed", "archived", null])
        );
        for (schema, field) in FORMAT_FIELDS {
            assert_eq!(
                schemas[schema]["properties"][field]["enum"],
                serde_json::json!(["pdf", "docx", "epub", "kdp"])
            );
        }
        assert_eq!(schemas["ApiKeyRequest"]["properties"]["provider"]["enum"], serde_json::json!(["openai"]));
        let parameter = &document["paths"]["/api/journals/author-suggestions"]["get"]["parameters"][0];
        assert_eq!(parameter["name"], "theme");
        assert_eq!(parameter["schema"]["enum"][0], *first_theme);
    }
}
