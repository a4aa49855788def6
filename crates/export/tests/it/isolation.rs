//! Another person's job, file or journal is "not found", like one that does not exist.

use jc_domain::ExportStatus;
use jc_proto::convert::word;
use uuid::Uuid;

use crate::support::{TestExport, assert_not_found};

async fn others_cannot_reach_a_job_or_export_a_journal(app: TestExport) {
    let (owner, other) = (Uuid::new_v4(), Uuid::new_v4());
    let journal = app.journal(owner, "Private", 1).await;
    let job = app.export(owner, &journal, "pdf", "").await.expect("create");
    let job = app.completed(owner, &job.id).await;

    assert_not_found(app.get(other, &job.id).await, "Export not found.");
    assert_not_found(app.cancel(other, &job.id).await, "Export not found.");
    assert_not_found(app.download(other, &job.id).await, "Export not found.");
    assert_not_found(app.export(other, &journal, "pdf", "").await, "Journal not found.");
    let request = app.call(other, jc_proto::export::ListExportsRequest { page: 1, limit: 10 });
    let page = app.client.clone().list_exports(request).await.expect("list").into_inner();
    assert_eq!(page.total, 0);

    assert_eq!(word::<ExportStatus>(app.get(owner, &job.id).await.expect("own job").status), "completed");
    assert!(app.download(owner, &job.id).await.is_ok());
    // No one's token, no jobs.
    let anonymous = app.service_call(jc_proto::export::ExportRef { id: job.id.clone() });
    let refused = app.client.clone().get_export(anonymous).await.expect_err("no caller");
    assert_eq!(refused.code(), tonic::Code::Unauthenticated);
}
jc_testkit::on_every_backend!(TestExport => others_cannot_reach_a_job_or_export_a_journal);
