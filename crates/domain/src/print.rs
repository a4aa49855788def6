//! How a journal is printed and exported: KDP's ink and paper, the binding, the bundled
//! type families, and what a person may choose for an export (the options of a format,
//! and the questions of the KDP calculator).
//!
//! The choices are partial: a person names only what they want changed, and the export
//! service lays them over the journal's own look and the render defaults. The gateway
//! reads them from the REST body with [`ExportChoices::from_json`] and
//! [`KdpPreviewInput::from_json`], so a wrong key or type is refused at the edge with the
//! path of the value; the export service reads the same types back from the wire and
//! from its store, and checks the values (ranges, trim sizes, colours) when it resolves
//! them.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::{ExportFormat, PageStyle};

closed_set! {
    /// Ink and paper, the combinations KDP sells.
    pub enum InkPaper {
        /// Black ink on white paper.
        BlackWhite = "black_white",
        /// Black ink on cream paper.
        BlackCream = "black_cream",
        /// Premium colour ink on white paper.
        PremiumColorWhite = "premium_color_white",
        /// Standard colour ink on white paper.
        StandardColorWhite = "standard_color_white",
    }
}

impl InkPaper {
    /// Words for a report.
    pub fn label(self) -> &'static str {
        match self {
            InkPaper::BlackWhite => "black ink on white paper",
            InkPaper::BlackCream => "black ink on cream paper",
            InkPaper::PremiumColorWhite => "premium colour ink on white paper",
            InkPaper::StandardColorWhite => "standard colour ink on white paper",
        }
    }

    /// True when only black ink prints (colours are converted to grey).
    pub fn is_black_ink(self) -> bool {
        matches!(self, InkPaper::BlackWhite | InkPaper::BlackCream)
    }

    /// Paper thickness per page, in inches (KDP.md, "Spine and cover").
    pub fn page_thickness_in(self) -> f64 {
        match self {
            InkPaper::BlackWhite => 0.002252,
            InkPaper::BlackCream => 0.0025,
            InkPaper::PremiumColorWhite => 0.002347,
            InkPaper::StandardColorWhite => 0.002252,
        }
    }
}

closed_set! {
    /// How a printed book is bound.
    pub enum Binding {
        Paperback = "paperback",
        Hardcover = "hardcover",
    }
}

closed_set! {
    /// A bundled type family (DejaVu, open-licensed, embedded in every format).
    pub enum FontFace {
        Serif = "serif",
        Sans = "sans",
    }
}

impl FontFace {
    /// The family name as written into DOCX and EPUB styles.
    pub fn family_name(self) -> &'static str {
        match self {
            FontFace::Serif => "DejaVu Serif",
            FontFace::Sans => "DejaVu Sans",
        }
    }

    /// The CSS generic family that stands in when the face is absent.
    pub fn css_generic(self) -> &'static str {
        match self {
            FontFace::Serif => "serif",
            FontFace::Sans => "sans-serif",
        }
    }
}

/// A value that is wrong where it stands: the path of the value (`options.trim`,
/// `listing.title`) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub field: String,
    pub message: String,
}

impl Refused {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The layout options a person chose for an export; what they left out is `None`.
/// Field order is the order of the render's layout options (error messages list the
/// keys in it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutChoices {
    /// A trim code: `6x9`, `8.27x11.69`, `a4`; checked when resolved.
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub trim: Option<String>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub bleed: Option<bool>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub ink_paper: Option<InkPaper>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub binding: Option<Binding>,
    /// `Some(None)` is an explicit null: every day keeps its own style.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    pub page_style: Option<Option<PageStyle>>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub font_size_pt: Option<u8>,
    #[serde(default, deserialize_with = "theme", skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeChoices>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub page_numbers: Option<bool>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub table_of_contents: Option<bool>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub toc_columns: Option<u8>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub date_lines: Option<bool>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub include_entries: Option<bool>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub pad_to_kdp_minimum: Option<bool>,
}

/// The theme values a person chose; objects merge, so one colour may be given alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeChoices {
    #[serde(default, deserialize_with = "colors", skip_serializing_if = "Option::is_none")]
    pub colors: Option<ColorChoices>,
    #[serde(default, deserialize_with = "fonts", skip_serializing_if = "Option::is_none")]
    pub fonts: Option<FontChoices>,
    #[serde(default, deserialize_with = "spacing", skip_serializing_if = "Option::is_none")]
    pub spacing: Option<SpacingChoices>,
}

/// Colours as `#rrggbb`; checked when resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColorChoices {
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontChoices {
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub heading: Option<FontFace>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub body: Option<FontFace>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub heading_scale: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpacingChoices {
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub line_pitch_in: Option<f64>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub line_spacing: Option<f64>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub rule_weight_pt: Option<f64>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub margin_in: Option<f64>,
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub heading_rule: Option<bool>,
}

/// The store listing details of a `kdp` export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingChoices {
    /// One to three store categories.
    #[serde(default, deserialize_with = "given", skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// The author's own ISBN; none lets KDP place its barcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isbn: Option<String>,
}

/// What a person chose for an export: the layout, and for `kdp` the listing details.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportChoices {
    pub layout: LayoutChoices,
    pub listing: ListingChoices,
}

impl ExportChoices {
    /// The keys of a `kdp` export that belong to the listing, not the layout.
    pub const LISTING_KEYS: [&str; 2] = ["categories", "isbn"];

    /// The choices of a JSON object for `format`; the path of the first wrong key or
    /// value under `field` (`options.theme.colors`) otherwise. `None` and `null` are no
    /// choices.
    pub fn from_json(format: ExportFormat, field: &str, value: Option<Value>) -> Result<Self, Refused> {
        let object = match value {
            None | Some(Value::Null) => return Ok(Self::default()),
            Some(Value::Object(object)) => object,
            Some(_) => return Err(Refused::new(field, "must be a JSON object of the format's options")),
        };
        let (mut layout, mut listing) = (Map::new(), Map::new());
        for (key, value) in object {
            if format == ExportFormat::Kdp && Self::LISTING_KEYS.contains(&key.as_str()) {
                listing.insert(key, value);
            } else {
                layout.insert(key, value);
            }
        }
        Ok(Self {
            layout: strict(field, Value::Object(layout))?,
            listing: strict(field, Value::Object(listing))?,
        })
    }

    /// The choices as one JSON object, as a person would write them.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut all = object_of(&self.layout);
        all.extend(object_of(&self.listing));
        all
    }

    /// True when nothing was chosen.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The store listing of a book, as the KDP calculator checks it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Listing {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub subtitle: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub author: String,
    /// KDP takes up to 4000 characters; the checks say so.
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub description: String,
    /// Up to seven keywords of up to 50 characters (the checks say so).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline, value_type = Vec<ListingText>))]
    pub keywords: Vec<String>,
    /// Store categories, such as `Self-Help / Journaling`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline, value_type = Vec<ListingText>))]
    pub categories: Vec<String>,
    /// The author's own ISBN; `None` lets KDP place its barcode (no expanded distribution).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub isbn: Option<String>,
}

/// One keyword or category of a listing, as the OpenAPI document describes it.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, max_length = 200)]
pub struct ListingText(pub String);

/// What the KDP calculator is asked: the book's shape, and optionally its listing and
/// the title on its cover.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KdpPreviewInput {
    /// A trim code; 6x9 when left out. Checked by the calculator.
    #[serde(default, deserialize_with = "given")]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub trim: Option<String>,
    pub pages: u32,
    #[serde(default)]
    pub ink_paper: Option<InkPaper>,
    #[serde(default)]
    pub binding: Option<Binding>,
    #[serde(default)]
    pub bleed: bool,
    #[serde(default)]
    pub listing: Option<Listing>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub cover_title: Option<String>,
}

impl KdpPreviewInput {
    /// The question of a JSON object; the path of the first wrong key or value
    /// (`request` for the object itself) otherwise.
    pub fn from_json(value: Value) -> Result<Self, Refused> {
        if !value.is_object() {
            return Err(Refused::new("request", "must be a JSON object"));
        }
        serde_path_to_error::deserialize(value).map_err(|error| {
            let path = crate::quote::field_path(&error.path().to_string());
            let field = if path == "." || path.is_empty() { "request".to_owned() } else { path };
            Refused::new(field, crate::quote::shorten_quoted(&error.into_inner().to_string()))
        })
    }
}

/// Deserialises `value` refusing unknown keys and wrong types, naming the path of the
/// offending value under `field`.
fn strict<T: DeserializeOwned>(field: &str, value: Value) -> Result<T, Refused> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = crate::quote::field_path(&error.path().to_string());
        let field = if path == "." || path.is_empty() { field.to_owned() } else { format!("{field}.{path}") };
        Refused::new(field, crate::quote::shorten_quoted(&error.into_inner().to_string()))
    })
}

fn object_of(value: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    }
}

/// A key that, when present, must hold a value of its type (`null` is refused the way
/// the type refuses it).
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// An object key that, when present, must hold an object; a `null` is refused naming the
/// object as the render library names it (`expected struct Theme`).
fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<Option<T>, D::Error> {
    match Option::<T>::deserialize(deserializer)? {
        Some(value) => Ok(Some(value)),
        None => Err(serde::de::Error::invalid_type(serde::de::Unexpected::Unit, &name)),
    }
}

fn theme<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<ThemeChoices>, D::Error> {
    object(deserializer, "struct Theme")
}

fn colors<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<ColorChoices>, D::Error> {
    object(deserializer, "struct ThemeColors")
}

fn fonts<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<FontChoices>, D::Error> {
    object(deserializer, "struct ThemeFonts")
}

fn spacing<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<SpacingChoices>, D::Error> {
    object(deserializer, "struct ThemeSpacing")
}

/// A key that, when present, holds a value or an explicit `null`.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn refused(format: ExportFormat, value: Value) -> Refused {
        ExportChoices::from_json(format, "options", Some(value)).expect_err("refused")
    }

    #[test]
    fn choices_keep_what_was_given_and_nothing_else() {
        let given = json!({"trim": "8.5x11", "theme": {"colors": {"accent": "#2e7d32"}}, "page_style": null});
        let choices =
            ExportChoices::from_json(ExportFormat::Pdf, "options", Some(given.clone())).expect("parsed");
        assert_eq!(choices.layout.trim.as_deref(), Some("8.5x11"));
        assert_eq!(choices.layout.page_style, Some(None), "an explicit null is a choice");
        assert_eq!(Value::Object(choices.to_json()), given);
        assert!(ExportChoices::from_json(ExportFormat::Pdf, "options", None).expect("none").is_empty());
    }

    #[test]
    fn each_wrong_key_or_type_names_its_path() {
        let pdf = ExportFormat::Pdf;
        assert_eq!(refused(pdf, json!([1])).field, "options");
        assert_eq!(refused(pdf, json!({"colour": "red"})).field, "options.colour");
        assert!(refused(pdf, json!({"colour": "red"})).message.contains("expected one of `trim`, `bleed`"));
        assert_eq!(refused(pdf, json!({"bleed": "yes"})).field, "options.bleed");
        assert_eq!(refused(pdf, json!({"bleed": null})).field, "options.bleed", "null is not a boolean");
        let theme = refused(pdf, json!({"theme": null}));
        assert_eq!(
            (theme.field.as_str(), theme.message.as_str()),
            ("options.theme", "invalid type: null, expected struct Theme")
        );
        assert_eq!(
            refused(pdf, json!({"theme": {"fonts": null}})).message,
            "invalid type: null, expected struct ThemeFonts"
        );
        assert_eq!(refused(pdf, json!({"font_size_pt": 300})).field, "options.font_size_pt");
        assert_eq!(refused(pdf, json!({"ink_paper": "gold"})).field, "options.ink_paper");
        assert_eq!(
            refused(pdf, json!({"theme": {"spacing": {"rule_weight": 1}}})).field,
            "options.theme.spacing.rule_weight"
        );
        assert_eq!(
            refused(pdf, json!({"categories": ["Self-Help"]})).field,
            "options.categories",
            "pdf has no listing"
        );
        assert_eq!(
            refused(ExportFormat::Kdp, json!({"categories": "Self-Help"})).field,
            "options.categories"
        );
    }

    #[test]
    fn kdp_listing_keys_are_kept_apart() {
        let given = json!({"categories": ["Self-Help / Journaling"], "bleed": true});
        let choices = ExportChoices::from_json(ExportFormat::Kdp, "settings", Some(given)).expect("parsed");
        assert_eq!(choices.listing.categories.as_deref(), Some(&["Self-Help / Journaling".to_owned()][..]));
        assert_eq!(choices.layout.bleed, Some(true));
    }

    #[test]
    fn the_calculator_question_names_its_wrong_fields() {
        let field = |value: Value| KdpPreviewInput::from_json(value).expect_err("refused").field;
        assert_eq!(field(json!([])), "request");
        assert_eq!(field(json!({"trim": "6x9"})), "request", "pages is required");
        assert_eq!(field(json!({"pages": "many"})), "pages");
        assert_eq!(field(json!({"pages": 100, "ink_paper": "gold"})), "ink_paper");
        assert_eq!(field(json!({"pages": 100, "listing": {"title": 1}})), "listing.title");
        assert_eq!(field(json!({"pages": 100, "spine": 1})), "spine");
        let input = KdpPreviewInput::from_json(json!({"pages": 120})).expect("parsed");
        assert_eq!((input.pages, input.trim, input.bleed), (120, None, false));
    }
}
