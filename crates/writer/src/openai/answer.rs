//! Reading a model's answer: the JSON is parsed against the journal's structure,
//! its text tidied (whitespace, stray control characters, quotation marks around the
//! quote) and then checked against every rule a stored journal keeps. Anything wrong
//! becomes a [`Rejection`] whose text is shown to the model on the next attempt.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::content::limits::{self, MAX_CERTIFICATE_FIELDS, MAX_LINES};
use crate::content::{DayPage, JournalContent};

/// The quote is signed with the author's name afterwards, so it must leave room for it.
pub const QUOTE_MAX_CHARS: usize = 250;
/// The problems listed in one rejection; the rest are counted.
const SHOWN_PROBLEMS: usize = 12;

/// The day pages one answer must hold: `first` to `last`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub first: u32,
    pub last: u32,
}

impl DayRange {
    pub fn len(self) -> u32 {
        self.last + 1 - self.first
    }

    /// `days` cut into ranges of at most `per_part` days.
    pub fn parts(days: u32, per_part: u32) -> Vec<DayRange> {
        let per_part = per_part.max(1);
        (0..days.div_ceil(per_part))
            .map(|part| DayRange { first: part * per_part + 1, last: ((part + 1) * per_part).min(days) })
            .collect()
    }
}

/// Why an answer was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// No text came back.
    Empty,
    /// The model said it would not write this.
    Refused(String),
    /// The answer stopped at the model's output limit.
    Truncated,
    /// The text is not JSON.
    NotJson(String),
    /// The JSON breaks the structure or the rules, one `path: problem` per entry.
    Rules(Vec<String>),
}

impl Rejection {
    /// One line for logs and the job's failure reason.
    pub fn describe(&self) -> String {
        match self {
            Rejection::Empty => "the answer was empty".to_owned(),
            Rejection::Refused(why) => format!("the model declined to write it: {}", clip(why, 300)),
            Rejection::Truncated => "the answer was cut off at the model's output limit".to_owned(),
            Rejection::NotJson(error) => format!("the answer was not valid JSON ({error})"),
            Rejection::Rules(problems) => {
                let shown = problems.iter().take(SHOWN_PROBLEMS).cloned().collect::<Vec<_>>().join("; ");
                let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
                let more = if more > 0 { format!("; and {more} more") } else { String::new() };
                format!("the answer broke the journal's rules: {shown}{more}")
            }
        }
    }

    /// What the model is told before it tries again.
    pub fn feedback(&self) -> String {
        let fix = match self {
            Rejection::Truncated => {
                "Write the same JSON object again with shorter texts so that it fits in one answer."
            }
            Rejection::Refused(_) | Rejection::Empty => {
                "Write the journal as asked: it is a self-help journal for the person's own use."
            }
            Rejection::NotJson(_) | Rejection::Rules(_) => {
                "Answer again with the whole corrected JSON object and nothing else."
            }
        };
        format!("Your previous answer could not be used: {}. {fix}", self.describe())
    }

    /// Whether the model's text should be shown back to it with the feedback.
    pub fn shows_answer(&self) -> bool {
        matches!(self, Rejection::NotJson(_) | Rejection::Rules(_))
    }
}

/// The first answer: the whole journal around its first `range` of days.
pub fn journal(text: &str, range: DayRange) -> Result<JournalContent, Rejection> {
    let mut content: JournalContent = parse(text)?;
    tidy_frame(&mut content);
    content.days.iter_mut().for_each(tidy_day);
    let mut problems = frame_problems(&content);
    problems.extend(day_problems(&content.days, range));
    if problems.is_empty() { Ok(content) } else { Err(Rejection::Rules(problems)) }
}

/// A later answer: `{"days": [...]}` holding exactly `range`.
pub fn days(text: &str, range: DayRange) -> Result<Vec<DayPage>, Rejection> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Days {
        days: Vec<DayPage>,
    }
    let mut answer: Days = parse(text)?;
    answer.days.iter_mut().for_each(tidy_day);
    let problems = day_problems(&answer.days, range);
    if problems.is_empty() { Ok(answer.days) } else { Err(Rejection::Rules(problems)) }
}

/// Signs the quote with the author's name, as the builtin provider does.
pub fn sign_quote(content: &mut JournalContent) {
    content.introduction.quote = format!("“{}” — {}", content.introduction.quote, content.author_name);
}

/// The JSON of `text` as `T`; a code fence around it is tolerated.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Rejection> {
    let json = unfence(text);
    if json.is_empty() {
        return Err(Rejection::Empty);
    }
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|error| Rejection::NotJson(error.to_string()))?;
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let place = if path == "." { "the answer".to_owned() } else { path };
        Rejection::Rules(vec![format!("{place}: {}", error.into_inner())])
    })
}

/// `text` without a Markdown code fence around it.
fn unfence(text: &str) -> &str {
    let text = text.trim();
    let Some(inner) = text.strip_prefix("```") else { return text };
    let Some(inner) = inner.strip_suffix("```") else { return text };
    // The fence's first line may name a language.
    inner.split_once('\n').map_or(inner, |(_, body)| body).trim()
}

fn tidy_frame(content: &mut JournalContent) {
    for line in
        [&mut content.title, &mut content.subtitle, &mut content.author_name, &mut content.introduction.title]
    {
        *line = one_line(line);
    }
    content.introduction.quote = bare_quote(&content.introduction.quote, &content.author_name);
    for text in [
        &mut content.description,
        &mut content.introduction.writeup,
        &mut content.commitment.text,
        &mut content.commitment.writeup,
        &mut content.certificate.summary,
        &mut content.certificate.text,
    ] {
        *text = block(text);
    }
    content.certificate.fields.iter_mut().for_each(|field| *field = one_line(field));
}

fn tidy_day(day: &mut DayPage) {
    day.title = one_line(&day.title);
    day.pre_writeup = block(&day.pre_writeup);
    day.prompt = block(&day.prompt);
}

/// Every problem of the pages around the days.
fn frame_problems(content: &JournalContent) -> Vec<String> {
    use limits::{LONG_TEXT_MAX_CHARS as LONG, TITLE_MAX_CHARS as TITLE};
    let mut problems = Vec::new();
    let mut check = |path: &str, value: &str, max: usize| check_text(&mut problems, path, value, max);
    check("title", &content.title, TITLE);
    check("subtitle", &content.subtitle, TITLE);
    check("author_name", &content.author_name, TITLE);
    check("description", &content.description, LONG);
    check("introduction.title", &content.introduction.title, TITLE);
    check("introduction.quote", &content.introduction.quote, QUOTE_MAX_CHARS);
    check("introduction.writeup", &content.introduction.writeup, LONG);
    check("commitment.text", &content.commitment.text, LONG);
    check("commitment.writeup", &content.commitment.writeup, LONG);
    check("certificate.summary", &content.certificate.summary, LONG);
    check("certificate.text", &content.certificate.text, LONG);
    for (i, field) in content.certificate.fields.iter().enumerate() {
        check(&format!("certificate.fields[{i}]"), field, TITLE);
    }
    if attribution(&content.introduction.quote).is_some() {
        problems.push(
            "introduction.quote: must be the author's own words, with no attribution (the journal signs it)"
                .to_owned(),
        );
    }
    let fields = content.certificate.fields.len();
    if fields == 0 || fields > MAX_CERTIFICATE_FIELDS {
        problems
            .push(format!("certificate.fields: {fields} entries instead of 1 to {MAX_CERTIFICATE_FIELDS}"));
    }
    problems
}

/// Every problem of `days`, which must be exactly the pages of `range`, in order.
fn day_problems(days: &[DayPage], range: DayRange) -> Vec<String> {
    use limits::{LONG_TEXT_MAX_CHARS as LONG, TITLE_MAX_CHARS as TITLE};
    let mut problems = Vec::new();
    if days.len() != range.len() as usize {
        problems.push(format!(
            "days: {} pages instead of {} (days {} to {})",
            days.len(),
            range.len(),
            range.first,
            range.last
        ));
    }
    for (i, (day, expected)) in days.iter().zip(range.first..).enumerate() {
        let path = format!("days[{i}]");
        if day.day != expected {
            problems.push(format!("{path}.day: is {} instead of {expected}", day.day));
        }
        check_text(&mut problems, &format!("{path}.title"), &day.title, TITLE);
        check_text(&mut problems, &format!("{path}.pre_writeup"), &day.pre_writeup, LONG);
        check_text(&mut problems, &format!("{path}.prompt"), &day.prompt, LONG);
        if !(1..=MAX_LINES).contains(&day.lines) {
            problems
                .push(format!("{path}.lines: is {} instead of a number from 1 to {MAX_LINES}", day.lines));
        }
    }
    problems
}

fn check_text(problems: &mut Vec<String>, path: &str, value: &str, max: usize) {
    if value.is_empty() {
        problems.push(format!("{path}: must not be empty"));
    } else if value.chars().count() > max {
        problems.push(format!("{path}: longer than {max} characters"));
    }
}

/// One line: every run of whitespace or control characters becomes one space.
fn one_line(text: &str) -> String {
    let spaced: String = text.chars().map(|ch| if ch.is_control() { ' ' } else { ch }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text of paragraphs: Unix line breaks, no control characters but line breaks and
/// tabs, no trailing spaces, at most one blank line in a row, trimmed.
fn block(text: &str) -> String {
    let unix = text.replace("\r\n", "\n").replace('\r', "\n");
    let clean: String = unix.chars().filter(|ch| !ch.is_control() || matches!(ch, '\n' | '\t')).collect();
    let mut out = String::with_capacity(clean.len());
    let mut blank_lines = 0;
    for line in clean.trim().lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_lines += 1;
            if blank_lines > 1 {
                continue;
            }
        } else {
            blank_lines = 0;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(if line.trim().is_empty() { "" } else { line });
    }
    out
}

/// The quote on one line without quotation marks around it, and without a signature
/// when the model signed it with the author's own name.
fn bare_quote(quote: &str, author_name: &str) -> String {
    let mut quote = one_line(quote);
    if let Some((words, by)) = attribution(&quote)
        && !author_name.is_empty()
        && by.eq_ignore_ascii_case(author_name)
    {
        quote = words.to_owned();
    }
    const PAIRS: [(char, char); 6] =
        [('"', '"'), ('“', '”'), ('\'', '\''), ('‘', '’'), ('«', '»'), ('„', '“')];
    for (open, close) in PAIRS {
        if let Some(inner) = quote.strip_prefix(open).and_then(|rest| rest.strip_suffix(close))
            && !inner.trim().is_empty()
        {
            return inner.trim().to_owned();
        }
    }
    quote
}

/// `(words, name)` when `quote` ends with a signature such as `"…" — Someone`: a dash
/// after the end of a sentence or a closing quotation mark, then a short name.
fn attribution(quote: &str) -> Option<(&str, &str)> {
    let (at, dash) = quote.char_indices().rev().find(|(_, ch)| matches!(ch, '—' | '–' | '―' | '~' | '-'))?;
    let words = quote[..at].trim_end();
    let name = quote[at + dash.len_utf8()..].trim_matches(|ch: char| ch.is_whitespace() || ch == '-');
    let ends_sentence = words.ends_with(['.', '!', '?', '"', '”', '’', '\'', '»', ',']);
    // A name may hold initials ("A. Writer") but does not end a sentence itself.
    let is_name = !name.is_empty()
        && name.chars().count() <= 80
        && name.split_whitespace().count() <= 8
        && !name.ends_with(['.', '!', '?'])
        && !name.contains(['!', '?']);
    (ends_sentence && is_name && !words.is_empty()).then_some((words, name))
}

/// `text` cut to `max` characters, on one line.
pub fn clip(text: &str, max: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max {
        line
    } else {
        format!("{}…", line.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn day(n: u32) -> Value {
        json!({
            "day": n,
            "title": format!("Day {n}: Noticing"),
            "pre_writeup": "Pause and notice three sounds.",
            "prompt": "What did you hear, and how did it feel?",
            "lines": 12,
            "page_style": "lined"
        })
    }

    fn answer(days: u32) -> Value {
        json!({
            "title": "Where Stillness Gathers",
            "subtitle": "A three-day practice",
            "author_name": "The Quiet Poet",
            "description": "A short journal of attention.",
            "introduction": {"title": "Welcome", "quote": "Begin where your feet are.", "writeup": "Read this first."},
            "commitment": {"text": "I commit to three quiet pages.", "writeup": "Promises steady us."},
            "days": (1..=days).map(day).collect::<Vec<_>>(),
            "certificate": {"summary": "Three days of attention.", "text": "You kept going.", "fields": ["Name", "Date"]}
        })
    }

    const ALL: DayRange = DayRange { first: 1, last: 3 };

    fn rules(result: Result<impl std::fmt::Debug, Rejection>) -> Vec<String> {
        match result {
            Err(Rejection::Rules(problems)) => problems,
            other => panic!("expected a rules rejection, got {other:?}"),
        }
    }

    #[test]
    fn a_sound_answer_becomes_content() {
        let content = journal(&answer(3).to_string(), ALL).expect("sound");
        assert_eq!(content.days.len(), 3);
        assert_eq!(content.days[2].prompt, "What did you hear, and how did it feel?");
        assert_eq!(content.introduction.quote, "Begin where your feet are.");
    }

    #[test]
    fn a_code_fence_is_tolerated_but_prose_is_not_json() {
        let fenced = format!("```json\n{}\n```", answer(3));
        assert!(journal(&fenced, ALL).is_ok());
        assert!(matches!(journal("Here is your journal: {", ALL), Err(Rejection::NotJson(_))));
        assert_eq!(journal("  ", ALL), Err(Rejection::Empty));
    }

    #[test]
    fn structure_errors_name_their_path() {
        let mut bad = answer(3);
        bad["days"][1]["page_style"] = json!("wavy");
        let problems = rules(journal(&bad.to_string(), ALL));
        assert!(problems[0].starts_with("days[1].page_style: unknown variant `wavy`"), "{problems:?}");

        let mut missing = answer(3);
        missing.as_object_mut().expect("object").remove("certificate");
        assert_eq!(rules(journal(&missing.to_string(), ALL)), ["the answer: missing field `certificate`"]);

        let mut extra = answer(3);
        extra["introduction"]["author"] = json!("Someone");
        let problems = rules(journal(&extra.to_string(), ALL));
        assert!(problems[0].starts_with("introduction.author: unknown field `author`"), "{problems:?}");

        let mut negative = answer(3);
        negative["days"][0]["lines"] = json!(-4);
        assert!(rules(journal(&negative.to_string(), ALL))[0].starts_with("days[0].lines: "));
    }

    #[test]
    fn days_must_be_the_range_asked_for() {
        let problems = rules(journal(&answer(2).to_string(), ALL));
        assert_eq!(problems, ["days: 2 pages instead of 3 (days 1 to 3)"]);

        let later = json!({"days": [day(31), day(33)]});
        let problems = rules(days(&later.to_string(), DayRange { first: 31, last: 32 }));
        assert_eq!(problems, ["days[1].day: is 33 instead of 32"]);
        let sound = json!({"days": [day(31), day(32)]});
        assert_eq!(days(&sound.to_string(), DayRange { first: 31, last: 32 }).expect("sound").len(), 2);
        assert!(days(&answer(2).to_string(), DayRange { first: 1, last: 2 }).is_err(), "only days");
    }

    #[test]
    fn texts_lines_and_fields_are_bounded() {
        let mut bad = answer(3);
        bad["title"] = json!("  \n ");
        bad["days"][0]["prompt"] = json!("x".repeat(limits::LONG_TEXT_MAX_CHARS + 1));
        bad["days"][1]["lines"] = json!(0);
        bad["days"][2]["lines"] = json!(61);
        bad["certificate"]["fields"] = json!([]);
        bad["introduction"]["quote"] = json!("q".repeat(QUOTE_MAX_CHARS + 1));
        let problems = rules(journal(&bad.to_string(), ALL));
        for expected in [
            "title: must not be empty",
            "days[0].prompt: longer than 10000 characters",
            "days[1].lines: is 0 instead of a number from 1 to 60",
            "days[2].lines: is 61 instead of a number from 1 to 60",
            "certificate.fields: 0 entries instead of 1 to 20",
            "introduction.quote: longer than 250 characters",
        ] {
            assert!(problems.iter().any(|p| p == expected), "{expected} missing from {problems:?}");
        }
        let described = Rejection::Rules(problems.clone()).describe();
        assert!(described.starts_with("the answer broke the journal's rules: "), "{described}");
    }

    #[test]
    fn texts_are_tidied_before_they_are_checked() {
        let mut messy = answer(3);
        messy["title"] = json!("  Where\nStillness\tGathers ");
        messy["introduction"]["writeup"] = json!("First.\r\n\r\n\r\n\r\nSecond.  \u{7}\n");
        messy["introduction"]["quote"] = json!("“Begin where your feet are.”");
        let content = journal(&messy.to_string(), ALL).expect("sound");
        assert_eq!(content.title, "Where Stillness Gathers");
        assert_eq!(content.introduction.writeup, "First.\n\nSecond.");
        assert_eq!(content.introduction.quote, "Begin where your feet are.");
    }

    #[test]
    fn quotes_attributed_to_someone_are_refused() {
        for quoted in ["\"Be here now.\" — A. Teacher", "Know thyself. - Socrates", "“Breathe.” ~ Anonymous"]
        {
            let mut bad = answer(3);
            bad["introduction"]["quote"] = json!(quoted);
            let problems = rules(journal(&bad.to_string(), ALL));
            assert!(
                problems[0].starts_with("introduction.quote: must be the author's own words"),
                "{quoted}"
            );
        }
        for own in
            ["Rest is not idle — it is repair.", "Begin again - gently", "Slow down, then slower still"]
        {
            assert_eq!(attribution(own), None, "{own}");
        }
        let mut signed = answer(3);
        signed["introduction"]["quote"] = json!("“Begin where your feet are.” — The Quiet Poet");
        let mut content = journal(&signed.to_string(), ALL).expect("own signature is removed");
        assert_eq!(content.introduction.quote, "Begin where your feet are.");
        sign_quote(&mut content);
        assert_eq!(content.introduction.quote, "“Begin where your feet are.” — The Quiet Poet");
    }

    #[test]
    fn long_journals_are_cut_into_parts() {
        assert_eq!(DayRange::parts(3, 30), [DayRange { first: 1, last: 3 }]);
        let parts = DayRange::parts(70, 30);
        assert_eq!(
            parts.iter().map(|r| (r.first, r.last)).collect::<Vec<_>>(),
            [(1, 30), (31, 60), (61, 70)]
        );
        assert_eq!(DayRange::parts(366, 30).len(), 13);
        assert_eq!(DayRange::parts(60, 30).len(), 2);
    }

    #[test]
    fn feedback_tells_the_model_what_to_fix() {
        let feedback = Rejection::Rules(vec!["days[1].page_style: unknown variant `wavy`".into()]).feedback();
        assert!(feedback.contains("days[1].page_style"), "{feedback}");
        assert!(feedback.contains("whole corrected JSON object"), "{feedback}");
        let many = Rejection::Rules((0..20).map(|i| format!("days[{i}].title: must not be empty")).collect());
        assert!(many.describe().ends_with("; and 8 more"), "{}", many.describe());
        assert!(!Rejection::Truncated.shows_answer());
    }
}
