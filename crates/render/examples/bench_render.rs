//! Times the rendering of a realistic journal (365 days unless `--days` says otherwise)
//! in one format, and writes the same journal as Markdown for pandoc, the baseline of
//! `scripts/bench_render.sh`.
//!
//! ```text
//! bench_render <pdf|docx|epub|kdp> [--runs N] [--days D] [--page-style S] [--out FILE]
//! bench_render markdown FILE [--days D] [--page-style S]
//! ```
//!
//! A render prints one line of `key=value` pairs: the median, fastest and slowest wall
//! time of the `render_*` call in milliseconds over N runs in this process, the output
//! size in bytes, and for the PDF and the KDP package the interior's page count and
//! layout passes. `--out` writes the last run's bytes to a file. `--page-style S`
//! (`lined`, `dotted`, `grid` or `blank`) gives every day that writing area, to see what
//! a style costs; without it each day keeps its own.
//!
//! The journal is deterministic and shaped like the builtin writer's: a varied title,
//! a teaching of two to four sentences (sometimes two paragraphs) and a prompt of one or
//! two sentences per day, 8 to 30 writing lines, mostly lined pages with some dotted,
//! grid and blank ones. Owner entries are left out, as the default options do not print
//! them. The Markdown holds the same text: a level-1 heading per section and per day (so
//! pandoc's EPUB has one chapter per day, as ours does), the date line, the teaching, the
//! prompt in bold and one paragraph per writing line.

use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use jc_render::{
    BackMatter, Certificate, Commitment, Day, FrontMatter, Introduction, Journal, LayoutOptions, Metadata,
    PageStyle, StoreDetails, render_docx, render_epub, render_kdp_package, render_pdf,
};

const TITLES: [&str; 24] = [
    "Arriving",
    "The First Breath",
    "Listening Closely",
    "Small Kindnesses",
    "What the Morning Holds",
    "Letting Go of Hurry",
    "A Walk Without a Destination",
    "The Body Remembers",
    "Ordinary Miracles",
    "Noticing the Light",
    "Gratitude for People",
    "Rest Without Guilt",
    "The Sound of Rain",
    "One Thing at a Time",
    "Kind Words to Yourself",
    "Looking Back a Week",
    "Edges of the Day",
    "Slow Meals",
    "What You Carry",
    "Room to Breathe",
    "A Letter to Tomorrow",
    "Simple Pleasures",
    "The Space Between",
    "Coming Home",
];

const TEACHINGS: [&str; 24] = [
    "Attention is a muscle that grows with gentle, repeated use, not with force.",
    "When the mind wanders, and it will, the practice is simply to notice and return without scolding yourself.",
    "Many people find that writing slows their thoughts down enough to see them clearly for the first time.",
    "Gratitude is not pretending that everything is fine; it is noticing what is good alongside what is hard.",
    "Your senses are always in the present moment, which makes them a reliable way back when you drift.",
    "Short, honest entries are worth more than long ones written to impress an imagined reader.",
    "A single slow breath, counted in and out, is often enough to change the tone of the next hour.",
    "The small routines of a day, such as washing a cup or tying a shoe, can become moments of rest.",
    "Researchers who study habits note that a practice tied to an existing routine is far easier to keep.",
    "There is no wrong answer on these pages; there is only what you noticed and what you chose to write.",
    "Naming a feeling, even with a single word, often takes some of its weight away.",
    "Curiosity is the opposite of judgement: it asks what is here rather than whether it should be.",
    "You may notice resistance today. That is part of the practice too, and worth a line of its own.",
    "The people around us shape our days more than we realise, in ways both large and very small.",
    "Rest is not a reward for finishing everything; it is part of what lets you begin again.",
    "Looking back over earlier pages can show you patterns that are invisible from inside a single day.",
    "Try to write before you check your phone, while the day is still quiet and your own.",
    "Kindness toward yourself is not indulgence; it is the ground that lets change take root.",
    "Notice where in your body you feel today's mood: the shoulders, the jaw, the breath, the stomach.",
    "Weather, light and season colour every day; paying attention to them connects you to the place you live.",
    "A good question is more useful than a quick answer, so let today's prompt sit with you for a minute.",
    "Progress in a practice like this is uneven; some days feel deep and others feel like nothing at all.",
    "Describing something in detail, as if to a friend who cannot see it, sharpens the way you look.",
    "Endings deserve attention too: how you close a day often shapes how you sleep and how you wake.",
];

const PROMPTS: [&str; 24] = [
    "What did you notice this morning that you usually walk past?",
    "Describe one sound, one colour and one smell from today in as much detail as you can.",
    "Who made your day a little easier recently, and how might you thank them?",
    "Write about a moment today when you felt fully present. What made it possible?",
    "What are you carrying today that you could set down, even for an hour?",
    "List five small things that went right this week, however ordinary they seem.",
    "Where did your attention drift most often today? Follow it for a moment and see where it led.",
    "Write a short letter to yourself one year from now. What do you hope has stayed the same?",
    "Which part of your daily routine could you do more slowly tomorrow?",
    "Recall a conversation from yesterday. How did it leave you feeling, and why?",
    "What does rest look like for you right now, and when did you last have enough of it?",
    "Describe a place where you feel calm. What is it about that place?",
    "What would you tell a friend who was going through what you are going through today?",
    "Name one worry and write down what is actually within your control about it.",
    "What surprised you today? Write about it as if you were seeing it for the first time.",
    "Which of your habits supports you most, and which would you like to change?",
    "Write about a meal you enjoyed recently: the taste, the company, the setting.",
    "What did you learn this week, about the world or about yourself?",
    "Think of a difficult moment from today. What did you need then that you could give yourself now?",
    "What are three things in this room that you are grateful for, and why each one?",
    "How did your body feel when you woke up? How does it feel now, as you write?",
    "What would make tomorrow a good day, in one small and specific way?",
    "Look back at an earlier page in this journal. What has changed since you wrote it?",
    "What are you looking forward to, this week or this season?",
];

/// Writing lines per day, cycled as the fixture of the validator tests does.
const LINES: [u32; 7] = [8, 14, 20, 30, 12, 16, 24];

/// A small deterministic generator (xorshift64*), so every run renders the same text.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// `count` different sentences of `bank`, joined with spaces.
fn pick(rng: &mut Rng, bank: &[&'static str], count: usize) -> String {
    let mut chosen: Vec<&str> = Vec::with_capacity(count);
    while chosen.len() < count {
        let s = bank[rng.below(bank.len())];
        if !chosen.contains(&s) {
            chosen.push(s);
        }
    }
    chosen.join(" ")
}

/// The benchmark's journal: `days` days of varied text, deterministic.
fn journal(days: u32) -> Journal {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let days = (1..=days)
        .map(|number| {
            let sentences = 2 + rng.below(3);
            let mut pre_writeup = pick(&mut rng, &TEACHINGS, sentences);
            if rng.below(3) == 0 {
                let more = 1 + rng.below(2);
                pre_writeup = format!("{pre_writeup}\n\n{}", pick(&mut rng, &TEACHINGS, more));
            }
            let prompt_sentences = 1 + usize::from(rng.below(4) == 0);
            let prompt = pick(&mut rng, &PROMPTS, prompt_sentences);
            // Mostly lined, as the builtin writer's reflections are; dots for sketches,
            // grids for logs, blank pages for drawings.
            let page_style = match rng.below(10) {
                0..=5 => PageStyle::Lined,
                6 | 7 => PageStyle::Dotted,
                8 => PageStyle::Grid,
                _ => PageStyle::Blank,
            };
            Day {
                number,
                title: TITLES[rng.below(TITLES.len())].to_string(),
                pre_writeup,
                prompt,
                lines: LINES[number as usize % LINES.len()],
                page_style,
                entry: None,
            }
        })
        .collect();
    Journal {
        metadata: Metadata {
            title: "Quiet Mornings".into(),
            subtitle: "A Year of Noticing, One Page a Day".into(),
            author: "Ada Writer".into(),
            description: "<p>A gentle daily practice for people who want to <b>notice</b> more.</p>".into(),
            language: "en".into(),
            identifier: "urn:uuid:6f1c1c8e-1b7a-4d0c-9a39-0c3f6a1d2b44".into(),
            keywords: vec!["mindfulness".into(), "morning pages".into(), "gratitude practice".into()],
        },
        front: FrontMatter {
            introduction: Introduction {
                title: "Welcome to Quiet Mornings".into(),
                quote: "Begin where you are; the page will meet you there.".into(),
                writeup: (0..5).map(|_| pick(&mut rng, &TEACHINGS, 4)).collect::<Vec<_>>().join("\n\n"),
            },
            commitment: Commitment {
                text: "I will give the first ten minutes of my morning to this page, every day for a year."
                    .into(),
                writeup: pick(&mut rng, &TEACHINGS, 3),
            },
        },
        days,
        back: BackMatter {
            certificate: Certificate {
                summary: "You kept the practice for a whole year.".into(),
                text: "This certifies that the owner of this journal completed Quiet Mornings.".into(),
                fields: vec!["Name".into(), "Date completed".into()],
            },
        },
    }
}

/// A blank to fill in, in Markdown.
const BLANK: &str = "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_";

/// The same journal as Markdown for pandoc: a YAML title block, a level-1 heading for
/// each section and each day, one paragraph (a non-breaking space) per writing line.
fn markdown(journal: &Journal, options: &LayoutOptions) -> String {
    let meta = &journal.metadata;
    let mut md = String::with_capacity(1 << 20);
    let keywords = meta.keywords.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ");
    // Writing into a String cannot fail.
    let _ = write!(
        md,
        "---\ntitle: \"{}\"\nsubtitle: \"{}\"\nauthor: \"{}\"\nlang: {}\nidentifier: \"{}\"\nkeywords: [{keywords}]\n---\n\n",
        meta.title, meta.subtitle, meta.author, meta.language, meta.identifier
    );
    let intro = &journal.front.introduction;
    let _ = write!(md, "# {}\n\n> {}\n\n", escape(&intro.title), escape(&intro.quote));
    text(&mut md, &intro.writeup);
    let commitment = &journal.front.commitment;
    let _ = write!(md, "# My Commitment\n\n**{}**\n\n", escape(&commitment.text));
    text(&mut md, &commitment.writeup);
    let _ = write!(md, "Signed: {BLANK}\n\nDate: {BLANK}\n\n");
    for day in &journal.days {
        let _ = write!(md, "# Day {}: {}\n\n", day.number, escape(&day.title));
        if options.date_lines {
            let _ = write!(md, "Date: {BLANK}\n\n");
        }
        text(&mut md, &day.pre_writeup);
        let _ = write!(md, "**{}**\n\n", escape(&day.prompt));
        if day.lines > 0 {
            let _ = writeln!(md, "::: {{.writing .{}}}\n", options.style_for(day.page_style).as_str());
            for _ in 0..day.lines {
                md.push_str("\\ \n\n");
            }
            md.push_str(":::\n\n");
        }
    }
    let certificate = &journal.back.certificate;
    let _ = write!(
        md,
        "# Certificate of Completion\n\n{}\n\n{}\n\n",
        escape(&certificate.summary),
        escape(&certificate.text)
    );
    for field in &certificate.fields {
        let _ = write!(md, "{}: {BLANK}\n\n", escape(field));
    }
    md
}

fn text(md: &mut String, text: &str) {
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        md.push_str(&escape(paragraph));
        md.push_str("\n\n");
    }
}

/// Escapes the characters Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '`' | '~' | '^' | '$' | '@') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One rendered file: its bytes and, for the PDF and the package, the interior's page
/// count and how many layout passes it took.
struct Rendered {
    bytes: Vec<u8>,
    pages: Option<(u32, u32)>,
}

fn render(format: &str, journal: &Journal, options: &LayoutOptions) -> Result<Rendered, Box<dyn Error>> {
    Ok(match format {
        "pdf" => {
            let pdf = render_pdf(journal, options)?;
            Rendered { bytes: pdf.bytes, pages: Some((pdf.pages, pdf.passes)) }
        }
        "docx" => Rendered { bytes: render_docx(journal, options)?.bytes, pages: None },
        "epub" => Rendered { bytes: render_epub(journal, options)?.bytes, pages: None },
        "kdp" => {
            let store = StoreDetails { categories: vec!["Self-Help / Journaling".into()], isbn: None };
            let package = render_kdp_package(journal, options, &store)?;
            if !package.preflight.passed {
                return Err(format!("the KDP preflight failed {} checks", package.preflight.failed).into());
            }
            Rendered { bytes: package.bytes, pages: Some((package.interior.pages, package.interior.passes)) }
        }
        other => {
            return Err(format!("unknown format `{other}`; expected pdf, docx, epub, kdp or markdown").into());
        }
    })
}

struct Args {
    format: String,
    runs: usize,
    days: u32,
    page_style: Option<PageStyle>,
    out: Option<String>,
}

const USAGE: &str = "usage: bench_render <pdf|docx|epub|kdp> [--runs N] [--days D] [--page-style S] [--out FILE]\n       bench_render markdown FILE [--days D] [--page-style S]";

fn parse_args() -> Result<Args, Box<dyn Error>> {
    let mut argv = std::env::args().skip(1);
    let format = argv.next().ok_or(USAGE)?;
    let mut args = Args { format, runs: 5, days: 365, page_style: None, out: None };
    if args.format == "markdown" {
        args.out = Some(argv.next().ok_or("markdown needs the file to write")?);
    }
    while let Some(flag) = argv.next() {
        let value = argv.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--runs" => {
                args.runs = value.parse().map_err(|_| format!("--runs: `{value}` is not a whole number"))?;
                if args.runs == 0 {
                    return Err("--runs must be at least 1".into());
                }
            }
            "--days" => {
                args.days = value.parse().map_err(|_| format!("--days: `{value}` is not a whole number"))?;
            }
            "--page-style" => args.page_style = Some(value.parse::<PageStyle>()?),
            "--out" => args.out = Some(value),
            _ => return Err(format!("unknown option `{flag}`\n{USAGE}").into()),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench_render: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let journal = journal(args.days);
    journal.validate()?;
    let options = LayoutOptions { page_style: args.page_style, ..LayoutOptions::default() };
    let mut stdout = std::io::stdout().lock();

    if args.format == "markdown" {
        let md = markdown(&journal, &options);
        let path = args.out.as_deref().ok_or(USAGE)?;
        std::fs::write(path, &md).map_err(|e| format!("writing {path}: {e}"))?;
        writeln!(stdout, "format=markdown days={} bytes={} file={path}", args.days, md.len())?;
        return Ok(());
    }

    let mut times_ms = Vec::with_capacity(args.runs);
    let mut last = None;
    for _ in 0..args.runs {
        let started = Instant::now();
        let rendered = render(&args.format, &journal, &options)?;
        times_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        last = Some(rendered);
    }
    let rendered = last.ok_or("no run")?;
    times_ms.sort_by(f64::total_cmp);
    let median = if times_ms.len() % 2 == 1 {
        times_ms[times_ms.len() / 2]
    } else {
        (times_ms[times_ms.len() / 2 - 1] + times_ms[times_ms.len() / 2]) / 2.0
    };
    if let Some(path) = &args.out {
        std::fs::write(path, &rendered.bytes).map_err(|e| format!("writing {path}: {e}"))?;
    }
    let pages = rendered.pages.map(|(p, passes)| format!(" pages={p} passes={passes}")).unwrap_or_default();
    writeln!(
        stdout,
        "format={} days={} runs={} median_ms={median:.1} min_ms={:.1} max_ms={:.1} bytes={}{pages}",
        args.format,
        args.days,
        args.runs,
        times_ms[0],
        times_ms[times_ms.len() - 1],
        rendered.bytes.len(),
    )?;
    Ok(())
}
