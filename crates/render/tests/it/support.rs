//! Fixtures and tool runners shared by the validator tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use jc_render::{
    BackMatter, Certificate, Commitment, Day, FrontMatter, Introduction, Journal, Metadata, PageStyle,
};

pub use crate::fixture::journal;

/// The journal sizes every format is rendered at.
pub const SIZES: [u32; 3] = [1, 30, 365];

/// A journal as a person creates it by hand, before writing anything: a title, a
/// description and blank lined pages titled "Day N". No author, introduction,
/// commitment, certificate, prompts or teachings.
pub fn hand_made(days: u32) -> Journal {
    Journal {
        metadata: Metadata {
            title: "My Gratitude Pages".into(),
            subtitle: String::new(),
            author: String::new(),
            description: "Pages for writing down what went well.".into(),
            language: "en".into(),
            identifier: "urn:uuid:0b9e4a51-3f2d-4c1e-8d7a-5e6f7a8b9c0d".into(),
            keywords: Vec::new(),
        },
        front: FrontMatter {
            introduction: Introduction { title: String::new(), quote: String::new(), writeup: String::new() },
            commitment: Commitment { text: String::new(), writeup: String::new() },
        },
        days: (1..=days)
            .map(|n| Day {
                number: n,
                title: format!("Day {n}"),
                pre_writeup: String::new(),
                prompt: String::new(),
                lines: 20,
                page_style: PageStyle::Lined,
                entry: None,
            })
            .collect(),
        back: BackMatter {
            certificate: Certificate { summary: String::new(), text: String::new(), fields: Vec::new() },
        },
    }
}

/// A scratch directory for one test's files.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// Writes bytes to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write file");
    path
}

fn required() -> bool {
    std::env::var("JC_TEST_REQUIRE_SERVICES").is_ok_and(|v| v == "1")
}

fn probe(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

/// Whether a validator is installed: true, or false after printing why the test skips;
/// panics when `JC_TEST_REQUIRE_SERVICES=1`.
pub fn have(tool: Tool) -> bool {
    static FOUND: OnceLock<[bool; 6]> = OnceLock::new();
    let found = FOUND.get_or_init(|| {
        [
            probe("pdfinfo", &["-v"]),
            probe("pdffonts", &["-v"]),
            probe("qpdf", &["--version"]),
            probe("java", &["-version"]) && Path::new(EPUBCHECK_JAR).exists(),
            probe("python3", &["-c", "import docx"]),
            probe("soffice", &["--version"]),
        ]
    });
    let (index, name, package) = match tool {
        Tool::Pdfinfo => (0, "pdfinfo", "poppler-utils"),
        Tool::Pdffonts => (1, "pdffonts", "poppler-utils"),
        Tool::Qpdf => (2, "qpdf", "qpdf"),
        Tool::Epubcheck => (3, "epubcheck", "epubcheck"),
        Tool::PythonDocx => (4, "python-docx", "pip install python-docx"),
        Tool::LibreOffice => (5, "LibreOffice (soffice)", "libreoffice-writer-nogui"),
    };
    if found[index] {
        return true;
    }
    assert!(!required(), "{name} is not installed ({package}) and JC_TEST_REQUIRE_SERVICES=1 requires it");
    eprintln!("skipping: {name} is not installed ({package})");
    false
}

/// The validators.
#[derive(Debug, Clone, Copy)]
pub enum Tool {
    Pdfinfo,
    Pdffonts,
    Qpdf,
    Epubcheck,
    PythonDocx,
    LibreOffice,
}

/// Where Debian's epubcheck package puts the jar.
pub const EPUBCHECK_JAR: &str = "/usr/share/java/epubcheck.jar";

/// Runs a command and returns its output; stdout and stderr are in the panic message on
/// failure when `must_succeed`.
pub fn run(program: &str, args: &[&str], must_succeed: bool) -> Output {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    if must_succeed && !output.status.success() {
        panic!(
            "{program} {args:?} failed ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output
}

/// Text of stdout.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
