//! The journal fields whose values are fixed by docs/api.md, parsed at the edge: a body
//! with an unknown value is refused (400, naming the field) before any service call.

use jc_platform::AppError;
use jc_proto::journal as pb;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    SingleColumn,
    TwoColumn,
    Magazine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FontSize {
    Small,
    Medium,
    Large,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ColorScheme {
    Default,
    Dark,
    Sepia,
    Forest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PaperType {
    Standard,
    Premium,
    Recycled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BindingType {
    Perfect,
    Spiral,
    Hardcover,
}

/// How a day's page is ruled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PageStyle {
    Lined,
    Dotted,
    Grid,
    Blank,
}

/// Where a journal is in its life. `generating` is set by the service only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProjectStatus {
    Draft,
    Generating,
    Completed,
    Archived,
}

/// How much material the writer gathers before writing: more depth, more techniques.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ResearchDepth {
    Light,
    Basic,
    Medium,
    Deep,
}

/// The value as serde writes it (`"single-column"`), for the gRPC message.
fn wire<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        // Unreachable: every enum here is a unit enum that serialises to a string.
        _ => String::new(),
    }
}

/// How a journal looks, every field required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
pub struct Customization {
    pub layout: Layout,
    pub font_size: FontSize,
    pub color_scheme: ColorScheme,
    pub paper_type: PaperType,
    pub binding_type: BindingType,
}

impl From<Customization> for pb::Customization {
    fn from(c: Customization) -> Self {
        Self {
            layout: wire(c.layout),
            font_size: wire(c.font_size),
            color_scheme: wire(c.color_scheme),
            paper_type: wire(c.paper_type),
            binding_type: wire(c.binding_type),
        }
    }
}

impl PageStyle {
    pub fn as_wire(self) -> String {
        wire(self)
    }
}

impl ResearchDepth {
    pub fn as_wire(self) -> String {
        wire(self)
    }
}

impl ProjectStatus {
    /// The status a person may set: anything but `generating`.
    pub fn settable(self, field: &str) -> Result<String, AppError> {
        match self {
            Self::Generating => Err(AppError::field(field, "must be draft, completed or archived")),
            other => Ok(wire(other)),
        }
    }
}

/// Days a journal may have.
pub const MAX_DAYS: u32 = 366;

/// `days` of a new journal: 1 to [`MAX_DAYS`].
pub fn check_days(days: u32) -> Result<u32, AppError> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(AppError::field("days", format!("must be between 1 and {MAX_DAYS}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_on_the_wire_as_written_in_the_contract() {
        let customization: Customization = serde_json::from_value(serde_json::json!({
            "layout": "two-column", "font_size": "large", "color_scheme": "sepia",
            "paper_type": "recycled", "binding_type": "hardcover",
        }))
        .expect("valid");
        let message = pb::Customization::from(customization);
        assert_eq!(message.layout, "two-column");
        assert_eq!(message.font_size, "large");
        assert_eq!(message.color_scheme, "sepia");
        assert_eq!(message.paper_type, "recycled");
        assert_eq!(message.binding_type, "hardcover");
        assert_eq!(PageStyle::Dotted.as_wire(), "dotted");
        assert_eq!(ResearchDepth::Deep.as_wire(), "deep");
    }

    #[test]
    fn unknown_values_and_generating_are_refused() {
        let bad = serde_json::json!({
            "layout": "Single-Column", "font_size": "large", "color_scheme": "sepia",
            "paper_type": "recycled", "binding_type": "hardcover",
        });
        assert!(serde_json::from_value::<Customization>(bad).is_err());
        assert!(ProjectStatus::Generating.settable("status").is_err());
        assert_eq!(ProjectStatus::Archived.settable("status").ok().as_deref(), Some("archived"));
        assert!(check_days(0).is_err() && check_days(367).is_err());
        assert_eq!(check_days(30).ok(), Some(30));
    }
}
