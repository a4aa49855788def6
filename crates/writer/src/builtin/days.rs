//! The day pages: a plan made into titles, teachings, prompts and writing space, in
//! the author's voice.

use std::collections::HashMap;

use super::library::{Form, Library, Pattern, Technique};
use super::plan::{Kind, Plan, Planned};
use super::rng::Dice;
use super::template::{join_and, render, slots};
use super::voice::Phrases;
use crate::content::{DayPage, ResearchDepth};

/// What every day page is written from.
pub struct Context<'a> {
    pub library: &'static Library,
    pub plan: &'a Plan,
    pub phrases: &'static Phrases,
    pub depth: ResearchDepth,
    pub days_phrase: &'a str,
}

/// Every day page of the plan.
pub fn write(context: &Context<'_>, dice: &mut Dice) -> Vec<DayPage> {
    let review_title = dice.text(&context.phrases.review_titles);
    let mut writer = Writer { context, dice, rounds: HashMap::new(), reviews: Vec::new(), review_title };
    context.plan.days.iter().map(|planned| writer.page(planned)).collect()
}

struct Writer<'a, 'd> {
    context: &'a Context<'a>,
    dice: &'d mut Dice,
    /// Per technique, the prompts given so far.
    rounds: HashMap<&'static str, Round>,
    /// The order weekly review patterns are taken in, shuffled once.
    reviews: Vec<usize>,
    /// One review title for the whole journal, so the reviews read as a series.
    review_title: &'static str,
}

/// The prompts of one technique given so far. Its patterns take turns, so the same
/// exercise does not come back in new words while another waits, and each pattern's
/// fillings are all given before any is given again.
struct Round {
    /// Per pattern, which fillings have been given in its current cycle.
    given: Vec<Vec<bool>>,
    /// Per pattern, how often it has been used.
    uses: Vec<usize>,
    last: Option<usize>,
}

impl Writer<'_, '_> {
    fn page(&mut self, planned: &Planned) -> DayPage {
        let (title, pre_writeup, prompt, form) = match planned.kind {
            Kind::Practice { technique, appearance } => {
                let technique = self.context.plan.techniques[technique];
                self.practice(planned, technique, appearance)
            }
            Kind::Review { week } => self.review(planned.day, week),
            Kind::Closing => self.closing(),
        };
        DayPage {
            day: planned.day,
            title,
            pre_writeup,
            prompt,
            lines: self.dice.between(form.lines()),
            page_style: form.page_style(),
        }
    }

    fn practice(
        &mut self,
        planned: &Planned,
        technique: &'static Technique,
        appearance: usize,
    ) -> (String, String, String, Form) {
        let phrases = self.context.phrases;
        let depth = self.context.depth;
        let named = |template: &str| {
            render(template, |slot| (slot == "technique").then_some(technique.name.as_str()))
        };
        let mut teaching = Vec::new();
        if appearance == 0 {
            teaching.push(named(self.dice.text(&phrases.meet)));
            teaching.push(technique.teaching.clone());
            if depth >= ResearchDepth::Basic {
                teaching.push(format!("{}{}", phrases.why_lead, technique.why));
            }
            if depth >= ResearchDepth::Medium {
                teaching.push(format!("{}{}", phrases.tip_lead, tip(technique, 0)));
            }
            if depth == ResearchDepth::Deep {
                teaching.push(format!("{}{}", phrases.deeper_lead, technique.deeper));
            }
        } else {
            teaching.push(named(self.dice.text(&phrases.again)));
            // Medium and deep journals gave the first tip on the first day.
            let shown = usize::from(depth >= ResearchDepth::Medium);
            teaching.push(format!("{}{}", phrases.tip_lead, tip(technique, appearance - 1 + shown)));
            if depth == ResearchDepth::Deep && appearance.is_multiple_of(3) {
                teaching.push(format!("{}{}", phrases.deeper_lead, technique.deeper));
            }
        }
        let mut pre_writeup = teaching.join(" ");
        if planned.opens_phase {
            let opening = self.dice.text(phrases.phases.of(planned.phase));
            pre_writeup = format!("{opening}\n\n{pre_writeup}");
        }
        let (pattern, mut prompt) = self.prompt(technique, appearance == 0);
        if self.dice.one_in(3) {
            prompt = format!("{prompt} {}", self.dice.text(&phrases.nudges));
        }
        (format!("{}: {}", technique.name, pattern.label), pre_writeup, prompt, pattern.form)
    }

    /// The next prompt of `technique`: its first, introducing pattern on the day it is
    /// taught; after that the patterns take turns, each with a filling not yet given.
    fn prompt(&mut self, technique: &'static Technique, first: bool) -> (&'static Pattern, String) {
        let counts: Vec<usize> =
            technique.prompts.iter().map(|pattern| variants(technique, pattern)).collect();
        let round = self.rounds.entry(technique.name.as_str()).or_insert_with(|| Round {
            given: counts.iter().map(|&count| vec![false; count]).collect(),
            uses: vec![0; counts.len()],
            last: None,
        });
        // The pattern: the introducing one on the first day, after that the least
        // used, never the one used last time when there is another.
        let mut patterns: Vec<usize> = (0..if first { counts.len().min(1) } else { counts.len() }).collect();
        if patterns.len() > 1 {
            patterns.retain(|&pattern| Some(pattern) != round.last);
        }
        let least = patterns.iter().map(|&pattern| round.uses[pattern]).min().unwrap_or_default();
        patterns.retain(|&pattern| round.uses[pattern] == least);
        let Some(&pattern) = patterns.get(self.dice.below(patterns.len())) else {
            return (&EMPTY, String::new());
        };
        // The filling: one not given yet; when all have been, they start over.
        let given = &mut round.given[pattern];
        if given.iter().all(|&given| given) {
            given.iter_mut().for_each(|given| *given = false);
        }
        let fresh: Vec<usize> = (0..given.len()).filter(|&fill| !given[fill]).collect();
        let fill = fresh.get(self.dice.below(fresh.len())).copied().unwrap_or_default();
        if let Some(given) = given.get_mut(fill) {
            *given = true;
        }
        round.uses[pattern] += 1;
        round.last = Some(pattern);
        (&technique.prompts[pattern], fill_pattern(technique, &technique.prompts[pattern], fill))
    }

    fn review(&mut self, day: u32, week: u32) -> (String, String, String, Form) {
        let library = self.context.library;
        let phrases = self.context.phrases;
        if self.reviews.is_empty() {
            self.reviews = (0..library.reviews.len()).collect();
            self.dice.shuffle(&mut self.reviews);
        }
        let order = self.reviews.get((week as usize - 1) % self.reviews.len().max(1)).copied();
        let pattern = order.and_then(|index| library.reviews.get(index)).unwrap_or(&EMPTY);
        let practised = self.practised(day.saturating_sub(6)..day);
        let week_text = week.to_string();
        let fill = |template: &str| {
            render(template, |slot| match slot {
                "week" => Some(week_text.clone()),
                "first_day" => Some(day.saturating_sub(6).to_string()),
                "last_day" => Some((day - 1).to_string()),
                "practised" => Some(practised.clone()),
                _ => None,
            })
        };
        let title = fill(self.review_title);
        let lead = fill(self.dice.text(&phrases.review_leads));
        (title, lead, fill(&pattern.text), pattern.form)
    }

    fn closing(&mut self) -> (String, String, String, Form) {
        let phrases = self.context.phrases;
        let days_phrase = self.context.days_phrase;
        let practised = self.practised(1..u32::MAX);
        let pattern = self.dice.pick(&self.context.library.closings).unwrap_or(&EMPTY);
        let fill = |template: &str| {
            render(template, |slot| match slot {
                "days" | "days_phrase" => Some(days_phrase.to_owned()),
                "practised" => Some(practised.clone()),
                _ => None,
            })
        };
        let title = self.dice.text(&phrases.closing_titles).to_owned();
        let lead = fill(self.dice.text(&phrases.closing_leads));
        (title, lead, fill(&pattern.text), pattern.form)
    }

    /// The names of the techniques practised on `days`, in the order first met.
    fn practised(&self, days: std::ops::Range<u32>) -> String {
        let mut names: Vec<&str> = Vec::new();
        for planned in self.context.plan.days.iter().filter(|planned| days.contains(&planned.day)) {
            if let Kind::Practice { technique, .. } = planned.kind {
                let name = self.context.plan.techniques[technique].name.as_str();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        join_and(&names)
    }
}

/// Stands in for a missing pattern; its empty text fails the editing stage's check.
static EMPTY: Pattern = Pattern { label: String::new(), form: Form::Write, text: String::new() };

fn tip(technique: &Technique, index: usize) -> &str {
    technique.tips.get(index % technique.tips.len().max(1)).map_or("", String::as_str)
}

/// The options of each slot in `pattern`, from the technique's slots; a slot the
/// technique lacks has none and stays unfilled, which the library tests catch.
fn options<'t>(technique: &'t Technique, pattern: &Pattern) -> Vec<(&'t str, &'t [String])> {
    slots(&pattern.text)
        .into_iter()
        .filter_map(|name| technique.slots.iter().find(|slot| slot.name == name))
        .map(|slot| (slot.name.as_str(), slot.options.as_slice()))
        .collect()
}

/// How many different prompts `pattern` can make.
pub fn variants(technique: &Technique, pattern: &Pattern) -> usize {
    options(technique, pattern).iter().map(|(_, options)| options.len().max(1)).product()
}

/// `pattern` with its `index`th filling, counting through the slots' options.
fn fill_pattern(technique: &Technique, pattern: &Pattern, mut index: usize) -> String {
    let mut chosen = Vec::new();
    for (name, options) in options(technique, pattern) {
        let base = options.len().max(1);
        chosen.push((name, options.get(index % base).map_or("", String::as_str)));
        index /= base;
    }
    render(&pattern.text, |slot| chosen.iter().find(|(name, _)| *name == slot).map(|(_, value)| *value))
}
