//! The writers a service runs jobs with, by name. A new job records the name of the
//! provider it will use — `openai` for a person who stored a key of their own, the
//! default otherwise — and the worker runs the provider of that name. Tests can put
//! any [`Provider`] behind a name.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::Provider;
use crate::builtin::BuiltinProvider;
use crate::openai::{OpenAiProvider, OpenAiSettings, OpenAiSetupError};
use crate::settings::{GeneratorSettings, ProviderChoice};

/// The name of the OpenAI-compatible provider.
pub const OPENAI: &str = "openai";
/// What a job with a chat model usually takes, before its own reports refine it.
const OPENAI_EXPECTED: Duration = Duration::from_secs(60);

/// How long a builtin job takes besides its pauses.
const BUILTIN_WORK: Duration = Duration::from_secs(1);
/// The builtin provider's stages, each held for the pace.
const BUILTIN_STAGES: u32 = 4;

/// The providers of a service; cheap to clone.
#[derive(Clone)]
pub struct Providers {
    registered: BTreeMap<&'static str, Registered>,
    default: &'static str,
    /// The endpoint a person's own key is used with.
    openai: OpenAiSettings,
}

#[derive(Clone)]
struct Registered {
    provider: Arc<dyn Provider>,
    expected: Duration,
}

impl Providers {
    /// Only the builtin writer, holding each stage for `pace`; it is the default.
    pub fn builtin(pace: Duration) -> Self {
        let expected = BUILTIN_WORK + pace.saturating_mul(BUILTIN_STAGES);
        let builtin = Registered { provider: Arc::new(BuiltinProvider::paced(pace)), expected };
        Self {
            registered: BTreeMap::from([("builtin", builtin)]),
            default: "builtin",
            openai: OpenAiSettings::default(),
        }
    }

    /// The providers `generator` configures: the builtin writer paced by
    /// `journal.generator.pace_ms`, and with `provider = "openai"` the endpoint of
    /// `journal.generator.openai` on the deployment's key, as the default.
    pub fn from_settings(generator: &GeneratorSettings) -> Result<Self, OpenAiSetupError> {
        let providers =
            Self::builtin(Duration::from_millis(generator.pace_ms)).own_keys_at(generator.openai.clone());
        match (generator.provider, &generator.openai_api_key) {
            (ProviderChoice::Openai, Some(key)) => {
                let provider = OpenAiProvider::new(generator.openai.clone(), key.clone())?;
                Ok(providers.with_default(Arc::new(provider), OPENAI_EXPECTED))
            }
            (ProviderChoice::Openai, None) => Err(OpenAiSetupError::EmptyKey),
            (ProviderChoice::Builtin, _) => Ok(providers),
        }
    }

    /// Uses `settings` for the jobs of people with a key of their own.
    pub fn own_keys_at(mut self, settings: OpenAiSettings) -> Self {
        self.openai = settings;
        self
    }

    /// The endpoint people's own keys are used with (and tested against).
    pub fn openai_settings(&self) -> &OpenAiSettings {
        &self.openai
    }

    /// The OpenAI-compatible provider on a person's own key.
    pub fn with_own_key(&self, key: SecretString) -> Result<Arc<dyn Provider>, OpenAiSetupError> {
        Ok(Arc::new(OpenAiProvider::new(self.openai.clone(), key)?))
    }

    /// Adds `provider` under its [`Provider::name`], replacing one of that name.
    /// `expected` is how long a job usually takes with it, the first estimate of the
    /// time left.
    pub fn with(mut self, provider: Arc<dyn Provider>, expected: Duration) -> Self {
        self.registered.insert(provider.name(), Registered { provider, expected });
        self
    }

    /// Adds `provider` like [`Providers::with`] and makes it the one new jobs use.
    pub fn with_default(mut self, provider: Arc<dyn Provider>, expected: Duration) -> Self {
        self.default = provider.name();
        self.with(provider, expected)
    }

    /// The name new jobs record.
    pub fn default_name(&self) -> &'static str {
        self.default
    }

    /// How long a job of provider `name` usually takes.
    pub fn expected(&self, name: &str) -> Duration {
        match self.registered.get(name) {
            Some(registered) => registered.expected,
            None if name == OPENAI => OPENAI_EXPECTED,
            None => BUILTIN_WORK,
        }
    }

    /// The provider named `name`.
    pub fn get(&self, name: &str) -> Option<Arc<dyn Provider>> {
        self.registered.get(name).map(|registered| registered.provider.clone())
    }
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Providers")
            .field("registered", &self.registered.keys().collect::<Vec<_>>())
            .field("default", &self.default)
            .field("openai", &self.openai)
            .finish()
    }
}
