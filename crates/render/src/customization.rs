//! The journal's customization (`layout`, `font_size`, `color_scheme`, `paper_type`,
//! `binding_type`, the words of docs/api.md) mapped to layout options and a theme, until
//! the theme service supplies themes of its own.

use serde::Serialize;

use crate::error::{RenderError, Result};
use crate::kdp::{Binding, InkPaper};
use crate::options::{FontFace, LayoutOptions, Rgb, Theme, ThemeColors};

/// A journal's customization, as the journal service stores it (one word per field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Customization<'a> {
    pub layout: &'a str,
    pub font_size: &'a str,
    pub color_scheme: &'a str,
    pub paper_type: &'a str,
    pub binding_type: &'a str,
}

/// The options a customization gives, with notes where KDP offers no exact match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapped {
    pub options: LayoutOptions,
    /// Plain-language notes, such as "spiral binding is not offered by KDP".
    pub notes: Vec<String>,
}

fn unknown(field: &str, value: &str, expected: &str) -> RenderError {
    RenderError::invalid(field, format!("unknown value `{}`; expected {expected}", jc_domain::excerpt(value)))
}

/// Maps a customization onto `base` (trim, bleed and the switches stay as given).
///
/// - `font_size`: small 9 pt, medium 11 pt, large 13 pt body text.
/// - `color_scheme`: the colours of headings, accents and rules. Print pages stay white
///   (KDP bills ink, and black-ink books print colours as grey); `dark` is the
///   high-contrast scheme.
/// - `layout`: single-column (serif, plain headings), two-column (the table of contents in
///   two columns), magazine (sans headings, larger, with an accent rule). Writing pages are
///   always one column.
/// - `paper_type`: standard → black ink on white, premium → premium colour on white,
///   recycled → black ink on cream (KDP has no recycled stock; cream is the closest).
/// - `binding_type`: perfect → paperback, hardcover → hardcover, spiral → paperback with a
///   note (KDP does not bind spirals).
pub fn map_customization(c: Customization<'_>, base: LayoutOptions) -> Result<Mapped> {
    let mut options = base;
    let mut notes = Vec::new();
    let mut theme = Theme::default();

    options.font_size_pt = match c.font_size {
        "small" => 9,
        "medium" => 11,
        "large" => 13,
        other => return Err(unknown("font_size", other, "small, medium or large")),
    };

    theme.colors = match c.color_scheme {
        "default" => theme.colors,
        "dark" => ThemeColors {
            text: Rgb(0x00, 0x00, 0x00),
            heading: Rgb(0x00, 0x00, 0x00),
            accent: Rgb(0x26, 0x32, 0x38),
            rule: Rgb(0x4d, 0x4d, 0x4d),
        },
        "sepia" => ThemeColors {
            text: Rgb(0x3b, 0x2f, 0x2f),
            heading: Rgb(0x5b, 0x40, 0x2e),
            accent: Rgb(0x8b, 0x5e, 0x3c),
            rule: Rgb(0xa6, 0x8a, 0x6d),
        },
        "forest" => ThemeColors {
            text: Rgb(0x1b, 0x2a, 0x1f),
            heading: Rgb(0x1b, 0x5e, 0x20),
            accent: Rgb(0x2e, 0x7d, 0x32),
            rule: Rgb(0x7d, 0x9c, 0x80),
        },
        other => return Err(unknown("color_scheme", other, "default, dark, sepia or forest")),
    };

    match c.layout {
        "single-column" => options.toc_columns = 1,
        "two-column" => options.toc_columns = 2,
        "magazine" => {
            options.toc_columns = 1;
            theme.fonts.heading = FontFace::Sans;
            theme.fonts.heading_scale = 2.2;
            theme.spacing.heading_rule = true;
        }
        other => return Err(unknown("layout", other, "single-column, two-column or magazine")),
    }

    options.ink_paper = match c.paper_type {
        "standard" => InkPaper::BlackWhite,
        "premium" => InkPaper::PremiumColorWhite,
        "recycled" => {
            notes.push(
                "KDP has no recycled paper; the book is set for cream paper, the closest stock.".to_string(),
            );
            InkPaper::BlackCream
        }
        other => return Err(unknown("paper_type", other, "standard, premium or recycled")),
    };

    options.binding = match c.binding_type {
        "perfect" => Binding::Paperback,
        "hardcover" => Binding::Hardcover,
        "spiral" => {
            notes.push(
                "KDP does not offer spiral binding; the package is prepared as a paperback.".to_string(),
            );
            Binding::Paperback
        }
        other => return Err(unknown("binding_type", other, "perfect, spiral or hardcover")),
    };

    options.theme = theme;
    options.validate()?;
    Ok(Mapped { options, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom<'a>(
        layout: &'a str,
        font: &'a str,
        scheme: &'a str,
        paper: &'a str,
        binding: &'a str,
    ) -> Customization<'a> {
        Customization {
            layout,
            font_size: font,
            color_scheme: scheme,
            paper_type: paper,
            binding_type: binding,
        }
    }

    #[test]
    fn the_default_customization_gives_the_default_look() {
        let mapped = map_customization(
            custom("single-column", "medium", "default", "standard", "perfect"),
            LayoutOptions::default(),
        )
        .expect("mapped");
        assert_eq!(mapped.options, LayoutOptions::default());
        assert!(mapped.notes.is_empty());
    }

    #[test]
    fn every_word_maps() {
        let m = map_customization(
            custom("magazine", "large", "forest", "recycled", "spiral"),
            LayoutOptions::default(),
        )
        .expect("mapped");
        assert_eq!(m.options.font_size_pt, 13);
        assert_eq!(m.options.theme.colors.accent, Rgb(0x2e, 0x7d, 0x32));
        assert_eq!(m.options.theme.fonts.heading, FontFace::Sans);
        assert!(m.options.theme.spacing.heading_rule);
        assert_eq!(m.options.ink_paper, InkPaper::BlackCream);
        assert_eq!(m.options.binding, Binding::Paperback);
        assert_eq!(m.notes.len(), 2);

        let m = map_customization(
            custom("two-column", "small", "sepia", "premium", "hardcover"),
            LayoutOptions::default(),
        )
        .expect("mapped");
        assert_eq!(m.options.toc_columns, 2);
        assert_eq!(m.options.font_size_pt, 9);
        assert_eq!(m.options.ink_paper, InkPaper::PremiumColorWhite);
        assert_eq!(m.options.binding, Binding::Hardcover);

        let m = map_customization(
            custom("single-column", "medium", "dark", "standard", "perfect"),
            LayoutOptions::default(),
        )
        .expect("mapped");
        assert_eq!(m.options.theme.colors.text, Rgb::BLACK);
    }

    #[test]
    fn unknown_words_name_their_field() {
        let cases = [
            (custom("grid", "medium", "default", "standard", "perfect"), "layout"),
            (custom("magazine", "huge", "default", "standard", "perfect"), "font_size"),
            (custom("magazine", "medium", "neon", "standard", "perfect"), "color_scheme"),
            (custom("magazine", "medium", "default", "glossy", "perfect"), "paper_type"),
            (custom("magazine", "medium", "default", "standard", "stapled"), "binding_type"),
        ];
        for (c, field) in cases {
            assert_eq!(
                map_customization(c, LayoutOptions::default()).expect_err("unknown").field(),
                Some(field)
            );
        }
    }
}
