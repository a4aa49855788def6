//! One AI credit per job: none left is `payment_required` with nothing queued; a
//! failed or cancelled job gives it back; a redelivered job costs nothing more.

use std::sync::atomic::Ordering;
use std::time::Duration;

use jc_journal::jobs::{GENERATE_QUEUE, REFUND_QUEUE};
use jc_platform::ErrorCode;
use jc_platform::jobs::JobMessage;
use jc_platform::queue::Message;
use jc_proto::journal::JobRef;
use uuid::Uuid;

use jc_testkit::{Backend, eventually};

use crate::support::platform::{Failing, Gated, Options, Platform, request, with};

async fn the_eleventh_generation_of_a_personal_journaler_needs_payment(platform: Platform) {
    let owner = Uuid::new_v4();
    let mut jobs = Vec::new();
    for _ in 0..10 {
        jobs.push(platform.generate(owner, request(1)).await.expect("a credit left"));
    }
    let status = platform.generate(owner, request(1)).await.expect_err("no credit left");
    let error = jc_platform::AppError::from_status(&status);
    assert_eq!(error.code, ErrorCode::PaymentRequired, "{status:?}");
    assert_eq!(platform.credits(owner).await, 0);
    assert_eq!(platform.rows_of("generation_jobs", owner).await, 10, "no job row for the eleventh");
    assert_eq!(platform.outbox_messages(GENERATE_QUEUE).await, 10, "and nothing queued");
    for job in jobs {
        assert_eq!(platform.finished(owner, &job.id).await.status().word(), "completed");
    }
    assert_eq!(platform.rows_of("journals", owner).await, 10);
}
jc_testkit::on_every_backend!(Platform => the_eleventh_generation_of_a_personal_journaler_needs_payment);

async fn a_job_that_always_fails_ends_failed_after_the_retries_and_refunds(backend: Backend) {
    let failing = Failing::new(true);
    let options = Options { providers: with(failing.clone()), max_attempts: 3, ..Options::default() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let owner = Uuid::new_v4();
    let job = platform.generate(owner, request(3)).await.expect("started");
    let done = platform.finished(owner, &job.id).await;
    assert_eq!(
        (done.status().word(), done.attempts, done.journal_id.as_deref()),
        ("failed", 3, None),
        "{done:?}"
    );
    assert_eq!(done.error.as_deref(), Some("the model is overloaded (call 3)"));
    assert_eq!((done.current_stage.as_str(), done.estimated_seconds_remaining), ("Failed", 0));
    assert_eq!(failing.calls.load(Ordering::SeqCst), 3, "one call per attempt, no more");
    platform.wait_for_credits(owner, 10).await;
    assert_eq!(platform.rows_of("journals", owner).await, 0);
}
jc_testkit::on_every_backend!(Backend => a_job_that_always_fails_ends_failed_after_the_retries_and_refunds);

async fn a_permanent_failure_ends_the_job_at_once_and_refunds(backend: Backend) {
    let failing = Failing::new(false);
    let options = Options { providers: with(failing.clone()), max_attempts: 3, ..Options::default() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let owner = Uuid::new_v4();
    let job = platform.generate(owner, request(3)).await.expect("started");
    let done = platform.finished(owner, &job.id).await;
    assert_eq!((done.status().word(), done.attempts), ("failed", 1), "{done:?}");
    assert_eq!(failing.calls.load(Ordering::SeqCst), 1);
    platform.wait_for_credits(owner, 10).await;
}
jc_testkit::on_every_backend!(Backend => a_permanent_failure_ends_the_job_at_once_and_refunds);

async fn a_cancelled_job_refunds_and_writes_no_journal(backend: Backend) {
    let gated = Gated::new();
    let options = Options { providers: with(gated.clone()), workers: 1, ..Options::default() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let owner = Uuid::new_v4();
    let running = platform.generate(owner, request(4)).await.expect("started");
    gated.wait_for_starts(1).await;
    let waiting = platform.generate(owner, request(4)).await.expect("started");
    assert_eq!(platform.credits(owner).await, 8);

    let mut client = platform.journal.client.clone();
    // The waiting job first: cancelling the running one frees the only worker.
    for job in [&waiting, &running] {
        let cancel = || platform.call(owner, JobRef { id: job.id.clone() });
        let cancelled = client.cancel_job(cancel()).await.expect("cancel").into_inner();
        assert_eq!((cancelled.status().word(), cancelled.journal_id.as_deref()), ("cancelled", None));
        assert!(cancelled.finished_at.is_some());
        let again = client.cancel_job(cancel()).await.expect("cancel again").into_inner();
        assert_eq!(again, cancelled, "a cancelled job stays as it is");
    }
    platform.wait_for_credits(owner, 10).await;
    assert_eq!(platform.finished(owner, &running.id).await.status().word(), "cancelled");

    // Let any run go on: none may write a journal. Stopping waits for every run.
    gated.open(4);
    let platform = platform.restart(Options::default()).await;
    assert_eq!(platform.rows_of("journals", owner).await, 0);
    assert_eq!(gated.started.load(Ordering::SeqCst), 1, "the cancelled waiting job never ran");
    for job in [&running, &waiting] {
        assert_eq!(platform.job(owner, &job.id).await.status().word(), "cancelled");
    }
    assert_eq!(platform.credits(owner).await, 10, "refunded once each");
}
jc_testkit::on_every_backend!(Backend => a_cancelled_job_refunds_and_writes_no_journal);

async fn a_redelivered_job_writes_one_journal_and_charges_once(backend: Backend) {
    let gated = Gated::new();
    let options = Options { providers: with(gated.clone()), workers: 2, ..Options::default() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let owner = Uuid::new_v4();
    let job = platform.generate(owner, request(5)).await.expect("started");
    gated.wait_for_starts(1).await;

    // The same message once more, as a relay that crashed between publishing and
    // marking its row would send it: both deliveries run at once.
    let id = job.id.clone();
    platform
        .journal
        .db
        .run(move |conn| {
            let body = serde_json::to_vec(&JobMessage { job_id: id.clone() }).expect("json");
            Ok(jc_platform::outbox::enqueue(conn, GENERATE_QUEUE, &Message::new(id.clone(), body))?)
        })
        .await
        .expect("enqueue again");
    gated.wait_for_starts(2).await;
    gated.open(2);
    let done = platform.finished(owner, &job.id).await;
    assert_eq!((done.status().word(), done.attempts), ("completed", 2), "{done:?}");

    let platform = platform.restart(Options::default()).await;
    assert_eq!(platform.rows_of("journals", owner).await, 1, "one journal for two deliveries");
    assert_eq!(platform.job(owner, &job.id).await.journal_id, done.journal_id, "the first one stays");
    assert_eq!(platform.credits(owner).await, 9, "charged once");
}
jc_testkit::on_every_backend!(Backend => a_redelivered_job_writes_one_journal_and_charges_once);

/// The refund of a job cancelled while the user service is down arrives once it is
/// back: retried by the queue, and on the embedded stack sent again by the next
/// start of the journal service (the in-process queue dies with its process).
async fn a_refund_waits_for_the_user_service(backend: Backend) {
    let gated = Gated::new();
    let options = || Options {
        providers: with(gated.clone()),
        max_attempts: 10,
        retry_base_ms: 40,
        ..Options::default()
    };
    let Some(mut platform) = Platform::start(backend, options()).await else { return };
    let owner = Uuid::new_v4();
    let job = platform.generate(owner, request(3)).await.expect("started");
    gated.wait_for_starts(1).await;
    assert_eq!(platform.credits(owner).await, 9);

    platform.stop_user_service().await;
    let request = platform.call(owner, JobRef { id: job.id.clone() });
    let cancelled = platform.journal.client.clone().cancel_job(request).await.expect("cancel").into_inner();
    assert_eq!(cancelled.status().word(), "cancelled", "cancelling needs no user service");
    eventually("the refund to be on its queue", || async {
        platform.outbox_unpublished(REFUND_QUEUE).await == 0
    })
    .await;
    // A few retry periods pass with the user service away.
    tokio::time::sleep(Duration::from_millis(200)).await;
    if backend == Backend::Embedded {
        platform = platform.restart(options()).await;
    }
    platform.start_user_service().await;
    platform.wait_for_credits(owner, 10).await;
    eventually("the job to record its refund", || async {
        let id = job.id.clone();
        let row =
            platform.journal.db.run(move |conn| Ok(jc_journal::store::jobs::find_job(conn, &id)?)).await;
        row.ok().flatten().is_some_and(|row| row.credit == "refunded")
    })
    .await;
}
jc_testkit::on_every_backend!(Backend => a_refund_waits_for_the_user_service);
