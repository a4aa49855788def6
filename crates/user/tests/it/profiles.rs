use jc_domain::ProfileType;
use jc_proto::common::Empty;
use jc_proto::convert::{WireEnum, stored, word};
use jc_proto::user::{CreateProfileRequest, UpdateProfileRequest};
use uuid::Uuid;

use crate::support::TestUserService;

fn create(user_id: Uuid, name: &str, kind: &str) -> CreateProfileRequest {
    CreateProfileRequest {
        user_id: user_id.to_string(),
        full_name: name.into(),
        profile_type: stored::<ProfileType>(kind),
        account: None,
    }
}

async fn registration_grants_credits_by_profile_type(service: TestUserService) {
    let mut client = service.client.clone();
    let journaler = Uuid::new_v4();
    let creator = Uuid::new_v4();
    let profile =
        client.create_profile(service.service_call(create(journaler, " Ada ", "personal_journaler"))).await;
    let profile = profile.expect("created").into_inner();
    assert_eq!((profile.full_name.as_str(), profile.ai_credits), ("Ada", 10));
    let profile =
        client.create_profile(service.service_call(create(creator, "Grace", "content_creator"))).await;
    assert_eq!(profile.expect("created").into_inner().ai_credits, 50);

    let mine =
        client.get_my_profile(service.user_call(journaler, Empty {})).await.expect("read").into_inner();
    assert_eq!(mine.user_id, journaler.to_string());
    assert_eq!(word::<ProfileType>(mine.profile_type), "personal_journaler");
}
jc_testkit::on_every_backend!(TestUserService => registration_grants_credits_by_profile_type);

async fn creation_is_idempotent(service: TestUserService) {
    let mut client = service.client.clone();
    let user = Uuid::new_v4();
    let first = client.create_profile(service.service_call(create(user, "Ada", "content_creator"))).await;
    let first = first.expect("created").into_inner();
    let again =
        client.create_profile(service.service_call(create(user, "Someone Else", "personal_journaler"))).await;
    assert_eq!(again.expect("repeat succeeds").into_inner(), first, "a repeat returns the stored profile");
}
jc_testkit::on_every_backend!(TestUserService => creation_is_idempotent);

async fn missing_profiles_are_created_on_demand(service: TestUserService) {
    let mut client = service.client.clone();
    let user = Uuid::new_v4();
    let profile = client.get_my_profile(service.user_call(user, Empty {})).await.expect("read").into_inner();
    assert_eq!((word::<ProfileType>(profile.profile_type), profile.ai_credits), ("personal_journaler", 10));
    let updated = client
        .update_my_profile(service.user_call(
            user,
            UpdateProfileRequest { full_name: Some("Late Name".into()), profile_type: None },
        ))
        .await
        .expect("update")
        .into_inner();
    assert_eq!(updated.full_name, "Late Name");
    assert_eq!(updated.ai_credits, 10, "updating does not grant credits again");
}
jc_testkit::on_every_backend!(TestUserService => missing_profiles_are_created_on_demand);

async fn each_person_reaches_only_their_own_profile(service: TestUserService) {
    let mut client = service.client.clone();
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    client
        .create_profile(service.service_call(create(alice, "Alice", "content_creator")))
        .await
        .expect("alice");
    client.create_profile(service.service_call(create(bob, "Bob", "personal_journaler"))).await.expect("bob");
    let change = UpdateProfileRequest { full_name: Some("Mallory".into()), profile_type: None };
    client.update_my_profile(service.user_call(bob, change)).await.expect("bob updates himself");
    let alice_profile =
        client.get_my_profile(service.user_call(alice, Empty {})).await.expect("alice").into_inner();
    assert_eq!(alice_profile.full_name, "Alice");
}
jc_testkit::on_every_backend!(TestUserService => each_person_reaches_only_their_own_profile);

async fn bad_input_and_bad_credentials_are_refused(service: TestUserService) {
    let mut client = service.client.clone();
    let user = Uuid::new_v4();
    let status =
        client.create_profile(service.service_call(create(user, "", "wizard"))).await.expect_err("invalid");
    let error = jc_platform::AppError::from_status(&status);
    assert_eq!(error.code, jc_platform::ErrorCode::ValidationFailed);
    let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["full_name", "profile_type"]);

    let status =
        client.create_profile(service.service_call(create(user, "Ok", "wizard"))).await.expect_err("invalid");
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    let stored =
        service.db.run(move |conn| Ok(jc_user::store::find(conn, &user.to_string())?)).await.expect("query");
    assert!(stored.is_none(), "nothing is stored for invalid input");

    // Without the service credential.
    let status = client.create_profile(tonic::Request::new(create(user, "Ok", "content_creator"))).await;
    assert_eq!(status.expect_err("no credential").code(), tonic::Code::Unauthenticated);

    // Without an access token, and with a token signed by another key.
    let status = client.get_my_profile(service.service_call(Empty {})).await.expect_err("no token");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
    let stranger = jc_testkit::tokens::TestSigner::new();
    let request = jc_platform::grpc::CallContext::new("t")
        .with_token(stranger.token_for(user))
        .request(&service.credential, Empty {});
    assert_eq!(
        client.get_my_profile(request).await.expect_err("foreign key").code(),
        tonic::Code::Unauthenticated
    );

    let update = UpdateProfileRequest {
        full_name: Some("a".repeat(101)),
        profile_type: Some(ProfileType::ContentCreator.to_wire()),
    };
    let status = client.update_my_profile(service.user_call(user, update)).await.expect_err("too long");
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
}
jc_testkit::on_every_backend!(TestUserService => bad_input_and_bad_credentials_are_refused);

async fn grpc_health_reports_serving_without_a_credential(service: TestUserService) {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
    let mut health = HealthClient::new(service.channel.clone());
    let request = HealthCheckRequest { service: "journalcraft.user.User".into() };
    let status = health.check(request).await.expect("health check").into_inner().status;
    assert_eq!(status, ServingStatus::Serving as i32);
}
jc_testkit::on_every_backend!(TestUserService => grpc_health_reports_serving_without_a_credential);
