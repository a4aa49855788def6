//! The interior PDF under pdfinfo, pdffonts and qpdf.

use std::path::Path;

use jc_render::kdp::{TrimSize, min_gutter_in};
use jc_render::{LayoutOptions, render_pdf};

use crate::support::{SIZES, Tool, have, journal, run, scratch, stdout, write};

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

/// The contents page numbers, read back with `pdftotext`: each "Day N: … page" line points
/// at a page whose text starts day N.
pub fn check_contents(path: &Path, days: u32) {
    let text = stdout(&run("pdftotext", &["-layout", path.to_str().expect("utf-8 path"), "-"], true));
    let pages: Vec<&str> = text.split('\x0c').collect();
    let mut found = 0;
    for line in pages.iter().take(20).flat_map(|p| p.lines()) {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("Day ") else { continue };
        let Some((number, _)) = rest.split_once(':') else { continue };
        let (Ok(day), Some(Ok(page))) =
            (number.parse::<u32>(), line.rsplit(' ').next().map(str::parse::<usize>))
        else {
            continue;
        };
        let target = pages.get(page - 1).unwrap_or_else(|| panic!("day {day} points at missing page {page}"));
        assert!(
            target.contains(&format!("DAY {day}\n"))
                || target.trim_start().starts_with(&format!("DAY {day}")),
            "contents say day {day} is on page {page}, which reads:\n{target}"
        );
        found += 1;
    }
    assert_eq!(found, days, "every day is listed with a page number");
}

fn validate(days: u32, options: LayoutOptions) {
    if !(have(Tool::Pdfinfo) && have(Tool::Pdffonts) && have(Tool::Qpdf)) {
        return;
    }
    let journal = journal(days);
    let out = render_pdf(&journal, &options).expect("pdf");
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
    check_contents(&path, days);
}

#[test]
fn interiors_of_1_30_and_365_days_pass_the_pdf_validators() {
    for days in SIZES {
        validate(days, LayoutOptions::default());
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
    validate(30, options);
}
