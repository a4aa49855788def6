//! Bad input is refused by field; markup is kept as text.

use jc_proto::journal::{
    CreateJournalRequest, Customization, DayRef, UpdateDayRequest, UpdateJournalRequest,
};
use uuid::Uuid;

use crate::support::{
    TestJournalService, UNKNOWN_NUMBER, assert_not_found, error_fields, id_of, journal_ref,
};

fn valid() -> CreateJournalRequest {
    CreateJournalRequest { title: "Fine".into(), theme: "gratitude".into(), days: 7, ..Default::default() }
}

async fn bad_creations_are_refused_by_field(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let cases: Vec<(CreateJournalRequest, Vec<&str>)> = vec![
        (CreateJournalRequest { theme: "astrology".into(), ..valid() }, vec!["theme"]),
        (CreateJournalRequest { days: 0, ..valid() }, vec!["days"]),
        (CreateJournalRequest { days: 367, ..valid() }, vec!["days"]),
        (CreateJournalRequest { title: "t".repeat(201), ..valid() }, vec!["title"]),
        (CreateJournalRequest { title: "a\u{1b}[31mred".into(), ..valid() }, vec!["title"]),
        (CreateJournalRequest { title: "  ".into(), ..valid() }, vec!["title"]),
        (CreateJournalRequest { subtitle: "s".repeat(201), ..valid() }, vec!["subtitle"]),
        (CreateJournalRequest { description: "d".repeat(10_001), ..valid() }, vec!["description"]),
        (
            CreateJournalRequest {
                customization: Some(Customization { paper_type: UNKNOWN_NUMBER, ..Default::default() }),
                ..valid()
            },
            vec!["customization.paper_type"],
        ),
        (
            CreateJournalRequest { title: String::new(), theme: String::new(), days: 0, ..valid() },
            vec!["title", "theme", "days"],
        ),
    ];
    for (request, fields) in cases {
        let status =
            client.create_journal(service.user_call(owner, request.clone())).await.expect_err("refused");
        assert_eq!(error_fields(&status), fields, "{request:?}");
    }
    let listed = client.list_journals(service.user_call(owner, Default::default())).await.expect("list");
    assert_eq!(listed.into_inner().total, 0, "nothing was stored");

    for (title, days) in [("t".repeat(200), 1), ("é".repeat(200), 366)] {
        let request = CreateJournalRequest { title: title.clone(), days, ..valid() };
        let created = client.create_journal(service.user_call(owner, request)).await.expect("limits fit");
        assert_eq!(created.into_inner().days.len(), days as usize);
    }
}
jc_testkit::on_every_backend!(TestJournalService => bad_creations_are_refused_by_field);

async fn markup_is_stored_verbatim(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let script = "<script>alert(1)</script>";
    let request =
        CreateJournalRequest { title: script.into(), description: format!("<b>{script}</b>"), ..valid() };
    let created =
        client.create_journal(service.user_call(owner, request)).await.expect("create").into_inner();
    let id = id_of(&created);
    let write = UpdateDayRequest {
        journal_id: id.clone(),
        day: 1,
        prompt: Some(script.into()),
        entry_text: Some(script.into()),
        ..Default::default()
    };
    client.update_day(service.user_call(owner, write)).await.expect("day");
    let read =
        client.get_journal(service.user_call(owner, journal_ref(&id))).await.expect("get").into_inner();
    let summary = read.journal.expect("summary");
    assert_eq!(summary.title, script);
    assert_eq!(summary.description, format!("<b>{script}</b>"));
    assert_eq!(read.days[0].prompt, script);
    assert_eq!(read.days[0].entry.as_ref().map(|e| e.text.as_str()), Some(script));
}
jc_testkit::on_every_backend!(TestJournalService => markup_is_stored_verbatim);

async fn malformed_ids_are_not_found(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    const GONE: &str = "Journal not found.";
    for id in ["not-a-uuid", "", "'; DROP TABLE journals; --", &Uuid::new_v4().to_string()] {
        assert_not_found(client.get_journal(service.user_call(owner, journal_ref(id))).await, GONE);
        assert_not_found(client.delete_journal(service.user_call(owner, journal_ref(id))).await, GONE);
        assert_not_found(client.duplicate_journal(service.user_call(owner, journal_ref(id))).await, GONE);
        let change = UpdateJournalRequest { id: id.into(), title: Some("x".into()), ..Default::default() };
        assert_not_found(client.update_journal(service.user_call(owner, change)).await, GONE);
        let day = DayRef { journal_id: id.into(), day: 1 };
        assert_not_found(client.get_day(service.user_call(owner, day)).await, GONE);
    }
}
jc_testkit::on_every_backend!(TestJournalService => malformed_ids_are_not_found);
