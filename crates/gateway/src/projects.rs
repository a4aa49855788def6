//! The journal shapes the frontend reads, built from the journal service's messages:
//! a project (one journal in the library), a journal with its pages, and a day.

use jc_proto::journal as pb;
use serde::Serialize;
use utoipa::ToSchema;

use crate::customization::{BindingType, ColorScheme, FontSize, Layout, PageStyle, PaperType, ProjectStatus};

/// How a journal looks, as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomizationView {
    #[schema(value_type = Layout)]
    pub layout: String,
    #[schema(value_type = FontSize)]
    pub font_size: String,
    #[schema(value_type = ColorScheme)]
    pub color_scheme: String,
    #[schema(value_type = PaperType)]
    pub paper_type: String,
    #[schema(value_type = BindingType)]
    pub binding_type: String,
}

impl From<pb::Customization> for CustomizationView {
    fn from(c: pb::Customization) -> Self {
        Self {
            layout: c.layout,
            font_size: c.font_size,
            color_scheme: c.color_scheme,
            paper_type: c.paper_type,
            binding_type: c.binding_type,
        }
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
    #[schema(value_type = ProjectStatus)]
    pub status: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub customization: CustomizationView,
    pub days_count: u32,
    pub pages_count: u32,
    pub word_count: u64,
    pub export_formats: Vec<String>,
}

impl From<pb::JournalSummary> for Project {
    fn from(j: pb::JournalSummary) -> Self {
        Self {
            id: j.id,
            user_id: j.user_id,
            title: j.title,
            subtitle: j.subtitle,
            author_name: j.author_name,
            description: j.description,
            theme: j.theme,
            status: j.status,
            created_at: j.created_at,
            updated_at: j.updated_at,
            customization: j.customization.unwrap_or_default().into(),
            days_count: j.days_count,
            pages_count: j.pages_count,
            word_count: j.word_count,
            export_formats: j.export_formats,
        }
    }
}

impl From<pb::JournalDetail> for Project {
    fn from(detail: pb::JournalDetail) -> Self {
        detail.journal.unwrap_or_default().into()
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

impl From<pb::JournalPage> for ProjectList {
    fn from(page: pb::JournalPage) -> Self {
        Self {
            projects: page.journals.into_iter().map(Project::from).collect(),
            count: page.total,
            page: page.page,
            total_pages: page.total_pages,
        }
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
    #[schema(value_type = PageStyle)]
    pub page_style: String,
    pub entry: Option<EntryView>,
}

impl From<pb::DayPage> for Day {
    fn from(d: pb::DayPage) -> Self {
        Self {
            day: d.day,
            title: d.title,
            pre_writeup: d.pre_writeup,
            prompt: d.prompt,
            lines: d.lines,
            page_style: d.page_style,
            entry: d.entry.map(|e| EntryView { text: e.text, updated_at: e.updated_at }),
        }
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

impl From<pb::JournalDetail> for Journal {
    fn from(detail: pb::JournalDetail) -> Self {
        Self {
            project: detail.journal.unwrap_or_default().into(),
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
            days: detail.days.into_iter().map(Day::from).collect(),
        }
    }
}
