//! The choices a person picks from when describing a journal: themes, title styles
//! and suggested author voices. Content is data: `data/catalogue.toml`, parsed once
//! (see [`crate::data`]).

use serde::{Deserialize, Serialize};

use crate::data;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The length a journal of this theme usually has.
    pub estimated_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleStyle {
    pub id: String,
    pub name: String,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorVoice {
    pub name: String,
    pub style: String,
}

/// Every theme, in the order they are offered.
pub fn themes() -> &'static [Theme] {
    &data::content().catalogue.themes
}

pub fn theme(id: &str) -> Option<&'static Theme> {
    themes().iter().find(|theme| theme.id == id)
}

/// Every title style, in the order they are offered.
pub fn title_styles() -> &'static [TitleStyle] {
    &data::content().catalogue.title_styles
}

pub fn title_style(id: &str) -> Option<&'static TitleStyle> {
    title_styles().iter().find(|style| style.id == id)
}

/// The author voices suggested for a theme; `None` for an unknown theme. The names
/// are personas, never real people.
pub fn author_suggestions(theme: &str) -> Option<&'static [AuthorVoice]> {
    let catalogue = &data::content().catalogue;
    let at = catalogue.themes.iter().position(|known| known.id == theme)?;
    catalogue.authors.get(at).map(Vec::as_slice)
}

/// The catalogue: its themes, and the authors each suggests, in the same order.
#[derive(Debug)]
pub(crate) struct Catalogue {
    pub themes: Vec<Theme>,
    pub authors: Vec<Vec<AuthorVoice>>,
    pub title_styles: Vec<TitleStyle>,
}

/// `data/catalogue.toml` as written: each theme with its authors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogueFile {
    #[serde(rename = "theme")]
    pub themes: Vec<ThemeEntry>,
    #[serde(rename = "title_style")]
    pub title_styles: Vec<TitleStyle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThemeEntry {
    pub id: String,
    pub name: String,
    pub description: String,
    pub estimated_days: u32,
    #[serde(rename = "author", default)]
    pub authors: Vec<AuthorVoice>,
}

impl From<CatalogueFile> for Catalogue {
    fn from(file: CatalogueFile) -> Self {
        let (themes, authors) = file
            .themes
            .into_iter()
            .map(|entry| {
                let ThemeEntry { id, name, description, estimated_days, authors } = entry;
                (Theme { id, name, description, estimated_days }, authors)
            })
            .unzip();
        Catalogue { themes, authors, title_styles: file.title_styles }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_have_snake_case_ids_and_real_descriptions() {
        let ids: Vec<&str> = themes().iter().map(|theme| theme.id.as_str()).collect();
        for id in [
            "mindfulness",
            "productivity",
            "creativity",
            "gratitude",
            "anxiety_relief",
            "fitness",
            "self_discovery",
        ] {
            assert!(ids.contains(&id), "missing {id}");
        }
        for theme in themes() {
            assert!(theme.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{}", theme.id);
            assert!(theme.description.len() > 60, "{}", theme.id);
            assert!((7..=366).contains(&theme.estimated_days), "{}", theme.id);
            assert_eq!(super::theme(&theme.id), Some(theme));
        }
        assert_eq!(super::theme("sleep"), None);
    }

    #[test]
    fn ten_title_styles_with_three_examples_each() {
        assert_eq!(title_styles().len(), 10);
        for style in title_styles() {
            assert!(style.examples.len() >= 3, "{}", style.id);
            assert_eq!(title_style(&style.id), Some(style));
        }
        assert_eq!(title_style("shouty"), None);
    }

    #[test]
    fn every_theme_suggests_three_to_five_personas() {
        for theme in themes() {
            let voices = author_suggestions(&theme.id).unwrap_or_default();
            assert!((3..=5).contains(&voices.len()), "{}", theme.id);
            for voice in voices {
                assert!(voice.name.starts_with("The "), "{} is not a persona", voice.name);
                assert!(voice.style.len() > 20, "{}", voice.name);
            }
        }
        assert_eq!(author_suggestions("sleep"), None);
        assert_eq!(data::content().catalogue.authors.len(), themes().len());
    }
}
