//! The `Journal` gRPC API. The trait methods here check the caller and hand over to
//! one file per action group: `journals.rs` (the journal as a whole), `days.rs` (a
//! day's page and entry), `jobs.rs` (generation jobs), `watch.rs` (a job's progress
//! as a stream) and `keys.rs` (the caller's own provider key). Every query is scoped
//! to the caller; another person's journal or job, like a malformed id, is "not
//! found".

mod days;
mod jobs;
mod journals;
mod keys;
mod watch;

use std::sync::Arc;
use std::time::Duration;

use jc_domain::{
    BindingType, ColorScheme, ExportFormat, FontSize, JournalStatus, Layout, PageStyle, PaperType,
    ResearchDepth,
};
use jc_platform::db::Database;
use jc_platform::grpc::CallContext;
use jc_platform::identity::{Caller, TokenVerifier};
use jc_platform::{AppError, AppResult};
use jc_proto::common::Empty;
use jc_proto::convert::{WireEnum, stored};
use jc_proto::journal as proto;
use jc_proto::journal::journal_server::Journal;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::domain::{self, FRAME_PAGES};
use crate::jobs::Shared;
use crate::keys::KeyCipher;
use crate::keys::probe::Probe;
use crate::store::{DayRow, JournalRow};
use jc_writer::catalogue;

pub struct JournalService {
    db: Database,
    verifier: Arc<TokenVerifier>,
    shared: Shared,
    watch_poll: Duration,
    keys: Option<KeyCipher>,
    probe: Probe,
    /// Ends the watch streams when the service stops.
    shutdown: CancellationToken,
}

/// What the service needs besides its database and verifier.
pub(crate) struct Dependencies {
    pub(crate) shared: Shared,
    pub(crate) watch_poll_ms: u64,
    pub(crate) keys: Option<KeyCipher>,
    pub(crate) probe: Probe,
    pub(crate) shutdown: CancellationToken,
}

impl JournalService {
    pub(crate) fn new(db: Database, verifier: Arc<TokenVerifier>, deps: Dependencies) -> Self {
        Self {
            db,
            verifier,
            shared: deps.shared,
            watch_poll: watch::poll_interval(deps.watch_poll_ms),
            keys: deps.keys,
            probe: deps.probe,
            shutdown: deps.shutdown,
        }
    }

    async fn caller<T>(&self, request: &Request<T>) -> AppResult<Caller> {
        jc_platform::grpc::caller(request.metadata(), &self.verifier).await
    }
}

/// The context of calls made on behalf of `request`: its request id.
fn call_context<T>(request: &Request<T>) -> CallContext {
    CallContext::new(jc_platform::grpc::request_id(request.metadata()))
}

fn journal_not_found() -> AppError {
    AppError::not_found("Journal")
}

/// A journal id as stored; anything but a UUID names no journal.
fn journal_id(raw: &str) -> AppResult<String> {
    Uuid::parse_str(raw.trim()).map(|id| id.to_string()).map_err(|_| journal_not_found())
}

/// Every word a reader finds in the journal: the frame pages, the day pages and the
/// owner's entries.
pub(crate) fn word_count(journal: &JournalRow, days: &[DayRow]) -> i64 {
    let frame = [
        &journal.introduction_title,
        &journal.introduction_quote,
        &journal.introduction_writeup,
        &journal.commitment_text,
        &journal.commitment_writeup,
        &journal.certificate_summary,
        &journal.certificate_text,
    ];
    let frame: i64 = frame.into_iter().map(|text| domain::words(text)).sum();
    let pages: i64 = days
        .iter()
        .map(|day| {
            domain::words(&day.title)
                + domain::words(&day.pre_writeup)
                + domain::words(&day.prompt)
                + day.entry_text.as_deref().map_or(0, domain::words)
        })
        .sum();
    frame + pages
}

fn rfc3339(time: chrono::NaiveDateTime) -> String {
    time.and_utc().to_rfc3339()
}

fn certificate_fields(journal: &JournalRow) -> Vec<String> {
    serde_json::from_str(&journal.certificate_fields).unwrap_or_else(|error| {
        tracing::warn!(journal_id = %journal.id, %error, "stored certificate fields are not a JSON list");
        Vec::new()
    })
}

fn summary(row: &JournalRow) -> proto::JournalSummary {
    let days_count = u32::try_from(row.days_count).unwrap_or(0);
    proto::JournalSummary {
        id: row.id.clone(),
        user_id: row.user_id.clone(),
        title: row.title.clone(),
        subtitle: row.subtitle.clone(),
        author_name: row.author_name.clone(),
        description: row.description.clone(),
        theme: row.theme.clone(),
        title_style: row.title_style.clone(),
        author_style: row.author_style.clone(),
        research_depth: stored::<ResearchDepth>(&row.research_depth),
        status: stored::<JournalStatus>(&row.status),
        customization: Some(proto::Customization {
            layout: stored::<Layout>(&row.layout),
            font_size: stored::<FontSize>(&row.font_size),
            color_scheme: stored::<ColorScheme>(&row.color_scheme),
            paper_type: stored::<PaperType>(&row.paper_type),
            binding_type: stored::<BindingType>(&row.binding_type),
        }),
        days_count,
        pages_count: days_count + FRAME_PAGES,
        word_count: u64::try_from(row.word_count).unwrap_or(0),
        export_formats: ExportFormat::ALL.iter().map(|format| format.to_wire()).collect(),
        legacy_id: row.legacy_id.clone(),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

fn day_page(row: DayRow) -> proto::DayPage {
    let entry = match (row.entry_text, row.entry_updated_at) {
        (Some(text), Some(updated_at)) => Some(proto::Entry { text, updated_at: rfc3339(updated_at) }),
        (Some(text), None) => Some(proto::Entry { text, updated_at: String::new() }),
        (None, _) => None,
    };
    proto::DayPage {
        day: u32::try_from(row.day).unwrap_or(0),
        title: row.title,
        pre_writeup: row.pre_writeup,
        prompt: row.prompt,
        lines: u32::try_from(row.lines).unwrap_or(0),
        page_style: stored::<PageStyle>(&row.page_style),
        entry,
    }
}

fn detail(journal: JournalRow, days: Vec<DayRow>) -> proto::JournalDetail {
    proto::JournalDetail {
        journal: Some(summary(&journal)),
        introduction: Some(proto::Introduction {
            title: journal.introduction_title.clone(),
            quote: journal.introduction_quote.clone(),
            writeup: journal.introduction_writeup.clone(),
        }),
        commitment: Some(proto::Commitment {
            text: journal.commitment_text.clone(),
            writeup: journal.commitment_writeup.clone(),
        }),
        certificate: Some(proto::Certificate {
            summary: journal.certificate_summary.clone(),
            text: journal.certificate_text.clone(),
            fields: certificate_fields(&journal),
        }),
        days: days.into_iter().map(day_page).collect(),
    }
}

#[tonic::async_trait]
impl Journal for JournalService {
    // The catalogue is the same for everyone and names no one's data, so it needs
    // only the service credential (checked by the interceptor), not a caller.
    #[tracing::instrument(skip_all)]
    async fn list_themes(&self, _request: Request<Empty>) -> Result<Response<proto::ThemeList>, Status> {
        let themes = catalogue::themes()
            .iter()
            .map(|theme| proto::Theme {
                id: theme.id.to_owned(),
                name: theme.name.to_owned(),
                description: theme.description.to_owned(),
                estimated_days: theme.estimated_days,
            })
            .collect();
        Ok(Response::new(proto::ThemeList { themes }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_title_styles(
        &self,
        _request: Request<Empty>,
    ) -> Result<Response<proto::TitleStyleList>, Status> {
        let title_styles = catalogue::title_styles()
            .iter()
            .map(|style| proto::TitleStyle {
                id: style.id.to_owned(),
                name: style.name.to_owned(),
                examples: style.examples.iter().map(|e| (*e).to_owned()).collect(),
            })
            .collect();
        Ok(Response::new(proto::TitleStyleList { title_styles }))
    }

    #[tracing::instrument(skip_all, fields(theme = %request.get_ref().theme))]
    async fn author_suggestions(
        &self,
        request: Request<proto::AuthorSuggestionsRequest>,
    ) -> Result<Response<proto::AuthorSuggestionList>, Status> {
        let theme = request.into_inner().theme;
        let voices = catalogue::author_suggestions(&theme)
            .ok_or_else(|| AppError::field("theme", "is not a known theme"))?;
        let authors = voices
            .iter()
            .map(|voice| proto::AuthorVoice { name: voice.name.to_owned(), style: voice.style.to_owned() })
            .collect();
        Ok(Response::new(proto::AuthorSuggestionList { theme, authors }))
    }

    #[tracing::instrument(skip_all, fields(journal_id))]
    async fn create_journal(
        &self,
        request: Request<proto::CreateJournalRequest>,
    ) -> Result<Response<proto::JournalDetail>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.create(caller, request.into_inner()).await?))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().journal_id))]
    async fn get_owned_journal(
        &self,
        request: Request<proto::OwnedJournalRef>,
    ) -> Result<Response<proto::JournalDetail>, Status> {
        let message = request.get_ref();
        Ok(Response::new(self.owned(&message.user_id, &message.journal_id).await?))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().id))]
    async fn get_journal(
        &self,
        request: Request<proto::JournalRef>,
    ) -> Result<Response<proto::JournalDetail>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.get(caller, &request.get_ref().id).await?))
    }

    #[tracing::instrument(skip_all)]
    async fn list_journals(
        &self,
        request: Request<proto::ListJournalsRequest>,
    ) -> Result<Response<proto::JournalPage>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.list(caller, request.into_inner()).await?))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().id))]
    async fn update_journal(
        &self,
        request: Request<proto::UpdateJournalRequest>,
    ) -> Result<Response<proto::JournalDetail>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.update(caller, request.into_inner()).await?))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().id))]
    async fn delete_journal(&self, request: Request<proto::JournalRef>) -> Result<Response<Empty>, Status> {
        let caller = self.caller(&request).await?;
        self.delete(caller, &request.get_ref().id).await?;
        Ok(Response::new(Empty {}))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().id, copy_id))]
    async fn duplicate_journal(
        &self,
        request: Request<proto::JournalRef>,
    ) -> Result<Response<proto::JournalDetail>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.duplicate(caller, &request.get_ref().id).await?))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().journal_id, day = request.get_ref().day))]
    async fn get_day(&self, request: Request<proto::DayRef>) -> Result<Response<proto::DayPage>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.day(caller, request.get_ref()).await?))
    }

    #[tracing::instrument(skip_all, fields(journal_id = %request.get_ref().journal_id, day = request.get_ref().day))]
    async fn update_day(
        &self,
        request: Request<proto::UpdateDayRequest>,
    ) -> Result<Response<proto::DayPage>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.change_day(caller, request.into_inner()).await?))
    }

    type WatchJobStream = watch::JobStream;

    #[tracing::instrument(skip_all, fields(job_id))]
    async fn start_generation(
        &self,
        request: Request<proto::StartGenerationRequest>,
    ) -> Result<Response<proto::Job>, Status> {
        let caller = self.caller(&request).await?;
        let cx = call_context(&request);
        Ok(Response::new(self.start_generation(caller, cx, request.into_inner()).await?))
    }

    #[tracing::instrument(skip_all, fields(job_id = %request.get_ref().id))]
    async fn get_job(&self, request: Request<proto::JobRef>) -> Result<Response<proto::Job>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.job(caller, &request.get_ref().id).await?))
    }

    #[tracing::instrument(skip_all, fields(job_id = %request.get_ref().id))]
    async fn cancel_job(&self, request: Request<proto::JobRef>) -> Result<Response<proto::Job>, Status> {
        let caller = self.caller(&request).await?;
        let cx = call_context(&request);
        Ok(Response::new(self.cancel(caller, cx, &request.get_ref().id).await?))
    }

    #[tracing::instrument(skip_all, fields(job_id = %request.get_ref().id))]
    async fn watch_job(
        &self,
        request: Request<proto::JobRef>,
    ) -> Result<Response<Self::WatchJobStream>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.watch(caller, &request.get_ref().id).await?))
    }

    #[tracing::instrument(skip_all)]
    async fn set_provider_key(
        &self,
        request: Request<proto::SetProviderKeyRequest>,
    ) -> Result<Response<proto::ProviderKeyInfo>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.set_key(caller, request.into_inner()).await?))
    }

    #[tracing::instrument(skip_all)]
    async fn get_provider_key(
        &self,
        request: Request<Empty>,
    ) -> Result<Response<proto::ProviderKeyInfo>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.key_info(caller).await?))
    }

    #[tracing::instrument(skip_all)]
    async fn delete_provider_key(
        &self,
        request: Request<Empty>,
    ) -> Result<Response<proto::ProviderKeyInfo>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.delete_key(caller).await?))
    }

    #[tracing::instrument(skip_all)]
    async fn test_provider_key(
        &self,
        request: Request<proto::TestProviderKeyRequest>,
    ) -> Result<Response<proto::TestProviderKeyResult>, Status> {
        self.caller(&request).await?;
        Ok(Response::new(self.test_key(request.into_inner()).await?))
    }
}
