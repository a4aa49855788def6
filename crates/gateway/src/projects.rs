//! The journal shapes the frontend reads, built from the journal service's messages:
//! a project (one journal in the library), a journal with its pages, and a day.

use jc_domain::{
    BindingType, ColorScheme, ExportFormat, FontSize, JournalStatus, Layout, PageStyle, PaperType,
};
use jc_platform::AppError;
use jc_proto::journal as pb;
use serde::Serialize;
use utoipa::ToSchema;

use crate::wire::{sent, sent_all};

/// How a journal looks, as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomizationView {
    pub layout: Layout,
    pub font_size: FontSize,
    pub color_scheme: ColorScheme,
    pub paper_type: PaperType,
    pub binding_type: BindingType,
}

impl TryFrom<pb::Customization> for CustomizationView {
    type Error = AppError;

    fn try_from(c: pb::Customization) -> Result<Self, AppError> {
        Ok(Self {
            layout: sent("layout", c.layout)?,
            font_size: sent("font_size", c.font_size)?,
            color_scheme: sent("color_scheme", c.color_scheme)?,
            paper_type: sent("paper_type", c.paper_type)?,
            binding_type: sent("binding_type", c.binding_type)?,
        })
    }
}

/// One journal as the library lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Project {
    pub id: String,
    pub user_id: String,
    pub title: String,
    pub subtitle: String,
    pub author_name: String,
    pub description: String,
    /// The theme id.
    pub theme: String,
    pub status: JournalStatus,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub customization: CustomizationView,
    pub days_count: u32,
    pub pages_count: u32,
    pub word_count: u64,
    #[schema(value_type = Vec<String>)]
    pub export_formats: Vec<ExportFormat>,
}

impl TryFrom<pb::JournalSummary> for Project {
    type Error = AppError;

    fn try_from(j: pb::JournalSummary) -> Result<Self, AppError> {
        Ok(Self {
            status: sent("status", j.status)?,
            customization: j.customization.unwrap_or_default().try_into()?,
            export_formats: sent_all("export_formats", &j.export_formats)?,
            id: j.id,
            user_id: j.user_id,
            title: j.title,
            subtitle: j.subtitle,
            author_name: j.author_name,
            description: j.description,
            theme: j.theme,
            created_at: j.created_at,
            updated_at: j.updated_at,
            days_count: j.days_count,
            pages_count: j.pages_count,
            word_count: j.word_count,
        })
    }
}

impl TryFrom<pb::JournalDetail> for Project {
    type Error = AppError;

    fn try_from(detail: pb::JournalDetail) -> Result<Self, AppError> {
        detail.journal.unwrap_or_default().try_into()
    }
}

/// A page of the caller's library.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectList {
    pub projects: Vec<Project>,
    /// Every project of the caller, on all pages.
    pub count: u64,
    pub page: u32,
    pub total_pages: u32,
}

impl TryFrom<pb::JournalPage> for ProjectList {
    type Error = AppError;

    fn try_from(page: pb::JournalPage) -> Result<Self, AppError> {
        Ok(Self {
            projects: page.journals.into_iter().map(Project::try_from).collect::<Result<_, _>>()?,
            count: page.total,
            page: page.page,
            total_pages: page.total_pages,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IntroductionView {
    pub title: String,
    pub quote: String,
    pub writeup: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentView {
    pub text: String,
    pub writeup: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateView {
    pub summary: String,
    pub text: String,
    pub fields: Vec<String>,
}

/// The owner's own writing for a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    pub text: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// One day's page, with the owner's entry (null when nothing is written).
#[derive(Debug, Serialize, ToSchema)]
pub struct Day {
    pub day: u32,
    pub title: String,
    pub pre_writeup: String,
    pub prompt: String,
    pub lines: u32,
    pub page_style: PageStyle,
    pub entry: Option<EntryView>,
}

impl TryFrom<pb::DayPage> for Day {
    type Error = AppError;

    fn try_from(d: pb::DayPage) -> Result<Self, AppError> {
        Ok(Self {
            page_style: sent("page_style", d.page_style)?,
            day: d.day,
            title: d.title,
            pre_writeup: d.pre_writeup,
            prompt: d.prompt,
            lines: d.lines,
            entry: d.entry.map(|e| EntryView { text: e.text, updated_at: e.updated_at }),
        })
    }
}

/// A journal with every page: the project's fields, then its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct Journal {
    #[serde(flatten)]
    pub project: Project,
    pub introduction: Option<IntroductionView>,
    pub commitment: Option<CommitmentView>,
    pub certificate: Option<CertificateView>,
    pub days: Vec<Day>,
}

impl TryFrom<pb::JournalDetail> for Journal {
    type Error = AppError;

    fn try_from(detail: pb::JournalDetail) -> Result<Self, AppError> {
        Ok(Self {
            project: detail.journal.unwrap_or_default().try_into()?,
            introduction: detail.introduction.map(|i| IntroductionView {
                title: i.title,
                quote: i.quote,
                writeup: i.writeup,
            }),
            commitment: detail.commitment.map(|c| CommitmentView { text: c.text, writeup: c.writeup }),
            certificate: detail.certificate.map(|c| CertificateView {
                summary: c.summary,
                text: c.text,
                fields: c.fields,
            }),
            days: detail.days.into_iter().map(Day::try_from).collect::<Result<_, _>>()?,
        })
    }
}
