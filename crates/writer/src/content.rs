//! What a journal holds: the structure the generator writes, the owner edits and the
//! exporter renders. The same shape is stored, sent over gRPC and asked of AI models.

pub use jc_domain::{PageStyle, ResearchDepth};
use serde::{Deserialize, Serialize};

use crate::GenerationError;

/// The whole written content of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalContent {
    pub title: String,
    pub subtitle: String,
    pub author_name: String,
    /// A short description, for the library and store listings.
    pub description: String,
    pub introduction: Introduction,
    pub commitment: Commitment,
    /// One page per day, numbered from 1 without gaps.
    pub days: Vec<DayPage>,
    pub certificate: Certificate,
}

/// The opening pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Introduction {
    pub title: String,
    /// A short quote of the author's own making; never attributed to a real person.
    pub quote: String,
    pub writeup: String,
}

/// The page where the reader commits to the practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub text: String,
    pub writeup: String,
}

/// One day's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayPage {
    pub day: u32,
    pub title: String,
    /// A short teaching or context before the prompt.
    pub pre_writeup: String,
    pub prompt: String,
    /// How many writing lines follow the prompt.
    pub lines: u32,
    pub page_style: PageStyle,
}

/// The closing certificate of completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    pub summary: String,
    pub text: String,
    /// Blanks the reader fills in, such as "Name" or "Date completed".
    pub fields: Vec<String>,
}

/// What a generation job asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerationRequest {
    /// A theme id from the catalogue, e.g. `mindfulness`.
    pub theme: String,
    /// A title style id from the catalogue.
    pub title_style: String,
    /// The author voice, free text or a suggestion's name (e.g. "warm and practical").
    pub author_style: String,
    pub research_depth: ResearchDepth,
    /// Extra wishes of the person, free text; may be empty.
    pub custom_prompt: String,
    /// Number of day pages, 1 to 366.
    pub days: u32,
    /// Makes the builtin generator deterministic.
    pub seed: u64,
}

impl GenerationRequest {
    /// The day count (1 to 366) and the custom prompt's length, which every provider
    /// checks before it writes.
    pub fn check_sizes(&self) -> Result<(), GenerationError> {
        if !(limits::MIN_DAYS..=limits::MAX_DAYS).contains(&self.days) {
            return Err(GenerationError::Invalid(format!(
                "days must be between {} and {}, not {}",
                limits::MIN_DAYS,
                limits::MAX_DAYS,
                self.days
            )));
        }
        if self.custom_prompt.chars().count() > limits::CUSTOM_PROMPT_MAX_CHARS {
            return Err(GenerationError::Invalid(format!(
                "the custom prompt is longer than {} characters",
                limits::CUSTOM_PROMPT_MAX_CHARS
            )));
        }
        Ok(())
    }
}

/// `unknown theme "x"`, with the value cut short and escaped.
pub(crate) fn unknown(what: &str, value: &str) -> GenerationError {
    GenerationError::Invalid(format!("unknown {what} \"{}\"", jc_domain::excerpt(value)))
}

/// The limits every journal's content must keep.
pub mod limits {
    pub use jc_domain::limits::{
        LONG_TEXT_MAX_CHARS, MAX_CERTIFICATE_FIELDS, MAX_DAYS, MAX_LINES, MIN_DAYS, TITLE_MAX_CHARS,
    };
    /// Longest quote or commitment line a writer returns, in characters.
    pub const SHORT_TEXT_MAX_CHARS: usize = 500;
    pub const CUSTOM_PROMPT_MAX_CHARS: usize = 2_000;
}

impl JournalContent {
    /// Every way this content breaks the rules of a journal asked for `days` days, as
    /// `path: problem` lines. Empty when the content is sound. Used on everything a
    /// model returns and on the builtin generator's output in tests.
    pub fn problems(&self, days: u32) -> Vec<String> {
        use limits::*;
        let mut problems = Vec::new();
        let mut text = |path: &str, value: &str, max: usize| {
            if value.trim().is_empty() {
                problems.push(format!("{path}: must not be empty"));
            } else if value.chars().count() > max {
                problems.push(format!("{path}: longer than {max} characters"));
            }
        };
        text("title", &self.title, TITLE_MAX_CHARS);
        text("subtitle", &self.subtitle, TITLE_MAX_CHARS);
        text("author_name", &self.author_name, TITLE_MAX_CHARS);
        text("description", &self.description, LONG_TEXT_MAX_CHARS);
        text("introduction.title", &self.introduction.title, TITLE_MAX_CHARS);
        text("introduction.quote", &self.introduction.quote, SHORT_TEXT_MAX_CHARS);
        text("introduction.writeup", &self.introduction.writeup, LONG_TEXT_MAX_CHARS);
        text("commitment.text", &self.commitment.text, LONG_TEXT_MAX_CHARS);
        text("commitment.writeup", &self.commitment.writeup, LONG_TEXT_MAX_CHARS);
        text("certificate.summary", &self.certificate.summary, LONG_TEXT_MAX_CHARS);
        text("certificate.text", &self.certificate.text, LONG_TEXT_MAX_CHARS);
        for (i, field) in self.certificate.fields.iter().enumerate() {
            text(&format!("certificate.fields[{i}]"), field, TITLE_MAX_CHARS);
        }
        for (i, day) in self.days.iter().enumerate() {
            let path = format!("days[{i}]");
            text(&format!("{path}.title"), &day.title, TITLE_MAX_CHARS);
            text(&format!("{path}.pre_writeup"), &day.pre_writeup, LONG_TEXT_MAX_CHARS);
            text(&format!("{path}.prompt"), &day.prompt, LONG_TEXT_MAX_CHARS);
        }
        if self.days.len() != days as usize {
            problems.push(format!("days: {} pages instead of {days}", self.days.len()));
        }
        for (i, day) in self.days.iter().enumerate() {
            if day.day != i as u32 + 1 {
                problems.push(format!("days[{i}].day: is {} instead of {}", day.day, i + 1));
            }
            if day.lines > MAX_LINES {
                problems.push(format!("days[{i}].lines: more than {MAX_LINES}"));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(days: u32) -> JournalContent {
        JournalContent {
            title: "Quiet Mornings".into(),
            subtitle: "A 3-day practice".into(),
            author_name: "Journal Craft".into(),
            description: "Short and calm.".into(),
            introduction: Introduction {
                title: "Welcome".into(),
                quote: "Begin where you are.".into(),
                writeup: "…".into(),
            },
            commitment: Commitment { text: "I commit.".into(), writeup: "Why it matters.".into() },
            days: (1..=days)
                .map(|day| DayPage {
                    day,
                    title: format!("Day {day}"),
                    pre_writeup: "Notice.".into(),
                    prompt: "What did you notice?".into(),
                    lines: 12,
                    page_style: PageStyle::Lined,
                })
                .collect(),
            certificate: Certificate {
                summary: "Done.".into(),
                text: "Well done.".into(),
                fields: vec!["Name".into()],
            },
        }
    }

    #[test]
    fn sound_content_has_no_problems() {
        assert!(sample(3).problems(3).is_empty());
    }

    #[test]
    fn problems_name_their_path() {
        let mut content = sample(3);
        content.days[1].prompt = "  ".into();
        content.days[2].day = 7;
        content.title = "t".repeat(201);
        let problems = content.problems(4);
        assert!(problems.contains(&"days[1].prompt: must not be empty".to_owned()), "{problems:?}");
        assert!(problems.contains(&"days[2].day: is 7 instead of 3".to_owned()), "{problems:?}");
        assert!(problems.contains(&"title: longer than 200 characters".to_owned()), "{problems:?}");
        assert!(problems.contains(&"days: 3 pages instead of 4".to_owned()), "{problems:?}");
    }

    #[test]
    fn content_round_trips_through_json_and_refuses_unknown_fields() {
        let content = sample(2);
        let json = serde_json::to_string(&content).expect("serialise");
        assert_eq!(serde_json::from_str::<JournalContent>(&json).expect("parse"), content);
        let mut value: serde_json::Value = serde_json::from_str(&json).expect("parse");
        value["extra"] = serde_json::json!(1);
        assert!(serde_json::from_value::<JournalContent>(value).is_err());
    }
}
