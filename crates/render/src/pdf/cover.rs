//! The full-wrap paperback cover (back, spine, front) as one PDF, drawn with printpdf (the
//! writer under genpdf) because it needs filled panels and rotated spine text. Sizes come
//! from the KDP calculator; the barcode box stays clear.

use std::io::BufWriter;

use genpdf::fonts::{Font, FontCache, FontFamily};
use genpdf::style::Style;
use printpdf::{
    Color, CurTransMat, IndirectFontRef, Line, Mm, PdfConformance, PdfDocument, PdfLayerReference, Point,
};
use serde::Serialize;

use super::fonts;
use super::post::{self, PageFrame, PdfFacts};
use crate::error::{RenderError, Result};
use crate::kdp::print::SPINE_TEXT_CLEARANCE_IN;
use crate::kdp::{CoverSpec, cover_spec};
use crate::model::Journal;
use crate::options::{LayoutOptions, Rgb};

/// Smallest spine text, in points; a narrower spine gets none.
const MIN_SPINE_TEXT_PT: f64 = 6.0;
/// Distance of cover text from the trim edges, in inches.
const SAFE_IN: f64 = 0.5;

/// A rendered cover.
#[derive(Debug, Clone)]
pub struct CoverOutput {
    pub bytes: Vec<u8>,
    pub spec: CoverSpec,
    pub layout: CoverLayout,
    pub facts: PdfFacts,
}

/// What was placed where, for the preflight report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverLayout {
    /// The title printed on the front.
    pub title: String,
    /// Spine text was printed.
    pub spine_text: bool,
    /// Spine text size in points, when printed.
    pub spine_text_pt: Option<f64>,
    /// Smallest distance from spine text to either fold, in inches.
    pub spine_clearance_in: Option<f64>,
    /// The barcode box (x, y, width, height) from the lower left, in inches.
    pub barcode_box: (f64, f64, f64, f64),
    /// Gap between the lowest back-cover text and the barcode box, in inches (no back text: none).
    pub barcode_gap_in: Option<f64>,
}

fn pdf_err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Pdf(e.to_string())
}

fn mm(inches: f64) -> Mm {
    Mm(inches * 25.4)
}

fn color(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(
        f64::from(rgb.0) / 255.0,
        f64::from(rgb.1) / 255.0,
        f64::from(rgb.2) / 255.0,
        None,
    ))
}

/// Text measurement with genpdf's font cache (rusttype metrics).
struct Metrics {
    cache: FontCache,
    family: FontFamily<Font>,
}

impl Metrics {
    fn new(face: crate::options::FontFace) -> Result<Metrics> {
        let cache = FontCache::new(fonts::family(face)?);
        let family = cache.default_font_family();
        Ok(Metrics { cache, family })
    }

    fn style(&self, size: f64, bold: bool, italic: bool) -> Style {
        let mut style =
            Style::new().with_font_family(self.family).with_font_size(size.round().clamp(1.0, 255.0) as u8);
        if bold {
            style.set_bold();
        }
        if italic {
            style.set_italic();
        }
        style
    }

    /// Width in inches.
    fn width(&self, text: &str, size: f64, bold: bool, italic: bool) -> f64 {
        f64::from(self.style(size, bold, italic).str_width(&self.cache, text)) / 25.4
    }

    /// Glyph height (ascent to descent) in inches.
    fn glyph_height(&self, size: f64, bold: bool) -> f64 {
        let style = self.style(size, bold, false);
        f64::from(style.font(&self.cache).glyph_height(style.font_size())) / 25.4
    }

    fn wrap(&self, text: &str, size: f64, bold: bool, italic: bool, width: f64) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            let candidate = match lines.last() {
                Some(line) => format!("{line} {word}"),
                None => word.to_string(),
            };
            match lines.last_mut() {
                Some(line) if self.width(&candidate, size, bold, italic) <= width => *line = candidate,
                _ => lines.push(word.to_string()),
            }
        }
        lines
    }
}

struct Painter<'a> {
    layer: PdfLayerReference,
    fonts: &'a [IndirectFontRef; 3],
}

impl Painter<'_> {
    fn rect(&self, x: f64, y: f64, w: f64, h: f64, fill: Color) {
        self.layer.set_fill_color(fill);
        self.outline(x, y, w, h, true);
    }

    fn frame(&self, x: f64, y: f64, w: f64, h: f64, stroke: Color, weight_pt: f64) {
        self.layer.set_outline_color(stroke);
        self.layer.set_outline_thickness(weight_pt);
        self.outline(x, y, w, h, false);
    }

    /// The rectangle at (x, y) of w × h mm, filled with the fill color or stroked with
    /// the outline color.
    fn outline(&self, x: f64, y: f64, w: f64, h: f64, filled: bool) {
        self.layer.add_shape(Line {
            points: vec![
                (Point::new(mm(x), mm(y)), false),
                (Point::new(mm(x + w), mm(y)), false),
                (Point::new(mm(x + w), mm(y + h)), false),
                (Point::new(mm(x), mm(y + h)), false),
            ],
            is_closed: true,
            has_fill: filled,
            has_stroke: !filled,
            is_clipping_path: false,
        });
    }

    /// Text with its baseline start at (x, y) inches; `font` 0 regular, 1 italic, 2 heading bold.
    fn text(&self, text: &str, font: usize, size: f64, x: f64, y: f64, fill: Color) {
        self.layer.set_fill_color(fill);
        self.layer.use_text(text, size, mm(x), mm(y), &self.fonts[font]);
    }

    /// Text rotated a quarter turn clockwise (reading top to bottom), starting at (x, y).
    fn spine_text(&self, text: &str, font: usize, size: f64, x: f64, y: f64, fill: Color) {
        self.layer.save_graphics_state();
        self.layer.set_ctm(CurTransMat::Translate(mm(x), mm(y)));
        self.layer.set_ctm(CurTransMat::Rotate(-90.0));
        self.text(text, font, size, 0.0, 0.0, fill);
        self.layer.restore_graphics_state();
    }
}

/// Renders the cover for an interior of `pages` pages.
pub fn render_cover(journal: &Journal, options: &LayoutOptions, pages: u32) -> Result<CoverOutput> {
    journal.validate()?;
    options.validate()?;
    let spec = cover_spec(options.trim, pages, options.ink_paper);
    let theme = &options.theme;
    let meta = &journal.metadata;
    let body = Metrics::new(theme.fonts.body)?;
    let heading = Metrics::new(theme.fonts.heading)?;

    let (doc, page, layer) =
        PdfDocument::new(meta.title.trim(), mm(spec.size.width), mm(spec.size.height), "Cover");
    let doc = doc.with_conformance(PdfConformance::Custom(printpdf::CustomPdfConformance {
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..Default::default()
    }));
    let body_bytes = fonts::faces(theme.fonts.body);
    let heading_bytes = fonts::faces(theme.fonts.heading);
    let fonts = [
        doc.add_external_font(body_bytes.0).map_err(pdf_err)?,
        doc.add_external_font(body_bytes.2).map_err(pdf_err)?,
        doc.add_external_font(heading_bytes.1).map_err(pdf_err)?,
    ];
    let font_names = [
        fonts::postscript_names(theme.fonts.body)[0],
        fonts::postscript_names(theme.fonts.body)[2],
        fonts::postscript_names(theme.fonts.heading)[1],
    ];
    let painter = Painter { layer: doc.get_page(page).get_layer(layer), fonts: &fonts };
    let white = color(Rgb(255, 255, 255));
    let ink = color(theme.colors.heading);

    // Background over the whole wrap, bleed included; the spine a shade of the accent.
    painter.rect(0.0, 0.0, spec.size.width, spec.size.height, ink.clone());
    painter.rect(spec.spine_left(), 0.0, spec.spine_width, spec.size.height, color(theme.colors.accent));
    let bottom = spec.bleed;
    let top = spec.bleed + spec.trim.height;

    // Front panel.
    let front_x = spec.front_left();
    let front_w = spec.trim.width;
    painter.frame(
        front_x + 0.375,
        bottom + 0.375,
        front_w - 0.75,
        spec.trim.height - 0.75,
        color(theme.colors.rule),
        1.5,
    );
    let text_w = front_w - 2.0 * SAFE_IN - 0.25;
    let mut size = 40.0;
    let mut lines = heading.wrap(meta.title.trim(), size, true, false, text_w);
    while lines.len() > 4 && size > 18.0 {
        size -= 2.0;
        lines = heading.wrap(meta.title.trim(), size, true, false, text_w);
    }
    let mut y = bottom + spec.trim.height * 0.68;
    for line in &lines {
        let w = heading.width(line, size, true, false);
        painter.text(line, 2, size, front_x + (front_w - w) / 2.0, y, white.clone());
        y -= size * 1.25 / 72.0;
    }
    if !meta.subtitle.trim().is_empty() {
        y -= 0.15;
        for line in body.wrap(meta.subtitle.trim(), 16.0, false, true, text_w) {
            let w = body.width(&line, 16.0, false, true);
            painter.text(&line, 1, 16.0, front_x + (front_w - w) / 2.0, y, white.clone());
            y -= 16.0 * 1.3 / 72.0;
        }
    }
    if let Some(author) = meta.author() {
        let author_w = body.width(author, 18.0, false, false);
        painter.text(author, 0, 18.0, front_x + (front_w - author_w) / 2.0, bottom + 1.0, white.clone());
    }

    // Spine: only from 79 pages, kept 1/16 in from each fold, never smaller than 6 pt.
    let mut spine_text_pt = None;
    let mut spine_clearance = None;
    if spec.spine_text {
        let room = spec.spine_width - 2.0 * SPINE_TEXT_CLEARANCE_IN;
        let per_point = heading.glyph_height(100.0, true) / 100.0;
        let fit = (room / per_point).floor().min(14.0);
        if fit >= MIN_SPINE_TEXT_PT {
            let label = match meta.author() {
                Some(author) => format!("{}  ·  {author}", meta.title.trim()),
                None => meta.title.trim().to_string(),
            };
            let length = spec.trim.height - 2.0 * SAFE_IN;
            let mut text = label.clone();
            if heading.width(&text, fit, true, false) > length {
                text = meta.title.trim().to_string();
            }
            while heading.width(&text, fit, true, false) > length && text.chars().count() > 1 {
                text.pop();
            }
            let glyph = per_point * fit;
            let text_len = heading.width(&text, fit, true, false);
            // Rotated clockwise, the glyphs rise towards the front cover: the baseline
            // sits left of the spine's centre by half the glyph height.
            let x = spec.spine_left() + (spec.spine_width - glyph) / 2.0;
            let y = top - (spec.trim.height - text_len) / 2.0;
            painter.spine_text(&text, 2, fit, x, y, white.clone());
            spine_text_pt = Some(fit);
            spine_clearance = Some((spec.spine_width - glyph) / 2.0);
        }
    }

    // Back panel: the description above the barcode box, and the box left clear (white).
    let barcode = spec.barcode_box();
    let back_x = spec.bleed + SAFE_IN;
    let back_w = spec.trim.width - 2.0 * SAFE_IN;
    let description = strip_tags(&meta.description);
    let floor = barcode.1 + barcode.3 + 0.25;
    let mut y = top - SAFE_IN - 11.0 / 72.0;
    let mut lowest: Option<f64> = None;
    for paragraph in description.split("\n\n") {
        for line in body.wrap(paragraph, 11.0, false, false, back_w) {
            if y < floor {
                break;
            }
            painter.text(&line, 0, 11.0, back_x, y, white.clone());
            lowest = Some(y - body.glyph_height(11.0, false) * 0.25);
            y -= 11.0 * 1.4 / 72.0;
        }
        y -= 0.1;
    }
    painter.rect(barcode.0, barcode.1, barcode.2, barcode.3, white);

    let mut raw = Vec::new();
    doc.save(&mut BufWriter::new(&mut raw)).map_err(pdf_err)?;
    let bleed = spec.bleed;
    let frame = PageFrame {
        media: (spec.size.width, spec.size.height),
        trim: (spec.size.width - 2.0 * bleed, spec.trim.height),
        bleed,
        trim_left: Box::new(move |_| bleed),
    };
    let (bytes, facts) = post::finish(&raw, &frame, meta, 1.5, &font_names)?;
    Ok(CoverOutput {
        bytes,
        spec,
        layout: CoverLayout {
            title: meta.title.trim().to_string(),
            spine_text: spine_text_pt.is_some(),
            spine_text_pt,
            spine_clearance_in: spine_clearance,
            barcode_box: barcode,
            barcode_gap_in: lowest.map(|y| y - (barcode.1 + barcode.3)),
        },
        facts,
    })
}

/// Plain text of a description: tags out, `<p>`/`<br>` as paragraph breaks.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => {
                let tag = rest[start + 1..start + end].trim().trim_start_matches('/').to_ascii_lowercase();
                if tag.starts_with('p')
                    || tag.starts_with("br")
                    || tag.starts_with("li")
                    || tag.starts_with('h')
                {
                    out.push_str("\n\n");
                }
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::sample;

    #[test]
    fn the_cover_is_two_trims_plus_spine_plus_bleed() {
        let out = render_cover(&sample(3), &LayoutOptions::default(), 100).expect("cover");
        // 2 x 6 + 100 x 0.002252 + 0.25 = 12.4752 in = 898.214 pt; 9.25 in = 666 pt.
        assert_eq!(out.facts.media_box_pt, (898.214, 666.0));
        assert_eq!(out.facts.pages, 1);
        assert!(out.facts.fonts.iter().all(|f| f.embedded));
        assert!(out.layout.spine_text, "100 pages carry spine text");
        assert!(out.layout.spine_clearance_in.expect("clearance") >= SPINE_TEXT_CLEARANCE_IN);
        assert!(out.layout.barcode_gap_in.expect("back text") > 0.0);
        assert!(!out.facts.conformance_marker && !out.facts.outlines);
    }

    #[test]
    fn no_spine_text_under_79_pages() {
        let out = render_cover(&sample(3), &LayoutOptions::default(), 78).expect("cover");
        assert!(!out.layout.spine_text);
        assert_eq!(out.layout.spine_text_pt, None);
    }

    #[test]
    fn descriptions_lose_their_tags() {
        assert_eq!(strip_tags("<p>One <b>two</b></p><p>Three</p>"), "One two\n\nThree");
        assert_eq!(strip_tags("plain"), "plain");
    }
}
