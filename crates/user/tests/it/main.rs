//! The user service over real gRPC, on SQLite and on PostgreSQL.

mod profiles;
mod support;
