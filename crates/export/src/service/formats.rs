//! `ListFormats`: the four formats and their options, each described by type,
//! default and allowed values or range.
//!
//! Defaults are read from [`LayoutOptions::default`] itself, allowed words from the
//! render library's enumerations and constants, so the description cannot drift from
//! what a render accepts; a test checks the described keys are exactly the options'
//! keys and that each stated range is the one the library enforces.

use jc_proto::export as proto;
use jc_render::kdp::listing::MAX_CATEGORIES;
use jc_render::kdp::{Binding, InkPaper, TrimSize};
use jc_render::options::{FONT_SIZE_RANGE, MIN_RULE_WEIGHT_PT};
use jc_render::{LayoutOptions, PageStyle};
use serde_json::{Map, Value, json};

use crate::format::{Format, FormatFile};
use jc_proto::convert::WireEnum;

/// The custom trim range (KDP.md), in inches: width and height, smallest and largest.
pub const CUSTOM_TRIM_WIDTH_IN: (f64, f64) = (4.0, 8.5);
pub const CUSTOM_TRIM_HEIGHT_IN: (f64, f64) = (6.0, 11.69);
/// Ranges of the theme's numbers, as [`jc_render::Theme::validate`] enforces them.
pub const HEADING_SCALE: (f64, f64) = (1.2, 3.0);
pub const LINE_PITCH_IN: (f64, f64) = (0.2, 0.5);
pub const LINE_SPACING: (f64, f64) = (1.0, 2.0);
pub const RULE_WEIGHT_PT: (f64, f64) = (MIN_RULE_WEIGHT_PT, 3.0);
pub const MARGIN_IN: (f64, f64) = (0.25, 1.5);

/// Every format with its options.
pub fn list() -> proto::FormatList {
    let formats = Format::ALL
        .iter()
        .map(|&format| proto::Format {
            id: format.to_wire(),
            name: format.name().to_owned(),
            description: format.description().to_owned(),
            content_type: format.content_type().to_owned(),
            file_extension: format.extension().to_owned(),
            options_json: Value::Object(options_of(format)).to_string(),
        })
        .collect();
    proto::FormatList { formats }
}

fn range(kind: &str, default: &Value, (min, max): (f64, f64), description: &str) -> Value {
    json!({ "type": kind, "default": default, "min": min, "max": max, "description": description })
}

fn choice(default: &Value, allowed: Vec<&str>, description: &str) -> Value {
    json!({ "type": "string", "default": default, "allowed": allowed, "description": description })
}

fn switch(default: &Value, description: &str) -> Value {
    json!({ "type": "boolean", "default": default, "description": description })
}

/// The options of `format`, keyed by name.
pub fn options_of(format: Format) -> Map<String, Value> {
    let defaults = serde_json::to_value(LayoutOptions::default()).unwrap_or(Value::Null);
    let d = |key: &str| defaults.get(key).cloned().unwrap_or(Value::Null);
    let theme = d("theme");
    let t = |path: [&str; 2]| theme.get(path[0]).and_then(|v| v.get(path[1])).cloned().unwrap_or(Value::Null);
    let font_size = (f64::from(FONT_SIZE_RANGE.0), f64::from(FONT_SIZE_RANGE.1));
    let standard: Vec<String> = TrimSize::STANDARD.iter().map(|trim| trim.code()).collect();
    let colour = |key: &str, what: &str| json!({ "type": "string", "format": "#rrggbb", "default": t(["colors", key]), "description": what });
    let faces = vec!["serif", "sans"];
    let mut options = Map::new();
    let mut put = |key: &str, value: Value| {
        options.insert(key.to_owned(), value);
    };
    put(
        "trim",
        json!({
            "type": "string",
            "default": d("trim"),
            "allowed": standard,
            "custom": {
                "width_in": { "min": CUSTOM_TRIM_WIDTH_IN.0, "max": CUSTOM_TRIM_WIDTH_IN.1 },
                "height_in": { "min": CUSTOM_TRIM_HEIGHT_IN.0, "max": CUSTOM_TRIM_HEIGHT_IN.1 }
            },
            "description": "The trim size as WIDTHxHEIGHT in inches (\"6x9\", or \"a4\"): a standard KDP size or a custom one in the range."
        }),
    );
    put("bleed", switch(&d("bleed"), "Adds 0.125 in on the top, bottom and outside edge of every page."));
    put(
        "ink_paper",
        choice(
            &d("ink_paper"),
            InkPaper::ALL.iter().map(|i| i.as_str()).collect(),
            "Ink and paper (KDP's combinations).",
        ),
    );
    put(
        "binding",
        choice(
            &d("binding"),
            [Binding::Paperback, Binding::Hardcover].iter().map(|b| b.as_str()).collect(),
            "How the book is bound.",
        ),
    );
    put(
        "page_style",
        json!({
            "type": "string",
            "nullable": true,
            "default": d("page_style"),
            "allowed": PageStyle::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "description": "Every day's writing area in this style; null keeps each day's own."
        }),
    );
    put("font_size_pt", range("integer", &d("font_size_pt"), font_size, "Body text size in points."));
    put(
        "theme",
        json!({
            "type": "object",
            "default": theme,
            "description": "Colours, type and spacing; objects merge, so one colour may be given alone. Unset values come from the journal's customization.",
            "fields": {
                "colors": {
                    "text": colour("text", "Running text."),
                    "heading": colour("heading", "Headings."),
                    "accent": colour("accent", "Day labels, quotes and heading rules."),
                    "rule": colour("rule", "Writing lines, dots and grids; at least 10 % grey.")
                },
                "fonts": {
                    "heading": choice(&t(["fonts", "heading"]), faces.clone(), "Heading type family."),
                    "body": choice(&t(["fonts", "body"]), faces, "Body type family."),
                    "heading_scale": range("number", &t(["fonts", "heading_scale"]), HEADING_SCALE, "Chapter heading size as a multiple of the body size.")
                },
                "spacing": {
                    "line_pitch_in": range("number", &t(["spacing", "line_pitch_in"]), LINE_PITCH_IN, "Distance between writing lines, in inches."),
                    "line_spacing": range("number", &t(["spacing", "line_spacing"]), LINE_SPACING, "Line spacing of running text."),
                    "rule_weight_pt": range("number", &t(["spacing", "rule_weight_pt"]), RULE_WEIGHT_PT, "Weight of writing lines, in points."),
                    "margin_in": range("number", &t(["spacing", "margin_in"]), MARGIN_IN, "Outside, top and bottom margin, in inches."),
                    "heading_rule": switch(&t(["spacing", "heading_rule"]), "A rule under chapter headings.")
                }
            }
        }),
    );
    put("page_numbers", switch(&d("page_numbers"), "Page numbers in the outside corner."));
    put("table_of_contents", switch(&d("table_of_contents"), "A table of contents with page numbers."));
    put("toc_columns", range("integer", &d("toc_columns"), (1.0, 2.0), "Columns of the table of contents."));
    put("date_lines", switch(&d("date_lines"), "A \"Date\" line at the top of each day."));
    put(
        "include_entries",
        switch(&d("include_entries"), "Print the owner's written entries under their prompts."),
    );
    put(
        "pad_to_kdp_minimum",
        switch(&d("pad_to_kdp_minimum"), "Add lined \"Notes\" pages up to KDP's minimum page count."),
    );
    if format == Format::Kdp {
        put(
            "categories",
            json!({
                "type": "array", "items": "string", "default": [], "max_items": MAX_CATEGORIES,
                "description": "Store categories for the listing, such as \"Self-Help / Journaling\"."
            }),
        );
        put(
            "isbn",
            json!({
                "type": "string", "nullable": true, "default": null,
                "description": "The author's own ISBN-10 or ISBN-13; none lets KDP place its barcode."
            }),
        );
    }
    options
}

#[cfg(test)]
mod tests {
    use jc_render::Theme;

    use super::*;
    use crate::options::Requested;

    #[test]
    fn the_described_options_are_exactly_the_layout_options() {
        let defaults = serde_json::to_value(LayoutOptions::default()).expect("json");
        let mut keys: Vec<String> = defaults.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        let mut described: Vec<String> = options_of(Format::Pdf).keys().cloned().collect();
        described.sort();
        assert_eq!(described, keys);
        let kdp = options_of(Format::Kdp);
        assert!(kdp.contains_key("categories") && kdp.contains_key("isbn"));
        assert_eq!(list().formats.len(), 4);
    }

    #[test]
    fn every_default_shown_is_accepted_as_an_option() {
        for (key, description) in options_of(Format::Kdp) {
            let default = description["default"].clone();
            let raw = json!({ key.clone(): default }).to_string();
            Requested::parse(Format::Kdp, &raw).unwrap_or_else(|e| panic!("{key}: {e:?}"));
        }
    }

    #[test]
    fn the_stated_ranges_are_the_ones_enforced() {
        let (w, h) = (CUSTOM_TRIM_WIDTH_IN, CUSTOM_TRIM_HEIGHT_IN);
        assert!(TrimSize::new(w.0, h.0).is_ok() && TrimSize::new(w.1, h.1).is_ok());
        assert!(TrimSize::new(w.0 - 0.01, 7.0).is_err() && TrimSize::new(w.1 + 0.01, 7.0).is_err());
        assert!(TrimSize::new(5.0, h.0 - 0.01).is_err() && TrimSize::new(5.0, h.1 + 0.01).is_err());
        type Setter = fn(&mut Theme, f64);
        let cases: [((f64, f64), Setter); 5] = [
            (HEADING_SCALE, |t, v| t.fonts.heading_scale = v),
            (LINE_PITCH_IN, |t, v| t.spacing.line_pitch_in = v),
            (LINE_SPACING, |t, v| t.spacing.line_spacing = v),
            (RULE_WEIGHT_PT, |t, v| t.spacing.rule_weight_pt = v),
            (MARGIN_IN, |t, v| t.spacing.margin_in = v),
        ];
        for ((min, max), set) in cases {
            for (value, ok) in [(min, true), (max, true), (min - 0.01, false), (max + 0.01, false)] {
                let mut theme = Theme::default();
                set(&mut theme, value);
                assert_eq!(theme.validate().is_ok(), ok, "{value} in {min}..={max}");
            }
        }
    }
}
