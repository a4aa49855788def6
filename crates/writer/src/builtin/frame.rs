//! The pages around the days: introduction, commitment, certificate, and the
//! listing description.

use super::library::Library;
use super::plan::{Kind, Plan};
use super::rng::Dice;
use super::template::{join_and, render};
use super::voice::{Author, Phrases};
use crate::catalogue::Theme;
use crate::content::{Certificate, Commitment, DayPage, Introduction, PageStyle, ResearchDepth};

/// What the framing pages are written from.
pub struct Frame<'a> {
    pub theme: &'static Theme,
    pub library: &'static Library,
    pub author: Author,
    pub phrases: &'static Phrases,
    pub depth: ResearchDepth,
    pub title: &'a str,
    pub subtitle: &'a str,
    pub days_phrase: &'a str,
    pub plan: &'a Plan,
    pub pages: &'a [DayPage],
    /// The person's own focus, already made plain; may be empty.
    pub focus: &'a str,
}

/// The sentences that explain how a journal is built; voice-neutral.
const SINGLE_DAY: &str = "This journal holds a single day's practice: {techniques}.";
const TECHNIQUES: &str = "The journal teaches {count} techniques, in this order: {techniques}.";
const ARC: &str = "The early pages lay the foundations, the middle pages go deeper, and the final pages help \
                   you weave what you have learned into everyday life.";
const REVIEWS: &str = "Every seventh day is a weekly review, a chance to read back over the week's pages and \
                       notice patterns you would miss day by day.";
const CLOSING: &str = "The last page invites you to look back over the whole journey.";
const PAGES: &str = "Each day begins with a short teaching, followed by a prompt and space to respond.";
const PAGE: &str = "The page begins with a short teaching, followed by a prompt and space to respond.";
const TECHNIQUES_AHEAD: &str = "A closer look at the techniques ahead:";
const FOCUS_LEAD: &str = "You asked for this journal to keep a particular focus in mind:";
const FOCUS_CLOSE: &str = "Let it be a thread you return to. Where a prompt does not seem to touch it, answer \
                           the prompt anyway, then notice what connects.";
const SUMMARY: &str = "{Days_phrase} of {subject} journaling, practising {techniques}{reviews}.";
const FIELDS: [&str; 4] = ["Name", "Date started", "Date completed", "One thing I learned"];
const NUMBERS: [&str; 13] =
    ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

impl Frame<'_> {
    fn names(&self) -> Vec<&'static str> {
        self.plan.techniques.iter().map(|technique| technique.name.as_str()).collect()
    }

    fn fill(&self, template: &str) -> String {
        let count = self.plan.techniques.len();
        render(template, |slot| match slot {
            "title" => Some(format!("“{}”", self.title)),
            "subject" => Some(self.library.words.subject.clone()),
            "days_phrase" => Some(self.days_phrase.to_owned()),
            "Days_phrase" => Some(capitalise(self.days_phrase)),
            "promise" => Some(self.library.promise.clone()),
            "techniques" => Some(join_and(&self.names())),
            "count" => Some(NUMBERS.get(count).map_or_else(|| count.to_string(), |word| (*word).to_owned())),
            _ => None,
        })
    }

    pub fn introduction(&self, dice: &mut Dice) -> Introduction {
        let mut paragraphs = vec![
            format!("{} {}", self.fill(dice.text(&self.phrases.openers)), self.library.what),
            self.library.why.clone(),
            self.structure(),
        ];
        if self.depth == ResearchDepth::Deep {
            let mut ahead = vec![TECHNIQUES_AHEAD.to_owned()];
            ahead.extend(self.plan.techniques.iter().map(|t| format!("{}: {}", t.name, t.teaching)));
            paragraphs.push(ahead.join("\n"));
        }
        paragraphs.push(format!(
            "{} {}",
            dice.text(&self.phrases.how_to_use),
            dice.text(&self.phrases.missed_day)
        ));
        if !self.library.care.is_empty() {
            paragraphs.push(self.library.care.clone());
        }
        if !self.focus.is_empty() {
            // The person's words go in as they are, after every slot is filled, so
            // nothing in them is ever read as a slot.
            paragraphs.push(format!("{FOCUS_LEAD}\n\n“{}”\n\n{FOCUS_CLOSE}", self.focus));
        }
        Introduction {
            title: dice.text(&self.phrases.intro_titles).to_owned(),
            quote: format!("“{}” — {}", dice.text(&self.library.quotes), self.author.name),
            writeup: paragraphs.join("\n\n"),
        }
    }

    /// How this journal is built: its techniques, its arc, its reviews, its pages.
    fn structure(&self) -> String {
        let days = self.pages.len();
        let has = |wanted: fn(&Kind) -> bool| self.plan.days.iter().any(|planned| wanted(&planned.kind));
        let mut sentences = vec![self.fill(if self.plan.techniques.len() == 1 && days == 1 {
            SINGLE_DAY
        } else {
            TECHNIQUES
        })];
        if days >= 7 {
            sentences.push(ARC.to_owned());
        }
        if has(|kind| matches!(kind, Kind::Review { .. })) {
            sentences.push(REVIEWS.to_owned());
        }
        if has(|kind| matches!(kind, Kind::Closing)) {
            sentences.push(CLOSING.to_owned());
        }
        sentences.push(if days == 1 { PAGE } else { PAGES }.to_owned());
        let style = |style: PageStyle| self.pages.iter().any(|page| page.page_style == style);
        let extras: Vec<&str> = [
            (PageStyle::Dotted, "dotted for sketches and mind maps"),
            (PageStyle::Grid, "gridded for logs and trackers"),
            (PageStyle::Blank, "left blank for drawing"),
        ]
        .into_iter()
        .filter(|&(wanted, _)| style(wanted))
        .map(|(_, what)| what)
        .collect();
        if !extras.is_empty() {
            sentences.push(format!("Most pages are lined; some are {}.", join_or(&extras)));
        }
        sentences.join(" ")
    }

    pub fn commitment(&self, dice: &mut Dice) -> Commitment {
        Commitment {
            text: self.fill(dice.text(&self.phrases.commitments)),
            writeup: dice.text(&self.phrases.commitment_whys).to_owned(),
        }
    }

    pub fn certificate(&self, dice: &mut Dice) -> Certificate {
        let reviews =
            self.plan.days.iter().filter(|planned| matches!(planned.kind, Kind::Review { .. })).count();
        let reviews = match reviews {
            0 => String::new(),
            1 => ", with one weekly review".to_owned(),
            n => format!(", with {n} weekly reviews"),
        };
        let summary = render(&self.fill(SUMMARY), |slot| (slot == "reviews").then_some(reviews.as_str()));
        let mut fields: Vec<String> = FIELDS.iter().map(|&field| field.to_owned()).collect();
        fields.push(self.library.keep_field.clone());
        Certificate { summary, text: self.fill(dice.text(&self.phrases.certificates)), fields }
    }

    /// A few sentences for the library and store listings.
    pub fn description(&self) -> String {
        let names = self.names();
        let shown = &names[..names.len().min(3)];
        let including = if names.len() > shown.len() { ", including " } else { ": " };
        format!(
            "{}. {} Written in a {} voice by {}, it teaches {} {}{including}{}.",
            self.subtitle,
            self.theme.description,
            self.phrases.adjective,
            self.author.name,
            NUMBERS.get(names.len()).map_or_else(|| names.len().to_string(), |word| (*word).to_owned()),
            if names.len() == 1 { "technique" } else { "techniques" },
            join_and(shown),
        )
    }
}

/// "30 days" or "one day".
pub fn days_phrase(days: u32) -> String {
    if days == 1 { "one day".to_owned() } else { format!("{days} days") }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn join_or(items: &[&str]) -> String {
    match items {
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        _ => items.join(""),
    }
}
