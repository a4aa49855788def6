//! Settings of the user service (`[user]`).

use std::net::SocketAddr;

use jc_platform::config::{DatabaseSettings, Problems, Validate};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the gRPC API listens.
    pub grpc_listen: SocketAddr,
    /// The service's own database.
    pub database: DatabaseSettings,
    /// How long a profile and account read is answered from memory at most (zero: every
    /// read goes to the database). Changes reach every replica through Redis at once;
    /// this bounds how stale one can be if an announcement is lost.
    pub memo_seconds: u64,
    /// How many profiles and accounts are kept in memory at most.
    pub memo_entries: usize,
}

impl Settings {
    /// The most `memo_seconds` may be.
    pub const MAX_MEMO_SECONDS: u64 = 3600;

    pub fn memo_limits(&self) -> jc_platform::memo::MemoLimits {
        jc_platform::memo::MemoLimits {
            max_age: std::time::Duration::from_secs(self.memo_seconds),
            capacity: self.memo_entries,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            grpc_listen: SocketAddr::from(([0, 0, 0, 0], 50052)),
            database: DatabaseSettings::default(),
            memo_seconds: 30,
            memo_entries: 20_000,
        }
    }
}

impl Validate for Settings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        self.database.validate(&format!("{prefix}.database"), problems);
        if self.memo_seconds > Self::MAX_MEMO_SECONDS {
            problems.push(format!("{prefix}.memo_seconds"), "must be at most 3600");
        }
        if self.memo_entries == 0 {
            problems.push(format!("{prefix}.memo_entries"), "must be at least 1");
        }
    }
}

#[cfg(test)]
mod tests {
    use jc_platform::config::Environment;

    use super::*;

    fn problems(settings: &Settings) -> Vec<String> {
        settings
            .problem_keys("user", Environment::Test)
            .into_iter()
            .filter(|key| key.starts_with("user.memo"))
            .collect()
    }

    #[test]
    fn memo_limits_are_checked() {
        assert!(problems(&Settings::default()).is_empty());
        assert!(problems(&Settings { memo_seconds: 0, ..Default::default() }).is_empty(), "0 turns it off");
        let wrong = Settings { memo_seconds: 3601, memo_entries: 0, ..Default::default() };
        assert_eq!(problems(&wrong), ["user.memo_seconds", "user.memo_entries"]);
    }
}
