//! The Word document under python-docx and LibreOffice.

use std::path::Path;

use jc_render::{LayoutOptions, PageStyle, render_docx};

use crate::support::{SIZES, Tool, hand_made, have, journal, run, scratch, stdout, write};

fn script() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_docx.py").to_string_lossy().into_owned()
}

/// What `tests/check_docx.py` reads from a document with python-docx.
fn python_docx(bytes: &[u8]) -> serde_json::Value {
    let dir = scratch();
    let path = write(dir.path(), "journal.docx", bytes);
    serde_json::from_str(&stdout(&run("python3", &[&script(), path.to_str().expect("path")], true)))
        .expect("json")
}

/// The page count and page size LibreOffice gives a document converted to PDF.
fn libreoffice_pdf(bytes: &[u8]) -> (u32, String) {
    let dir = scratch();
    let path = write(dir.path(), "journal.docx", bytes);
    // A profile of its own, so parallel runs do not share LibreOffice's lock.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let outdir = dir.path().to_str().expect("path").to_string();
    run(
        "soffice",
        &[&profile, "--headless", "--convert-to", "pdf", "--outdir", &outdir, path.to_str().expect("path")],
        true,
    );
    let pdf = dir.path().join("journal.pdf");
    assert!(pdf.exists(), "LibreOffice wrote no PDF");
    let info = stdout(&run("pdfinfo", &[pdf.to_str().expect("path")], true));
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    let size = info.lines().find_map(|l| l.strip_prefix("Page size:")).unwrap_or_default().trim().to_string();
    (pages, size)
}

#[test]
fn documents_of_1_30_and_365_days_have_the_trim_mirrored_margins_and_headings() {
    if !have(Tool::PythonDocx) {
        return;
    }
    let options = LayoutOptions::default();
    for days in SIZES {
        let journal = journal(days);
        let out = render_docx(&journal, &options).expect("docx");
        let report = python_docx(&out.bytes);
        let near = |key: &str, value: f64| {
            let got = report[key].as_f64().unwrap_or(f64::NAN);
            assert!((got - value).abs() < 0.002, "{days} days: {key} {got}, expected {value}");
        };
        near("page_width", 6.0);
        near("page_height", 9.0);
        near("left_margin", out.gutter_in);
        near("right_margin", options.theme.spacing.margin_in);
        near("top_margin", options.theme.spacing.margin_in);
        assert_eq!(report["mirror_margins"], true, "{days} days: no w:mirrorMargins");
        assert_eq!(report["paragraphs_without_style"], 0, "every paragraph resolves to a style");
        assert_eq!(report["styles"]["Heading1"], "Heading 1");
        assert_eq!(report["styles"]["Heading2"], "Heading 2");
        let headings = report["headings"].as_array().expect("headings");
        let days_headings: Vec<_> = headings.iter().filter(|h| h["style"] == "Heading 2").collect();
        assert_eq!(days_headings.len(), days as usize, "one Heading 2 per day");
        for (i, heading) in days_headings.iter().enumerate() {
            assert_eq!(heading["page_break_before"], true, "day {} starts a page", i + 1);
            assert!(heading["text"].as_str().unwrap_or_default().starts_with(&format!("Day {}:", i + 1)));
        }
        assert_eq!(
            headings.iter().filter(|h| h["style"] == "Heading 1").count(),
            3,
            "introduction, commitment, certificate"
        );
        let lines_of = |style: PageStyle| -> u64 {
            journal.days.iter().filter(|d| d.page_style == style).map(|d| u64::from(d.lines)).sum()
        };
        for (name, style, rule) in
            [("Writing Line", PageStyle::Lined, "single"), ("Writing Dots", PageStyle::Dotted, "dotted")]
        {
            let expected = lines_of(style);
            let got = report["writing_lines"][name].as_u64().unwrap_or(0);
            assert_eq!(got, expected, "{days} days: one `{name}` paragraph per writing line");
            if expected > 0 {
                assert_eq!(report["rules"][name]["val"], rule, "{days} days: `{name}` draws its rule");
                assert!(report["rules"][name]["sz"].as_u64().unwrap_or(0) >= 6, "rules of at least 3/4 pt");
            }
        }
        let grid_days: Vec<_> =
            journal.days.iter().filter(|d| d.page_style == PageStyle::Grid && d.lines > 0).collect();
        let grids = report["grids"].as_array().expect("grids");
        assert_eq!(grids.len(), grid_days.len(), "{days} days: one table per grid page");
        for (grid, day) in grids.iter().zip(&grid_days) {
            assert_eq!(
                grid["rows"].as_u64(),
                Some(u64::from(day.lines)),
                "day {}: a row per line",
                day.number
            );
            assert!(grid["cols"].as_u64().unwrap_or(0) >= 10, "day {}: columns across the block", day.number);
            assert!(grid["inside_sz"].as_u64().unwrap_or(0) >= 6, "day {}: ruled inside", day.number);
        }
        assert_eq!(report["title"], "Quiet Mornings");
        assert_eq!(report["author"], "Ada Writer");
        assert_eq!(report["language"], "en");
    }
}

#[test]
fn hand_made_documents_have_a_title_their_days_and_no_author() {
    if !have(Tool::PythonDocx) {
        return;
    }
    for days in SIZES {
        let out = render_docx(&hand_made(days), &LayoutOptions::default()).expect("docx");
        let report = python_docx(&out.bytes);
        assert_eq!(report["mirror_margins"], true);
        assert_eq!(report["paragraphs_without_style"], 0);
        let headings = report["headings"].as_array().expect("headings");
        let texts: Vec<&str> = headings.iter().filter_map(|h| h["text"].as_str()).collect();
        let expected: Vec<String> = (1..=days).map(|n| format!("Day {n}")).collect();
        assert_eq!(texts, expected, "{days} days: one heading a day and nothing else");
        assert!(headings.iter().all(|h| h["style"] == "Heading 2" && h["page_break_before"] == true));
        assert_eq!(report["writing_lines"]["Writing Line"].as_u64(), Some(u64::from(days) * 20));
        assert_eq!(report["title"], "My Gratitude Pages");
        assert_eq!(report["author"], "", "{days} days: no creator");
    }
}

#[test]
fn libreoffice_converts_documents_of_1_30_and_365_days_to_pdf() {
    if !(have(Tool::LibreOffice) && have(Tool::Pdfinfo)) {
        return;
    }
    for days in SIZES {
        let out = render_docx(&journal(days), &LayoutOptions::default()).expect("docx");
        let (pages, size) = libreoffice_pdf(&out.bytes);
        assert!(pages > days, "{days} days gave {pages} pages");
        assert_eq!(size, "432 x 648 pts", "{days} days: LibreOffice page size");
    }
}

#[test]
fn libreoffice_converts_a_hand_made_document_to_pdf() {
    if !(have(Tool::LibreOffice) && have(Tool::Pdfinfo)) {
        return;
    }
    let out = render_docx(&hand_made(30), &LayoutOptions::default()).expect("docx");
    let (pages, size) = libreoffice_pdf(&out.bytes);
    assert!(pages > 30, "30 days gave {pages} pages");
    assert_eq!(size, "432 x 648 pts");
}
