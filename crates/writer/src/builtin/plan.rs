//! The shape of a journal: which techniques it teaches, and what each day is for.
//! Early days lay foundations, the middle deepens, the end integrates; every
//! seventh day is a weekly review and the last day of a journal of five days or
//! more is a closing reflection.

use super::library::{Level, Library, Technique};
use super::rng::Dice;
use crate::content::ResearchDepth;

/// What one day is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Practice of `techniques[technique]`; `appearance` counts its earlier days.
    Practice {
        technique: usize,
        appearance: usize,
    },
    Review {
        week: u32,
    },
    Closing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub day: u32,
    pub phase: Level,
    /// The first practice day of its phase, which opens with a word about it.
    pub opens_phase: bool,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct Plan {
    /// The techniques the journal teaches, in the order it introduces them.
    pub techniques: Vec<&'static Technique>,
    pub days: Vec<Planned>,
}

/// How many techniques a research depth draws from a library.
pub fn technique_count(depth: ResearchDepth) -> usize {
    match depth {
        ResearchDepth::Light => 3,
        ResearchDepth::Basic => 5,
        ResearchDepth::Medium => 8,
        ResearchDepth::Deep => usize::MAX,
    }
}

/// The techniques a journal of `depth` and `days` teaches: drawn in turn from each
/// level so that even a light journal has a foundation, a deepening and an
/// integrating practice, then put in teaching order. A short journal teaches fewer,
/// so that each technique gets more than one day: at most three for every five
/// practice days.
pub fn choose(
    library: &'static Library,
    depth: ResearchDepth,
    days: u32,
    dice: &mut Dice,
) -> Vec<&'static Technique> {
    let mut levels: Vec<Vec<usize>> = Level::ALL
        .iter()
        .map(|&level| {
            let mut indices: Vec<usize> =
                (0..library.techniques.len()).filter(|&i| library.techniques[i].level == level).collect();
            dice.shuffle(&mut indices);
            indices.reverse();
            indices
        })
        .collect();
    let room = (practice_days(days) * 3).div_ceil(5).max(1);
    let wanted = technique_count(depth).min(library.techniques.len()).min(room);
    let mut chosen = Vec::with_capacity(wanted);
    while chosen.len() < wanted && levels.iter().any(|level| !level.is_empty()) {
        for level in &mut levels {
            if chosen.len() < wanted
                && let Some(index) = level.pop()
            {
                chosen.push(index);
            }
        }
    }
    chosen.sort_by_key(|&index| (library.techniques[index].level, index));
    chosen.into_iter().map(|index| &library.techniques[index]).collect()
}

/// What `day` of a journal of `days` is for, unless it is a practice day.
fn special(day: u32, days: u32) -> Option<Kind> {
    if day == days && days >= 5 {
        Some(Kind::Closing)
    } else if day.is_multiple_of(7) {
        Some(Kind::Review { week: day / 7 })
    } else {
        None
    }
}

/// How many practice days a journal of `days` has.
pub fn practice_days(days: u32) -> usize {
    (1..=days).filter(|&day| special(day, days).is_none()).count()
}

/// The phase of `day` in a journal of `days`: the first quarter lays foundations,
/// the last quarter integrates.
pub fn phase(day: u32, days: u32) -> Level {
    let at = 4 * u64::from(day - 1);
    if at < u64::from(days) {
        Level::Foundation
    } else if at >= 3 * u64::from(days) {
        Level::Integration
    } else {
        Level::Deepening
    }
}

/// The practice day, counted among practice days only, on which each technique is
/// first taught: each level's techniques early in the phase of the same level, a few
/// practice days apart, in order. `phases` holds the phase of every practice day.
fn introductions(techniques: &[&Technique], phases: &[Level]) -> Vec<usize> {
    let total = phases.len();
    let mut at = Vec::with_capacity(techniques.len());
    for level in Level::ALL {
        let group = techniques.iter().filter(|technique| technique.level == level).count();
        if group == 0 {
            continue;
        }
        // A journal too short to reach the phase teaches its techniques at the end.
        let start = phases.iter().position(|&phase| phase >= level).unwrap_or(total.saturating_sub(1));
        let end =
            phases.iter().rposition(|&phase| phase == level).map_or(total, |last| last + 1).max(start + 1);
        let step = ((end - start) * 3 / 5 / group).clamp(1, 4);
        at.extend((0..group).map(|j| start + j * step));
    }
    // One technique a day at most, and every one within the practice days.
    for k in 1..at.len() {
        at[k] = at[k].max(at[k - 1] + 1);
    }
    for k in (0..at.len()).rev() {
        let limit = at.get(k + 1).map_or(total.saturating_sub(1), |next| next.saturating_sub(1));
        at[k] = at[k].min(limit);
    }
    at
}

/// Lays out `days` days over `techniques`, which come in teaching order. Each is
/// introduced early in the phase of its level; the other practice days return to an
/// introduced technique, favouring the newest and those that suit the phase, and
/// never the same one two days running when there is a choice.
pub fn schedule(days: u32, mut techniques: Vec<&'static Technique>, dice: &mut Dice) -> Plan {
    let phases: Vec<Level> =
        (1..=days).filter(|&day| special(day, days).is_none()).map(|day| phase(day, days)).collect();
    techniques.truncate(phases.len());
    let introduced_at = introductions(&techniques, &phases);

    let mut uses = vec![0usize; techniques.len()];
    let mut previous: Option<usize> = None;
    let mut announced: Option<Level> = None;
    let mut practice_index = 0;
    let mut planned = Vec::with_capacity(days as usize);
    for day in 1..=days {
        let phase = phase(day, days);
        let mut opens_phase = false;
        let kind = match special(day, days) {
            Some(kind) => kind,
            None => {
                let technique = match introduced_at.iter().position(|&at| at == practice_index) {
                    Some(new) => new,
                    None => {
                        let known = introduced_at.iter().filter(|&&at| at <= practice_index).count();
                        let weights: Vec<u32> = (0..known)
                            .map(|k| {
                                if known > 1 && previous == Some(k) {
                                    return 0;
                                }
                                let newest = if k + 1 == known { 3 } else { 0 };
                                let suits = if techniques[k].level == phase { 2 } else { 0 };
                                2 + newest + suits
                            })
                            .collect();
                        dice.weighted(&weights)
                    }
                };
                // Phases are worth announcing in journals of a week or more.
                opens_phase = days >= 7 && announced != Some(phase);
                announced = Some(phase);
                previous = Some(technique);
                practice_index += 1;
                let appearance = uses.get(technique).copied().unwrap_or_default();
                if let Some(used) = uses.get_mut(technique) {
                    *used += 1;
                }
                Kind::Practice { technique, appearance }
            }
        };
        planned.push(Planned { day, phase, opens_phase, kind });
    }
    Plan { techniques, days: planned }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::library;

    fn planned(theme: &str, depth: ResearchDepth, days: u32, seed: u64) -> Plan {
        let Some(library) = library::library(theme) else { panic!("no library for {theme}") };
        let chosen = choose(library, depth, days, &mut Dice::new(seed, "techniques"));
        schedule(days, chosen, &mut Dice::new(seed, "schedule"))
    }

    #[test]
    fn depth_draws_more_techniques_and_a_light_journal_spans_every_level() {
        for library in library::all() {
            let counts: Vec<usize> = ResearchDepth::ALL
                .iter()
                .map(|&depth| choose(library, depth, 30, &mut Dice::new(1, "t")).len())
                .collect();
            assert!(counts.windows(2).all(|pair| pair[0] < pair[1]), "{}: {counts:?}", library.theme);
            assert_eq!(counts[3], library.techniques.len());
            let light = choose(library, ResearchDepth::Light, 30, &mut Dice::new(1, "t"));
            let short = choose(library, ResearchDepth::Deep, 7, &mut Dice::new(1, "t"));
            assert_eq!(short.len(), 4, "{}: six practice days, four techniques", library.theme);
            assert!(short.iter().any(|technique| technique.level == Level::Integration));
            let levels: Vec<Level> = light.iter().map(|technique| technique.level).collect();
            assert_eq!(levels, Level::ALL, "{}", library.theme);
        }
    }

    #[test]
    fn reviews_fall_on_every_seventh_day_and_the_last_day_closes() {
        let plan = planned("mindfulness", ResearchDepth::Medium, 30, 3);
        for planned in &plan.days {
            let expected = match planned.day {
                30 => Kind::Closing,
                day if day % 7 == 0 => Kind::Review { week: day / 7 },
                _ => planned.kind,
            };
            assert_eq!(planned.kind, expected, "day {}", planned.day);
            assert!(matches!(planned.kind, Kind::Review { .. } | Kind::Closing) || planned.day % 7 != 0);
        }
        let short = planned("mindfulness", ResearchDepth::Light, 4, 3);
        assert!(short.days.iter().all(|planned| matches!(planned.kind, Kind::Practice { .. })));
    }

    #[test]
    fn techniques_are_introduced_in_order_in_the_phase_of_their_level() {
        for (days, seed) in [30, 66, 366].into_iter().flat_map(|days| (0..4).map(move |seed| (days, seed))) {
            let plan = planned("gratitude", ResearchDepth::Deep, days, seed);
            let mut firsts = Vec::new();
            let mut previous = None;
            for planned in &plan.days {
                if let Kind::Practice { technique, appearance } = planned.kind {
                    if appearance == 0 {
                        firsts.push((technique, planned.day));
                        assert_eq!(planned.phase, plan.techniques[technique].level, "day {}", planned.day);
                    }
                    if firsts.len() > 1 {
                        assert_ne!(previous, Some(technique), "day {} repeats yesterday", planned.day);
                    }
                    previous = Some(technique);
                }
            }
            let order: Vec<usize> = firsts.iter().map(|&(technique, _)| technique).collect();
            assert_eq!(order, (0..plan.techniques.len()).collect::<Vec<_>>());
            let levels: Vec<Level> = plan.techniques.iter().map(|technique| technique.level).collect();
            assert!(levels.windows(2).all(|pair| pair[0] <= pair[1]));
        }
    }

    #[test]
    fn phases_run_foundation_deepening_integration() {
        assert_eq!(phase(1, 1), Level::Foundation);
        assert_eq!(phase(1, 30), Level::Foundation);
        assert_eq!(phase(15, 30), Level::Deepening);
        assert_eq!(phase(30, 30), Level::Integration);
        assert_eq!(phase(366, 366), Level::Integration);
        let plan = planned("fitness", ResearchDepth::Basic, 30, 1);
        let opened: Vec<u32> = plan.days.iter().filter(|p| p.opens_phase).map(|p| p.day).collect();
        assert_eq!(opened.len(), 3, "{opened:?}");
        assert_eq!(opened[0], 1);
    }

    #[test]
    fn a_one_day_journal_is_one_practice_day() {
        let plan = planned("creativity", ResearchDepth::Deep, 1, 9);
        assert_eq!(plan.techniques.len(), 1);
        assert_eq!(plan.days.len(), 1);
        assert_eq!(plan.days[0].kind, Kind::Practice { technique: 0, appearance: 0 });
    }
}
