//! What the service logs for one call carries the request id its caller sent (the
//! gateway sends its own as `x-request-id` metadata), in the production log format.
//!
//! A test binary of its own: the log capture is a thread's own subscriber, and tests on
//! other threads of the same process registering callsites at the same moment could
//! leave a line out of it.

#[allow(dead_code)]
#[path = "it/support.rs"]
mod support;

use jc_platform::config::LogFormat;
use jc_platform::grpc::CallContext;
use jc_proto::auth as pb;
use jc_testkit::Backend;

use crate::support::{PASSWORD, TestApp, client};

// A current-thread runtime: the server's tasks run on the test's thread, so the
// captured subscriber sees their lines.
#[tokio::test]
async fn a_sign_in_logs_the_request_id_of_its_call() {
    let logs = jc_platform::telemetry::capture_logs(LogFormat::Json);
    let Some(app) = TestApp::spawn(Backend::Embedded).await else { return };
    app.register("logged@example.com", PASSWORD).await.expect("register");
    let request =
        pb::LoginRequest { email: "logged@example.com".into(), password: PASSWORD.into(), client: client() };
    let call = CallContext::new("req-auth-4711").request(&app.credential, request);
    app.client.clone().login(call).await.expect("signed in");

    let text = logs.text();
    let lines: Vec<serde_json::Value> =
        text.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect();
    let signed_in = lines
        .iter()
        .find(|line| line["message"] == "signed in")
        .unwrap_or_else(|| panic!("the handler's line in:\n{text}"));
    let spans = signed_in["spans"].as_array().unwrap_or_else(|| panic!("spans in {signed_in}"));
    assert!(spans.iter().any(|span| span["request_id"] == "req-auth-4711"), "{signed_in}");
    assert!(spans.iter().any(|span| span["name"] == "sign_in"), "inside the handler's span: {signed_in}");
    let call_line = lines
        .iter()
        .find(|line| line["message"] == "grpc call" && line["span"]["request_id"] == "req-auth-4711")
        .unwrap_or_else(|| panic!("the call's own line in:\n{text}"));
    assert!(call_line["span"]["method"].as_str().is_some_and(|m| m.ends_with("/Login")), "{call_line}");
}
