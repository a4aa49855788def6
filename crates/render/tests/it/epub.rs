//! The EPUB under epubcheck.

use jc_render::{LayoutOptions, render_epub};

use crate::support::{EPUBCHECK_JAR, SIZES, Tool, hand_made, have, journal, run, scratch, write};

/// Runs epubcheck on `bytes`: it must pass with no error and no warning.
fn check(what: &str, bytes: &[u8]) {
    let dir = scratch();
    let path = write(dir.path(), "journal.epub", bytes);
    let output = run("java", &["-jar", EPUBCHECK_JAR, path.to_str().expect("path")], false);
    let report =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{what}: epubcheck failed:\n{report}");
    assert!(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "{what}:\n{report}");
}

#[test]
fn books_of_1_30_and_365_days_pass_epubcheck_without_errors_or_warnings() {
    if !have(Tool::Epubcheck) {
        return;
    }
    for days in SIZES {
        let options = LayoutOptions { include_entries: days == 30, ..Default::default() };
        let out = render_epub(&journal(days), &options).expect("epub");
        assert_eq!(out.chapters, days + 4);
        check(&format!("{days} days"), &out.bytes);
    }
}

#[test]
fn hand_made_books_without_author_front_matter_or_prompts_pass_epubcheck() {
    if !have(Tool::Epubcheck) {
        return;
    }
    for days in SIZES {
        let out = render_epub(&hand_made(days), &LayoutOptions::default()).expect("epub");
        assert_eq!(out.chapters, days + 1, "the title page and the days");
        check(&format!("hand-made, {days} days"), &out.bytes);
    }
}
