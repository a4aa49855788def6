//! The file of a job: one per job whatever the deliveries, never for a cancelled job,
//! a clear error when it is missing or damaged, and deleted when it expires.

use jc_domain::ExportStatus;
use jc_platform::db;
use jc_proto::convert::word;
use uuid::Uuid;

use jc_testkit::eventually;

use crate::support::{TestExport, assert_not_found};

const FILE_GONE: &str = "The exported file is no longer available; export again.";

/// Queues job `id` once more, as a redelivery or a relay publishing twice would.
async fn deliver_again(app: &TestExport, id: &str) {
    let id = id.to_owned();
    app.db
        .run(move |conn| Ok(jc_export::jobs::enqueue_render(conn, &id, "test-again")?))
        .await
        .expect("enqueue");
}

async fn all_published(app: &TestExport) -> bool {
    app.count("SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL").await == 0
}

async fn a_job_delivered_twice_makes_one_file(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Twice", 2).await;
    app.store.shut_door();
    let job = app.export(user, &journal, "pdf", "").await.expect("create");
    eventually("the first run to reach the store", || async { app.store.arrived() == 1 }).await;
    deliver_again(&app, &job.id).await;
    eventually("the second run to reach the store too", || async { app.store.arrived() == 2 }).await;
    app.store.open_door();
    let done = app.completed(user, &job.id).await;
    assert_eq!(done.attempts, 2, "both deliveries ran");
    eventually("both runs to write a file", || async { app.store.stored() == 2 }).await;
    app.wait_for_files(1, "the losing run to delete its file").await;
    assert!(all_published(&app).await);
    let (_, bytes) = app.download(user, &job.id).await.expect("download");
    assert!(bytes.starts_with(b"%PDF"));

    // A delivery of a finished job changes nothing.
    deliver_again(&app, &job.id).await;
    eventually("every outbox message to be published", || async { all_published(&app).await }).await;
    let again = app.get(user, &job.id).await.expect("job");
    assert_eq!((word::<ExportStatus>(again.status), again.attempts), ("completed", 2));
    assert_eq!(app.files().len(), 1);
}
jc_testkit::on_every_backend!(TestExport => a_job_delivered_twice_makes_one_file);

async fn open_jobs_are_dispatched_again_once_each(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Left open", 1).await;
    app.store.shut_door();
    let job = app.export(user, &journal, "epub", "").await.expect("create");
    eventually("the run to reach the store", || async { app.store.arrived() == 1 }).await;

    // What a start on the in-process queue does: every open job is queued again.
    let again = jc_export::jobs::dispatch_open_jobs(&app.db).await.expect("dispatch");
    assert_eq!(again, 1);
    eventually("the open job to run again", || async { app.store.arrived() == 2 }).await;
    app.store.open_door();
    let completed = app.completed(user, &job.id).await;
    assert_eq!(word::<ExportStatus>(completed.status), "completed");
    eventually("every outbox message to be published", || async { all_published(&app).await }).await;
    app.wait_for_files(1, "one file").await;
    let finished = jc_export::jobs::dispatch_open_jobs(&app.db).await.expect("dispatch");
    assert_eq!(finished, 0, "finished jobs are left alone");
}
jc_testkit::on_every_backend!(TestExport => open_jobs_are_dispatched_again_once_each);

async fn a_cancelled_job_never_completes(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Cancelled", 1).await;
    app.store.shut_door();
    let job = app.export(user, &journal, "docx", "").await.expect("create");
    eventually("the run to reach the store", || async { app.store.arrived() == 1 }).await;
    let rendering = app.get(user, &job.id).await.expect("job");
    assert_eq!(
        (word::<ExportStatus>(rendering.status), rendering.current_step.as_str()),
        ("rendering", "Storing the file")
    );
    let cancelled = app.cancel(user, &job.id).await.expect("cancel");
    assert_eq!(word::<ExportStatus>(cancelled.status), "cancelled");
    app.store.open_door();
    eventually("the run to write its file", || async { app.store.stored() == 1 }).await;
    app.wait_for_files(0, "the run to delete its file").await;
    let after = app.get(user, &job.id).await.expect("job");
    assert_eq!(word::<ExportStatus>(after.status), "cancelled");
    assert_eq!(after.file_name, None);
    let refused = app.download(user, &job.id).await.expect_err("no file");
    assert_eq!(refused.code(), tonic::Code::AlreadyExists, "{refused:?}");
    // Cancelling a finished job returns it as it is.
    assert_eq!(word::<ExportStatus>(app.cancel(user, &job.id).await.expect("again").status), "cancelled");
}
jc_testkit::on_every_backend!(TestExport => a_cancelled_job_never_completes);

async fn a_missing_or_damaged_file_is_a_clear_error(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Fragile", 1).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let job = app.export(user, &journal, "epub", "").await.expect("create");
        ids.push(app.completed(user, &job.id).await.id);
    }
    std::fs::remove_file(app.file_of(&ids[0])).expect("delete the file");
    assert_not_found(app.download(user, &ids[0]).await, FILE_GONE);

    let path = app.file_of(&ids[1]);
    let mut bytes = std::fs::read(&path).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&path, &bytes).expect("same size, other bytes");
    assert_not_found(app.download(user, &ids[1]).await, FILE_GONE);

    let path = app.file_of(&ids[2]);
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate");
    assert_not_found(app.download(user, &ids[2]).await, FILE_GONE);
}
jc_testkit::on_every_backend!(TestExport => a_missing_or_damaged_file_is_a_clear_error);

async fn a_job_whose_journal_is_gone_fails_plainly(app: TestExport) {
    let user = Uuid::new_v4();
    let id = Uuid::now_v7().to_string();
    let row = jc_export::store::JobRow::queued(
        id.clone(),
        user.to_string(),
        Uuid::new_v4().to_string(),
        "pdf",
        "{}".into(),
    );
    app.db
        .run(move |conn| Ok(jc_export::jobs::insert_queued(conn, &row, "test")?))
        .await
        .expect("queue a job for a journal that is gone");
    let job = app.finished(user, &id).await;
    assert_eq!(
        (word::<ExportStatus>(job.status), job.error.as_deref()),
        ("failed", Some("the journal no longer exists"))
    );
    assert!(app.files().is_empty());
    let refused = app.download(user, &id).await.expect_err("no file");
    assert_eq!(refused.code(), tonic::Code::AlreadyExists);
}
jc_testkit::on_every_backend!(TestExport => a_job_whose_journal_is_gone_fails_plainly);

async fn cleanup_deletes_expired_jobs_and_files(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Expiring", 1).await;
    let done = app.export(user, &journal, "epub", "").await.expect("create");
    let done = app.completed(user, &done.id).await;
    app.store.shut_door();
    let cancelled = app.export(user, &journal, "pdf", "").await.expect("create");
    eventually("the second run to reach the store", || async { app.store.arrived() == 2 }).await;
    app.cancel(user, &cancelled.id).await.expect("cancel");
    app.store.open_door();
    eventually("the cancelled run to write its file", || async { app.store.stored() == 2 }).await;
    app.wait_for_files(1, "the cancelled run to delete its file").await;
    // A file no job holds, as a crash between storing and completing leaves.
    std::fs::write(app.storage.path().join(format!("{}.orphan.pdf", Uuid::new_v4())), b"%PDF")
        .expect("orphan");

    let store = jc_export::FsStore::create(app.storage.path()).expect("store");
    let cleaned = jc_export::jobs::cleanup::clean(&app.db, &store, db::now()).await.expect("clean");
    assert_eq!(cleaned, jc_export::Cleaned::default(), "nothing has expired yet");
    assert_eq!(app.files().len(), 2);

    let expires = chrono::DateTime::parse_from_rfc3339(done.expires_at.as_deref().expect("expiry"))
        .expect("rfc3339")
        .naive_utc();
    let later = expires + chrono::Duration::hours(2);
    let cleaned = jc_export::jobs::cleanup::clean(&app.db, &store, later).await.expect("clean");
    assert_eq!(cleaned, jc_export::Cleaned { jobs: 2, orphans: 1 });
    assert!(app.files().is_empty(), "{:?}", app.files());
    assert_not_found(app.get(user, &done.id).await, "Export not found.");
    assert_not_found(app.get(user, &cancelled.id).await, "Export not found.");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM export_jobs").await, 0);
}
jc_testkit::on_every_backend!(TestExport => cleanup_deletes_expired_jobs_and_files);
