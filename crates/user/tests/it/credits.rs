use jc_domain::ProfileType;
use jc_platform::{AppError, ErrorCode};
use jc_proto::convert::WireEnum;
use jc_proto::user::{CreateProfileRequest, CreditRequest};
use uuid::Uuid;

use crate::support::TestUserService;

fn credit(user: Uuid, key: &str) -> CreditRequest {
    CreditRequest { user_id: user.to_string(), key: key.into(), reason: "journal_generation".into() }
}

async fn journaler(service: &TestUserService) -> Uuid {
    let user = Uuid::new_v4();
    let request = CreateProfileRequest {
        user_id: user.to_string(),
        full_name: "Spender".into(),
        profile_type: ProfileType::PersonalJournaler.to_wire(),
        account: None,
    };
    service.client.clone().create_profile(service.service_call(request)).await.expect("profile");
    user
}

async fn the_eleventh_spend_of_a_journaler_is_refused(service: TestUserService) {
    let mut client = service.client.clone();
    let user = journaler(&service).await;
    for n in 1..=10 {
        let balance = client.spend_credit(service.service_call(credit(user, &format!("job-{n}")))).await;
        let balance = balance.expect("spend").into_inner();
        assert!(balance.changed);
        assert_eq!(balance.ai_credits, 10 - n);
    }
    let status =
        client.spend_credit(service.service_call(credit(user, "job-11"))).await.expect_err("none left");
    assert_eq!(AppError::from_status(&status).code, ErrorCode::PaymentRequired);
}
jc_testkit::on_every_backend!(TestUserService => the_eleventh_spend_of_a_journaler_is_refused);

async fn spends_and_refunds_happen_once_per_key(service: TestUserService) {
    let mut client = service.client.clone();
    let user = journaler(&service).await;
    let first =
        client.spend_credit(service.service_call(credit(user, "job-a"))).await.expect("spend").into_inner();
    let again =
        client.spend_credit(service.service_call(credit(user, "job-a"))).await.expect("repeat").into_inner();
    assert_eq!(
        (first.ai_credits, again.ai_credits, again.changed),
        (9, 9, false),
        "a redelivered job pays once"
    );

    let refund =
        client.refund_credit(service.service_call(credit(user, "job-a"))).await.expect("refund").into_inner();
    assert_eq!((refund.ai_credits, refund.changed), (10, true));
    let again =
        client.refund_credit(service.service_call(credit(user, "job-a"))).await.expect("repeat").into_inner();
    assert_eq!((again.ai_credits, again.changed), (10, false), "a refund is given once");
    let never_spent = client.refund_credit(service.service_call(credit(user, "job-b"))).await.expect("no-op");
    assert_eq!(never_spent.into_inner().ai_credits, 10, "nothing spent, nothing given back");
}
jc_testkit::on_every_backend!(TestUserService => spends_and_refunds_happen_once_per_key);

async fn concurrent_spends_never_overdraw(service: TestUserService) {
    let user = journaler(&service).await;
    let same_key = (0..10).map(|_| {
        let mut client = service.client.clone();
        let request = service.service_call(credit(user, "same-job"));
        async move { client.spend_credit(request).await }
    });
    let results = futures::future::join_all(same_key).await;
    let changed = results.iter().filter(|r| r.as_ref().is_ok_and(|b| b.get_ref().changed)).count();
    assert_eq!(changed, 1, "one spend per key however many arrive at once: {results:?}");

    let distinct = (0..20).map(|n| {
        let mut client = service.client.clone();
        let request = service.service_call(credit(user, &format!("job-{n}")));
        async move { client.spend_credit(request).await }
    });
    let results = futures::future::join_all(distinct).await;
    let spent = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| {
            r.as_ref().err().is_some_and(|s| AppError::from_status(s).code == ErrorCode::PaymentRequired)
        })
        .count();
    assert_eq!((spent, refused), (9, 11), "nine credits were left");
    let mut client = service.client.clone();
    let status = client.spend_credit(service.service_call(credit(user, "after"))).await.expect_err("empty");
    assert_eq!(AppError::from_status(&status).code, ErrorCode::PaymentRequired);
}
jc_testkit::on_every_backend!(TestUserService => concurrent_spends_never_overdraw);

async fn credit_calls_need_the_service_and_a_sound_request(service: TestUserService) {
    let mut client = service.client.clone();
    let user = journaler(&service).await;
    let status =
        client.spend_credit(tonic::Request::new(credit(user, "k"))).await.expect_err("no credential");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
    for bad in [
        credit(user, ""),
        credit(user, &"k".repeat(201)),
        CreditRequest { user_id: "nope".into(), ..credit(user, "k") },
    ] {
        let status = client.spend_credit(service.service_call(bad)).await.expect_err("invalid");
        assert_eq!(AppError::from_status(&status).code, ErrorCode::ValidationFailed);
    }
}
jc_testkit::on_every_backend!(TestUserService => credit_calls_need_the_service_and_a_sound_request);
