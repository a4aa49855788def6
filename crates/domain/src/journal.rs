//! A journal's closed sets: how it looks, where it is in its life, how it is written.

use serde::{Deserialize, Serialize};

closed_set! {
    pub enum Layout {
        SingleColumn = "single-column",
        TwoColumn = "two-column",
        Magazine = "magazine",
    }
}

closed_set! {
    pub enum FontSize {
        Small = "small",
        Medium = "medium",
        Large = "large",
    }
}

closed_set! {
    pub enum ColorScheme {
        Default = "default",
        Dark = "dark",
        Sepia = "sepia",
        Forest = "forest",
    }
}

closed_set! {
    pub enum PaperType {
        Standard = "standard",
        Premium = "premium",
        Recycled = "recycled",
    }
}

closed_set! {
    pub enum BindingType {
        Perfect = "perfect",
        Spiral = "spiral",
        Hardcover = "hardcover",
    }
}

closed_set! {
    /// How a day's page is ruled.
    pub enum PageStyle {
        Lined = "lined",
        Dotted = "dotted",
        Grid = "grid",
        Blank = "blank",
    }
}

closed_set! {
    /// Where a journal is in its life. `generating` is set by the service only.
    pub enum JournalStatus as "ProjectStatus" {
        Draft = "draft",
        Generating = "generating",
        Completed = "completed",
        Archived = "archived",
    }
}

closed_set! {
    /// How much material the writer gathers before writing: more depth, more techniques.
    pub enum ResearchDepth {
        Light = "light",
        Basic = "basic",
        Medium = "medium",
        Deep = "deep",
    }
}

closed_set! {
    /// Where a job is. `pending` → `research` → `discovery` → `curation` → `editing` →
    /// `completed`, or `failed` / `cancelled`.
    pub enum GenerationStatus as "JobStatus" {
        Pending = "pending",
        Research = "research",
        Discovery = "discovery",
        Curation = "curation",
        Editing = "editing",
        Completed = "completed",
        Failed = "failed",
        Cancelled = "cancelled",
    }
}

impl GenerationStatus {
    /// Completed, failed or cancelled: nothing changes the job any more.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }

    /// What a person reads as the current stage.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Waiting for a writer",
            Self::Research => "Researching techniques for the theme",
            Self::Discovery => "Planning the days and the title",
            Self::Curation => "Writing the pages",
            Self::Editing => "Editing and checking the journal",
            Self::Completed => "Journal ready",
            Self::Failed => "Failed",
            Self::Cancelled => "Cancelled",
        }
    }
}

/// How a journal looks, every field required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customization {
    pub layout: Layout,
    pub font_size: FontSize,
    pub color_scheme: ColorScheme,
    pub paper_type: PaperType,
    pub binding_type: BindingType,
}

impl Default for Customization {
    /// What a new journal looks like until its owner changes it.
    fn default() -> Self {
        Self {
            layout: Layout::SingleColumn,
            font_size: FontSize::Medium,
            color_scheme: ColorScheme::Default,
            paper_type: PaperType::Standard,
            binding_type: BindingType::Perfect,
        }
    }
}
