//! Journal values, parsed once at the edge of the service. Each failure names its
//! field; [`Fields`] gathers them so one answer lists every problem of a request.

use jc_platform::{AppError, FieldError};

use crate::content::PageStyle;

pub const TITLE_MAX_CHARS: usize = 200;
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
pub const LONG_TEXT_MAX_CHARS: usize = 10_000;
pub const ENTRY_MAX_CHARS: usize = 50_000;
pub const MAX_DAYS: u32 = 366;
pub const MAX_LINES: u32 = 60;
pub const MAX_CERTIFICATE_FIELDS: usize = 20;
/// The longest author voice a person may describe for a generated journal.
pub const AUTHOR_STYLE_MAX_CHARS: usize = 100;
/// The pages besides the days: introduction, commitment and certificate.
pub const FRAME_PAGES: u32 = 3;
pub const EXPORT_FORMATS: [&str; 4] = ["pdf", "docx", "epub", "kdp"];

/// Gathers field errors; the request fails once with all of them.
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    /// Like [`Fields::take`] for a value that may be absent.
    pub fn take_opt<T>(&mut self, result: Option<Result<T, FieldError>>) -> Option<T> {
        result.and_then(|result| self.take(result))
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() { Ok(()) } else { Err(AppError::validation(self.0)) }
    }
}

/// A title: trimmed, 1 to 200 characters, one line.
pub fn title(field: &str, raw: &str) -> Result<String, FieldError> {
    let value = line(field, raw, TITLE_MAX_CHARS)?;
    if value.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    Ok(value)
}

/// A short one-line text, possibly empty: trimmed, at most `max` characters, no
/// control characters.
pub fn line(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.chars().count() > max {
        return Err(FieldError::new(field, format!("must be at most {max} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, "must not contain control characters"));
    }
    Ok(value.to_owned())
}

/// A longer text kept as written: at most `max` characters; line breaks and tabs are
/// the only control characters allowed. Markup is stored as plain text.
pub fn text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    if raw.chars().count() > max {
        return Err(FieldError::new(field, format!("must be at most {max} characters")));
    }
    if raw.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(FieldError::new(field, "must not contain control characters other than line breaks"));
    }
    Ok(raw.to_owned())
}

/// A theme id of the catalogue.
pub fn theme(raw: &str) -> Result<String, FieldError> {
    crate::catalogue::theme(raw)
        .map(|theme| theme.id.to_owned())
        .ok_or_else(|| FieldError::new("theme", "is not a known theme"))
}

pub fn days(field: &str, raw: u32) -> Result<u32, FieldError> {
    if (1..=MAX_DAYS).contains(&raw) {
        Ok(raw)
    } else {
        Err(FieldError::new(field, format!("must be from 1 to {MAX_DAYS}")))
    }
}

pub fn lines(raw: u32) -> Result<i32, FieldError> {
    match i32::try_from(raw) {
        Ok(lines) if (1..=MAX_LINES).contains(&raw) => Ok(lines),
        _ => Err(FieldError::new("lines", format!("must be from 1 to {MAX_LINES}"))),
    }
}

pub fn page_style(raw: &str) -> Result<PageStyle, FieldError> {
    PageStyle::parse(raw).ok_or_else(|| FieldError::new("page_style", "must be lined, dotted, grid or blank"))
}

/// The blanks of a certificate: at most 20, each a short line.
pub fn certificate_fields(raw: &[String]) -> Result<Vec<String>, FieldError> {
    const FIELD: &str = "certificate.fields";
    if raw.len() > MAX_CERTIFICATE_FIELDS {
        return Err(FieldError::new(FIELD, format!("must have at most {MAX_CERTIFICATE_FIELDS} entries")));
    }
    raw.iter().map(|value| line(FIELD, value, SHORT_TEXT_MAX_CHARS)).collect()
}

/// Where a journal is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Generating,
    Completed,
    Archived,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Draft, Status::Generating, Status::Completed, Status::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Generating => "generating",
            Status::Completed => "completed",
            Status::Archived => "archived",
        }
    }

    /// Any status, as a filter.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == raw)
            .ok_or_else(|| FieldError::new("status", "must be draft, generating, completed or archived"))
    }

    /// A status an owner may set: `generating` is the service's own.
    pub fn parse_settable(raw: &str) -> Result<Self, FieldError> {
        match Self::parse(raw) {
            Ok(Status::Generating) | Err(_) => {
                Err(FieldError::new("status", "must be draft, completed or archived"))
            }
            Ok(status) => Ok(status),
        }
    }
}

/// How a journal looks; each value is one of the allowed words of `API.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Customization {
    pub layout: &'static str,
    pub font_size: &'static str,
    pub color_scheme: &'static str,
    pub paper_type: &'static str,
    pub binding_type: &'static str,
}

const LAYOUTS: &[&str] = &["single-column", "two-column", "magazine"];
const FONT_SIZES: &[&str] = &["small", "medium", "large"];
const COLOR_SCHEMES: &[&str] = &["default", "dark", "sepia", "forest"];
const PAPER_TYPES: &[&str] = &["standard", "premium", "recycled"];
const BINDING_TYPES: &[&str] = &["perfect", "spiral", "hardcover"];

impl Default for Customization {
    fn default() -> Self {
        Self {
            layout: "single-column",
            font_size: "medium",
            color_scheme: "default",
            paper_type: "standard",
            binding_type: "perfect",
        }
    }
}

/// One customization value: `Ok(None)` when empty (not given).
fn choice(field: &str, raw: &str, allowed: &[&'static str]) -> Result<Option<&'static str>, FieldError> {
    if raw.is_empty() {
        return Ok(None);
    }
    allowed.iter().find(|word| **word == raw).map(|word| Some(*word)).ok_or_else(|| {
        FieldError::new(format!("customization.{field}"), format!("must be one of {}", allowed.join(", ")))
    })
}

/// The values a request sets; an empty string sets nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomizationChanges {
    pub layout: Option<&'static str>,
    pub font_size: Option<&'static str>,
    pub color_scheme: Option<&'static str>,
    pub paper_type: Option<&'static str>,
    pub binding_type: Option<&'static str>,
}

impl CustomizationChanges {
    pub fn parse(raw: &jc_proto::journal::Customization, fields: &mut Fields) -> Self {
        Self {
            layout: fields.take(choice("layout", &raw.layout, LAYOUTS)).flatten(),
            font_size: fields.take(choice("font_size", &raw.font_size, FONT_SIZES)).flatten(),
            color_scheme: fields.take(choice("color_scheme", &raw.color_scheme, COLOR_SCHEMES)).flatten(),
            paper_type: fields.take(choice("paper_type", &raw.paper_type, PAPER_TYPES)).flatten(),
            binding_type: fields.take(choice("binding_type", &raw.binding_type, BINDING_TYPES)).flatten(),
        }
    }

    /// The defaults with these changes.
    pub fn over_defaults(self) -> Customization {
        let defaults = Customization::default();
        Customization {
            layout: self.layout.unwrap_or(defaults.layout),
            font_size: self.font_size.unwrap_or(defaults.font_size),
            color_scheme: self.color_scheme.unwrap_or(defaults.color_scheme),
            paper_type: self.paper_type.unwrap_or(defaults.paper_type),
            binding_type: self.binding_type.unwrap_or(defaults.binding_type),
        }
    }
}

/// `title (copy)`, shortening `title` so the result fits in 200 characters.
pub fn copy_title(title: &str) -> String {
    const SUFFIX: &str = " (copy)";
    let keep = TITLE_MAX_CHARS - SUFFIX.chars().count();
    let base: String = title.chars().take(keep).collect();
    format!("{}{SUFFIX}", base.trim_end())
}

/// Words of a text, as a reader counts them.
pub fn words(text: &str) -> i64 {
    i64::try_from(text.split_whitespace().count()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(title("title", "  My journal ").ok().as_deref(), Some("My journal"));
        assert!(title("title", "   ").is_err());
        assert!(title("title", &"é".repeat(200)).is_ok(), "characters, not bytes, are counted");
        assert_eq!(title("title", &"a".repeat(201)).map_err(|e| e.field).err().as_deref(), Some("title"));
        assert!(title("title", "a\u{7}b").is_err());
        assert!(text("prompt", "line one\nline two\t", 100).is_ok());
        assert!(text("prompt", "a\u{0}b", 100).is_err());
    }

    #[test]
    fn statuses_an_owner_may_set() {
        assert_eq!(Status::parse_settable("archived").ok(), Some(Status::Archived));
        assert!(Status::parse_settable("generating").is_err());
        assert_eq!(Status::parse("generating").ok(), Some(Status::Generating));
        assert!(Status::parse("deleted").is_err());
    }

    #[test]
    fn customization_values_are_checked_by_field() {
        let mut fields = Fields::default();
        let raw = jc_proto::journal::Customization {
            layout: "two-column".into(),
            font_size: "huge".into(),
            ..Default::default()
        };
        let changes = CustomizationChanges::parse(&raw, &mut fields);
        assert_eq!(changes.layout, Some("two-column"));
        let error = fields.finish().expect_err("huge is no font size");
        assert_eq!(error.fields[0].field, "customization.font_size");
        assert_eq!(CustomizationChanges::default().over_defaults(), Customization::default());
    }

    #[test]
    fn copies_fit_the_title_limit() {
        assert_eq!(copy_title("Calm"), "Calm (copy)");
        let long = copy_title(&"a".repeat(200));
        assert_eq!(long.chars().count(), 200);
        assert!(long.ends_with(" (copy)"));
    }
}
