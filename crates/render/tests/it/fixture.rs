//! The sample journal of the validator tests and the benchmark: shaped like the
//! generator's output, deterministic.

use jc_render::{
    BackMatter, Certificate, Commitment, Day, FrontMatter, Introduction, Journal, Metadata, PageStyle,
};

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
