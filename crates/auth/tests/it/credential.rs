//! Every call needs the service credential; gRPC health does not.

use jc_platform::grpc::{CallContext, ServiceCredential};
use jc_proto::auth as pb;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use crate::support::{PASSWORD, TestApp, client};

jc_testkit::on_every_backend!(TestApp => calls_without_the_service_credential_are_refused);

async fn calls_without_the_service_credential_are_refused(app: TestApp) {
    let mut auth = app.client.clone();
    let register = || pb::RegisterRequest {
        email: "ada@example.com".into(),
        password: PASSWORD.into(),
        client: client(),
    };

    let status = auth.register(tonic::Request::new(register())).await.expect_err("no credential");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
    assert_eq!(status.message(), "This call needs a service credential.");
    let status =
        auth.get_jwks(tonic::Request::new(jc_proto::common::Empty {})).await.expect_err("no credential");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);

    let wrong = ServiceCredential::new(jc_testkit::service_token());
    let request = CallContext::new("r1").request(&wrong, register());
    let status = auth.register(request).await.expect_err("wrong credential");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
    let login =
        pb::LoginRequest { email: "ada@example.com".into(), password: PASSWORD.into(), client: client() };
    let status =
        auth.login(CallContext::new("r2").request(&wrong, login)).await.expect_err("wrong credential");
    assert_eq!(status.code(), tonic::Code::Unauthenticated);
    assert!(app.account_row("ada@example.com").await.is_none(), "nothing was registered");

    // With the credential the same call succeeds.
    auth.register(app.call(register())).await.expect("register");

    // Health answers without a credential, for probes.
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{}", app.address))
        .expect("endpoint")
        .connect()
        .await
        .expect("connect");
    let mut health = HealthClient::new(channel);
    let request = HealthCheckRequest { service: "journalcraft.auth.Auth".into() };
    let response = health.check(request).await.expect("health").into_inner();
    assert_eq!(response.status(), ServingStatus::Serving);
    assert!(app.health.readiness().await.ready, "the component reported itself started");
}
