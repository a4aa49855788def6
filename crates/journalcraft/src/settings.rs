//! The whole configuration of a Journal Craft process, one section per component
//! plus the shared ones, and its validation for the components a process runs.

use jc_platform::config::{
    ConfigError, Environment, InternalSettings, OpsSettings, Problem, Problems, QueueSettings, RedisSettings,
    ServiceUrls, ShutdownSettings, TelemetrySettings, Validate,
};
use serde::Deserialize;

use crate::targets::{Target, Targets};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppSettings {
    pub gateway: jc_gateway::Settings,
    pub auth: jc_auth::Settings,
    pub user: jc_user::Settings,
    pub journal: jc_journal::Settings,
    pub export: jc_export::Settings,
    pub services: ServiceUrls,
    /// The job queue: RabbitMQ when `queue.url` is set, in-process otherwise.
    pub queue: QueueSettings,
    pub redis: RedisSettings,
    pub internal: InternalSettings,
    pub telemetry: TelemetrySettings,
    pub ops: OpsSettings,
    pub shutdown: ShutdownSettings,
}

impl AppSettings {
    /// Reads defaults, `<dir>/<env>.toml` and the `JC__…` variables of this process.
    pub fn load(
        env: Environment,
        dir: &std::path::Path,
        overrides: &[(&str, String)],
    ) -> Result<Self, ConfigError> {
        jc_platform::config::load(env, dir, std::env::vars(), overrides)
    }

    /// Every problem of the settings that `targets` use.
    pub fn problems(&self, env: Environment, targets: &Targets) -> Vec<Problem> {
        let mut problems = Problems::new(env);
        self.services.validate("services", &mut problems);
        self.redis.validate("redis", &mut problems);
        self.internal.validate("internal", &mut problems);
        self.telemetry.validate("telemetry", &mut problems);
        self.shutdown.validate("shutdown", &mut problems);
        for target in targets.iter() {
            match target {
                Target::Auth => self.auth.validate("auth", &mut problems),
                Target::User => self.user.validate("user", &mut problems),
                Target::Journal => {
                    self.journal.validate("journal", &mut problems);
                    self.queue.validate("queue", &mut problems);
                }
                Target::Export => {
                    self.export.validate("export", &mut problems);
                    self.queue.validate("queue", &mut problems);
                }
                Target::Gateway => self.gateway.validate("gateway", &mut problems),
            }
        }
        problems.into_vec()
    }

    /// The settings, or every problem with them.
    pub fn validated(self, env: Environment, targets: &Targets) -> Result<Self, ConfigError> {
        let problems = self.problems(env, targets);
        if problems.is_empty() { Ok(self) } else { Err(ConfigError::Invalid(problems)) }
    }
}
