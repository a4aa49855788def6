//! How journals are written (`[journal.generator]`): which writer people without a
//! key of their own get, the builtin writer's pace, and the OpenAI-compatible
//! endpoint. Deserialized as part of the journal service's settings.

use jc_platform::config::{Problems, SecretKind, Validate};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::openai::OpenAiSettings;

/// The `[journal.generator]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeneratorSettings {
    /// The writer of people who stored no key of their own. People who did always
    /// get the `openai` writer with their key.
    pub provider: ProviderChoice,
    /// How long, in milliseconds, the builtin writer holds each of its four stages,
    /// so a demo or a test can watch a job's progress and stop a worker mid-job.
    /// Leave it 0 (no pause) in production.
    pub pace_ms: u64,
    /// The OpenAI-compatible endpoint (`[journal.generator.openai]`), used with the
    /// deployment's key or a person's own, and to test people's keys.
    pub openai: OpenAiSettings,
    /// The deployment's key for that endpoint; required when `provider = "openai"`.
    pub openai_api_key: Option<SecretString>,
}

/// `builtin` (offline, the default) or `openai`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderChoice {
    #[default]
    Builtin,
    Openai,
}

pub const MAX_PACE_MS: u64 = 60_000;

impl Validate for GeneratorSettings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        if self.pace_ms > MAX_PACE_MS {
            problems.push(format!("{prefix}.pace_ms"), format!("must be at most {MAX_PACE_MS}"));
        }
        self.openai.validate(&format!("{prefix}.openai"), problems);
        let key = self.openai_api_key.as_ref().map(|key| key.expose_secret().trim());
        match key {
            None if self.provider == ProviderChoice::Openai => problems.push(
                format!("{prefix}.openai_api_key"),
                "is required when provider = \"openai\" (people without a key of their own use it)",
            ),
            Some("") => problems.push(format!("{prefix}.openai_api_key"), "must not be empty when set"),
            _ => {}
        }
        if let Some(key) = &self.openai_api_key {
            problems.check_secret(format!("{prefix}.openai_api_key"), key, SecretKind::Issued);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(settings: &GeneratorSettings) -> Vec<String> {
        settings.problem_keys("journal.generator", jc_platform::config::Environment::Development)
    }

    #[test]
    fn the_defaults_are_the_offline_writer_without_pauses() {
        let defaults = GeneratorSettings::default();
        assert_eq!((defaults.provider, defaults.pace_ms), (ProviderChoice::Builtin, 0));
        assert!(problems_of(&defaults).is_empty());
    }

    #[test]
    fn each_problem_names_its_setting() {
        let settings = GeneratorSettings {
            provider: ProviderChoice::Openai,
            pace_ms: MAX_PACE_MS + 1,
            openai: OpenAiSettings { base_url: "ftp://x".into(), ..OpenAiSettings::default() },
            openai_api_key: None,
        };
        assert_eq!(
            problems_of(&settings),
            [
                "journal.generator.pace_ms",
                "journal.generator.openai.base_url",
                "journal.generator.openai_api_key"
            ]
        );
        let empty = GeneratorSettings { openai_api_key: Some(SecretString::from(" ")), ..Default::default() };
        assert_eq!(problems_of(&empty), ["journal.generator.openai_api_key"]);
    }
}
