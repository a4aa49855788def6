//! The `builtin` provider: writes a whole journal offline from a curated library of
//! journaling techniques, deterministically for a request and its seed.
//!
//! Open first: `library/` (the types of the content, which is in
//! `data/library/<theme>.toml`), `plan.rs` (how the days are laid out), `days.rs` and
//! `frame.rs` (how pages are written), `voice/` (the registers an author can write
//! in, from `data/voices/`).

mod days;
mod frame;
pub(crate) mod library;
mod plan;
mod rng;
pub(crate) mod template;
pub(crate) mod titles;
pub(crate) mod voice;

#[cfg(test)]
mod tests;

use std::sync::Mutex;
use std::time::Duration;

use crate::catalogue::{self, Theme};
use crate::content::{GenerationRequest, JournalContent, unknown};
use crate::{GenerationError, Progress, Provider, Stage};

use library::Library;
use rng::{Dice, Fnv};

/// The offline journal writer, and the default provider.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinProvider {
    pace: Duration,
}

impl BuiltinProvider {
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer whose [`Provider::generate`] lets every stage last at least `pace`,
    /// so a demo or a test can watch a job's progress (and stop a worker mid-job).
    /// The writing itself takes milliseconds; zero means no pause.
    pub fn paced(pace: Duration) -> Self {
        Self { pace }
    }

    /// Writes the journal `request` asks for, reporting each stage to `progress`.
    /// The same request, seed included, always gives the same journal.
    pub fn write(
        &self,
        request: &GenerationRequest,
        progress: &dyn Progress,
    ) -> Result<JournalContent, GenerationError> {
        let (theme, library) = validate(request)?;
        progress.report(Stage::Research, 10);
        let key = request_key(request);
        let dice = |part: &str| Dice::new(key, part);
        let author = voice::author(&request.theme, &request.author_style);
        let phrases = author.voice.phrases();
        let chosen = plan::choose(library, request.research_depth, request.days, &mut dice("techniques"));
        progress.report(Stage::Research, 30);

        let plan = plan::schedule(request.days, chosen, &mut dice("schedule"));
        progress.report(Stage::Discovery, 40);
        let (title, subtitle) = titles::title_and_subtitle(
            &request.title_style,
            &library.words,
            request.days,
            &mut dice("titles"),
        )
        .ok_or_else(|| unknown("title style", &request.title_style))?;
        progress.report(Stage::Discovery, 55);

        let days_phrase = frame::days_phrase(request.days);
        let context = days::Context {
            library,
            plan: &plan,
            phrases,
            depth: request.research_depth,
            days_phrase: &days_phrase,
        };
        let pages = days::write(&context, &mut dice("days"));
        progress.report(Stage::Curation, 70);
        let focus = plain(&request.custom_prompt);
        let frame = frame::Frame {
            theme,
            library,
            author,
            phrases,
            depth: request.research_depth,
            title: &title,
            subtitle: &subtitle,
            days_phrase: &days_phrase,
            plan: &plan,
            pages: &pages,
            focus: &focus,
        };
        let introduction = frame.introduction(&mut dice("introduction"));
        let commitment = frame.commitment(&mut dice("commitment"));
        let certificate = frame.certificate(&mut dice("certificate"));
        let description = frame.description();
        progress.report(Stage::Curation, 80);

        let content = JournalContent {
            title,
            subtitle,
            author_name: author.name.to_owned(),
            description,
            introduction,
            commitment,
            days: pages,
            certificate,
        };
        progress.report(Stage::Editing, 90);
        let problems = content.problems(request.days);
        if !problems.is_empty() {
            return Err(GenerationError::Failed {
                reason: format!("the builtin library wrote an unsound journal: {}", problems.join("; ")),
                retryable: false,
            });
        }
        progress.report(Stage::Editing, 95);
        Ok(content)
    }
}

#[async_trait::async_trait]
impl Provider for BuiltinProvider {
    fn name(&self) -> &'static str {
        "builtin"
    }

    async fn generate(
        &self,
        request: &GenerationRequest,
        progress: &dyn Progress,
    ) -> Result<JournalContent, GenerationError> {
        if self.pace.is_zero() {
            return self.write(request, progress);
        }
        // Written at once, then reported stage by stage, each held for the pace.
        let recorded = Recorded::default();
        let written = self.write(request, &recorded);
        let reports = recorded.0.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut current = None;
        for (stage, percent) in reports {
            if current.is_some_and(|shown| shown != stage) {
                tokio::time::sleep(self.pace).await;
            }
            current = Some(stage);
            progress.report(stage, percent);
        }
        if current.is_some() {
            tokio::time::sleep(self.pace).await;
        }
        written
    }
}

/// Keeps the reports of a run, to replay them paced.
#[derive(Default)]
struct Recorded(Mutex<Vec<(Stage, u8)>>);

impl Progress for Recorded {
    fn report(&self, stage: Stage, percent: u8) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((stage, percent));
    }
}

/// The theme and library of a request the builtin provider can serve.
fn validate(request: &GenerationRequest) -> Result<(&'static Theme, &'static Library), GenerationError> {
    let theme = catalogue::theme(&request.theme).ok_or_else(|| unknown("theme", &request.theme))?;
    let library = library::library(&theme.id).ok_or_else(|| unknown("theme", &request.theme))?;
    if catalogue::title_style(&request.title_style).is_none() || !titles::knows(&request.title_style) {
        return Err(unknown("title style", &request.title_style));
    }
    request.check_sizes()?;
    Ok((theme, library))
}

/// The stable key every choice is drawn from: a hash of every request field.
fn request_key(request: &GenerationRequest) -> u64 {
    Fnv::new()
        .field(&request.theme)
        .field(&request.title_style)
        .field(&request.author_style)
        .field(request.research_depth.as_str())
        .field(&request.custom_prompt)
        .number(u64::from(request.days))
        .number(request.seed)
        .finish()
}

/// The person's free text as one plain line: whitespace runs become one space and
/// control characters go. Nothing else is changed, escaped or interpreted; the
/// exporters escape for their formats.
fn plain(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|ch| if ch.is_whitespace() { ' ' } else { ch })
        .filter(|ch| !ch.is_control())
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}
