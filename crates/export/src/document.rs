//! The journal service's journal (`JournalDetail`) as the render library's document,
//! and its customization as layout options.

use jc_domain::{BindingType, ColorScheme, FontSize, Layout, PaperType};
use jc_proto::convert::{WireEnum, word};
use jc_proto::journal as proto;
use jc_render::{
    BackMatter, Certificate, Commitment, Customization, Day, FrontMatter, Introduction, Journal,
    LayoutOptions, Metadata, PageStyle, RenderError, map_customization,
};

/// The language every journal is written in until journals carry their own.
pub const LANGUAGE: &str = "en";

/// A journal to render, with the options its customization gives.
#[derive(Debug, Clone)]
pub struct Source {
    pub journal: Journal,
    /// The journal's customization mapped onto the render defaults.
    pub base: LayoutOptions,
    /// Where the customization has no exact KDP match.
    pub notes: Vec<String>,
}

/// Maps `detail`; `Invalid` naming the field (`days[2].title`) when the journal
/// cannot be rendered as it is (a day without a title, an unknown customization word).
/// A journal made by hand, with no author, front matter, certificate or prompts, maps:
/// the renderers leave out what is empty.
pub fn source_of(detail: &proto::JournalDetail) -> Result<Source, RenderError> {
    let summary = detail.journal.clone().unwrap_or_default();
    let intro = detail.introduction.clone().unwrap_or_default();
    let commitment = detail.commitment.clone().unwrap_or_default();
    let certificate = detail.certificate.clone().unwrap_or_default();
    let mut days = Vec::with_capacity(detail.days.len());
    for (i, page) in detail.days.iter().enumerate() {
        let page_style = PageStyle::from_wire(page.page_style).ok_or_else(|| {
            RenderError::invalid(format!("days[{i}].page_style"), "is not a known page style")
        })?;
        days.push(Day {
            number: page.day,
            title: page.title.clone(),
            pre_writeup: page.pre_writeup.clone(),
            prompt: page.prompt.clone(),
            lines: page.lines,
            page_style,
            entry: page.entry.as_ref().map(|entry| entry.text.clone()),
        });
    }
    let journal = Journal {
        metadata: Metadata {
            title: summary.title.clone(),
            subtitle: summary.subtitle.clone(),
            author: summary.author_name.clone(),
            description: summary.description.clone(),
            language: LANGUAGE.to_owned(),
            identifier: format!("urn:uuid:{}", summary.id),
            keywords: Vec::new(),
        },
        front: FrontMatter {
            introduction: Introduction { title: intro.title, quote: intro.quote, writeup: intro.writeup },
            commitment: Commitment { text: commitment.text, writeup: commitment.writeup },
        },
        days,
        back: BackMatter {
            certificate: Certificate {
                summary: certificate.summary,
                text: certificate.text,
                fields: certificate.fields,
            },
        },
    };
    journal.validate()?;
    let custom = summary.customization.unwrap_or_default();
    // An unspecified value is an empty word, which the mapping refuses as unknown.
    let mapped = map_customization(
        Customization {
            layout: word::<Layout>(custom.layout),
            font_size: word::<FontSize>(custom.font_size),
            color_scheme: word::<ColorScheme>(custom.color_scheme),
            paper_type: word::<PaperType>(custom.paper_type),
            binding_type: word::<BindingType>(custom.binding_type),
        },
        LayoutOptions::default(),
    )
    .map_err(|error| match error {
        RenderError::Invalid { field, message } => {
            RenderError::invalid(format!("customization.{field}"), message)
        }
        other => other,
    })?;
    Ok(Source { journal, base: mapped.options, notes: mapped.notes })
}

/// Why a journal cannot be exported, in words its owner can act on.
pub fn unready_reason(error: &RenderError) -> String {
    match error {
        RenderError::Invalid { field, message } => {
            format!("the journal is not ready to export: {field} {message}")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn detail(days: u32) -> proto::JournalDetail {
        proto::JournalDetail {
            journal: Some(proto::JournalSummary {
                id: "0190d6a0-0000-7000-8000-000000000001".into(),
                title: "Calm Days".into(),
                author_name: "A. Writer".into(),
                customization: Some(proto::Customization {
                    layout: Layout::Magazine.to_wire(),
                    font_size: FontSize::Large.to_wire(),
                    color_scheme: ColorScheme::Forest.to_wire(),
                    paper_type: PaperType::Recycled.to_wire(),
                    binding_type: BindingType::Perfect.to_wire(),
                }),
                ..Default::default()
            }),
            introduction: Some(proto::Introduction {
                title: "Welcome".into(),
                quote: String::new(),
                writeup: "Write a little every day.".into(),
            }),
            commitment: Some(proto::Commitment { text: "I will write.".into(), writeup: String::new() }),
            certificate: Some(proto::Certificate {
                summary: "Done".into(),
                text: "You wrote every day.".into(),
                fields: vec!["Name".into()],
            }),
            days: (1..=days)
                .map(|day| proto::DayPage {
                    day,
                    title: format!("Day {day}"),
                    pre_writeup: String::new(),
                    prompt: "What went well?".into(),
                    lines: 8,
                    page_style: PageStyle::Dotted.to_wire(),
                    entry: (day == 1)
                        .then(|| proto::Entry { text: "A good day.".into(), updated_at: String::new() }),
                })
                .collect(),
        }
    }

    /// A journal as the journal service creates it by hand: a title, the default
    /// customization and blank lined pages titled "Day N", nothing else written.
    fn hand_made(days: u32) -> proto::JournalDetail {
        proto::JournalDetail {
            journal: Some(proto::JournalSummary {
                id: "0190d6a0-0000-7000-8000-000000000002".into(),
                title: "My Gratitude Pages".into(),
                customization: Some(proto::Customization {
                    layout: Layout::SingleColumn.to_wire(),
                    font_size: FontSize::Medium.to_wire(),
                    color_scheme: ColorScheme::Default.to_wire(),
                    paper_type: PaperType::Standard.to_wire(),
                    binding_type: BindingType::Perfect.to_wire(),
                }),
                ..Default::default()
            }),
            introduction: Some(proto::Introduction::default()),
            commitment: Some(proto::Commitment::default()),
            certificate: Some(proto::Certificate::default()),
            days: (1..=days)
                .map(|day| proto::DayPage {
                    day,
                    title: format!("Day {day}"),
                    lines: 20,
                    page_style: PageStyle::Lined.to_wire(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    #[test]
    fn a_hand_made_journal_maps_and_renders() {
        let source = source_of(&hand_made(3)).expect("a hand-made journal is ready to export");
        let journal = &source.journal;
        assert_eq!(journal.metadata.author, "");
        assert_eq!(journal.front.introduction.heading(), None);
        assert!(journal.front.commitment.is_empty() && journal.back.certificate.is_empty());
        assert!(
            journal
                .days
                .iter()
                .all(|day| day.prompt.is_empty() && day.title == format!("Day {}", day.number))
        );
        assert!(source.notes.is_empty());
        let pdf = jc_render::render_pdf(journal, &source.base).expect("pdf");
        assert_eq!(pdf.day_pages.len(), 3);
    }

    #[test]
    fn a_journal_maps_with_its_customization() {
        let source = source_of(&detail(3)).expect("source");
        assert_eq!(source.journal.days.len(), 3);
        assert_eq!(source.journal.days[0].page_style, PageStyle::Dotted);
        assert_eq!(source.journal.days[0].entry.as_deref(), Some("A good day."));
        assert_eq!(source.journal.metadata.identifier, "urn:uuid:0190d6a0-0000-7000-8000-000000000001");
        assert_eq!(source.base.font_size_pt, 13);
        assert_eq!(source.base.ink_paper, jc_render::kdp::InkPaper::BlackCream);
        assert_eq!(source.notes.len(), 1, "recycled paper has no exact match");
    }

    #[test]
    fn an_untitled_page_names_its_field() {
        let mut untitled = detail(2);
        untitled.days[1].title.clear();
        let error = source_of(&untitled).expect_err("untitled");
        assert_eq!(error.field(), Some("days[1].title"));
        assert!(
            unready_reason(&error).contains("days[1].title must not be empty"),
            "{}",
            unready_reason(&error)
        );
        let mut odd = detail(1);
        if let Some(custom) = odd.journal.as_mut().and_then(|j| j.customization.as_mut()) {
            custom.font_size = 99;
        }
        assert_eq!(source_of(&odd).expect_err("odd").field(), Some("customization.font_size"));
    }
}
