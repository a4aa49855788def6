//! `ListFormats`: the four formats and their options, each described by type,
//! default and allowed values or range.
//!
//! Defaults are read from [`LayoutOptions::default`] itself, allowed words from the
//! render library's enumerations and constants, so the description cannot drift from
//! what a render accepts; a test checks the described keys are exactly the options'
//! keys and that each stated range is the one the library enforces.

use jc_proto::common::Empty;
use jc_proto::export::{self as proto, OptionKind};
use jc_render::kdp::listing::MAX_CATEGORIES;
use jc_render::kdp::{Binding, InkPaper, TrimSize};
use jc_render::options::{FONT_SIZE_RANGE, MIN_RULE_WEIGHT_PT};
use jc_render::{FontFace, LayoutOptions, PageStyle};
use serde_json::Value;

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
            options: options_of(format),
        })
        .collect();
    proto::FormatList { formats }
}

/// A default as the wire carries it: the JSON of the render's own default.
fn value(default: &Value) -> Option<proto::OptionValue> {
    use proto::option_value::Value as V;
    let value = match default {
        Value::Bool(flag) => V::Boolean(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => V::Integer(integer),
            None => V::Number(number.as_f64().unwrap_or_default()),
        },
        Value::String(text) => V::Text(text.clone()),
        Value::Null => V::Null(Empty {}),
        Value::Array(items) => V::List(proto::StringList {
            items: items.iter().map(|item| item.as_str().unwrap_or_default().to_owned()).collect(),
        }),
        Value::Object(_) => return None,
    };
    Some(proto::OptionValue { value: Some(value) })
}

fn spec(name: &str, kind: OptionKind, default: &Value, description: &str) -> proto::OptionSpec {
    proto::OptionSpec {
        name: name.to_owned(),
        kind: kind as i32,
        description: description.to_owned(),
        default_value: value(default),
        ..Default::default()
    }
}

fn range(
    name: &str,
    kind: OptionKind,
    default: &Value,
    (min, max): (f64, f64),
    description: &str,
) -> proto::OptionSpec {
    proto::OptionSpec { min: Some(min), max: Some(max), ..spec(name, kind, default, description) }
}

fn choice(name: &str, default: &Value, allowed: Vec<&str>, description: &str) -> proto::OptionSpec {
    proto::OptionSpec {
        allowed: allowed.into_iter().map(str::to_owned).collect(),
        ..spec(name, OptionKind::String, default, description)
    }
}

fn switch(name: &str, default: &Value, description: &str) -> proto::OptionSpec {
    spec(name, OptionKind::Boolean, default, description)
}

fn group(name: &str, options: Vec<proto::OptionSpec>) -> proto::OptionGroup {
    proto::OptionGroup { name: name.to_owned(), options }
}

/// The options of `format`, in the order they are offered.
pub fn options_of(format: Format) -> Vec<proto::OptionSpec> {
    let defaults = serde_json::to_value(LayoutOptions::default()).unwrap_or(Value::Null);
    let d = |key: &str| defaults.get(key).cloned().unwrap_or(Value::Null);
    let theme = d("theme");
    let t = |path: [&str; 2]| theme.get(path[0]).and_then(|v| v.get(path[1])).cloned().unwrap_or(Value::Null);
    let font_size = (f64::from(FONT_SIZE_RANGE.0), f64::from(FONT_SIZE_RANGE.1));
    let standard: Vec<String> = TrimSize::STANDARD.iter().map(|trim| trim.code()).collect();
    let colour = |key: &str, what: &str| proto::OptionSpec {
        text_format: "#rrggbb".to_owned(),
        ..spec(key, OptionKind::String, &t(["colors", key]), what)
    };
    let faces = || FontFace::ALL.iter().map(|face| face.as_str()).collect::<Vec<_>>();
    let mut options = vec![
        proto::OptionSpec {
            allowed: standard,
            custom_trim: Some(proto::CustomTrimRange {
                min_width_in: CUSTOM_TRIM_WIDTH_IN.0,
                max_width_in: CUSTOM_TRIM_WIDTH_IN.1,
                min_height_in: CUSTOM_TRIM_HEIGHT_IN.0,
                max_height_in: CUSTOM_TRIM_HEIGHT_IN.1,
            }),
            ..spec(
                "trim",
                OptionKind::String,
                &d("trim"),
                "The trim size as WIDTHxHEIGHT in inches (\"6x9\", or \"a4\"): a standard KDP size or a custom one in the range.",
            )
        },
        switch("bleed", &d("bleed"), "Adds 0.125 in on the top, bottom and outside edge of every page."),
        choice(
            "ink_paper",
            &d("ink_paper"),
            InkPaper::ALL.iter().map(|i| i.as_str()).collect(),
            "Ink and paper (KDP's combinations).",
        ),
        choice(
            "binding",
            &d("binding"),
            Binding::ALL.iter().map(|b| b.as_str()).collect(),
            "How the book is bound.",
        ),
        proto::OptionSpec {
            nullable: true,
            ..choice(
                "page_style",
                &d("page_style"),
                PageStyle::ALL.iter().map(|s| s.as_str()).collect(),
                "Every day's writing area in this style; null keeps each day's own.",
            )
        },
        range(
            "font_size_pt",
            OptionKind::Integer,
            &d("font_size_pt"),
            font_size,
            "Body text size in points.",
        ),
        proto::OptionSpec {
            groups: vec![
                group(
                    "colors",
                    vec![
                        colour("text", "Running text."),
                        colour("heading", "Headings."),
                        colour("accent", "Day labels, quotes and heading rules."),
                        colour("rule", "Writing lines, dots and grids; at least 10 % grey."),
                    ],
                ),
                group(
                    "fonts",
                    vec![
                        choice("heading", &t(["fonts", "heading"]), faces(), "Heading type family."),
                        choice("body", &t(["fonts", "body"]), faces(), "Body type family."),
                        range(
                            "heading_scale",
                            OptionKind::Number,
                            &t(["fonts", "heading_scale"]),
                            HEADING_SCALE,
                            "Chapter heading size as a multiple of the body size.",
                        ),
                    ],
                ),
                group(
                    "spacing",
                    vec![
                        range(
                            "line_pitch_in",
                            OptionKind::Number,
                            &t(["spacing", "line_pitch_in"]),
                            LINE_PITCH_IN,
                            "Distance between writing lines, in inches.",
                        ),
                        range(
                            "line_spacing",
                            OptionKind::Number,
                            &t(["spacing", "line_spacing"]),
                            LINE_SPACING,
                            "Line spacing of running text.",
                        ),
                        range(
                            "rule_weight_pt",
                            OptionKind::Number,
                            &t(["spacing", "rule_weight_pt"]),
                            RULE_WEIGHT_PT,
                            "Weight of writing lines, in points.",
                        ),
                        range(
                            "margin_in",
                            OptionKind::Number,
                            &t(["spacing", "margin_in"]),
                            MARGIN_IN,
                            "Outside, top and bottom margin, in inches.",
                        ),
                        switch(
                            "heading_rule",
                            &t(["spacing", "heading_rule"]),
                            "A rule under chapter headings.",
                        ),
                    ],
                ),
            ],
            ..spec(
                "theme",
                OptionKind::Object,
                &theme,
                "Colours, type and spacing; objects merge, so one colour may be given alone. Unset values come from the journal's customization.",
            )
        },
        switch("page_numbers", &d("page_numbers"), "Page numbers in the outside corner."),
        switch("table_of_contents", &d("table_of_contents"), "A table of contents with page numbers."),
        range(
            "toc_columns",
            OptionKind::Integer,
            &d("toc_columns"),
            (1.0, 2.0),
            "Columns of the table of contents.",
        ),
        switch("date_lines", &d("date_lines"), "A \"Date\" line at the top of each day."),
        switch(
            "include_entries",
            &d("include_entries"),
            "Print the owner's written entries under their prompts.",
        ),
        switch(
            "pad_to_kdp_minimum",
            &d("pad_to_kdp_minimum"),
            "Add lined \"Notes\" pages up to KDP's minimum page count.",
        ),
    ];
    if format == Format::Kdp {
        options.push(proto::OptionSpec {
            items: OptionKind::String as i32,
            max_items: u32::try_from(MAX_CATEGORIES).ok(),
            ..spec(
                "categories",
                OptionKind::Array,
                &Value::Array(Vec::new()),
                "Store categories for the listing, such as \"Self-Help / Journaling\".",
            )
        });
        options.push(proto::OptionSpec {
            nullable: true,
            ..spec(
                "isbn",
                OptionKind::String,
                &Value::Null,
                "The author's own ISBN-10 or ISBN-13; none lets KDP place its barcode.",
            )
        });
    }
    options
}

#[cfg(test)]
mod tests {
    use jc_render::Theme;

    use super::*;
    use crate::options::Requested;

    fn default_json(spec: &proto::OptionSpec) -> Value {
        jc_proto::convert::option_json(spec).expect("described")["default"].clone()
    }

    #[test]
    fn the_described_options_are_exactly_the_layout_options() {
        let defaults = serde_json::to_value(LayoutOptions::default()).expect("json");
        let mut keys: Vec<String> = defaults.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        let mut described: Vec<String> = options_of(Format::Pdf).iter().map(|o| o.name.clone()).collect();
        described.sort();
        assert_eq!(described, keys);
        let kdp: Vec<String> = options_of(Format::Kdp).iter().map(|o| o.name.clone()).collect();
        assert!(kdp.contains(&"categories".to_owned()) && kdp.contains(&"isbn".to_owned()));
        assert_eq!(list().formats.len(), 4);
        let theme = options_of(Format::Pdf).into_iter().find(|o| o.name == "theme").expect("theme");
        assert_eq!(default_json(&theme), defaults["theme"], "the groups describe every theme value");
    }

    #[test]
    fn every_default_shown_is_accepted_as_an_option() {
        for spec in options_of(Format::Kdp) {
            let given = serde_json::json!({ spec.name.clone(): default_json(&spec) });
            let choices = jc_domain::print::ExportChoices::from_json(Format::Kdp, "options", Some(given))
                .unwrap_or_else(|e| panic!("{}: {e:?}", spec.name));
            Requested::from_wire(Format::Kdp, Some(&proto::ExportOptions::from(&choices)))
                .unwrap_or_else(|e| panic!("{}: {e:?}", spec.name));
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
