//! The EPUB under epubcheck.

use jc_render::{LayoutOptions, render_epub};

use crate::support::{EPUBCHECK_JAR, SIZES, Tool, have, journal, run, scratch, write};

#[test]
fn books_of_1_30_and_365_days_pass_epubcheck_without_errors_or_warnings() {
    if !have(Tool::Epubcheck) {
        return;
    }
    for days in SIZES {
        let options = LayoutOptions { include_entries: days == 30, ..Default::default() };
        let out = render_epub(&journal(days), &options).expect("epub");
        assert_eq!(out.chapters, days + 4);
        let dir = scratch();
        let path = write(dir.path(), "journal.epub", &out.bytes);
        let output = run("java", &["-jar", EPUBCHECK_JAR, path.to_str().expect("path")], false);
        let report =
            format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "{days} days: epubcheck failed:\n{report}");
        assert!(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "{days} days:\n{report}");
    }
}
