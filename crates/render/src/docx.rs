//! The Word document, with docx-rs: the trim's page size, mirrored margins, real
//! `Heading1`/`Heading2` styles (Word's navigation pane and TOC see them), a page break
//! before each day, writing lines as ruled paragraphs (grids as tables), page numbers in
//! the outside corner, and title, author, language and keywords in the document
//! properties.
//!
//! docx-rs writes neither `w:mirrorMargins` nor a title in the core properties, so both
//! parts are finished here before packing.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, HeightRule, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, Table, TableCell, TableRow,
};

use crate::error::{RenderError, Result};
use crate::kdp::min_gutter_in;
use crate::model::{Journal, PageStyle, paragraphs};
use crate::options::LayoutOptions;

/// Twentieths of a point per inch.
const TWIPS_PER_IN: f64 = 1440.0;

fn twips(inches: f64) -> i32 {
    (inches * TWIPS_PER_IN).round() as i32
}

/// Word sizes are in half points.
fn half_points(points: f64) -> usize {
    (points * 2.0).round() as usize
}

/// A rendered Word document.
#[derive(Debug, Clone)]
pub struct DocxOutput {
    pub bytes: Vec<u8>,
    /// The inside margin used, from the estimated page count.
    pub gutter_in: f64,
    /// The page count the gutter was chosen for (Word paginates on its own).
    pub estimated_pages: u32,
}

/// Estimated pages of the book as the PDF lays it out: front matter, then each day's
/// header and writing area over the text block height.
pub fn estimate_pages(journal: &Journal, options: &LayoutOptions) -> u32 {
    let spacing = &options.theme.spacing;
    let block = options.trim.height() - 2.0 * spacing.margin_in - 0.3;
    let mut pages = 5 + u32::from(options.table_of_contents) * (1 + journal.days.len() as u32 / 30);
    for day in &journal.days {
        let text_lines = (day.pre_writeup.len() + day.prompt.len()) as f64 / 60.0;
        let height = 1.2
            + text_lines * f64::from(options.font_size_pt) * 1.4 / 72.0
            + f64::from(day.lines) * spacing.line_pitch_in;
        pages += (height / block).ceil().max(1.0) as u32;
    }
    pages + pages % 2
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The styles part, written here so every style is in schema order and `Normal` is the
/// default paragraph style (docx-rs writes neither).
fn styles_xml(options: &LayoutOptions, language: &str) -> String {
    let theme = &options.theme;
    let body = f64::from(options.font_size_pt);
    let body_font = escape(theme.fonts.body.family_name());
    let heading_font = escape(theme.fonts.heading.family_name());
    let heading_color = options.printed(theme.colors.heading).hex();
    let text_color = options.printed(theme.colors.text).hex();
    let accent = options.printed(theme.colors.accent).hex();
    let fonts = |name: &str| {
        format!(r#"<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>"#)
    };
    let size = |points: f64| {
        let half = half_points(points);
        format!(r#"<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>"#)
    };
    let heading = |id: &str, name: &str, level: usize, scale: f64, before: u32| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{level}"/></w:pPr><w:rPr>{}<w:b/><w:bCs/><w:color w:val="{heading_color}"/>{}</w:rPr></w:style>"#,
            fonts(&heading_font),
            size(body * scale)
        )
    };
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    xml.push_str(&format!(
        r#"<w:docDefaults><w:rPrDefault><w:rPr>{}<w:color w:val="{text_color}"/>{}<w:lang w:val="{}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="{}" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts(&body_font),
        size(body),
        escape(language),
        (theme.spacing.line_spacing * 240.0).round() as u32,
    ));
    xml.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    xml.push_str(&heading("Heading1", "heading 1", 0, theme.fonts.heading_scale, 240));
    xml.push_str(&heading("Heading2", "heading 2", 1, (theme.fonts.heading_scale * 0.75).max(1.2), 120));
    xml.push_str(&format!(
        r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:spacing w:before="2880" w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr>{}<w:b/><w:bCs/><w:color w:val="{heading_color}"/>{}</w:rPr></w:style>"#,
        fonts(&heading_font),
        size(body * theme.fonts.heading_scale * 1.25)
    ));
    xml.push_str(&format!(
        r#"<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:iCs/>{}</w:rPr></w:style>"#,
        size(body * 1.2)
    ));
    xml.push_str(&format!(
        r#"<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:iCs/><w:color w:val="{accent}"/></w:rPr></w:style>"#
    ));
    xml.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    xml.push_str("</w:styles>");
    xml
}

fn text_paragraphs(text: &str) -> Vec<Paragraph> {
    paragraphs(text).into_iter().map(|p| Paragraph::new().add_run(Run::new().add_text(p))).collect()
}

/// An empty paragraph ruled at the bottom, `pitch` inches high. Word and LibreOffice merge
/// runs of paragraphs with the same borders into one box, so the rule is also set as the
/// `between` border: every paragraph of the run gets its line.
fn ruled(border: BorderType, color: &str, weight_eighths: usize, pitch: f64) -> Paragraph {
    let line =
        |position| ParagraphBorder::new(position).val(border).size(weight_eighths).space(0).color(color);
    Paragraph::new()
        .set_borders(
            ParagraphBorders::with_empty()
                .set(line(ParagraphBorderPosition::Between))
                .set(line(ParagraphBorderPosition::Bottom)),
        )
        .line_spacing(
            LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips(pitch)).before(0).after(0),
        )
}

fn field(label: &str, color: &str, weight: usize) -> Paragraph {
    let line = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(weight)
        .space(1)
        .color(color);
    Paragraph::new()
        .add_run(Run::new().add_text(label))
        .set_borders(ParagraphBorders::with_empty().set(line))
        .line_spacing(LineSpacing::new().before(240).after(120))
}

/// Renders the Word document of a journal.
pub fn render_docx(journal: &Journal, options: &LayoutOptions) -> Result<DocxOutput> {
    journal.validate()?;
    options.validate()?;
    let theme = &options.theme;
    let estimated_pages = estimate_pages(journal, options);
    let gutter = min_gutter_in(estimated_pages).unwrap_or(0.875);
    let margin = theme.spacing.margin_in;
    let rule_color = options.printed(theme.colors.rule).hex();
    // Border widths are in eighths of a point.
    let weight = (theme.spacing.rule_weight_pt * 8.0).round().max(6.0) as usize;
    let pitch = theme.spacing.line_pitch_in;
    let meta = &journal.metadata;

    let folio = |align: AlignmentType| {
        Footer::new().add_paragraph(Paragraph::new().add_page_num(PageNum::new()).align(align))
    };
    let mut docx = Docx::new()
        .page_size(twips(options.trim.width()) as u32, twips(options.trim.height()) as u32)
        .page_margin(PageMargin {
            top: twips(margin),
            left: twips(gutter),
            bottom: twips(margin + 0.3),
            right: twips(margin),
            header: twips(margin / 2.0),
            footer: twips(margin),
            gutter: 0,
        });
    if options.page_numbers {
        docx = docx.footer(folio(AlignmentType::Right)).even_footer(folio(AlignmentType::Left));
    }

    // Title page.
    docx = docx
        .add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(twips(2.0) as u32)))
        .add_paragraph(Paragraph::new().style("Title").add_run(Run::new().add_text(meta.title.trim())));
    if !meta.subtitle.trim().is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new().style("Subtitle").add_run(Run::new().add_text(meta.subtitle.trim())),
        );
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(480))
            .add_run(Run::new().add_text(meta.author.trim())),
    );

    // Introduction.
    let intro = &journal.front.introduction;
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .add_run(Run::new().add_text(intro.title.trim())),
    );
    for p in paragraphs(&intro.quote) {
        docx = docx.add_paragraph(Paragraph::new().style("Quote").add_run(Run::new().add_text(p)));
    }
    for p in text_paragraphs(&intro.writeup) {
        docx = docx.add_paragraph(p);
    }

    // Commitment.
    let commitment = &journal.front.commitment;
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .add_run(Run::new().add_text("My Commitment")),
    );
    for p in paragraphs(&commitment.text) {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(p).bold()));
    }
    for p in text_paragraphs(&commitment.writeup) {
        docx = docx.add_paragraph(p);
    }
    docx = docx.add_paragraph(field("Signed", &rule_color, weight)).add_paragraph(field(
        "Date",
        &rule_color,
        weight,
    ));

    // Days: each on a new page, its heading keeping with the prompt.
    let width = options.trim.width() - gutter - margin;
    for day in &journal.days {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Heading2")
                .page_break_before(true)
                .keep_next(true)
                .add_run(Run::new().add_text(format!("Day {}: {}", day.number, day.title.trim()))),
        );
        if options.date_lines {
            docx = docx.add_paragraph(field("Date", &rule_color, weight));
        }
        for p in text_paragraphs(&day.pre_writeup) {
            docx = docx.add_paragraph(p);
        }
        for p in paragraphs(&day.prompt) {
            docx =
                docx.add_paragraph(Paragraph::new().keep_next(true).add_run(Run::new().add_text(p).bold()));
        }
        let entry = if options.include_entries { Journal::entry_of(day) } else { None };
        if let Some(text) = entry {
            for p in text_paragraphs(text) {
                docx = docx.add_paragraph(p);
            }
            continue;
        }
        match options.style_for(day.page_style) {
            PageStyle::Lined => {
                for _ in 0..day.lines {
                    docx = docx.add_paragraph(ruled(BorderType::Single, &rule_color, weight, pitch));
                }
            }
            PageStyle::Dotted => {
                for _ in 0..day.lines {
                    docx = docx.add_paragraph(ruled(BorderType::Dotted, &rule_color, weight, pitch));
                }
            }
            PageStyle::Grid if day.lines > 0 => {
                let cols = (width / pitch).floor().max(1.0) as usize;
                let cell = twips(pitch) as usize;
                let rows = (0..day.lines)
                    .map(|_| {
                        let cells = (0..cols)
                            .map(|_| {
                                TableCell::new()
                                    .add_paragraph(Paragraph::new())
                                    .width(cell, docx_rs::WidthType::Dxa)
                            })
                            .collect();
                        TableRow::new(cells).row_height(cell as f32).height_rule(HeightRule::Exact)
                    })
                    .collect();
                docx = docx.add_table(Table::new(rows).set_grid(vec![cell; cols]));
            }
            PageStyle::Grid | PageStyle::Blank => {
                if day.lines > 0 {
                    docx = docx.add_paragraph(
                        Paragraph::new().line_spacing(
                            LineSpacing::new()
                                .line_rule(LineSpacingType::Exact)
                                .line(twips(pitch * f64::from(day.lines))),
                        ),
                    );
                }
            }
        }
    }

    // Certificate.
    let certificate = &journal.back.certificate;
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("Certificate of Completion")),
    );
    for p in paragraphs(&certificate.summary) {
        docx = docx.add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(p).italic()),
        );
    }
    for p in paragraphs(&certificate.text) {
        docx =
            docx.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(p)));
    }
    for label in &certificate.fields {
        docx = docx.add_paragraph(field(label.trim(), &rule_color, weight));
    }

    let mut xml = docx.build();
    xml.settings = with_mirror_margins(&xml.settings)?;
    xml.styles = styles_xml(options, &journal.metadata.language).into_bytes();
    xml.doc_props.core = core_properties(journal).into_bytes();
    let mut cursor = Cursor::new(Vec::new());
    xml.pack(&mut cursor).map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(DocxOutput { bytes: cursor.into_inner(), gutter_in: gutter, estimated_pages })
}

/// Inserts `<w:mirrorMargins/>` in schema order: after `w:zoom`, before `w:defaultTabStop`.
fn with_mirror_margins(settings: &[u8]) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(settings).map_err(|e| RenderError::Docx(e.to_string()))?;
    let open_end = text
        .find("<w:settings")
        .and_then(|start| text[start..].find('>').map(|end| start + end + 1))
        .ok_or_else(|| RenderError::Docx("settings part without w:settings".into()))?;
    let (head, rest) = text.split_at(open_end);
    // Take the zoom element out and put it first, as the schema orders it.
    let (zoom, rest) = match rest.find("<w:zoom") {
        Some(start) => {
            let end = rest[start..].find("/>").map(|e| start + e + 2).unwrap_or(start);
            (rest[start..end].to_string(), format!("{}{}", &rest[..start], &rest[end..]))
        }
        None => (String::new(), rest.to_string()),
    };
    Ok(format!("{head}{zoom}<w:mirrorMargins/>{rest}").into_bytes())
}

/// The core properties part: title, creator, language, subject, keywords.
fn core_properties(journal: &Journal) -> String {
    let meta = &journal.metadata;
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    xml.push_str(&format!("<dc:title>{}</dc:title>", escape(meta.title.trim())));
    if !meta.subtitle.trim().is_empty() {
        xml.push_str(&format!("<dc:subject>{}</dc:subject>", escape(meta.subtitle.trim())));
    }
    xml.push_str(&format!("<dc:creator>{}</dc:creator>", escape(meta.author.trim())));
    xml.push_str(&format!("<cp:lastModifiedBy>{}</cp:lastModifiedBy>", escape(meta.author.trim())));
    if !meta.keywords.is_empty() {
        xml.push_str(&format!("<cp:keywords>{}</cp:keywords>", escape(&meta.keywords.join(", "))));
    }
    xml.push_str(&format!("<dc:language>{}</dc:language>", escape(&meta.language)));
    xml.push_str(&format!("<dc:identifier>{}</dc:identifier>", escape(&meta.identifier)));
    xml.push_str("<cp:revision>1</cp:revision></cp:coreProperties>");
    xml
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::model::tests::sample;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut file = archive.by_name(name).expect("part");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("utf-8");
        text
    }

    #[test]
    fn the_document_has_the_trim_mirrored_margins_headings_and_properties() {
        let out = render_docx(&sample(3), &LayoutOptions::default()).expect("docx");
        let document = part(&out.bytes, "word/document.xml");
        assert!(document.contains(r#"<w:pgSz w:w="8640" w:h="12960""#), "6 x 9 in");
        assert_eq!(document.matches(r#"<w:pStyle w:val="Heading2" />"#).count(), 3);
        assert!(document.matches("<w:pageBreakBefore").count() >= 3 + 3);
        let settings = part(&out.bytes, "word/settings.xml");
        assert!(
            settings.contains("<w:zoom w:percent=\"100\" /><w:mirrorMargins/><w:defaultTabStop"),
            "{settings}"
        );
        let styles = part(&out.bytes, "word/styles.xml");
        assert!(styles.contains(r#"w:styleId="Heading1"><w:name w:val="heading 1"/>"#));
        assert!(styles.contains(r#"w:default="1" w:styleId="Normal""#));
        let core = part(&out.bytes, "docProps/core.xml");
        assert!(
            core.contains("<dc:title>Quiet Mornings</dc:title>")
                && core.contains("<dc:creator>Ada Writer</dc:creator>")
        );
        assert_eq!(out.gutter_in, 0.375);
    }

    #[test]
    fn text_is_escaped_in_the_properties() {
        let mut journal = sample(1);
        journal.metadata.title = "Ink & <Paper>".into();
        let out = render_docx(&journal, &LayoutOptions::default()).expect("docx");
        assert!(
            part(&out.bytes, "docProps/core.xml").contains("<dc:title>Ink &amp; &lt;Paper&gt;</dc:title>")
        );
    }

    #[test]
    fn a_long_journal_gets_a_wider_inside_margin() {
        let out = render_docx(&sample(365), &LayoutOptions::default()).expect("docx");
        assert!(out.estimated_pages > 300, "{}", out.estimated_pages);
        assert!(out.gutter_in >= 0.625);
    }
}
