//! Settings of the export service (`[export]`).

use std::net::SocketAddr;
use std::path::PathBuf;

use jc_platform::config::{DatabaseSettings, Environment, Problems, Validate};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the gRPC API listens.
    pub grpc_listen: SocketAddr,
    /// The service's own database.
    pub database: DatabaseSettings,
    /// Render jobs one process runs at once (each on a thread of the blocking pool);
    /// the number of cores by default.
    pub workers: usize,
    /// The directory of the finished files. Must be absolute in production (a
    /// relative path depends on where the process happens to start).
    pub storage_dir: PathBuf,
    /// How long a finished job and its file are kept, in hours.
    pub retention_hours: u64,
    /// How often the cleanup task deletes expired jobs and files, in seconds.
    pub cleanup_interval_seconds: u64,
    /// The largest file the service keeps; a bigger render fails its job.
    pub max_file_bytes: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            grpc_listen: SocketAddr::from(([0, 0, 0, 0], 50056)),
            database: DatabaseSettings::default(),
            workers: std::thread::available_parallelism().map_or(1, usize::from),
            storage_dir: PathBuf::from("./.journalcraft/exports"),
            retention_hours: 168,
            cleanup_interval_seconds: 3600,
            max_file_bytes: 512 * 1024 * 1024,
        }
    }
}

pub const MAX_WORKERS: usize = 256;
/// A year.
pub const MAX_RETENTION_HOURS: u64 = 24 * 366;
const CLEANUP_INTERVAL_SECONDS: std::ops::RangeInclusive<u64> = 1..=86_400;

impl Validate for Settings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        self.database.validate(&format!("{prefix}.database"), problems);
        if !(1..=MAX_WORKERS).contains(&self.workers) {
            problems.push(format!("{prefix}.workers"), format!("must be between 1 and {MAX_WORKERS}"));
        }
        let dir = format!("{prefix}.storage_dir");
        if self.storage_dir.as_os_str().is_empty() {
            problems.push(dir, "must name a directory");
        } else if problems.environment() == Environment::Production && !self.storage_dir.is_absolute() {
            problems.push(
                dir,
                "must be an absolute path in production (a volume every process of the service shares)",
            );
        }
        if !(1..=MAX_RETENTION_HOURS).contains(&self.retention_hours) {
            problems.push(
                format!("{prefix}.retention_hours"),
                format!("must be between 1 and {MAX_RETENTION_HOURS}"),
            );
        }
        if !CLEANUP_INTERVAL_SECONDS.contains(&self.cleanup_interval_seconds) {
            problems.push(
                format!("{prefix}.cleanup_interval_seconds"),
                format!(
                    "must be between {} and {}",
                    CLEANUP_INTERVAL_SECONDS.start(),
                    CLEANUP_INTERVAL_SECONDS.end()
                ),
            );
        }
        if self.max_file_bytes == 0 {
            problems.push(format!("{prefix}.max_file_bytes"), "must be greater than 0");
        }
    }
}

impl Settings {
    /// How long a finished job and its file are kept.
    pub fn retention(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::try_from(self.retention_hours).unwrap_or(i64::MAX / 3_600_000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Settings {
        Settings { database: DatabaseSettings::with_url("postgres://db/export"), ..Default::default() }
    }

    #[test]
    fn defaults_are_valid_outside_production() {
        assert!(valid().problem_keys("export", Environment::Development).is_empty());
        let defaults = Settings::default();
        assert_eq!(defaults.grpc_listen.port(), 50056);
        assert!(defaults.workers >= 1);
        assert_eq!((defaults.retention_hours, defaults.cleanup_interval_seconds), (168, 3600));
    }

    #[test]
    fn production_needs_an_absolute_storage_dir() {
        assert_eq!(valid().problem_keys("export", Environment::Production), ["export.storage_dir"]);
        let settings = Settings { storage_dir: PathBuf::from("/var/lib/journalcraft/exports"), ..valid() };
        assert!(settings.problem_keys("export", Environment::Production).is_empty());
    }

    #[test]
    fn each_problem_names_its_setting() {
        let settings = Settings {
            workers: 0,
            storage_dir: PathBuf::new(),
            retention_hours: 0,
            cleanup_interval_seconds: 0,
            max_file_bytes: 0,
            ..valid()
        };
        assert_eq!(
            settings.problem_keys("export", Environment::Development),
            [
                "export.workers",
                "export.storage_dir",
                "export.retention_hours",
                "export.cleanup_interval_seconds",
                "export.max_file_bytes"
            ]
        );
    }
}
