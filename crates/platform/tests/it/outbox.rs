//! The transactional outbox on SQLite and PostgreSQL: what a transaction enqueues is
//! published exactly when it commits, once, and kept while the broker is down.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamp};
use jc_platform::db::{self, Database};
use jc_platform::outbox::{self, Relay};
use jc_platform::queue::{Message, Queue};
use jc_platform::{AppError, ErrorCode};
use jc_testkit::TestDatabase;
use tokio_util::sync::CancellationToken;

use crate::support::{Recorder, closed_port, consume, outbox_database, queue_name, settings, settle};

jc_testkit::on_every_backend!(
    TestDatabase =>
    a_rolled_back_transaction_publishes_nothing,
    a_committed_transaction_publishes_exactly_once,
    rows_are_kept_while_the_broker_is_unreachable,
    the_relay_wakes_when_notified,
    published_rows_older_than_a_day_are_deleted,
    a_message_the_queue_would_refuse_fails_the_transaction,
    the_lag_is_the_age_of_the_oldest_unpublished_row,
);

#[derive(Debug, QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    message_id: String,
    #[diesel(sql_type = Nullable<Timestamp>)]
    published_at: Option<chrono::NaiveDateTime>,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Nullable<Text>)]
    last_error: Option<String>,
}

async fn rows(db: &Database) -> Vec<Row> {
    db.run(|conn| {
        Ok(diesel::sql_query(
            "SELECT message_id, published_at, attempts, last_error FROM outbox ORDER BY created_at, id",
        )
        .load::<Row>(conn)?)
    })
    .await
    .expect("rows")
}

/// Enqueues `messages` in one transaction that commits or rolls back.
async fn enqueue(db: &Database, queue: &str, messages: &[Message], commit: bool) -> Result<(), AppError> {
    let (queue, messages) = (queue.to_owned(), messages.to_vec());
    db.run(move |conn| {
        db::transaction(conn, |conn| {
            for message in &messages {
                outbox::enqueue(conn, &queue, message)?;
            }
            if commit { Ok(()) } else { Err(AppError::new(ErrorCode::Conflict, "rolled back by the test")) }
        })
    })
    .await
}

async fn a_rolled_back_transaction_publishes_nothing(database: TestDatabase) {
    let db = outbox_database(&database).await;
    let queue = Queue::from_settings(&settings(None)).expect("queue");
    let name = queue_name();
    let error =
        enqueue(&db, &name, &[Message::new("job-1", b"x".to_vec())], false).await.expect_err("rolled back");
    assert_eq!(error.code, ErrorCode::Conflict);

    let relay = Relay::new(db.clone(), queue.clone());
    assert_eq!(relay.publish_pending_once().await.expect("relay"), 0);
    assert!(rows(&db).await.is_empty());
    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    settle().await;
    assert!(recorder.calls().is_empty());
    consumer.stop().await;
}

async fn a_committed_transaction_publishes_exactly_once(database: TestDatabase) {
    // PostgreSQL is paired with RabbitMQ, as in production; SQLite with the
    // in-process queue, as in development.
    let vhost = if database.is_postgres() { jc_testkit::rabbitmq_vhost() } else { None };
    let queue = Queue::from_settings(&settings(vhost.as_ref().map(|v| v.url.as_str()))).expect("queue");
    let db = outbox_database(&database).await;
    let name = queue_name();
    let messages: Vec<Message> = (1..=3)
        .map(|i| {
            Message::new(format!("job-{i}"), vec![0, 255, i]).with_header("x-request-id", format!("req-{i}"))
        })
        .collect();
    enqueue(&db, &name, &messages, true).await.expect("commit");
    assert!(rows(&db).await.iter().all(|row| row.published_at.is_none()));

    let relay = Relay::new(db.clone(), queue.clone());
    assert_eq!(relay.publish_pending_once().await.expect("first pass"), 3);
    assert_eq!(relay.publish_pending_once().await.expect("second pass"), 0);

    let rows = rows(&db).await;
    assert_eq!(rows.iter().map(|r| r.message_id.as_str()).collect::<Vec<_>>(), ["job-1", "job-2", "job-3"]);
    assert!(
        rows.iter().all(|r| r.published_at.is_some() && r.attempts == 1 && r.last_error.is_none()),
        "{rows:?}"
    );

    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    let calls = recorder.wait_for_calls(3).await;
    settle().await;
    assert_eq!(recorder.calls().len(), 3, "each message exactly once");
    let mut received: Vec<_> =
        calls.iter().map(|d| (d.id.clone(), d.payload.clone(), d.headers.clone())).collect();
    received.sort();
    let sent: Vec<_> =
        messages.iter().map(|m| (m.id.clone(), m.payload.clone(), m.headers.clone())).collect();
    assert_eq!(received, sent, "id, binary payload and headers survive the outbox");
    consumer.stop().await;
}

async fn rows_are_kept_while_the_broker_is_unreachable(database: TestDatabase) {
    let db = outbox_database(&database).await;
    let port = closed_port().await;
    let mut down = settings(Some(&format!("amqp://guest:guest@127.0.0.1:{port}/%2f")));
    down.publish_timeout_ms = 300;
    let name = queue_name();
    enqueue(&db, &name, &[Message::new("job-1", b"x".to_vec())], true).await.expect("commit");

    let relay = Relay::new(db.clone(), Queue::from_settings(&down).expect("queue"));
    let started = Instant::now();
    let error = relay.publish_pending_once().await.expect_err("no broker");
    assert_eq!(error.code, ErrorCode::Unavailable);
    assert!(started.elapsed() < Duration::from_millis(800), "took {:?}", started.elapsed());
    let kept = rows(&db).await;
    assert_eq!(kept.len(), 1);
    assert!(kept[0].published_at.is_none());
    assert_eq!(kept[0].attempts, 1);
    assert!(kept[0].last_error.as_deref().is_some_and(|e| !e.is_empty()), "{kept:?}");

    // Later the broker is back (here: a working queue) and the row goes out.
    let queue = Queue::from_settings(&settings(None)).expect("queue");
    let relay = Relay::new(db.clone(), queue.clone());
    assert_eq!(relay.publish_pending_once().await.expect("relay"), 1);
    let published = rows(&db).await;
    assert!(published[0].published_at.is_some());
    assert_eq!(published[0].attempts, 2);
    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    assert_eq!(recorder.wait_for_calls(1).await[0].id, "job-1");
    consumer.stop().await;
}

async fn the_relay_wakes_when_notified(database: TestDatabase) {
    let db = outbox_database(&database).await;
    let queue = Queue::from_settings(&settings(None)).expect("queue");
    let name = queue_name();
    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    let relay = Relay::new(db.clone(), queue.clone());
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let (relay, shutdown) = (relay.clone(), shutdown.clone());
        async move { relay.run(shutdown).await }
    });
    // Let the relay finish its first (empty) pass and start waiting.
    tokio::time::sleep(Duration::from_millis(100)).await;

    enqueue(&db, &name, &[Message::new("job-1", b"x".to_vec())], true).await.expect("commit");
    let notified = Instant::now();
    relay.notify();
    recorder.wait_for_calls(1).await;
    assert!(
        notified.elapsed() < Duration::from_millis(500),
        "published after {:?}, not at once",
        notified.elapsed()
    );

    shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(2), running)
        .await
        .expect("the relay stops")
        .expect("relay task");
    consumer.stop().await;
}

async fn published_rows_older_than_a_day_are_deleted(database: TestDatabase) {
    let db = outbox_database(&database).await;
    let name = queue_name();
    let messages = [Message::new("old", b"x".to_vec()), Message::new("recent", b"y".to_vec())];
    enqueue(&db, &name, &messages, true).await.expect("commit");
    let relay = Relay::new(db.clone(), Queue::from_settings(&settings(None)).expect("queue"));
    assert_eq!(relay.publish_pending_once().await.expect("relay"), 2);
    let two_days_ago = db::now() - chrono::TimeDelta::days(2);
    db.run(move |conn| {
        let sql = match conn {
            db::DbConnection::Pg(_) => "UPDATE outbox SET published_at = $1 WHERE message_id = 'old'",
            db::DbConnection::Sqlite(_) => "UPDATE outbox SET published_at = ? WHERE message_id = 'old'",
        };
        Ok(diesel::sql_query(sql).bind::<Timestamp, _>(two_days_ago).execute(conn)?)
    })
    .await
    .expect("age a row");
    enqueue(&db, &name, &[Message::new("pending", b"z".to_vec())], true).await.expect("commit");

    // A new relay purges on its first pass (then at most every ten minutes).
    let relay = Relay::new(db.clone(), Queue::from_settings(&settings(None)).expect("queue"));
    assert_eq!(relay.publish_pending_once().await.expect("relay"), 1);
    let left: Vec<String> = rows(&db).await.into_iter().map(|r| r.message_id).collect();
    assert_eq!(left, ["recent", "pending"]);
}

async fn a_message_the_queue_would_refuse_fails_the_transaction(database: TestDatabase) {
    let db = outbox_database(&database).await;
    let fine = Message::new("job-1", b"x".to_vec());
    let error =
        enqueue(&db, "not a queue name", std::slice::from_ref(&fine), true).await.expect_err("refused");
    assert_eq!(error.code, ErrorCode::Internal);
    let error = enqueue(&db, &queue_name(), &[fine, Message::new("", b"x".to_vec())], true)
        .await
        .expect_err("refused");
    assert_eq!(error.code, ErrorCode::Internal);
    assert!(rows(&db).await.is_empty(), "the whole transaction rolled back");
}

async fn the_lag_is_the_age_of_the_oldest_unpublished_row(database: TestDatabase) {
    let db = outbox_database(&database).await;
    let name = queue_name();
    let relay = Relay::new(db.clone(), Queue::from_settings(&settings(None)).expect("queue"));
    assert_eq!(relay.lag().await.expect("lag"), Duration::ZERO, "an empty outbox has no lag");
    let messages = [Message::new("older", b"x".to_vec()), Message::new("newer", b"y".to_vec())];
    enqueue(&db, &name, &messages, true).await.expect("commit");
    let ninety_seconds_ago = db::now() - chrono::TimeDelta::seconds(90);
    db.run(move |conn| {
        let sql = match conn {
            db::DbConnection::Pg(_) => "UPDATE outbox SET created_at = $1 WHERE message_id = 'older'",
            db::DbConnection::Sqlite(_) => "UPDATE outbox SET created_at = ? WHERE message_id = 'older'",
        };
        Ok(diesel::sql_query(sql).bind::<Timestamp, _>(ninety_seconds_ago).execute(conn)?)
    })
    .await
    .expect("age a row");
    let lag = relay.lag().await.expect("lag");
    assert!(lag >= Duration::from_secs(90) && lag < Duration::from_secs(150), "the older row's age: {lag:?}");

    assert_eq!(relay.publish_pending_once().await.expect("relay"), 2);
    assert_eq!(relay.lag().await.expect("lag"), Duration::ZERO, "published rows do not count");
}
