//! Titles and subtitles, shaped by the title style. Slots: `{noun}`, `{adjective}`,
//! `{a_adjective}` ("an Open"), `{destination}`, `{from}`, `{to}`, `{subject}`, `{Subject}`, `{goal}`, `{days}`
//! ("30 Days"), `{span}` ("30 days"), `{length}` ("30-day") and `{Length}` ("30-Day").

use super::library::Words;
use super::rng::Dice;
use super::template::{render, title_case};

struct Patterns {
    style: &'static str,
    titles: &'static [&'static str],
    subtitles: &'static [&'static str],
}

const STYLES: &[Patterns] = &[
    Patterns {
        style: "inspirational",
        titles: &["{noun} Begins Here", "Choose {noun}", "Rise Into {noun}", "The Courage of {noun}"],
        subtitles: &[
            "A {length} guided journal for {goal}",
            "{span} of small, brave steps toward {goal}",
            "A guided journal for practising {subject} with heart",
        ],
    },
    Patterns {
        style: "practical",
        titles: &[
            "The {Subject} Practice Book",
            "How to Build {a_adjective} Life",
            "{Subject}, Step by Step",
            "The Everyday {Subject} Handbook",
        ],
        subtitles: &[
            "A {length} practical journal with one clear exercise a day",
            "Tried-and-tested journaling techniques for {goal}",
            "Simple daily exercises for {goal}, over {span}",
        ],
    },
    Patterns {
        style: "question",
        titles: &[
            "What If You Chose {noun}?",
            "Where Does Your {noun} Live?",
            "What Would {destination} Feel Like?",
            "Ready for {noun}?",
        ],
        subtitles: &[
            "A {length} journal of questions about {subject}",
            "Daily questions that lead toward {goal}",
            "{span} of honest questions and unhurried answers",
        ],
    },
    Patterns {
        style: "numbered",
        titles: &["{days} of {noun}", "{days} to {destination}", "The {Length} {Subject} Journal"],
        subtitles: &[
            "One page a day toward {goal}",
            "A {length} guided journal, one technique at a time",
            "Daily prompts and practices for {goal}",
        ],
    },
    Patterns {
        style: "poetic",
        titles: &[
            "Where {noun} Gathers",
            "A Lantern for {noun}",
            "The Small Weather of {noun}",
            "Tides of {noun}",
        ],
        subtitles: &[
            "A {length} journal for {goal}",
            "Pages for slow mornings and {subject}",
            "{span} of writing toward {goal}",
        ],
    },
    Patterns {
        style: "playful",
        titles: &[
            "Oh Hello, {noun}",
            "{noun}, But Make It Daily",
            "The Mostly Unserious Guide to {noun}",
            "Pocket-Sized {noun}",
        ],
        subtitles: &[
            "A {length} journal that takes {subject} seriously and itself lightly",
            "{span} of small experiments in {subject}",
            "A cheerful guided journal for {goal}",
        ],
    },
    Patterns {
        style: "minimalist",
        titles: &["{noun}.", "{noun} Daily", "Just {noun}", "{adjective}"],
        subtitles: &["A {length} journal", "{span}. One page each.", "{Subject}, simply"],
    },
    Patterns {
        style: "transformational",
        titles: &[
            "From {from} to {to}",
            "Becoming {to}",
            "The {noun} Journey",
            "The Turning: A Journey to {noun}",
        ],
        subtitles: &[
            "A {length} journey toward {goal}",
            "{span} of change, one page at a time",
            "A guided journal from where you are toward {goal}",
        ],
    },
    Patterns {
        style: "scientific",
        titles: &[
            "The Science of {noun}",
            "{noun}: An Evidence-Informed Practice",
            "The {Subject} Method",
            "Field Notes on {noun}",
        ],
        subtitles: &[
            "A {length} journal built on well-studied techniques",
            "Evidence-informed exercises for {goal}",
            "{span} of structured practice and reflection",
        ],
    },
    Patterns {
        style: "personal",
        titles: &[
            "My {noun} Pages",
            "Notes to Myself on {noun}",
            "Between Me and the Page",
            "Dear Me: Letters on {noun}",
        ],
        subtitles: &[
            "A private {length} journal for {goal}",
            "{span} of writing just for me",
            "A personal journal of {subject}, in my own words",
        ],
    },
];

/// Whether `style` is a title style this module can write.
pub fn knows(style: &str) -> bool {
    STYLES.iter().any(|patterns| patterns.style == style)
}

/// The title and subtitle of a journal; `None` for an unknown style.
pub fn title_and_subtitle(
    style: &str,
    words: &Words,
    days: u32,
    dice: &mut Dice,
) -> Option<(String, String)> {
    let patterns = STYLES.iter().find(|patterns| patterns.style == style)?;
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
    let title = fill(dice.text(patterns.titles));
    let subtitle = capitalise(&fill(dice.text(patterns.subtitles)));
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
        assert_eq!(STYLES.len(), catalogue::title_styles().len());
        for library in library::all() {
            for patterns in STYLES {
                for seed in 0..24 {
                    for days in [1, 30] {
                        let mut dice = Dice::new(seed, "titles");
                        let (title, subtitle) =
                            title_and_subtitle(patterns.style, &library.words, days, &mut dice)
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
