//! A day's page and the owner's entry.

use jc_domain::PageStyle;
use jc_proto::convert::WireEnum;
use jc_proto::journal::{DayRef, UpdateDayRequest};
use uuid::Uuid;

use crate::support::{
    TestJournalService, UNKNOWN_NUMBER, assert_not_found, error_fields, id_of, journal_ref,
};

fn day(id: &str, day: u32) -> DayRef {
    DayRef { journal_id: id.to_owned(), day }
}

async fn pages_and_entries_are_edited(service: TestJournalService) {
    let mut client = service.client.clone();
    let owner = Uuid::new_v4();
    let id = id_of(&service.create(owner, "Days", 3).await);

    let prompt = UpdateDayRequest {
        journal_id: id.clone(),
        day: 2,
        prompt: Some("What did you notice today?".into()),
        lines: Some(30),
        page_style: Some(PageStyle::Dotted.to_wire()),
        ..Default::default()
    };
    let page = client.update_day(service.user_call(owner, prompt)).await.expect("prompt").into_inner();
    assert_eq!(page.prompt, "What did you notice today?");
    assert_eq!(
        (page.day, page.lines, page.page_style().word(), page.title.as_str()),
        (2, 30, "dotted", "Day 2")
    );
    assert!(page.entry.is_none());

    let write = UpdateDayRequest {
        journal_id: id.clone(),
        day: 2,
        entry_text: Some("The light\non the wall.".into()),
        ..Default::default()
    };
    let page = client.update_day(service.user_call(owner, write)).await.expect("entry").into_inner();
    let entry = page.entry.clone().expect("entry written");
    assert_eq!(entry.text, "The light\non the wall.");
    assert!(chrono::DateTime::parse_from_rfc3339(&entry.updated_at).is_ok());
    assert_eq!(page.prompt, "What did you notice today?", "unset fields stay");
    let read = client.get_day(service.user_call(owner, day(&id, 2))).await.expect("get day").into_inner();
    assert_eq!(read, page);
    let journal = client.get_journal(service.user_call(owner, journal_ref(&id))).await.expect("journal");
    let journal = journal.into_inner();
    assert_eq!(journal.days[1], page);
    // 3 × "Day N" + 5 prompt words + 5 entry words.
    assert_eq!(journal.journal.expect("summary").word_count, 16);

    let remove = UpdateDayRequest {
        journal_id: id.clone(),
        day: 2,
        entry_text: Some(String::new()),
        ..Default::default()
    };
    let page = client.update_day(service.user_call(owner, remove)).await.expect("remove").into_inner();
    assert!(page.entry.is_none());
    let read = client.get_day(service.user_call(owner, day(&id, 2))).await.expect("get day").into_inner();
    assert!(read.entry.is_none(), "the removal is stored");

    for number in [0, 4, u32::MAX] {
        assert_not_found(client.get_day(service.user_call(owner, day(&id, number))).await, "Day not found.");
        let write = UpdateDayRequest {
            journal_id: id.clone(),
            day: number,
            prompt: Some("x".into()),
            ..Default::default()
        };
        assert_not_found(client.update_day(service.user_call(owner, write)).await, "Day not found.");
    }

    let bad = UpdateDayRequest {
        journal_id: id.clone(),
        day: 1,
        title: Some("t".repeat(201)),
        lines: Some(61),
        page_style: Some(UNKNOWN_NUMBER),
        entry_text: Some("e".repeat(50_001)),
        ..Default::default()
    };
    let status = client.update_day(service.user_call(owner, bad)).await.expect_err("refused");
    assert_eq!(error_fields(&status), ["title", "lines", "page_style", "entry_text"]);
    let bad = UpdateDayRequest { journal_id: id.clone(), day: 1, lines: Some(0), ..Default::default() };
    assert_eq!(
        error_fields(&client.update_day(service.user_call(owner, bad)).await.expect_err("0")),
        ["lines"]
    );
    let longest = UpdateDayRequest {
        journal_id: id.clone(),
        day: 1,
        entry_text: Some("e".repeat(50_000)),
        ..Default::default()
    };
    client.update_day(service.user_call(owner, longest)).await.expect("50 000 characters fit");
}
jc_testkit::on_every_backend!(TestJournalService => pages_and_entries_are_edited);
