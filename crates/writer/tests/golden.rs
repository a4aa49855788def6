//! The builtin writer's golden digest: one hash over the journals it writes for a
//! fixed grid of requests and over the catalogue. It pins every byte the builtin
//! writer and the catalogue can produce, so moving content between files, or
//! refactoring the writer, must leave it unchanged.
//!
//! When you change the content or the writing ON PURPOSE, the digest changes too.
//! Run `cargo test -p jc-writer --test golden`, check that the diff of your change is
//! the one you meant (the other tests still pass), then copy the `got` digest from the
//! failure message into `DIGEST` below in the same commit.

use jc_writer::builtin::BuiltinProvider;
use jc_writer::catalogue;
use jc_writer::content::{GenerationRequest, ResearchDepth};
use jc_writer::{Progress, Stage};

/// The digest of [`stream`]; see the module's comment for when and how to update it.
const DIGEST: &str = "aebe7e152bf4343a0bb9379b25ea163d";

/// Author styles that reach all five voices, through a suggestion's name and through
/// free text, plus the empty style that falls back to the warm voice.
const AUTHORS: [&str; 6] = [
    "",
    "The Quiet Poet",
    "direct and practical, no fluff",
    "evidence-based and precise",
    "playful and a little silly",
    "warm and gentle",
];

const DAYS: [u32; 5] = [1, 7, 30, 90, 365];

struct Quiet;

impl Progress for Quiet {
    fn report(&self, _stage: Stage, _percent: u8) {}
}

/// 128-bit FNV-1a: small and fixed by its specification, so the digest is the same
/// on every platform and in every release.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    /// `text`, closed by 0xff (never in UTF-8) so parts cannot run into each other.
    fn write(&mut self, text: &str) {
        for &byte in text.as_bytes().iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u128::from(byte)).wrapping_mul(Self::PRIME);
        }
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|error| panic!("serialise: {error}"))
}

/// Every request of the grid: every theme, title style, depth and length; the
/// author styles take turns across title styles so that each theme, length and
/// depth meets every voice; a few carry a custom prompt.
fn requests() -> Vec<GenerationRequest> {
    let mut requests = Vec::new();
    for theme in catalogue::themes() {
        for (s, style) in catalogue::title_styles().iter().enumerate() {
            for depth in ResearchDepth::ALL {
                for (d, &days) in DAYS.iter().enumerate() {
                    let index = requests.len();
                    requests.push(GenerationRequest {
                        theme: theme.id.to_owned(),
                        title_style: style.id.to_owned(),
                        author_style: AUTHORS[(s + d) % AUTHORS.len()].to_owned(),
                        research_depth: depth,
                        custom_prompt: if index % 5 == 0 {
                            "Mornings before work.".to_owned()
                        } else {
                            String::new()
                        },
                        days,
                        seed: index as u64,
                    });
                }
            }
        }
    }
    requests
}

/// Feeds everything the writer and the catalogue produce for the grid to `hash`,
/// and returns how many journals were written.
fn stream(hash: &mut Fnv128) -> usize {
    hash.write(&json(catalogue::themes()));
    hash.write(&json(catalogue::title_styles()));
    for theme in catalogue::themes().iter().map(|theme| theme.id.as_str()).chain(["no_such_theme"]) {
        hash.write(&json(&catalogue::author_suggestions(theme)));
        hash.write(&format!("{:?}", catalogue::theme(theme)));
    }
    for style in catalogue::title_styles().iter().map(|style| style.id.as_str()).chain(["shouty"]) {
        hash.write(&format!("{:?}", catalogue::title_style(style)));
    }
    let writer = BuiltinProvider::new();
    let requests = requests();
    for request in &requests {
        hash.write(&json(request));
        match writer.write(request, &Quiet) {
            Ok(content) => hash.write(&json(&content)),
            Err(error) => panic!("{request:?} failed: {error}"),
        }
    }
    requests.len()
}

#[test]
fn the_builtin_writer_and_catalogue_match_the_golden_digest() {
    let mut hash = Fnv128::new();
    let written = stream(&mut hash);
    let got = format!("{:032x}", hash.0);
    assert_eq!(
        got, DIGEST,
        "the builtin writer's output changed over {written} journals (got {got}); if you meant it, update DIGEST in tests/golden.rs"
    );
}
