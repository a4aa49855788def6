//! The builtin generator's library: for each theme, the journaling techniques it
//! teaches and the words it frames a journal with. Content is data: the sentences
//! are in `data/library/<theme>.toml`, one file per theme, parsed into these types
//! once (see [`crate::data`]).

use std::ops::RangeInclusive;

use serde::Deserialize;

use crate::content::PageStyle;
use crate::data;

/// Every theme's library, in catalogue order.
pub fn all() -> &'static [Library] {
    &data::content().libraries
}

/// The library of a catalogue theme id.
pub fn library(theme: &str) -> Option<&'static Library> {
    all().iter().find(|library| library.theme == theme)
}

/// Where a technique sits in a journal's arc: foundations come first, integrating
/// practices last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Foundation,
    Deepening,
    Integration,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Foundation, Level::Deepening, Level::Integration];
}

/// The kind of writing a prompt asks for; it decides the page style and the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// A short list: a few lines.
    List,
    /// An ordinary written reflection.
    Write,
    /// A long reflection or a letter.
    Long,
    /// A mind map or a sketch of ideas, on dots.
    Sketch,
    /// A tracker or a log, on a grid.
    Log,
    /// A drawing, on a blank page.
    Draw,
}

impl Form {
    pub fn page_style(self) -> PageStyle {
        match self {
            Form::List | Form::Write | Form::Long => PageStyle::Lined,
            Form::Sketch => PageStyle::Dotted,
            Form::Log => PageStyle::Grid,
            Form::Draw => PageStyle::Blank,
        }
    }

    /// How many writing lines the page gets; the generator picks within the range.
    pub fn lines(self) -> RangeInclusive<u32> {
        match self {
            Form::List => 8..=12,
            Form::Write => 14..=20,
            Form::Long => 22..=30,
            Form::Sketch => 16..=24,
            Form::Log => 12..=20,
            Form::Draw => 8..=10,
        }
    }
}

/// One prompt of a technique. `text` may hold `{slot}` gaps filled from the
/// technique's slots, so that the same pattern reads differently on different days.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// A title-case label for the day's title, e.g. "Head to Toe".
    pub label: String,
    pub form: Form,
    pub text: String,
}

/// The values a `{name}` gap in a prompt can take.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub name: String,
    pub options: Vec<String>,
}

/// A journaling technique and how the journal teaches it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    pub name: String,
    pub level: Level,
    /// What the technique is and why it helps, in two or three plain sentences.
    pub teaching: String,
    /// More on why it works, for richer research depths.
    pub why: String,
    /// Practical advice, one per returning day.
    pub tips: Vec<String>,
    /// A variation for those who want more, for deep research.
    pub deeper: String,
    #[serde(rename = "slot", default)]
    pub slots: Vec<Slot>,
    /// The first pattern introduces the technique; the rest vary it.
    #[serde(rename = "prompt")]
    pub prompts: Vec<Pattern>,
}

/// The words titles and framing pages are made of.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Lowercase, for the middle of a sentence: "mindfulness", "calm".
    pub subject: String,
    /// Title-case nouns: "Presence", "Stillness".
    pub nouns: Vec<String>,
    /// Title-case adjectives that stand alone as a title: "Present".
    pub adjectives: Vec<String>,
    /// Title-case destinations after "to": "a Calmer Mind".
    pub destinations: Vec<String>,
    /// Title-case pairs for journey titles: from "Scattered" to "Present".
    pub journeys: Vec<Journey>,
    /// Lowercase goals after "for" or "toward": "a calmer, more present mind".
    pub goals: Vec<String>,
}

/// A journey title's two ends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    pub from: String,
    pub to: String,
}

/// Everything the builtin generator knows about one theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// The catalogue theme id: the name of the library's file.
    #[serde(skip)]
    pub theme: String,
    pub words: Words,
    /// A paragraph on what the practice is.
    pub what: String,
    /// A paragraph on why writing it down helps, carefully worded.
    pub why: String,
    /// A note of care for the introduction; empty (left out) when the theme needs none.
    #[serde(default)]
    pub care: String,
    /// Short quotes of the library's own making, attributed to the author persona.
    pub quotes: Vec<String>,
    /// What the reader commits to, after "I commit to": "pausing each day to notice".
    pub promise: String,
    /// A theme-specific certificate blank: "The moment I felt most present".
    pub keep_field: String,
    /// Weekly review prompts; they may use `{week}`, `{first_day}` and `{last_day}`.
    #[serde(rename = "review")]
    pub reviews: Vec<Pattern>,
    /// Prompts for the last day; they may use `{days}`.
    #[serde(rename = "closing")]
    pub closings: Vec<Pattern>,
    #[serde(rename = "technique")]
    pub techniques: Vec<Technique>,
}

#[cfg(test)]
mod tests;
