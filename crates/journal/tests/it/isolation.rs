//! Each person reaches only their own journals; others' are "not found".

use jc_proto::journal::{
    DayRef, ListJournalsRequest, OwnedJournalRef, UpdateDayRequest, UpdateJournalRequest,
};
use uuid::Uuid;

use crate::support::{TestJournalService, assert_not_found, id_of, journal_ref};

async fn other_peoples_journals_are_not_found(service: TestJournalService) {
    let mut client = service.client.clone();
    let (alice, mallory) = (Uuid::new_v4(), Uuid::new_v4());
    let created = service.create(alice, "Private", 2).await;
    let id = id_of(&created);
    const GONE: &str = "Journal not found.";

    assert_not_found(client.get_journal(service.user_call(mallory, journal_ref(&id))).await, GONE);
    let change =
        UpdateJournalRequest { id: id.clone(), title: Some("Mine now".into()), ..Default::default() };
    assert_not_found(client.update_journal(service.user_call(mallory, change)).await, GONE);
    assert_not_found(client.duplicate_journal(service.user_call(mallory, journal_ref(&id))).await, GONE);
    let day = DayRef { journal_id: id.clone(), day: 1 };
    assert_not_found(client.get_day(service.user_call(mallory, day)).await, GONE);
    let write = UpdateDayRequest {
        journal_id: id.clone(),
        day: 1,
        entry_text: Some("hi".into()),
        ..Default::default()
    };
    assert_not_found(client.update_day(service.user_call(mallory, write)).await, GONE);
    assert_not_found(client.delete_journal(service.user_call(mallory, journal_ref(&id))).await, GONE);

    let theirs = client
        .list_journals(service.user_call(mallory, ListJournalsRequest::default()))
        .await
        .expect("list")
        .into_inner();
    assert_eq!((theirs.total, theirs.journals.len(), theirs.total_pages), (0, 0, 0));

    let still = client.get_journal(service.user_call(alice, journal_ref(&id))).await.expect("alice reads");
    assert_eq!(still.into_inner(), created, "nothing Mallory tried changed Alice's journal");
    let listed = client
        .list_journals(service.user_call(alice, ListJournalsRequest::default()))
        .await
        .expect("list")
        .into_inner();
    assert_eq!(listed.total, 1, "and Mallory made no copy");
}
jc_testkit::on_every_backend!(TestJournalService => other_peoples_journals_are_not_found);

async fn calls_without_a_person_are_refused(service: TestJournalService) {
    let mut client = service.client.clone();
    let status = client
        .list_journals(service.service_call(ListJournalsRequest::default()))
        .await
        .expect_err("no access token");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
    let mut request = tonic::Request::new(ListJournalsRequest::default());
    request.metadata_mut().insert(
        "authorization",
        format!("Bearer {}", service.signer.token_for(Uuid::new_v4())).parse().expect("ascii"),
    );
    let status = client.list_journals(request).await.expect_err("no service credential");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
}
jc_testkit::on_every_backend!(TestJournalService => calls_without_a_person_are_refused);

async fn other_services_read_a_journal_only_for_its_owner(service: TestJournalService) {
    let mut client = service.client.clone();
    let (alice, mallory) = (Uuid::new_v4(), Uuid::new_v4());
    let created = service.create(alice, "For export", 3).await;
    let id = id_of(&created);
    let owned =
        |user: &str, journal: &str| OwnedJournalRef { journal_id: journal.into(), user_id: user.into() };

    let read = client
        .get_owned_journal(service.service_call(owned(&alice.to_string(), &id)))
        .await
        .expect("the owner's journal, on the service credential alone")
        .into_inner();
    assert_eq!(read, created);
    const GONE: &str = "Journal not found.";
    for (user, journal) in [
        (mallory.to_string(), id.clone()),
        ("not-a-user".to_owned(), id.clone()),
        (alice.to_string(), "not-a-journal".to_owned()),
        (alice.to_string(), Uuid::new_v4().to_string()),
    ] {
        assert_not_found(client.get_owned_journal(service.service_call(owned(&user, &journal))).await, GONE);
    }
}
jc_testkit::on_every_backend!(TestJournalService => other_services_read_a_journal_only_for_its_owner);
