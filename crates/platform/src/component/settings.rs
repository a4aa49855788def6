//! The whole configuration of a process: the sections every component shares
//! ([`SharedSettings`]) and one section per component of the binary's list, each read
//! by its component. An unknown section or key is refused.

use std::fmt;

use serde::Deserialize;

use super::{AnyComponent, Configured, Listen, Shared};
use crate::config::{
    self, ConfigError, Environment, InternalSettings, OpsSettings, Problem, Problems, QueueSettings,
    RedisSettings, ServiceUrls, ShutdownSettings, TelemetrySettings, Validate,
};

/// The sections that are no component's own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SharedSettings {
    /// Where each component's gRPC API is reached.
    pub services: ServiceUrls,
    /// The job queue: RabbitMQ when `queue.url` is set, in-process otherwise.
    pub queue: QueueSettings,
    pub redis: RedisSettings,
    pub internal: InternalSettings,
    pub telemetry: TelemetrySettings,
    pub ops: OpsSettings,
    pub shutdown: ShutdownSettings,
}

impl SharedSettings {
    /// The sections' names, as written in a file.
    pub const SECTIONS: [&'static str; 7] =
        ["services", "queue", "redis", "internal", "telemetry", "ops", "shutdown"];
}

/// The settings of every component of the binary, and the shared sections.
pub struct PlatformSettings {
    pub shared: SharedSettings,
    /// One per component of the list, in its order.
    components: Vec<Box<dyn Configured>>,
    /// What loading found: unknown sections and keys, values of the wrong type.
    load_problems: Vec<Problem>,
    /// Secret settings read from a file, with the file.
    secrets_in_files: Vec<(String, String)>,
}

/// The problems of a configuration, and what would be a problem in production.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Names the section in an error of its own that names no key.
fn in_section(section: &str, error: ConfigError) -> ConfigError {
    ConfigError::Unknown(format!("{section}: {error}"))
}

impl fmt::Debug for PlatformSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.components.iter().map(|c| c.name()).collect();
        f.debug_struct("PlatformSettings").field("shared", &self.shared).field("components", &names).finish()
    }
}

impl PlatformSettings {
    /// Settings made in code: `components` with their settings, the rest shared.
    /// Each gRPC component's default address fills `services.<name>_url` when unset.
    pub fn new(shared: SharedSettings, components: Vec<Box<dyn Configured>>) -> Self {
        let mut settings =
            Self { shared, components, load_problems: Vec::new(), secrets_in_files: Vec::new() };
        let defaults: Vec<_> = settings.components.iter().map(|c| (c.name(), c.listen())).collect();
        settings.fill_service_urls(defaults);
        settings
    }

    /// Reads defaults, `<dir>/<env>.toml` and the `JC__…` `variables`, then
    /// `overrides`, into the shared sections and the section of every component in
    /// `registry`.
    pub fn load(
        registry: &[&dyn AnyComponent],
        env: Environment,
        dir: &std::path::Path,
        variables: impl IntoIterator<Item = (String, String)>,
        overrides: &[(String, String)],
    ) -> Result<Self, ConfigError> {
        let mut tree = config::load_tree(env, dir, variables, overrides)?;
        let secrets_in_files = config::secrets_from_files(&tree);
        let mut load_problems = Vec::new();
        let mut components = Vec::with_capacity(registry.len());
        let mut defaults = Vec::with_capacity(registry.len());
        for component in registry {
            defaults.push((component.name(), component.configure(None)?.listen()));
            let configured = match tree.remove(component.name()) {
                Some(section) => {
                    let read = |value| component.configure(Some(value));
                    config::deserialize_reporting(section, component.name(), &mut load_problems, read)
                        .map_err(|error| in_section(component.name(), error))?
                }
                None => component.configure(None)?,
            };
            components.push(configured);
        }
        let unknown: Vec<String> =
            tree.keys().filter(|key| !SharedSettings::SECTIONS.contains(&key.as_str())).cloned().collect();
        if !unknown.is_empty() {
            let mut known: Vec<&str> = registry.iter().map(|c| c.name()).collect();
            known.extend(SharedSettings::SECTIONS);
            for section in unknown {
                tree.remove(&section);
                let message = format!("unknown section; expected one of {}", known.join(", "));
                load_problems.push(Problem { key: section, message });
            }
        }
        let tree = ::config::Value::new(None, ::config::ValueKind::Table(tree));
        let shared: SharedSettings =
            config::deserialize_reporting(tree, "", &mut load_problems, |value| value.try_deserialize())?;
        load_problems.sort_by(|a, b| a.key.cmp(&b.key));
        let mut settings = Self { shared, components, load_problems, secrets_in_files };
        settings.fill_service_urls(defaults);
        Ok(settings)
    }

    /// `services.<name>_url` of every gRPC component, where not set: its default
    /// address on this machine.
    fn fill_service_urls(&mut self, defaults: Vec<(&'static str, Listen)>) {
        for (name, listen) in defaults {
            if let Listen::Grpc(address) = listen {
                self.shared.services.set_default(name, format!("http://127.0.0.1:{}", address.port()));
            }
        }
    }

    /// The component called `name`.
    pub fn component(&self, name: &str) -> Option<&dyn Configured> {
        self.components.iter().find(|c| c.name() == name).map(|c| c.as_ref())
    }

    /// What the components' settings tell each other.
    pub fn shared_parts(&self) -> Shared {
        let mut shared = Shared::default();
        for component in &self.components {
            component.share(&mut shared);
        }
        shared
    }

    /// Every problem of the settings that `targets` use, each named once.
    pub fn problems(&self, env: Environment, targets: &Targets) -> Vec<Problem> {
        self.check(env, targets).problems
    }

    /// What loading found wrong whatever the targets: unknown sections and keys,
    /// values of the wrong type.
    pub fn load_problems(&self) -> &[Problem] {
        &self.load_problems
    }

    /// Every problem and warning of the settings that `targets` use, each key named
    /// once. Unknown keys and values of the wrong type are reported for every section.
    pub fn check(&self, env: Environment, targets: &Targets) -> Report {
        let mut problems = Problems::new(env);
        for problem in &self.load_problems {
            problems.settle(problem.clone());
        }
        for (key, file) in &self.secrets_in_files {
            let instead = if key.ends_with(".signing_key") {
                format!(" (or the key's path in {key}_file)")
            } else {
                String::new()
            };
            problems.production_only(
                key.clone(),
                format!(
                    "is a secret written in {file}: pass it as {}{instead} from your secret store instead",
                    config::variable_for(key)
                ),
            );
        }
        let shared = &self.shared;
        shared.services.validate("services", &mut problems);
        for name in shared.services.names() {
            if !self.components.iter().any(|c| c.name() == name && matches!(c.listen(), Listen::Grpc(_))) {
                problems.push(format!("services.{name}_url"), "names no service of this platform");
            }
        }
        shared.redis.validate("redis", &mut problems);
        shared.internal.validate("internal", &mut problems);
        shared.telemetry.validate("telemetry", &mut problems);
        shared.shutdown.validate("shutdown", &mut problems);
        let selected: Vec<_> = self.selected(targets).collect();
        if selected.iter().any(|c| c.uses_queue()) {
            shared.queue.validate("queue", &mut problems);
        }
        for component in selected {
            component.validate(&mut problems);
        }
        let (problems, warnings) = problems.into_parts();
        Report { problems, warnings }
    }

    /// The settings, or every problem with them.
    pub fn validated(self, env: Environment, targets: &Targets) -> Result<Self, ConfigError> {
        let problems = self.problems(env, targets);
        if problems.is_empty() { Ok(self) } else { Err(ConfigError::Invalid(problems)) }
    }

    fn selected<'a>(&'a self, targets: &'a Targets) -> impl Iterator<Item = &'a dyn Configured> + 'a {
        self.components.iter().filter(|c| targets.contains(c.name())).map(|c| c.as_ref())
    }

    /// The shared sections and the components `targets` names, in the list's order.
    pub(crate) fn into_targets(
        self,
        targets: &Targets,
    ) -> (SharedSettings, Shared, Vec<Box<dyn Configured>>) {
        let shared = self.shared_parts();
        let chosen = self.components.into_iter().filter(|c| targets.contains(c.name())).collect();
        (self.shared, shared, chosen)
    }
}

/// A non-empty set of component names, in the order of the binary's list:
/// `auth`, `auth,user`, `all`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets(Vec<&'static str>);

impl Targets {
    /// Every component of `registry`.
    pub fn all(registry: &[&dyn AnyComponent]) -> Self {
        Self(registry.iter().map(|c| c.name()).collect())
    }

    /// The components of `registry` that own a database.
    pub fn with_database(registry: &[&dyn AnyComponent]) -> Self {
        Self(registry.iter().filter(|c| c.migrations().is_some()).map(|c| c.name()).collect())
    }

    /// Parses a comma list of names of `registry`, or `all`.
    pub fn parse(registry: &[&dyn AnyComponent], value: &str) -> Result<Self, String> {
        let mut chosen = Vec::new();
        for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            if word == "all" {
                chosen.extend(registry.iter().map(|c| c.name()));
                continue;
            }
            let Some(component) = registry.iter().find(|c| c.name() == word) else {
                let names: Vec<_> = registry.iter().map(|c| c.name()).collect();
                return Err(format!(
                    "unknown target {word:?}: use {}, all, or a comma list",
                    names.join(", ")
                ));
            };
            chosen.push(component.name());
        }
        let ordered: Vec<_> =
            registry.iter().map(|c| c.name()).filter(|name| chosen.contains(name)).collect();
        if ordered.is_empty() {
            return Err("name at least one target".into());
        }
        Ok(Self(ordered))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(&name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().copied()
    }
}

impl fmt::Display for Targets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(","))
    }
}
