//! Export jobs, formats and the KDP calculator as the REST API shows them, and the
//! request bodies that create a job or ask the calculator, checked before anything is
//! sent: a wrong key or type of the options is refused here with its path, the values
//! by the export service.

use jc_domain::print::{ExportChoices, KdpPreviewInput, Refused};
use jc_domain::{ExportFormat, ExportStatus};
use jc_platform::{AppError, FieldError};
use jc_proto::convert::WireEnum;
use jc_proto::convert::option_json;
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
    #[schema(min_length = 1, max_length = 64, pattern = r"\S")]
    pub journal_id: String,
    /// A format id from `GET /api/export/formats`.
    #[schema(example = "pdf", max_length = 20)]
    pub format: String,
    /// The format's options (see `GET /api/export/formats`); its defaults when left out.
    #[schema(value_type = Option<Object>)]
    pub options: Option<Value>,
}

/// Starts an export, as the web frontend asks for one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LegacyCreateExportRequest {
    /// The journal (the frontend calls journals projects).
    #[schema(min_length = 1, max_length = 64, pattern = r"\S")]
    pub project_id: String,
    #[schema(example = "pdf", max_length = 20)]
    pub format: String,
    /// The format's options; its defaults when left out.
    #[schema(value_type = Option<Object>)]
    pub settings: Option<Value>,
}

/// The choices a job was created with, as the caller would write them.
fn choices_json(options: Option<&pb::ExportOptions>) -> Result<Map<String, Value>, AppError> {
    let Some(options) = options else { return Ok(Map::new()) };
    let choices = ExportChoices::try_from(options)
        .map_err(|e| AppError::internal(format!("the export service sent unreadable options: {e}")))?;
    Ok(choices.to_json())
}

impl TryFrom<pb::FormatList> for FormatList {
    type Error = AppError;

    fn try_from(list: pb::FormatList) -> Result<Self, AppError> {
        let formats = list
            .formats
            .into_iter()
            .map(|f| {
                Ok(FormatView {
                    options: f
                        .options
                        .iter()
                        .map(|spec| {
                            let described = option_json(spec).map_err(|e| {
                                AppError::internal(format!("the export service sent a format option {e}"))
                            })?;
                            Ok((spec.name.clone(), described))
                        })
                        .collect::<Result<_, AppError>>()?,
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
            options: choices_json(job.options.as_ref())?,
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
        FieldError::new(
            "format",
            format!("`{}` is not a format; expected {}", jc_domain::excerpt(&id), ExportFormat::choices()),
        )
    })
}

fn refused(refused: Refused) -> FieldError {
    FieldError::new(refused.field, refused.message)
}

/// The gRPC request of a checked body; every problem is reported at once.
fn create_request(
    (journal_field, journal_id): (&str, String),
    format: String,
    (options_field, options): (&str, Option<Value>),
) -> Result<pb::CreateExportRequest, AppError> {
    let journal_id = required(journal_field, journal_id, "a journal id");
    let format = self::format(format);
    // With no format to go by, the keys of every format are accepted.
    let checked_as = format.as_ref().map_or(ExportFormat::Kdp, |format| *format);
    let choices = ExportChoices::from_json(checked_as, options_field, options).map_err(refused);
    match (journal_id, format, choices) {
        (Ok(journal_id), Ok(format), Ok(choices)) => Ok(pb::CreateExportRequest {
            journal_id,
            format: format.to_wire(),
            options: (!choices.is_empty()).then(|| pb::ExportOptions::from(&choices)),
        }),
        (journal_id, format, choices) => Err(AppError::validation(
            [journal_id.err(), format.err(), choices.err()].into_iter().flatten().collect(),
        )),
    }
}

/// The KDP calculator's question of a JSON body.
pub fn kdp_preview_request(body: Map<String, Value>) -> Result<pb::KdpPreviewRequest, AppError> {
    let input = KdpPreviewInput::from_json(Value::Object(body))
        .map_err(|error| AppError::validation(vec![refused(error)]))?;
    Ok(pb::KdpPreviewRequest::from(&input))
}

/// The calculator's answer, as the REST API shows it.
#[derive(Debug, Serialize)]
pub struct KdpPreviewView {
    pub calculation: CalculationView,
    /// Set when a listing was asked about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listing: Option<ListingReportView>,
}

#[derive(Debug, Serialize)]
pub struct CalculationView {
    pub trim: String,
    pub pages: u32,
    pub limits: PageLimitsView,
    pub pages_ok: bool,
    pub interior_page: SizeView,
    pub min_gutter: f64,
    pub min_outside: f64,
    pub cover: CoverView,
}

#[derive(Debug, Serialize)]
pub struct PageLimitsView {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Serialize)]
pub struct SizeView {
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Serialize)]
pub struct CoverView {
    pub size: SizeView,
    pub spine_width: f64,
    pub spine_text: bool,
    pub trim: SizeView,
    pub bleed: f64,
}

#[derive(Debug, Serialize)]
pub struct ListingReportView {
    pub passed: bool,
    pub checks: Vec<CheckView>,
}

#[derive(Debug, Serialize)]
pub struct CheckView {
    pub id: String,
    pub rule: String,
    pub passed: bool,
    pub measured: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

fn sent_message<T>(what: &str, message: Option<T>) -> Result<T, AppError> {
    message.ok_or_else(|| AppError::internal(format!("the export service answered without {what}")))
}

fn size(what: &str, size: Option<pb::SizeIn>) -> Result<SizeView, AppError> {
    let size = sent_message(what, size)?;
    Ok(SizeView { width: size.width, height: size.height })
}

impl TryFrom<pb::KdpPreviewResult> for KdpPreviewView {
    type Error = AppError;

    fn try_from(result: pb::KdpPreviewResult) -> Result<Self, AppError> {
        let c = sent_message("a calculation", result.calculation)?;
        let limits = sent_message("page limits", c.limits)?;
        let cover = sent_message("a cover", c.cover)?;
        Ok(Self {
            calculation: CalculationView {
                trim: c.trim,
                pages: c.pages,
                limits: PageLimitsView { min: limits.min, max: limits.max },
                pages_ok: c.pages_ok,
                interior_page: size("an interior page size", c.interior_page)?,
                min_gutter: c.min_gutter,
                min_outside: c.min_outside,
                cover: CoverView {
                    size: size("a cover size", cover.size)?,
                    spine_width: cover.spine_width,
                    spine_text: cover.spine_text,
                    trim: size("a cover trim", cover.trim)?,
                    bleed: cover.bleed,
                },
            },
            listing: result.listing.map(|report| ListingReportView {
                passed: report.passed,
                checks: report
                    .checks
                    .into_iter()
                    .map(|check| CheckView {
                        id: check.id,
                        rule: check.rule,
                        passed: check.passed,
                        measured: check.measured,
                        advice: check.advice,
                    })
                    .collect(),
            }),
        })
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
        assert_eq!(request.options.and_then(|options| options.trim).as_deref(), Some("6x9"));

        let defaults = CreateExportRequest { journal_id: "jr_1".into(), format: "pdf".into(), options: None };
        assert_eq!(defaults.into_request().expect("valid").options, None);

        let mistyped = CreateExportRequest {
            journal_id: "jr_1".into(),
            format: "pdf".into(),
            options: Some(json!({"theme": {"colours": {}}, "bleed": "yes"})),
        };
        assert_eq!(fields(mistyped.into_request().expect_err("invalid")), ["options.bleed"]);
        let listed = CreateExportRequest {
            journal_id: "jr_1".into(),
            format: "epub".into(),
            options: Some(json!({"isbn": "9780306406157"})),
        };
        assert_eq!(
            fields(listed.into_request().expect_err("invalid")),
            ["options.isbn"],
            "only kdp has a listing"
        );

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
            options: Some(pb::ExportOptions { bleed: Some(true), ..Default::default() }),
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
            options: Some(pb::ExportOptions { ink_paper: 77, ..Default::default() }),
            ..Default::default()
        };
        assert!(ExportJobView::try_from(broken).is_err());
        let no_status = pb::ExportJob { format: ExportFormat::Kdp.to_wire(), ..Default::default() };
        assert!(ExportJobView::try_from(no_status).is_err());
    }
}
