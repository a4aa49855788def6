//! What only a broker can show: durability across connections, redelivery after a
//! worker dies, recovery after the connection is lost, and failing fast while the
//! broker is unreachable.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jc_platform::ErrorCode;
use jc_platform::queue::{Delivery, Handler, Message, Outcome, Queue};
use jc_testkit::{PATIENCE, eventually};
use tokio::sync::Notify;

use crate::support::{Proxy, Recorder, broker_address, closed_port, consume, queue_name, settings, settle};

#[tokio::test]
async fn a_message_outlives_the_connection_that_published_it() {
    let Some(vhost) = crate::support::vhost() else { return };
    let name = queue_name();
    let publisher = Queue::from_settings(&settings(Some(&vhost.url))).expect("queue");
    publisher.publish(&name, Message::new("job-1", b"kept".to_vec())).await.expect("publish");
    publisher.close().await;
    drop(publisher);

    let queue = Queue::from_settings(&settings(Some(&vhost.url))).expect("queue");
    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    let calls = recorder.wait_for_calls(1).await;
    assert_eq!((calls[0].id.as_str(), calls[0].payload.as_slice()), ("job-1", &b"kept"[..]));
    consumer.stop().await;
}

/// Blocks in its handler until released, like a worker busy with a long job.
struct Stuck {
    started: Notify,
    release: Notify,
    calls: std::sync::atomic::AtomicUsize,
}

#[async_trait::async_trait]
impl Handler for Stuck {
    async fn handle(&self, _: &Delivery) -> Outcome {
        self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.started.notify_one();
        self.release.notified().await;
        Outcome::Done
    }
}

#[tokio::test]
async fn a_message_whose_worker_died_is_handled_by_another() {
    let Some(vhost) = crate::support::vhost() else { return };
    let name = queue_name();
    let dying = Queue::from_settings(&settings(Some(&vhost.url))).expect("queue");
    let stuck = Arc::new(Stuck { started: Notify::new(), release: Notify::new(), calls: Default::default() });
    let first = consume(&dying, &name, stuck.clone(), 1);
    dying.publish(&name, Message::new("job-2", b"work".to_vec())).await.expect("publish");
    tokio::time::timeout(PATIENCE, stuck.started.notified()).await.expect("the first worker takes the job");

    // The worker's connection goes away with the job unacknowledged.
    dying.close().await;

    let survivor = Queue::from_settings(&settings(Some(&vhost.url))).expect("queue");
    let recorder = Recorder::done();
    let second = consume(&survivor, &name, recorder.clone(), 1);
    let calls = recorder.wait_for_calls(1).await;
    assert_eq!(calls[0].id, "job-2");
    assert_eq!(calls[0].attempt, 1, "a redelivery is not a retry");

    // The first handler finishes late; its acknowledgement goes nowhere and the
    // message is not delivered a third time.
    stuck.release.notify_one();
    first.stop().await;
    settle().await;
    assert_eq!(stuck.calls.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(recorder.calls().len(), 1);
    second.stop().await;
}

#[tokio::test]
async fn consumers_and_publishers_recover_after_the_connection_is_lost() {
    let Some(vhost) = crate::support::vhost() else { return };
    let proxy = Proxy::start(0, broker_address(&vhost.url)).await;
    let name = queue_name();
    let queue = Queue::from_settings(&settings(Some(&proxy.url(&vhost.url)))).expect("queue");
    let stuck = Arc::new(Stuck { started: Notify::new(), release: Notify::new(), calls: Default::default() });
    let blocked = consume(&queue, &format!("{name}.blocked"), stuck.clone(), 2);
    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    queue
        .publish(&format!("{name}.blocked"), Message::new("in-flight", b"0".to_vec()))
        .await
        .expect("publish");
    queue.publish(&name, Message::new("before", b"1".to_vec())).await.expect("publish");
    recorder.wait_for_calls(1).await;
    tokio::time::timeout(PATIENCE, stuck.started.notified()).await.expect("a job in flight");

    // The network fails under both the consumer and a handler that is mid-job.
    proxy.cut();

    let check = jc_platform::queue::readiness_check("test", queue.clone());
    eventually("the queue reconnects", || async { check.check().await }).await;
    eventually("a publish after the reconnect", || async {
        queue.publish(&name, Message::new("after", b"2".to_vec())).await
    })
    .await;
    let calls = eventually("\"after\" is delivered", || async {
        let calls = recorder.calls();
        calls.iter().any(|call| call.id == "after").then_some(calls)
    })
    .await;
    // "before" may come twice: its acknowledgement can be on the wire when the network
    // fails, and the broker then delivers it again (at least once, never lost).
    let mut seen: Vec<&str> = Vec::new();
    for call in &calls {
        if !seen.contains(&call.id.as_str()) {
            seen.push(&call.id);
        }
    }
    assert_eq!(seen, ["before", "after"]);

    // The job that was in flight comes back on the new connection.
    eventually("the in-flight job is delivered again", || async {
        stuck.calls.load(std::sync::atomic::Ordering::SeqCst) == 2
    })
    .await;
    stuck.release.notify_waiters();
    blocked.stop().await;
    consumer.stop().await;
}

#[tokio::test]
async fn publishing_fails_fast_while_the_broker_is_unreachable() {
    jc_platform::telemetry::init_for_tests();
    let port = closed_port().await;
    let mut settings = settings(Some(&format!("amqp://guest:guest@127.0.0.1:{port}/%2f")));
    settings.publish_timeout_ms = 300;
    let queue = Queue::from_settings(&settings).expect("a queue starts without its broker");

    let started = Instant::now();
    let error =
        queue.publish("jobs.down", Message::new("job-3", b"x".to_vec())).await.expect_err("no broker");
    assert_eq!(error.code, ErrorCode::Unavailable);
    assert!(started.elapsed() < Duration::from_millis(600), "took {:?}", started.elapsed());

    let started = Instant::now();
    let error =
        queue.publish("jobs.down", Message::new("job-3", b"x".to_vec())).await.expect_err("no broker");
    assert_eq!(error.code, ErrorCode::Unavailable);
    assert!(started.elapsed() < Duration::from_millis(600), "took {:?}", started.elapsed());

    let check = jc_platform::queue::readiness_check("test", queue.clone());
    assert!(check.check().await.is_err(), "not ready without the broker");
    assert_eq!(queue.dead_letters("jobs.down").await.map_err(|e| e.code).err(), Some(ErrorCode::Unavailable));
}

#[tokio::test]
async fn publishing_to_a_broker_that_does_not_answer_times_out() {
    jc_platform::telemetry::init_for_tests();
    // Accepts TCP connections and never speaks AMQP.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = silent.local_addr().expect("address").port();
    let mut settings = settings(Some(&format!("amqp://guest:guest@127.0.0.1:{port}/%2f")));
    settings.publish_timeout_ms = 300;
    let queue = Queue::from_settings(&settings).expect("queue");

    let started = Instant::now();
    let error =
        queue.publish("jobs.silent", Message::new("job-5", b"x".to_vec())).await.expect_err("no answer");
    assert_eq!(error.code, ErrorCode::Unavailable);
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(250) && took < Duration::from_millis(700), "took {took:?}");
    drop(silent);
}

#[tokio::test]
async fn a_queue_started_before_its_broker_becomes_ready_when_the_broker_appears() {
    let Some(vhost) = crate::support::vhost() else { return };
    let port = closed_port().await;
    let url = vhost.url.replacen(&broker_address(&vhost.url), &format!("127.0.0.1:{port}"), 1);
    let queue = Queue::from_settings(&settings(Some(&url))).expect("a queue starts without its broker");
    let check = jc_platform::queue::readiness_check("test", queue.clone());
    let name = queue_name();
    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(check.check().await.is_err(), "not ready while the broker is away");

    // The broker "appears" on that port.
    let _proxy = Proxy::start(port, broker_address(&vhost.url)).await;

    eventually("the queue becomes ready", || async { check.check().await }).await;
    queue.publish(&name, Message::new("job-4", b"x".to_vec())).await.expect("publish");
    let calls = recorder.wait_for_calls(1).await;
    assert_eq!(calls[0].id, "job-4");
    consumer.stop().await;
}

#[tokio::test]
async fn a_queue_deleted_behind_our_back_is_declared_again() {
    let Some(vhost) = crate::support::vhost() else { return };
    let name = queue_name();
    let queue = Queue::from_settings(&settings(Some(&vhost.url))).expect("queue");
    queue.publish(&name, Message::new("job-6", b"x".to_vec())).await.expect("publish");

    let operator = lapin::Connection::connect(&vhost.url, Default::default()).await.expect("connect");
    let channel = operator.create_channel().await.expect("channel");
    channel.queue_delete(name.as_str().into(), Default::default()).await.expect("delete the queue");

    let error = queue.publish(&name, Message::new("job-7", b"x".to_vec())).await.expect_err("unroutable");
    assert_eq!(error.code, ErrorCode::Unavailable);
    queue.publish(&name, Message::new("job-8", b"x".to_vec())).await.expect("declared again");
    let recorder = Recorder::done();
    let consumer = consume(&queue, &name, recorder.clone(), 1);
    assert_eq!(recorder.wait_for_calls(1).await[0].id, "job-8");
    consumer.stop().await;
}
