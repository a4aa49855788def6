//! The one place where the domain's closed sets (`jc_domain`) meet their proto enums.
//!
//! A proto enum field is an `i32` on the wire, where `0` is `…_UNSPECIFIED` (a field
//! the sender left out) and numbers this build does not know may arrive from a newer
//! peer; [`WireEnum::from_wire`] reads both as "no value", and [`required`] turns that
//! into the field's validation error.

use jc_domain::{ClosedSet, Invalid};

use crate::{common, export, journal, user};

/// A domain closed set with a proto enum.
pub trait WireEnum: ClosedSet {
    /// The value of a proto enum field; `None` for unspecified or unknown numbers.
    fn from_wire(raw: i32) -> Option<Self>;
    /// The number the proto enum gives this value.
    fn to_wire(self) -> i32;
}

/// The value of a required proto enum field, or the error naming the field and its words.
pub fn required<T: WireEnum>(field: &'static str, raw: i32) -> Result<T, Invalid> {
    T::from_wire(raw).ok_or_else(|| Invalid::new(field, format!("must be {}", T::choices())))
}

/// The value of an optional proto enum field: `None` when absent, an error when set to
/// something that is not a value.
pub fn optional<T: WireEnum>(field: &'static str, raw: Option<i32>) -> Result<Option<T>, Invalid> {
    raw.map(|raw| required(field, raw)).transpose()
}

/// The number of a stored word (`"two-column"`): unspecified (0) for an empty word,
/// such as the research depth of a journal written by hand, or one this build does not
/// know, which the receiver refuses as it would any missing value.
pub fn stored<T: WireEnum>(word: &str) -> i32 {
    T::parse(word).map_or(0, T::to_wire)
}

/// The word of a proto enum field's value (`"two-column"`): empty when unspecified or
/// unknown.
pub fn word<T: WireEnum>(raw: i32) -> &'static str {
    T::from_wire(raw).map_or("", T::as_str)
}

/// Pairs a domain enum with its proto enum, variant by variant; both matches are
/// exhaustive, so a value added on one side and not the other does not compile.
macro_rules! wire_enum {
    ($domain:ty => $proto:ty { $($variant:ident),+ $(,)? }) => {
        impl From<$domain> for $proto {
            fn from(value: $domain) -> Self {
                match value {
                    $(<$domain>::$variant => <$proto>::$variant,)+
                }
            }
        }

        impl $proto {
            /// The word of the REST contract (`"two-column"`); empty for unspecified.
            pub fn word(self) -> &'static str {
                <$domain>::from_wire(self as i32).map_or("", <$domain>::as_str)
            }
        }

        impl WireEnum for $domain {
            fn from_wire(raw: i32) -> Option<Self> {
                match <$proto>::try_from(raw).ok()? {
                    <$proto>::Unspecified => None,
                    $(<$proto>::$variant => Some(<$domain>::$variant),)+
                }
            }

            fn to_wire(self) -> i32 {
                <$proto>::from(self) as i32
            }
        }
    };
}

// After the macro, which it uses.
mod print;
pub use print::option_json;

wire_enum!(jc_domain::Layout => journal::Layout { SingleColumn, TwoColumn, Magazine });
wire_enum!(jc_domain::FontSize => journal::FontSize { Small, Medium, Large });
wire_enum!(jc_domain::ColorScheme => journal::ColorScheme { Default, Dark, Sepia, Forest });
wire_enum!(jc_domain::PaperType => journal::PaperType { Standard, Premium, Recycled });
wire_enum!(jc_domain::BindingType => journal::BindingType { Perfect, Spiral, Hardcover });
wire_enum!(jc_domain::PageStyle => journal::PageStyle { Lined, Dotted, Grid, Blank });
wire_enum!(jc_domain::JournalStatus => journal::JournalStatus { Draft, Generating, Completed, Archived });
wire_enum!(jc_domain::ResearchDepth => journal::ResearchDepth { Light, Basic, Medium, Deep });
wire_enum!(jc_domain::GenerationStatus => journal::JobStatus {
    Pending, Research, Discovery, Curation, Editing, Completed, Failed, Cancelled,
});
wire_enum!(jc_domain::ExportFormat => common::ExportFormat { Pdf, Docx, Epub, Kdp });
wire_enum!(jc_domain::ExportStatus => export::ExportStatus { Queued, Rendering, Completed, Failed, Cancelled });
wire_enum!(jc_domain::ProfileType => user::ProfileType { PersonalJournaler, ContentCreator });

impl From<jc_domain::Customization> for journal::Customization {
    fn from(c: jc_domain::Customization) -> Self {
        Self {
            layout: c.layout.to_wire(),
            font_size: c.font_size.to_wire(),
            color_scheme: c.color_scheme.to_wire(),
            paper_type: c.paper_type.to_wire(),
            binding_type: c.binding_type.to_wire(),
        }
    }
}

impl TryFrom<&journal::Customization> for jc_domain::Customization {
    type Error = Invalid;

    /// Every field is required; the first that is missing is the error.
    fn try_from(c: &journal::Customization) -> Result<Self, Invalid> {
        Ok(Self {
            layout: required("layout", c.layout)?,
            font_size: required("font_size", c.font_size)?,
            color_scheme: required("color_scheme", c.color_scheme)?,
            paper_type: required("paper_type", c.paper_type)?,
            binding_type: required("binding_type", c.binding_type)?,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every value goes over the wire and back, no two share a number, and none is 0.
    pub(super) fn round_trips<T: WireEnum>() {
        let mut numbers: Vec<i32> = T::ALL.iter().map(|value| value.to_wire()).collect();
        for &value in T::ALL {
            assert_eq!(T::from_wire(value.to_wire()), Some(value));
        }
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), T::ALL.len());
        assert!(!numbers.contains(&0));
        assert_eq!(T::from_wire(0), None);
        assert_eq!(T::from_wire(i32::MAX), None);
    }

    #[test]
    fn every_closed_set_round_trips_over_the_wire() {
        round_trips::<jc_domain::Layout>();
        round_trips::<jc_domain::FontSize>();
        round_trips::<jc_domain::ColorScheme>();
        round_trips::<jc_domain::PaperType>();
        round_trips::<jc_domain::BindingType>();
        round_trips::<jc_domain::PageStyle>();
        round_trips::<jc_domain::JournalStatus>();
        round_trips::<jc_domain::ResearchDepth>();
        round_trips::<jc_domain::GenerationStatus>();
        round_trips::<jc_domain::ExportFormat>();
        round_trips::<jc_domain::ExportStatus>();
        round_trips::<jc_domain::ProfileType>();
    }

    #[test]
    fn a_customization_goes_over_the_wire_and_back_whole() {
        let look = jc_domain::Customization { layout: jc_domain::Layout::Magazine, ..Default::default() };
        let message = journal::Customization::from(look);
        assert_eq!(message.layout(), journal::Layout::Magazine);
        assert_eq!(jc_domain::Customization::try_from(&message), Ok(look));
        let partial = journal::Customization { font_size: 0, ..message };
        let error = jc_domain::Customization::try_from(&partial).err().map(|e| e.field);
        assert_eq!(error, Some("font_size"));
    }

    #[test]
    fn a_missing_value_is_an_error_naming_the_field_and_its_words() {
        let error = required::<jc_domain::PageStyle>("page_style", 0).err();
        assert_eq!(error, Some(Invalid::new("page_style", "must be lined, dotted, grid or blank")));
        assert_eq!(optional::<jc_domain::PageStyle>("page_style", None), Ok(None));
        assert_eq!(stored::<jc_domain::PageStyle>("grid"), journal::PageStyle::Grid as i32);
        assert_eq!(stored::<jc_domain::ResearchDepth>(""), 0);
        assert_eq!(word::<jc_domain::PageStyle>(journal::PageStyle::Blank as i32), "blank");
        assert_eq!(word::<jc_domain::PageStyle>(0), "");
        assert_eq!(journal::Layout::TwoColumn.word(), "two-column");
        assert_eq!(journal::Layout::Unspecified.word(), "");
        assert_eq!(
            optional::<jc_domain::PageStyle>("page_style", Some(journal::PageStyle::Grid as i32)),
            Ok(Some(jc_domain::PageStyle::Grid))
        );
    }
}
