//! The user service over real gRPC, on SQLite and on PostgreSQL.

mod credits;
mod me;
mod migrations;
mod profiles;
mod support;
