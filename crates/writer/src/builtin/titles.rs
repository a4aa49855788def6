//! Titles and subtitles, shaped by the title style; the patterns are in
//! `data/titles.toml`. Slots: [`SLOTS`].

use serde::Deserialize;

use super::library::Words;
use super::rng::Dice;
use super::template::{render, title_case};
use crate::data;

/// The placeholders a title or subtitle pattern may use: `{a_adjective}` is "an Open",
/// `{days}` "30 Days", `{span}` "30 days", `{length}` "30-day" and `{Length}` "30-Day".
pub const SLOTS: &[&str] = &[
    "noun",
    "adjective",
    "a_adjective",
    "destination",
    "from",
    "to",
    "subject",
    "Subject",
    "goal",
    "days",
    "span",
    "length",
    "Length",
];

/// `data/titles.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitlesFile {
    #[serde(rename = "style")]
    pub styles: Vec<Patterns>,
}

/// The patterns of one title style.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    /// The title style's id in the catalogue.
    pub id: String,
    pub titles: Vec<String>,
    pub subtitles: Vec<String>,
}

fn styles() -> &'static [Patterns] {
    &data::content().titles
}

/// Whether `style` is a title style this module can write.
pub fn knows(style: &str) -> bool {
    styles().iter().any(|patterns| patterns.id == style)
}

/// The title and subtitle of a journal; `None` for an unknown style.
pub fn title_and_subtitle(
    style: &str,
    words: &Words,
    days: u32,
    dice: &mut Dice,
) -> Option<(String, String)> {
    let patterns = styles().iter().find(|patterns| patterns.id == style)?;
    let (from, to) = dice.pick(&words.journeys).map_or(("", ""), |journey| (&*journey.from, &*journey.to));
    let noun = dice.text(&words.nouns);
    let adjective = dice.text(&words.adjectives);
    let destination = dice.text(&words.destinations);
    let goal = dice.text(&words.goals);
    let count = if days == 1 { "One Day".to_owned() } else { format!("{days} Days") };
    let length = format!("{days}-day");
    let fill = |template: &str| {
        render(template, |slot| match slot {
            "noun" => Some(noun.to_owned()),
            "adjective" => Some(adjective.to_owned()),
            "a_adjective" => Some(with_article(adjective)),
            "destination" => Some(destination.to_owned()),
            "from" => Some(from.to_owned()),
            "to" => Some(to.to_owned()),
            "subject" => Some(words.subject.clone()),
            "Subject" => Some(title_case(&words.subject)),
            "goal" => Some(goal.to_owned()),
            "days" => Some(count.clone()),
            "span" => Some(count.to_lowercase()),
            "length" => Some(length.clone()),
            "Length" => Some(format!("{days}-Day")),
            _ => None,
        })
    };
    let title = fill(dice.text(&patterns.titles));
    let subtitle = capitalise(&fill(dice.text(&patterns.subtitles)));
    Some((title, subtitle))
}

/// "a Calm" or "an Active".
fn with_article(word: &str) -> String {
    let article = if word.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
    format!("{article} {word}")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::library;
    use crate::catalogue;

    #[test]
    fn every_catalogue_style_has_patterns_and_every_slot_fills() {
        for style in catalogue::title_styles() {
            assert!(knows(&style.id), "{}", style.id);
        }
        assert_eq!(styles().len(), catalogue::title_styles().len());
        for library in library::all() {
            for patterns in styles() {
                for seed in 0..24 {
                    for days in [1, 30] {
                        let mut dice = Dice::new(seed, "titles");
                        let (title, subtitle) =
                            title_and_subtitle(&patterns.id, &library.words, days, &mut dice)
                                .unwrap_or_default();
                        for text in [&title, &subtitle] {
                            assert!(!text.contains(['{', '}']), "{text}");
                            assert!(!text.trim().is_empty() && text.len() < 120, "{text}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn numbered_titles_count_the_days() {
        let words = &library::library("gratitude").map(|library| &library.words);
        let Some(words) = words else { panic!("gratitude has a library") };
        let titles: Vec<String> = (0..40)
            .filter_map(|seed| title_and_subtitle("numbered", words, 21, &mut Dice::new(seed, "t")))
            .map(|(title, _)| title)
            .collect();
        assert!(
            titles.iter().all(|title| title.contains("21 Days") || title.contains("21-Day")),
            "{titles:?}"
        );
        let (one, _) = title_and_subtitle("numbered", words, 1, &mut Dice::new(0, "t")).unwrap_or_default();
        assert!(!one.contains("1 Days"), "{one}");
        assert_eq!(title_and_subtitle("shouty", words, 1, &mut Dice::new(0, "t")), None);
    }
}
