//! The user service over real gRPC, on SQLite and on PostgreSQL
//! (`jc_testkit::on_every_backend!`: each scenario as `::embedded` and `::servers`).

mod credits;
mod me;
mod migrations;
mod profiles;
mod support;
