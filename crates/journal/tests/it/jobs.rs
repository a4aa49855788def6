//! Generation jobs from start to journal: progress through every stage, watching
//! from another process, owner scoping, bad input, and a restart.

use std::time::Duration;

use jc_proto::journal::{JobRef, JournalRef, StartGenerationRequest};
use jc_writer::builtin::BuiltinProvider;
use uuid::Uuid;

use jc_testkit::{Backend, eventually};

use crate::support::platform::{Failing, Gated, Options, Platform, collect, request, with};
use crate::support::{UNKNOWN_NUMBER, assert_not_found, error_fields};

async fn a_job_runs_through_every_stage_to_its_journal(backend: Backend) {
    // Held at the start until the test watches, then each stage lasts 150 ms.
    let gated = Gated::around(BuiltinProvider::paced(Duration::from_millis(150)));
    let options = Options { providers: with(gated.clone()), ..Options::default() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let owner = Uuid::new_v4();
    let job = platform.generate(owner, request(14)).await.expect("started");
    assert_eq!((job.status().word(), job.progress_percentage, job.days), ("pending", 0, 14));
    assert_eq!(
        (job.user_id.as_str(), job.provider.as_str(), job.attempts),
        (owner.to_string().as_str(), "builtin", 0)
    );
    assert!(job.estimated_seconds_remaining >= 1, "{job:?}");
    assert_eq!(platform.credits(owner).await, 9, "one credit spent");

    gated.wait_for_starts(1).await;
    let stream = platform.watching(owner, &job.id).await;
    gated.open(1);
    let seen = collect(stream).await;
    let mut stages: Vec<&str> = seen.iter().map(|j| j.status().word()).collect();
    stages.dedup();
    assert_eq!(stages, ["research", "discovery", "curation", "editing", "completed"], "{seen:#?}");
    let percents: Vec<u32> = seen.iter().map(|j| j.progress_percentage).collect();
    assert!(percents.windows(2).all(|p| p[0] <= p[1]), "progress only climbs: {percents:?}");
    let mut labels: Vec<&str> = seen.iter().map(|j| j.current_stage.as_str()).collect();
    labels.dedup();
    assert_eq!(labels.len(), 5, "a readable name per stage: {labels:?}");
    assert!(
        seen.iter().any(|j| j.status().word() == "curation" && j.estimated_seconds_remaining <= 2),
        "{seen:#?}"
    );

    let done = seen.last().cloned().expect("a final state");
    assert_eq!(
        (done.status().word(), done.progress_percentage, done.estimated_seconds_remaining),
        ("completed", 100, 0)
    );
    assert_eq!((done.attempts, done.error.as_deref()), (1, None));
    assert!(done.finished_at.is_some());
    assert_eq!(platform.job(owner, &job.id).await, done);

    let journal_id = done.journal_id.clone().expect("a journal");
    let journal = platform
        .journal
        .client
        .clone()
        .get_journal(platform.call(owner, JournalRef { id: journal_id }))
        .await
        .expect("the owner reads the journal")
        .into_inner();
    let summary = journal.journal.expect("summary");
    assert_eq!(
        (summary.status().word(), summary.theme.as_str(), summary.days_count),
        ("completed", "gratitude", 14)
    );
    assert_eq!(summary.author_name, "The Warm Friend");
    assert_eq!(journal.days.len(), 14);
    assert!(journal.days.iter().all(|day| !day.prompt.trim().is_empty()));

    let again = platform.watch(owner, &job.id).await;
    assert_eq!(again, std::slice::from_ref(&done), "a finished job is sent once, then the stream ends");
    let cancelled = platform
        .journal
        .client
        .clone()
        .cancel_job(platform.call(owner, JobRef { id: job.id.clone() }))
        .await
        .expect("cancel")
        .into_inner();
    assert_eq!(cancelled, done, "a finished job is returned as it is");
    assert_eq!(platform.credits(owner).await, 9, "and its credit stays spent");
}
jc_testkit::on_every_backend!(Backend => a_job_runs_through_every_stage_to_its_journal);

async fn a_watcher_sees_changes_made_by_another_process(backend: Backend) {
    let gated = Gated::new();
    let options = Options { providers: with(gated.clone()), ..Options::default() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let other =
        platform.second_instance(Options { providers: with(gated.clone()), ..Options::default() }).await;
    let owner = Uuid::new_v4();
    let job = platform.generate(owner, request(3)).await.expect("started");
    gated.wait_for_starts(1).await;

    let request = other.user_call(owner, JobRef { id: job.id.clone() });
    let mut other_client = other.client.clone();
    let mut stream = other_client.watch_job(request).await.expect("watch on the other process").into_inner();
    let first = stream.message().await.expect("a state").expect("the current state");
    assert_eq!(first.status().word(), "research", "{first:?}");
    platform
        .journal
        .client
        .clone()
        .cancel_job(platform.call(owner, JobRef { id: job.id.clone() }))
        .await
        .expect("cancelled through the first process");
    // The other process may also have been handed the job (each has its own relay):
    // its run waits at the gate and learns nothing of the cancellation meanwhile.
    let noticed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let state = stream.message().await.expect("a state").expect("the stream goes on until the end");
            if state.status().word() == "cancelled" {
                return state;
            }
            assert_eq!(state.status().word(), "research", "{state:?}");
        }
    })
    .await
    .expect("the other process notices within its poll interval");
    assert!(noticed.finished_at.is_some());
    assert!(stream.message().await.expect("the stream ends").is_none());

    gated.open(4);
    drop(other.stop().await);
    let platform = platform.restart(Options::default()).await;
    assert_eq!(platform.rows_of("journals", owner).await, 0, "a cancelled job writes no journal");
}
jc_testkit::on_every_backend!(Backend => a_watcher_sees_changes_made_by_another_process);

async fn another_person_can_neither_see_cancel_nor_watch_a_job(platform: Platform) {
    let (alice, mallory) = (Uuid::new_v4(), Uuid::new_v4());
    let job = platform.generate(alice, request(2)).await.expect("started");
    let mut client = platform.journal.client.clone();
    const GONE: &str = "Job not found.";
    for id in [
        job.id.clone(),
        "not-a-job".into(),
        String::new(),
        format!("{}x", job.id),
        Uuid::new_v4().to_string(),
    ] {
        let reference = || JobRef { id: id.clone() };
        assert_not_found(client.get_job(platform.call(mallory, reference())).await, GONE);
        assert_not_found(client.cancel_job(platform.call(mallory, reference())).await, GONE);
        assert_not_found(client.watch_job(platform.call(mallory, reference())).await.map(|_| ()), GONE);
    }
    let done = platform.finished(alice, &job.id).await;
    assert_eq!(done.status().word(), "completed", "nothing Mallory tried changed Alice's job");
    assert_eq!(platform.credits(mallory).await, 10);
}
jc_testkit::on_every_backend!(Platform => another_person_can_neither_see_cancel_nor_watch_a_job);

async fn bad_requests_are_refused_by_field_and_charge_nothing(platform: Platform) {
    let owner = Uuid::new_v4();
    let valid = || request(7);
    let cases: Vec<(StartGenerationRequest, Vec<&str>)> = vec![
        (StartGenerationRequest { theme: "astrology".into(), ..valid() }, vec!["theme"]),
        (StartGenerationRequest { title_style: "shouty".into(), ..valid() }, vec!["title_style"]),
        (StartGenerationRequest { research_depth: UNKNOWN_NUMBER, ..valid() }, vec!["research_depth"]),
        (StartGenerationRequest { research_depth: 0, ..valid() }, vec!["research_depth"]),
        (StartGenerationRequest { days: 367, ..valid() }, vec!["days"]),
        (StartGenerationRequest { days: u32::MAX, ..valid() }, vec!["days"]),
        (StartGenerationRequest { author_style: "a".repeat(101), ..valid() }, vec!["author_style"]),
        (StartGenerationRequest { author_style: "two\nlines".into(), ..valid() }, vec!["author_style"]),
        (StartGenerationRequest { custom_prompt: Some("p".repeat(2_001)), ..valid() }, vec!["custom_prompt"]),
        (
            StartGenerationRequest { custom_prompt: Some("nul\u{0}byte".into()), ..valid() },
            vec!["custom_prompt"],
        ),
        (
            StartGenerationRequest {
                theme: String::new(),
                title_style: String::new(),
                author_style: "a".repeat(101),
                research_depth: UNKNOWN_NUMBER,
                custom_prompt: Some("p".repeat(2_001)),
                days: 400,
            },
            vec!["theme", "title_style", "author_style", "research_depth", "custom_prompt", "days"],
        ),
    ];
    for (bad, fields) in cases {
        let status = platform.generate(owner, bad.clone()).await.expect_err("refused");
        assert_eq!(error_fields(&status), fields, "{bad:?}");
    }
    assert_eq!(platform.credits(owner).await, 10, "refused requests charge nothing");
    assert_eq!(platform.rows_of("generation_jobs", owner).await, 0);

    let markup = "<script>alert('x')</script><b>bold</b> & \"quoted\"";
    let wish = StartGenerationRequest {
        author_style: "<b>Warm</b> & \"kind\"".into(),
        custom_prompt: Some(markup.into()),
        days: 0,
        ..valid()
    };
    let job = platform.generate(owner, wish).await.expect("markup is text");
    assert_eq!(
        (job.author_style.as_str(), job.days),
        ("<b>Warm</b> & \"kind\"", 21),
        "0 days: the theme's usual length"
    );
    let id = job.id.clone();
    let stored = platform
        .journal
        .db
        .run(move |conn| Ok(jc_journal::store::jobs::find_job(conn, &id)?))
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored.custom_prompt, markup, "stored as written");
    let longest =
        platform.generate(owner, StartGenerationRequest { days: 366, ..valid() }).await.expect("366 fits");
    for job in [job, longest] {
        assert_eq!(platform.finished(owner, &job.id).await.status().word(), "completed");
    }
}
jc_testkit::on_every_backend!(Platform => bad_requests_are_refused_by_field_and_charge_nothing);

/// A job waiting for a retry when the service stops is picked up by the next start.
async fn a_restarted_service_finishes_a_pending_job(backend: Backend) {
    let failing = Failing::new(true);
    let options = Options {
        providers: with(failing.clone()),
        retry_base_ms: 60_000,
        in_process_queue: true,
        ..Options::default()
    };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let owner = Uuid::new_v4();
    let job = platform.generate(owner, request(5)).await.expect("started");
    eventually("the job to wait for its second attempt", || async {
        let now = platform.job(owner, &job.id).await;
        if now.status().word() == "pending" && now.attempts == 1 { Ok(()) } else { Err(now) }
    })
    .await;
    assert_eq!(platform.job(owner, &job.id).await.current_stage, "Waiting to try again");

    let platform = platform.restart(Options { in_process_queue: true, ..Options::default() }).await;
    let done = platform.finished(owner, &job.id).await;
    assert_eq!((done.status().word(), done.attempts), ("completed", 2), "{done:?}");
    assert_eq!(failing.calls.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(platform.rows_of("journals", owner).await, 1);
    assert_eq!(platform.credits(owner).await, 9, "charged once");
}
jc_testkit::on_every_backend!(Backend => a_restarted_service_finishes_a_pending_job);
