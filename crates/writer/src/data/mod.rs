//! The writer's content as data. The catalogue and the builtin writer's libraries,
//! voices and titles live in TOML files under `crates/writer/data/`, embedded at
//! build time and parsed once into typed structs. [`check`] parses and checks them
//! with the same function that loads them, and names the file and the entry of
//! every mistake.

mod parse;
mod rules;

use std::fmt;
use std::sync::LazyLock;

use crate::builtin::library::Library;
use crate::builtin::titles::{Patterns, TitlesFile};
use crate::builtin::voice::{Phrases, Voice, Voices};
use crate::catalogue::{Catalogue, CatalogueFile};

/// `(path, text)` of each file, the path relative to the crate.
macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)))),*]
    };
}

/// Every content file, as `(path in the crate, text)`.
pub const EMBEDDED: &[(&str, &str)] = embedded![
    "data/catalogue.toml",
    "data/titles.toml",
    "data/library/mindfulness.toml",
    "data/library/productivity.toml",
    "data/library/creativity.toml",
    "data/library/gratitude.toml",
    "data/library/anxiety_relief.toml",
    "data/library/fitness.toml",
    "data/library/self_discovery.toml",
    "data/voices/warm.toml",
    "data/voices/direct.toml",
    "data/voices/poetic.toml",
    "data/voices/scientific.toml",
    "data/voices/playful.toml",
];

/// The parsed content.
pub(crate) struct Content {
    pub catalogue: Catalogue,
    /// The title and subtitle patterns of each title style.
    pub titles: Vec<Patterns>,
    /// In the order of the catalogue's themes.
    pub libraries: Vec<Library>,
    pub voices: Voices,
}

/// The embedded content, parsed on first use. The files are part of the build and
/// [`check`] runs in the crate's tests and at the journal service's start-up, so a
/// failure here is a bad edit of a file that those report first.
static CONTENT: LazyLock<Content> =
    LazyLock::new(|| load(EMBEDDED).unwrap_or_else(|error| panic!("{error}")));

pub(crate) fn content() -> &'static Content {
    &CONTENT
}

/// Parses and checks the embedded content files.
pub fn check() -> Result<(), ContentError> {
    check_files(EMBEDDED)
}

/// Parses and checks `files`, `(path, text)` pairs standing in for [`EMBEDDED`].
pub fn check_files(files: &[(&str, &str)]) -> Result<(), ContentError> {
    load(files).map(drop)
}

/// Every problem found in the content files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the writer's content files have {} problem(s):", self.problems.len())?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

/// One mistake: the file, the entry in it (empty for the file as a whole) and what
/// is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// In words, e.g. `technique "Savouring", prompt 2`.
    pub entry: String,
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, entry: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { file: file.to_owned(), entry: entry.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.entry.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.entry, self.message)
        }
    }
}

/// `files` parsed and checked: the one way content is read.
fn load(files: &[(&str, &str)]) -> Result<Content, ContentError> {
    let mut problems = Vec::new();
    let mut libraries = Vec::new();
    let mut voices: Vec<(Voice, Phrases)> = Vec::new();
    let mut catalogue: Vec<Catalogue> = Vec::new();
    let mut titles: Vec<Vec<Patterns>> = Vec::new();
    for &(file, text) in files {
        let name = |folder: &str| file.strip_prefix(folder).and_then(|name| name.strip_suffix(".toml"));
        if file == CATALOGUE {
            match parse::parse::<CatalogueFile>(file, text) {
                Ok(parsed) => {
                    let parsed = Catalogue::from(parsed);
                    rules::catalogue(file, &parsed, &mut problems);
                    catalogue.push(parsed);
                }
                Err(problem) => problems.push(problem),
            }
        } else if file == TITLES {
            match parse::parse::<TitlesFile>(file, text) {
                Ok(parsed) => {
                    rules::titles(file, &parsed.styles, &mut problems);
                    titles.push(parsed.styles);
                }
                Err(problem) => problems.push(problem),
            }
        } else if let Some(theme) = name("data/library/") {
            match parse::parse::<Library>(file, text) {
                Ok(mut library) => {
                    library.theme = theme.to_owned();
                    rules::library(file, &library, &mut problems);
                    libraries.push(library);
                }
                Err(problem) => problems.push(problem),
            }
        } else if let Some(voice) = name("data/voices/") {
            let Some(voice) = Voice::ALL.into_iter().find(|known| known.name() == voice) else {
                let names: Vec<&str> = Voice::ALL.map(Voice::name).to_vec();
                problems.push(Problem::new(
                    file,
                    "",
                    format!("is not a voice; the voices are {}", names.join(", ")),
                ));
                continue;
            };
            match parse::parse::<Phrases>(file, text) {
                Ok(phrases) => {
                    rules::voice(file, &phrases, &mut problems);
                    voices.push((voice, phrases));
                }
                Err(problem) => problems.push(problem),
            }
        } else {
            problems.push(Problem::new(file, "", "is not a content file the writer reads"));
        }
    }
    let voices = all_voices(voices, &mut problems);
    let catalogue = one(CATALOGUE, catalogue, &mut problems);
    let titles = one(TITLES, titles, &mut problems);
    let libraries =
        catalogue.as_ref().map(|catalogue| in_catalogue_order(catalogue, libraries, &mut problems));
    if let (Some(catalogue), Some(titles)) = (&catalogue, &titles) {
        rules::title_styles(catalogue, titles, &mut problems);
    }
    match (catalogue, titles, libraries, voices) {
        (Some(catalogue), Some(titles), Some(libraries), Some(voices)) if problems.is_empty() => {
            Ok(Content { catalogue, titles, libraries, voices })
        }
        _ => Err(ContentError { problems }),
    }
}

const CATALOGUE: &str = "data/catalogue.toml";
const TITLES: &str = "data/titles.toml";

/// The content of `file`, when it is given exactly once.
fn one<T>(file: &str, mut found: Vec<T>, problems: &mut Vec<Problem>) -> Option<T> {
    if found.len() > 1 {
        problems.push(Problem::new(file, "", "is given more than once"));
    }
    if found.is_empty() && !problems.iter().any(|problem| problem.file == file) {
        problems.push(Problem::new(file, "", "is missing"));
    }
    found.pop()
}

/// `libraries` in the order of the catalogue's themes, one for each theme.
fn in_catalogue_order(
    catalogue: &Catalogue,
    mut libraries: Vec<Library>,
    problems: &mut Vec<Problem>,
) -> Vec<Library> {
    let mut ordered = Vec::with_capacity(catalogue.themes.len());
    for theme in &catalogue.themes {
        let file = format!("data/library/{}.toml", theme.id);
        match libraries.iter().position(|library| library.theme == theme.id) {
            Some(at) => ordered.push(libraries.remove(at)),
            None if problems.iter().any(|problem| problem.file == file) => {}
            None => problems.push(Problem::new(
                CATALOGUE,
                format!("theme \"{}\"", theme.id),
                format!("has no library: {file} is missing"),
            )),
        }
    }
    for library in libraries {
        let file = format!("data/library/{}.toml", library.theme);
        let message = if ordered.iter().any(|known| known.theme == library.theme) {
            "is given more than once".to_owned()
        } else {
            format!("is the library of theme \"{}\", which {CATALOGUE} does not have", library.theme)
        };
        problems.push(Problem::new(&file, "", message));
    }
    ordered
}

/// The five voices, when each has one file.
fn all_voices(mut found: Vec<(Voice, Phrases)>, problems: &mut Vec<Problem>) -> Option<Voices> {
    let mut take = |voice: Voice| {
        let file = format!("data/voices/{}.toml", voice.name());
        let count = found.iter().filter(|(known, _)| *known == voice).count();
        if count > 1 {
            problems.push(Problem::new(&file, "", "is given more than once"));
        }
        let at = found.iter().position(|(known, _)| *known == voice);
        if at.is_none() && !problems.iter().any(|problem| problem.file == file) {
            problems.push(Problem::new(&file, "", "is missing"));
        }
        at.map(|at| found.swap_remove(at).1)
    };
    let [warm, direct, poetic, scientific, playful] = Voice::ALL.map(&mut take);
    Some(Voices { warm: warm?, direct: direct?, poetic: poetic?, scientific: scientific?, playful: playful? })
}

#[cfg(test)]
mod tests;
