//! Everything around the routes: root and health, the OpenAPI document and docs,
//! unknown routes and methods, request ids, headers, CORS, metrics, the public probes
//! (and no metrics on the public port), shutdown.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::json;

use crate::support::keys::USER_ID;
use crate::support::{assert_error, spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn root_and_health_have_the_frontend_shapes() {
    let app = spawn_app().await;
    let root = app.get("/").send().await;
    assert_eq!(root.status, 200);
    let root = root.json();
    assert_eq!(root["status"], "running");
    assert!(root["message"].is_string() && root["version"].is_string());
    assert!(root["features"].as_array().is_some_and(|f| !f.is_empty() && f.iter().all(|x| x.is_string())));

    let health = app.get("/health").send().await.json();
    assert_eq!(health["status"], "healthy");
    assert_eq!(health["service"], "journalcraft-gateway");
    assert!(health["version"].is_string());
    let timestamp = chrono::DateTime::parse_from_rfc3339(health["timestamp"].as_str().expect("timestamp"))
        .expect("an RFC 3339 timestamp");
    let skew = (chrono::Utc::now() - timestamp.with_timezone(&chrono::Utc)).num_seconds().abs();
    assert!(skew <= 5, "the timestamp is the current time (off by {skew} s)");
    assert!(health["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')), "UTC");
    app.stop().await;
}

/// The methods an OpenAPI path item can hold, in the order the document writes them.
const DOCUMENT_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// `(METHOD, path)` of every handler declared with an actix route attribute
/// (`#[get("/...")]` and the like) in `src/routes/`.
fn declared_handlers() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut declared = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("src/routes") {
        let file = entry.expect("a directory entry").path();
        let source = std::fs::read_to_string(&file).expect("a source file");
        for line in source.lines() {
            let Some(rest) = line.trim().strip_prefix("#[") else { continue };
            let Some((method, rest)) = rest.split_once("(\"") else { continue };
            if !DOCUMENT_METHODS.contains(&method) {
                continue;
            }
            let path = rest.split_once('"').map(|(path, _)| path.to_owned()).expect("a closing quote");
            declared.push((method.to_uppercase(), path));
        }
    }
    declared
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_routes_are_exactly_the_documented_routes() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").send().await;
    assert_eq!(response.status, 200);
    let document = response.json();
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with('3')));
    assert_eq!(
        serde_json::to_value(jc_gateway::openapi()).expect("JSON"),
        document,
        "openapi() is the served document"
    );
    let paths = document["paths"].as_object().expect("paths");
    let mut operation_ids: Vec<&str> = paths
        .values()
        .filter_map(|item| item.as_object())
        .flat_map(|ops| ops.values().filter_map(|op| op["operationId"].as_str()))
        .collect();
    operation_ids.sort_unstable();
    let before = operation_ids.len();
    operation_ids.dedup();
    assert_eq!(operation_ids.len(), before, "operation ids are unique: {operation_ids:?}");
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    assert!(document["components"]["schemas"]["ErrorBody"].is_object());

    // Every handler declared in src/routes is documented (so also registered: a handler
    // is documented by registering it).
    let declared = declared_handlers();
    assert!(declared.len() > 30, "the route attributes were found: {declared:?}");
    for (method, path) in &declared {
        assert!(
            paths.get(path).is_some_and(|item| item[method.to_lowercase()].is_object()),
            "{method} {path} is declared in src/routes but not documented (is it missing from routes::mount?)"
        );
    }

    // Every documented operation is served: none answers 404 or 405. Path parameters
    // name a journal, a generation job and a completed export the fakes hold (fresh ones
    // each, since routes delete or cancel them) and day 1. Every other method on a
    // documented path is 405 with the documented methods in `Allow`.
    let token = app.keys.access_token();
    let mut documented = 0;
    for (template, item) in paths {
        let methods: Vec<&str> =
            DOCUMENT_METHODS.into_iter().filter(|m| item.get(*m).is_some_and(|op| op.is_object())).collect();
        assert!(!methods.is_empty(), "{template} has an operation");
        let allow = methods.iter().map(|m| m.to_uppercase()).collect::<Vec<_>>().join(", ");
        for method in ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] {
            let id = if template.starts_with("/api/export/jobs/") {
                let export = app.export.seed_job(USER_ID);
                app.export.complete(&export, b"%PDF-1.7");
                export
            } else {
                app.journal.seed("Seeded", 3)
            };
            let path = template
                .replace("{id}", &id)
                .replace("{job_id}", &app.journal.jobs.seed(USER_ID))
                .replace("{n}", "1");
            let response = app.request(method, &path).bearer(&token).send().await;
            if methods.contains(&method.to_lowercase().as_str()) {
                documented += 1;
                assert!(
                    item[method.to_lowercase()]["responses"].is_object(),
                    "{method} {template} has responses"
                );
                assert!(
                    ![404, 405].contains(&response.status),
                    "{method} {path} answered {}",
                    response.status
                );
                assert!(
                    response.status < 500,
                    "{method} {path} answered {}: {}",
                    response.status,
                    response.text()
                );
            } else {
                assert_eq!(response.status, 405, "{method} {path} is not documented: {}", response.text());
                assert_eq!(response.header("allow"), Some(allow.as_str()), "{method} {path}");
                if method != "HEAD" {
                    assert_error(&response, 405, "method_not_allowed");
                }
            }
        }
    }
    assert!(documented >= declared.len(), "{documented} operations probed");

    // Where a literal path and a template both match, the literal one's methods count,
    // as its handler is registered first.
    let response = app.request("PATCH", "/api/journals/author-suggestions").bearer(&token).send().await;
    assert_error(&response, 405, "method_not_allowed");
    assert_eq!(response.header("allow"), Some("GET"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_are_served_from_the_binary() {
    let app = spawn_app().await;
    let redirect = app.get("/docs").send().await;
    assert!([301, 302, 307, 308].contains(&redirect.status));
    assert_eq!(redirect.header("location"), Some("/docs/"));
    let page = app.get("/docs/").send().await;
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").is_some_and(|t| t.starts_with("text/html")));
    assert!(page.text().contains("swagger-ui"));
    let init = app.get("/docs/swagger-initializer.js").send().await;
    assert_eq!(init.status, 200);
    assert!(init.text().contains("/api/openapi.json"), "the UI reads our document");
    assert_error(&app.get("/docs/no-such-asset.js").send().await, 404, "not_found");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_and_wrong_methods_have_the_error_body() {
    let app = spawn_app().await;
    assert_error(&app.get("/api/nope").send().await, 404, "not_found");
    assert_error(&app.get("/api/users/me/extra/1").send().await, 404, "not_found");
    let response = app.request("DELETE", "/api/auth/login").send().await;
    assert_error(&response, 405, "method_not_allowed");
    assert!(response.header("allow").is_some_and(|a| a.contains("POST")));
    assert_error(&app.get("/api/auth/register").send().await, 405, "method_not_allowed");
    assert_error(&app.request("PUT", "/api/users/me").send().await, 405, "method_not_allowed");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_ids_are_echoed_or_generated() {
    let app = spawn_app().await;
    let response = app.get("/health").header("x-request-id", "client-id_1.2").send().await;
    assert_eq!(response.header("x-request-id"), Some("client-id_1.2"));

    let first = app.get("/health").send().await;
    let second = app.get("/health").send().await;
    let (first, second) =
        (first.header("x-request-id").expect("id"), second.header("x-request-id").expect("id"));
    assert!(!first.is_empty() && first != second, "a new id per request");

    let response = app.get("/health").header("x-request-id", "bad id with spaces").send().await;
    let id = response.header("x-request-id").expect("id");
    assert_ne!(id, "bad id with spaces", "an invalid id is replaced");

    let response = app.get("/nowhere").header("x-request-id", "lost-1").send().await;
    assert_eq!(assert_error(&response, 404, "not_found")["error"]["request_id"], "lost-1");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_are_set() {
    let app = spawn_app().await;
    for response in [app.get("/").send().await, app.get("/api/missing").send().await] {
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("x-frame-options"), Some("DENY"));
        assert_eq!(response.header("referrer-policy"), Some("no-referrer"));
    }
    let response = app.post("/api/auth/login").json(&json!({})).send().await;
    assert_eq!(response.header("cache-control"), Some("no-store"), "auth errors are not cached either");
    assert_eq!(app.get("/health").send().await.header("cache-control"), None);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_allows_only_the_configured_origins() {
    let app =
        spawn_app_with(|o| o.settings.cors_allowed_origins = vec!["https://app.example.com".into()]).await;
    let allowed = app.get("/health").header("origin", "https://app.example.com").send().await;
    assert_eq!(allowed.status, 200);
    assert_eq!(allowed.header("access-control-allow-origin"), Some("https://app.example.com"));
    let other = app.get("/health").header("origin", "https://evil.example").send().await;
    assert_eq!(other.header("access-control-allow-origin"), None);

    let preflight = app
        .request("OPTIONS", "/api/users/me")
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "PATCH")
        .header("access-control-request-headers", "authorization, content-type")
        .send()
        .await;
    assert_eq!(preflight.status, 200, "{}", preflight.text());
    assert!(preflight.header("access-control-allow-methods").is_some_and(|m| m.contains("PATCH")));
    let refused = app
        .request("OPTIONS", "/api/users/me")
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "PATCH")
        .send()
        .await;
    assert_eq!(refused.header("access-control-allow-origin"), None);
    assert!(refused.status >= 400 && refused.status < 500);
    assert_eq!(refused.json()["error"]["request_id"], refused.header("x-request-id").expect("id"));
    app.stop().await;

    let closed = spawn_app().await;
    let response = closed.get("/health").header("origin", "https://app.example.com").send().await;
    assert_eq!(response.status, 200, "same-origin style requests still work");
    assert_eq!(response.header("access-control-allow-origin"), None);
    closed.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_labelled_by_route_pattern() {
    let app = spawn_app().await;
    assert_eq!(app.get("/health").send().await.status, 200);
    assert_eq!(app.get("/definitely/not/a/route/5f0c8a52").send().await.status, 404);
    // The process's metrics, as its operations listener renders them.
    let text = jc_platform::telemetry::metrics_handle().render();
    let health_line = text
        .lines()
        // Other tests of this process ask /health with other methods too.
        .find(|l| {
            l.starts_with("http_requests_total{")
                && l.contains(r#"route="/health""#)
                && l.contains(r#"method="GET""#)
                && l.contains(r#"status="200""#)
        })
        .unwrap_or_else(|| panic!("a GET /health 200 series in:\n{text}"));
    assert!(health_line.ends_with(|c: char| c.is_ascii_digit()), "{health_line}");
    assert!(text.contains("http_request_duration_seconds"));
    for family in ["http_requests_total", "http_request_duration_seconds"] {
        assert!(text.contains(&format!("# HELP {family} ")), "{family} is described in:\n{text}");
    }
    assert!(text.contains(r#"route="unmatched""#));
    assert!(!text.contains("5f0c8a52"), "raw paths never become labels");
    app.stop().await;
}

/// A dependency that is down, with an error that must not reach the public port.
struct Down;

// The trait is declared with `async_trait`; this is what that attribute writes.
impl jc_platform::health::Check for Down {
    fn name(&self) -> String {
        "database:secret-host".into()
    }
    fn check<'a, 'b>(
        &'a self,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'b>>
    where
        'a: 'b,
        Self: 'b,
    {
        Box::pin(async { Err("connection refused at 10.0.0.7:5432".to_owned()) })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_port_serves_no_metrics_and_no_dependency_details() {
    let app = spawn_app().await;
    assert_eq!(app.get("/health").send().await.status, 200);
    let metrics = app.get("/metrics").send().await;
    assert_error(&metrics, 404, "not_found");
    assert!(!metrics.text().contains("http_requests_total"), "{}", metrics.text());

    let ready = app.get("/readyz").send().await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json(), json!({"status": "ready"}), "ready or not, nothing more");

    app.health.add_check(std::sync::Arc::new(Down));
    let unready = app.get("/readyz").send().await;
    assert_eq!(unready.status, 503);
    assert_eq!(unready.json(), json!({"status": "not_ready"}), "no check names or errors");
    assert_eq!(app.get("/livez").send().await.json(), json!({"status": "alive"}));

    let document = app.get("/api/openapi.json").send().await.json();
    let paths = document["paths"].as_object().expect("paths");
    assert!(
        paths.contains_key("/readyz") && paths.contains_key("/livez"),
        "the public probes are documented"
    );
    assert!(!paths.contains_key("/metrics"), "metrics are not part of the public API");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probes_answer_and_shutdown_drains_in_flight_requests() {
    let app = spawn_app().await;
    assert_eq!(app.get("/livez").send().await.status, 200);
    assert_eq!(app.get("/readyz").send().await.status, 200);

    app.user.profile_delay_ms.store(400, Ordering::SeqCst);
    let token = app.keys.access_token();
    let slow = tokio::spawn(app.get("/api/users/me").bearer(&token).send());
    // Let the request reach the fake before shutting down.
    jc_testkit::eventually("the request to reach the fake", || async { app.user.calls.count() > 0 }).await;
    app.shutdown.cancel();
    let response = slow.await.expect("request task");
    assert_eq!(response.status, 200, "the in-flight request completed: {}", response.text());
    assert!(app.health.is_draining(), "the process turned unready");
    let finished = tokio::time::timeout(Duration::from_secs(10), app.server).await;
    assert!(matches!(finished, Ok(Ok(Ok(())))), "serve returned cleanly: {finished:?}");
}
