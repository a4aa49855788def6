//! Integration tests of the job queue and the outbox: every scenario in process and
//! against the local RabbitMQ (a virtual host per test), the outbox on SQLite and
//! PostgreSQL. Missing services skip their tests unless `JC_TEST_REQUIRE_SERVICES=1`.

mod support;

mod deny;
mod jobs;
mod memo;
mod outbox;
mod queue;
mod rabbitmq;
