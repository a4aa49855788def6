//! The library's own rules: complete, fillable, varied, and free of borrowed voices.

use super::super::days::variants;
use super::super::template::slots;
use super::super::tests::{FAMOUS, FORBIDDEN};
use super::*;
use crate::catalogue;

/// Every sentence a library holds.
fn texts(library: &'static Library) -> Vec<&'static str> {
    let words = &library.words;
    let mut texts: Vec<&str> = [&library.what, &library.why, &library.care, &library.promise]
        .into_iter()
        .chain([&library.keep_field, &words.subject])
        .map(String::as_str)
        .collect();
    let lists = [&library.quotes, &words.nouns, &words.adjectives, &words.destinations, &words.goals];
    texts.extend(lists.into_iter().flatten().map(String::as_str));
    texts.extend(words.journeys.iter().flat_map(|journey| [journey.from.as_str(), journey.to.as_str()]));
    for pattern in library.reviews.iter().chain(&library.closings) {
        texts.extend([pattern.label.as_str(), pattern.text.as_str()]);
    }
    for technique in &library.techniques {
        texts.extend(
            [&technique.name, &technique.teaching, &technique.why, &technique.deeper].map(String::as_str),
        );
        texts.extend(technique.tips.iter().map(String::as_str));
        for slot in &technique.slots {
            texts.extend(slot.options.iter().map(String::as_str));
        }
        for pattern in &technique.prompts {
            texts.extend([pattern.label.as_str(), pattern.text.as_str()]);
        }
    }
    texts
}

#[test]
fn every_catalogue_theme_has_a_library() {
    let themes: Vec<&str> = catalogue::themes().iter().map(|theme| theme.id.as_str()).collect();
    let libraries: Vec<&str> = all().iter().map(|library| library.theme.as_str()).collect();
    assert_eq!(themes, libraries);
}

#[test]
fn libraries_hold_enough_techniques_at_every_level() {
    for library in all() {
        assert!(library.techniques.len() >= 10, "{}", library.theme);
        for level in Level::ALL {
            let count = library.techniques.iter().filter(|technique| technique.level == level).count();
            assert!(count >= 2, "{}: {count} at {level:?}", library.theme);
        }
        let mut names: Vec<&str> =
            library.techniques.iter().map(|technique| technique.name.as_str()).collect();
        assert!(
            names.iter().all(|name| !name.contains(',')),
            "{}: a comma in a name breaks lists",
            library.theme
        );
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), library.techniques.len(), "{}: a technique name repeats", library.theme);
    }
}

#[test]
fn techniques_teach_and_vary() {
    for library in all() {
        for technique in &library.techniques {
            let at = format!("{}/{}", library.theme, technique.name);
            assert!(technique.teaching.len() <= 400, "{at}: teaching too long for a short teaching");
            assert!(technique.teaching.len() >= 80 && technique.why.len() >= 60, "{at}");
            assert!(!technique.deeper.is_empty() && technique.tips.len() >= 3, "{at}");
            assert!(technique.prompts.len() >= 4, "{at}");
            // Patterns take turns and each cycles through its fillings, so four
            // fillings a pattern keep a technique used sixteen times free of repeats.
            for pattern in &technique.prompts {
                let count = variants(technique, pattern);
                assert!(count >= 4, "{at}/{}: only {count} fillings", pattern.label);
            }
            let mut used = Vec::new();
            for pattern in &technique.prompts {
                assert!(pattern.label.starts_with(|ch: char| ch.is_uppercase()), "{at}: {}", pattern.label);
                for name in slots(&pattern.text) {
                    assert!(technique.slots.iter().any(|slot| slot.name == name), "{at}: no slot {name}");
                    used.push(name);
                }
            }
            for slot in &technique.slots {
                assert!(used.contains(&slot.name.as_str()), "{at}: slot {} is never used", slot.name);
                assert!(slot.options.len() >= 3, "{at}: slot {} has too few options", slot.name);
            }
        }
    }
}

#[test]
fn reviews_name_their_days_and_closings_use_only_the_length() {
    for library in all() {
        assert!(library.reviews.len() >= 3 && library.closings.len() >= 2, "{}", library.theme);
        for review in &library.reviews {
            let names = slots(&review.text);
            assert!(
                names.contains(&"first_day") || names.contains(&"week"),
                "{}: {}",
                library.theme,
                review.text
            );
            assert!(
                names.iter().all(|name| ["week", "first_day", "last_day"].contains(name)),
                "{}",
                review.text
            );
        }
        for closing in &library.closings {
            assert!(slots(&closing.text).iter().all(|&name| name == "days"), "{}", closing.text);
        }
    }
}

#[test]
fn words_fill_every_title() {
    for library in all() {
        let words = &library.words;
        assert!(!words.subject.is_empty() && words.subject == words.subject.to_lowercase());
        for list in [&words.nouns, &words.adjectives, &words.destinations, &words.goals] {
            assert!(list.len() >= 3, "{}", library.theme);
        }
        assert!(words.journeys.len() >= 3 && library.quotes.len() >= 3, "{}", library.theme);
    }
}

#[test]
fn no_placeholder_and_no_borrowed_voice() {
    for library in all() {
        for text in texts(library) {
            assert_eq!(text.trim(), text, "{}: stray whitespace in {text:?}", library.theme);
            for word in FORBIDDEN {
                assert!(
                    !text.to_lowercase().contains(&word.to_lowercase()),
                    "{}: {word} in {text}",
                    library.theme
                );
            }
            for name in FAMOUS {
                assert!(!text.contains(name), "{}: {name} in {text}", library.theme);
            }
            assert!(!text.contains("  "), "{}: double space in {text}", library.theme);
        }
        for quote in &library.quotes {
            assert!(!quote.contains(['"', '“', '”', '—']), "{quote}");
        }
    }
}
