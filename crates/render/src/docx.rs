//! The Word document, with docx-rs: the trim's page size, mirrored margins, real
//! `Heading1`/`Heading2` styles (Word's navigation pane and TOC see them), a page break
//! before each day, writing lines as paragraphs of a ruled style (grids as tables), page
//! numbers in the outside corner, and title, author, language and keywords in the document
//! properties.
//!
//! docx-rs writes neither `w:mirrorMargins` nor a title in the core properties, so both
//! parts are finished here before packing; the writing areas are written here too (see
//! `Area`), and the package is deflated (docx-rs stores its parts uncompressed).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, DocumentChild, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run,
};

use crate::error::{RenderError, Result};
use crate::kdp::min_gutter_in;
use crate::model::{CERTIFICATE_TITLE, COMMITMENT_TITLE, Journal, PageStyle, paragraphs};
use crate::options::LayoutOptions;

/// Twentieths of a point per inch.
const TWIPS_PER_IN: f64 = 1440.0;

fn twips(inches: f64) -> i32 {
    (inches * TWIPS_PER_IN).round() as i32
}

/// The height of one writing line, shared by the line styles and the grid and blank
/// areas so they stay the same.
fn line_pitch_twips(pitch_in: f64) -> u32 {
    twips(pitch_in).max(1) as u32
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

/// Estimated pages of the book as the PDF lays it out: the front and back matter it
/// prints, then each day's header and writing area over the text block height.
pub fn estimate_pages(journal: &Journal, options: &LayoutOptions) -> u32 {
    let spacing = &options.theme.spacing;
    let block = options.trim.height() - 2.0 * spacing.margin_in - 0.3;
    let mut pages =
        journal.section_pages() + u32::from(options.table_of_contents) * (1 + journal.days.len() as u32 / 30);
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
    let rule_color = options.printed(theme.colors.rule).hex();
    let eighths = rule_eighths(options);
    let pitch = line_pitch_twips(theme.spacing.line_pitch_in);
    let writing = |id: &str, name: &str, border: &str| {
        let edge = |side: &str| {
            format!(r#"<w:{side} w:val="{border}" w:sz="{eighths}" w:space="0" w:color="{rule_color}"/>"#)
        };
        // Runs of paragraphs with the same borders share one box: the rule is also the
        // `between` border, so every line of the run is drawn.
        format!(
            r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:pPr><w:pBdr>{}{}</w:pBdr><w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/></w:pPr></w:style>"#,
            edge("bottom"),
            edge("between"),
        )
    };
    xml.push_str(&writing(LINE_STYLE, "Writing Line", "single"));
    xml.push_str(&writing(DOTS_STYLE, "Writing Dots", "dotted"));
    xml.push_str(&format!(
        r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{GRID_CELL_STYLE}"><w:name w:val="Writing Grid Cell"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:style>"#
    ));
    xml.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    xml.push_str("</w:styles>");
    xml
}

fn text_paragraphs(text: &str) -> Vec<Paragraph> {
    paragraphs(text).into_iter().map(|p| Paragraph::new().add_run(Run::new().add_text(p))).collect()
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

/// The document body, collected apart from the `Docx`: its builder takes and returns the
/// whole document by value on every added paragraph, and those copies were most of the
/// time of a long journal.
#[derive(Default)]
struct Body(Vec<DocumentChild>);

impl Body {
    fn p(&mut self, paragraph: Paragraph) {
        self.0.push(DocumentChild::Paragraph(Box::new(paragraph)));
    }
}

/// The style of a ruled writing line and of a dotted one (defined in [`styles_xml`]).
const LINE_STYLE: &str = "WritingLine";
const DOTS_STYLE: &str = "WritingDots";
/// The style id of the paragraph docx-rs writes where a writing area goes. No style of
/// that id exists: [`fill_areas`] replaces every such paragraph.
const AREA_MARKER: &str = "JcWritingArea";

/// A day's writing area. Areas are written as WordprocessingML here rather than through
/// docx-rs: a 365-day journal has tens of thousands of identical ruled paragraphs and
/// grid cells, docx-rs's writer spends microseconds on every element, and an area is the
/// same few bytes repeated.
#[derive(Debug, Clone, PartialEq)]
enum Area {
    /// `count` empty paragraphs of a ruled (or dotted) line style, one line pitch each.
    Lines { style: &'static str, count: u32 },
    /// A table of `rows` × `cols` square cells `cell` twips wide, ruled on every edge.
    Grid { cols: u32, rows: u32, cell: u32 },
    /// Empty space `height` twips high.
    Blank { height: u32 },
}

/// The colour and weight (eighths of a point) of the rules.
struct AreaRule<'a> {
    color: &'a str,
    eighths: usize,
}

impl Area {
    fn write(&self, rule: &AreaRule, out: &mut String) {
        match *self {
            Area::Lines { style, count } => {
                let line = format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>"#);
                out.push_str(&line.repeat(count as usize));
            }
            Area::Grid { cols, rows, cell } => {
                let edge = |side: &str| {
                    format!(
                        r#"<w:{side} w:val="single" w:sz="{}" w:space="0" w:color="{}"/>"#,
                        rule.eighths, rule.color
                    )
                };
                out.push_str(&format!(
                    r#"<w:tbl><w:tblPr><w:tblW w:w="{}" w:type="dxa"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>"#,
                    cols * cell,
                    edge("top"),
                    edge("left"),
                    edge("bottom"),
                    edge("right"),
                    edge("insideH"),
                    edge("insideV"),
                ));
                out.push_str(&format!(r#"<w:gridCol w:w="{cell}"/>"#).repeat(cols as usize));
                out.push_str("</w:tblGrid>");
                let cell_xml = format!(
                    r#"<w:tc><w:tcPr><w:tcW w:w="{cell}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{GRID_CELL_STYLE}"/></w:pPr></w:p></w:tc>"#
                );
                let row = format!(
                    r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{cell}" w:hRule="exact"/></w:trPr>{}</w:tr>"#,
                    cell_xml.repeat(cols as usize)
                );
                out.push_str(&row.repeat(rows as usize));
                out.push_str("</w:tbl>");
            }
            Area::Blank { height } => out.push_str(&format!(
                r#"<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="{height}" w:lineRule="exact"/></w:pPr></w:p>"#
            )),
        }
    }
}

/// The paragraph style of a grid cell: no spacing, so the row keeps its exact height.
const GRID_CELL_STYLE: &str = "WritingGridCell";

/// Replaces the marker paragraphs docx-rs wrote, in order, with the areas' XML.
fn fill_areas(document: &[u8], areas: &[Area], rule: &AreaRule) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(document).map_err(|e| RenderError::Docx(e.to_string()))?;
    // The style element, not the bare id: text a person wrote can hold the id, but never
    // a `<` (it is escaped in the XML), so the needle only matches a marker.
    let needle = format!(r#"<w:pStyle w:val="{AREA_MARKER}""#);
    let mut out = String::with_capacity(text.len() + areas.len() * 2048);
    let mut rest = text;
    for area in areas {
        let found = rest
            .find(&needle)
            .and_then(|at| {
                // The nearer of the two ways a paragraph can open.
                let start = rest[..at].rfind("<w:p ").max(rest[..at].rfind("<w:p>"))?;
                let end = rest[at..].find("</w:p>").map(|e| at + e + "</w:p>".len())?;
                Some((start, end))
            })
            .ok_or_else(|| RenderError::Docx("a writing area's place is missing from the document".into()))?;
        out.push_str(&rest[..found.0]);
        area.write(rule, &mut out);
        rest = &rest[found.1..];
    }
    if rest.contains(&needle) {
        return Err(RenderError::Docx("more writing-area places than areas".into()));
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// The rule weight in eighths of a point, Word's border unit (at least 3/4 pt).
fn rule_eighths(options: &LayoutOptions) -> usize {
    (options.theme.spacing.rule_weight_pt * 8.0).round().max(6.0) as usize
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
    let weight = rule_eighths(options);
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
    let mut body = Body::default();
    let mut areas = Vec::with_capacity(journal.days.len());
    body.p(Paragraph::new().line_spacing(LineSpacing::new().before(twips(2.0) as u32)));
    body.p(Paragraph::new().style("Title").add_run(Run::new().add_text(meta.title.trim())));
    if !meta.subtitle.trim().is_empty() {
        body.p(Paragraph::new().style("Subtitle").add_run(Run::new().add_text(meta.subtitle.trim())));
    }
    if let Some(author) = meta.author() {
        body.p(Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(480))
            .add_run(Run::new().add_text(author)));
    }

    // Introduction, when there is one.
    let intro = &journal.front.introduction;
    if let Some(heading) = intro.heading() {
        body.p(Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .add_run(Run::new().add_text(heading)));
        for p in paragraphs(&intro.quote) {
            body.p(Paragraph::new().style("Quote").add_run(Run::new().add_text(p)));
        }
        for p in text_paragraphs(&intro.writeup) {
            body.p(p);
        }
    }

    // Commitment, when there is one.
    let commitment = &journal.front.commitment;
    if !commitment.is_empty() {
        body.p(Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .add_run(Run::new().add_text(COMMITMENT_TITLE)));
        for p in paragraphs(&commitment.text) {
            body.p(Paragraph::new().add_run(Run::new().add_text(p).bold()));
        }
        for p in text_paragraphs(&commitment.writeup) {
            body.p(p);
        }
        body.p(field("Signed", &rule_color, weight));
        body.p(field("Date", &rule_color, weight));
    }

    // Days: each on a new page, its heading keeping with the prompt.
    let width = options.trim.width() - gutter - margin;
    let pitch_twips = line_pitch_twips(pitch);
    for day in &journal.days {
        body.p(Paragraph::new()
            .style("Heading2")
            .page_break_before(true)
            .keep_next(true)
            .add_run(Run::new().add_text(day.heading())));
        if options.date_lines {
            body.p(field("Date", &rule_color, weight));
        }
        for p in text_paragraphs(&day.pre_writeup) {
            body.p(p);
        }
        for p in paragraphs(&day.prompt) {
            body.p(Paragraph::new().keep_next(true).add_run(Run::new().add_text(p).bold()));
        }
        let entry = if options.include_entries { Journal::entry_of(day) } else { None };
        if let Some(text) = entry {
            for p in text_paragraphs(text) {
                body.p(p);
            }
            continue;
        }
        let area = match options.style_for(day.page_style) {
            _ if day.lines == 0 => None,
            PageStyle::Lined => Some(Area::Lines { style: LINE_STYLE, count: day.lines }),
            PageStyle::Dotted => Some(Area::Lines { style: DOTS_STYLE, count: day.lines }),
            PageStyle::Grid => Some(Area::Grid {
                cols: (width / pitch).floor().max(1.0) as u32,
                rows: day.lines,
                cell: pitch_twips,
            }),
            PageStyle::Blank => Some(Area::Blank { height: pitch_twips * day.lines }),
        };
        if let Some(area) = area {
            body.p(Paragraph::new().style(AREA_MARKER));
            areas.push(area);
        }
    }

    // Certificate, when there is one.
    let certificate = &journal.back.certificate;
    if !certificate.is_empty() {
        body.p(Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(CERTIFICATE_TITLE)));
        for p in paragraphs(&certificate.summary) {
            body.p(Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(p).italic()));
        }
        for p in paragraphs(&certificate.text) {
            body.p(Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(p)));
        }
        for label in &certificate.fields {
            body.p(field(label.trim(), &rule_color, weight));
        }
    }

    docx.document.children = body.0;
    let mut xml = docx.build();
    xml.document = fill_areas(&xml.document, &areas, &AreaRule { color: &rule_color, eighths: weight })?;
    xml.settings = with_mirror_margins(&xml.settings)?;
    xml.styles = styles_xml(options, &journal.metadata.language).into_bytes();
    xml.doc_props.core = core_properties(journal).into_bytes();
    let mut cursor = Cursor::new(Vec::new());
    xml.pack(&mut cursor).map_err(|e| RenderError::Docx(e.to_string()))?;
    let bytes = compressed(&cursor.into_inner())?;
    Ok(DocxOutput { bytes, gutter_in: gutter, estimated_pages })
}

/// The package again with every part deflated: docx-rs stores its parts uncompressed,
/// which makes a year of ruled pages a file of megabytes instead of a few hundred KB.
/// Fastest deflate: the parts are repetitive XML, so it is nearly as small as the best.
fn compressed(stored: &[u8]) -> Result<Vec<u8>> {
    let err = |e: zip::result::ZipError| RenderError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(err)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 8)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(err)?;
        let name = part.name().to_string();
        if part.is_dir() {
            out.add_directory(name, options).map_err(err)?;
            continue;
        }
        out.start_file(name, options).map_err(err)?;
        std::io::copy(&mut part, &mut out).map_err(|e| RenderError::Docx(e.to_string()))?;
    }
    Ok(out.finish().map_err(err)?.into_inner())
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

/// The core properties part: title, creator (when there is an author), language,
/// subject, keywords.
fn core_properties(journal: &Journal) -> String {
    let meta = &journal.metadata;
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    xml.push_str(&format!("<dc:title>{}</dc:title>", escape(meta.title.trim())));
    if !meta.subtitle.trim().is_empty() {
        xml.push_str(&format!("<dc:subject>{}</dc:subject>", escape(meta.subtitle.trim())));
    }
    if let Some(author) = meta.author() {
        xml.push_str(&format!("<dc:creator>{}</dc:creator>", escape(author)));
        xml.push_str(&format!("<cp:lastModifiedBy>{}</cp:lastModifiedBy>", escape(author)));
    }
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
    use super::*;
    use crate::model::tests::{hand_made, part, sample, without_front_and_back};

    #[test]
    fn text_naming_the_area_marker_stays_text() {
        let mut journal = sample(3);
        for day in &mut journal.days {
            day.page_style = PageStyle::Lined;
            day.prompt = format!(r#"Write "{AREA_MARKER}" or <w:pStyle w:val="{AREA_MARKER}"/> here."#);
        }
        let out = render_docx(&journal, &LayoutOptions::default()).expect("docx");
        let document = part(&out.bytes, "word/document.xml");
        let lines: u32 = journal.days.iter().map(|d| d.lines).sum();
        let styled = format!(r#"<w:pStyle w:val="{LINE_STYLE}"/>"#);
        assert_eq!(document.matches(&styled).count(), lines as usize, "every writing line in its place");
        assert_eq!(document.matches(AREA_MARKER).count(), 2 * 3, "only the prompts name the marker");
        assert!(!document.contains(&format!(r#"<w:pStyle w:val="{AREA_MARKER}""#)), "every marker replaced");
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
    fn a_journal_without_an_author_has_no_author_line_or_creator() {
        let mut journal = sample(1);
        journal.metadata.author.clear();
        let out = render_docx(&journal, &LayoutOptions::default()).expect("docx");
        let core = part(&out.bytes, "docProps/core.xml");
        assert!(!core.contains("dc:creator") && !core.contains("lastModifiedBy"), "{core}");
        assert!(core.contains("<dc:title>Quiet Mornings</dc:title>"));
        let document = part(&out.bytes, "word/document.xml");
        let with = part(
            &render_docx(&sample(1), &LayoutOptions::default()).expect("docx").bytes,
            "word/document.xml",
        );
        assert!(with.contains("Ada Writer"));
        assert_eq!(
            document.matches("</w:p>").count() + 1,
            with.matches("</w:p>").count(),
            "one paragraph fewer"
        );
    }

    #[test]
    fn empty_front_and_back_matter_is_left_out() {
        let mut journal = without_front_and_back(2);
        let out = render_docx(&journal, &LayoutOptions::default()).expect("docx");
        let document = part(&out.bytes, "word/document.xml");
        assert_eq!(document.matches(r#"<w:pStyle w:val="Heading1" />"#).count(), 0);
        assert_eq!(document.matches(r#"<w:pStyle w:val="Heading2" />"#).count(), 2);
        assert!(!document.contains("Signed") && !document.contains("Certificate"));
        assert!(
            out.estimated_pages
                < render_docx(&sample(2), &LayoutOptions::default()).expect("docx").estimated_pages
        );

        journal.front.introduction.quote = "Begin where you are.".into();
        let out = render_docx(&journal, &LayoutOptions::default()).expect("docx");
        let document = part(&out.bytes, "word/document.xml");
        assert_eq!(document.matches(r#"<w:pStyle w:val="Heading1" />"#).count(), 1);
        assert!(document.contains(">Introduction<") && document.contains("Begin where you are."));
    }

    #[test]
    fn a_day_without_a_prompt_has_no_prompt_paragraph() {
        let bold = |journal: &Journal| {
            let out = render_docx(journal, &LayoutOptions::default()).expect("docx");
            part(&out.bytes, "word/document.xml").matches("<w:b />").count()
        };
        let mut journal = sample(3);
        let with = bold(&journal);
        for day in &mut journal.days {
            day.prompt.clear();
        }
        assert_eq!(bold(&journal) + 3, with, "one bold prompt paragraph fewer a day");
    }

    #[test]
    fn a_day_titled_by_its_number_is_headed_once() {
        let mut journal = sample(2);
        journal.days[1].title = "Day 2".into();
        let out = render_docx(&journal, &LayoutOptions::default()).expect("docx");
        let document = part(&out.bytes, "word/document.xml");
        assert!(document.contains(">Day 1: Noticing 1<") && document.contains(">Day 2<"));
        assert!(!document.contains("Day 2: Day 2"));
    }

    #[test]
    fn a_hand_made_journal_has_its_title_and_its_days() {
        let out = render_docx(&hand_made(3), &LayoutOptions::default()).expect("docx");
        let document = part(&out.bytes, "word/document.xml");
        assert!(document.contains(">Quiet Mornings<"));
        assert_eq!(document.matches(r#"<w:pStyle w:val="Heading1" />"#).count(), 0);
        let days: Vec<&str> = document
            .split(r#"<w:pStyle w:val="Heading2" />"#)
            .skip(1)
            .filter_map(|rest| rest.split("</w:t>").next()?.rsplit('>').next())
            .collect();
        assert_eq!(days, ["Day 1", "Day 2", "Day 3"]);
        assert_eq!(document.matches(r#"<w:pStyle w:val="WritingLine"/>"#).count(), 3 * 20);
        assert!(!document.contains("<w:b />"), "no bold prompt or commitment paragraph");
        assert!(!part(&out.bytes, "docProps/core.xml").contains("dc:creator"));
    }

    #[test]
    fn a_long_journal_gets_a_wider_inside_margin() {
        let out = render_docx(&sample(365), &LayoutOptions::default()).expect("docx");
        assert!(out.estimated_pages > 300, "{}", out.estimated_pages);
        assert!(out.gutter_in >= 0.625);
    }
}
