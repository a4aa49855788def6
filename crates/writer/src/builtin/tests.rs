//! The builtin provider as a caller sees it: sound, varied, deterministic journals.

use std::collections::HashSet;
use std::future::Future;
use std::pin::pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use super::BuiltinProvider;
use super::library;
use crate::catalogue;
use crate::content::{GenerationRequest, JournalContent, PageStyle, ResearchDepth, limits};
use crate::{GenerationError, Progress, Provider, Stage};

/// Famous authors no quote may be put in the mouth of, nor any text mention.
pub const FAMOUS: &[&str] = &[
    "Rumi",
    "Thich Nhat Hanh",
    "Marcus Aurelius",
    "Seneca",
    "Lao Tzu",
    "Buddha",
    "Maya Angelou",
    "Brené Brown",
    "Brene Brown",
    "Eckhart Tolle",
    "Oprah",
    "Einstein",
    "Gandhi",
    "Mary Oliver",
    "Kabat-Zinn",
    "Anne Lamott",
    "Julia Cameron",
    "James Clear",
    "Seligman",
    "Tara Brach",
    "Emerson",
    "Thoreau",
    "Confucius",
    "Aristotle",
    "Socrates",
    "Epictetus",
    "Dalai Lama",
    "Mark Twain",
    "Oscar Wilde",
    "Shakespeare",
    "Churchill",
    "Eisenhower",
    "Steve Jobs",
    "Pema",
    "Carl Jung",
    "Freud",
    "Viktor Frankl",
    "Kahlil Gibran",
    "Mother Teresa",
    "Martin Luther",
    "Lincoln",
    "Benjamin Franklin",
    "Picasso",
    "Da Vinci",
    "Maslow",
    "Fogg",
    "Covey",
    "Tolle",
];

/// Words that mean a page was left unwritten.
pub const FORBIDDEN: &[&str] = &["lorem", "ipsum", "TODO", "TBD", "placeholder", "FIXME"];

const DAYS: [u32; 5] = [1, 7, 30, 365, 366];

struct Quiet;

impl Progress for Quiet {
    fn report(&self, _stage: Stage, _percent: u8) {}
}

#[derive(Default)]
struct Recorder(Mutex<Vec<(Stage, u8)>>);

impl Progress for Recorder {
    fn report(&self, stage: Stage, percent: u8) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((stage, percent));
    }
}

fn request(theme: &str, style: &str, depth: ResearchDepth, days: u32, seed: u64) -> GenerationRequest {
    GenerationRequest {
        theme: theme.into(),
        title_style: style.into(),
        author_style: "warm and practical".into(),
        research_depth: depth,
        custom_prompt: String::new(),
        days,
        seed,
    }
}

fn write(request: &GenerationRequest) -> JournalContent {
    match BuiltinProvider::new().write(request, &Quiet) {
        Ok(content) => content,
        Err(error) => panic!("{request:?} failed: {error}"),
    }
}

/// Runs a future that never waits, as the builtin provider's does.
fn ready<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the builtin provider never waits"),
    }
}

/// Every text of a journal, with where it is.
fn texts(content: &JournalContent) -> Vec<(String, &str)> {
    let mut texts = vec![
        ("title".to_owned(), content.title.as_str()),
        ("subtitle".to_owned(), &content.subtitle),
        ("author_name".to_owned(), &content.author_name),
        ("description".to_owned(), &content.description),
        ("introduction.title".to_owned(), &content.introduction.title),
        ("introduction.quote".to_owned(), &content.introduction.quote),
        ("introduction.writeup".to_owned(), &content.introduction.writeup),
        ("commitment.text".to_owned(), &content.commitment.text),
        ("commitment.writeup".to_owned(), &content.commitment.writeup),
        ("certificate.summary".to_owned(), &content.certificate.summary),
        ("certificate.text".to_owned(), &content.certificate.text),
    ];
    texts.extend(
        content.certificate.fields.iter().map(|field| ("certificate.field".to_owned(), field.as_str())),
    );
    for day in &content.days {
        texts.push((format!("day {} title", day.day), &day.title));
        texts.push((format!("day {} pre_writeup", day.day), &day.pre_writeup));
        texts.push((format!("day {} prompt", day.day), &day.prompt));
    }
    texts
}

/// Checks every text for unfilled slots, placeholders, famous names and ragged
/// spacing, and the quote's attribution.
fn assert_clean(content: &JournalContent, what: &str) {
    let texts = texts(content);
    let all = texts.iter().map(|&(_, text)| text).collect::<Vec<_>>().join("\n");
    let lower = all.to_lowercase();
    let forbidden = FORBIDDEN.iter().find(|word| lower.contains(&word.to_lowercase()));
    let found = forbidden
        .or_else(|| FAMOUS.iter().chain(&["{", "}", "  ", " .", " ,"]).find(|bad| all.contains(*bad)));
    if let Some(bad) = found {
        let at = texts.iter().find(|(_, text)| text.to_lowercase().contains(&bad.to_lowercase()));
        panic!("{what}: {bad:?} in {at:?}");
    }
    let quote = &content.introduction.quote;
    let attribution = quote.split(" — ").nth(1);
    assert_eq!(
        attribution,
        Some(content.author_name.as_str()),
        "{what}: quote attributed elsewhere: {quote}"
    );
    assert!(content.author_name.starts_with("The "), "{what}: {}", content.author_name);
}

fn technique_names_in(content: &JournalContent, theme: &str) -> usize {
    let Some(library) = library::library(theme) else { panic!("no library for {theme}") };
    library
        .techniques
        .iter()
        .filter(|technique| {
            content.days.iter().any(|day| day.title.starts_with(&format!("{}:", technique.name)))
        })
        .count()
}

#[test]
fn every_theme_style_depth_and_length_makes_a_sound_journal() {
    let styles = catalogue::title_styles();
    let mut combination = 0;
    for theme in catalogue::themes() {
        for depth in ResearchDepth::ALL {
            for days in DAYS {
                for _ in 0..3 {
                    combination += 1;
                    let style = styles[combination % styles.len()].id.as_str();
                    let request = request(&theme.id, style, depth, days, combination as u64);
                    let content = write(&request);
                    let what = format!("{}/{style}/{}/{days}", theme.id, depth.as_str());
                    assert_eq!(content.problems(days), Vec::<String>::new(), "{what}");
                    // Text checks are slow in test builds over a year of pages: every
                    // short journal, and one deep long journal per theme and length.
                    if days <= 30 || (depth == ResearchDepth::Deep && combination % 3 == 0) {
                        assert_clean(&content, &what);
                    }
                    for day in &content.days {
                        assert!((8..=30).contains(&day.lines), "{what} day {}: {} lines", day.day, day.lines);
                    }
                }
            }
        }
    }
}

#[test]
fn every_title_style_and_voice_writes_cleanly() {
    let voices =
        ["The Quiet Poet", "direct, no fluff", "scientific", "playful and silly", "", "Jane Example"];
    for theme in catalogue::themes() {
        for (index, style) in catalogue::title_styles().iter().enumerate() {
            let mut request = request(&theme.id, &style.id, ResearchDepth::Medium, 30, index as u64);
            request.author_style = voices[index % voices.len()].into();
            let content = write(&request);
            assert!(content.problems(30).is_empty(), "{}/{}", theme.id, style.id);
            assert_clean(&content, &format!("{}/{}", theme.id, style.id));
        }
    }
}

#[test]
fn the_same_request_gives_the_same_journal() {
    for theme in catalogue::themes() {
        let request = request(&theme.id, "poetic", ResearchDepth::Deep, 30, 42);
        assert_eq!(write(&request), write(&request));
        let long = self::request(&theme.id, "numbered", ResearchDepth::Light, 366, 7);
        assert_eq!(write(&long), write(&long));
    }
}

#[test]
fn different_seeds_give_different_journals() {
    for theme in catalogue::themes() {
        let journals: Vec<JournalContent> = (0..5)
            .map(|seed| write(&request(&theme.id, "inspirational", ResearchDepth::Basic, 30, seed)))
            .collect();
        for (i, a) in journals.iter().enumerate() {
            for b in &journals[i + 1..] {
                assert_ne!(a, b, "{}", theme.id);
                assert_ne!(a.days, b.days, "{}: only the framing differs", theme.id);
            }
        }
    }
}

#[test]
fn deeper_research_teaches_more_techniques() {
    for theme in catalogue::themes() {
        for seed in 0..3 {
            let counts: Vec<usize> = ResearchDepth::ALL
                .iter()
                .map(|&depth| {
                    technique_names_in(&write(&request(&theme.id, "practical", depth, 30, seed)), &theme.id)
                })
                .collect();
            assert!(counts.windows(2).all(|pair| pair[0] < pair[1]), "{}: {counts:?}", theme.id);
            assert_eq!(counts[0], 3, "{}", theme.id);
        }
    }
}

#[test]
fn deeper_research_writes_richer_teachings() {
    let length = |depth| {
        let content = write(&request("gratitude", "personal", depth, 30, 5));
        content.days.iter().map(|day| day.pre_writeup.len()).sum::<usize>() / content.days.len()
            + content.introduction.writeup.len()
    };
    let lengths: Vec<usize> = ResearchDepth::ALL.iter().map(|&depth| length(depth)).collect();
    assert!(lengths.windows(2).all(|pair| pair[0] < pair[1]), "{lengths:?}");
}

#[test]
fn a_thirty_day_journal_never_repeats_a_prompt() {
    for theme in catalogue::themes() {
        for depth in ResearchDepth::ALL {
            for seed in 0..6 {
                let content = write(&request(&theme.id, "question", depth, 30, seed));
                let prompts: HashSet<&str> = content.days.iter().map(|day| day.prompt.as_str()).collect();
                assert_eq!(prompts.len(), 30, "{}/{}/{seed}", theme.id, depth.as_str());
            }
        }
    }
}

#[test]
fn weekly_reviews_and_a_closing_shape_the_journal() {
    let content = write(&request("self_discovery", "transformational", ResearchDepth::Medium, 30, 1));
    for day in &content.days {
        let review = day.day % 7 == 0;
        assert_eq!(day.title.contains("Week"), review, "day {}: {}", day.day, day.title);
        if review {
            assert!(
                day.pre_writeup.contains(&format!("{}", day.day / 7))
                    || day.title.contains(&(day.day / 7).to_string())
            );
        }
    }
    let last = &content.days[29];
    assert!(last.pre_writeup.contains("30 days"), "{}", last.pre_writeup);
    assert!(content.days[0].pre_writeup.contains("\n\n"), "day 1 opens the first phase");
    assert_eq!(
        content.certificate.fields[..4],
        ["Name", "Date started", "Date completed", "One thing I learned"]
    );
    assert!(content.certificate.summary.contains("4 weekly reviews"), "{}", content.certificate.summary);
}

#[test]
fn page_styles_follow_the_prompt() {
    let mut seen = HashSet::new();
    for theme in catalogue::themes() {
        let content = write(&request(&theme.id, "minimalist", ResearchDepth::Deep, 60, 3));
        let lined = content.days.iter().filter(|day| day.page_style == PageStyle::Lined).count();
        assert!(lined * 2 > content.days.len(), "{}: mostly lined", theme.id);
        for day in &content.days {
            seen.insert(day.page_style);
            let prompt = day.prompt.to_lowercase();
            if day.page_style == PageStyle::Blank {
                assert!(prompt.contains("draw"), "{}: blank page for {prompt}", theme.id);
            }
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}

#[test]
fn the_custom_prompt_is_only_ever_plain_text() {
    let mut request = request("anxiety_relief", "personal", ResearchDepth::Basic, 14, 9);
    let plain = write(&request);
    request.custom_prompt = "<script>alert('x')</script>\n\nHelp me with {noun} & exams </p>".into();
    let content = write(&request);
    let expected = "<script>alert('x')</script> Help me with {noun} & exams </p>";
    let places: Vec<String> =
        texts(&content).into_iter().filter(|(_, text)| text.contains("<script>")).map(|(at, _)| at).collect();
    assert_eq!(places, ["introduction.writeup"]);
    assert_eq!(content.introduction.writeup.matches(expected).count(), 1, "{}", content.introduction.writeup);
    assert_eq!(content.problems(14), Vec::<String>::new());
    assert_ne!(content.days, plain.days, "the custom prompt takes part in the seed");

    request.custom_prompt = "x".repeat(limits::CUSTOM_PROMPT_MAX_CHARS);
    request.research_depth = ResearchDepth::Deep;
    assert_eq!(write(&request).problems(14), Vec::<String>::new());
    request.custom_prompt.push('x');
    assert!(matches!(BuiltinProvider::new().write(&request, &Quiet), Err(GenerationError::Invalid(_))));
}

#[test]
fn anxiety_relief_points_to_professional_help() {
    let content = write(&request("anxiety_relief", "inspirational", ResearchDepth::Light, 7, 1));
    assert!(content.introduction.writeup.contains("professional"), "{}", content.introduction.writeup);
}

#[test]
fn unknown_choices_and_lengths_are_invalid() {
    let invalid = |request: GenerationRequest| match BuiltinProvider::new().write(&request, &Quiet) {
        Err(GenerationError::Invalid(message)) => message,
        other => panic!("expected Invalid for {request:?}, got {other:?}"),
    };
    assert_eq!(invalid(request("x", "poetic", ResearchDepth::Light, 7, 1)), "unknown theme \"x\"");
    assert_eq!(
        invalid(request("fitness", "shouty", ResearchDepth::Light, 7, 1)),
        "unknown title style \"shouty\""
    );
    for days in [0, 367, u32::MAX] {
        assert!(invalid(request("fitness", "poetic", ResearchDepth::Light, days, 1)).contains("days"));
    }
}

#[test]
fn progress_climbs_through_every_stage_to_95() {
    let provider = BuiltinProvider::new();
    assert_eq!(provider.name(), "builtin");
    let recorder = Recorder::default();
    let request = request("creativity", "playful", ResearchDepth::Medium, 30, 1);
    let content = ready(provider.generate(&request, &recorder));
    assert!(content.is_ok());
    let reports = recorder.0.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    let percents: Vec<u8> = reports.iter().map(|&(_, percent)| percent).collect();
    assert!(percents.windows(2).all(|pair| pair[0] <= pair[1]), "{reports:?}");
    assert_eq!(percents.first(), Some(&10));
    assert_eq!(percents.last(), Some(&95));
    let stages: Vec<Stage> = reports.iter().map(|&(stage, _)| stage).collect();
    let mut order = stages.clone();
    order.dedup();
    assert_eq!(order, Stage::ALL);
}

#[test]
fn the_author_voice_shapes_the_writing() {
    let mut request = request("mindfulness", "poetic", ResearchDepth::Basic, 30, 3);
    request.author_style = "The Quiet Poet".into();
    let poet = write(&request);
    assert_eq!(poet.author_name, "The Quiet Poet");
    request.author_style = "direct and practical, no fluff".into();
    let coach = write(&request);
    assert_eq!(coach.author_name, "The Practical Teacher");
    assert_ne!(poet.introduction.writeup, coach.introduction.writeup);
    assert_ne!(poet.commitment, coach.commitment);
    request.author_style = "someone like a famous novelist".into();
    assert_eq!(write(&request).author_name, "The Gentle Guide");
}

#[test]
fn a_technique_never_repeats_its_exercise_on_consecutive_days() {
    for theme in catalogue::themes() {
        for depth in ResearchDepth::ALL {
            let content = write(&request(&theme.id, "poetic", depth, 60, 4));
            let Some(library) = library::library(&theme.id) else { panic!("no library for {}", theme.id) };
            for technique in &library.techniques {
                let prefix = format!("{}:", technique.name);
                let titles: Vec<&str> = content
                    .days
                    .iter()
                    .map(|day| day.title.as_str())
                    .filter(|title| title.starts_with(&prefix))
                    .collect();
                for pair in titles.windows(2) {
                    assert_ne!(pair[0], pair[1], "{}/{}", theme.id, depth.as_str());
                }
            }
        }
    }
}

#[test]
fn a_one_day_journal_is_a_single_practice_page() {
    let content = write(&request("gratitude", "minimalist", ResearchDepth::Deep, 1, 2));
    assert_eq!(content.days.len(), 1);
    assert!(content.days[0].title.contains(':'), "a practice page, not a closing: {}", content.days[0].title);
    assert!(!content.days[0].pre_writeup.contains("\n\n"), "no phase to announce in a single day");
    assert!(content.introduction.writeup.contains("a single day's practice"));
    assert!(content.certificate.summary.starts_with("One day of gratitude journaling"));
}
