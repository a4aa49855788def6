//! The journal service over real gRPC, on SQLite and on PostgreSQL.

mod catalogue;
mod days;
mod fake_openai;
mod input;
mod isolation;
mod journals;
mod migrations;
mod openai;
mod support;
