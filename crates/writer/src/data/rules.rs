//! What parsed content must hold beyond its types, so that every day of a journal
//! of any length can be written: no empty text or list the writer would draw
//! nothing from, only the placeholders the writer fills where it fills them, a
//! technique of every level, and a library for every theme.

use super::{CATALOGUE, Problem, TITLES};
use crate::builtin::library::{Level, Library, Pattern};
use crate::builtin::template::{render, slots};
use crate::builtin::titles::{self, Patterns};
use crate::builtin::voice::Phrases;
use crate::catalogue::Catalogue;
use crate::content::limits;

/// The placeholders the writer fills in each kind of text.
const NONE: &[&str] = &[];
const REVIEW: &[&str] = &["week", "first_day", "last_day"];
const CLOSING: &[&str] = &["days"];
const OPENER: &[&str] = &["title", "subject", "days_phrase"];
const TECHNIQUE: &[&str] = &["technique"];
const REVIEW_TITLE: &[&str] = &["week"];
const REVIEW_LEAD: &[&str] = &["week", "practised"];
const CLOSING_LEAD: &[&str] = &["days_phrase", "practised"];
const COMMITMENT: &[&str] = &["promise", "days_phrase", "title"];
const CERTIFICATE: &[&str] = &["title", "days_phrase", "subject"];

/// Collects the problems of one file.
struct Checker<'a> {
    file: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, entry: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(self.file, entry, message));
    }

    /// A text that must not be empty and may use only the `allowed` placeholders.
    fn text(&mut self, entry: &str, value: &str, allowed: &[&str]) {
        if value.trim().is_empty() {
            self.problem(entry, "must not be empty");
        } else {
            self.template(entry, value, allowed);
        }
    }

    /// A text that may use only the `allowed` placeholders and may be empty.
    fn template(&mut self, entry: &str, value: &str, allowed: &[&str]) {
        for name in slots(value) {
            if !allowed.contains(&name) {
                let message = if allowed.is_empty() {
                    format!("unknown placeholder {{{name}}}; no placeholders are filled here")
                } else {
                    let names: Vec<String> = allowed.iter().map(|name| format!("{{{name}}}")).collect();
                    format!("unknown placeholder {{{name}}}; allowed here: {}", names.join(", "))
                };
                self.problem(entry, message);
            }
        }
        if render(value, |_| Some("")).contains(['{', '}']) {
            self.problem(entry, "has a brace that is not part of a {placeholder}");
        }
    }

    /// A list the writer picks from: at least one entry, each a sound text.
    fn list<S: AsRef<str>>(&mut self, entry: &str, values: &[S], allowed: &[&str]) {
        if values.is_empty() {
            self.problem(entry, "needs at least one entry");
        }
        for (index, value) in values.iter().enumerate() {
            self.text(&format!("{entry} {}", index + 1), value.as_ref(), allowed);
        }
    }

    /// At least one entry.
    fn some<T>(&mut self, entry: &str, values: &[T], why: &str) {
        if values.is_empty() {
            self.problem(entry, format!("needs at least one entry: {why}"));
        }
    }

    fn pattern(&mut self, entry: &str, pattern: &Pattern, allowed: &[&str]) {
        self.text(&format!("{entry}, label"), &pattern.label, NONE);
        self.text(&format!("{entry}, text"), &pattern.text, allowed);
    }

    /// No two of `names`, the names of the `what`s in entry `at`, are the same.
    fn unique<'n>(&mut self, at: &str, what: &str, names: impl IntoIterator<Item = &'n str>) {
        let mut seen: Vec<&str> = Vec::new();
        for name in names {
            if seen.contains(&name) {
                let entry = if at.is_empty() {
                    format!("{what} \"{name}\"")
                } else {
                    format!("{at}, {what} \"{name}\"")
                };
                self.problem(entry, format!("another {what} has the same name"));
            }
            seen.push(name);
        }
    }
}

pub fn library(file: &str, library: &Library, problems: &mut Vec<Problem>) {
    let mut check = Checker { file, problems };
    check.text("what", &library.what, NONE);
    check.text("why", &library.why, NONE);
    check.template("care", &library.care, NONE);
    check.text("promise", &library.promise, NONE);
    check.text("keep_field", &library.keep_field, NONE);
    check.list("quotes", &library.quotes, NONE);
    let words = &library.words;
    check.text("words, subject", &words.subject, NONE);
    check.list("words, nouns", &words.nouns, NONE);
    check.list("words, adjectives", &words.adjectives, NONE);
    check.list("words, destinations", &words.destinations, NONE);
    check.list("words, goals", &words.goals, NONE);
    check.some("words, journeys", &words.journeys, "journey titles need a from and a to");
    for (index, journey) in words.journeys.iter().enumerate() {
        check.text(&format!("words, journeys {}, from", index + 1), &journey.from, NONE);
        check.text(&format!("words, journeys {}, to", index + 1), &journey.to, NONE);
    }
    check.some("review", &library.reviews, "every seventh day is a weekly review");
    for (index, review) in library.reviews.iter().enumerate() {
        check.pattern(&format!("review {}", index + 1), review, REVIEW);
    }
    check.some("closing", &library.closings, "the last day of a journal of five days or more closes it");
    for (index, closing) in library.closings.iter().enumerate() {
        check.pattern(&format!("closing {}", index + 1), closing, CLOSING);
    }
    // The planner opens a journal with a foundation technique and teaches even a
    // light journal one technique of each level, so that its arc is whole.
    for level in Level::ALL {
        if !library.techniques.iter().any(|technique| technique.level == level) {
            let name = format!("{level:?}").to_lowercase();
            check.problem("technique", format!("none has level \"{name}\"; every level needs one"));
        }
    }
    check.unique("", "technique", library.techniques.iter().map(|technique| technique.name.as_str()));
    for technique in &library.techniques {
        let at = format!("technique \"{}\"", technique.name);
        check.text(&format!("{at}, name"), &technique.name, NONE);
        if technique.name.contains(',') {
            check.problem(&at, "a comma in a name breaks the lists it is named in");
        }
        check.text(&format!("{at}, teaching"), &technique.teaching, NONE);
        check.text(&format!("{at}, why"), &technique.why, NONE);
        check.text(&format!("{at}, deeper"), &technique.deeper, NONE);
        check.list(&format!("{at}, tips"), &technique.tips, NONE);
        check.unique(&at, "slot", technique.slots.iter().map(|slot| slot.name.as_str()));
        let names: Vec<&str> = technique.slots.iter().map(|slot| slot.name.as_str()).collect();
        check.some(&format!("{at}, prompt"), &technique.prompts, "a practice day needs a prompt");
        for (index, prompt) in technique.prompts.iter().enumerate() {
            check.pattern(&format!("{at}, prompt {}", index + 1), prompt, &names);
        }
        for slot in &technique.slots {
            let entry = format!("{at}, slot \"{}\"", slot.name);
            if slot.options.is_empty() {
                check.problem(&entry, "has no options");
            }
            for (index, option) in slot.options.iter().enumerate() {
                check.text(&format!("{entry}, options {}", index + 1), option, NONE);
            }
            let used =
                technique.prompts.iter().any(|prompt| slots(&prompt.text).contains(&slot.name.as_str()));
            if !used {
                check.problem(&entry, "no prompt uses it");
            }
        }
    }
}

pub fn voice(file: &str, phrases: &Phrases, problems: &mut Vec<Problem>) {
    let mut check = Checker { file, problems };
    check.list("keywords", &phrases.keywords, NONE);
    for (index, keyword) in phrases.keywords.iter().enumerate() {
        if keyword.to_lowercase() != *keyword {
            check.problem(
                format!("keywords {}", index + 1),
                "must be lowercase: author styles are matched in lowercase",
            );
        }
    }
    for (entry, value) in [
        ("adjective", &phrases.adjective),
        ("persona", &phrases.persona),
        ("why_lead", &phrases.why_lead),
        ("tip_lead", &phrases.tip_lead),
        ("deeper_lead", &phrases.deeper_lead),
    ] {
        check.text(entry, value, NONE);
    }
    for (entry, values, allowed) in [
        ("intro_titles", &phrases.intro_titles, NONE),
        ("openers", &phrases.openers, OPENER),
        ("how_to_use", &phrases.how_to_use, NONE),
        ("missed_day", &phrases.missed_day, NONE),
        ("meet", &phrases.meet, TECHNIQUE),
        ("again", &phrases.again, TECHNIQUE),
        ("nudges", &phrases.nudges, NONE),
        ("review_titles", &phrases.review_titles, REVIEW_TITLE),
        ("review_leads", &phrases.review_leads, REVIEW_LEAD),
        ("closing_titles", &phrases.closing_titles, NONE),
        ("closing_leads", &phrases.closing_leads, CLOSING_LEAD),
        ("commitments", &phrases.commitments, COMMITMENT),
        ("commitment_whys", &phrases.commitment_whys, NONE),
        ("certificates", &phrases.certificates, CERTIFICATE),
        ("phases, foundation", &phrases.phases.foundation, NONE),
        ("phases, deepening", &phrases.phases.deepening, NONE),
        ("phases, integration", &phrases.phases.integration, NONE),
    ] {
        check.list(entry, values, allowed);
    }
}

pub fn catalogue(file: &str, catalogue: &Catalogue, problems: &mut Vec<Problem>) {
    let mut check = Checker { file, problems };
    check.some("theme", &catalogue.themes, "people pick a theme");
    check.unique("", "theme", catalogue.themes.iter().map(|theme| theme.id.as_str()));
    for (theme, authors) in catalogue.themes.iter().zip(&catalogue.authors) {
        let at = format!("theme \"{}\"", theme.id);
        check.text(&format!("{at}, id"), &theme.id, NONE);
        if !theme.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_') {
            check.problem(&at, "an id is lowercase letters and underscores, the name of its library's file");
        }
        check.text(&format!("{at}, name"), &theme.name, NONE);
        check.text(&format!("{at}, description"), &theme.description, NONE);
        if !(limits::MIN_DAYS..=limits::MAX_DAYS).contains(&theme.estimated_days) {
            check.problem(
                format!("{at}, estimated_days"),
                format!("must be from {} to {}", limits::MIN_DAYS, limits::MAX_DAYS),
            );
        }
        check.unique(&at, "author", authors.iter().map(|author| author.name.as_str()));
        for author in authors {
            let entry = format!("{at}, author \"{}\"", author.name);
            check.text(&format!("{entry}, name"), &author.name, NONE);
            check.text(&format!("{entry}, style"), &author.style, NONE);
        }
    }
    check.some("title_style", &catalogue.title_styles, "people pick a title style");
    check.unique("", "title_style", catalogue.title_styles.iter().map(|style| style.id.as_str()));
    for style in &catalogue.title_styles {
        let at = format!("title_style \"{}\"", style.id);
        check.text(&format!("{at}, id"), &style.id, NONE);
        check.text(&format!("{at}, name"), &style.name, NONE);
        check.list(&format!("{at}, examples"), &style.examples, NONE);
    }
}

pub fn titles(file: &str, styles: &[Patterns], problems: &mut Vec<Problem>) {
    let mut check = Checker { file, problems };
    check.unique("", "style", styles.iter().map(|style| style.id.as_str()));
    for style in styles {
        let at = format!("style \"{}\"", style.id);
        check.list(&format!("{at}, titles"), &style.titles, titles::SLOTS);
        check.list(&format!("{at}, subtitles"), &style.subtitles, titles::SLOTS);
    }
}

/// The title styles of the catalogue and of the titles file are the same.
pub fn title_styles(catalogue: &Catalogue, styles: &[Patterns], problems: &mut Vec<Problem>) {
    for style in &catalogue.title_styles {
        if !styles.iter().any(|patterns| patterns.id == style.id) {
            let message = format!("has no titles: {TITLES} has no style \"{}\"", style.id);
            problems.push(Problem::new(CATALOGUE, format!("title_style \"{}\"", style.id), message));
        }
    }
    for patterns in styles {
        if !catalogue.title_styles.iter().any(|style| style.id == patterns.id) {
            let message = format!("is not a title style of {CATALOGUE}");
            problems.push(Problem::new(TITLES, format!("style \"{}\"", patterns.id), message));
        }
    }
}
