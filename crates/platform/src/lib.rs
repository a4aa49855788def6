//! Shared infrastructure of the Journal Craft services, without business rules:
//! configuration, errors, database pools and migrations, the job queue and the
//! transactional outbox, cache, telemetry, gRPC plumbing, caller identity, rate limits, health
//! endpoints and graceful shutdown.

pub mod cache;
pub mod component;
pub mod config;
pub mod db;
pub mod deny;
pub mod error;
mod follow;
pub mod grpc;
pub mod health;
pub mod identity;
pub mod jobs;
pub mod memo;
pub mod outbox;
pub mod queue;
pub mod ratelimit;
pub mod shutdown;
pub mod telemetry;

pub use error::{AppError, AppResult, ErrorCode, FieldError, both};
