//! The queue's behaviour, the same in process and on RabbitMQ.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use jc_platform::queue::{Delivery, Depth, Handler, Message, Outcome, REASON_HEADER};

use jc_testkit::eventually;

use crate::support::{Recorder, TestQueue, consume, queue_name, settle};

jc_testkit::on_every_backend!(
    TestQueue =>
    a_published_message_is_delivered_once_with_its_id_payload_and_headers,
    retry_twice_then_done_is_handled_three_times,
    always_retry_is_dead_lettered_after_max_attempts_with_its_reason,
    fail_is_dead_lettered_at_once,
    a_panicking_handler_is_retried,
    shutdown_lets_the_in_flight_handler_finish,
    handlers_run_up_to_the_concurrency,
    the_readiness_check_passes,
    depths_count_waiting_messages_and_dead_letters,
);

fn message(id: &str) -> Message {
    Message::new(id, format!("payload of {id}").into_bytes()).with_header("x-request-id", format!("req-{id}"))
}

async fn a_published_message_is_delivered_once_with_its_id_payload_and_headers(backend: TestQueue) {
    let name = queue_name();
    backend.queue.publish(&name, message("job-1")).await.expect("publish");
    let recorder = Recorder::done();
    let consumer = consume(&backend.queue, &name, recorder.clone(), 2);

    let calls = recorder.wait_for_calls(1).await;
    assert_eq!(calls[0].id, "job-1");
    assert_eq!(calls[0].payload, b"payload of job-1");
    assert_eq!(calls[0].headers.get("x-request-id").map(String::as_str), Some("req-job-1"));
    assert_eq!(calls[0].attempt, 1);
    settle().await;
    assert_eq!(recorder.calls().len(), 1, "acknowledged messages are not delivered again");
    assert!(backend.queue.dead_letters(&name).await.expect("dead letters").is_empty());
    consumer.stop().await;
}

async fn retry_twice_then_done_is_handled_three_times(backend: TestQueue) {
    let name = queue_name();
    let recorder =
        Recorder::new(
            |_, call| if call <= 2 { Outcome::Retry(format!("busy {call}")) } else { Outcome::Done },
        );
    let consumer = consume(&backend.queue, &name, recorder.clone(), 1);
    backend.queue.publish(&name, message("job-2")).await.expect("publish");

    let calls = recorder.wait_for_calls(3).await;
    assert_eq!(recorder.attempts(), [1, 2, 3]);
    assert!(calls.iter().all(|d| d.id == "job-2" && d.payload == b"payload of job-2"));
    assert!(calls.iter().all(|d| d.headers.get("x-request-id").map(String::as_str) == Some("req-job-2")));
    settle().await;
    assert_eq!(recorder.calls().len(), 3);
    assert!(backend.queue.dead_letters(&name).await.expect("dead letters").is_empty());
    consumer.stop().await;
}

async fn always_retry_is_dead_lettered_after_max_attempts_with_its_reason(backend: TestQueue) {
    let name = queue_name();
    let recorder = Recorder::new(|_, call| Outcome::Retry(format!("still failing ({call})")));
    let consumer = consume(&backend.queue, &name, recorder.clone(), 1);
    backend.queue.publish(&name, message("job-3")).await.expect("publish");

    let dead = wait_for_dead_letters(&backend, &name, 1).await;
    assert_eq!(recorder.attempts(), [1, 2, 3], "max_attempts is 3");
    assert_eq!(dead[0].id, "job-3");
    assert_eq!(dead[0].payload, b"payload of job-3");
    assert_eq!(dead[0].attempt, 3);
    assert_eq!(dead[0].headers.get(REASON_HEADER).map(String::as_str), Some("still failing (3)"));
    assert_eq!(dead[0].headers.get("x-request-id").map(String::as_str), Some("req-job-3"));
    settle().await;
    assert_eq!(recorder.calls().len(), 3);
    let again = backend.queue.dead_letters(&name).await.expect("dead letters");
    assert_eq!(again, dead, "reading the dead letters leaves them in place");
    consumer.stop().await;
}

async fn fail_is_dead_lettered_at_once(backend: TestQueue) {
    let name = queue_name();
    let recorder = Recorder::new(|_, _| Outcome::Fail("the theme does not exist".into()));
    let consumer = consume(&backend.queue, &name, recorder.clone(), 1);
    backend.queue.publish(&name, message("job-4")).await.expect("publish");

    let dead = wait_for_dead_letters(&backend, &name, 1).await;
    assert_eq!(dead[0].id, "job-4");
    assert_eq!(dead[0].attempt, 1);
    assert_eq!(dead[0].headers.get(REASON_HEADER).map(String::as_str), Some("the theme does not exist"));
    settle().await;
    assert_eq!(recorder.attempts(), [1]);
    consumer.stop().await;
}

async fn a_panicking_handler_is_retried(backend: TestQueue) {
    let name = queue_name();
    let recorder = Recorder::new(|_, call| {
        assert!(call > 1, "the first attempt panics (expected by this test)");
        Outcome::Done
    });
    let consumer = consume(&backend.queue, &name, recorder.clone(), 1);
    backend.queue.publish(&name, message("job-5")).await.expect("publish");

    recorder.wait_for_calls(2).await;
    assert_eq!(recorder.attempts(), [1, 2]);
    settle().await;
    assert_eq!(recorder.calls().len(), 2);
    assert!(backend.queue.dead_letters(&name).await.expect("dead letters").is_empty());
    consumer.stop().await;
}

/// Takes its time, then records that it finished.
struct Slow {
    started: tokio::sync::Notify,
    finished: AtomicBool,
}

#[async_trait::async_trait]
impl Handler for Slow {
    async fn handle(&self, _: &Delivery) -> Outcome {
        self.started.notify_one();
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.finished.store(true, Ordering::SeqCst);
        Outcome::Done
    }
}

async fn shutdown_lets_the_in_flight_handler_finish(backend: TestQueue) {
    let name = queue_name();
    let slow = Arc::new(Slow { started: tokio::sync::Notify::new(), finished: AtomicBool::new(false) });
    let consumer = consume(&backend.queue, &name, slow.clone(), 1);
    backend.queue.publish(&name, message("job-6")).await.expect("publish");
    tokio::time::timeout(jc_testkit::PATIENCE, slow.started.notified()).await.expect("the handler starts");

    consumer.stop().await;
    assert!(slow.finished.load(Ordering::SeqCst), "consume returned before its handler finished");

    // The finished message was acknowledged: another consumer does not get it.
    let recorder = Recorder::done();
    let after = consume(&backend.connect_again(), &name, recorder.clone(), 1);
    settle().await;
    assert!(recorder.calls().is_empty(), "the handled message came back: {:?}", recorder.calls());
    after.stop().await;
}

/// Counts how many of its calls overlap.
#[derive(Default)]
struct Overlap {
    running: AtomicUsize,
    most: AtomicUsize,
    done: AtomicUsize,
}

#[async_trait::async_trait]
impl Handler for Overlap {
    async fn handle(&self, _: &Delivery) -> Outcome {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        self.running.fetch_sub(1, Ordering::SeqCst);
        self.done.fetch_add(1, Ordering::SeqCst);
        Outcome::Done
    }
}

async fn handlers_run_up_to_the_concurrency(backend: TestQueue) {
    let name = queue_name();
    for i in 0..6 {
        backend.queue.publish(&name, message(&format!("job-7-{i}"))).await.expect("publish");
    }
    let overlap = Arc::new(Overlap::default());
    let consumer = consume(&backend.queue, &name, overlap.clone(), 2);
    eventually("six handled", || async { overlap.done.load(Ordering::SeqCst) == 6 }).await;
    assert_eq!(overlap.most.load(Ordering::SeqCst), 2, "two at a time, no more, no fewer");
    consumer.stop().await;
}

async fn the_readiness_check_passes(backend: TestQueue) {
    let check = jc_platform::queue::readiness_check("test", backend.queue.clone());
    let backend_name = if backend.queue.is_rabbitmq() { "rabbitmq" } else { "in-process" };
    assert_eq!(check.name(), format!("queue:test ({backend_name})"), "names its owner and backend");
    eventually("the queue is ready", || async { check.check().await }).await;
}

pub async fn wait_for_dead_letters(backend: &TestQueue, name: &str, n: usize) -> Vec<Delivery> {
    eventually("dead letters", || async {
        let dead = backend.queue.dead_letters(name).await.expect("dead letters");
        (dead.len() >= n).then_some(dead)
    })
    .await
}

/// The depth of `name` once `wanted` says it is right.
async fn depth_once(backend: &TestQueue, name: &str, what: &str, wanted: impl Fn(&Depth) -> bool) -> Depth {
    eventually(what.to_owned(), || async {
        let depths = backend.queue.depths().await.map_err(|e| e.to_string())?;
        match depths.into_iter().find(|depth| depth.queue == name) {
            Some(depth) if wanted(&depth) => Ok(depth),
            other => Err(format!("{other:?}")),
        }
    })
    .await
}

async fn depths_count_waiting_messages_and_dead_letters(backend: TestQueue) {
    let name = queue_name();
    assert!(backend.queue.depths().await.expect("depths").iter().all(|d| d.queue != name), "not used yet");
    for id in ["depth-1", "depth-2"] {
        backend.queue.publish(&name, message(id)).await.expect("publish");
    }
    let depth = depth_once(&backend, &name, "two messages to wait", |d| d.waiting == 2).await;
    assert_eq!(depth.dead, 0);

    let recorder = Recorder::new(|_, _| Outcome::Fail("refused by the test".into()));
    let consumer = consume(&backend.queue, &name, recorder.clone(), 1);
    let depth = depth_once(&backend, &name, "both to be dead-lettered", |d| d.dead == 2).await;
    assert_eq!(depth.waiting, 0, "nothing waits once both were taken");
    consumer.stop().await;
}
