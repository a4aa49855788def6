//! The interior PDF under pdfinfo, pdffonts and qpdf.

use std::path::Path;

use jc_render::kdp::{TrimSize, min_gutter_in};
use jc_render::{Journal, LayoutOptions, render_pdf};

use crate::support::{SIZES, Tool, hand_made, have, journal, run, scratch, stdout, write};

/// Page count and every page's MediaBox (and TrimBox) from `pdfinfo -box`.
pub fn check_boxes(path: &Path, pages: u32, media_pt: (f64, f64), trim_pt: (f64, f64)) {
    let file = path.to_str().expect("utf-8 path");
    let info = stdout(&run("pdfinfo", &[file], true));
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(&format!(" {pages}"))), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Encrypted:") && l.contains("no")), "{info}");
    let last = pages.to_string();
    let boxes = stdout(&run("pdfinfo", &["-box", "-f", "1", "-l", &last, file], true));
    let numbers = |line: &str| -> Vec<f64> {
        line.split_once("Box:")
            .map(|(_, rest)| rest.split_whitespace().filter_map(|n| n.parse().ok()).collect())
            .unwrap_or_default()
    };
    let media: Vec<Vec<f64>> =
        boxes.lines().filter(|l| l.starts_with("Page") && l.contains("MediaBox:")).map(numbers).collect();
    assert_eq!(media.len(), pages as usize, "one MediaBox per page");
    for (i, b) in media.iter().enumerate() {
        assert!(
            (b[2] - b[0] - media_pt.0).abs() < 0.01 && (b[3] - b[1] - media_pt.1).abs() < 0.01,
            "page {} MediaBox {b:?}, expected {media_pt:?}",
            i + 1
        );
    }
    let trims: Vec<Vec<f64>> =
        boxes.lines().filter(|l| l.starts_with("Page") && l.contains("TrimBox:")).map(numbers).collect();
    for (i, b) in trims.iter().enumerate() {
        assert!(
            (b[2] - b[0] - trim_pt.0).abs() < 0.01 && (b[3] - b[1] - trim_pt.1).abs() < 0.01,
            "page {} TrimBox {b:?}, expected {trim_pt:?}",
            i + 1
        );
    }
}

/// Every font embedded, per `pdffonts`.
pub fn check_fonts(path: &Path) {
    let out = stdout(&run("pdffonts", &[path.to_str().expect("utf-8 path")], true));
    let rows: Vec<&str> = out.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{out}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name type... encoding emb sub uni object ID: emb is the fifth column from the end.
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
}

/// `qpdf --check` passes; its JSON shows no outlines, no annotations, no encryption.
pub fn check_qpdf(path: &Path) {
    let file = path.to_str().expect("utf-8 path");
    let check = run("qpdf", &["--check", file], false);
    assert!(
        check.status.success(),
        "qpdf --check:\n{}{}",
        stdout(&check),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(stdout(&check).contains("No syntax or stream encoding errors"), "{}", stdout(&check));
    let json: serde_json::Value =
        serde_json::from_slice(&run("qpdf", &["--json", file], true).stdout).expect("qpdf JSON");
    assert_eq!(json["outlines"], serde_json::json!([]), "outlines present");
    assert_eq!(json["encrypt"]["encrypted"], false);
    let objects = json["qpdf"][1].as_object().expect("objects");
    let mut pages = 0;
    for (id, object) in objects {
        let value = &object["value"];
        if value["/Type"] == "/Page" {
            pages += 1;
            assert!(value.get("/Annots").is_none(), "{id} has annotations");
        }
        assert!(value.get("/GTS_PDFXVersion").is_none(), "{id} claims PDF/X");
        assert!(value.get("/Outlines").is_none(), "{id} has an outline dictionary");
        assert!(value.get("/OCProperties").is_none(), "{id} has layers");
    }
    assert!(pages > 0);
}

/// The contents, read back with `pdftotext`: every line with leader dots points at the
/// page its part starts on (a day's page starts with "DAY N" over its own title, or with
/// "Day N" alone when the title says no more; any other part's page holds its heading).
/// Returns the labels in order.
pub fn check_contents(path: &Path) -> Vec<String> {
    let text = stdout(&run("pdftotext", &["-layout", path.to_str().expect("utf-8 path"), "-"], true));
    let pages: Vec<&str> = text.split('\x0c').collect();
    let mut labels = Vec::new();
    for line in pages.iter().take(20).flat_map(|p| p.lines()) {
        let Some((head, number)) = line.trim().rsplit_once(' ') else { continue };
        let Ok(page) = number.parse::<usize>() else { continue };
        // pdftotext spaces the leader dots apart or not, depending on the label's width.
        let label = head.trim_end_matches(['.', ' ']);
        if head[label.len()..].matches('.').count() < 3 {
            continue;
        }
        let label = label.to_string();
        let target = page
            .checked_sub(1)
            .and_then(|index| pages.get(index))
            .unwrap_or_else(|| panic!("{label} points at missing page {page}"));
        let day = label.strip_prefix("Day ").map(|rest| rest.split(':').next().unwrap_or_default());
        let starts_part = match day {
            Some(number) => {
                let mut lines = target.lines().map(str::trim).filter(|l| !l.is_empty());
                let (first, second) = (lines.next().unwrap_or_default(), lines.next().unwrap_or_default());
                let day = format!("Day {number}");
                assert!(
                    !(first == format!("DAY {number}") && second.eq_ignore_ascii_case(&day)),
                    "page {page} says {day} twice:\n{target}"
                );
                first == format!("DAY {number}") || first == day
            }
            None => target.contains(&label),
        };
        assert!(starts_part, "the contents say {label} is on page {page}, which reads:\n{target}");
        labels.push(label);
    }
    labels
}

/// The `Author:` line of `pdfinfo`, if any.
fn author(path: &Path) -> Option<String> {
    let info = stdout(&run("pdfinfo", &[path.to_str().expect("utf-8 path")], true));
    info.lines().find_map(|l| l.strip_prefix("Author:")).map(|a| a.trim().to_string())
}

/// Renders `journal` and runs every validator on the file; its contents labels, or
/// `None` when a tool is missing.
fn validate(journal: &Journal, options: LayoutOptions) -> Option<Vec<String>> {
    if !(have(Tool::Pdfinfo) && have(Tool::Pdffonts) && have(Tool::Qpdf)) {
        return None;
    }
    let out = render_pdf(journal, &options).expect("pdf");
    assert_eq!(out.pages % 2, 0);
    assert!(out.gutter_in >= min_gutter_in(out.pages).expect("within KDP's range"));
    assert!(out.prompt_pages.iter().all(|(prompt, body)| prompt == body), "a prompt left its writing area");
    let dir = scratch();
    let path = write(dir.path(), "interior.pdf", &out.bytes);
    let trim = (options.trim.width() * 72.0, options.trim.height() * 72.0);
    let media = if options.bleed { (trim.0 + 9.0, trim.1 + 18.0) } else { trim };
    check_boxes(&path, out.pages, media, trim);
    check_fonts(&path);
    check_qpdf(&path);
    assert_eq!(author(&path).as_deref(), journal.metadata.author(), "the Author property");
    Some(check_contents(&path))
}

/// The contents lines of the generator-shaped journal of `days` days.
fn labels_of(days: u32) -> Vec<String> {
    let mut labels = vec!["Welcome to Quiet Mornings".to_string(), "My Commitment".to_string()];
    labels.extend(journal(days).days.iter().map(|day| day.heading()));
    labels.push("Certificate of Completion".to_string());
    labels
}

#[test]
fn interiors_of_1_30_and_365_days_pass_the_pdf_validators() {
    for days in SIZES {
        if let Some(labels) = validate(&journal(days), LayoutOptions::default()) {
            assert_eq!(labels, labels_of(days), "{days} days: the contents");
        }
    }
}

#[test]
fn hand_made_interiors_without_author_front_matter_or_prompts_pass_the_pdf_validators() {
    for days in SIZES {
        if let Some(labels) = validate(&hand_made(days), LayoutOptions::default()) {
            let expected: Vec<String> = (1..=days).map(|n| format!("Day {n}")).collect();
            assert_eq!(labels, expected, "hand-made, {days} days: only the days in the contents");
        }
    }
}

#[test]
fn a_bleed_interior_on_a_large_trim_passes_the_pdf_validators() {
    let options = LayoutOptions {
        trim: TrimSize::new(8.5, 11.0).expect("trim"),
        bleed: true,
        page_style: Some(jc_render::PageStyle::Grid),
        ..Default::default()
    };
    if let Some(labels) = validate(&journal(30), options) {
        assert_eq!(labels, labels_of(30));
    }
}
