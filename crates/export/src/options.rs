//! The options of an export: what the caller chose ([`ExportChoices`], read from the
//! REST body by the gateway and sent typed), and the options a render uses.
//!
//! The choices hold only what the caller set; they are stored as a compact JSON object
//! and resolved at render time over the journal's customization (mapped by
//! [`jc_render::map_customization`]) and the render defaults, so a caller's choice
//! always wins and the journal's look fills in the rest. Objects merge key by key, so
//! `{"theme": {"colors": {"accent": "#2e7d32"}}}` changes one colour.
//!
//! Every format takes [`LayoutOptions`]; `kdp` also takes the listing details of
//! [`StoreDetails`] (`categories`, `isbn`).

use jc_domain::print::{ExportChoices, Refused};
use jc_platform::error::FieldError;
use jc_proto::export as pb;
use jc_render::kdp::page_limits;
use jc_render::{Journal, LayoutOptions, RenderError, StoreDetails};
use serde_json::Value;

use crate::format::Format;

/// What the caller chose for an export of a format.
#[derive(Debug, Clone, PartialEq)]
pub struct Requested {
    pub format: Format,
    pub choices: ExportChoices,
}

/// What a render uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub layout: LayoutOptions,
    pub store: StoreDetails,
}

impl Requested {
    /// The choices of a request (none when absent), checked against `format` and
    /// against the defaults; the offending field otherwise.
    pub fn from_wire(format: Format, options: Option<&pb::ExportOptions>) -> Result<Self, FieldError> {
        let choices = match options {
            Some(options) => ExportChoices::try_from(options)?,
            None => ExportChoices::default(),
        };
        let listing = &choices.listing;
        if format != Format::Kdp && (listing.categories.is_some() || listing.isbn.is_some()) {
            let key = if listing.categories.is_some() { "categories" } else { "isbn" };
            return Err(FieldError::new(format!("options.{key}"), "only a kdp export has a store listing"));
        }
        let requested = Self { format, choices };
        requested.resolve_over(LayoutOptions::default())?;
        Ok(requested)
    }

    /// The choices as stored (a JSON object's text, as [`Requested::to_stored`] writes
    /// it; empty means none).
    pub fn from_stored(format: Format, stored: &str) -> Result<Self, FieldError> {
        let stored = stored.trim();
        let value = if stored.is_empty() {
            None
        } else {
            Some(
                serde_json::from_str::<Value>(stored)
                    .map_err(|error| FieldError::new("options", format!("is not valid JSON: {error}")))?,
            )
        };
        let choices = ExportChoices::from_json(format, "options", value).map_err(refused)?;
        Ok(Self { format, choices })
    }

    /// The stored form: the choices as one compact JSON object.
    pub fn to_stored(&self) -> String {
        Value::Object(self.choices.to_json()).to_string()
    }

    /// The choices over `base` (the journal's customization mapped onto the defaults),
    /// every value checked; the offending field otherwise.
    pub fn resolve_over(&self, base: LayoutOptions) -> Result<Resolved, FieldError> {
        let layout = base.with_choices(&self.choices.layout).map_err(invalid_field)?;
        layout.validate().map_err(invalid_field)?;
        let listing = &self.choices.listing;
        let store = StoreDetails {
            categories: listing.categories.clone().unwrap_or_default(),
            isbn: listing.isbn.clone(),
        };
        if store.categories.len() > jc_render::kdp::listing::MAX_CATEGORIES {
            return Err(FieldError::new(
                "options.categories",
                format!("at most {} categories", jc_render::kdp::listing::MAX_CATEGORIES),
            ));
        }
        if let Some(isbn) = store.isbn.as_deref().map(str::trim).filter(|isbn| !isbn.is_empty())
            && !jc_render::kdp::listing::isbn_is_valid(isbn)
        {
            return Err(FieldError::new("options.isbn", "is not a valid ISBN-10 or ISBN-13"));
        }
        Ok(Resolved { layout, store })
    }
}

/// A wrong key or value of the caller's choices as a field error.
pub fn refused(refused: Refused) -> FieldError {
    FieldError::new(refused.field, refused.message)
}

/// A KDP package of `journal` must fit KDP's page limits: the page count the render
/// will reach, estimated, is checked before the job is queued (the preflight of the
/// package checks the real count).
pub fn check_kdp_pages(journal: &Journal, options: &LayoutOptions) -> Result<(), FieldError> {
    let limits = page_limits(options.trim, options.ink_paper, options.binding);
    let estimate = jc_render::docx::estimate_pages(journal, options);
    let pages = if options.pad_to_kdp_minimum { estimate.max(limits.min) } else { estimate };
    if pages > limits.max {
        return Err(FieldError::new(
            "pages",
            format!(
                "the book comes to about {pages} pages; KDP prints at most {} at {} in {} ({}): \
                 choose a larger trim, a smaller font or fewer lines",
                limits.max,
                options.trim.code(),
                options.binding.as_str(),
                options.ink_paper.label()
            ),
        ));
    }
    if pages < limits.min {
        return Err(FieldError::new(
            "pages",
            format!(
                "the book comes to about {pages} pages; KDP needs at least {} for {} {} books: \
                 set pad_to_kdp_minimum or add days",
                limits.min,
                options.binding.as_str(),
                options.ink_paper.label()
            ),
        ));
    }
    Ok(())
}

/// A render error as a field of the options.
pub fn invalid_field(error: RenderError) -> FieldError {
    match error {
        RenderError::Invalid { field, message } => FieldError::new(format!("options.{field}"), message),
        other => FieldError::new("options", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The caller's JSON as the gateway reads it and the service receives it.
    fn parse(format: Format, raw: &str) -> Result<Requested, FieldError> {
        let value = match raw.trim() {
            "" => None,
            raw => Some(serde_json::from_str(raw).map_err(|e| FieldError::new("options", e.to_string()))?),
        };
        let choices = ExportChoices::from_json(format, "options", value).map_err(refused)?;
        Requested::from_wire(format, Some(&pb::ExportOptions::from(&choices)))
    }

    fn field(format: Format, raw: &str) -> String {
        parse(format, raw).expect_err("refused").field
    }

    #[test]
    fn empty_options_are_the_defaults() {
        let requested = parse(Format::Pdf, " ").expect("empty");
        assert_eq!(requested.to_stored(), "{}");
        let resolved = requested.resolve_over(LayoutOptions::default()).expect("resolved");
        assert_eq!(resolved.layout, LayoutOptions::default());
    }

    #[test]
    fn choices_win_over_the_base_and_objects_merge() {
        let raw = r##"{"trim":"8.5x11","theme":{"colors":{"accent":"#2e7d32"}},"font_size_pt":12}"##;
        let requested = parse(Format::Pdf, raw).expect("parsed");
        let base = LayoutOptions { font_size_pt: 9, bleed: true, ..Default::default() };
        let resolved = requested.resolve_over(base).expect("resolved");
        assert_eq!(resolved.layout.trim.code(), "8.5x11");
        assert_eq!(resolved.layout.font_size_pt, 12);
        assert!(resolved.layout.bleed, "the base fills in what was not chosen");
        assert_eq!(resolved.layout.theme.colors.accent, jc_render::Rgb(0x2e, 0x7d, 0x32));
        assert_eq!(resolved.layout.theme.colors.text, LayoutOptions::default().theme.colors.text);
    }

    #[test]
    fn each_bad_option_names_its_field() {
        assert_eq!(field(Format::Pdf, "[1]"), "options");
        assert_eq!(field(Format::Pdf, "{"), "options");
        assert_eq!(field(Format::Pdf, r#"{"colour":"red"}"#), "options.colour", "unknown keys are named");
        assert_eq!(field(Format::Pdf, r#"{"trim":"3x3"}"#), "options.trim");
        assert_eq!(field(Format::Pdf, r#"{"bleed":"yes"}"#), "options.bleed");
        assert_eq!(field(Format::Pdf, r#"{"font_size_pt":40}"#), "options.font_size_pt");
        assert_eq!(field(Format::Pdf, r#"{"font_size_pt":"11"}"#), "options.font_size_pt");
        assert_eq!(
            field(Format::Pdf, r#"{"theme":{"spacing":{"rule_weight_pt":0.1}}}"#),
            "options.theme.spacing.rule_weight_pt"
        );
        assert_eq!(
            field(Format::Pdf, r#"{"categories":["Self-Help"]}"#),
            "options.categories",
            "only kdp has a listing"
        );
        assert_eq!(field(Format::Kdp, r#"{"categories":"Self-Help"}"#), "options.categories");
        assert_eq!(field(Format::Kdp, r#"{"isbn":"123"}"#), "options.isbn");
        assert_eq!(field(Format::Kdp, r#"{"categories":["a","b","c","d"]}"#), "options.categories");
    }

    #[test]
    fn kdp_listing_keys_are_kept_apart() {
        let requested =
            parse(Format::Kdp, r#"{"categories":["Self-Help / Journaling"],"bleed":true}"#).expect("parsed");
        assert!(requested.choices.listing.categories.is_some());
        let resolved = requested.resolve_over(LayoutOptions::default()).expect("resolved");
        assert_eq!(resolved.store.categories, ["Self-Help / Journaling"]);
        assert!(resolved.layout.bleed);
        let stored: Value = serde_json::from_str(&requested.to_stored()).expect("json");
        assert_eq!(stored["bleed"], true);
        assert_eq!(Requested::from_stored(Format::Kdp, &requested.to_stored()), Ok(requested));
    }

    #[test]
    fn a_listing_on_the_wire_of_another_format_is_refused() {
        let options = pb::ExportOptions { isbn: Some("9780306406157".into()), ..Default::default() };
        assert_eq!(
            Requested::from_wire(Format::Pdf, Some(&options)).expect_err("refused").field,
            "options.isbn"
        );
    }
}
