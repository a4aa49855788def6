//! The KDP upload package: a zip with the interior PDF, the full-wrap cover PDF,
//! `metadata.json` for the listing form, and the preflight report (`preflight.json` and a
//! readable `PREFLIGHT.md`) with every rule of KDP.md, pass or fail, and what was measured.

use std::io::{Cursor, Write};

use serde::{Deserialize, Serialize};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::error::{RenderError, Result};
use crate::kdp::print::{BLEED_IN, SPINE_TEXT_CLEARANCE_IN, SPINE_TEXT_MIN_PAGES};
use crate::kdp::rules::{self, Check};
use crate::kdp::{
    Binding, Listing, check_listing, interior_page_size, min_gutter_in, min_outer_margin_in, page_limits,
};
use crate::model::Journal;
use crate::options::{LayoutOptions, MIN_GRAY_SHARE, MIN_RULE_WEIGHT_PT};
use crate::pdf::cover::{CoverOutput, render_cover};
use crate::pdf::geometry::Geometry;
use crate::pdf::{PdfOutput, render_pdf};

/// Largest file KDP accepts, and the size it advises staying under, in bytes.
const MAX_FILE_BYTES: u64 = 650 * 1024 * 1024;
const ADVISED_FILE_BYTES: u64 = 40 * 1024 * 1024;
/// Smallest text KDP prints, in points.
const MIN_TEXT_PT: f64 = 7.0;
/// Words that give away unfinished text.
const PLACEHOLDERS: [&str; 8] = ["lorem ipsum", "[insert", "placeholder", "todo", "tbd", "xxx", "{{", "}}"];

/// What the listing needs beyond the journal's own metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreDetails {
    /// One to three store categories.
    #[serde(default)]
    pub categories: Vec<String>,
    /// The author's own ISBN; none lets KDP place its barcode (no expanded distribution).
    #[serde(default)]
    pub isbn: Option<String>,
}

/// The preflight report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preflight {
    /// Every rule passed.
    pub passed: bool,
    pub failed: usize,
    pub checks: Vec<Check>,
}

impl Preflight {
    fn new(checks: Vec<Check>) -> Preflight {
        let failed = checks.iter().filter(|c| !c.passed).count();
        Preflight { passed: failed == 0, failed, checks }
    }

    /// The report as Markdown: a verdict, then one table row per rule.
    pub fn to_markdown(&self, title: &str) -> String {
        let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
        let mut md = format!("# KDP preflight: {}\n\n", cell(title));
        if self.passed {
            md.push_str("All rules pass: KDP should accept these files as they are.\n\n");
        } else {
            md.push_str(&format!(
                "{} rule(s) fail: KDP would reject or change the book until they are fixed.\n\n",
                self.failed
            ));
            for check in self.checks.iter().filter(|c| !c.passed) {
                md.push_str(&format!(
                    "- **{}**: {} Measured: {}\n",
                    check.id,
                    check.rule,
                    cell(&check.measured)
                ));
            }
            md.push('\n');
        }
        md.push_str("| Rule | Result | Measured | Requirement |\n|---|---|---|---|\n");
        for check in &self.checks {
            let mut measured = cell(&check.measured);
            if let Some(advice) = &check.advice {
                measured.push_str(&format!(" (note: {})", cell(advice)));
            }
            md.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                check.id,
                if check.passed { "pass" } else { "**FAIL**" },
                measured,
                cell(check.rule)
            ));
        }
        md
    }
}

/// The listing fields for `metadata.json`.
#[derive(Debug, Clone, Serialize)]
struct MetadataFile<'a> {
    title: &'a str,
    subtitle: &'a str,
    author: &'a str,
    description: &'a str,
    keywords: &'a [String],
    categories: &'a [String],
    language: &'a str,
    /// Journals are low-content books.
    low_content: bool,
    isbn: IsbnChoice<'a>,
    print: PrintFile,
    files: FilesFile,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "choice", rename_all = "snake_case")]
enum IsbnChoice<'a> {
    /// No ISBN: KDP places its barcode; no expanded distribution.
    KdpBarcode,
    /// The author's own ISBN.
    Own { isbn: &'a str },
}

#[derive(Debug, Clone, Serialize)]
struct PrintFile {
    trim: String,
    bleed: bool,
    ink_paper: &'static str,
    binding: &'static str,
    pages: u32,
    spine_width_in: f64,
    cover_width_in: f64,
    cover_height_in: f64,
}

#[derive(Debug, Clone, Serialize)]
struct FilesFile {
    interior: &'static str,
    cover: &'static str,
}

/// A finished package.
#[derive(Debug, Clone)]
pub struct KdpPackage {
    /// The zip archive.
    pub bytes: Vec<u8>,
    pub preflight: Preflight,
    pub interior: PdfOutput,
    pub cover: CoverOutput,
}

/// Names of the files in the package.
pub const FILES: [&str; 5] = ["interior.pdf", "cover.pdf", "metadata.json", "preflight.json", "PREFLIGHT.md"];

/// Renders the interior and cover, checks every rule and packs the zip.
pub fn render_kdp_package(
    journal: &Journal,
    options: &LayoutOptions,
    store: &StoreDetails,
) -> Result<KdpPackage> {
    let interior = render_pdf(journal, options)?;
    let cover = render_cover(journal, options, interior.pages)?;
    let listing = listing_of(journal, store);
    let preflight = preflight(journal, options, &interior, &cover, &listing);

    let meta = &journal.metadata;
    let isbn = match store.isbn.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(isbn) => IsbnChoice::Own { isbn },
        None => IsbnChoice::KdpBarcode,
    };
    let metadata = MetadataFile {
        title: meta.title.trim(),
        subtitle: meta.subtitle.trim(),
        author: meta.author.trim(),
        description: meta.description.trim(),
        keywords: &meta.keywords,
        categories: &store.categories,
        language: &meta.language,
        low_content: true,
        isbn,
        print: PrintFile {
            trim: options.trim.code(),
            bleed: options.bleed,
            ink_paper: options.ink_paper.as_str(),
            binding: options.binding.as_str(),
            pages: interior.pages,
            spine_width_in: round4(cover.spec.spine_width),
            cover_width_in: round4(cover.spec.size.width),
            cover_height_in: round4(cover.spec.size.height),
        },
        files: FilesFile { interior: FILES[0], cover: FILES[1] },
    };
    let metadata_json = to_json(&metadata)?;
    let preflight_json = to_json(&preflight)?;
    let markdown = preflight.to_markdown(meta.title.trim());

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts: [(&str, &[u8], SimpleFileOptions); 5] = [
        (FILES[0], &interior.bytes, stored),
        (FILES[1], &cover.bytes, stored),
        (FILES[2], metadata_json.as_bytes(), deflated),
        (FILES[3], preflight_json.as_bytes(), deflated),
        (FILES[4], markdown.as_bytes(), deflated),
    ];
    for (name, data, file_options) in parts {
        zip.start_file(name, file_options).map_err(|e| RenderError::Package(e.to_string()))?;
        zip.write_all(data).map_err(|e| RenderError::Package(e.to_string()))?;
    }
    let bytes = zip.finish().map_err(|e| RenderError::Package(e.to_string()))?.into_inner();
    Ok(KdpPackage { bytes, preflight, interior, cover })
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| RenderError::Package(e.to_string()))
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// The listing of a journal with the store details.
pub fn listing_of(journal: &Journal, store: &StoreDetails) -> Listing {
    let meta = &journal.metadata;
    Listing {
        title: meta.title.clone(),
        subtitle: meta.subtitle.clone(),
        author: meta.author.clone(),
        description: meta.description.clone(),
        keywords: meta.keywords.clone(),
        categories: store.categories.clone(),
        isbn: store.isbn.clone(),
    }
}

fn inches(value: f64) -> String {
    format!("{} in", (value * 10_000.0).round() / 10_000.0)
}

/// Every rule of KDP.md checked against the rendered files.
pub fn preflight(
    journal: &Journal,
    options: &LayoutOptions,
    interior: &PdfOutput,
    cover: &CoverOutput,
    listing: &Listing,
) -> Preflight {
    let facts = &interior.facts;
    let pages = interior.pages;
    let limits = page_limits(options.trim, options.ink_paper, options.binding);
    let bleed = options.bleed;
    let mut checks = Vec::new();

    checks.push(Check::new(
        rules::TRIM_SIZE,
        true,
        format!(
            "{} ({})",
            options.trim,
            if options.trim.is_standard() { "standard size" } else { "custom size" }
        ),
    ));
    let combination = format!("{}, {}", options.ink_paper.label(), options.binding.as_str());
    checks.push(Check::new(
        rules::PAGES_MINIMUM,
        pages >= limits.min,
        format!("{pages} pages; minimum {} for {combination}", limits.min),
    ));
    checks.push(Check::new(
        rules::PAGES_MAXIMUM,
        pages <= limits.max,
        format!("{pages} pages; maximum {} for {} on {combination}", limits.max, options.trim),
    ));
    checks.push(Check::new(rules::PAGES_EVEN, pages.is_multiple_of(2), format!("{pages} pages")));
    checks.push(Check::new(
        rules::PAGES_BLANK_RUN,
        facts.longest_blank_run <= 2,
        format!(
            "{} blank page(s), longest run {}; {} lined Notes page(s) used as padding",
            facts.blank_pages.len(),
            facts.longest_blank_run,
            interior.notes_pages
        ),
    ));
    checks.push(Check::new(
        rules::PAGES_TRAILING_BLANK,
        !facts.ends_on_blank,
        if facts.ends_on_blank { "the last page is blank" } else { "the last page has content" },
    ));

    let required = min_gutter_in(pages);
    let nearest = facts.nearest_to_gutter_in.unwrap_or(interior.gutter_in);
    checks.push(Check::new(
        rules::MARGIN_GUTTER,
        required.is_some_and(|r| interior.gutter_in + 1e-9 >= r && nearest + 1e-3 >= r),
        format!(
            "gutter {} (required {} for {pages} pages); nearest mark {} from the binding edge",
            inches(interior.gutter_in),
            required.map_or("none: over 828 pages".to_string(), inches),
            inches(nearest)
        ),
    ));
    let outer = interior.margin_in + if bleed { BLEED_IN } else { 0.0 };
    let floor = min_outer_margin_in(bleed);
    for rule in [rules::MARGIN_OUTSIDE, rules::MARGIN_TOP, rules::MARGIN_BOTTOM] {
        checks.push(Check::new(
            rule,
            outer + 1e-9 >= floor,
            format!(
                "{} from the {} edge (at least {})",
                inches(outer),
                if bleed { "bleed" } else { "trim" },
                inches(floor)
            ),
        ));
    }
    let geometry = Geometry::new(options.trim, bleed, interior.gutter_in, interior.margin_in);
    let recto = geometry.text_block(1);
    let verso = geometry.text_block(2);
    let recto_inside = recto.left - geometry.trim_left(1);
    let verso_inside = geometry.trim_left(2) + options.trim.width() - (verso.left + verso.width);
    checks.push(Check::new(
        rules::MARGIN_MIRRORED,
        (recto_inside - interior.gutter_in).abs() < 1e-9 && (verso_inside - interior.gutter_in).abs() < 1e-9,
        format!(
            "odd pages: gutter {} on the left; even pages: gutter {} on the right",
            inches(recto_inside),
            inches(verso_inside)
        ),
    ));

    let expected = interior_page_size(options.trim, bleed);
    let expected_pt = (
        (expected.width * 72.0 * 1000.0).round() / 1000.0,
        (expected.height * 72.0 * 1000.0).round() / 1000.0,
    );
    checks.push(Check::new(
        rules::BLEED_PAGE_SIZE,
        facts.uniform_pages && facts.media_box_pt == expected_pt,
        format!(
            "every page {} x {} pt ({} x {}){}",
            facts.media_box_pt.0,
            facts.media_box_pt.1,
            inches(facts.media_box_pt.0 / 72.0),
            inches(facts.media_box_pt.1 / 72.0),
            if facts.uniform_pages { "" } else { "; pages differ in size" }
        ),
    ));
    checks.push(Check::new(
        rules::BLEED_EDGES,
        facts.marks_inside_trim || bleed,
        if bleed {
            "bleed 0.125 in on top, bottom and the outside edge (left of even pages, right of odd pages); none at the gutter".to_string()
        } else {
            "no bleed; nothing drawn outside the trim".to_string()
        },
    ));

    let embedded = facts.fonts.iter().all(|f| f.embedded) && cover.facts.fonts.iter().all(|f| f.embedded);
    let names: Vec<String> = facts
        .fonts
        .iter()
        .map(|f| format!("{}{}", f.name, if f.embedded { "" } else { " (not embedded)" }))
        .collect();
    checks.push(Check::new(
        rules::PDF_FONTS_EMBEDDED,
        embedded,
        format!(
            "interior: {}; cover fonts embedded: {}",
            names.join(", "),
            cover.facts.fonts.iter().all(|f| f.embedded)
        ),
    ));
    checks.push(Check::new(
        rules::PDF_NO_CROP_MARKS,
        facts.marks_inside_trim,
        if facts.marks_inside_trim {
            "every line and text origin lies inside the trim box"
        } else {
            "marks outside the trim box"
        },
    ));
    checks.push(Check::new(
        rules::PDF_NO_BOOKMARKS,
        !facts.outlines && !cover.facts.outlines,
        if facts.outlines { "outline dictionary present" } else { "no outline dictionary" },
    ));
    checks.push(Check::new(
        rules::PDF_NO_ANNOTATIONS,
        facts.annotations == 0 && cover.facts.annotations == 0,
        format!("{} annotations", facts.annotations + cover.facts.annotations),
    ));
    checks.push(Check::new(
        rules::PDF_NO_COMMENTS,
        facts.annotations == 0 && cover.facts.annotations == 0,
        format!("{} comment annotations", facts.annotations + cover.facts.annotations),
    ));
    let placeholders = placeholder_hits(journal);
    checks.push(Check::new(
        rules::PDF_NO_PLACEHOLDER,
        placeholders.is_empty(),
        if placeholders.is_empty() {
            "none found in the printed text".to_string()
        } else {
            format!("found in {}", placeholders.join(", "))
        },
    ));
    checks.push(Check::new(
        rules::PDF_NO_ENCRYPTION,
        !facts.encrypted && !cover.facts.encrypted,
        if facts.encrypted { "encrypted" } else { "not encrypted" },
    ));
    checks.push(Check::new(
        rules::PDF_NO_TRANSPARENCY,
        !facts.transparency && !cover.facts.transparency,
        if facts.transparency || cover.facts.transparency {
            "transparency group or soft mask found"
        } else {
            "no transparency"
        },
    ));
    checks.push(Check::new(
        rules::PDF_IMAGE_DPI,
        facts.images == 0 && cover.facts.images == 0,
        format!("{} images (all art is vector)", facts.images + cover.facts.images),
    ));
    let line = facts.min_line_pt.unwrap_or(options.theme.spacing.rule_weight_pt);
    checks.push(Check::new(
        rules::PDF_LINE_WEIGHT,
        line + 1e-9 >= MIN_RULE_WEIGHT_PT,
        format!("thinnest line {line} pt"),
    ));
    let text = facts.min_text_pt.unwrap_or(f64::from(options.font_size_pt));
    checks.push(Check::new(
        rules::PDF_TEXT_SIZE,
        text + 1e-9 >= MIN_TEXT_PT,
        format!("smallest text {text} pt"),
    ));
    let lightest = facts.lightest_ink.unwrap_or(1.0);
    checks.push(Check::new(
        rules::PDF_GRAY_FILL,
        lightest + 1e-9 >= MIN_GRAY_SHARE,
        format!("lightest tint {:.0} % ink", lightest * 100.0),
    ));
    let size = facts.bytes.max(cover.facts.bytes);
    let mut file_check = Check::new(
        rules::PDF_FILE_SIZE,
        size <= MAX_FILE_BYTES,
        format!(
            "interior {:.1} MB, cover {:.1} MB",
            facts.bytes as f64 / 1e6,
            cover.facts.bytes as f64 / 1e6
        ),
    );
    if size > ADVISED_FILE_BYTES {
        file_check = file_check.with_advice("over the advised 40 MB");
    }
    checks.push(file_check);
    checks.push(Check::new(
        rules::PDF_NO_PDFX_CLAIM,
        !facts.conformance_marker && !cover.facts.conformance_marker,
        "no GTS_PDFX or PDF/A key, no output intent",
    ));

    let spec = &cover.spec;
    let expected_cover = (
        (spec.size.width * 72.0 * 1000.0).round() / 1000.0,
        (spec.size.height * 72.0 * 1000.0).round() / 1000.0,
    );
    checks.push(Check::new(
        rules::COVER_BINDING,
        options.binding != Binding::Hardcover,
        match options.binding {
            Binding::Hardcover => "hardcover: cover.pdf uses the paperback formula, which KDP rejects for a \
                 case laminate cover; make the cover from KDP's hardcover cover template"
                .to_string(),
            other => format!("{}: cover.pdf uses the paperback formula", other.as_str()),
        },
    ));
    checks.push(Check::new(
        rules::COVER_SIZE,
        cover.facts.media_box_pt == expected_cover && cover.facts.pages == 1,
        format!(
            "{} x {} (2 x {} + spine {} + 0.25; {} + 0.25)",
            inches(cover.facts.media_box_pt.0 / 72.0),
            inches(cover.facts.media_box_pt.1 / 72.0),
            inches(options.trim.width()),
            inches(spec.spine_width),
            inches(options.trim.height())
        ),
    ));
    checks.push(Check::new(
        rules::COVER_SPINE_WIDTH,
        (spec.spine_width - f64::from(pages) * options.ink_paper.page_thickness_in()).abs() < 1e-9,
        format!(
            "{pages} pages x {} in = {}",
            options.ink_paper.page_thickness_in(),
            inches(spec.spine_width)
        ),
    ));
    let layout = &cover.layout;
    let spine_ok = match (layout.spine_text, layout.spine_clearance_in) {
        (true, Some(clearance)) => {
            pages >= SPINE_TEXT_MIN_PAGES && clearance + 1e-9 >= SPINE_TEXT_CLEARANCE_IN
        }
        (true, None) => false,
        (false, _) => true,
    };
    checks.push(Check::new(
        rules::COVER_SPINE_TEXT,
        spine_ok,
        match (layout.spine_text, layout.spine_text_pt, layout.spine_clearance_in) {
            (true, Some(pt), Some(clearance)) => {
                format!("spine text {pt} pt, {} from each fold ({pages} pages)", inches(clearance))
            }
            _ if pages < SPINE_TEXT_MIN_PAGES => {
                format!("no spine text ({pages} pages, under {SPINE_TEXT_MIN_PAGES})")
            }
            _ => "no spine text (the spine is too narrow for 6 pt text)".to_string(),
        },
    ));
    let (x, y, w, h) = layout.barcode_box;
    checks.push(Check::new(
        rules::COVER_BARCODE,
        layout.barcode_gap_in.is_none_or(|gap| gap >= 0.0),
        format!(
            "box at x {} y {}, {} x {} kept clear (white){}",
            inches(x),
            inches(y),
            inches(w),
            inches(h),
            layout
                .barcode_gap_in
                .map(|g| format!("; back text ends {} above it", inches(g)))
                .unwrap_or_default()
        ),
    ));

    checks.extend(check_listing(listing, Some(&layout.title)));
    Preflight::new(checks)
}

fn placeholder_hits(journal: &Journal) -> Vec<String> {
    let mut texts: Vec<(String, &str)> = vec![
        ("title".into(), &journal.metadata.title),
        ("subtitle".into(), &journal.metadata.subtitle),
        ("introduction".into(), &journal.front.introduction.writeup),
        ("quote".into(), &journal.front.introduction.quote),
        ("commitment".into(), &journal.front.commitment.text),
        ("commitment writeup".into(), &journal.front.commitment.writeup),
        ("certificate".into(), &journal.back.certificate.text),
        ("certificate summary".into(), &journal.back.certificate.summary),
    ];
    for day in &journal.days {
        texts.push((format!("day {} title", day.number), &day.title));
        texts.push((format!("day {} text", day.number), &day.pre_writeup));
        texts.push((format!("day {} prompt", day.number), &day.prompt));
    }
    texts
        .into_iter()
        .filter(|(_, text)| {
            let lower = text.to_lowercase();
            PLACEHOLDERS.iter().any(|p| {
                lower.match_indices(p).any(|(i, _)| {
                    let before = lower[..i].chars().next_back();
                    let after = lower[i + p.len()..].chars().next();
                    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                    p.starts_with(['[', '{', '}']) || (!is_word(before) && !is_word(after))
                })
            })
        })
        .map(|(name, _)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::model::tests::{hand_made, sample};

    fn store() -> StoreDetails {
        StoreDetails { categories: vec!["Self-Help / Journaling".into()], isbn: None }
    }

    #[test]
    fn the_package_holds_every_file_and_checks_every_rule() {
        let package = render_kdp_package(&sample(3), &LayoutOptions::default(), &store()).expect("package");
        let mut archive = zip::ZipArchive::new(Cursor::new(&package.bytes)).expect("zip");
        let names: Vec<String> =
            (0..archive.len()).map(|i| archive.by_index(i).expect("entry").name().to_string()).collect();
        assert_eq!(names, FILES);
        let ids: Vec<&str> = package.preflight.checks.iter().map(|c| c.id).collect();
        let all: Vec<&str> = rules::ALL.iter().map(|r| r.id).collect();
        assert_eq!(ids, all, "one check per rule, in order");
        for check in &package.preflight.checks {
            assert!(check.passed, "{} failed: {}", check.id, check.measured);
        }
        let mut metadata = String::new();
        archive.by_name("metadata.json").expect("metadata").read_to_string(&mut metadata).expect("utf-8");
        let metadata: serde_json::Value = serde_json::from_str(&metadata).expect("json");
        assert_eq!(metadata["low_content"], true);
        assert_eq!(metadata["isbn"]["choice"], "kdp_barcode");
        assert_eq!(metadata["print"]["pages"], 24);
        assert_eq!(metadata["categories"][0], "Self-Help / Journaling");
        let mut md = String::new();
        archive.by_name("PREFLIGHT.md").expect("md").read_to_string(&mut md).expect("utf-8");
        assert!(md.contains("All rules pass"));
        assert_eq!(md.matches("| `").count(), rules::ALL.len());
    }

    #[test]
    fn failures_are_reported_plainly() {
        let mut journal = sample(2);
        journal.metadata.title = "Free Journal Notebook Journal".into();
        journal.days[1].prompt = "Lorem ipsum dolor".into();
        let options = LayoutOptions { pad_to_kdp_minimum: false, ..Default::default() };
        let store = StoreDetails { categories: vec![], isbn: Some("9780306406158".into()) };
        let package = render_kdp_package(&journal, &options, &store).expect("package");
        let failed: Vec<&str> = package.preflight.checks.iter().filter(|c| !c.passed).map(|c| c.id).collect();
        for id in [
            "pages.minimum",
            "pdf.no_placeholder_text",
            "listing.title_banned_words",
            "listing.title_generic_words",
            "listing.categories",
            "listing.isbn",
        ] {
            assert!(failed.contains(&id), "{id} should fail; failed: {failed:?}");
        }
        assert!(!package.preflight.passed);
        let md = package.preflight.to_markdown("x");
        assert!(md.contains(&format!("{} rule(s) fail", package.preflight.failed)));
        assert!(md.contains("**pages.minimum**"));
    }

    #[test]
    fn a_package_without_an_author_fails_only_the_author_rule() {
        let mut journal = sample(3);
        journal.metadata.author.clear();
        let package = render_kdp_package(&journal, &LayoutOptions::default(), &store()).expect("package");
        let failed: Vec<&str> = package.preflight.checks.iter().filter(|c| !c.passed).map(|c| c.id).collect();
        assert_eq!(failed, ["listing.author"]);
        assert!(package.preflight.to_markdown("x").contains("**listing.author**"));
    }

    #[test]
    fn a_hand_made_journal_fails_only_the_author_rule() {
        let options = LayoutOptions::default();
        assert!(options.pad_to_kdp_minimum);
        let package = render_kdp_package(&hand_made(3), &options, &store()).expect("package");
        let ids: Vec<&str> = package.preflight.checks.iter().map(|c| c.id).collect();
        let all: Vec<&str> = rules::ALL.iter().map(|r| r.id).collect();
        assert_eq!(ids, all, "one check per rule, in order");
        let failed: Vec<&str> = package.preflight.checks.iter().filter(|c| !c.passed).map(|c| c.id).collect();
        assert_eq!(failed, ["listing.author"]);
        assert_eq!(package.preflight.failed, 1);
        assert_eq!(package.interior.pages, 24);
        let mut archive = zip::ZipArchive::new(Cursor::new(&package.bytes)).expect("zip");
        let mut metadata = String::new();
        archive.by_name("metadata.json").expect("metadata").read_to_string(&mut metadata).expect("utf-8");
        let metadata: serde_json::Value = serde_json::from_str(&metadata).expect("json");
        assert_eq!(metadata["author"], "");
    }

    #[test]
    fn a_hardcover_package_says_its_cover_needs_the_hardcover_template() {
        let options = LayoutOptions { binding: Binding::Hardcover, ..Default::default() };
        let package = render_kdp_package(&sample(40), &options, &store()).expect("package");
        let binding = package.preflight.checks.iter().find(|c| c.id == "cover.binding").expect("check");
        assert!(!binding.passed, "{}", binding.measured);
        assert!(binding.measured.contains("hardcover cover template"));
        assert!(!package.preflight.passed);
    }

    #[test]
    fn placeholders_are_whole_words() {
        let mut journal = sample(1);
        journal.days[0].prompt = "Take stock of what matters today.".into();
        assert!(placeholder_hits(&journal).is_empty(), "'todo' inside 'today' is not a placeholder");
        journal.days[0].prompt = "TODO write this".into();
        assert_eq!(placeholder_hits(&journal), vec!["day 1 prompt".to_string()]);
    }
}
