//! The choices a person picks from when describing a journal: themes, title styles
//! and suggested author voices. Filled by the builtin generator's library.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Theme {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// The length a journal of this theme usually has.
    pub estimated_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TitleStyle {
    pub id: &'static str,
    pub name: &'static str,
    pub examples: &'static [&'static str],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorVoice {
    pub name: &'static str,
    pub style: &'static str,
}

/// Every theme, in the order they are offered.
pub fn themes() -> &'static [Theme] {
    THEMES
}

pub fn theme(id: &str) -> Option<&'static Theme> {
    THEMES.iter().find(|theme| theme.id == id)
}

/// Every title style, in the order they are offered.
pub fn title_styles() -> &'static [TitleStyle] {
    TITLE_STYLES
}

pub fn title_style(id: &str) -> Option<&'static TitleStyle> {
    TITLE_STYLES.iter().find(|style| style.id == id)
}

/// The author voices suggested for a theme; `None` for an unknown theme. The names
/// are personas, never real people.
pub fn author_suggestions(theme: &str) -> Option<Vec<AuthorVoice>> {
    SUGGESTIONS.iter().find(|(id, _)| *id == theme).map(|(_, voices)| voices.to_vec())
}

const THEMES: &[Theme] = &[
    Theme {
        id: "mindfulness",
        name: "Mindfulness",
        description: "Train attention on the present moment with breath, body and senses, and meet \
                      thoughts and feelings with curiosity instead of judgement.",
        estimated_days: 30,
    },
    Theme {
        id: "productivity",
        name: "Productivity",
        description: "Decide what matters, protect time for it and review how the days really go, \
                      with planning and reflection techniques that fit a busy life.",
        estimated_days: 21,
    },
    Theme {
        id: "creativity",
        name: "Creativity",
        description: "Loosen up with free writing, sketches, constraints and playful idea games, and \
                      build a steady habit of making things.",
        estimated_days: 30,
    },
    Theme {
        id: "gratitude",
        name: "Gratitude",
        description: "Notice and savour what is good, thank the people behind it and find steadiness \
                      in ordinary days.",
        estimated_days: 21,
    },
    Theme {
        id: "anxiety_relief",
        name: "Anxiety Relief",
        description: "Gentle grounding, breathing and reframing practices for worried minds, with \
                      room to name feelings and plan kind responses to them.",
        estimated_days: 28,
    },
    Theme {
        id: "fitness",
        name: "Fitness",
        description: "Build a movement habit that lasts: track progress, plan around obstacles, \
                      appreciate your body and celebrate wins beyond the scale.",
        estimated_days: 66,
    },
    Theme {
        id: "self_discovery",
        name: "Self-Discovery",
        description: "Explore your values, strengths, story and hopes through reflective exercises, \
                      and write toward the life that fits you.",
        estimated_days: 30,
    },
];

const TITLE_STYLES: &[TitleStyle] = &[
    TitleStyle {
        id: "inspirational",
        name: "Inspirational",
        examples: &["Calm Begins Here", "Choose Courage", "The Brave Path Forward"],
    },
    TitleStyle {
        id: "practical",
        name: "Practical / How-to",
        examples: &["The Gratitude Practice Book", "Focus, Step by Step", "How to Build a Creative Habit"],
    },
    TitleStyle {
        id: "question",
        name: "Question",
        examples: &["What If You Chose Calm?", "Where Does Your Joy Live?", "Ready for Stillness?"],
    },
    TitleStyle {
        id: "numbered",
        name: "Numbered",
        examples: &["30 Days of Presence", "21 Days to a Clearer Week", "The 66-Day Movement Journal"],
    },
    TitleStyle {
        id: "poetic",
        name: "Poetic",
        examples: &["Where Stillness Gathers", "A Lantern for Wonder", "The Small Weather of the Heart"],
    },
    TitleStyle {
        id: "playful",
        name: "Playful",
        examples: &["Oh Hello, Calm", "Gratitude, But Make It Daily", "The Mostly Unserious Guide to Focus"],
    },
    TitleStyle {
        id: "minimalist",
        name: "Minimalist",
        examples: &["Presence.", "Just Breathe", "Focus Daily"],
    },
    TitleStyle {
        id: "transformational",
        name: "Transformational / Journey",
        examples: &["From Scattered to Present", "Becoming Steady", "The Courage Journey"],
    },
    TitleStyle {
        id: "scientific",
        name: "Scientific / Evidence-based",
        examples: &[
            "The Science of Gratitude",
            "Focus: An Evidence-Informed Practice",
            "Field Notes on Calm",
        ],
    },
    TitleStyle {
        id: "personal",
        name: "Personal / Intimate",
        examples: &["My Stillness Pages", "Notes to Myself on Joy", "Dear Me: Letters on Courage"],
    },
];

const SUGGESTIONS: &[(&str, &[AuthorVoice])] = &[
    (
        "mindfulness",
        &[
            AuthorVoice {
                name: "The Gentle Guide",
                style: "Warm, gentle and unhurried; invites rather than instructs.",
            },
            AuthorVoice {
                name: "The Quiet Poet",
                style: "Lyrical and contemplative, with images of nature and the seasons.",
            },
            AuthorVoice {
                name: "The Calm Researcher",
                style: "Evidence-minded; explains the research behind each practice in plain words.",
            },
            AuthorVoice {
                name: "The Practical Teacher",
                style: "Direct and clear; short instructions you can follow right away.",
            },
        ],
    ),
    (
        "productivity",
        &[
            AuthorVoice {
                name: "The Practical Coach",
                style: "Direct, practical and action-focused; no filler.",
            },
            AuthorVoice {
                name: "The Systems Thinker",
                style: "Analytical and precise; treats each week as an experiment with data.",
            },
            AuthorVoice {
                name: "The Encouraging Mentor",
                style: "Warm and encouraging; celebrates progress over perfection.",
            },
            AuthorVoice {
                name: "The Cheerful Taskmaster",
                style: "Playful and upbeat; turns planning into a game.",
            },
        ],
    ),
    (
        "creativity",
        &[
            AuthorVoice {
                name: "The Playful Muse",
                style: "Playful and whimsical; full of games, dares and silly ideas.",
            },
            AuthorVoice {
                name: "The Painter Poet",
                style: "Lyrical, image-rich and dreamy; writes like a sketchbook looks.",
            },
            AuthorVoice {
                name: "The Kind Encourager",
                style: "Warm and supportive; quiets the inner critic with kindness.",
            },
            AuthorVoice {
                name: "The Curious Experimenter",
                style: "Methodical; frames every page as an experiment and explains why it works.",
            },
            AuthorVoice {
                name: "The Maker Coach",
                style: "Direct and action-first; ship small things, often.",
            },
        ],
    ),
    (
        "gratitude",
        &[
            AuthorVoice { name: "The Warm Friend", style: "Warm and caring, like a letter from a friend." },
            AuthorVoice {
                name: "The Joyful Noticer",
                style: "Playful and cheerful; finds delight in small things.",
            },
            AuthorVoice {
                name: "The Thoughtful Researcher",
                style: "Evidence-minded; explains the research on gratitude plainly.",
            },
            AuthorVoice {
                name: "The Plain-Spoken Guide",
                style: "Direct and practical; simple exercises, no sentimentality.",
            },
            AuthorVoice {
                name: "The Quiet Poet",
                style: "Lyrical and contemplative, with images of nature and the seasons.",
            },
        ],
    ),
    (
        "anxiety_relief",
        &[
            AuthorVoice {
                name: "The Steady Companion",
                style: "Gentle, warm and reassuring; never rushes you.",
            },
            AuthorVoice {
                name: "The Calm Coach",
                style: "Clear and practical; small steps you can take right now.",
            },
            AuthorVoice {
                name: "The Clear Explainer",
                style: "Evidence-minded; explains what the research says about worry, without jargon.",
            },
            AuthorVoice {
                name: "The Still Water Poet",
                style: "Lyrical and quiet, with soothing images from nature.",
            },
        ],
    ),
    (
        "fitness",
        &[
            AuthorVoice {
                name: "The Encouraging Coach",
                style: "Warm and encouraging; celebrates every small win.",
            },
            AuthorVoice {
                name: "The No-Nonsense Trainer",
                style: "Direct and brisk; clear plans and honest check-ins.",
            },
            AuthorVoice {
                name: "The Sports Scientist",
                style: "Evidence-based and precise; explains the research behind habits and recovery.",
            },
            AuthorVoice {
                name: "The Playful Mover",
                style: "Playful and upbeat; movement as a game, not a chore.",
            },
        ],
    ),
    (
        "self_discovery",
        &[
            AuthorVoice {
                name: "The Wise Friend",
                style: "Warm, kind and patient; asks the questions a good friend would.",
            },
            AuthorVoice {
                name: "The Reflective Poet",
                style: "Lyrical and contemplative; uses story and metaphor.",
            },
            AuthorVoice {
                name: "The Curious Researcher",
                style: "Evidence-minded; draws on research about values and identity, plainly told.",
            },
            AuthorVoice {
                name: "The Honest Mirror",
                style: "Direct and honest; asks clear questions without flattery.",
            },
            AuthorVoice {
                name: "The Playful Explorer",
                style: "Playful and curious; treats the self as a map full of fun surprises.",
            },
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_have_snake_case_ids_and_real_descriptions() {
        let ids: Vec<&str> = themes().iter().map(|theme| theme.id).collect();
        for id in [
            "mindfulness",
            "productivity",
            "creativity",
            "gratitude",
            "anxiety_relief",
            "fitness",
            "self_discovery",
        ] {
            assert!(ids.contains(&id), "missing {id}");
        }
        for theme in themes() {
            assert!(theme.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{}", theme.id);
            assert!(theme.description.len() > 60, "{}", theme.id);
            assert!((7..=366).contains(&theme.estimated_days), "{}", theme.id);
            assert_eq!(super::theme(theme.id), Some(theme));
        }
        assert_eq!(super::theme("sleep"), None);
    }

    #[test]
    fn ten_title_styles_with_three_examples_each() {
        assert_eq!(title_styles().len(), 10);
        for style in title_styles() {
            assert!(style.examples.len() >= 3, "{}", style.id);
            assert_eq!(title_style(style.id), Some(style));
        }
        assert_eq!(title_style("shouty"), None);
    }

    #[test]
    fn every_theme_suggests_three_to_five_personas() {
        for theme in themes() {
            let voices = author_suggestions(theme.id).unwrap_or_default();
            assert!((3..=5).contains(&voices.len()), "{}", theme.id);
            for voice in voices {
                assert!(voice.name.starts_with("The "), "{} is not a persona", voice.name);
                assert!(voice.style.len() > 20, "{}", voice.name);
            }
        }
        assert_eq!(author_suggestions("sleep"), None);
        assert_eq!(SUGGESTIONS.len(), themes().len());
    }
}
