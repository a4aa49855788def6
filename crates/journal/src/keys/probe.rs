//! `TestProviderKey`: asks the OpenAI-compatible endpoint of
//! `journal.generator.openai` whether it accepts a key (`GET <base>/models`),
//! without storing the key.

use jc_writer::openai::{self, OpenAiSettings};

use super::ApiKey;

/// What a test of a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub valid: bool,
    pub message: String,
}

/// Tests keys against one endpoint; cheap to clone.
#[derive(Clone)]
pub(crate) struct Probe {
    settings: OpenAiSettings,
}

impl Probe {
    pub(crate) fn new(settings: OpenAiSettings) -> Self {
        Self { settings }
    }

    pub(crate) async fn test(&self, key: &ApiKey) -> Verdict {
        let check = openai::test_key(&self.settings, &key.secret()).await;
        Verdict { valid: check.valid, message: check.message }
    }
}
