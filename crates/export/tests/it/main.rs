//! The export service over real gRPC beside a real journal service, on SQLite with the
//! in-process queue and on PostgreSQL with RabbitMQ: every scenario takes a
//! `TestExport` from `jc_testkit::on_every_backend!` (`::embedded`, `::servers`).

mod artifacts;
mod exports;
mod formats;
mod input;
mod isolation;
mod migrations;
mod support;
