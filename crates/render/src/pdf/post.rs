//! The finishing pass over genpdf's output, with lopdf: exact page boxes (TrimBox and
//! BleedBox for bleed), flattened layers, an explicit line weight, only the font faces the
//! pages use, no outline dictionary, no PDF/X marker, document properties, compressed
//! streams. It also measures the file for the preflight report.

use std::collections::BTreeSet;
use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use serde::Serialize;

use super::geometry::Geometry;

/// The boxes of every page of a file, in inches.
pub(crate) struct PageFrame {
    /// MediaBox (and BleedBox) width and height.
    pub media: (f64, f64),
    /// TrimBox width and height.
    pub trim: (f64, f64),
    /// Bleed below and above the trim box.
    pub bleed: f64,
    /// Left edge of the trim box on a page (from 1).
    pub trim_left: Box<dyn Fn(usize) -> f64>,
}

impl PageFrame {
    /// The frame of interior pages: the bleed sits on the outside edge.
    pub fn interior(geometry: Geometry) -> PageFrame {
        PageFrame {
            media: geometry.page(),
            trim: (geometry.trim.width(), geometry.trim.height()),
            bleed: geometry.bleed,
            trim_left: Box::new(move |page| geometry.trim_left(page)),
        }
    }
}
use crate::error::{RenderError, Result};
use crate::model::Metadata;

/// What the finished PDF holds, measured from the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PdfFacts {
    pub pages: u32,
    /// MediaBox width and height of every page, in points (all pages share one size).
    pub media_box_pt: (f64, f64),
    /// True when every page has that MediaBox.
    pub uniform_pages: bool,
    /// Every font with whether its program is embedded.
    pub fonts: Vec<FontFact>,
    pub min_text_pt: Option<f64>,
    pub min_line_pt: Option<f64>,
    /// Lightest ink share of any colour set on a page (0 white, 1 full ink).
    pub lightest_ink: Option<f64>,
    /// Pages with neither text nor lines, from 1.
    pub blank_pages: Vec<u32>,
    pub longest_blank_run: u32,
    pub ends_on_blank: bool,
    pub outlines: bool,
    pub annotations: u32,
    pub encrypted: bool,
    pub transparency: bool,
    pub images: u32,
    /// Every stroke point lies inside the trim box of its page.
    pub marks_inside_trim: bool,
    /// Nearest approach of any text or line to the binding edge, in inches.
    pub nearest_to_gutter_in: Option<f64>,
    /// A PDF/X or PDF/A conformance key in the Info dictionary or catalogue.
    pub conformance_marker: bool,
    pub bytes: u64,
}

/// One font of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FontFact {
    pub name: String,
    pub embedded: bool,
}

fn pdf_err(e: impl std::fmt::Display) -> RenderError {
    RenderError::Pdf(e.to_string())
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Object {
    Object::Array(vec![
        Object::Real(round3(x0)),
        Object::Real(round3(y0)),
        Object::Real(round3(x1)),
        Object::Real(round3(y1)),
    ])
}

/// A text string for the Info dictionary: literal when ASCII, UTF-16BE with a BOM otherwise.
fn text(value: &str) -> Object {
    if value.is_ascii() {
        Object::String(value.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in value.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// What one page's content stream does.
#[derive(Default)]
struct Scan {
    fonts: BTreeSet<Vec<u8>>,
    min_text: Option<f64>,
    min_line: Option<f64>,
    lightest: Option<f64>,
    has_text: bool,
    has_stroke: bool,
    points: Vec<(f64, f64)>,
}

fn keep_min(slot: &mut Option<f64>, value: f64) {
    *slot = Some(slot.map_or(value, |v: f64| v.min(value)));
}

/// Reads the operators genpdf writes: `Tf`, `w`, `g`/`G`, `rg`/`RG`, `k`/`K`, `m`/`l`,
/// `Td`, `Tj`/`TJ`, `S`.
fn scan(content: &[u8]) -> Scan {
    let mut scan = Scan::default();
    let text = String::from_utf8_lossy(content);
    let mut operands: Vec<&str> = Vec::new();
    let number = |s: &str| s.parse::<f64>().ok();
    for token in text.split_ascii_whitespace() {
        let is_operator =
            token.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '\'' || c == '"')
                && !token.starts_with('<');
        if !is_operator {
            operands.push(token);
            continue;
        }
        let n = operands.len();
        let arg = |back: usize| if n >= back { number(operands[n - back]) } else { None };
        match token {
            "Tf" => {
                if n >= 2 {
                    scan.fonts.insert(operands[n - 2].trim_start_matches('/').as_bytes().to_vec());
                }
                if let Some(size) = arg(1) {
                    keep_min(&mut scan.min_text, size);
                }
            }
            "w" => {
                if let Some(width) = arg(1) {
                    keep_min(&mut scan.min_line, width);
                }
            }
            "g" | "G" => {
                if let Some(gray) = arg(1) {
                    keep_min(&mut scan.lightest, 1.0 - gray);
                }
            }
            "rg" | "RG" => {
                if let (Some(r), Some(g), Some(b)) = (arg(3), arg(2), arg(1)) {
                    keep_min(&mut scan.lightest, 1.0 - (0.299 * r + 0.587 * g + 0.114 * b));
                }
            }
            "k" | "K" => {
                if let (Some(c), Some(m), Some(y), Some(k)) = (arg(4), arg(3), arg(2), arg(1)) {
                    keep_min(&mut scan.lightest, c.max(m).max(y).max(k));
                }
            }
            "m" | "l" | "Td" => {
                if let (Some(x), Some(y)) = (arg(2), arg(1)) {
                    scan.points.push((x, y));
                }
            }
            "Tj" | "TJ" | "'" | "\"" => scan.has_text = true,
            "S" | "s" | "B" | "b" | "f" | "F" => scan.has_stroke = true,
            _ => {}
        }
        operands.clear();
    }
    scan
}

/// Strips printpdf's optional-content wrapper (`/OC /MCn BDC … EMC`) and sets the line weight.
fn flatten(content: &[u8], line_weight_pt: f64) -> Vec<u8> {
    let mut body = content;
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    if body[start..].starts_with(b"/OC")
        && let Some(at) = body.windows(3).position(|w| w == b"BDC")
    {
        body = &body[at + 3..];
    }
    let trimmed_end = body.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    if body[..trimmed_end].ends_with(b"EMC") {
        body = &body[..trimmed_end - 3];
    }
    let mut out = format!("{:.2} w\n", line_weight_pt).into_bytes();
    out.extend_from_slice(body);
    out
}

fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::new(6));
    encoder.write_all(data).map_err(pdf_err)?;
    encoder.finish().map_err(pdf_err)
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn dict_ref(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    dict.get(key).ok().and_then(|o| o.as_reference().ok())
}

/// genpdf's file, read by the fast reader, or by lopdf's when it holds anything the fast
/// one does not take.
fn parse(raw: &[u8]) -> Result<Document> {
    match super::read::load(raw) {
        Some(doc) => Ok(doc),
        None => Document::load_mem(raw).map_err(pdf_err),
    }
}

/// Finishes genpdf's bytes and measures the result.
///
/// `font_names` are the PostScript names of the fonts genpdf added, in order; printpdf
/// names them `F0`, `F1`, … and the finished file carries the real names.
pub(crate) fn finish(
    raw: &[u8],
    frame: &PageFrame,
    metadata: &Metadata,
    line_weight_pt: f64,
    font_names: &[&str],
) -> Result<(Vec<u8>, PdfFacts)> {
    let mut doc = parse(raw)?;
    let pages = doc.get_pages();
    let (media_w, media_h) = (frame.media.0 * 72.0, frame.media.1 * 72.0);
    let bleed = frame.bleed * 72.0;
    let (trim_w, trim_h) = (frame.trim.0 * 72.0, frame.trim.1 * 72.0);

    let mut used_fonts = BTreeSet::new();
    let mut facts = PdfFacts {
        pages: pages.len() as u32,
        media_box_pt: (round3(media_w), round3(media_h)),
        uniform_pages: true,
        fonts: Vec::new(),
        min_text_pt: None,
        min_line_pt: Some(line_weight_pt),
        lightest_ink: None,
        blank_pages: Vec::new(),
        longest_blank_run: 0,
        ends_on_blank: false,
        outlines: false,
        annotations: 0,
        encrypted: doc.trailer.has(b"Encrypt"),
        transparency: false,
        images: 0,
        marks_inside_trim: true,
        nearest_to_gutter_in: None,
        conformance_marker: false,
        bytes: 0,
    };
    let mut font_dicts = BTreeSet::new();
    let mut run = 0;

    for (&number, &page_id) in &pages {
        let page = number as usize;
        let trim_x = (frame.trim_left)(page) * 72.0;
        let (content_id, resources_id) = {
            let dict = doc.get_object(page_id).and_then(Object::as_dict).map_err(pdf_err)?;
            if let Ok(annots) = dict.get(b"Annots").and_then(Object::as_array) {
                facts.annotations += annots.len() as u32;
            }
            (dict_ref(dict, b"Contents"), dict_ref(dict, b"Resources"))
        };
        {
            let dict = doc.get_object_mut(page_id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
            dict.set("MediaBox", rect(0.0, 0.0, media_w, media_h));
            dict.set("CropBox", rect(0.0, 0.0, media_w, media_h));
            dict.set("BleedBox", rect(0.0, 0.0, media_w, media_h));
            dict.set("TrimBox", rect(trim_x, bleed, trim_x + trim_w, bleed + trim_h));
        }
        if let Some(id) = resources_id {
            let resources = doc.get_object_mut(id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
            resources.remove(b"Properties");
            if resources.has(b"ExtGState") {
                facts.transparency = true;
            }
            if let Ok(xobjects) = resources.get(b"XObject").and_then(Object::as_dict) {
                facts.images += xobjects.len() as u32;
            }
            if let Some(fonts) = dict_ref(resources, b"Font") {
                font_dicts.insert(fonts);
            }
        }
        let Some(content_id) = content_id else { continue };
        let stream = doc.get_object_mut(content_id).and_then(Object::as_stream_mut).map_err(pdf_err)?;
        let plain = if stream.dict.has(b"Filter") {
            stream.decompressed_content().map_err(pdf_err)?
        } else {
            stream.content.clone()
        };
        let content = flatten(&plain, line_weight_pt);
        let page_scan = scan(&content);
        stream.dict.remove(b"Filter");
        stream.dict.remove(b"DecodeParms");
        stream.set_content(deflate(&content)?);
        stream.dict.set("Filter", "FlateDecode");

        used_fonts.extend(page_scan.fonts.iter().cloned());
        if let Some(size) = page_scan.min_text {
            keep_min(&mut facts.min_text_pt, size);
        }
        if let Some(width) = page_scan.min_line {
            keep_min(&mut facts.min_line_pt, width);
        }
        if let Some(ink) = page_scan.lightest {
            // White is paper, not a tint: only colours that put ink down count.
            if ink > 0.0 {
                keep_min(&mut facts.lightest_ink, ink);
            }
        }
        let recto = Geometry::is_recto(page);
        for &(x, y) in &page_scan.points {
            let inside = x >= trim_x - 0.01
                && x <= trim_x + trim_w + 0.01
                && y >= bleed - 0.01
                && y <= bleed + trim_h + 0.01;
            if !inside {
                facts.marks_inside_trim = false;
            }
            let from_binding = if recto { x - trim_x } else { trim_x + trim_w - x };
            keep_min(&mut facts.nearest_to_gutter_in, from_binding / 72.0);
        }
        let blank = !page_scan.has_text && !page_scan.has_stroke;
        if blank {
            facts.blank_pages.push(number);
            run += 1;
            facts.longest_blank_run = facts.longest_blank_run.max(run);
        } else {
            run = 0;
        }
        if number as usize == pages.len() {
            facts.ends_on_blank = blank;
        }
    }

    // Keep only the faces the pages use.
    for id in font_dicts {
        let fonts = doc.get_object_mut(id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
        let unused: Vec<Vec<u8>> =
            fonts.iter().map(|(k, _)| k.clone()).filter(|k| !used_fonts.contains(k)).collect();
        for key in unused {
            fonts.remove(&key);
        }
    }

    // Real font names: a subset-free embedded font keeps its PostScript name.
    let font_refs: Vec<(Vec<u8>, ObjectId)> = font_dicts_used(&doc, &pages);
    for (key, id) in font_refs {
        let index = std::str::from_utf8(&key)
            .ok()
            .and_then(|k| k.strip_prefix('F'))
            .and_then(|n| n.parse::<usize>().ok());
        let Some(name) = index.and_then(|i| font_names.get(i)) else { continue };
        rename_font(&mut doc, id, name)?;
    }

    // Catalogue: no outline dictionary, no optional content, no page mode.
    let catalog_id = dict_ref(&doc.trailer, b"Root").ok_or_else(|| pdf_err("no catalogue"))?;
    {
        let catalog = doc.get_object_mut(catalog_id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
        catalog.remove(b"Outlines");
        catalog.remove(b"PageMode");
        catalog.remove(b"OCProperties");
        catalog.remove(b"OutputIntents");
        catalog.remove(b"Metadata");
    }
    // Info: the real properties, and no conformance claim.
    let mut info = Dictionary::new();
    info.set("Title", text(&metadata.title));
    if let Some(author) = metadata.author() {
        info.set("Author", text(author));
    }
    if !metadata.subtitle.trim().is_empty() {
        info.set("Subject", text(&metadata.subtitle));
    }
    if !metadata.keywords.is_empty() {
        info.set("Keywords", text(&metadata.keywords.join(", ")));
    }
    info.set("Creator", text("Journal Craft"));
    info.set("Producer", text("Journal Craft render (genpdf)"));
    let info_id = doc.add_object(Object::Dictionary(info));
    doc.trailer.set("Info", Object::Reference(info_id));
    doc.prune_objects();

    // Compress what is still plain (font programs, which printpdf leaves uncompressed).
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        if let Ok(stream) = doc.get_object_mut(id).and_then(Object::as_stream_mut)
            && !stream.dict.has(b"Filter")
            && stream.content.len() > 64
        {
            let packed = deflate(&stream.content)?;
            stream.set_content(packed);
            stream.dict.set("Filter", "FlateDecode");
        }
    }

    // Measure what is left.
    let catalog = doc.catalog().map_err(pdf_err)?;
    facts.outlines = catalog.has(b"Outlines");
    facts.conformance_marker = catalog.has(b"OutputIntents")
        || doc
            .get_object(info_id)
            .and_then(Object::as_dict)
            .map(|d| d.iter().any(|(k, _)| k.starts_with(b"GTS_") || k.starts_with(b"pdfa")))
            .unwrap_or(false);
    for (&_, &page_id) in &doc.get_pages() {
        if let Ok(dict) = doc.get_object(page_id).and_then(Object::as_dict) {
            let media = dict.get(b"MediaBox").and_then(Object::as_array).map(|a| {
                a.iter()
                    .filter_map(|o| o.as_f64().ok().or_else(|| o.as_i64().ok().map(|i| i as f64)))
                    .collect::<Vec<_>>()
            });
            if media.ok().as_deref() != Some(&[0.0, 0.0, round3(media_w), round3(media_h)][..]) {
                facts.uniform_pages = false;
            }
        }
    }
    for (_, id) in font_dicts_used(&doc, &doc.get_pages()) {
        if let Ok(font) = doc.get_object(id).and_then(Object::as_dict) {
            facts.fonts.push(font_fact(&doc, font));
        }
    }

    let mut out = Vec::with_capacity(raw.len() / 2);
    doc.save_to(&mut out).map_err(pdf_err)?;
    facts.bytes = out.len() as u64;
    Ok((out, facts))
}

/// The (resource name, font object) pairs left in the pages' font dictionaries.
fn font_dicts_used(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
) -> Vec<(Vec<u8>, ObjectId)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for &page_id in pages.values() {
        let Some(fonts) = doc
            .get_object(page_id)
            .ok()
            .and_then(|p| p.as_dict().ok())
            .and_then(|p| dict_ref(p, b"Resources"))
            .and_then(|id| doc.get_object(id).ok())
            .and_then(|r| r.as_dict().ok())
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|f| deref(doc, f))
            .and_then(|f| f.as_dict().ok())
        else {
            continue;
        };
        for (key, value) in fonts.iter() {
            if let Ok(id) = value.as_reference()
                && seen.insert(id)
            {
                out.push((key.clone(), id));
            }
        }
    }
    out
}

/// Sets BaseFont and FontName of a Type0 font, its descendant and its descriptor.
fn rename_font(doc: &mut Document, font_id: ObjectId, name: &str) -> Result<()> {
    let descendant = {
        let font = doc.get_object_mut(font_id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
        font.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
        font.get(b"DescendantFonts").and_then(Object::as_array).ok().and_then(|a| a.first().cloned())
    };
    let descendant_id = match descendant {
        Some(Object::Reference(id)) => Some(id),
        _ => None,
    };
    let mut descriptor_id = None;
    if let Some(id) = descendant_id {
        let dict = doc.get_object_mut(id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
        dict.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
        descriptor_id = dict_ref(dict, b"FontDescriptor");
    }
    if let Some(id) = descriptor_id {
        let dict = doc.get_object_mut(id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
        dict.set("FontName", Object::Name(name.as_bytes().to_vec()));
    }
    Ok(())
}

fn font_fact(doc: &Document, font: &Dictionary) -> FontFact {
    let name = font.get(b"BaseFont").and_then(Object::as_name_str).unwrap_or("?").to_string();
    let descriptor = |dict: &Dictionary| {
        dict.get(b"FontDescriptor")
            .ok()
            .and_then(|d| deref(doc, d))
            .and_then(|d| d.as_dict().ok())
            .map(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"))
    };
    let embedded =
        match font.get(b"DescendantFonts").ok().and_then(|d| deref(doc, d)).and_then(|d| d.as_array().ok()) {
            Some(descendants) => descendants
                .iter()
                .filter_map(|d| deref(doc, d).and_then(|d| d.as_dict().ok()))
                .all(|d| descriptor(d).unwrap_or(false)),
            None => descriptor(font).unwrap_or(false),
        };
    FontFact { name, embedded }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_the_fast_reader_refuses_is_read_by_lopdf() {
        let mut doc = Document::with_version("1.3");
        let info = doc.add_object(lopdf::Object::Dictionary(lopdf::Dictionary::from_iter(vec![(
            "Title",
            lopdf::Object::string_literal("Quiet"),
        )])));
        doc.trailer.set("Info", lopdf::Object::Reference(info));
        let mut file = Vec::new();
        doc.save_to(&mut file).expect("save");
        // A comment inside the object (the fast reader takes none), and a title three
        // bytes shorter, so every offset in the table stays right.
        let text = String::from_utf8(file).expect("text");
        assert!(text.contains("<</Title(Quiet)>>"), "{text}");
        let edited = text.replacen("<</Title(Quiet)>>", "<<%x\n/Title(Qu)>>", 1).into_bytes();
        assert!(super::super::read::load(&edited).is_none(), "the fast reader refuses it");
        let read = parse(&edited).expect("lopdf reads it");
        let title = read.get_object(info).and_then(lopdf::Object::as_dict).and_then(|d| d.get(b"Title"));
        assert_eq!(title.and_then(lopdf::Object::as_str).expect("title"), b"Qu");
    }

    #[test]
    fn flatten_strips_the_layer_wrapper_and_sets_the_weight() {
        let content = b"/OC /MC0 BDC\nq\n0 0 m 10 0 l S\nQ\nEMC\n";
        let out = String::from_utf8(flatten(content, 1.0)).expect("ascii");
        assert_eq!(out, "1.00 w\n\nq\n0 0 m 10 0 l S\nQ\n");
    }

    #[test]
    fn the_scan_reads_fonts_sizes_widths_and_colours() {
        let s =
            scan(b"0.8 w BT /F2 11 Tf 10 20 Td [<0012> -5 <0034>] TJ ET 0.5 g 0.2 0.4 0.6 RG 1 2 m 3 4 l S");
        assert_eq!(s.fonts.iter().next().map(|f| f.as_slice()), Some(&b"F2"[..]));
        assert_eq!(s.min_text, Some(11.0));
        assert_eq!(s.min_line, Some(0.8));
        assert!(s.has_text && s.has_stroke);
        assert_eq!(s.points, vec![(10.0, 20.0), (1.0, 2.0), (3.0, 4.0)]);
        assert!((s.lightest.expect("colour") - 0.5).abs() < 1e-9);
    }
}
