//! The writers a service runs jobs with, by name. A new job records the default
//! provider's name and the worker runs the provider of that name, so tests (and
//! later wiring) can put any [`Provider`] behind a name.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::generator::Provider;
use crate::generator::builtin::BuiltinProvider;
use crate::settings::Settings;

/// How long a builtin job takes besides its pauses.
const BUILTIN_WORK: Duration = Duration::from_secs(1);
/// The builtin provider's stages, each held for the pace.
const BUILTIN_STAGES: u32 = 4;

/// The providers of a service; cheap to clone.
#[derive(Clone)]
pub struct Providers {
    registered: BTreeMap<&'static str, Registered>,
    default: &'static str,
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
        Self { registered: BTreeMap::from([("builtin", builtin)]), default: "builtin" }
    }

    /// The providers `settings` configure: the builtin writer paced by
    /// `journal.generator.pace_ms`.
    pub fn from_settings(settings: &Settings) -> Self {
        Self::builtin(Duration::from_millis(settings.generator.pace_ms))
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
        self.registered.get(name).map_or(BUILTIN_WORK, |registered| registered.expected)
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
            .finish()
    }
}
