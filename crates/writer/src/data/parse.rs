//! One file's TOML into its typed struct, with a mistake told as the file, the entry
//! and the line: `data/library/gratitude.toml: technique "Savouring", prompt 2: line
//! 210: missing field `form``.

use serde::de::DeserializeOwned;
use serde_path_to_error::{Path, Segment};
use toml::de::{DeTable, DeValue};

use super::Problem;

/// `text`, the content of `file`, as a `T`; the problem when it is malformed TOML,
/// lacks a field, has one `T` does not know, or holds a value of the wrong type.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    let root = DeTable::parse(text).map_err(|error| Problem::new(file, "", located(&error, text)))?;
    let document = DeValue::Table(root.get_ref().clone());
    serde_path_to_error::deserialize(toml::Deserializer::from(root))
        .map_err(|error| Problem::new(file, entry(error.path(), &document), located(error.inner(), text)))
}

/// toml's message on one line, after the line it points at.
fn located(error: &toml::de::Error, text: &str) -> String {
    let message = error.message().trim().replace('\n', "; ");
    match error.span() {
        Some(span) => {
            let line = text.get(..span.start).unwrap_or(text).matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

/// The entry `path` leads to in `document`, in the words the checks use: tables of
/// an array by their `id` or `name` when they have one (`technique "Savouring"`),
/// anything else in an array by its number from 1 (`prompt 2`), then plain keys.
fn entry(path: &Path, document: &DeValue<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut value = Some(document);
    let mut key: Option<&str> = None;
    for segment in path.iter() {
        match segment {
            Segment::Map { key: next } => {
                parts.extend(key.map(str::to_owned));
                value = value.and_then(|value| value.get(next.as_str())).map(|spanned| spanned.get_ref());
                key = Some(next);
            }
            Segment::Seq { index } => {
                value = value.and_then(|value| value.get(*index)).map(|spanned| spanned.get_ref());
                parts.push(item(key.take().unwrap_or("item"), *index, value));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    parts.extend(key.map(str::to_owned));
    parts.join(", ")
}

fn item(key: &str, index: usize, value: Option<&DeValue<'_>>) -> String {
    let name = ["id", "name"]
        .into_iter()
        .find_map(|field| value?.get(field).and_then(|name| name.get_ref().as_str().map(str::to_owned)));
    match name {
        Some(name) => format!("{key} \"{name}\""),
        None => format!("{key} {}", index + 1),
    }
}
