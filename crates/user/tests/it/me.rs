//! `GetMe`: the profile and the copy of the account in one call, recorded at
//! registration or afterwards with `RecordMyAccount`.

use jc_proto::common::Empty;
use jc_proto::user::{AccountCopy, CreateProfileRequest};
use tonic::Code;
use uuid::Uuid;

use crate::on_every_backend;
use crate::support::TestUserService;

fn copy(user_id: Uuid, email: &str) -> AccountCopy {
    AccountCopy {
        user_id: user_id.to_string(),
        email: email.into(),
        roles: vec!["user".into()],
        email_verified: false,
        created_at: "2026-11-27T08:00:00+00:00".into(),
    }
}

async fn registration_records_the_account_with_the_profile(service: TestUserService) {
    let mut client = service.client.clone();
    let user = Uuid::new_v4();
    let request = CreateProfileRequest {
        user_id: user.to_string(),
        full_name: "Ada".into(),
        profile_type: "content_creator".into(),
        account: Some(copy(user, "ada@example.com")),
    };
    client.create_profile(service.service_call(request)).await.expect("created");
    let me = client.get_me(service.user_call(user, Empty {})).await.expect("me").into_inner();
    let profile = me.profile.expect("profile");
    assert_eq!((profile.full_name.as_str(), profile.ai_credits), ("Ada", 50));
    let account = me.account.expect("the account was recorded at registration");
    assert_eq!(account.email, "ada@example.com");
    assert_eq!(account.roles, vec!["user".to_string()]);
    assert!(!account.email_verified);
    assert_eq!(account.created_at, "2026-11-27T08:00:00+00:00");
}
on_every_backend!(registration_records_the_account, registration_records_the_account_with_the_profile);

async fn an_unrecorded_account_is_recorded_later(service: TestUserService) {
    let mut client = service.client.clone();
    let user = Uuid::new_v4();
    // No profile and no copy yet: the profile is made on demand, the account is unknown.
    let me = client.get_me(service.user_call(user, Empty {})).await.expect("me").into_inner();
    assert_eq!(me.profile.expect("profile").ai_credits, 10);
    assert!(me.account.is_none(), "nothing recorded yet");

    let recorded = client
        .record_my_account(service.user_call(user, copy(user, "late@example.com")))
        .await
        .expect("recorded")
        .into_inner();
    assert_eq!(recorded.account.expect("account").email, "late@example.com");
    // Recording again replaces the copy.
    let mut changed = copy(user, "late@example.com");
    changed.roles = vec!["user".into(), "admin".into()];
    changed.email_verified = true;
    client.record_my_account(service.user_call(user, changed)).await.expect("again");
    let me = client.get_me(service.user_call(user, Empty {})).await.expect("me").into_inner();
    let account = me.account.expect("account");
    assert_eq!(account.roles, vec!["user".to_string(), "admin".to_string()]);
    assert!(account.email_verified);
}
on_every_backend!(record_later, an_unrecorded_account_is_recorded_later);

async fn only_ones_own_account_is_recorded(service: TestUserService) {
    let mut client = service.client.clone();
    let (me, other) = (Uuid::new_v4(), Uuid::new_v4());
    let refused = client
        .record_my_account(service.user_call(me, copy(other, "other@example.com")))
        .await
        .expect_err("another person's account");
    assert_eq!(refused.code(), Code::InvalidArgument);
    for (bad, field) in [
        (AccountCopy { email: "not-an-email".into(), ..copy(me, "x@example.com") }, "account.email"),
        (AccountCopy { roles: vec!["a,b".into()], ..copy(me, "x@example.com") }, "account.roles"),
        (AccountCopy { created_at: "yesterday".into(), ..copy(me, "x@example.com") }, "account.created_at"),
    ] {
        let refused =
            client.record_my_account(service.user_call(me, bad)).await.expect_err("a malformed copy");
        assert_eq!(refused.code(), Code::InvalidArgument, "{field}");
        assert!(format!("{refused:?}").contains(field), "{field} named in {refused:?}");
    }
    let me_now = client.get_me(service.user_call(me, Empty {})).await.expect("me").into_inner();
    assert!(me_now.account.is_none(), "nothing was stored");
    let without_token = client.get_me(service.service_call(Empty {})).await.expect_err("no caller");
    assert_eq!(without_token.code(), Code::Unauthenticated);
}
on_every_backend!(own_account_only, only_ones_own_account_is_recorded);
