//! Journal values, parsed once at the edge of the service. Each failure names its
//! field; [`Fields`] gathers them so one answer lists every problem of a request.

pub use jc_domain::Customization;
use jc_domain::{BindingType, ColorScheme, FontSize, JournalStatus, Layout, PageStyle, PaperType};
use jc_platform::{AppError, FieldError};
use jc_proto::convert::WireEnum;

pub use jc_domain::limits::{
    ENTRY_MAX_CHARS, JOURNAL_MAX_CHARS, LONG_TEXT_MAX_CHARS, MAX_CERTIFICATE_FIELDS, MAX_DAYS, MAX_LINES,
    SHORT_TEXT_MAX_CHARS, TITLE_MAX_CHARS,
};
/// The longest author voice a person may describe for a generated journal.
pub const AUTHOR_STYLE_MAX_CHARS: usize = 100;
/// The pages besides the days: introduction, commitment and certificate.
pub const FRAME_PAGES: u32 = 3;

/// Every character of text a journal holds: what [`JOURNAL_MAX_CHARS`] bounds.
pub fn text_chars(journal: &crate::store::JournalRow, days: &[crate::store::DayRow]) -> usize {
    let j = journal;
    let own = [
        &j.title,
        &j.subtitle,
        &j.author_name,
        &j.description,
        &j.introduction_title,
        &j.introduction_quote,
        &j.introduction_writeup,
        &j.commitment_text,
        &j.commitment_writeup,
        &j.certificate_summary,
        &j.certificate_text,
        &j.certificate_fields,
    ];
    let days: usize = days
        .iter()
        .map(|d| {
            [&d.title, &d.pre_writeup, &d.prompt].iter().map(|t| t.chars().count()).sum::<usize>()
                + d.entry_text.as_deref().map_or(0, |e| e.chars().count())
        })
        .sum();
    own.iter().map(|t| t.chars().count()).sum::<usize>() + days
}

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
    jc_writer::catalogue::theme(raw)
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

pub fn page_style(raw: i32) -> Result<PageStyle, FieldError> {
    PageStyle::from_wire(raw)
        .ok_or_else(|| FieldError::new("page_style", "must be lined, dotted, grid or blank"))
}

/// The blanks of a certificate: at most 20, each a short line.
pub fn certificate_fields(raw: &[String]) -> Result<Vec<String>, FieldError> {
    const FIELD: &str = "certificate.fields";
    if raw.len() > MAX_CERTIFICATE_FIELDS {
        return Err(FieldError::new(FIELD, format!("must have at most {MAX_CERTIFICATE_FIELDS} entries")));
    }
    raw.iter().map(|value| line(FIELD, value, SHORT_TEXT_MAX_CHARS)).collect()
}

/// Any status, as a filter.
pub fn status(raw: i32) -> Result<JournalStatus, FieldError> {
    JournalStatus::from_wire(raw)
        .ok_or_else(|| FieldError::new("status", "must be draft, generating, completed or archived"))
}

/// A status an owner may set: `generating` is the service's own.
pub fn settable_status(raw: i32) -> Result<JournalStatus, FieldError> {
    match JournalStatus::from_wire(raw) {
        Some(JournalStatus::Generating) | None => {
            Err(FieldError::new("status", "must be draft, completed or archived"))
        }
        Some(status) => Ok(status),
    }
}

/// One customization value: `Ok(None)` when unspecified (not given).
fn choice<T: WireEnum>(field: &str, raw: i32) -> Result<Option<T>, FieldError> {
    if raw == 0 {
        return Ok(None);
    }
    T::from_wire(raw).map(Some).ok_or_else(|| {
        let words: Vec<&str> = T::ALL.iter().map(|value| value.as_str()).collect();
        FieldError::new(format!("customization.{field}"), format!("must be one of {}", words.join(", ")))
    })
}

/// The values a request sets; an unspecified value sets nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomizationChanges {
    pub layout: Option<Layout>,
    pub font_size: Option<FontSize>,
    pub color_scheme: Option<ColorScheme>,
    pub paper_type: Option<PaperType>,
    pub binding_type: Option<BindingType>,
}

impl CustomizationChanges {
    pub fn parse(raw: &jc_proto::journal::Customization, fields: &mut Fields) -> Self {
        Self {
            layout: fields.take(choice("layout", raw.layout)).flatten(),
            font_size: fields.take(choice("font_size", raw.font_size)).flatten(),
            color_scheme: fields.take(choice("color_scheme", raw.color_scheme)).flatten(),
            paper_type: fields.take(choice("paper_type", raw.paper_type)).flatten(),
            binding_type: fields.take(choice("binding_type", raw.binding_type)).flatten(),
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
        assert_eq!(settable_status(JournalStatus::Archived.to_wire()).ok(), Some(JournalStatus::Archived));
        assert!(settable_status(JournalStatus::Generating.to_wire()).is_err());
        assert!(settable_status(0).is_err());
        assert_eq!(status(JournalStatus::Generating.to_wire()).ok(), Some(JournalStatus::Generating));
        assert!(status(99).is_err());
    }

    #[test]
    fn customization_values_are_checked_by_field() {
        let mut fields = Fields::default();
        let raw = jc_proto::journal::Customization {
            layout: Layout::TwoColumn.to_wire(),
            font_size: 99,
            ..Default::default()
        };
        let changes = CustomizationChanges::parse(&raw, &mut fields);
        assert_eq!(changes.layout, Some(Layout::TwoColumn));
        let error = fields.finish().expect_err("99 is no font size");
        assert_eq!(error.fields[0].field, "customization.font_size");
        assert_eq!(error.fields[0].message, "must be one of small, medium, large");
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
