//! The builtin generator's library: for each theme, the journaling techniques it
//! teaches and the words it frames a journal with. Content is data: every sentence
//! a generated journal can hold is in these tables, one file per theme.

use std::ops::RangeInclusive;

use crate::content::PageStyle;

mod anxiety_relief;
mod creativity;
mod fitness;
mod gratitude;
mod mindfulness;
mod productivity;
mod self_discovery;

/// Every theme's library, in catalogue order.
pub const ALL: [&Library; 7] = [
    &mindfulness::LIBRARY,
    &productivity::LIBRARY,
    &creativity::LIBRARY,
    &gratitude::LIBRARY,
    &anxiety_relief::LIBRARY,
    &fitness::LIBRARY,
    &self_discovery::LIBRARY,
];

/// The library of a catalogue theme id.
pub fn library(theme: &str) -> Option<&'static Library> {
    ALL.into_iter().find(|library| library.theme == theme)
}

/// Where a technique sits in a journal's arc: foundations come first, integrating
/// practices last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Foundation,
    Deepening,
    Integration,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Foundation, Level::Deepening, Level::Integration];
}

/// The kind of writing a prompt asks for; it decides the page style and the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    /// A title-case label for the day's title, e.g. "Head to Toe".
    pub label: &'static str,
    pub form: Form,
    pub text: &'static str,
}

/// A prompt pattern, written compactly in the theme tables.
pub const fn prompt(label: &'static str, form: Form, text: &'static str) -> Pattern {
    Pattern { label, form, text }
}

/// A slot, written compactly in the theme tables.
pub const fn slot(name: &'static str, options: &'static [&'static str]) -> Slot {
    Slot { name, options }
}

/// The values a `{name}` gap in a prompt can take.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    pub name: &'static str,
    pub options: &'static [&'static str],
}

/// A journaling technique and how the journal teaches it.
#[derive(Debug, Clone, Copy)]
pub struct Technique {
    pub name: &'static str,
    pub level: Level,
    /// What the technique is and why it helps, in two or three plain sentences.
    pub teaching: &'static str,
    /// More on why it works, for richer research depths.
    pub why: &'static str,
    /// Practical advice, one per returning day.
    pub tips: &'static [&'static str],
    /// A variation for those who want more, for deep research.
    pub deeper: &'static str,
    pub slots: &'static [Slot],
    /// The first pattern introduces the technique; the rest vary it.
    pub prompts: &'static [Pattern],
}

/// The words titles and framing pages are made of.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// Lowercase, for the middle of a sentence: "mindfulness", "calm".
    pub subject: &'static str,
    /// Title-case nouns: "Presence", "Stillness".
    pub nouns: &'static [&'static str],
    /// Title-case adjectives that stand alone as a title: "Present".
    pub adjectives: &'static [&'static str],
    /// Title-case destinations after "to": "a Calmer Mind".
    pub destinations: &'static [&'static str],
    /// Title-case (from, to) pairs for journey titles: ("Scattered", "Present").
    pub journeys: &'static [(&'static str, &'static str)],
    /// Lowercase goals after "for" or "toward": "a calmer, more present mind".
    pub goals: &'static [&'static str],
}

/// Everything the builtin generator knows about one theme.
#[derive(Debug, Clone, Copy)]
pub struct Library {
    /// The catalogue theme id.
    pub theme: &'static str,
    pub words: Words,
    /// A paragraph on what the practice is.
    pub what: &'static str,
    /// A paragraph on why writing it down helps, carefully worded.
    pub why: &'static str,
    /// A note of care for the introduction; empty when the theme needs none.
    pub care: &'static str,
    /// Short quotes of the library's own making, attributed to the author persona.
    pub quotes: &'static [&'static str],
    /// What the reader commits to, after "I commit to": "pausing each day to notice".
    pub promise: &'static str,
    /// A theme-specific certificate blank: "The moment I felt most present".
    pub keep_field: &'static str,
    /// Weekly review prompts; they may use `{week}`, `{first_day}` and `{last_day}`.
    pub reviews: &'static [Pattern],
    /// Prompts for the last day; they may use `{days}`.
    pub closings: &'static [Pattern],
    pub techniques: &'static [Technique],
}

#[cfg(test)]
mod tests;
