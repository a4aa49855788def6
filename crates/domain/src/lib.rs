//! The shared vocabulary of Journal Craft: every closed set of values (a journal's
//! layout, a job's status, an export's format, …) and every validated value (an email,
//! a person's name), each defined once and used by the gateway, the services and the
//! renderer alike.
//!
//! A closed set is a plain enum whose words are the ones the REST contract, the
//! databases and the data files use (`"two-column"`, `"personal_journaler"`); serde reads
//! and writes those words, [`as_str`](journal::Layout::as_str) and `parse` convert by
//! hand, and with the `openapi` feature each enum is an OpenAPI schema. On the gRPC wire
//! each set is a proto enum; `jc-proto` converts between the two in one place.

#[macro_use]
mod closed_set;
pub mod export;
pub mod journal;
pub mod limits;
pub mod print;
pub mod quote;
pub mod user;

pub use closed_set::{ClosedSet, UnknownWord};
pub use export::{ExportFormat, ExportStatus};
pub use journal::{
    BindingType, ColorScheme, Customization, FontSize, GenerationStatus, JournalStatus, Layout, PageStyle,
    PaperType, ResearchDepth,
};
pub use quote::{excerpt, field_path, shorten_quoted};
pub use user::{Email, FullName, Invalid, ProfileType};

#[cfg(test)]
mod tests {
    use super::*;

    /// serde, `as_str`, `parse` and `Display` agree on every word of every set.
    fn words_agree<T>(all: &[T])
    where
        T: Copy
            + PartialEq
            + std::fmt::Debug
            + std::fmt::Display
            + serde::Serialize
            + serde::de::DeserializeOwned,
    {
        for &value in all {
            let json = serde_json::to_value(value).expect("serialises");
            let word = json.as_str().expect("a word").to_owned();
            assert_eq!(value.to_string(), word);
            let back: T = serde_json::from_value(json).expect("deserialises");
            assert_eq!(back, value);
        }
    }

    #[test]
    fn every_closed_set_has_one_spelling_per_value() {
        words_agree(&Layout::ALL);
        words_agree(&FontSize::ALL);
        words_agree(&ColorScheme::ALL);
        words_agree(&PaperType::ALL);
        words_agree(&BindingType::ALL);
        words_agree(&PageStyle::ALL);
        words_agree(&JournalStatus::ALL);
        words_agree(&ResearchDepth::ALL);
        words_agree(&GenerationStatus::ALL);
        words_agree(&ExportFormat::ALL);
        words_agree(&print::InkPaper::ALL);
        words_agree(&print::Binding::ALL);
        words_agree(&print::FontFace::ALL);
        words_agree(&ExportStatus::ALL);
        words_agree(&ProfileType::ALL);
        assert_eq!(Layout::parse("two-column"), Some(Layout::TwoColumn));
        assert_eq!(PageStyle::choices(), "lined, dotted, grid or blank");
    }

    #[test]
    fn words_are_case_sensitive_and_unknown_words_are_named() {
        assert_eq!(Layout::parse("Two-Column"), None);
        assert!(serde_json::from_str::<Layout>("\"Two-Column\"").is_err());
        let error = "PDF".parse::<ExportFormat>().err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("`PDF` is not one of pdf, docx, epub or kdp"));
    }

    #[test]
    fn research_depths_are_ordered_from_light_to_deep() {
        assert!(ResearchDepth::Light < ResearchDepth::Deep);
        assert_eq!(ResearchDepth::ALL.first(), Some(&ResearchDepth::Light));
    }
}
