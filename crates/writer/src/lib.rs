//! The journal writers behind one trait: the offline `builtin` writer, whose library
//! is data embedded at build time, and any OpenAI-compatible chat-completions
//! endpoint. Also what a journal holds ([`content`]), the choices a person picks from
//! ([`catalogue`]) and the providers a service runs jobs with, by name
//! ([`providers`]).

pub mod builtin;
pub mod catalogue;
pub mod content;
pub mod data;
pub mod openai;
pub mod providers;
pub mod settings;

use crate::content::{GenerationRequest, JournalContent};

pub use data::{ContentError, check};
pub use providers::Providers;

/// The stages a generation job goes through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Research,
    Discovery,
    Curation,
    Editing,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Research, Stage::Discovery, Stage::Curation, Stage::Editing];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Research => "research",
            Stage::Discovery => "discovery",
            Stage::Curation => "curation",
            Stage::Editing => "editing",
        }
    }
}

/// Receives progress while a provider works: the stage and the job's overall
/// percentage (0 to 99; 100 is set when the journal is stored).
pub trait Progress: Send + Sync {
    fn report(&self, stage: Stage, percent: u8);
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerationError {
    /// The request cannot be served (an unknown theme); retrying will not help.
    #[error("{0}")]
    Invalid(String),
    /// The provider failed; `retryable` says whether another attempt may succeed.
    #[error("{reason}")]
    Failed { reason: String, retryable: bool },
}

#[async_trait::async_trait]
pub trait Provider: Send + Sync {
    /// `builtin` or `openai`.
    fn name(&self) -> &'static str;

    async fn generate(
        &self,
        request: &GenerationRequest,
        progress: &dyn Progress,
    ) -> Result<JournalContent, GenerationError>;
}
