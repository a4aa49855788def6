//! The `journalcraft` binary's library: the composed settings, target selection, the
//! runner that starts any set of components in one process, and `dev` defaults.
//! Tests use it to start the platform in-process exactly as the binary does.

pub mod dev;
pub mod runner;
pub mod settings;
pub mod targets;

pub use runner::{Running, start};
pub use settings::AppSettings;
pub use targets::{Target, Targets};
