//! The KDP package: its files, its PDFs under the validators, its preflight report.

use std::io::{Cursor, Read};

use jc_render::kdp::{InkPaper, cover_spec};
use jc_render::{LayoutOptions, StoreDetails, render_kdp_package};

use crate::pdf::{check_boxes, check_fonts, check_qpdf};
use crate::support::{SIZES, Tool, hand_made, have, journal, scratch, write};

fn entry(archive: &mut zip::ZipArchive<Cursor<&Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut file = archive.by_name(name).unwrap_or_else(|_| panic!("{name} missing"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).expect("read");
    bytes
}

#[test]
fn packages_of_1_30_and_365_days_pass_preflight_and_the_validators() {
    let tools = have(Tool::Pdfinfo) && have(Tool::Pdffonts) && have(Tool::Qpdf);
    let options = LayoutOptions::default();
    let store = StoreDetails { categories: vec!["Self-Help / Journaling".into()], isbn: None };
    for days in SIZES {
        let package = render_kdp_package(&journal(days), &options, &store).expect("package");
        for check in &package.preflight.checks {
            assert!(check.passed, "{days} days: {} failed: {}", check.id, check.measured);
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(&package.bytes)).expect("zip");
        let metadata: serde_json::Value =
            serde_json::from_slice(&entry(&mut archive, "metadata.json")).expect("json");
        let pages = package.interior.pages;
        assert_eq!(metadata["print"]["pages"], pages);
        assert_eq!(metadata["low_content"], true);
        assert_eq!(metadata["title"], "Quiet Mornings");
        let preflight: serde_json::Value =
            serde_json::from_slice(&entry(&mut archive, "preflight.json")).expect("json");
        assert_eq!(preflight["passed"], true);
        let markdown = String::from_utf8(entry(&mut archive, "PREFLIGHT.md")).expect("utf-8");
        assert!(markdown.contains("All rules pass"));
        assert_eq!(package.cover.layout.spine_text, pages >= 79, "{days} days, {pages} pages");
        if tools {
            check_pdfs(&mut archive, pages);
        }
    }
}

#[test]
fn hand_made_packages_fail_only_for_their_missing_author_and_pass_the_validators() {
    let tools = have(Tool::Pdfinfo) && have(Tool::Pdffonts) && have(Tool::Qpdf);
    let store = StoreDetails { categories: vec!["Self-Help / Journaling".into()], isbn: None };
    for days in SIZES {
        let package =
            render_kdp_package(&hand_made(days), &LayoutOptions::default(), &store).expect("package");
        let failed: Vec<&str> = package.preflight.checks.iter().filter(|c| !c.passed).map(|c| c.id).collect();
        assert_eq!(failed, ["listing.author"], "{days} days");
        let mut archive = zip::ZipArchive::new(Cursor::new(&package.bytes)).expect("zip");
        let preflight: serde_json::Value =
            serde_json::from_slice(&entry(&mut archive, "preflight.json")).expect("json");
        assert_eq!((&preflight["passed"], &preflight["failed"]), (&false.into(), &1.into()));
        let markdown = String::from_utf8(entry(&mut archive, "PREFLIGHT.md")).expect("utf-8");
        assert!(markdown.contains("1 rule(s) fail") && markdown.contains("**listing.author**"), "{markdown}");
        if tools {
            check_pdfs(&mut archive, package.interior.pages);
        }
    }
}

/// The interior and cover of a 6 x 9 in black-and-white package under pdfinfo,
/// pdffonts and qpdf.
fn check_pdfs(archive: &mut zip::ZipArchive<Cursor<&Vec<u8>>>, pages: u32) {
    let dir = scratch();
    let interior = write(dir.path(), "interior.pdf", &entry(archive, "interior.pdf"));
    check_boxes(&interior, pages, (432.0, 648.0), (432.0, 648.0));
    check_fonts(&interior);
    check_qpdf(&interior);
    let cover = write(dir.path(), "cover.pdf", &entry(archive, "cover.pdf"));
    let spec = cover_spec(LayoutOptions::default().trim, pages, InkPaper::BlackWhite);
    let media = (spec.size.width * 72.0, spec.size.height * 72.0);
    check_boxes(&cover, 1, media, (media.0 - 18.0, media.1 - 18.0));
    check_fonts(&cover);
    check_qpdf(&cover);
}
