//! Integration tests of the job queue and the outbox, through
//! `jc_testkit::on_every_backend!`: every queue scenario in process (`::embedded`) and
//! against the local RabbitMQ, a virtual host per test (`::servers`); the outbox on
//! SQLite and PostgreSQL likewise. What only a broker or Redis can show is tested on
//! them alone. Missing services skip their tests, saying so, unless
//! `JC_TEST_REQUIRE_SERVICES=1`. Besides: the log lines of gRPC calls (`telemetry`).

mod support;

mod database;
mod deny;
mod jobs;
mod memo;
mod outbox;
mod queue;
mod rabbitmq;
mod ratelimit;
