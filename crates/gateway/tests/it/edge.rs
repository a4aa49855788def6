//! The HTTP edge: requests cut short or oversized are answered with the error body and
//! the security headers (not by actix-http's empty answers, not never), and the headers
//! every response carries.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::http::Response;
use crate::support::http::try_parse;
use crate::support::{assert_error, spawn_app, spawn_app_with};

/// Sends `bytes` (whatever they are), then reads until the server closes.
async fn exchange(address: SocketAddr, bytes: &[u8]) -> Response {
    let mut stream = TcpStream::connect(address).await.expect("connect to the gateway");
    let received = tokio::time::timeout(Duration::from_secs(20), async {
        // The server may answer and stop reading before everything is sent.
        let _ = stream.write_all(bytes).await;
        let mut received = Vec::new();
        let _ = stream.read_to_end(&mut received).await;
        received
    })
    .await
    .expect("the gateway answers and closes within 20 s");
    try_parse(&received).unwrap_or_else(|| panic!("a response, got {:?}", String::from_utf8_lossy(&received)))
}

#[track_caller]
fn assert_security_headers(response: &Response) {
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("x-frame-options"), Some("DENY"));
    assert!(response.header("content-security-policy").is_some_and(|p| p.contains("default-src 'none'")));
    assert!(response.header("permissions-policy").is_some_and(|p| p.contains("camera=()")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_is_answered_408_and_closed() {
    let app = spawn_app_with(|o| o.settings.body_read_timeout_ms = 200).await;
    let started = Instant::now();
    let response = exchange(
        app.address,
        b"POST /api/auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"email\":",
    )
    .await;
    assert_error(&response, 408, "request_timeout");
    assert_security_headers(&response);
    assert_eq!(response.header("connection"), Some("close"));
    assert!(started.elapsed() < Duration::from_secs(5), "answered after {:?}", started.elapsed());
    assert_eq!(app.auth.calls.count(), 0, "nothing reached the auth service");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_that_stops_arriving_is_answered_408() {
    let app = spawn_app_with(|o| o.settings.head_read_timeout_ms = 200).await;
    let response = exchange(app.address, b"GET /health HTTP/1.1\r\nhost: x\r\n").await;
    assert_error(&response, 408, "request_timeout");
    assert_security_headers(&response);
    let silent = exchange(app.address, b"").await;
    assert_error(&silent, 408, "request_timeout");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_heads_and_urls_get_the_error_body_and_headers() {
    let app = spawn_app().await;
    let big_header = format!("GET /health HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n", "a".repeat(300 * 1024));
    let response = exchange(app.address, big_header.as_bytes()).await;
    assert_error(&response, 431, "headers_too_large");
    assert_security_headers(&response);

    let long_url = format!("GET /api/{} HTTP/1.1\r\nhost: x\r\n\r\n", "a".repeat(70 * 1024));
    let response = exchange(app.address, long_url.as_bytes()).await;
    assert_error(&response, 414, "uri_too_long");
    assert_security_headers(&response);

    let response = exchange(app.address, b"GET /health HTTP/1.1\r\nhost: x\r\nbroken header\r\n\r\n").await;
    assert_error(&response, 400, "bad_request");
    assert_security_headers(&response);
    let response = exchange(app.address, b"GET / HTTP/1.1\r\ncontent-length: -1\r\n\r\n").await;
    assert_error(&response, 400, "bad_request");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_after_bodies_on_one_connection_are_still_served() {
    let app = spawn_app().await;
    let login = json!({"email": "x", "password": "y"}).to_string();
    let mut bytes = format!(
        "POST /api/auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{login}",
        login.len()
    )
    .into_bytes();
    bytes.extend_from_slice(
        b"POST /api/auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
          transfer-encoding: chunked\r\n\r\n4;x=y\r\n{\"em\r\n3\r\nail\r\n0\r\n\r\n",
    );
    bytes.extend_from_slice(b"GET /health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    let mut stream = TcpStream::connect(app.address).await.expect("connect");
    stream.write_all(&bytes).await.expect("send three requests");
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut received))
        .await
        .expect("answered")
        .expect("read");
    let text = String::from_utf8_lossy(&received);
    let statuses: Vec<&str> = text.match_indices("HTTP/1.1 ").map(|(at, _)| &text[at + 9..at + 12]).collect();
    assert_eq!(statuses, ["401", "400", "200"], "all three answered in order: {text}");
    assert!(text.contains("unauthenticated") && text.contains("not valid JSON"), "{text}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_has_a_content_security_policy_and_permissions_policy() {
    let app = spawn_app().await;
    for path in ["/", "/api/missing", "/api/openapi.json"] {
        let response = app.get(path).send().await;
        assert_security_headers(&response);
        assert!(
            response.header("content-security-policy").is_some_and(|p| p.contains("frame-ancestors 'none'"))
        );
    }
    let docs = app.get("/docs/").send().await;
    assert_eq!(docs.status, 200);
    let policy = docs.header("content-security-policy").expect("the docs have a policy");
    for directive in [
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "img-src 'self' data:",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe-eval") && !policy.contains('*'), "{policy}");
    assert_eq!(app.get("/health").send().await.header("strict-transport-security"), None, "plain HTTP");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_to_credentialed_requests_are_not_stored() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    for path in
        ["/api/users/me", "/api/settings/api-key", "/api/journals/6a1f1c57-5fb3-4f5e-9b8f-3d0f4e2a9c10"]
    {
        let response = app.get(path).bearer(&token).send().await;
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}: {}", response.status);
    }
    let refused = app.get("/api/users/me").bearer("not-a-token").send().await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.header("cache-control"), Some("no-store"));
    assert_eq!(app.get("/api/export/formats").send().await.header("cache-control"), None, "public");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_is_sent_over_https_only() {
    let app = spawn_app_with(|o| o.settings.trust_forwarded_proto = true).await;
    let over_https = app.get("/health").header("x-forwarded-proto", "https").send().await;
    assert_eq!(over_https.header("strict-transport-security"), Some("max-age=31536000; includeSubDomains"));
    assert_eq!(
        app.get("/health")
            .header("x-forwarded-proto", "http")
            .send()
            .await
            .header("strict-transport-security"),
        None
    );
    app.stop().await;

    let app = spawn_app_with(|o| o.settings.public_url = Some("https://api.example.com".into())).await;
    assert!(app.get("/health").send().await.header("strict-transport-security").is_some());
    let refused = exchange(app.address, b"GET / HTTP/9\r\n\r\n").await;
    assert_error(&refused, 400, "bad_request");
    assert!(refused.header("strict-transport-security").is_some(), "the edge's answers too");
    app.stop().await;

    let app = spawn_app().await;
    let untrusted = app.get("/health").header("x-forwarded-proto", "https").send().await;
    assert_eq!(untrusted.header("strict-transport-security"), None, "the header is not believed by default");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_is_405_with_allow_on_documented_paths() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    for (path, allowed) in [
        ("/", "GET"),
        ("/health", "GET"),
        ("/livez", "GET"),
        ("/api/auth/login", "POST"),
        ("/api/users/me", "GET"),
        ("/api/journals/6a1f1c57-5fb3-4f5e-9b8f-3d0f4e2a9c10", "GET"),
        ("/api/openapi.json", "GET"),
        ("/docs/", "GET"),
        ("/docs/swagger-ui.css", "GET"),
    ] {
        let response = app.request("TRACE", path).bearer(&token).send().await;
        assert_error(&response, 405, "method_not_allowed");
        assert!(
            response.header("allow").is_some_and(|a| a.contains(allowed)),
            "{path}: {:?}",
            response.header("allow")
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_assets_answer_the_methods_they_allow() {
    let app = spawn_app().await;
    assert_eq!(app.get("/docs/swagger-ui.css").send().await.status, 200);
    let response = app.request("HEAD", "/docs/swagger-ui.css").send().await;
    assert_eq!(response.status, 405);
    assert_eq!(response.header("allow"), Some("GET"));
    app.stop().await;
}
