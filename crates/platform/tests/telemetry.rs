//! Log lines of a gRPC call carry its request id, however deep in the handler's spans
//! they are logged, in both log formats.
//!
//! A test binary of its own: the log capture is a thread's own subscriber, and tests on
//! other threads of the same process registering callsites at the same moment could
//! leave a line out of it.

use std::convert::Infallible;

use jc_platform::config::LogFormat;
use jc_platform::grpc::ObserveLayer;
use tower::{Layer, Service, ServiceExt};

/// A handler as the services write them: its own span, with its own fields.
#[tracing::instrument(skip_all, fields(journal_id = "journal-1"))]
async fn handler() -> http::Response<String> {
    tracing::info!("journal read");
    http::Response::new(String::new())
}

/// The log output of one call with request id `request_id` through the layer every
/// gRPC server has.
async fn logs_of_one_call(format: LogFormat, request_id: &str) -> String {
    let logs = jc_platform::telemetry::capture_logs(format);
    let mut service = ObserveLayer
        .layer(tower::service_fn(|_: http::Request<()>| async { Ok::<_, Infallible>(handler().await) }));
    let request = http::Request::builder()
        .uri("/journalcraft.journal.v1.JournalService/GetJournal")
        .header("x-request-id", request_id)
        .body(())
        .expect("a request");
    let response = service.ready().await.expect("ready").call(request).await.expect("a response");
    assert_eq!(response.status(), 200);
    logs.text()
}

#[tokio::test]
async fn json_lines_of_a_call_carry_its_request_id() {
    let logs = logs_of_one_call(LogFormat::Json, "req-json-4711").await;
    let lines: Vec<serde_json::Value> =
        logs.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect();
    let inside = lines
        .iter()
        .find(|line| line["message"] == "journal read")
        .unwrap_or_else(|| panic!("the handler's line in:\n{logs}"));
    let spans = inside["spans"].as_array().unwrap_or_else(|| panic!("a span list in {inside}"));
    assert!(
        spans.iter().any(|span| span["request_id"] == "req-json-4711"),
        "the handler's line names the request id: {inside}"
    );
    assert!(spans.iter().any(|span| span["journal_id"] == "journal-1"), "and its own fields: {inside}");
    let summary = lines
        .iter()
        .find(|line| line["message"] == "grpc call")
        .unwrap_or_else(|| panic!("one line per call in:\n{logs}"));
    assert_eq!(summary["level"], "INFO", "the line per call is logged at the default level");
    assert_eq!(summary["span"]["request_id"], "req-json-4711");
    assert_eq!(summary["code"], "Ok");
}

#[tokio::test]
async fn pretty_lines_of_a_call_carry_its_request_id() {
    let logs = logs_of_one_call(LogFormat::Pretty, "req-pretty-4711").await;
    let inside = logs
        .lines()
        .find(|line| line.contains("journal read"))
        .unwrap_or_else(|| panic!("the handler's line in:\n{logs}"));
    assert!(inside.contains("req-pretty-4711"), "the handler's line names the request id: {inside}");
}
