//! The interior PDF, laid out with genpdf.
//!
//! Layout runs in passes: the gutter depends on the final page count and the table of
//! contents on where sections land, so a pass is repeated with what the previous one found
//! until nothing changes (usually two passes). The gutter only grows between passes, so
//! the loop settles; the final file always has at least the gutter its page count needs.
//! A pass that cannot be the last (the contents numbers are not known yet) only measures:
//! it stops before printpdf builds the file, which is most of a pass's time. The finishing
//! pass reads genpdf's file with a reader for lopdf's own output (module `read`).

pub mod cover;
mod decorator;
mod elements;
mod fonts;
pub(crate) mod geometry;
mod post;
mod read;

use std::cell::RefCell;
use std::rc::Rc;

use genpdf::style::{Color, Style};
use genpdf::{Alignment, Document, Element, Mm, Size};

pub use post::{FontFact, PdfFacts};

use self::decorator::MirroredDecorator;
use self::elements::{
    Contents, DayBlock, DayBody, EndOfLayout, FieldLine, RuleLine, Section, SectionStart, Shared, SharedRef,
    Spacer, TextBlock, WritingArea, inches, points,
};
use self::geometry::Geometry;
use crate::error::{RenderError, Result};
use crate::kdp::{min_gutter_in, page_limits};
use crate::model::{CERTIFICATE_TITLE, COMMITMENT_TITLE, Journal, PageStyle, paragraphs};
use crate::options::{LayoutOptions, Rgb};

/// Most layout passes before giving up (the loop settles in two or three).
const MAX_PASSES: usize = 8;

/// A rendered interior.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    /// Final page count (even).
    pub pages: u32,
    /// The gutter used, in inches (at least the band of the final page count).
    pub gutter_in: f64,
    /// Outside, top and bottom margin inside the trim, in inches.
    pub margin_in: f64,
    /// Lined "Notes" pages added to make the count even or reach KDP's minimum.
    pub notes_pages: u32,
    /// Layout passes it took.
    pub passes: u32,
    /// Page each day starts on, in day order.
    pub day_pages: Vec<u32>,
    /// For each day, the page its prompt ends on and the page its writing area (or entry)
    /// starts on: always the same page.
    pub prompt_pages: Vec<(u32, u32)>,
    /// Measurements of the finished file.
    pub facts: PdfFacts,
}

/// What one pass is told.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    gutter: f64,
    notes: u32,
    /// Page numbers for the contents, in entry order; `None` on the first pass.
    contents: Option<Vec<usize>>,
}

/// Whether a pass builds the file or only lays the book out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Measure,
    Write,
}

struct Pass {
    /// genpdf's file; `None` for a measuring pass.
    raw: Option<Vec<u8>>,
    pages: u32,
    starts: Vec<(Section, usize)>,
    keeps: Vec<(usize, usize, u32)>,
    geometry: Geometry,
}

/// Renders the interior PDF of a journal.
pub fn render_pdf(journal: &Journal, options: &LayoutOptions) -> Result<PdfOutput> {
    journal.validate()?;
    options.validate()?;
    // The gutter starts at the band of a cautious page estimate and only grows. A first
    // pass on the final gutter leaves only the contents numbers to settle (two passes);
    // the estimate is shaded down so it never picks a band wider than the book needs,
    // and the lower bound (title, owner page, contents, the introduction, commitment and
    // certificate that are printed, one page a day) holds when the estimate is low.
    let lower_bound =
        journal.days.len() as u32 + journal.section_pages() + u32::from(options.table_of_contents);
    let estimate = crate::docx::estimate_pages(journal, options).saturating_mul(9) / 10;
    let mut plan = Plan { gutter: band(lower_bound.max(estimate)), notes: 0, contents: None };
    let minimum = if options.pad_to_kdp_minimum {
        page_limits(options.trim, options.ink_paper, options.binding).min
    } else {
        0
    };
    for attempt in 1..=MAX_PASSES {
        // While the contents numbers are unknown the pass cannot be the last one: it only
        // measures, and skips building the file.
        let mode =
            if options.table_of_contents && plan.contents.is_none() { Mode::Measure } else { Mode::Write };
        let pass = render_pass(journal, options, &plan, mode)?;
        let base = pass.pages - plan.notes;
        let mut notes = minimum.saturating_sub(base);
        if (base + notes) % 2 == 1 {
            notes += 1;
        }
        let total = base + notes;
        let required = band(total);
        let numbers = contents_numbers(&pass.starts, journal);
        let settled = required <= plan.gutter + 1e-9
            && notes == plan.notes
            && (!options.table_of_contents || plan.contents.as_ref() == Some(&numbers));
        if settled && let Some(raw) = &pass.raw {
            let (bytes, facts) = post::finish(
                raw,
                &post::PageFrame::interior(pass.geometry),
                &journal.metadata,
                options.theme.spacing.rule_weight_pt,
                &font_names(options),
            )?;
            let day_pages = pass
                .starts
                .iter()
                .filter_map(|(s, p)| matches!(s, Section::Day(_)).then_some(*p as u32))
                .collect();
            return Ok(PdfOutput {
                bytes,
                pages: pass.pages,
                gutter_in: plan.gutter,
                margin_in: options.theme.spacing.margin_in,
                notes_pages: plan.notes,
                passes: attempt as u32,
                day_pages,
                prompt_pages: pass.keeps.iter().map(|(p, b, _)| (*p as u32, *b as u32)).collect(),
                facts,
            });
        }
        // Notes pages sit before the certificate (the last contents line when there is
        // one): shift its number by the change so the next pass is usually the last.
        let mut predicted = numbers;
        if !journal.back.certificate.is_empty()
            && let Some(last) = predicted.last_mut()
        {
            *last = (*last + notes as usize).saturating_sub(plan.notes as usize);
        }
        plan = Plan { gutter: plan.gutter.max(required), notes, contents: Some(predicted) };
    }
    Err(RenderError::Pdf(format!("the layout did not settle in {MAX_PASSES} passes")))
}

/// PostScript names of the fonts in the order genpdf adds them (body family, then the
/// heading family when it differs), for the font dictionaries.
fn font_names(options: &LayoutOptions) -> Vec<&'static str> {
    let mut names = fonts::postscript_names(options.theme.fonts.body).to_vec();
    if options.theme.fonts.heading != options.theme.fonts.body {
        names.extend(fonts::postscript_names(options.theme.fonts.heading));
    }
    names
}

/// The gutter band of a page count; past KDP's largest count the widest band.
fn band(pages: u32) -> f64 {
    min_gutter_in(pages).unwrap_or(0.875)
}

/// The contents lines: introduction, commitment, each day, certificate; the parts left
/// out of the book are left out here too.
fn contents_labels(journal: &Journal) -> Vec<(Section, String)> {
    let mut labels = Vec::with_capacity(journal.days.len() + 3);
    if let Some(heading) = journal.front.introduction.heading() {
        labels.push((Section::Introduction, heading.to_string()));
    }
    if !journal.front.commitment.is_empty() {
        labels.push((Section::Commitment, COMMITMENT_TITLE.to_string()));
    }
    for day in &journal.days {
        labels.push((Section::Day(day.number), day.heading()));
    }
    if !journal.back.certificate.is_empty() {
        labels.push((Section::Certificate, CERTIFICATE_TITLE.to_string()));
    }
    labels
}

fn contents_numbers(starts: &[(Section, usize)], journal: &Journal) -> Vec<usize> {
    contents_labels(journal)
        .iter()
        .map(|(section, _)| starts.iter().find(|(s, _)| s == section).map_or(0, |(_, p)| *p))
        .collect()
}

fn color(options: &LayoutOptions, rgb: Rgb) -> Color {
    let printed = options.printed(rgb);
    if options.ink_paper.is_black_ink() {
        Color::Greyscale(printed.0)
    } else {
        Color::Rgb(printed.0, printed.1, printed.2)
    }
}

fn scaled(size: u8, factor: f64) -> u8 {
    (f64::from(size) * factor).round().clamp(7.0, 60.0) as u8
}

fn render_pass(journal: &Journal, options: &LayoutOptions, plan: &Plan, mode: Mode) -> Result<Pass> {
    let theme = &options.theme;
    let geometry = Geometry::new(options.trim, options.bleed, plan.gutter, theme.spacing.margin_in);
    let mut doc = Document::new(fonts::family(theme.fonts.body)?);
    let heading_family = if theme.fonts.heading == theme.fonts.body {
        doc.font_cache().default_font_family()
    } else {
        doc.add_font_family(fonts::family(theme.fonts.heading)?)
    };
    doc.set_minimal_conformance();
    doc.set_title(journal.metadata.title.clone());
    doc.set_font_size(options.font_size_pt);
    doc.set_line_spacing(theme.spacing.line_spacing);
    let (page_w, page_h) = geometry.page();
    doc.set_paper_size(Size::new(inches(page_w), inches(page_h)));

    let shared: SharedRef = Rc::new(RefCell::new(Shared::default()));
    let base = options.font_size_pt;
    let text_color = color(options, theme.colors.text);
    let heading_color = color(options, theme.colors.heading);
    let accent_color = color(options, theme.colors.accent);
    let rule_color = color(options, theme.colors.rule);
    let body = Style::new()
        .with_font_size(base)
        .with_line_spacing(theme.spacing.line_spacing)
        .with_color(text_color);
    let heading = |factor: f64| {
        Style::new()
            .with_font_family(heading_family)
            .bold()
            .with_font_size(scaled(base, factor))
            .with_line_spacing(1.2)
            .with_color(heading_color)
    };
    let small = Style::new().with_font_size(scaled(base, 0.85).max(8)).with_color(accent_color);
    let h1 = heading(theme.fonts.heading_scale);
    let h2 = heading((theme.fonts.heading_scale * 0.75).max(1.2));
    let line_space = inches(theme.spacing.line_pitch_in);
    let dot = points(theme.spacing.rule_weight_pt);
    let rule = |space: Mm| RuleLine { color: accent_color, space };

    doc.set_page_decorator(MirroredDecorator {
        geometry,
        shared: Rc::clone(&shared),
        page_numbers: options.page_numbers,
        folio_style: Style::new().with_font_size(scaled(base, 0.85).max(8)).with_color(text_color),
    });

    let meta = &journal.metadata;
    let block_height = inches(geometry.text_block(1).height);

    // Title page.
    doc.push(SectionStart::new(Section::Title, &shared));
    doc.push(Spacer(block_height * 0.28));
    doc.push(
        TextBlock::new(vec![meta.title.trim().to_string()], heading(theme.fonts.heading_scale * 1.25))
            .aligned(Alignment::Center),
    );
    if !meta.subtitle.trim().is_empty() {
        doc.push(
            TextBlock::new(
                vec![meta.subtitle.trim().to_string()],
                body.italic().with_font_size(scaled(base, 1.2)),
            )
            .aligned(Alignment::Center)
            .space_before(inches(0.2)),
        );
    }
    if let Some(author) = meta.author() {
        doc.push(
            TextBlock::new(vec![author.to_string()], body.with_font_size(scaled(base, 1.1)))
                .aligned(Alignment::Center)
                .space_before(inches(0.6)),
        );
    }

    // Owner page.
    doc.push(SectionStart::new(Section::Owner, &shared));
    doc.push(Spacer(block_height * 0.3));
    doc.push(TextBlock::new(vec!["This journal belongs to".to_string()], h2).aligned(Alignment::Center));
    doc.push(Spacer(inches(0.2)));
    for label in ["Name", "Started on"] {
        doc.push(FieldLine { label: label.to_string(), style: body, color: rule_color });
    }
    // A copyright line needs a holder: a journal without an author (one made by hand for
    // its owner's own use) has none.
    if let Some(author) = meta.author() {
        doc.push(
            TextBlock::new(vec![format!("Copyright © {author}. All rights reserved.")], small)
                .aligned(Alignment::Center)
                .space_before(inches(1.0)),
        );
    }

    // Contents.
    if options.table_of_contents {
        doc.push(SectionStart::new(Section::Contents, &shared));
        doc.push(TextBlock::new(vec!["Contents".to_string()], h1));
        if theme.spacing.heading_rule {
            doc.push(rule(Mm::from(2.0)));
        }
        doc.push(Spacer(inches(0.15)));
        let labels = contents_labels(journal);
        let numbers = plan.contents.clone();
        let entries = labels
            .into_iter()
            .enumerate()
            .map(|(i, (_, label))| (label, numbers.as_ref().and_then(|n| n.get(i).copied())))
            .collect();
        doc.push(Contents::new(entries, usize::from(options.toc_columns), body.with_line_spacing(1.25)));
    }

    // Introduction, when there is one.
    let intro = &journal.front.introduction;
    if let Some(heading) = intro.heading() {
        doc.push(SectionStart::new(Section::Introduction, &shared));
        doc.push(TextBlock::new(vec![heading.to_string()], h1));
        if theme.spacing.heading_rule {
            doc.push(rule(Mm::from(2.0)));
        }
        if !intro.quote.trim().is_empty() {
            doc.push(
                TextBlock::new(paragraphs(&intro.quote), body.italic().with_color(accent_color))
                    .aligned(Alignment::Center)
                    .space_before(inches(0.25)),
            );
        }
        if !intro.writeup.trim().is_empty() {
            doc.push(TextBlock::new(paragraphs(&intro.writeup), body).space_before(inches(0.25)));
        }
    }

    // Commitment, when there is one.
    let commitment = &journal.front.commitment;
    if !commitment.is_empty() {
        doc.push(SectionStart::new(Section::Commitment, &shared));
        doc.push(TextBlock::new(vec![COMMITMENT_TITLE.to_string()], h1));
        if theme.spacing.heading_rule {
            doc.push(rule(Mm::from(2.0)));
        }
        if !commitment.text.trim().is_empty() {
            doc.push(TextBlock::new(paragraphs(&commitment.text), body.bold()).space_before(inches(0.25)));
        }
        if !commitment.writeup.trim().is_empty() {
            doc.push(TextBlock::new(paragraphs(&commitment.writeup), body).space_before(inches(0.2)));
        }
        doc.push(Spacer(inches(0.3)));
        for label in ["Signed", "Date"] {
            doc.push(FieldLine { label: label.to_string(), style: body, color: rule_color });
        }
    }

    // Days.
    for day in &journal.days {
        doc.push(SectionStart::new(Section::Day(day.number), &shared));
        // "DAY 3" over the day's own title, or "Day 3" alone when that is all it says.
        let mut header: Vec<Box<dyn Element>> = match day.own_title() {
            Some(title) => vec![
                Box::new(TextBlock::new(vec![format!("DAY {}", day.number)], small.bold())),
                Box::new(TextBlock::new(vec![title.to_string()], h2)),
            ],
            None => vec![Box::new(TextBlock::new(vec![day.heading()], h2))],
        };
        if theme.spacing.heading_rule {
            header.push(Box::new(rule(Mm::from(1.5))));
        }
        if options.date_lines {
            header.push(Box::new(FieldLine { label: "Date".to_string(), style: small, color: rule_color }));
        }
        if !day.pre_writeup.trim().is_empty() {
            header.push(Box::new(
                TextBlock::new(paragraphs(&day.pre_writeup), body).space_before(inches(0.12)),
            ));
        }
        // An empty prompt has no lines: the block is only the space above the body.
        let prompt = TextBlock::new(paragraphs(&day.prompt), body.bold()).space_before(inches(0.15));
        let entry = if options.include_entries { Journal::entry_of(day) } else { None };
        let (body_element, keep) = match entry {
            Some(text) => {
                let lines = body.line_height_hint();
                (DayBody::Entry(TextBlock::new(paragraphs(text), body).space_before(inches(0.12))), lines)
            }
            None => {
                let mut area = WritingArea::new(
                    options.style_for(day.page_style),
                    day.lines,
                    line_space,
                    dot,
                    rule_color,
                );
                area.continued = Some((format!("Day {} (continued)", day.number), small.italic()));
                let keep = area.rows_height(day.lines.min(3));
                (DayBody::Writing(area), keep)
            }
        };
        doc.push(DayBlock::new(header, prompt, body_element, keep, &shared));
    }

    // Notes pages that make the count even or reach the minimum.
    for n in 1..=plan.notes {
        doc.push(SectionStart::new(Section::Notes(n), &shared));
        doc.push(TextBlock::new(vec!["Notes".to_string()], h2));
        let mut area = WritingArea::new(PageStyle::Lined, 0, line_space, dot, rule_color);
        area.fill = true;
        doc.push(area);
    }

    // Certificate, when there is one, with what it has.
    let certificate = &journal.back.certificate;
    if !certificate.is_empty() {
        doc.push(SectionStart::new(Section::Certificate, &shared));
        doc.push(Spacer(inches(0.4)));
        doc.push(TextBlock::new(vec![CERTIFICATE_TITLE.to_string()], h1).aligned(Alignment::Center));
        if theme.spacing.heading_rule {
            doc.push(rule(Mm::from(2.0)));
        }
        if !certificate.summary.trim().is_empty() {
            doc.push(
                TextBlock::new(paragraphs(&certificate.summary), body.italic())
                    .aligned(Alignment::Center)
                    .space_before(inches(0.3)),
            );
        }
        if !certificate.text.trim().is_empty() {
            doc.push(
                TextBlock::new(paragraphs(&certificate.text), body)
                    .aligned(Alignment::Center)
                    .space_before(inches(0.25)),
            );
        }
        doc.push(Spacer(inches(0.3)));
        for field in &certificate.fields {
            doc.push(FieldLine { label: field.trim().to_string(), style: body, color: rule_color });
        }
    }

    let raw = match mode {
        Mode::Write => {
            let mut raw = Vec::new();
            doc.render(&mut raw).map_err(|e| RenderError::Pdf(e.to_string()))?;
            Some(raw)
        }
        Mode::Measure => {
            doc.push(EndOfLayout::new(&shared));
            match doc.render(std::io::sink()) {
                Err(_) if shared.borrow().measured_pages.is_some() => None,
                Err(e) => return Err(RenderError::Pdf(e.to_string())),
                Ok(()) => return Err(RenderError::Pdf("a measuring pass wrote a file".into())),
            }
        }
    };
    let shared = shared.borrow();
    Ok(Pass {
        raw,
        pages: shared.measured_pages.unwrap_or(shared.page) as u32,
        starts: shared.starts.clone(),
        keeps: shared.keeps.clone(),
        geometry,
    })
}

/// Two lines of body text: the part of an entry kept with its prompt.
trait LineHeightHint {
    fn line_height_hint(&self) -> Mm;
}

impl LineHeightHint for Style {
    fn line_height_hint(&self) -> Mm {
        // Line height is font metrics dependent; twice the font size times the spacing is
        // a safe stand-in (DejaVu's line height is about 1.16 em).
        points(f64::from(self.font_size()) * 1.2 * self.line_spacing() * 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::{hand_made, sample, without_front_and_back};

    #[test]
    fn a_short_journal_is_padded_to_an_even_kdp_minimum_without_blank_pages() {
        let out = render_pdf(&sample(3), &LayoutOptions::default()).expect("pdf");
        assert_eq!(out.pages, 24, "padded to the 24-page minimum");
        assert_eq!(out.facts.pages, 24);
        assert!(out.notes_pages > 0);
        assert!(out.facts.blank_pages.is_empty());
        assert!(!out.facts.ends_on_blank);
        assert!(out.facts.fonts.iter().all(|f| f.embedded));
        assert!(!out.facts.outlines && out.facts.annotations == 0 && !out.facts.encrypted);
        assert!(!out.facts.conformance_marker);
        assert!(out.facts.uniform_pages);
        assert_eq!(out.facts.media_box_pt, (432.0, 648.0));
        assert!(out.passes <= 3);
        assert!(out.bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn without_padding_the_count_is_still_even() {
        for days in 1..=4 {
            let options = LayoutOptions { pad_to_kdp_minimum: false, ..Default::default() };
            let out = render_pdf(&sample(days), &options).expect("pdf");
            assert_eq!(out.pages % 2, 0, "{days} days: {} pages", out.pages);
            assert!(out.notes_pages <= 1);
            assert!(!out.facts.ends_on_blank);
        }
    }

    #[test]
    fn bleed_grows_every_page_and_keeps_the_trim_box() {
        let options = LayoutOptions { bleed: true, ..Default::default() };
        let out = render_pdf(&sample(2), &options).expect("pdf");
        assert_eq!(out.facts.media_box_pt, (441.0, 666.0));
        assert!(out.facts.uniform_pages);
        assert!(out.facts.marks_inside_trim);
    }

    #[test]
    fn the_gutter_follows_the_final_page_count() {
        // About 160 one-page days push the book past 150 pages: the 0.5 in band.
        let mut journal = sample(160);
        for day in &mut journal.days {
            day.lines = 8;
        }
        let out = render_pdf(&journal, &LayoutOptions::default()).expect("pdf");
        assert!(out.pages > 150 && out.pages <= 300, "{} pages", out.pages);
        assert_eq!(out.gutter_in, 0.5);
        let nearest = out.facts.nearest_to_gutter_in.expect("marks");
        assert!(nearest >= 0.5 - 1e-3, "something sits {nearest} in from the binding edge");
    }

    #[test]
    fn a_prompt_never_leaves_its_writing_area() {
        // Pre-writeups of growing length push each prompt to a different spot on the page.
        let mut journal = sample(24);
        for (i, day) in journal.days.iter_mut().enumerate() {
            day.pre_writeup = "Sit with the morning before you write a word of it. ".repeat(4 + i * 3);
            day.lines = 20;
        }
        let options = LayoutOptions::default();
        let plan = Plan { gutter: 0.375, notes: 0, contents: None };
        let pass = render_pass(&journal, &options, &plan, Mode::Measure).expect("pass");
        assert!(pass.raw.is_none(), "a measuring pass builds no file");
        assert_eq!(pass.keeps.len(), 24);
        let mut moved = 0;
        for (day, (prompt_page, body_page, rows)) in pass.keeps.iter().enumerate() {
            assert_eq!(prompt_page, body_page, "day {} split its prompt from its writing area", day + 1);
            assert!(*rows >= 3, "day {}: only {rows} rows under the prompt", day + 1);
            let start = pass.starts.iter().find(|(s, _)| *s == Section::Day(day as u32 + 1)).map(|(_, p)| *p);
            if start != Some(*prompt_page) {
                moved += 1;
            }
        }
        assert!(moved > 0, "no prompt had to move: the test did not exercise the rule");
    }

    #[test]
    fn a_day_without_a_prompt_keeps_its_header_with_its_writing_area() {
        // As above with the prompts left empty: the header alone is kept with the rows.
        let mut journal = sample(24);
        for (i, day) in journal.days.iter_mut().enumerate() {
            day.pre_writeup = "Sit with the morning before you write a word of it. ".repeat(4 + i * 3);
            day.prompt.clear();
            day.lines = 20;
        }
        let options = LayoutOptions::default();
        let plan = Plan { gutter: 0.375, notes: 0, contents: None };
        let pass = render_pass(&journal, &options, &plan, Mode::Measure).expect("pass");
        assert_eq!(pass.keeps.len(), 24);
        let mut moved = 0;
        for (day, (header_page, body_page, rows)) in pass.keeps.iter().enumerate() {
            assert_eq!(header_page, body_page, "day {} split its header from its writing area", day + 1);
            assert!(*rows >= 3, "day {}: only {rows} rows under the header", day + 1);
            let start = pass.starts.iter().find(|(s, _)| *s == Section::Day(day as u32 + 1)).map(|(_, p)| *p);
            if start != Some(*header_page) {
                moved += 1;
            }
        }
        assert!(moved > 0, "no header ran onto another page: the test did not exercise the rule");
        let out = render_pdf(&journal, &options).expect("pdf");
        assert!(out.prompt_pages.iter().all(|(header, body)| header == body));
        assert!(out.facts.blank_pages.is_empty());
    }

    #[test]
    fn a_measuring_pass_lays_the_book_out_as_a_writing_pass_does() {
        let options = LayoutOptions { pad_to_kdp_minimum: false, ..Default::default() };
        let plan = Plan { gutter: 0.375, notes: 0, contents: None };
        for days in [1, 2, 5, 30] {
            for lines in [0, 9, 22, 40] {
                let mut journal = sample(days);
                for day in &mut journal.days {
                    day.lines = lines;
                }
                let measured = render_pass(&journal, &options, &plan, Mode::Measure).expect("measure");
                let written = render_pass(&journal, &options, &plan, Mode::Write).expect("write");
                let context = format!("{days} days of {lines} lines");
                assert!(written.raw.is_some(), "{context}: a writing pass builds the file");
                assert_eq!(measured.pages, written.pages, "{context}: page count");
                assert_eq!(measured.starts, written.starts, "{context}: section starts");
                assert_eq!(measured.keeps, written.keeps, "{context}: prompts and writing areas");
            }
        }
    }

    #[test]
    fn entries_are_printed_when_asked() {
        let mut journal = sample(2);
        journal.days[0].entry = Some("Today I saw the heron again.".into());
        let with = render_pdf(&journal, &LayoutOptions { include_entries: true, ..Default::default() })
            .expect("pdf");
        let without = render_pdf(&journal, &LayoutOptions::default()).expect("pdf");
        assert_ne!(with.bytes.len(), without.bytes.len());
    }

    #[test]
    fn contents_numbers_point_at_the_sections() {
        let out = render_pdf(&sample(5), &LayoutOptions::default()).expect("pdf");
        assert_eq!(out.day_pages.len(), 5);
        assert!(out.day_pages.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(out.passes, 2, "the contents settle on the second pass");
    }

    #[test]
    fn only_the_faces_used_are_embedded_under_their_names() {
        let mut options = LayoutOptions::default();
        let serif = render_pdf(&sample(2), &options).expect("pdf");
        let names: Vec<&str> = serif.facts.fonts.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"]);
        options.theme.fonts.heading = crate::options::FontFace::Sans;
        let mixed = render_pdf(&sample(2), &options).expect("pdf");
        let names: Vec<&str> = mixed.facts.fonts.iter().map(|f| f.name.as_str()).collect();
        assert!(names.contains(&"DejaVuSans-Bold"), "{names:?}");
        assert!(!names.contains(&"DejaVuSans"), "the sans regular face is never used: {names:?}");
    }

    #[test]
    fn empty_front_and_back_matter_is_left_out_of_the_book_and_its_contents() {
        let journal = without_front_and_back(5);
        let labels: Vec<String> = contents_labels(&journal).into_iter().map(|(_, label)| label).collect();
        let days: Vec<String> = (1..=5).map(|n| format!("Day {n}: Noticing {n}")).collect();
        assert_eq!(labels, days);
        let plan = Plan { gutter: 0.375, notes: 0, contents: None };
        let pass = render_pass(&journal, &LayoutOptions::default(), &plan, Mode::Measure).expect("pass");
        let sections: Vec<Section> = pass.starts.iter().map(|(s, _)| *s).collect();
        for absent in [Section::Introduction, Section::Commitment, Section::Certificate] {
            assert!(!sections.contains(&absent), "{absent:?} printed: {sections:?}");
        }
        assert_eq!(sections[..3], [Section::Title, Section::Owner, Section::Contents]);
        assert_eq!(sections[3], Section::Day(1), "day 1 follows the contents");

        let out = render_pdf(&journal, &LayoutOptions::default()).expect("pdf");
        assert_eq!(out.pages, 24);
        assert_eq!(out.day_pages[0], 4, "title, owner page, contents, then day 1");
        assert!(out.facts.blank_pages.is_empty() && !out.facts.ends_on_blank);
        assert_eq!(out.passes, 2, "the contents settle on the second pass, with the Notes pages last");
    }

    #[test]
    fn an_introduction_without_a_title_is_headed_introduction() {
        let mut journal = without_front_and_back(2);
        journal.front.introduction.writeup = "Write a little each day.".into();
        journal.front.commitment.writeup = "Small steps add up.".into();
        journal.back.certificate.fields = vec!["Name".into()];
        let labels: Vec<String> = contents_labels(&journal).into_iter().map(|(_, label)| label).collect();
        assert_eq!(
            labels,
            [
                "Introduction",
                "My Commitment",
                "Day 1: Noticing 1",
                "Day 2: Noticing 2",
                "Certificate of Completion"
            ]
        );
        let out = render_pdf(&journal, &LayoutOptions::default()).expect("pdf");
        assert_eq!(out.passes, 2);
        assert!(out.facts.blank_pages.is_empty());
    }

    #[test]
    fn a_hand_made_journal_prints_its_title_owner_page_contents_and_days() {
        let journal = hand_made(3);
        let labels: Vec<String> = contents_labels(&journal).into_iter().map(|(_, label)| label).collect();
        assert_eq!(labels, ["Day 1", "Day 2", "Day 3"], "no introduction, commitment or certificate line");
        let out = render_pdf(&journal, &LayoutOptions::default()).expect("pdf");
        assert_eq!(out.pages, 24, "padded to the 24-page minimum");
        assert_eq!(out.day_pages, [4, 5, 6]);
        assert!(out.prompt_pages.iter().all(|(header, body)| header == body));
        assert!(out.facts.blank_pages.is_empty() && !out.facts.ends_on_blank);
        assert_eq!(info_author(&out.bytes), None);
        assert_eq!(out.passes, 2);
    }

    /// The `/Author` of the document information dictionary.
    fn info_author(bytes: &[u8]) -> Option<Vec<u8>> {
        let doc = lopdf::Document::load_mem(bytes).expect("readable");
        let info = doc.trailer.get(b"Info").and_then(lopdf::Object::as_reference).expect("info");
        let info = doc.get_dictionary(info).expect("info dictionary");
        info.get(b"Author").and_then(lopdf::Object::as_str).ok().map(<[u8]>::to_vec)
    }

    #[test]
    fn a_journal_without_an_author_claims_none() {
        let with = render_pdf(&sample(1), &LayoutOptions::default()).expect("pdf");
        assert_eq!(info_author(&with.bytes).as_deref(), Some(&b"Ada Writer"[..]));
        let mut journal = sample(1);
        journal.metadata.author.clear();
        let without = render_pdf(&journal, &LayoutOptions::default()).expect("pdf");
        assert_eq!(info_author(&without.bytes), None);
        assert_eq!(without.pages, with.pages);
        assert!(without.facts.blank_pages.is_empty());
    }

    #[test]
    fn two_column_contents_take_fewer_pages() {
        let journal = sample(120);
        let one = render_pdf(&journal, &LayoutOptions::default()).expect("pdf");
        let two = render_pdf(&journal, &LayoutOptions { toc_columns: 2, ..Default::default() }).expect("pdf");
        assert!(
            two.day_pages[0] < one.day_pages[0],
            "day 1 on page {} vs {}",
            two.day_pages[0],
            one.day_pages[0]
        );
    }
}
