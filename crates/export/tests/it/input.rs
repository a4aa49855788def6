//! Bad input gets a clear error naming the field, and queues nothing.

use jc_proto::journal::UpdateDayRequest;
use uuid::Uuid;

use crate::support::{TestExport, assert_not_found, error_fields};

async fn bad_requests_name_their_field(app: TestExport) {
    let user = Uuid::new_v4();
    let journal = app.journal(user, "Input", 2).await;
    let refused = |result: Result<jc_proto::export::ExportJob, tonic::Status>| {
        error_fields(&result.expect_err("refused"))
    };
    assert_eq!(refused(app.export(user, &journal, "mobi", "").await), ["format"]);
    assert_eq!(refused(app.export(user, &journal, "pdf", r#"{"trim":"3x3"}"#).await), ["options.trim"]);
    // Wrong keys and types are refused where the JSON is read (jc_domain::print); the
    // service checks the values of typed choices.
    assert_eq!(
        refused(app.export(user, &journal, "docx", r#"{"font_size_pt":40}"#).await),
        ["options.font_size_pt"]
    );
    assert_eq!(
        refused(app.export(user, &journal, "epub", r##"{"theme":{"colors":{"rule":"#fafafa"}}}"##).await),
        ["options.theme.colors.rule"]
    );
    assert_eq!(
        refused(app.export(user, &journal, "pdf", r#"{"theme":{"colors":{"accent":"green"}}}"#).await),
        ["options.theme.colors.accent"]
    );
    let listing_elsewhere =
        jc_proto::export::ExportOptions { isbn: Some("9780306406157".into()), ..Default::default() };
    assert_eq!(
        refused(app.export_with(user, &journal, "pdf", Some(listing_elsewhere)).await),
        ["options.isbn"]
    );
    assert_eq!(refused(app.export(user, &journal, "kdp", r#"{"isbn":"12345"}"#).await), ["options.isbn"]);
    // A two-day hardcover without padding is far below KDP's 75-page minimum.
    let short = r#"{"binding":"hardcover","pad_to_kdp_minimum":false}"#;
    assert_eq!(refused(app.export(user, &journal, "kdp", short).await), ["pages"]);
    // A day whose title was cleared has nothing to head its page with.
    let untitled = app.journal(user, "Untitled day", 1).await;
    let clear = UpdateDayRequest {
        journal_id: untitled.clone(),
        day: 1,
        title: Some(String::new()),
        ..Default::default()
    };
    app.journals.clone().update_day(app.call(user, clear)).await.expect("clear the title");
    assert_eq!(refused(app.export(user, &untitled, "pdf", "").await), ["journal.days[0].title"]);

    assert_not_found(app.export(user, "not-a-uuid", "pdf", "").await, "Journal not found.");
    assert_not_found(app.export(user, &Uuid::new_v4().to_string(), "pdf", "").await, "Journal not found.");
    assert_not_found(app.get(user, "not-a-uuid").await, "Export not found.");
    assert_not_found(app.get(user, &Uuid::new_v4().to_string()).await, "Export not found.");
    assert_not_found(app.download(user, "../../etc/passwd").await, "Export not found.");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM export_jobs").await, 0, "nothing was queued");
}
jc_testkit::on_every_backend!(TestExport => bad_requests_name_their_field);
