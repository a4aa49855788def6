//! The author voice: which of five registers a request's author style asks for, the
//! persona that signs the journal, and the phrases each register writes with.

use serde::Deserialize;

use super::library::Level;
use crate::catalogue;
use crate::data;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    Warm,
    Direct,
    Poetic,
    Scientific,
    Playful,
}

impl Voice {
    pub const ALL: [Voice; 5] =
        [Voice::Warm, Voice::Direct, Voice::Poetic, Voice::Scientific, Voice::Playful];

    /// The name of the voice's file, `data/voices/<name>.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Voice::Warm => "warm",
            Voice::Direct => "direct",
            Voice::Poetic => "poetic",
            Voice::Scientific => "scientific",
            Voice::Playful => "playful",
        }
    }

    /// The register `text` asks for: the one with the most keywords found, ties going
    /// to the one named first. Warm when none is named: it suits every theme.
    pub fn detect(text: &str) -> Voice {
        let text = text.to_lowercase();
        let mut best: Option<(usize, usize, Voice)> = None;
        for voice in Voice::ALL {
            let words = &voice.phrases().keywords;
            let found: Vec<usize> = words.iter().filter_map(|word| text.find(word.as_str())).collect();
            let Some(&first) = found.iter().min() else { continue };
            let better = match best {
                None => true,
                Some((hits, at, _)) => found.len() > hits || (found.len() == hits && first < at),
            };
            if better {
                best = Some((found.len(), first, voice));
            }
        }
        best.map_or(Voice::Warm, |(_, _, voice)| voice)
    }

    pub fn phrases(self) -> &'static Phrases {
        let voices = &data::content().voices;
        match self {
            Voice::Warm => &voices.warm,
            Voice::Direct => &voices.direct,
            Voice::Poetic => &voices.poetic,
            Voice::Scientific => &voices.scientific,
            Voice::Playful => &voices.playful,
        }
    }
}

/// The persona that signs a journal and the register it writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Author {
    pub name: &'static str,
    pub voice: Voice,
}

/// Who signs a journal of `theme` asked for with `author_style`. A suggestion's name
/// is taken as given; free text picks the theme's suggestion of the same register,
/// or else the register's own persona. The free text never becomes the name, so a
/// real person's name typed there is never printed as the author.
pub fn author(theme: &str, author_style: &str) -> Author {
    let wanted = author_style.trim();
    let suggested = catalogue::author_suggestions(theme).unwrap_or_default();
    let everyone = catalogue::themes()
        .iter()
        .flat_map(|theme| catalogue::author_suggestions(&theme.id).unwrap_or_default());
    let named = suggested.iter().chain(everyone).find(|voice| voice.name.eq_ignore_ascii_case(wanted));
    if let Some(named) = named {
        return Author { name: &named.name, voice: Voice::detect(&named.style) };
    }
    let voice = Voice::detect(wanted);
    let name = suggested
        .iter()
        .find(|suggestion| Voice::detect(&suggestion.style) == voice)
        .map_or(voice.phrases().persona.as_str(), |suggestion| suggestion.name.as_str());
    Author { name, voice }
}

/// Every voice's phrases, from `data/voices/<voice>.toml`.
#[derive(Debug)]
pub struct Voices {
    pub warm: Phrases,
    pub direct: Phrases,
    pub poetic: Phrases,
    pub scientific: Phrases,
    pub playful: Phrases,
}

/// The phrases of one register. Slots: `{title}`, `{subject}`, `{days_phrase}`,
/// `{technique}`, `{week}`, `{practised}`, `{promise}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    /// Word stems that ask for the register, matched in lowercase anywhere in an
    /// author style.
    pub keywords: Vec<String>,
    /// "warm and gentle", after "Written in a … voice".
    pub adjective: String,
    /// The register's persona when the theme suggests none of it.
    pub persona: String,
    pub intro_titles: Vec<String>,
    /// The introduction's opening sentences: `{title}`, `{subject}`, `{days_phrase}`.
    pub openers: Vec<String>,
    /// How to use the journal: time, place, pace.
    pub how_to_use: Vec<String>,
    pub missed_day: Vec<String>,
    /// Opening lines of the foundation, deepening and integration phases.
    pub phases: Phases,
    /// A technique's first day: `{technique}`.
    pub meet: Vec<String>,
    /// A technique's later days: `{technique}`.
    pub again: Vec<String>,
    pub why_lead: String,
    pub tip_lead: String,
    pub deeper_lead: String,
    /// Sentences that may follow a prompt.
    pub nudges: Vec<String>,
    /// `{week}`.
    pub review_titles: Vec<String>,
    /// `{week}`, `{practised}`.
    pub review_leads: Vec<String>,
    pub closing_titles: Vec<String>,
    /// `{days_phrase}`, `{practised}`.
    pub closing_leads: Vec<String>,
    /// The text the reader signs: `{promise}`, `{days_phrase}`, `{title}`.
    pub commitments: Vec<String>,
    pub commitment_whys: Vec<String>,
    /// `{title}`, `{days_phrase}`, `{subject}`.
    pub certificates: Vec<String>,
}

/// The opening lines of each phase of a journal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phases {
    pub foundation: Vec<String>,
    pub deepening: Vec<String>,
    pub integration: Vec<String>,
}

impl Phases {
    pub fn of(&self, level: Level) -> &[String] {
        match level {
            Level::Foundation => &self.foundation,
            Level::Deepening => &self.deepening,
            Level::Integration => &self.integration,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_finds_its_register() {
        assert_eq!(Voice::detect("warm and practical"), Voice::Warm);
        assert_eq!(Voice::detect("practical, warm"), Voice::Direct);
        assert_eq!(Voice::detect("Lyrical, full of nature imagery"), Voice::Poetic);
        assert_eq!(Voice::detect("evidence-based and precise"), Voice::Scientific);
        assert_eq!(Voice::detect("Fun and a little silly"), Voice::Playful);
        assert_eq!(Voice::detect(""), Voice::Warm);
        assert_eq!(Voice::detect("like my grandmother"), Voice::Warm);
    }

    #[test]
    fn every_theme_suggests_different_registers() {
        for theme in catalogue::themes() {
            let suggestions = catalogue::author_suggestions(&theme.id).unwrap_or_default();
            let mut voices: Vec<Voice> = suggestions.iter().map(|s| Voice::detect(&s.style)).collect();
            let count = voices.len();
            voices.sort_by_key(|voice| Voice::ALL.iter().position(|v| v == voice));
            voices.dedup();
            assert_eq!(voices.len(), count, "{}: {suggestions:?}", theme.id);
        }
    }

    #[test]
    fn a_suggestion_name_signs_as_itself() {
        for theme in catalogue::themes() {
            for suggestion in catalogue::author_suggestions(&theme.id).unwrap_or_default() {
                let author = author(&theme.id, &suggestion.name.to_uppercase());
                assert_eq!(author.name, suggestion.name);
                assert_eq!(author.voice, Voice::detect(&suggestion.style));
            }
        }
    }

    #[test]
    fn free_text_never_becomes_the_name() {
        let author = author("mindfulness", "Jane Example, but warmer");
        assert_eq!(author.voice, Voice::Warm);
        assert!(!author.name.contains("Jane"));
        assert!(author.name.starts_with("The "));
        assert_eq!(super::author("no_such_theme", "playful").name, Voice::Playful.phrases().persona);
    }
}
