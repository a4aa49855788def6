//! Layout options and the theme: what a renderer is asked besides the document.

use std::fmt;

use serde::{Deserialize, Serialize};

use jc_domain::print::LayoutChoices;

use crate::error::{RenderError, Result};
use crate::kdp::{Binding, InkPaper, TrimSize, min_outer_margin_in};
use crate::model::PageStyle;

/// Smallest and largest body text size in points (KDP's floor is 7 pt).
pub const FONT_SIZE_RANGE: (u8, u8) = (8, 16);
/// Thinnest ruled line KDP prints reliably, in points.
pub const MIN_RULE_WEIGHT_PT: f64 = 0.75;
/// Lightest grey KDP prints reliably, as a share of full ink.
pub const MIN_GRAY_SHARE: f64 = 0.10;

/// An sRGB colour, written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);

    /// Parses `#rrggbb`.
    pub fn parse(text: &str) -> Result<Rgb> {
        let bad = || {
            RenderError::invalid(
                "theme.colors",
                format!("`{}` is not a colour such as #1f2933", jc_domain::excerpt(text)),
            )
        };
        let hex = text.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// The grey of the same lightness (ITU-R BT.601 luma), for black-ink printing.
    pub fn to_gray(self) -> u8 {
        let luma = 0.299 * f64::from(self.0) + 0.587 * f64::from(self.1) + 0.114 * f64::from(self.2);
        luma.round().clamp(0.0, 255.0) as u8
    }

    /// Share of ink this colour needs when printed in black ink (0 white, 1 black).
    pub fn ink_share(self) -> f64 {
        1.0 - f64::from(self.to_gray()) / 255.0
    }

    /// The colour as CSS/Word hex without `#` (`1f2933`).
    pub fn hex(self) -> String {
        format!("{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.hex())
    }
}

impl TryFrom<String> for Rgb {
    type Error = RenderError;
    fn try_from(value: String) -> Result<Self> {
        Rgb::parse(&value)
    }
}

impl From<Rgb> for String {
    fn from(value: Rgb) -> Self {
        value.to_string()
    }
}

/// The colours of a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeColors {
    /// Running text.
    pub text: Rgb,
    /// Headings.
    pub heading: Rgb,
    /// Day labels, quotes and heading rules.
    pub accent: Rgb,
    /// Writing lines, dots and grids.
    pub rule: Rgb,
}

pub use jc_domain::print::FontFace;

/// The type of a theme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeFonts {
    pub heading: FontFace,
    pub body: FontFace,
    /// Size of a chapter heading as a multiple of the body size (1.2 to 3).
    pub heading_scale: f64,
}

/// The spacing of a theme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSpacing {
    /// Distance between writing lines (and grid and dot pitch), in inches (0.2 to 0.5).
    pub line_pitch_in: f64,
    /// Line spacing of running text as a multiple of the font size (1 to 2).
    pub line_spacing: f64,
    /// Weight of writing lines and rules, in points (0.75 to 3).
    pub rule_weight_pt: f64,
    /// Outside, top and bottom margin inside the trim, in inches (at least 0.25; the
    /// gutter comes from the page count).
    pub margin_in: f64,
    /// A rule in the accent colour under chapter headings.
    pub heading_rule: bool,
}

/// Colours, type and spacing: a plain struct the theme service can fill later.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub colors: ThemeColors,
    pub fonts: ThemeFonts,
    pub spacing: ThemeSpacing,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            colors: ThemeColors {
                text: Rgb(0x1a, 0x1a, 0x1a),
                heading: Rgb(0x11, 0x11, 0x11),
                accent: Rgb(0x55, 0x55, 0x55),
                rule: Rgb(0x8c, 0x8c, 0x8c),
            },
            fonts: ThemeFonts { heading: FontFace::Serif, body: FontFace::Serif, heading_scale: 1.8 },
            spacing: ThemeSpacing {
                line_pitch_in: 0.3125,
                line_spacing: 1.35,
                rule_weight_pt: 1.0,
                margin_in: 0.5,
                heading_rule: false,
            },
        }
    }
}

impl Theme {
    /// Checks the bounds of every value.
    pub fn validate(&self) -> Result<()> {
        let s = &self.spacing;
        range("theme.fonts.heading_scale", self.fonts.heading_scale, 1.2, 3.0)?;
        range("theme.spacing.line_pitch_in", s.line_pitch_in, 0.2, 0.5)?;
        range("theme.spacing.line_spacing", s.line_spacing, 1.0, 2.0)?;
        range("theme.spacing.rule_weight_pt", s.rule_weight_pt, MIN_RULE_WEIGHT_PT, 3.0)?;
        range("theme.spacing.margin_in", s.margin_in, 0.25, 1.5)?;
        if self.colors.rule.ink_share() < MIN_GRAY_SHARE {
            return Err(RenderError::invalid(
                "theme.colors.rule",
                format!("{} prints lighter than 10 % grey; KDP may not print it", self.colors.rule),
            ));
        }
        Ok(())
    }
}

fn set<T>(slot: &mut T, chosen: Option<T>) {
    if let Some(value) = chosen {
        *slot = value;
    }
}

fn range(field: &str, value: f64, min: f64, max: f64) -> Result<()> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(RenderError::invalid(field, format!("{value} is outside {min} to {max}")))
    }
}

/// How to lay out and print a journal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayoutOptions {
    pub trim: TrimSize,
    /// Adds 0.125 in on the top, bottom and outside edge of every page.
    pub bleed: bool,
    pub ink_paper: InkPaper,
    pub binding: Binding,
    /// Every day's writing area in this style instead of its own.
    pub page_style: Option<PageStyle>,
    /// Body text size in points.
    pub font_size_pt: u8,
    pub theme: Theme,
    pub page_numbers: bool,
    pub table_of_contents: bool,
    /// Columns of the table of contents (1 or 2).
    pub toc_columns: u8,
    /// A "Date" line at the top of each day.
    pub date_lines: bool,
    /// Print the owner's written entries under their prompts.
    pub include_entries: bool,
    /// Add lined "Notes" pages up to KDP's minimum page count.
    pub pad_to_kdp_minimum: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            trim: TrimSize::DEFAULT,
            bleed: false,
            ink_paper: InkPaper::BlackWhite,
            binding: Binding::Paperback,
            page_style: None,
            font_size_pt: 11,
            theme: Theme::default(),
            page_numbers: true,
            table_of_contents: true,
            toc_columns: 1,
            date_lines: true,
            include_entries: false,
            pad_to_kdp_minimum: true,
        }
    }
}

impl LayoutOptions {
    /// Checks every option.
    pub fn validate(&self) -> Result<()> {
        let (min, max) = FONT_SIZE_RANGE;
        if !(min..=max).contains(&self.font_size_pt) {
            return Err(RenderError::invalid(
                "font_size_pt",
                format!("{} pt is outside {min} to {max} pt", self.font_size_pt),
            ));
        }
        if !(1..=2).contains(&self.toc_columns) {
            return Err(RenderError::invalid("toc_columns", "must be 1 or 2"));
        }
        self.theme.validate()?;
        let floor = min_outer_margin_in(false);
        if self.theme.spacing.margin_in < floor {
            return Err(RenderError::invalid("theme.spacing.margin_in", format!("at least {floor} in")));
        }
        Ok(())
    }

    /// These options with a person's `choices` laid over them, each value read into its
    /// type (trim codes, colours); the offending field otherwise. Ranges are checked by
    /// [`LayoutOptions::validate`].
    pub fn with_choices(mut self, choices: &LayoutChoices) -> Result<LayoutOptions> {
        let c = choices;
        if let Some(trim) = &c.trim {
            self.trim = TrimSize::parse(trim)?;
        }
        set(&mut self.bleed, c.bleed);
        set(&mut self.ink_paper, c.ink_paper);
        set(&mut self.binding, c.binding);
        set(&mut self.page_style, c.page_style);
        set(&mut self.font_size_pt, c.font_size_pt);
        set(&mut self.page_numbers, c.page_numbers);
        set(&mut self.table_of_contents, c.table_of_contents);
        set(&mut self.toc_columns, c.toc_columns);
        set(&mut self.date_lines, c.date_lines);
        set(&mut self.include_entries, c.include_entries);
        set(&mut self.pad_to_kdp_minimum, c.pad_to_kdp_minimum);
        let Some(theme) = &c.theme else { return Ok(self) };
        let t = &mut self.theme;
        if let Some(colors) = &theme.colors {
            let slots = [
                ("text", &mut t.colors.text, &colors.text),
                ("heading", &mut t.colors.heading, &colors.heading),
                ("accent", &mut t.colors.accent, &colors.accent),
                ("rule", &mut t.colors.rule, &colors.rule),
            ];
            for (name, slot, chosen) in slots {
                if let Some(text) = chosen {
                    *slot = Rgb::parse(text).map_err(|error| match error {
                        RenderError::Invalid { message, .. } => {
                            RenderError::invalid(format!("theme.colors.{name}"), message)
                        }
                        other => other,
                    })?;
                }
            }
        }
        if let Some(fonts) = &theme.fonts {
            set(&mut t.fonts.heading, fonts.heading);
            set(&mut t.fonts.body, fonts.body);
            set(&mut t.fonts.heading_scale, fonts.heading_scale);
        }
        if let Some(spacing) = &theme.spacing {
            set(&mut t.spacing.line_pitch_in, spacing.line_pitch_in);
            set(&mut t.spacing.line_spacing, spacing.line_spacing);
            set(&mut t.spacing.rule_weight_pt, spacing.rule_weight_pt);
            set(&mut t.spacing.margin_in, spacing.margin_in);
            set(&mut t.spacing.heading_rule, spacing.heading_rule);
        }
        Ok(self)
    }

    /// The page style a day is printed with.
    pub fn style_for(&self, own: PageStyle) -> PageStyle {
        self.page_style.unwrap_or(own)
    }

    /// A colour as it prints: grey for black ink, unchanged for colour ink.
    pub fn printed(&self, color: Rgb) -> Rgb {
        if self.ink_paper.is_black_ink() {
            let g = color.to_gray();
            Rgb(g, g, g)
        } else {
            color
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        LayoutOptions::default().validate().expect("defaults");
    }

    #[test]
    fn out_of_range_options_name_their_field() {
        let mut o = LayoutOptions { font_size_pt: 6, ..Default::default() };
        assert_eq!(o.validate().expect_err("small").field(), Some("font_size_pt"));
        o = LayoutOptions::default();
        o.theme.spacing.rule_weight_pt = 0.5;
        assert_eq!(o.validate().expect_err("thin").field(), Some("theme.spacing.rule_weight_pt"));
        o = LayoutOptions::default();
        o.theme.colors.rule = Rgb(0xf5, 0xf5, 0xf5);
        assert_eq!(o.validate().expect_err("pale").field(), Some("theme.colors.rule"));
        o = LayoutOptions { toc_columns: 3, ..Default::default() };
        assert_eq!(o.validate().expect_err("columns").field(), Some("toc_columns"));
    }

    #[test]
    fn options_deserialise_with_defaults_and_refuse_unknown_or_mistyped_fields() {
        let o: LayoutOptions =
            serde_json::from_str(r#"{"trim":"8.5x11","bleed":true,"page_style":"grid"}"#).expect("options");
        assert_eq!(o.trim, TrimSize::new(8.5, 11.0).expect("trim"));
        assert!(o.bleed);
        assert_eq!(o.page_style, Some(PageStyle::Grid));
        assert_eq!(o.font_size_pt, 11);
        assert!(serde_json::from_str::<LayoutOptions>(r#"{"colour":"red"}"#).is_err());
        assert!(serde_json::from_str::<LayoutOptions>(r#"{"bleed":"yes"}"#).is_err());
        assert!(serde_json::from_str::<LayoutOptions>(r#"{"trim":"3x3"}"#).is_err());
    }

    #[test]
    fn colours_parse_and_print_grey_in_black_ink() {
        assert_eq!(Rgb::parse("#2e7d32").expect("hex"), Rgb(0x2e, 0x7d, 0x32));
        assert!(Rgb::parse("2e7d32").is_err());
        assert!(Rgb::parse("#2e7d3").is_err());
        let black = LayoutOptions::default();
        let g = Rgb(0x2e, 0x7d, 0x32).to_gray();
        assert_eq!(black.printed(Rgb(0x2e, 0x7d, 0x32)), Rgb(g, g, g));
        let colour = LayoutOptions { ink_paper: InkPaper::PremiumColorWhite, ..Default::default() };
        assert_eq!(colour.printed(Rgb(0x2e, 0x7d, 0x32)), Rgb(0x2e, 0x7d, 0x32));
    }
}
