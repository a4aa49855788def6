//! The options of an export: the caller's JSON object, checked strictly, and the
//! options a render uses.
//!
//! The caller's object holds only what they chose; it is stored as given (compacted)
//! and resolved at render time over the journal's customization (mapped by
//! [`jc_render::map_customization`]) and the render defaults, so a caller's choice
//! always wins and the journal's look fills in the rest. Objects merge key by key, so
//! `{"theme": {"colors": {"accent": "#2e7d32"}}}` changes one colour.
//!
//! Every format takes [`LayoutOptions`]; `kdp` also takes the listing details of
//! [`StoreDetails`] (`categories`, `isbn`).

use jc_platform::error::FieldError;
use jc_render::kdp::page_limits;
use jc_render::{Journal, LayoutOptions, RenderError, StoreDetails};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::format::Format;

/// The keys of a `kdp` export that belong to the listing, not the layout.
pub const STORE_KEYS: [&str; 2] = ["categories", "isbn"];

/// The caller's options object, checked against a format.
#[derive(Debug, Clone, PartialEq)]
pub struct Requested {
    pub format: Format,
    /// The layout keys the caller set.
    pub layout: Map<String, Value>,
    /// The listing keys the caller set (`kdp` only).
    pub store: Map<String, Value>,
}

/// What a render uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub layout: LayoutOptions,
    pub store: StoreDetails,
}

impl Requested {
    /// Parses `raw` (empty means no choices) for `format`; the offending field when
    /// it is not a JSON object of options of the right types. Values are checked
    /// against their rules by [`Requested::resolve`].
    pub fn parse(format: Format, raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        let object = if raw.is_empty() {
            Map::new()
        } else {
            match serde_json::from_str::<Value>(raw) {
                Ok(Value::Object(object)) => object,
                Ok(_) => return Err(FieldError::new("options", "must be a JSON object")),
                Err(error) => return Err(FieldError::new("options", format!("is not valid JSON: {error}"))),
            }
        };
        let (mut layout, mut store) = (Map::new(), Map::new());
        for (key, value) in object {
            if format == Format::Kdp && STORE_KEYS.contains(&key.as_str()) {
                store.insert(key, value);
            } else {
                layout.insert(key, value);
            }
        }
        let requested = Self { format, layout, store };
        requested.resolve_over(LayoutOptions::default())?;
        Ok(requested)
    }

    /// The stored form: the caller's object, compacted.
    pub fn to_json(&self) -> String {
        let mut all = self.layout.clone();
        all.extend(self.store.clone());
        Value::Object(all).to_string()
    }

    /// The options over `base` (the journal's customization mapped onto the defaults),
    /// every value checked; the offending field otherwise.
    pub fn resolve_over(&self, base: LayoutOptions) -> Result<Resolved, FieldError> {
        let mut merged = serde_json::to_value(base)
            .map_err(|error| FieldError::new("options", format!("cannot be merged: {error}")))?;
        merge(&mut merged, &Value::Object(self.layout.clone()));
        let layout: LayoutOptions = strict(merged)?;
        layout.validate().map_err(invalid_field)?;
        let store: StoreDetails = strict(Value::Object(self.store.clone()))?;
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

/// Deserialises `value` refusing unknown keys and wrong types, naming the path of the
/// offending value.
fn strict<T: DeserializeOwned>(value: Value) -> Result<T, FieldError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let field =
            if path == "." || path.is_empty() { "options".to_owned() } else { format!("options.{path}") };
        FieldError::new(field, error.into_inner().to_string())
    })
}

/// Sets every key of `over` in `base`, objects key by key.
fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(format: Format, raw: &str) -> String {
        Requested::parse(format, raw).expect_err("refused").field
    }

    #[test]
    fn empty_options_are_the_defaults() {
        let requested = Requested::parse(Format::Pdf, " ").expect("empty");
        assert_eq!(requested.to_json(), "{}");
        let resolved = requested.resolve_over(LayoutOptions::default()).expect("resolved");
        assert_eq!(resolved.layout, LayoutOptions::default());
    }

    #[test]
    fn choices_win_over_the_base_and_objects_merge() {
        let raw = r##"{"trim":"8.5x11","theme":{"colors":{"accent":"#2e7d32"}},"font_size_pt":12}"##;
        let requested = Requested::parse(Format::Pdf, raw).expect("parsed");
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
            Requested::parse(Format::Kdp, r#"{"categories":["Self-Help / Journaling"],"bleed":true}"#)
                .expect("parsed");
        assert_eq!(requested.store.len(), 1);
        let resolved = requested.resolve_over(LayoutOptions::default()).expect("resolved");
        assert_eq!(resolved.store.categories, ["Self-Help / Journaling"]);
        assert!(resolved.layout.bleed);
        let stored: Value = serde_json::from_str(&requested.to_json()).expect("json");
        assert_eq!(stored["bleed"], true);
    }
}
