//! `GetMe`: the profile and the copy of the account in one call, recorded at
//! registration or afterwards with `RecordMyAccount`.

use jc_domain::ProfileType;
use jc_platform::cache::Cache;
use jc_platform::config::RedisSettings;
use jc_proto::common::Empty;
use jc_proto::convert::WireEnum;
use jc_proto::user::{AccountCopy, CreateProfileRequest, CreditRequest, UpdateProfileRequest};
use jc_user::store::{self, ProfileChanges};
use tonic::Code;
use uuid::Uuid;

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
        profile_type: ProfileType::ContentCreator.to_wire(),
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
jc_testkit::on_every_backend!(TestUserService => registration_records_the_account_with_the_profile);

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
jc_testkit::on_every_backend!(TestUserService => an_unrecorded_account_is_recorded_later);

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
jc_testkit::on_every_backend!(TestUserService => only_ones_own_account_is_recorded);

async fn name_and_credits(service: &TestUserService, user: Uuid) -> (String, i64) {
    let me = service.client.clone().get_me(service.user_call(user, Empty {})).await.expect("me").into_inner();
    let profile = me.profile.expect("profile");
    (profile.full_name, profile.ai_credits)
}

async fn register(service: &TestUserService, user: Uuid, name: &str) {
    let request = CreateProfileRequest {
        user_id: user.to_string(),
        full_name: name.into(),
        profile_type: ProfileType::ContentCreator.to_wire(),
        account: Some(copy(user, "reader@example.com")),
    };
    service.client.clone().create_profile(service.service_call(request)).await.expect("created");
}

fn rename(name: &str) -> UpdateProfileRequest {
    UpdateProfileRequest { full_name: Some(name.into()), profile_type: None }
}

/// Reads are answered from memory after the first; every change is read back at once.
async fn every_change_is_read_back_at_once(service: TestUserService) {
    let mut client = service.client.clone();
    let user = Uuid::new_v4();
    register(&service, user, "Ada").await;
    assert_eq!(name_and_credits(&service, user).await, ("Ada".into(), 50));

    client.update_my_profile(service.user_call(user, rename("Grace"))).await.expect("renamed");
    assert_eq!(name_and_credits(&service, user).await, ("Grace".into(), 50));

    let spend =
        CreditRequest { user_id: user.to_string(), key: "job-1".into(), reason: "journal_generation".into() };
    client.spend_credit(service.service_call(spend.clone())).await.expect("spent");
    assert_eq!(name_and_credits(&service, user).await, ("Grace".into(), 49));
    client.refund_credit(service.service_call(spend)).await.expect("refunded");
    assert_eq!(name_and_credits(&service, user).await, ("Grace".into(), 50));

    let profile =
        client.get_my_profile(service.user_call(user, Empty {})).await.expect("profile").into_inner();
    assert_eq!((profile.full_name.as_str(), profile.ai_credits), ("Grace", 50));
}
jc_testkit::on_every_backend!(TestUserService => every_change_is_read_back_at_once);

/// Two replicas on one PostgreSQL database and one Redis: a change made through one is
/// read through the other once the announcement arrives, though the other had the old
/// value in memory.
#[tokio::test]
async fn a_change_through_one_replica_is_read_through_the_other() {
    let (Some(database), Some(redis)) = (jc_testkit::postgres_database(), jc_testkit::redis_url()) else {
        return;
    };
    let settings = RedisSettings {
        url: Some(secrecy::SecretString::from(redis)),
        key_prefix: jc_testkit::unique_prefix(),
    };
    let cache = || Cache::from_settings(&settings).expect("cache");
    let shared = database.settings.clone();
    let a = TestUserService::start_with(database, cache()).await;
    let b = TestUserService::replica(shared, cache()).await;
    let user = Uuid::new_v4();
    register(&a, user, "Ada").await;

    // Until b answers from memory, a direct write to the table shows through at once.
    let set_name_directly = |name: &'static str| {
        let id = user.to_string();
        b.db.run(move |conn| {
            let changes = ProfileChanges { full_name: Some(name.into()), ..Default::default() };
            Ok(store::update(conn, &id, &changes)?)
        })
    };
    jc_testkit::eventually("replica b to answer from memory", || async {
        assert_eq!(name_and_credits(&b, user).await.0, "Ada");
        set_name_directly("Written behind its back").await.expect("direct write");
        let from_memory = name_and_credits(&b, user).await.0 == "Ada";
        if !from_memory {
            set_name_directly("Ada").await.expect("direct write");
        }
        from_memory
    })
    .await;

    a.client.clone().update_my_profile(a.user_call(user, rename("Grace"))).await.expect("renamed");
    jc_testkit::eventually("the change to reach replica b", || async {
        name_and_credits(&b, user).await.0 == "Grace"
    })
    .await;
}
