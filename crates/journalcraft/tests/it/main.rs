//! End-to-end tests of the platform through the gateway: in one process on SQLite,
//! and as separate `journalcraft serve --target …` processes on PostgreSQL, Redis and
//! RabbitMQ: each scenario takes a `Platform` from `jc_testkit::on_every_backend!`
//! (`::embedded`, `::servers`). What only separate processes can show (a worker
//! killed, RabbitMQ restarted) runs on the servers alone.

mod bad_input;
mod bounds;
mod cli;
mod exports;
mod flows;
mod generation;
mod imported_users;
mod journals;
mod largest_journal;
mod lifecycle;
mod metrics;
mod rate_limits;
mod reliability;
mod support;
mod timing;
