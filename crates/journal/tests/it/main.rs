//! The journal service over real gRPC, on SQLite and on PostgreSQL; its generation
//! jobs on SQLite with the in-process queue and on PostgreSQL with RabbitMQ. Each
//! scenario runs on both through `jc_testkit::on_every_backend!` (`::embedded`,
//! `::servers`), given a `TestJournalService`, a `Platform`, or the `Backend` when it
//! starts the platform itself with providers of its own.

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
