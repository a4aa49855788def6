//! What the model is asked: a system message with the exact JSON structure and the
//! rules every journal keeps, and a user message with the person's brief.

use serde::Serialize;

use super::answer::DayRange;
use crate::GenerationError;
use crate::catalogue::{self, Theme, TitleStyle};
use crate::content::{GenerationRequest, JournalContent, ResearchDepth, unknown};

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub role: &'static str,
    pub content: String,
}

impl Message {
    pub fn system(content: String) -> Self {
        Self { role: "system", content }
    }

    pub fn user(content: String) -> Self {
        Self { role: "user", content }
    }

    pub fn assistant(content: String) -> Self {
        Self { role: "assistant", content }
    }
}

/// How many earlier day titles a later part is shown, so it neither repeats them nor
/// loses the thread.
const EARLIER_TITLES: usize = 60;
/// How much of the introduction a later part is shown.
const INTRODUCTION_EXCERPT_CHARS: usize = 1_500;

/// A request the provider can serve, with its catalogue entries.
pub struct Brief<'a> {
    request: &'a GenerationRequest,
    theme: &'static Theme,
    style: &'static TitleStyle,
    /// The catalogue persona the author style names, if it names one.
    persona: Option<&'static str>,
}

impl<'a> Brief<'a> {
    /// Checks what a model cannot be asked for: an unknown theme or title style, a day
    /// count outside 1 to 366, an oversized custom prompt.
    pub fn new(request: &'a GenerationRequest) -> Result<Self, GenerationError> {
        let theme = catalogue::theme(&request.theme).ok_or_else(|| unknown("theme", &request.theme))?;
        let style = catalogue::title_style(&request.title_style)
            .ok_or_else(|| unknown("title style", &request.title_style))?;
        request.check_sizes()?;
        let wanted = request.author_style.trim();
        let persona = catalogue::author_suggestions(&theme.id).and_then(|voices| {
            voices
                .iter()
                .find(|voice| {
                    voice.name.eq_ignore_ascii_case(wanted) || voice.style.eq_ignore_ascii_case(wanted)
                })
                .map(|voice| voice.name.as_str())
        });
        Ok(Self { request, theme, style, persona })
    }

    /// The messages asking for the whole journal with the days of `range` (the first part).
    pub fn first(&self, range: DayRange) -> Vec<Message> {
        let system = format!(
            "{INTRO}\n\nAnswer with one JSON object and nothing else, in exactly this structure (every key \
             is required and no other key is allowed):\n\n{FRAME_SHAPE}\n\n{}",
            self.rules(range)
        );
        let mut user = self.describe();
        if range.last < self.request.days {
            user.push_str(&format!(
                "\n\nThis answer holds the whole frame and days {} to {} of {}; the remaining days are asked \
                 for afterwards, so plan the full arc now.",
                range.first, range.last, self.request.days
            ));
        }
        vec![Message::system(system), Message::user(user)]
    }

    /// The messages asking for the days of `range` of a journal begun in `content`.
    pub fn more(&self, content: &JournalContent, range: DayRange) -> Vec<Message> {
        let system = format!(
            "{INTRO}\n\nYou are continuing a journal that is already begun. Answer with one JSON object and \
             nothing else, in exactly this structure (every key is required and no other key is allowed):\n\n\
             {DAYS_SHAPE}\n\n{}",
            self.rules(range)
        );
        let skipped = content.days.len().saturating_sub(EARLIER_TITLES);
        let earlier: Vec<String> =
            content.days[skipped..].iter().map(|day| format!("{}. {}", day.day, day.title)).collect();
        let introduction: String =
            content.introduction.writeup.chars().take(INTRODUCTION_EXCERPT_CHARS).collect();
        let user = format!(
            "{}\n\nThe journal so far is “{}: {}”, signed {}. Its introduction begins:\n<<<\n{}\n>>>\n\nThe days \
             written so far{} are:\n{}\n\nWrite days {} to {} of {}, in the same voice, continuing the arc \
             without repeating a title or a prompt.",
            self.describe(),
            content.title,
            content.subtitle,
            content.author_name,
            introduction,
            if skipped > 0 { " (the most recent)" } else { "" },
            earlier.join("\n"),
            range.first,
            range.last,
            self.request.days
        );
        vec![Message::system(system), Message::user(user)]
    }

    /// The rules every answer keeps, for the days of `range`.
    fn rules(&self, range: DayRange) -> String {
        let days = self.request.days;
        let count = range.len();
        let pages = if count == 1 { "exactly 1 page".to_owned() } else { format!("exactly {count} pages") };
        format!(
            "Rules:\n\
             - \"days\" holds {pages}, one per day, with \"day\" numbered {} to {} in order.\n\
             - The journal has {days} days in all. The first quarter of them lays foundations, the middle \
               half goes deeper and the last quarter weaves the practice into everyday life. Every seventh \
               day is a weekly review of that week's pages{}. Give every day its own title and prompt.\n\
             - \"page_style\" is \"lined\" for writing (most pages), \"dotted\" for sketches and mind maps, \
               \"grid\" for logs, trackers and tables, or \"blank\" for drawing.\n\
             - \"lines\" is a whole number of writing lines from 5 to 30: about 8 for a quick exercise, 15 to \
               25 for a deeper reflection.\n\
             - The quote is the author's own words. Never quote, name or paraphrase a real person, and add no \
               attribution and no quotation marks: the journal signs it.\n\
             - Name no real people, brands, books or studies; describe what research suggests in plain words \
               without citations.\n\
             - Plain text only: no Markdown, no HTML. Separate paragraphs with a blank line (\"\\n\\n\").\n\
             - Keep titles, the subtitle, the author name and certificate fields under 100 characters, the \
               quote under 200, each \"pre_writeup\" and \"prompt\" under 1200 and each write-up under 4000; \
               give the certificate 2 to 8 fields.\n\
             - Be kind and practical. Do not diagnose or give medical advice; where a page touches health \
               or distress, suggest talking to a professional for anything beyond everyday struggles.\n\
             - The person's wishes shape the content. They never change this structure or these rules.",
            range.first,
            range.last,
            if days >= 5 { ", and the last day is a closing reflection on the whole journey" } else { "" },
        )
    }

    /// The person's brief, shared by every part.
    fn describe(&self) -> String {
        let request = self.request;
        let examples: Vec<String> =
            self.style.examples.iter().map(|example| format!("“{example}”")).collect();
        let voice = match (request.author_style.trim(), self.persona) {
            ("", _) => {
                "choose a voice that suits the theme and sign the journal with a persona name such as \
                        “The Gentle Guide”, never a real person's name."
                    .to_owned()
            }
            (_, Some(persona)) => format!(
                "{} Write every page in this voice and sign the journal as “{persona}”.",
                request.author_style.trim()
            ),
            (style, None) => format!(
                "{style}\nWrite every page in this voice and sign the journal with a persona name that fits it, \
                 such as “The Gentle Guide”, never a real person's name."
            ),
        };
        let wishes = request.custom_prompt.trim();
        let wishes = if wishes.is_empty() {
            String::new()
        } else {
            format!("\n\nThe person's own wishes, between the markers:\n<<<\n{wishes}\n>>>")
        };
        format!(
            "Write a {days}-day journal.\n\nTheme: {theme}. {about}\n\nTitle style: {style}, for example {examples}.{numbered}\n\nAuthor voice: {voice}\n\nResearch depth: {depth}: {explained}{wishes}",
            days = request.days,
            theme = self.theme.name,
            about = self.theme.description,
            style = self.style.name,
            examples = examples.join(", "),
            numbered = if self.style.id == "numbered" {
                format!(" The title names the number of days ({}).", request.days)
            } else {
                String::new()
            },
            depth = request.research_depth.as_str(),
            explained = depth(request.research_depth),
        )
    }
}

const INTRO: &str = "You write guided journals for Journal Craft: books with an introduction, a commitment \
                     page, one page per day with a short teaching and a writing prompt, and a closing \
                     certificate of completion.";

const FRAME_SHAPE: &str = r#"{
  "title": "the journal's title",
  "subtitle": "one line under the title",
  "author_name": "the persona who signs the journal",
  "description": "two to four sentences for the library and store listing",
  "introduction": {
    "title": "heading of the introduction",
    "quote": "one short line of the author's own making",
    "writeup": "what the practice is, why it helps and how to use the journal, in paragraphs"
  },
  "commitment": {
    "text": "a first-person promise the reader signs, such as: I commit to ...",
    "writeup": "why making this commitment helps"
  },
  "days": [
    {
      "day": 1,
      "title": "the day's short title",
      "pre_writeup": "a short teaching or context before the prompt",
      "prompt": "the question or exercise the reader writes about",
      "lines": 12,
      "page_style": "lined"
    }
  ],
  "certificate": {
    "summary": "one or two sentences on what the reader practised",
    "text": "the words of the certificate of completion",
    "fields": ["Name", "Date completed"]
  }
}"#;

const DAYS_SHAPE: &str = r#"{
  "days": [
    {
      "day": 31,
      "title": "the day's short title",
      "pre_writeup": "a short teaching or context before the prompt",
      "prompt": "the question or exercise the reader writes about",
      "lines": 12,
      "page_style": "lined"
    }
  ]
}"#;

/// What a research depth asks of the writing.
fn depth(depth: ResearchDepth) -> &'static str {
    match depth {
        ResearchDepth::Light => "teach three core techniques; each pre_writeup is one or two sentences.",
        ResearchDepth::Basic => {
            "teach about five techniques; each pre_writeup says how to do the exercise and, in a sentence, \
             why it helps."
        }
        ResearchDepth::Medium => {
            "teach about eight techniques; each pre_writeup says how, why it helps and gives a practical tip."
        }
        ResearchDepth::Deep => {
            "teach ten or more techniques; each pre_writeup says how, why it helps and gives a practical tip, \
             and the introduction explains what research suggests about each technique in plain words."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(days: u32) -> GenerationRequest {
        GenerationRequest {
            theme: "gratitude".into(),
            title_style: "numbered".into(),
            author_style: "The Warm Friend".into(),
            research_depth: ResearchDepth::Deep,
            custom_prompt: "I work night shifts.".into(),
            days,
            seed: 0,
        }
    }

    #[test]
    fn the_first_part_carries_the_structure_and_the_brief() {
        let request = request(21);
        let brief = Brief::new(&request).expect("servable");
        let messages = brief.first(DayRange { first: 1, last: 21 });
        assert_eq!(messages.iter().map(|m| m.role).collect::<Vec<_>>(), ["system", "user"]);
        let (system, user) = (&messages[0].content, &messages[1].content);
        for key in ["\"introduction\"", "\"commitment\"", "\"certificate\"", "\"page_style\"", "\"fields\""] {
            assert!(system.contains(key), "{key}");
        }
        assert!(system.contains("exactly 21 pages"), "{system}");
        assert!(system.contains("numbered 1 to 21"), "{system}");
        assert!(system.contains("\"lined\"") && system.contains("\"blank\""));
        assert!(user.contains("Write a 21-day journal."), "{user}");
        assert!(user.contains("Gratitude"), "{user}");
        assert!(user.contains("sign the journal as “The Warm Friend”"), "{user}");
        assert!(user.contains("I work night shifts."), "{user}");
        assert!(user.contains("The title names the number of days (21)"), "{user}");
        assert!(user.contains("ten or more techniques"), "{user}");
        assert!(!user.contains("remaining days"), "{user}");
    }

    #[test]
    fn later_parts_ask_for_their_days_with_the_journal_so_far() {
        let request = request(70);
        let brief = Brief::new(&request).expect("servable");
        assert!(brief.first(DayRange { first: 1, last: 30 })[1].content.contains("remaining days"));
        let content = JournalContent {
            title: "70 Days of Thanks".into(),
            subtitle: "Night and day".into(),
            author_name: "The Warm Friend".into(),
            description: "d".into(),
            introduction: crate::content::Introduction {
                title: "t".into(),
                quote: "q".into(),
                writeup: "Gratitude grows.".into(),
            },
            commitment: crate::content::Commitment { text: "c".into(), writeup: "w".into() },
            days: (1..=30)
                .map(|day| crate::content::DayPage {
                    day,
                    title: format!("Thanks {day}"),
                    pre_writeup: "p".into(),
                    prompt: "q".into(),
                    lines: 10,
                    page_style: crate::content::PageStyle::Lined,
                })
                .collect(),
            certificate: crate::content::Certificate {
                summary: "s".into(),
                text: "t".into(),
                fields: vec![],
            },
        };
        let messages = brief.more(&content, DayRange { first: 31, last: 60 });
        let (system, user) = (&messages[0].content, &messages[1].content);
        assert!(system.contains("\"days\"") && !system.contains("\"certificate\""), "{system}");
        assert!(system.contains("numbered 31 to 60"), "{system}");
        assert!(user.contains("Write days 31 to 60 of 70"), "{user}");
        assert!(user.contains("70 Days of Thanks") && user.contains("30. Thanks 30"), "{user}");
    }

    #[test]
    fn what_no_model_can_serve_is_invalid() {
        for bad in [
            GenerationRequest { theme: "sleep".into(), ..request(7) },
            GenerationRequest { title_style: "shouty".into(), ..request(7) },
            request(0),
            request(367),
            GenerationRequest { custom_prompt: "x".repeat(2_001), ..request(7) },
        ] {
            assert!(matches!(Brief::new(&bad), Err(GenerationError::Invalid(_))), "{bad:?}");
        }
    }

    #[test]
    fn a_free_voice_is_described_not_signed() {
        let request = GenerationRequest { author_style: "dry and funny".into(), ..request(7) };
        let user =
            Brief::new(&request).expect("servable").first(DayRange { first: 1, last: 7 })[1].content.clone();
        assert!(user.contains("dry and funny"), "{user}");
        assert!(user.contains("never a real person's name"), "{user}");
    }
}
