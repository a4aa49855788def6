//! Export jobs and formats as the REST API shows them: the JSON the export service
//! carries as strings (`options_json`, `result_json`) parsed into objects, and the
//! request bodies that create a job, checked before anything is sent.

use jc_domain::{ExportFormat, ExportStatus};
use jc_platform::{AppError, FieldError};
use jc_proto::convert::WireEnum;
use jc_proto::export as pb;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::wire::sent;

/// A format and the options it takes.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormatView {
    /// `pdf`, `docx`, `epub` or `kdp`.
    #[schema(value_type = String, example = "pdf")]
    pub id: ExportFormat,
    pub name: String,
    pub description: String,
    #[schema(example = "application/pdf")]
    pub content_type: String,
    #[schema(example = "pdf")]
    pub file_extension: String,
    /// Each option: its type, default, and allowed values or range.
    #[schema(value_type = Object)]
    pub options: Map<String, Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FormatList {
    pub formats: Vec<FormatView>,
    pub count: usize,
}

/// An export job.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportJobView {
    pub id: String,
    pub user_id: String,
    pub journal_id: String,
    /// The same as `journal_id`, for the web frontend (which calls journals projects).
    pub project_id: String,
    #[schema(value_type = String, example = "pdf")]
    pub format: ExportFormat,
    pub status: ExportStatus,
    /// 0 to 100.
    pub progress_percentage: u32,
    /// A readable name of the current step.
    pub current_step: String,
    /// The options the job renders with.
    #[schema(value_type = Object)]
    pub options: Map<String, Value>,
    /// Why the job failed; null unless failed.
    pub error: Option<String>,
    /// Set once completed.
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<u64>,
    pub page_count: Option<u32>,
    /// How many times rendering was attempted.
    pub attempts: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// RFC 3339, UTC; once finished.
    pub finished_at: Option<String>,
    /// RFC 3339, UTC; when the file and the job are deleted.
    pub expires_at: Option<String>,
    /// Where to fetch the file; once completed.
    #[schema(example = "/api/export/jobs/6b1f…/download")]
    pub download_url: Option<String>,
}

/// A page of the caller's export jobs, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportJobList {
    pub jobs: Vec<ExportJobView>,
    /// Every job of the caller, on all pages.
    pub count: u64,
    pub page: u32,
    pub total_pages: u32,
}

/// Starts an export.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateExportRequest {
    /// A journal of the caller's.
    pub journal_id: String,
    /// A format id from `GET /api/export/formats`.
    #[schema(example = "pdf")]
    pub format: String,
    /// The format's options (see `GET /api/export/formats`); its defaults when left out.
    #[schema(value_type = Option<Object>)]
    pub options: Option<Value>,
}

/// Starts an export, as the web frontend asks for one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LegacyCreateExportRequest {
    /// The journal (the frontend calls journals projects).
    pub project_id: String,
    #[schema(example = "pdf")]
    pub format: String,
    /// The format's options; its defaults when left out.
    #[schema(value_type = Option<Object>)]
    pub settings: Option<Value>,
}

/// The service's JSON text of an object, parsed. The service writes these, so one that
/// is not an object is a fault of the platform, not of the caller.
pub fn parse_object(what: &str, json: &str) -> Result<Map<String, Value>, AppError> {
    if json.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(AppError::internal(format!("the export service answered {what} that is not an object"))),
        Err(e) => {
            Err(AppError::internal(format!("the export service answered {what} that is not JSON: {e}")))
        }
    }
}

impl TryFrom<pb::FormatList> for FormatList {
    type Error = AppError;

    fn try_from(list: pb::FormatList) -> Result<Self, AppError> {
        let formats = list
            .formats
            .into_iter()
            .map(|f| {
                Ok(FormatView {
                    options: parse_object("format options", &f.options_json)?,
                    id: sent("id", f.id)?,
                    name: f.name,
                    description: f.description,
                    content_type: f.content_type,
                    file_extension: f.file_extension,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(Self { count: formats.len(), formats })
    }
}

impl TryFrom<pb::ExportJob> for ExportJobView {
    type Error = AppError;

    fn try_from(job: pb::ExportJob) -> Result<Self, AppError> {
        let status = sent("status", job.status)?;
        let download_url =
            (status == ExportStatus::Completed).then(|| format!("/api/export/jobs/{}/download", job.id));
        Ok(Self {
            format: sent("format", job.format)?,
            status,
            options: parse_object("job options", &job.options_json)?,
            project_id: job.journal_id.clone(),
            id: job.id,
            user_id: job.user_id,
            journal_id: job.journal_id,
            progress_percentage: job.progress_percentage,
            current_step: job.current_step,
            error: job.error,
            file_name: job.file_name,
            content_type: job.content_type,
            size_bytes: job.size_bytes,
            page_count: job.page_count,
            attempts: job.attempts,
            created_at: job.created_at,
            updated_at: job.updated_at,
            finished_at: job.finished_at,
            expires_at: job.expires_at,
            download_url,
        })
    }
}

impl TryFrom<pb::ExportPage> for ExportJobList {
    type Error = AppError;

    fn try_from(page: pb::ExportPage) -> Result<Self, AppError> {
        let jobs = page.jobs.into_iter().map(ExportJobView::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(Self { jobs, count: page.total, page: page.page, total_pages: page.total_pages })
    }
}

/// A required text field: trimmed, not empty.
fn required(field: &str, raw: String, what: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, format!("is required: {what}")));
    }
    Ok(value.to_owned())
}

/// A format id: required, then one of the formats (trimmed; ids are case-sensitive).
fn format(raw: String) -> Result<ExportFormat, FieldError> {
    let id = required("format", raw, "a format id from GET /api/export/formats")?;
    ExportFormat::parse(&id).ok_or_else(|| {
        FieldError::new("format", format!("`{id}` is not a format; expected {}", ExportFormat::choices()))
    })
}

/// The options as the service takes them: a JSON object's text, or empty for the
/// defaults (left out or null).
fn options_json(field: &str, options: Option<Value>) -> Result<String, FieldError> {
    match options {
        None | Some(Value::Null) => Ok(String::new()),
        Some(value @ Value::Object(_)) => Ok(value.to_string()),
        Some(_) => Err(FieldError::new(field, "must be a JSON object of the format's options")),
    }
}

/// The gRPC request of a checked body; every problem is reported at once.
fn create_request(
    (journal_field, journal_id): (&str, String),
    format: String,
    (options_field, options): (&str, Option<Value>),
) -> Result<pb::CreateExportRequest, AppError> {
    let journal_id = required(journal_field, journal_id, "a journal id");
    let format = self::format(format);
    let options_json = options_json(options_field, options);
    match (journal_id, format, options_json) {
        (Ok(journal_id), Ok(format), Ok(options_json)) => {
            Ok(pb::CreateExportRequest { journal_id, format: format.to_wire(), options_json })
        }
        (journal_id, format, options_json) => Err(AppError::validation(
            [journal_id.err(), format.err(), options_json.err()].into_iter().flatten().collect(),
        )),
    }
}

impl CreateExportRequest {
    pub fn into_request(self) -> Result<pb::CreateExportRequest, AppError> {
        create_request(("journal_id", self.journal_id), self.format, ("options", self.options))
    }
}

impl LegacyCreateExportRequest {
    pub fn into_request(self) -> Result<pb::CreateExportRequest, AppError> {
        create_request(("project_id", self.project_id), self.format, ("settings", self.settings))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(error: AppError) -> Vec<String> {
        error.fields.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn options_must_be_an_object_and_blank_ids_are_named() {
        let body = CreateExportRequest {
            journal_id: " jr_1 ".into(),
            format: "pdf".into(),
            options: Some(json!({"trim": "6x9"})),
        };
        let request = body.into_request().expect("valid");
        assert_eq!(request.journal_id, "jr_1");
        assert_eq!(serde_json::from_str::<Value>(&request.options_json).ok(), Some(json!({"trim": "6x9"})));

        let defaults = CreateExportRequest { journal_id: "jr_1".into(), format: "pdf".into(), options: None };
        assert_eq!(defaults.into_request().expect("valid").options_json, "");

        let bad =
            CreateExportRequest { journal_id: " ".into(), format: "".into(), options: Some(json!([1])) };
        assert_eq!(fields(bad.into_request().expect_err("invalid")), ["journal_id", "format", "options"]);

        let legacy = LegacyCreateExportRequest {
            project_id: "".into(),
            format: "pdf".into(),
            settings: Some(json!(3)),
        };
        assert_eq!(fields(legacy.into_request().expect_err("invalid")), ["project_id", "settings"]);
    }

    #[test]
    fn formats_are_checked_at_the_edge() {
        let body = CreateExportRequest { journal_id: "jr_1".into(), format: " epub ".into(), options: None };
        assert_eq!(body.into_request().expect("valid").format(), jc_proto::common::ExportFormat::Epub);
        let unknown = CreateExportRequest { journal_id: "jr_1".into(), format: "mobi".into(), options: None };
        let error = unknown.into_request().expect_err("unknown format");
        assert_eq!(error.fields[0].message, "`mobi` is not a format; expected pdf, docx, epub or kdp");
        let shouted = CreateExportRequest { journal_id: "jr_1".into(), format: "PDF".into(), options: None };
        assert!(shouted.into_request().is_err(), "ids are case-sensitive");
    }

    #[test]
    fn a_completed_job_has_a_download_url_and_parsed_options() {
        let job = pb::ExportJob {
            id: "ex_1".into(),
            journal_id: "jr_1".into(),
            status: ExportStatus::Completed.to_wire(),
            format: ExportFormat::Pdf.to_wire(),
            options_json: r#"{"bleed": true}"#.into(),
            ..Default::default()
        };
        let view = serde_json::to_value(ExportJobView::try_from(job).expect("converts")).expect("serialises");
        assert_eq!(view["download_url"], "/api/export/jobs/ex_1/download");
        assert_eq!(view["project_id"], "jr_1");
        assert_eq!(view["options"], json!({"bleed": true}));
        assert!(view["error"].is_null() && view.get("error").is_some(), "every field is present: {view}");

        let queued = pb::ExportJob {
            id: "ex_2".into(),
            status: ExportStatus::Queued.to_wire(),
            format: ExportFormat::Kdp.to_wire(),
            ..Default::default()
        };
        let view =
            serde_json::to_value(ExportJobView::try_from(queued).expect("converts")).expect("serialises");
        assert!(view["download_url"].is_null());
        assert_eq!(view["options"], json!({}));

        let broken = pb::ExportJob {
            status: ExportStatus::Queued.to_wire(),
            format: ExportFormat::Kdp.to_wire(),
            options_json: "[1]".into(),
            ..Default::default()
        };
        assert!(ExportJobView::try_from(broken).is_err());
        let no_status = pb::ExportJob { format: ExportFormat::Kdp.to_wire(), ..Default::default() };
        assert!(ExportJobView::try_from(no_status).is_err());
    }
}
