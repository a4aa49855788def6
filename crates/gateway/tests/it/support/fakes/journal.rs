//! A hand-written journal service: the catalogue, one person's journals kept in
//! memory, generation jobs and provider keys (owned by whoever the caller's token
//! names). Every call is recorded; an id it does not hold is `not_found`, as the real
//! service answers for another person's journal.

use std::sync::{Arc, Mutex};

use jc_domain::{
    BindingType, ColorScheme, ExportFormat, FontSize, JournalStatus, Layout, PageStyle, PaperType,
};
use jc_platform::grpc::{ServiceCredential, bearer_token};
use jc_platform::{AppError, ErrorCode};
use jc_proto::common::Empty;
use jc_proto::convert::WireEnum;
use jc_proto::journal::journal_server::Journal;
use jc_proto::journal::{
    AuthorSuggestionList, AuthorSuggestionsRequest, AuthorVoice, Certificate, Commitment,
    CreateJournalRequest, Customization, DayPage, DayRef, Entry, Introduction, Job, JobRef, JournalDetail,
    JournalPage, JournalRef, JournalSummary, ListJournalsRequest, ProviderKeyInfo, SetProviderKeyRequest,
    StartGenerationRequest, TestProviderKeyRequest, TestProviderKeyResult, Theme, ThemeList, TitleStyle,
    TitleStyleList, UpdateDayRequest, UpdateJournalRequest,
};
use tonic::{Request, Response, Status};

use super::jobs::{FakeJobs, JobStream};
use super::provider_keys::FakeProviderKeys;
use super::{Recorder, token_subject};
use crate::support::keys::USER_ID;

pub const JOURNAL_NOT_FOUND: &str = "Journal not found.";
pub const DAY_NOT_FOUND: &str = "Day not found.";

pub struct FakeJournal {
    pub calls: Recorder,
    credential: ServiceCredential,
    /// Newest first.
    journals: Arc<Mutex<Vec<JournalDetail>>>,
    pub jobs: FakeJobs,
    pub provider_keys: FakeProviderKeys,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn not_found(message: &str) -> Status {
    AppError::new(ErrorCode::NotFound, message).into_status()
}

pub fn default_customization() -> Customization {
    Customization {
        layout: Layout::SingleColumn.to_wire(),
        font_size: FontSize::Medium.to_wire(),
        color_scheme: ColorScheme::Default.to_wire(),
        paper_type: PaperType::Standard.to_wire(),
        binding_type: BindingType::Perfect.to_wire(),
    }
}

fn blank_day(day: u32) -> DayPage {
    DayPage {
        day,
        title: format!("Day {day}"),
        pre_writeup: String::new(),
        prompt: format!("What are you grateful for on day {day}?"),
        lines: 20,
        page_style: PageStyle::Lined.to_wire(),
        entry: None,
    }
}

fn word_count(detail: &JournalDetail) -> u64 {
    let words = detail
        .days
        .iter()
        .filter_map(|d| d.entry.as_ref())
        .map(|e| e.text.split_whitespace().count())
        .sum::<usize>();
    words as u64
}

impl FakeJournal {
    pub fn new(credential: ServiceCredential) -> Self {
        let journals = Arc::new(Mutex::new(Vec::new()));
        Self {
            calls: Recorder::default(),
            credential,
            jobs: FakeJobs::new(journals.clone()),
            provider_keys: FakeProviderKeys::default(),
            journals,
        }
    }

    /// The caller a call acts for: the `sub` of its access token (the gateway has
    /// verified the token; the real service verifies it again).
    fn caller<T>(&self, request: &Request<T>) -> Result<String, Status> {
        self.check(request, true)?;
        token_subject(request)
    }

    fn check<T>(&self, request: &Request<T>, needs_token: bool) -> Result<(), Status> {
        self.credential.check(request.metadata()).map_err(AppError::into_status)?;
        if needs_token && bearer_token(request.metadata()).is_none() {
            return Err(AppError::unauthenticated("This call needs an access token.").into_status());
        }
        Ok(())
    }

    /// Stores a journal of `days` blank pages, as if created earlier; returns its id.
    pub fn seed(&self, title: &str, days: u32) -> String {
        let detail = build_journal(CreateJournalRequest {
            title: title.into(),
            theme: "gratitude".into(),
            days,
            ..Default::default()
        });
        let id = detail.journal.as_ref().map(|j| j.id.clone()).unwrap_or_default();
        self.journals.lock().expect("journals lock").insert(0, detail);
        id
    }

    /// The stored journal, as the service holds it.
    pub fn stored(&self, id: &str) -> Option<JournalDetail> {
        self.journals.lock().expect("journals lock").iter().find(|d| summary_id(d) == id).cloned()
    }

    /// Runs `change` on the journal `id`, and returns it after.
    fn change<T>(
        &self,
        id: &str,
        change: impl FnOnce(&mut JournalDetail) -> Result<T, Status>,
    ) -> Result<T, Status> {
        let mut journals = self.journals.lock().expect("journals lock");
        let detail =
            journals.iter_mut().find(|d| summary_id(d) == id).ok_or_else(|| not_found(JOURNAL_NOT_FOUND))?;
        let result = change(detail)?;
        let words = word_count(detail);
        if let Some(summary) = detail.journal.as_mut() {
            summary.word_count = words;
            summary.updated_at = now();
        }
        Ok(result)
    }
}

/// A journal of `request.days` blank pages, as the service creates one.
pub fn build_journal(request: CreateJournalRequest) -> JournalDetail {
    let at = now();
    JournalDetail {
        journal: Some(JournalSummary {
            id: format!("jr_{}", uuid::Uuid::new_v4().simple()),
            user_id: USER_ID.into(),
            title: request.title.clone(),
            subtitle: request.subtitle,
            author_name: "Ada Lovelace".into(),
            description: request.description,
            theme: request.theme,
            status: JournalStatus::Draft.to_wire(),
            customization: Some(request.customization.unwrap_or_else(default_customization)),
            days_count: request.days,
            pages_count: request.days + 3,
            word_count: 0,
            export_formats: vec![ExportFormat::Pdf.to_wire(), ExportFormat::Epub.to_wire()],
            created_at: at.clone(),
            updated_at: at,
            ..Default::default()
        }),
        introduction: Some(Introduction {
            title: request.title,
            quote: "Gratitude turns what we have into enough.".into(),
            writeup: "Write a little every day.".into(),
        }),
        commitment: Some(Commitment { text: "I will write every day.".into(), writeup: String::new() }),
        days: (1..=request.days).map(blank_day).collect(),
        certificate: Some(Certificate {
            summary: "Completed".into(),
            text: "This certifies the journey.".into(),
            fields: vec!["name".into(), "date".into()],
        }),
    }
}

fn summary_id(detail: &JournalDetail) -> &str {
    detail.journal.as_ref().map_or("", |j| j.id.as_str())
}

#[tonic::async_trait]
impl Journal for FakeJournal {
    async fn list_themes(&self, request: Request<Empty>) -> Result<Response<ThemeList>, Status> {
        self.calls.record("ListThemes", &request, None);
        self.check(&request, false)?;
        let theme = |id: &str, name: &str, days| Theme {
            id: id.into(),
            name: name.into(),
            description: format!("A journal of {id}."),
            estimated_days: days,
        };
        Ok(Response::new(ThemeList {
            themes: vec![theme("gratitude", "Gratitude", 30), theme("mindfulness", "Mindfulness", 21)],
        }))
    }

    async fn list_title_styles(&self, request: Request<Empty>) -> Result<Response<TitleStyleList>, Status> {
        self.calls.record("ListTitleStyles", &request, None);
        self.check(&request, false)?;
        Ok(Response::new(TitleStyleList {
            title_styles: vec![TitleStyle {
                id: "inspirational".into(),
                name: "Inspirational".into(),
                examples: vec!["Thirty Days of Light".into(), "The Grateful Heart".into()],
            }],
        }))
    }

    async fn author_suggestions(
        &self,
        request: Request<AuthorSuggestionsRequest>,
    ) -> Result<Response<AuthorSuggestionList>, Status> {
        self.calls.record("AuthorSuggestions", &request, None);
        self.check(&request, false)?;
        let theme = request.into_inner().theme;
        if theme != "gratitude" {
            return Err(AppError::field("theme", "is not a known theme").into_status());
        }
        let voice = |name: &str, style: &str| AuthorVoice { name: name.into(), style: style.into() };
        Ok(Response::new(AuthorSuggestionList {
            theme,
            authors: vec![voice("Maya Warmheart", "warm"), voice("Dr. Lin", "scientific")],
        }))
    }

    async fn create_journal(
        &self,
        request: Request<CreateJournalRequest>,
    ) -> Result<Response<JournalDetail>, Status> {
        self.calls.record("CreateJournal", &request, None);
        self.check(&request, true)?;
        let detail = build_journal(request.into_inner());
        self.journals.lock().expect("journals lock").insert(0, detail.clone());
        Ok(Response::new(detail))
    }

    async fn get_owned_journal(
        &self,
        request: Request<jc_proto::journal::OwnedJournalRef>,
    ) -> Result<Response<JournalDetail>, Status> {
        self.check(&request, false)?;
        let message = request.into_inner();
        self.stored(&message.journal_id)
            .filter(|detail| detail.journal.as_ref().is_some_and(|j| j.user_id == message.user_id))
            .map(Response::new)
            .ok_or_else(|| not_found("Journal not found."))
    }

    async fn get_journal(&self, request: Request<JournalRef>) -> Result<Response<JournalDetail>, Status> {
        self.calls.record("GetJournal", &request, None);
        self.check(&request, true)?;
        self.stored(&request.get_ref().id).map(Response::new).ok_or_else(|| not_found(JOURNAL_NOT_FOUND))
    }

    async fn list_journals(
        &self,
        request: Request<ListJournalsRequest>,
    ) -> Result<Response<JournalPage>, Status> {
        self.calls.record("ListJournals", &request, None);
        self.check(&request, true)?;
        let ListJournalsRequest { page, limit, .. } = request.into_inner();
        let journals = self.journals.lock().expect("journals lock");
        let total = journals.len() as u64;
        let skip = ((page.max(1) - 1) * limit) as usize;
        let page_items =
            journals.iter().skip(skip).take(limit as usize).filter_map(|d| d.journal.clone()).collect();
        Ok(Response::new(JournalPage {
            journals: page_items,
            total,
            page,
            total_pages: total.div_ceil(u64::from(limit.max(1))) as u32,
        }))
    }

    async fn update_journal(
        &self,
        request: Request<UpdateJournalRequest>,
    ) -> Result<Response<JournalDetail>, Status> {
        self.calls.record("UpdateJournal", &request, None);
        self.check(&request, true)?;
        let update = request.into_inner();
        let detail = self.change(&update.id, |detail| {
            if let Some(summary) = detail.journal.as_mut() {
                let fields = [
                    (update.title, &mut summary.title),
                    (update.subtitle, &mut summary.subtitle),
                    (update.author_name, &mut summary.author_name),
                    (update.description, &mut summary.description),
                ];
                for (value, slot) in fields {
                    if let Some(value) = value {
                        *slot = value;
                    }
                }
                if let Some(status) = update.status {
                    summary.status = status;
                }
                if update.customization.is_some() {
                    summary.customization = update.customization;
                }
            }
            if update.introduction.is_some() {
                detail.introduction = update.introduction;
            }
            if update.commitment.is_some() {
                detail.commitment = update.commitment;
            }
            if update.certificate.is_some() {
                detail.certificate = update.certificate;
            }
            Ok(())
        });
        detail?;
        self.stored(&update.id).map(Response::new).ok_or_else(|| not_found(JOURNAL_NOT_FOUND))
    }

    async fn delete_journal(&self, request: Request<JournalRef>) -> Result<Response<Empty>, Status> {
        self.calls.record("DeleteJournal", &request, None);
        self.check(&request, true)?;
        let mut journals = self.journals.lock().expect("journals lock");
        let before = journals.len();
        journals.retain(|d| summary_id(d) != request.get_ref().id);
        if journals.len() == before {
            return Err(not_found(JOURNAL_NOT_FOUND));
        }
        Ok(Response::new(Empty {}))
    }

    async fn duplicate_journal(
        &self,
        request: Request<JournalRef>,
    ) -> Result<Response<JournalDetail>, Status> {
        self.calls.record("DuplicateJournal", &request, None);
        self.check(&request, true)?;
        let mut copy = self.stored(&request.get_ref().id).ok_or_else(|| not_found(JOURNAL_NOT_FOUND))?;
        if let Some(summary) = copy.journal.as_mut() {
            summary.id = format!("jr_{}", uuid::Uuid::new_v4().simple());
            summary.title = format!("{} (copy)", summary.title);
            summary.status = JournalStatus::Draft.to_wire();
            summary.created_at = now();
            summary.updated_at = now();
        }
        self.journals.lock().expect("journals lock").insert(0, copy.clone());
        Ok(Response::new(copy))
    }

    async fn get_day(&self, request: Request<DayRef>) -> Result<Response<DayPage>, Status> {
        self.calls.record("GetDay", &request, None);
        self.check(&request, true)?;
        let DayRef { journal_id, day } = request.into_inner();
        let detail = self.stored(&journal_id).ok_or_else(|| not_found(JOURNAL_NOT_FOUND))?;
        detail
            .days
            .into_iter()
            .find(|d| d.day == day)
            .map(Response::new)
            .ok_or_else(|| not_found(DAY_NOT_FOUND))
    }

    async fn update_day(&self, request: Request<UpdateDayRequest>) -> Result<Response<DayPage>, Status> {
        self.calls.record("UpdateDay", &request, None);
        self.check(&request, true)?;
        let update = request.into_inner();
        let page = self.change(&update.journal_id, |detail| {
            let page = detail
                .days
                .iter_mut()
                .find(|d| d.day == update.day)
                .ok_or_else(|| not_found(DAY_NOT_FOUND))?;
            let texts = [
                (update.title, &mut page.title),
                (update.pre_writeup, &mut page.pre_writeup),
                (update.prompt, &mut page.prompt),
            ];
            for (value, slot) in texts {
                if let Some(value) = value {
                    *slot = value;
                }
            }
            if let Some(style) = update.page_style {
                page.page_style = style;
            }
            if let Some(lines) = update.lines {
                page.lines = lines;
            }
            match update.entry_text {
                Some(text) if text.is_empty() => page.entry = None,
                Some(text) => page.entry = Some(Entry { text, updated_at: now() }),
                None => {}
            }
            Ok(page.clone())
        })?;
        Ok(Response::new(page))
    }

    type WatchJobStream = JobStream;

    async fn start_generation(
        &self,
        request: Request<StartGenerationRequest>,
    ) -> Result<Response<Job>, Status> {
        self.calls.record("StartGeneration", &request, None);
        let caller = self.caller(&request)?;
        self.jobs.start(&caller, request.into_inner()).map(Response::new)
    }

    async fn get_job(&self, request: Request<JobRef>) -> Result<Response<Job>, Status> {
        self.calls.record("GetJob", &request, None);
        let caller = self.caller(&request)?;
        self.jobs.get(&caller, &request.get_ref().id).map(Response::new)
    }

    async fn cancel_job(&self, request: Request<JobRef>) -> Result<Response<Job>, Status> {
        self.calls.record("CancelJob", &request, None);
        let caller = self.caller(&request)?;
        self.jobs.cancel(&caller, &request.get_ref().id).map(Response::new)
    }

    async fn watch_job(&self, request: Request<JobRef>) -> Result<Response<Self::WatchJobStream>, Status> {
        self.calls.record("WatchJob", &request, None);
        let caller = self.caller(&request)?;
        self.jobs.watch(&caller, &request.get_ref().id).map(Response::new)
    }

    async fn set_provider_key(
        &self,
        request: Request<SetProviderKeyRequest>,
    ) -> Result<Response<ProviderKeyInfo>, Status> {
        self.calls.record("SetProviderKey", &request, None);
        let caller = self.caller(&request)?;
        let SetProviderKeyRequest { provider, api_key } = request.into_inner();
        self.provider_keys.set(&caller, &provider, &api_key).map(Response::new)
    }

    async fn get_provider_key(&self, request: Request<Empty>) -> Result<Response<ProviderKeyInfo>, Status> {
        self.calls.record("GetProviderKey", &request, None);
        let caller = self.caller(&request)?;
        Ok(Response::new(self.provider_keys.get(&caller)))
    }

    async fn delete_provider_key(
        &self,
        request: Request<Empty>,
    ) -> Result<Response<ProviderKeyInfo>, Status> {
        self.calls.record("DeleteProviderKey", &request, None);
        let caller = self.caller(&request)?;
        Ok(Response::new(self.provider_keys.delete(&caller)))
    }

    async fn test_provider_key(
        &self,
        request: Request<TestProviderKeyRequest>,
    ) -> Result<Response<TestProviderKeyResult>, Status> {
        self.calls.record("TestProviderKey", &request, None);
        self.caller(&request)?;
        let TestProviderKeyRequest { provider, api_key } = request.into_inner();
        self.provider_keys.test(&provider, &api_key).map(Response::new)
    }
}
