//! The journal document every renderer reads: front matter, days, back matter and the
//! listing metadata. Plain data with serde, checked once by [`Journal::validate`].

use serde::{Deserialize, Serialize};

use crate::error::{RenderError, Result};

/// Most day pages a journal may have.
pub const MAX_DAYS: usize = jc_domain::limits::MAX_DAYS as usize;
/// Most writing lines a day may ask for.
pub const MAX_LINES: u32 = jc_domain::limits::MAX_LINES;
/// Longest entry, in characters: what the journal service accepts.
pub const MAX_ENTRY_CHARS: usize = jc_domain::limits::ENTRY_MAX_CHARS;
/// Most certificate blanks: what the journal service accepts.
pub const MAX_CERTIFICATE_FIELDS: usize = jc_domain::limits::MAX_CERTIFICATE_FIELDS;
/// Longest title, subtitle, author, heading or certificate field, in characters.
pub const MAX_SHORT_CHARS: usize = 200;
/// Longest running text (a writeup, a prompt), in characters.
pub const MAX_LONG_CHARS: usize = 20_000;

/// A whole journal, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    pub metadata: Metadata,
    pub front: FrontMatter,
    /// Day pages in order, numbered from 1 without gaps.
    pub days: Vec<Day>,
    pub back: BackMatter,
}

/// What describes the book: the title page, the PDF/DOCX/EPUB properties, the listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub title: String,
    /// May be empty.
    pub subtitle: String,
    /// May be empty, as in a journal made by hand: the book is then printed without an
    /// author line, but a KDP listing needs one (the preflight's `listing.author` fails).
    pub author: String,
    /// The store description; may hold the few HTML tags KDP allows.
    pub description: String,
    /// A BCP 47 language tag such as `en` or `en-GB`.
    pub language: String,
    /// A stable unique identifier, such as `urn:uuid:…` (the EPUB's `dc:identifier`).
    pub identifier: String,
    /// Store keywords (KDP allows up to seven of up to 50 characters).
    pub keywords: Vec<String>,
}

impl Metadata {
    /// The author's name when there is one.
    pub fn author(&self) -> Option<&str> {
        non_empty(&self.author)
    }
}

/// The opening pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub introduction: Introduction,
    pub commitment: Commitment,
}

/// The heading of an introduction written without a title of its own.
pub const INTRODUCTION_TITLE: &str = "Introduction";
/// The heading of the commitment page.
pub const COMMITMENT_TITLE: &str = "My Commitment";
/// The heading of the certificate page.
pub const CERTIFICATE_TITLE: &str = "Certificate of Completion";

/// The introduction: a heading, a short quote and a writeup. Every part may be empty;
/// an introduction with nothing in it is left out of the book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Introduction {
    pub title: String,
    pub quote: String,
    pub writeup: String,
}

impl Introduction {
    /// The heading the introduction is printed under: its own title, or
    /// [`INTRODUCTION_TITLE`] when only its quote or writeup was written; `None` when it
    /// is empty and left out.
    pub fn heading(&self) -> Option<&str> {
        match non_empty(&self.title) {
            Some(title) => Some(title),
            None if non_empty(&self.quote).is_some() || non_empty(&self.writeup).is_some() => {
                Some(INTRODUCTION_TITLE)
            }
            None => None,
        }
    }
}

/// The page where the reader commits to the practice. Both parts may be empty; with
/// neither the page is left out of the book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub text: String,
    pub writeup: String,
}

impl Commitment {
    /// True when there is nothing to print, so the page is left out.
    pub fn is_empty(&self) -> bool {
        non_empty(&self.text).is_none() && non_empty(&self.writeup).is_none()
    }
}

/// How a day's writing area is ruled (the shared closed set of `jc-domain`).
pub use jc_domain::PageStyle;

/// One day's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Day {
    /// From 1.
    pub number: u32,
    pub title: String,
    /// A short teaching before the prompt; may be empty.
    pub pre_writeup: String,
    /// What to write about; may be empty, as on a page made by hand: the day's header is
    /// then followed by its writing area alone.
    pub prompt: String,
    /// How many writing lines follow the prompt (0 to [`MAX_LINES`]).
    pub lines: u32,
    pub page_style: PageStyle,
    /// The owner's own writing for the day, printed when the options ask for entries.
    #[serde(default)]
    pub entry: Option<String>,
}

impl Day {
    /// The day's line in the contents, its Word heading and its EPUB title: "Day 3:
    /// Listening", or "Day 3" alone when that is all the title says (as on a page made
    /// by hand), rather than "Day 3: Day 3".
    pub fn heading(&self) -> String {
        match self.own_title() {
            Some(title) => format!("Day {}: {title}", self.number),
            None => format!("Day {}", self.number),
        }
    }

    /// The day's title when it says more than its number: `None` for a blank title or
    /// one that is only "Day 3", so a page prints "Day 3" once rather than twice.
    pub fn own_title(&self) -> Option<&str> {
        let title = non_empty(&self.title)?;
        (!title.eq_ignore_ascii_case(&format!("Day {}", self.number))).then_some(title)
    }
}

/// The closing pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackMatter {
    pub certificate: Certificate,
}

/// The certificate of completion. Summary and text may be empty; a certificate with no
/// summary, no text and no fields is left out of the book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    pub summary: String,
    pub text: String,
    /// Blanks the reader fills in, such as "Name" or "Date completed".
    pub fields: Vec<String>,
}

impl Certificate {
    /// True when there is nothing to print, so the page is left out.
    pub fn is_empty(&self) -> bool {
        non_empty(&self.summary).is_none() && non_empty(&self.text).is_none() && self.fields.is_empty()
    }
}

impl Journal {
    /// Checks every rule of the document; the first broken rule is the error, naming the
    /// field's path (`days[2].title`).
    pub fn validate(&self) -> Result<()> {
        let m = &self.metadata;
        required("metadata.title", &m.title, MAX_SHORT_CHARS)?;
        optional("metadata.subtitle", &m.subtitle, MAX_SHORT_CHARS)?;
        optional("metadata.author", &m.author, MAX_SHORT_CHARS)?;
        optional("metadata.description", &m.description, MAX_LONG_CHARS)?;
        language_tag(&m.language)?;
        required("metadata.identifier", &m.identifier, MAX_SHORT_CHARS)?;
        if m.identifier.chars().any(char::is_whitespace) {
            return Err(RenderError::invalid("metadata.identifier", "must not contain spaces"));
        }
        for (i, keyword) in m.keywords.iter().enumerate() {
            optional(&format!("metadata.keywords[{i}]"), keyword, MAX_SHORT_CHARS)?;
        }
        let intro = &self.front.introduction;
        optional("front.introduction.title", &intro.title, MAX_SHORT_CHARS)?;
        optional("front.introduction.quote", &intro.quote, MAX_LONG_CHARS)?;
        optional("front.introduction.writeup", &intro.writeup, MAX_LONG_CHARS)?;
        optional("front.commitment.text", &self.front.commitment.text, MAX_LONG_CHARS)?;
        optional("front.commitment.writeup", &self.front.commitment.writeup, MAX_LONG_CHARS)?;
        if self.days.is_empty() || self.days.len() > MAX_DAYS {
            return Err(RenderError::invalid(
                "days",
                format!("a journal has 1 to {MAX_DAYS} days, not {}", self.days.len()),
            ));
        }
        for (i, day) in self.days.iter().enumerate() {
            let path = format!("days[{i}]");
            if day.number as usize != i + 1 {
                return Err(RenderError::invalid(
                    format!("{path}.number"),
                    format!(
                        "is {} but days are numbered from 1 without gaps, so {} was expected",
                        day.number,
                        i + 1
                    ),
                ));
            }
            required(&format!("{path}.title"), &day.title, MAX_SHORT_CHARS)?;
            optional(&format!("{path}.pre_writeup"), &day.pre_writeup, MAX_LONG_CHARS)?;
            optional(&format!("{path}.prompt"), &day.prompt, MAX_LONG_CHARS)?;
            if day.lines > MAX_LINES {
                return Err(RenderError::invalid(
                    format!("{path}.lines"),
                    format!("{} is more than {MAX_LINES}", day.lines),
                ));
            }
            if let Some(entry) = &day.entry {
                optional(&format!("{path}.entry"), entry, MAX_ENTRY_CHARS)?;
            }
        }
        let cert = &self.back.certificate;
        optional("back.certificate.summary", &cert.summary, MAX_LONG_CHARS)?;
        optional("back.certificate.text", &cert.text, MAX_LONG_CHARS)?;
        if cert.fields.len() > MAX_CERTIFICATE_FIELDS {
            return Err(RenderError::invalid(
                "back.certificate.fields",
                format!("at most {MAX_CERTIFICATE_FIELDS} fields"),
            ));
        }
        for (i, field) in cert.fields.iter().enumerate() {
            required(&format!("back.certificate.fields[{i}]"), field, MAX_SHORT_CHARS)?;
        }
        Ok(())
    }

    /// Pages of the parts besides the days and the contents, one each: the title page,
    /// the owner page, and the introduction, commitment and certificate when printed.
    pub fn section_pages(&self) -> u32 {
        2 + u32::from(self.front.introduction.heading().is_some())
            + u32::from(!self.front.commitment.is_empty())
            + u32::from(!self.back.certificate.is_empty())
    }

    /// The owner's entry for a day when there is text in it.
    pub fn entry_of(day: &Day) -> Option<&str> {
        day.entry.as_deref().and_then(non_empty)
    }
}

/// The text trimmed, or `None` when nothing is left.
fn non_empty(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|text| !text.is_empty())
}

fn required(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(RenderError::invalid(field, "must not be empty"));
    }
    optional(field, value, max)
}

fn optional(field: &str, value: &str, max: usize) -> Result<()> {
    let count = value.chars().count();
    if count > max {
        return Err(RenderError::invalid(field, format!("{count} characters; at most {max}")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(RenderError::invalid(field, "contains control characters"));
    }
    Ok(())
}

/// A light BCP 47 check: a 2–3 letter primary subtag, then alphanumeric subtags of 1–8.
fn language_tag(tag: &str) -> Result<()> {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let primary_ok = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(())
    } else {
        Err(RenderError::invalid(
            "metadata.language",
            format!("`{}` is not a language tag such as `en` or `en-GB`", jc_domain::excerpt(tag)),
        ))
    }
}

/// Splits running text into paragraphs: blank lines separate paragraphs, single line
/// breaks inside a paragraph become spaces.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    /// The text of the part `name` of a zip container (DOCX, EPUB).
    pub(crate) fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut file = archive.by_name(name).expect("part");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("utf-8");
        text
    }

    /// A small sound journal for the unit tests of every module.
    pub(crate) fn sample(days: u32) -> Journal {
        Journal {
            metadata: Metadata {
                title: "Quiet Mornings".into(),
                subtitle: "A practice of noticing".into(),
                author: "Ada Writer".into(),
                description: "<p>Short and <b>calm</b>.</p>".into(),
                language: "en".into(),
                identifier: "urn:uuid:0b6c2f0e-8d1c-4b7a-9a55-2f4f0f6d7e11".into(),
                keywords: vec!["mindfulness".into(), "morning pages".into()],
            },
            front: FrontMatter {
                introduction: Introduction {
                    title: "Welcome".into(),
                    quote: "Begin where you are.".into(),
                    writeup: "This journal asks a little of you each day.\n\nWrite without judging.".into(),
                },
                commitment: Commitment {
                    text: "I will write each morning.".into(),
                    writeup: "Small steps add up.".into(),
                },
            },
            days: (1..=days)
                .map(|number| Day {
                    number,
                    title: format!("Noticing {number}"),
                    pre_writeup: "Look around before you write.".into(),
                    prompt: "What did you notice this morning?".into(),
                    lines: 12,
                    page_style: PageStyle::ALL[(number as usize - 1) % 4],
                    entry: None,
                })
                .collect(),
            back: BackMatter {
                certificate: Certificate {
                    summary: "You finished the practice.".into(),
                    text: "This certifies the completion of Quiet Mornings.".into(),
                    fields: vec!["Name".into(), "Date completed".into()],
                },
            },
        }
    }

    /// [`sample`] without an introduction, a commitment or a certificate.
    pub(crate) fn without_front_and_back(days: u32) -> Journal {
        let mut journal = sample(days);
        journal.front.introduction =
            Introduction { title: String::new(), quote: String::new(), writeup: String::new() };
        journal.front.commitment = Commitment { text: String::new(), writeup: String::new() };
        journal.back.certificate =
            Certificate { summary: String::new(), text: String::new(), fields: Vec::new() };
        journal
    }

    /// A journal as a person creates it by hand before writing anything: a title, a
    /// description and blank lined day pages titled "Day N"; no author, introduction,
    /// commitment, certificate, prompts or teachings.
    pub(crate) fn hand_made(days: u32) -> Journal {
        let mut journal = without_front_and_back(days);
        journal.metadata.subtitle.clear();
        journal.metadata.author.clear();
        journal.metadata.keywords.clear();
        for day in &mut journal.days {
            day.title = format!("Day {}", day.number);
            day.pre_writeup.clear();
            day.prompt.clear();
            day.lines = 20;
            day.page_style = PageStyle::Lined;
        }
        journal
    }

    #[test]
    fn a_hand_made_journal_validates() {
        hand_made(3).validate().expect("valid");
    }

    #[test]
    fn a_sound_journal_validates() {
        sample(3).validate().expect("valid");
    }

    #[test]
    fn a_journal_without_an_author_validates() {
        let mut journal = sample(1);
        journal.metadata.author = " ".into();
        journal.validate().expect("valid");
        assert_eq!(journal.metadata.author(), None);
        journal.metadata.author = "x".repeat(MAX_SHORT_CHARS + 1);
        assert_eq!(journal.validate().expect_err("too long").field(), Some("metadata.author"));
    }

    #[test]
    fn empty_front_and_back_matter_validates_and_is_left_out() {
        let mut journal = sample(2);
        assert_eq!(journal.section_pages(), 5);
        journal.front.introduction =
            Introduction { title: " ".into(), quote: String::new(), writeup: String::new() };
        journal.front.commitment = Commitment { text: String::new(), writeup: "\n".into() };
        journal.back.certificate =
            Certificate { summary: String::new(), text: " ".into(), fields: Vec::new() };
        journal.validate().expect("valid");
        assert_eq!(journal.front.introduction.heading(), None);
        assert!(journal.front.commitment.is_empty());
        assert!(journal.back.certificate.is_empty());
        assert_eq!(journal.section_pages(), 2);

        journal.front.introduction.writeup = "Write a little each day.".into();
        assert_eq!(journal.front.introduction.heading(), Some(INTRODUCTION_TITLE));
        journal.front.introduction.title = " Welcome ".into();
        assert_eq!(journal.front.introduction.heading(), Some("Welcome"));
        journal.front.commitment.writeup = "Small steps.".into();
        assert!(!journal.front.commitment.is_empty());
        journal.back.certificate.fields = vec!["Name".into()];
        assert!(!journal.back.certificate.is_empty());
        assert_eq!(journal.section_pages(), 5);

        journal.back.certificate.fields = vec![" ".into()];
        assert_eq!(journal.validate().expect_err("blank field").field(), Some("back.certificate.fields[0]"));
    }

    #[test]
    fn a_day_without_a_prompt_validates() {
        let mut journal = sample(2);
        journal.days[0].prompt.clear();
        journal.days[1].prompt = " \n ".into();
        journal.validate().expect("valid");
    }

    #[test]
    fn a_day_titled_by_its_number_is_not_headed_twice() {
        let mut day = sample(3).days.remove(2);
        assert_eq!(day.heading(), "Day 3: Noticing 3");
        day.title = " day 3 ".into();
        assert_eq!(day.heading(), "Day 3");
        assert_eq!(day.own_title(), None);
        day.title = "  ".into();
        assert_eq!((day.heading().as_str(), day.own_title()), ("Day 3", None), "a blank title");
        day.title = "Day 30".into();
        assert_eq!(day.heading(), "Day 3: Day 30");
        assert_eq!(day.own_title(), Some("Day 30"));
    }

    #[test]
    fn errors_name_the_path() {
        let mut journal = sample(3);
        journal.days[1].title = "  ".into();
        let err = journal.validate().expect_err("empty title");
        assert_eq!(err.field(), Some("days[1].title"));

        let mut journal = sample(3);
        journal.days[2].prompt = "x".repeat(MAX_LONG_CHARS + 1);
        assert_eq!(journal.validate().expect_err("long prompt").field(), Some("days[2].prompt"));

        let mut journal = sample(3);
        journal.metadata.identifier = "urn:uuid:a b".into();
        assert_eq!(journal.validate().expect_err("identifier").field(), Some("metadata.identifier"));

        let mut journal = sample(3);
        journal.days[2].number = 7;
        assert_eq!(journal.validate().expect_err("gap").field(), Some("days[2].number"));

        let mut journal = sample(1);
        journal.days[0].lines = MAX_LINES + 1;
        assert_eq!(journal.validate().expect_err("lines").field(), Some("days[0].lines"));

        let mut journal = sample(1);
        journal.days.clear();
        assert_eq!(journal.validate().expect_err("no days").field(), Some("days"));

        let mut journal = sample(1);
        journal.metadata.language = "english!".into();
        assert_eq!(journal.validate().expect_err("language").field(), Some("metadata.language"));
    }

    #[test]
    fn page_styles_parse_their_words_only() {}

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n  c  \n\n\n"), vec!["a b".to_string(), "c".to_string()]);
        assert!(paragraphs("  \n ").is_empty());
    }
}
