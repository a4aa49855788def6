//! `check` on the embedded files and on broken copies of them: each mistake is found
//! and named by its file and entry.

use super::*;

const GRATITUDE: &str = "data/library/gratitude.toml";

/// The embedded files with `file`'s text changed by `edit`.
fn edited(file: &str, edit: impl Fn(&str) -> String) -> Vec<(&'static str, String)> {
    let found = EMBEDDED.iter().any(|&(name, _)| name == file);
    assert!(found, "{file} is not embedded");
    EMBEDDED
        .iter()
        .map(|&(name, text)| (name, if name == file { edit(text) } else { text.to_owned() }))
        .collect()
}

/// `old` replaced by `new`, once, where it must be.
fn replace(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "{old:?} is not in the file");
    text.replacen(old, new, 1)
}

/// The problems `check_files` finds in `files`; it must find some.
fn problems(files: &[(&str, String)]) -> Vec<Problem> {
    let files: Vec<(&str, &str)> = files.iter().map(|(name, text)| (*name, text.as_str())).collect();
    match check_files(&files) {
        Ok(()) => panic!("the content passed"),
        Err(error) => error.problems,
    }
}

/// The one problem in `files`, shown as `check` shows it.
fn only_problem(files: &[(&str, String)]) -> String {
    let problems = problems(files);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems[0].to_string()
}

#[test]
fn the_embedded_content_passes() {
    assert_eq!(check(), Ok(()));
    assert_eq!(content().libraries.len(), content().catalogue.themes.len());
}

#[test]
fn an_unknown_placeholder_in_a_prompt_is_named_with_its_technique() {
    let files = edited(GRATITUDE, |text| {
        replace(text, "Find three small good things {lens}", "Find three small good things {lense}")
    });
    assert_eq!(
        only_problem(&files),
        "data/library/gratitude.toml: technique \"Three Good Things\", prompt 2, text: \
         unknown placeholder {lense}; allowed here: {lens}"
    );
}

#[test]
fn reviews_closings_and_voices_allow_only_their_own_placeholders() {
    let files = edited(GRATITUDE, |text| {
        replace(text, "Read days {first_day} to {last_day}", "Read days {frist_day} to {last_day}")
    });
    assert_eq!(
        only_problem(&files),
        "data/library/gratitude.toml: review 1, text: unknown placeholder {frist_day}; \
         allowed here: {week}, {first_day}, {last_day}"
    );
    let files = edited(GRATITUDE, |text| replace(text, "After {days} of looking", "After {week} of looking"));
    assert!(
        only_problem(&files)
            .starts_with("data/library/gratitude.toml: closing 1, text: unknown placeholder {week}")
    );
    let files = edited("data/voices/warm.toml", |text| {
        replace(text, "Hello, and thank you", "Hello {name}, and thank you")
    });
    assert!(
        only_problem(&files).starts_with("data/voices/warm.toml: openers 2: unknown placeholder {name}"),
        "{files:?}"
    );
    let files = edited("data/voices/warm.toml", |text| {
        replace(text, "\"There is no wrong answer.\"", "\"There is no {wrong} answer.\"")
    });
    assert_eq!(
        only_problem(&files),
        "data/voices/warm.toml: nudges 1: unknown placeholder {wrong}; no placeholders are filled here"
    );
}

#[test]
fn a_missing_field_is_named_with_its_entry_and_line() {
    let files = edited(GRATITUDE, |text| {
        replace(text, "label = \"Small Wins\"\nform = \"list\"\n", "label = \"Small Wins\"\n")
    });
    let problem = only_problem(&files);
    assert!(
        problem.starts_with("data/library/gratitude.toml: technique \"Three Good Things\", prompt 2: line "),
        "{problem}"
    );
    assert!(problem.ends_with("missing field `form`"), "{problem}");
}

#[test]
fn an_unknown_field_is_named_with_its_entry() {
    let files = edited(GRATITUDE, |text| {
        replace(text, "name = \"Savouring\"\n", "name = \"Savouring\"\ncolour = \"gold\"\n")
    });
    let problem = only_problem(&files);
    assert!(problem.starts_with("data/library/gratitude.toml: technique \"Savouring\""), "{problem}");
    assert!(problem.contains("unknown field `colour`"), "{problem}");
}

#[test]
fn a_wrong_type_or_an_unknown_word_is_named_with_its_entry() {
    let files = edited(GRATITUDE, |text| {
        replace(
            text,
            "name = \"Savouring\"\nlevel = \"foundation\"",
            "name = \"Savouring\"\nlevel = \"advanced\"",
        )
    });
    let problem = only_problem(&files);
    assert!(
        problem.starts_with("data/library/gratitude.toml: technique \"Savouring\", level: line "),
        "{problem}"
    );
    assert!(problem.contains("unknown variant `advanced`"), "{problem}");
    let files =
        edited("data/catalogue.toml", |text| replace(text, "estimated_days = 66", "estimated_days = \"66\""));
    let problem = only_problem(&files);
    assert!(
        problem.starts_with("data/catalogue.toml: theme \"fitness\", estimated_days: line "),
        "{problem}"
    );
}

#[test]
fn a_malformed_file_is_named_with_its_line() {
    let files = edited(GRATITUDE, |text| {
        replace(text, "[[technique]]\nname = \"Savouring\"", "[[technique]\nname = \"Savouring\"")
    });
    let problem = only_problem(&files);
    assert!(problem.starts_with("data/library/gratitude.toml: line "), "{problem}");
    let line: usize = problem["data/library/gratitude.toml: line ".len()..]
        .split(':')
        .next()
        .and_then(|line| line.parse().ok())
        .unwrap_or_default();
    let text = edited(GRATITUDE, |text| text.to_owned())
        .into_iter()
        .find(|(name, _)| *name == GRATITUDE)
        .map(|(_, text)| text)
        .unwrap_or_default();
    assert_eq!(text.lines().nth(line - 1), Some("[[technique]]"), "{problem}");
}

#[test]
fn an_empty_slot_and_a_technique_without_prompts_are_refused() {
    let files = edited(GRATITUDE, |text| {
        let start = text.find("name = \"lens\"\noptions = [").unwrap_or_default();
        let end = start + text[start..].find("]\n").unwrap_or_default();
        format!("{}name = \"lens\"\noptions = [{}", &text[..start], &text[end..])
    });
    assert_eq!(
        only_problem(&files),
        "data/library/gratitude.toml: technique \"Three Good Things\", slot \"lens\": has no options"
    );
    let files = edited(GRATITUDE, |text| {
        format!(
            "{text}\n\n[[technique]]\nname = \"Empty Hands\"\nlevel = \"foundation\"\nteaching = \"Teach.\"\n\
             why = \"Because.\"\ndeeper = \"More.\"\ntips = [\"One.\"]\nprompt = []\n"
        )
    });
    assert_eq!(
        only_problem(&files),
        "data/library/gratitude.toml: technique \"Empty Hands\", prompt: needs at least one entry: \
         a practice day needs a prompt"
    );
}

#[test]
fn a_library_needs_every_level() {
    let files = edited(GRATITUDE, |text| text.replace("level = \"integration\"", "level = \"deepening\""));
    assert_eq!(
        only_problem(&files),
        "data/library/gratitude.toml: technique: none has level \"integration\"; every level needs one"
    );
}

#[test]
fn every_theme_has_one_library_and_every_library_a_theme() {
    let mut files = edited(GRATITUDE, |text| text.to_owned());
    files.retain(|(name, _)| *name != "data/library/fitness.toml");
    assert_eq!(
        only_problem(&files),
        "data/catalogue.toml: theme \"fitness\": has no library: data/library/fitness.toml is missing"
    );
    let mut files = edited(GRATITUDE, |text| text.to_owned());
    let gratitude = files.iter().find(|(name, _)| *name == GRATITUDE).map(|(_, text)| text.clone());
    files.push(("data/library/sleep.toml", gratitude.unwrap_or_default()));
    assert_eq!(
        only_problem(&files),
        "data/library/sleep.toml: is the library of theme \"sleep\", which data/catalogue.toml does not have"
    );
}

#[test]
fn every_voice_has_a_file() {
    let mut files = edited(GRATITUDE, |text| text.to_owned());
    files.retain(|(name, _)| *name != "data/voices/poetic.toml");
    assert_eq!(only_problem(&files), "data/voices/poetic.toml: is missing");
    files.push(("data/voices/grumpy.toml", String::new()));
    let shown: Vec<String> = problems(&files).iter().map(Problem::to_string).collect();
    assert!(
        shown.iter().any(|problem| problem.starts_with("data/voices/grumpy.toml: is not a voice")),
        "{shown:?}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut files = edited(GRATITUDE, |text| replace(text, "{lens}, and beside", "{lense}, and beside"));
    for (name, text) in &mut files {
        if *name == "data/voices/direct.toml" {
            *text = replace(text, "adjective = \"direct and practical\"", "adjective = \"\"");
        }
    }
    let error =
        match check_files(&files.iter().map(|(name, text)| (*name, text.as_str())).collect::<Vec<_>>()) {
            Ok(()) => panic!("the content passed"),
            Err(error) => error,
        };
    let shown = error.to_string();
    assert!(shown.starts_with("the writer's content files have 2 problem(s):"), "{shown}");
    assert!(shown.contains("\n  data/voices/direct.toml: adjective: must not be empty"), "{shown}");
    assert!(shown.contains("prompt 1, text: unknown placeholder {lense}"), "{shown}");
}

#[test]
fn titles_use_only_title_placeholders_and_cover_every_title_style() {
    let files = edited("data/titles.toml", |text| replace(text, "\"Choose {noun}\"", "\"Choose {nuon}\""));
    let problem = only_problem(&files);
    assert!(
        problem.starts_with(
            "data/titles.toml: style \"inspirational\", titles 2: unknown placeholder {nuon}; allowed here: {noun}, "
        ),
        "{problem}"
    );
    let files = edited("data/titles.toml", |text| replace(text, "id = \"poetic\"", "id = \"poetry\""));
    let shown: Vec<String> = problems(&files).iter().map(Problem::to_string).collect();
    assert_eq!(
        shown,
        [
            "data/catalogue.toml: title_style \"poetic\": has no titles: data/titles.toml has no style \"poetic\"",
            "data/titles.toml: style \"poetry\": is not a title style of data/catalogue.toml",
        ]
    );
}
