//! A hand-written export service: the format catalogue, journals and export jobs kept
//! in memory with their owners (whoever the caller's token names), files held as bytes
//! once a test completes a job, and downloads streamed as the real service streams
//! them: a head chunk, then the bytes in chunks. Another person's job or journal, and
//! an id it does not hold, is `not_found`. Every call is recorded.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::Stream;
use jc_domain::{ExportFormat, ExportStatus};
use jc_platform::grpc::{ServiceCredential, bearer_token};
use jc_platform::{AppError, ErrorCode, FieldError};
use jc_proto::common::Empty;
use jc_proto::convert::{WireEnum, stored, word};
use jc_proto::export::download_chunk::Part;
use jc_proto::export::export_server::Export;
use jc_proto::export::{
    CoverSpec, CreateExportRequest, DownloadChunk, DownloadHead, ExportJob, ExportOptions, ExportPage,
    ExportRef, Format, FormatList, KdpCalculation, KdpPreviewRequest, KdpPreviewResult, ListExportsRequest,
    OptionKind, OptionSpec, OptionValue, PageLimits, SizeIn, option_value,
};
use tonic::{Request, Response, Status};

use super::{JOURNAL_NOT_FOUND, Recorder, token_subject};

pub const EXPORT_NOT_FOUND: &str = "Export not found.";
pub const NOT_FINISHED: &str = "The export is not finished yet.";
pub const ARTIFACT_GONE: &str = "The file of this export is no longer available.";
/// `(id, name, content type, extension)` of each format.
const FORMATS: [(&str, &str, &str, &str); 4] = [
    ("pdf", "Print-ready PDF", "application/pdf", "pdf"),
    (
        "docx",
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ("epub", "EPUB 3 e-book", "application/epub+zip", "epub"),
    ("kdp", "Amazon KDP package", "application/zip", "zip"),
];
const TRIMS: [&str; 3] = ["5x8", "6x9", "8.5x11"];
/// Inches of one page of black ink on white paper (KDP.md).
const WHITE_PAGE_INCHES: f64 = 0.002252;

pub type ChunkStream = std::pin::Pin<Box<dyn Stream<Item = Result<DownloadChunk, Status>> + Send>>;

struct Stored {
    owner: String,
    job: ExportJob,
    file: Option<Vec<u8>>,
}

pub struct FakeExport {
    pub calls: Recorder,
    credential: ServiceCredential,
    /// Journal id → (owner, title).
    journals: Mutex<HashMap<String, (String, String)>>,
    /// Newest first.
    jobs: Mutex<Vec<Stored>>,
    /// Bytes in one data chunk of a download.
    pub chunk_size: AtomicUsize,
    /// Downloads fail with `unavailable` after this many data chunks.
    pub fail_after_chunks: Mutex<Option<usize>>,
    /// Downloads answer this error as the first message of the stream, where the head
    /// would be.
    pub head_failure: Mutex<Option<(ErrorCode, String)>>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn not_found(message: &str) -> Status {
    AppError::new(ErrorCode::NotFound, message).into_status()
}

fn invalid(field: &str, message: &str) -> Status {
    AppError::validation(vec![FieldError::new(field, message)]).into_status()
}

fn format_of(id: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    FORMATS.into_iter().find(|f| f.0 == id)
}

/// The caller's choices, with their values checked as the real service checks them
/// (the gateway has checked keys and types).
fn options(options: Option<ExportOptions>) -> Result<ExportOptions, Status> {
    let options = options.unwrap_or_default();
    if let Some(trim) = &options.trim
        && !TRIMS.contains(&trim.as_str())
    {
        return Err(invalid("options.trim", "must be a KDP trim size such as 6x9"));
    }
    Ok(options)
}

fn option(name: &str, kind: OptionKind, default: option_value::Value) -> OptionSpec {
    OptionSpec {
        name: name.into(),
        kind: kind as i32,
        description: format!("The {name}."),
        default_value: Some(OptionValue { value: Some(default) }),
        ..Default::default()
    }
}

impl FakeExport {
    pub fn new(credential: ServiceCredential) -> Self {
        Self {
            calls: Recorder::default(),
            credential,
            journals: Mutex::default(),
            jobs: Mutex::default(),
            chunk_size: AtomicUsize::new(4),
            fail_after_chunks: Mutex::new(None),
            head_failure: Mutex::new(None),
        }
    }

    fn check<T>(&self, request: &Request<T>, needs_token: bool) -> Result<(), Status> {
        self.credential.check(request.metadata()).map_err(AppError::into_status)?;
        if needs_token && bearer_token(request.metadata()).is_none() {
            return Err(AppError::unauthenticated("This call needs an access token.").into_status());
        }
        Ok(())
    }

    fn caller<T>(&self, request: &Request<T>) -> Result<String, Status> {
        self.check(request, true)?;
        token_subject(request)
    }

    /// A journal of `owner`'s the service can export; returns its id.
    pub fn seed_journal(&self, owner: &str, title: &str) -> String {
        let id = format!("jr_{}", uuid::Uuid::new_v4().simple());
        self.journals.lock().expect("journals lock").insert(id.clone(), (owner.into(), title.into()));
        id
    }

    /// A queued PDF export of a new journal of `owner`'s; returns its id.
    pub fn seed_job(&self, owner: &str) -> String {
        let journal_id = self.seed_journal(owner, "Seeded");
        let job = self.new_job(owner, journal_id, "pdf", ExportOptions::default());
        job.id
    }

    /// Renders the job as the worker would: completed, with `file` as its artifact.
    pub fn complete(&self, id: &str, file: &[u8]) {
        let title = {
            let jobs = self.jobs.lock().expect("jobs lock");
            let job = &jobs.iter().find(|s| s.job.id == id).expect("a stored job").job;
            self.journals.lock().expect("journals lock").get(&job.journal_id).map(|j| j.1.clone())
        };
        let mut jobs = self.jobs.lock().expect("jobs lock");
        let stored = jobs.iter_mut().find(|s| s.job.id == id).expect("a stored job");
        let (_, _, content_type, extension) =
            format_of(word::<ExportFormat>(stored.job.format)).expect("a known format");
        let at = now();
        let job = &mut stored.job;
        job.status = ExportStatus::Completed.to_wire();
        job.progress_percentage = 100;
        job.current_step = "Done".into();
        job.attempts = 1;
        job.file_name = Some(format!("{}.{extension}", title.unwrap_or_else(|| "Journal".into())));
        job.content_type = Some(content_type.into());
        job.size_bytes = Some(file.len() as u64);
        job.page_count = (job.format == ExportFormat::Pdf.to_wire()).then_some(32);
        job.updated_at = at.clone();
        job.finished_at = Some(at);
        job.expires_at = Some((chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339());
        stored.file = Some(file.to_vec());
    }

    /// Deletes the job's file, as the cleanup task (or a failing disk) would.
    pub fn remove_file(&self, id: &str) {
        let mut jobs = self.jobs.lock().expect("jobs lock");
        if let Some(stored) = jobs.iter_mut().find(|s| s.job.id == id) {
            stored.file = None;
        }
    }

    /// The job as stored, whoever owns it.
    pub fn stored(&self, id: &str) -> Option<ExportJob> {
        self.jobs.lock().expect("jobs lock").iter().find(|s| s.job.id == id).map(|s| s.job.clone())
    }

    fn new_job(&self, owner: &str, journal_id: String, format: &str, options: ExportOptions) -> ExportJob {
        let at = now();
        let job = ExportJob {
            id: format!("ex_{}", uuid::Uuid::new_v4().simple()),
            user_id: owner.into(),
            journal_id,
            format: stored::<ExportFormat>(format),
            status: ExportStatus::Queued.to_wire(),
            progress_percentage: 0,
            current_step: "Waiting for a worker".into(),
            options: Some(options),
            created_at: at.clone(),
            updated_at: at,
            ..Default::default()
        };
        let stored = Stored { owner: owner.into(), job: job.clone(), file: None };
        self.jobs.lock().expect("jobs lock").insert(0, stored);
        job
    }

    /// The caller's job `id` and its file.
    fn own(&self, caller: &str, id: &str) -> Result<(ExportJob, Option<Vec<u8>>), Status> {
        let jobs = self.jobs.lock().expect("jobs lock");
        jobs.iter()
            .find(|s| s.job.id == id && s.owner == caller)
            .map(|s| (s.job.clone(), s.file.clone()))
            .ok_or_else(|| not_found(EXPORT_NOT_FOUND))
    }

    fn chunks(&self, head: DownloadHead, file: Vec<u8>) -> Vec<Result<DownloadChunk, Status>> {
        let size = self.chunk_size.load(Ordering::SeqCst).max(1);
        let fail_after = *self.fail_after_chunks.lock().expect("failure lock");
        let mut chunks = vec![Ok(DownloadChunk { part: Some(Part::Head(head)) })];
        for (n, data) in file.chunks(size).enumerate() {
            if fail_after == Some(n) {
                chunks.push(Err(AppError::unavailable("the artifact store stopped answering").into_status()));
                return chunks;
            }
            chunks.push(Ok(DownloadChunk { part: Some(Part::Data(data.to_vec())) }));
        }
        chunks
    }
}

#[tonic::async_trait]
impl Export for FakeExport {
    async fn list_formats(&self, request: Request<Empty>) -> Result<Response<FormatList>, Status> {
        self.calls.record("ListFormats", &request, None);
        self.check(&request, false)?;
        let formats = FORMATS
            .into_iter()
            .map(|(id, name, content_type, extension)| Format {
                id: stored::<ExportFormat>(id),
                name: name.into(),
                description: format!("The journal as a {name}."),
                content_type: content_type.into(),
                file_extension: extension.into(),
                options: vec![
                    OptionSpec {
                        allowed: TRIMS.map(String::from).to_vec(),
                        ..option("trim", OptionKind::String, option_value::Value::Text("6x9".into()))
                    },
                    option("bleed", OptionKind::Boolean, option_value::Value::Boolean(false)),
                ],
            })
            .collect();
        Ok(Response::new(FormatList { formats }))
    }

    async fn create_export(
        &self,
        request: Request<CreateExportRequest>,
    ) -> Result<Response<ExportJob>, Status> {
        self.calls.record("CreateExport", &request, None);
        let caller = self.caller(&request)?;
        let message = request.into_inner();
        if format_of(word::<ExportFormat>(message.format)).is_none() {
            return Err(invalid("format", "must be one of pdf, docx, epub, kdp"));
        }
        let options = options(message.options)?;
        let owned =
            self.journals.lock().expect("journals lock").get(&message.journal_id).map(|j| j.0.clone());
        if owned.as_deref() != Some(caller.as_str()) {
            return Err(not_found(JOURNAL_NOT_FOUND));
        }
        Ok(Response::new(self.new_job(
            &caller,
            message.journal_id,
            word::<ExportFormat>(message.format),
            options,
        )))
    }

    async fn get_export(&self, request: Request<ExportRef>) -> Result<Response<ExportJob>, Status> {
        self.calls.record("GetExport", &request, None);
        let caller = self.caller(&request)?;
        Ok(Response::new(self.own(&caller, &request.get_ref().id)?.0))
    }

    async fn list_exports(
        &self,
        request: Request<ListExportsRequest>,
    ) -> Result<Response<ExportPage>, Status> {
        self.calls.record("ListExports", &request, None);
        let caller = self.caller(&request)?;
        let ListExportsRequest { page, limit } = request.into_inner();
        let page = page.max(1);
        let limit = match limit {
            0 => 20,
            limit if limit <= 100 => limit,
            _ => return Err(invalid("limit", "must be from 1 to 100")),
        };
        let jobs = self.jobs.lock().expect("jobs lock");
        let own: Vec<&Stored> = jobs.iter().filter(|s| s.owner == caller).collect();
        let total = own.len() as u64;
        let skip = (page as usize - 1).saturating_mul(limit as usize);
        Ok(Response::new(ExportPage {
            jobs: own.iter().skip(skip).take(limit as usize).map(|s| s.job.clone()).collect(),
            total,
            page,
            total_pages: total.div_ceil(u64::from(limit)) as u32,
        }))
    }

    async fn cancel_export(&self, request: Request<ExportRef>) -> Result<Response<ExportJob>, Status> {
        self.calls.record("CancelExport", &request, None);
        let caller = self.caller(&request)?;
        let id = request.into_inner().id;
        self.own(&caller, &id)?;
        let mut jobs = self.jobs.lock().expect("jobs lock");
        let stored = jobs.iter_mut().find(|s| s.job.id == id).ok_or_else(|| not_found(EXPORT_NOT_FOUND))?;
        if matches!(
            ExportStatus::from_wire(stored.job.status),
            Some(ExportStatus::Queued | ExportStatus::Rendering)
        ) {
            let at = now();
            stored.job.status = ExportStatus::Cancelled.to_wire();
            stored.job.current_step = "Cancelled".into();
            stored.job.updated_at = at.clone();
            stored.job.finished_at = Some(at);
        }
        Ok(Response::new(stored.job.clone()))
    }

    type DownloadStream = ChunkStream;

    async fn download(&self, request: Request<ExportRef>) -> Result<Response<ChunkStream>, Status> {
        self.calls.record("Download", &request, None);
        let caller = self.caller(&request)?;
        let (job, file) = self.own(&caller, &request.get_ref().id)?;
        if job.status != ExportStatus::Completed.to_wire() {
            return Err(AppError::new(ErrorCode::Conflict, NOT_FINISHED).into_status());
        }
        let file = file.ok_or_else(|| not_found(ARTIFACT_GONE))?;
        let chunks = match self.head_failure.lock().expect("failure lock").clone() {
            Some((code, message)) => vec![Err(AppError::new(code, message).into_status())],
            None => {
                let head = DownloadHead {
                    content_type: job.content_type.unwrap_or_default(),
                    file_name: job.file_name.unwrap_or_default(),
                    size_bytes: file.len() as u64,
                };
                self.chunks(head, file)
            }
        };
        Ok(Response::new(Box::pin(futures::stream::iter(chunks))))
    }

    async fn kdp_preview(
        &self,
        request: Request<KdpPreviewRequest>,
    ) -> Result<Response<KdpPreviewResult>, Status> {
        self.calls.record("KdpPreview", &request, None);
        self.caller(&request)?;
        let asked = request.into_inner();
        let pages = asked.pages;
        let trim = asked.trim.unwrap_or_else(|| "6x9".into());
        let spine = f64::from(pages) * WHITE_PAGE_INCHES;
        let size = |width, height| Some(SizeIn { width, height });
        let calculation = KdpCalculation {
            trim,
            pages,
            limits: Some(PageLimits { min: 24, max: 828 }),
            pages_ok: (24..=828).contains(&pages) && pages.is_multiple_of(2),
            interior_page: size(6.0, 9.0),
            min_gutter: 0.375,
            min_outside: 0.25,
            cover: Some(CoverSpec {
                size: size(12.25 + spine, 9.25),
                spine_width: spine,
                spine_text: pages >= 79,
                trim: size(6.0, 9.0),
                bleed: 0.125,
            }),
        };
        Ok(Response::new(KdpPreviewResult { calculation: Some(calculation), listing: None }))
    }
}
