//! The journal fields whose values are fixed by docs/api.md, parsed at the edge: a body
//! with an unknown value is refused (400, naming the field) before any service call. The
//! closed sets themselves are `jc-domain`'s.

pub use jc_domain::{
    BindingType, ColorScheme, Customization, FontSize, JournalStatus, Layout, PageStyle, PaperType,
    ResearchDepth,
};
use jc_platform::AppError;

/// A status a person may set: anything but `generating`.
pub fn settable(status: JournalStatus, field: &str) -> Result<JournalStatus, AppError> {
    match status {
        JournalStatus::Generating => Err(AppError::field(field, "must be draft, completed or archived")),
        other => Ok(other),
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
    use jc_proto::journal as pb;

    use super::*;

    #[test]
    fn values_go_on_the_wire_as_written_in_the_contract() {
        let customization: Customization = serde_json::from_value(serde_json::json!({
            "layout": "two-column", "font_size": "large", "color_scheme": "sepia",
            "paper_type": "recycled", "binding_type": "hardcover",
        }))
        .expect("valid");
        let message = pb::Customization::from(customization);
        assert_eq!(message.layout(), pb::Layout::TwoColumn);
        assert_eq!(message.font_size(), pb::FontSize::Large);
        assert_eq!(message.color_scheme(), pb::ColorScheme::Sepia);
        assert_eq!(message.paper_type(), pb::PaperType::Recycled);
        assert_eq!(message.binding_type(), pb::BindingType::Hardcover);
    }

    #[test]
    fn unknown_values_and_generating_are_refused() {
        let bad = serde_json::json!({
            "layout": "Single-Column", "font_size": "large", "color_scheme": "sepia",
            "paper_type": "recycled", "binding_type": "hardcover",
        });
        assert!(serde_json::from_value::<Customization>(bad).is_err());
        assert!(settable(JournalStatus::Generating, "status").is_err());
        assert_eq!(settable(JournalStatus::Archived, "status").ok(), Some(JournalStatus::Archived));
        assert!(check_days(0).is_err() && check_days(367).is_err());
        assert_eq!(check_days(30).ok(), Some(30));
    }
}
