//! End-to-end tests of the platform through the gateway: in one process on SQLite,
//! and as separate `journalcraft serve --target …` processes on PostgreSQL and Redis.

mod bad_input;
mod cli;
mod exports;
mod flows;
mod generation;
mod imported_users;
mod journals;
mod lifecycle;
mod reliability;
mod support;
mod timing;
