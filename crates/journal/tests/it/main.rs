//! The journal service over real gRPC, on SQLite and on PostgreSQL; its generation
//! jobs on SQLite with the in-process queue and on PostgreSQL with RabbitMQ.

mod catalogue;
mod credits;
mod days;
mod input;
mod isolation;
mod jobs;
mod journals;
mod keys;
mod migrations;
mod support;
