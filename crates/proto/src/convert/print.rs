//! An export's choices and the KDP calculator's question on the wire: `jc_domain::print`
//! and the messages of `export.proto`, both ways.
//!
//! An enum left unspecified is a choice not made; a number this build does not know is
//! refused, as is a number too large for its field.

use jc_domain::Invalid;
use jc_domain::print::{
    ColorChoices, ExportChoices, FontChoices, KdpPreviewInput, LayoutChoices, Listing, ListingChoices,
    SpacingChoices, ThemeChoices,
};

use serde_json::{Map, Value, json};

use super::{WireEnum, required};
use crate::export as pb;

wire_enum!(jc_domain::print::InkPaper => pb::InkPaper {
    BlackWhite, BlackCream, PremiumColorWhite, StandardColorWhite,
});
wire_enum!(jc_domain::print::Binding => pb::Binding { Paperback, Hardcover });
wire_enum!(jc_domain::print::FontFace => pb::FontFace { Serif, Sans });

/// An enum field where unspecified means "not chosen".
fn chosen<T: WireEnum>(field: &'static str, raw: i32) -> Result<Option<T>, Invalid> {
    if raw == 0 { Ok(None) } else { required(field, raw).map(Some) }
}

fn to_wire<T: WireEnum>(value: Option<T>) -> i32 {
    value.map_or(0, T::to_wire)
}

/// A small number that travels as `uint32`.
fn byte(field: &'static str, raw: Option<u32>) -> Result<Option<u8>, Invalid> {
    raw.map(|raw| u8::try_from(raw).map_err(|_| Invalid::new(field, format!("{raw} is out of range"))))
        .transpose()
}

impl From<&ExportChoices> for pb::ExportOptions {
    fn from(choices: &ExportChoices) -> Self {
        let (c, listing) = (&choices.layout, &choices.listing);
        Self {
            trim: c.trim.clone(),
            bleed: c.bleed,
            ink_paper: to_wire(c.ink_paper),
            binding: to_wire(c.binding),
            page_style: c.page_style.map(|style| pb::PageStyleChoice { style: to_wire(style) }),
            font_size_pt: c.font_size_pt.map(u32::from),
            theme: c.theme.as_ref().map(|theme| pb::ThemeChoices {
                colors: theme.colors.as_ref().map(|colors| pb::ColorChoices {
                    text: colors.text.clone(),
                    heading: colors.heading.clone(),
                    accent: colors.accent.clone(),
                    rule: colors.rule.clone(),
                }),
                fonts: theme.fonts.as_ref().map(|fonts| pb::FontChoices {
                    heading: to_wire(fonts.heading),
                    body: to_wire(fonts.body),
                    heading_scale: fonts.heading_scale,
                }),
                spacing: theme.spacing.as_ref().map(|spacing| pb::SpacingChoices {
                    line_pitch_in: spacing.line_pitch_in,
                    line_spacing: spacing.line_spacing,
                    rule_weight_pt: spacing.rule_weight_pt,
                    margin_in: spacing.margin_in,
                    heading_rule: spacing.heading_rule,
                }),
            }),
            page_numbers: c.page_numbers,
            table_of_contents: c.table_of_contents,
            toc_columns: c.toc_columns.map(u32::from),
            date_lines: c.date_lines,
            include_entries: c.include_entries,
            pad_to_kdp_minimum: c.pad_to_kdp_minimum,
            categories: listing.categories.clone().unwrap_or_default(),
            isbn: listing.isbn.clone(),
        }
    }
}

impl TryFrom<&pb::ExportOptions> for ExportChoices {
    type Error = Invalid;

    fn try_from(o: &pb::ExportOptions) -> Result<Self, Invalid> {
        let theme = o
            .theme
            .as_ref()
            .map(|theme| -> Result<ThemeChoices, Invalid> {
                Ok(ThemeChoices {
                    colors: theme.colors.as_ref().map(|colors| ColorChoices {
                        text: colors.text.clone(),
                        heading: colors.heading.clone(),
                        accent: colors.accent.clone(),
                        rule: colors.rule.clone(),
                    }),
                    fonts: theme
                        .fonts
                        .as_ref()
                        .map(|fonts| -> Result<FontChoices, Invalid> {
                            Ok(FontChoices {
                                heading: chosen("options.theme.fonts.heading", fonts.heading)?,
                                body: chosen("options.theme.fonts.body", fonts.body)?,
                                heading_scale: fonts.heading_scale,
                            })
                        })
                        .transpose()?,
                    spacing: theme.spacing.as_ref().map(|spacing| SpacingChoices {
                        line_pitch_in: spacing.line_pitch_in,
                        line_spacing: spacing.line_spacing,
                        rule_weight_pt: spacing.rule_weight_pt,
                        margin_in: spacing.margin_in,
                        heading_rule: spacing.heading_rule,
                    }),
                })
            })
            .transpose()?;
        let layout = LayoutChoices {
            trim: o.trim.clone(),
            bleed: o.bleed,
            ink_paper: chosen("options.ink_paper", o.ink_paper)?,
            binding: chosen("options.binding", o.binding)?,
            page_style: o
                .page_style
                .as_ref()
                .map(|choice| chosen("options.page_style", choice.style))
                .transpose()?,
            font_size_pt: byte("options.font_size_pt", o.font_size_pt)?,
            theme,
            page_numbers: o.page_numbers,
            table_of_contents: o.table_of_contents,
            toc_columns: byte("options.toc_columns", o.toc_columns)?,
            date_lines: o.date_lines,
            include_entries: o.include_entries,
            pad_to_kdp_minimum: o.pad_to_kdp_minimum,
        };
        let listing = ListingChoices {
            categories: (!o.categories.is_empty()).then(|| o.categories.clone()),
            isbn: o.isbn.clone(),
        };
        Ok(Self { layout, listing })
    }
}

impl From<Listing> for pb::Listing {
    fn from(listing: Listing) -> Self {
        let Listing { title, subtitle, author, description, keywords, categories, isbn } = listing;
        Self { title, subtitle, author, description, keywords, categories, isbn }
    }
}

impl From<pb::Listing> for Listing {
    fn from(listing: pb::Listing) -> Self {
        let pb::Listing { title, subtitle, author, description, keywords, categories, isbn } = listing;
        Self { title, subtitle, author, description, keywords, categories, isbn }
    }
}

impl From<&KdpPreviewInput> for pb::KdpPreviewRequest {
    fn from(input: &KdpPreviewInput) -> Self {
        Self {
            trim: input.trim.clone(),
            pages: input.pages,
            ink_paper: to_wire(input.ink_paper),
            binding: to_wire(input.binding),
            bleed: input.bleed,
            listing: input.listing.clone().map(pb::Listing::from),
            cover_title: input.cover_title.clone(),
        }
    }
}

impl TryFrom<&pb::KdpPreviewRequest> for KdpPreviewInput {
    type Error = Invalid;

    fn try_from(request: &pb::KdpPreviewRequest) -> Result<Self, Invalid> {
        Ok(Self {
            trim: request.trim.clone(),
            pages: request.pages,
            ink_paper: chosen("ink_paper", request.ink_paper)?,
            binding: chosen("binding", request.binding)?,
            bleed: request.bleed,
            listing: request.listing.clone().map(Listing::from),
            cover_title: request.cover_title.clone(),
        })
    }
}

/// An option of a format as the REST API describes it: `type`, `default`, and its
/// allowed values or range, with the keys that apply to its kind; an object option's
/// default is its groups' defaults. The error says what is wrong with the option.
pub fn option_json(spec: &pb::OptionSpec) -> Result<Value, String> {
    let mut option = Map::new();
    option.insert("type".into(), Value::from(kind_word(spec.kind)?));
    option.insert("description".into(), Value::from(spec.description.as_str()));
    if spec.groups.is_empty() {
        option.insert("default".into(), default_json(spec)?);
    } else {
        let (mut default, mut fields) = (Map::new(), Map::new());
        for group in &spec.groups {
            let (mut values, mut specs) = (Map::new(), Map::new());
            for member in &group.options {
                values.insert(member.name.clone(), default_json(member)?);
                specs.insert(member.name.clone(), option_json(member)?);
            }
            default.insert(group.name.clone(), Value::Object(values));
            fields.insert(group.name.clone(), Value::Object(specs));
        }
        option.insert("default".into(), Value::Object(default));
        option.insert("fields".into(), Value::Object(fields));
    }
    if !spec.allowed.is_empty() {
        option.insert("allowed".into(), Value::from(spec.allowed.clone()));
    }
    if let Some(min) = spec.min {
        option.insert("min".into(), Value::from(min));
    }
    if let Some(max) = spec.max {
        option.insert("max".into(), Value::from(max));
    }
    if spec.nullable {
        option.insert("nullable".into(), Value::from(true));
    }
    if !spec.text_format.is_empty() {
        option.insert("format".into(), Value::from(spec.text_format.as_str()));
    }
    if spec.kind == pb::OptionKind::Array as i32 {
        option.insert("items".into(), Value::from(kind_word(spec.items)?));
    }
    if let Some(max_items) = spec.max_items {
        option.insert("max_items".into(), Value::from(max_items));
    }
    if let Some(custom) = &spec.custom_trim {
        option.insert(
            "custom".into(),
            json!({
                "width_in": { "min": custom.min_width_in, "max": custom.max_width_in },
                "height_in": { "min": custom.min_height_in, "max": custom.max_height_in }
            }),
        );
    }
    Ok(Value::Object(option))
}

fn kind_word(raw: i32) -> Result<&'static str, String> {
    match pb::OptionKind::try_from(raw) {
        Ok(pb::OptionKind::Boolean) => Ok("boolean"),
        Ok(pb::OptionKind::Integer) => Ok("integer"),
        Ok(pb::OptionKind::Number) => Ok("number"),
        Ok(pb::OptionKind::String) => Ok("string"),
        Ok(pb::OptionKind::Array) => Ok("array"),
        Ok(pb::OptionKind::Object) => Ok("object"),
        Ok(pb::OptionKind::Unspecified) | Err(_) => Err(format!("of no known kind ({raw})")),
    }
}

fn default_json(spec: &pb::OptionSpec) -> Result<Value, String> {
    use pb::option_value::Value as V;
    Ok(match spec.default_value.as_ref().and_then(|value| value.value.as_ref()) {
        Some(V::Boolean(flag)) => Value::from(*flag),
        Some(V::Integer(integer)) => Value::from(*integer),
        Some(V::Number(number)) => Value::from(*number),
        Some(V::Text(text)) => Value::from(text.as_str()),
        Some(V::Null(_)) => Value::Null,
        Some(V::List(list)) => Value::from(list.items.clone()),
        None => {
            return Err(format!("{} without a default", spec.name));
        }
    })
}

#[cfg(test)]
mod tests {
    use jc_domain::ExportFormat;
    use serde_json::json;

    use super::*;
    use crate::convert::tests::round_trips;

    #[test]
    fn the_print_sets_round_trip_over_the_wire() {
        round_trips::<jc_domain::print::InkPaper>();
        round_trips::<jc_domain::print::Binding>();
        round_trips::<jc_domain::print::FontFace>();
    }

    #[test]
    fn every_choice_goes_over_the_wire_and_back() {
        let every = json!({
            "trim": "8.5x11", "bleed": true, "ink_paper": "black_cream", "binding": "hardcover",
            "page_style": null, "font_size_pt": 12,
            "theme": {
                "colors": {"text": "#111111", "heading": "#222222", "accent": "#333333", "rule": "#444444"},
                "fonts": {"heading": "sans", "body": "serif", "heading_scale": 2.0},
                "spacing": {"line_pitch_in": 0.3, "line_spacing": 1.5, "rule_weight_pt": 1.0,
                            "margin_in": 0.75, "heading_rule": true}
            },
            "page_numbers": false, "table_of_contents": false, "toc_columns": 2, "date_lines": false,
            "include_entries": true, "pad_to_kdp_minimum": false,
            "categories": ["Self-Help / Journaling"], "isbn": "9780306406157"
        });
        let choices =
            ExportChoices::from_json(ExportFormat::Kdp, "options", Some(every.clone())).expect("valid");
        let wire = pb::ExportOptions::from(&choices);
        assert_eq!(ExportChoices::try_from(&wire), Ok(choices.clone()));
        assert_eq!(serde_json::Value::Object(choices.to_json()), every);
        let styled =
            ExportChoices::from_json(ExportFormat::Pdf, "options", Some(json!({"page_style": "grid"})))
                .expect("valid");
        assert_eq!(ExportChoices::try_from(&pb::ExportOptions::from(&styled)), Ok(styled));
        let none = ExportChoices::default();
        assert_eq!(ExportChoices::try_from(&pb::ExportOptions::from(&none)), Ok(none));
    }

    #[test]
    fn numbers_the_domain_cannot_hold_are_refused() {
        let wide = pb::ExportOptions { font_size_pt: Some(300), ..Default::default() };
        assert_eq!(ExportChoices::try_from(&wide).err().map(|e| e.field), Some("options.font_size_pt"));
        let unknown = pb::ExportOptions { ink_paper: 99, ..Default::default() };
        assert_eq!(ExportChoices::try_from(&unknown).err().map(|e| e.field), Some("options.ink_paper"));
    }

    #[test]
    fn the_calculator_question_goes_over_the_wire_and_back() {
        let input = KdpPreviewInput::from_json(json!({
            "trim": "6x9", "pages": 120, "ink_paper": "black_cream", "bleed": true,
            "listing": {"title": "T", "author": "A", "description": "D", "keywords": ["k"]},
            "cover_title": "T"
        }))
        .expect("valid");
        assert_eq!(KdpPreviewInput::try_from(&pb::KdpPreviewRequest::from(&input)), Ok(input));
    }

    #[test]
    fn an_option_is_described_with_the_keys_of_its_kind() {
        let text =
            |text: &str| Some(pb::OptionValue { value: Some(pb::option_value::Value::Text(text.into())) });
        let trim = pb::OptionSpec {
            name: "trim".into(),
            kind: pb::OptionKind::String as i32,
            description: "The trim.".into(),
            default_value: text("6x9"),
            allowed: vec!["6x9".into()],
            custom_trim: Some(pb::CustomTrimRange {
                min_width_in: 4.0,
                max_width_in: 8.5,
                min_height_in: 6.0,
                max_height_in: 11.69,
            }),
            ..Default::default()
        };
        assert_eq!(
            option_json(&trim).expect("described"),
            json!({"type": "string", "description": "The trim.", "default": "6x9", "allowed": ["6x9"],
                   "custom": {"width_in": {"min": 4.0, "max": 8.5}, "height_in": {"min": 6.0, "max": 11.69}}})
        );
        let accent = pb::OptionSpec {
            name: "accent".into(),
            kind: pb::OptionKind::String as i32,
            default_value: text("#555555"),
            text_format: "#rrggbb".into(),
            ..Default::default()
        };
        let theme = pb::OptionSpec {
            name: "theme".into(),
            kind: pb::OptionKind::Object as i32,
            groups: vec![pb::OptionGroup { name: "colors".into(), options: vec![accent] }],
            ..Default::default()
        };
        let theme = option_json(&theme).expect("described");
        assert_eq!(theme["default"], json!({"colors": {"accent": "#555555"}}), "the groups' defaults");
        assert_eq!(theme["fields"]["colors"]["accent"]["format"], "#rrggbb");
        let unknown = pb::OptionSpec { kind: 99, ..Default::default() };
        assert!(option_json(&unknown).is_err());
    }
}
