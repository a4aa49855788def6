//! Fixtures and tool runners shared by the validator tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use jc_render::{
    BackMatter, Certificate, Commitment, Day, FrontMatter, Introduction, Journal, Metadata, PageStyle,
};

/// The journal sizes every format is rendered at.
pub const SIZES: [u32; 3] = [1, 30, 365];

const VOICES: [&str; 5] = [
    "Before you write, sit for a minute and let the morning settle.",
    "Notice one thing you usually walk past: a sound, a colour, a smell.",
    "Small steps add up. Today asks for only a few honest lines.",
    "Think of a conversation from yesterday and how it left you feeling.",
    "Look at your hands, the light on the table, the air in the room.",
];

/// A journal shaped like the generator's: varied lengths, lines and page styles, and an
/// owner's entry every seventh day.
pub fn journal(days: u32) -> Journal {
    Journal {
        metadata: Metadata {
            title: "Quiet Mornings".into(),
            subtitle: format!("A {days}-day practice of noticing"),
            author: "Ada Writer".into(),
            description: "<p>A gentle daily practice for people who want to <b>notice</b> more.</p><ul><li>Short prompts</li><li>Room to write</li></ul>".into(),
            language: "en".into(),
            identifier: "urn:uuid:6f1c1c8e-1b7a-4d0c-9a39-0c3f6a1d2b44".into(),
            keywords: vec!["mindfulness".into(), "morning pages".into(), "gratitude practice".into()],
        },
        front: FrontMatter {
            introduction: Introduction {
                title: "Welcome to Quiet Mornings".into(),
                quote: "Begin where you are; the page will meet you there.".into(),
                writeup: format!("{}\n\n{}", VOICES.join(" ").repeat(3), VOICES[2]),
            },
            commitment: Commitment {
                text: "I will give the first ten minutes of my morning to this page.".into(),
                writeup: "Commitments work best when they are small and specific.".into(),
            },
        },
        days: (1..=days)
            .map(|n| {
                let i = n as usize;
                Day {
                    number: n,
                    title: format!("{} ({n})", ["Arriving", "Listening", "Looking closer", "Letting go", "Gratitude"][i % 5]),
                    pre_writeup: VOICES[i % 5].repeat(1 + i % 3),
                    prompt: format!("{} What did you find?", VOICES[(i + 2) % 5]),
                    lines: [8, 14, 20, 30, 12, 16, 24][i % 7],
                    page_style: PageStyle::ALL[(i - 1) % 4],
                    entry: (n % 7 == 0).then(|| "The kettle, the birds, a slow start. It was enough.".to_string()),
                }
            })
            .collect(),
        back: BackMatter {
            certificate: Certificate {
                summary: "You kept the practice.".into(),
                text: "This certifies that the owner of this journal completed Quiet Mornings.".into(),
                fields: vec!["Name".into(), "Date completed".into()],
            },
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
