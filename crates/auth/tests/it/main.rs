//! Integration tests of the auth service: the real gRPC server on 127.0.0.1:0, called
//! through the generated client with the service credential, every scenario against
//! SQLite and PostgreSQL (`jc_testkit::on_every_backend!`: `::embedded` and
//! `::servers`; skipped, saying so, when PostgreSQL is absent, unless
//! `JC_TEST_REQUIRE_SERVICES=1`).

mod support;

mod credential;
mod flow;
mod legacy;
mod login;
mod logout;
mod migrations;
mod refresh;
mod register;
