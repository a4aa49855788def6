//! Settings of the journal service (`[journal]`).

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
}

impl Default for Settings {
    fn default() -> Self {
        Self { grpc_listen: SocketAddr::from(([0, 0, 0, 0], 50053)), database: DatabaseSettings::default() }
    }
}

impl Validate for Settings {
    fn validate(&self, prefix: &str, problems: &mut Problems) {
        self.database.validate(&format!("{prefix}.database"), problems);
    }
}
