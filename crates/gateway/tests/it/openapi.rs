//! The OpenAPI document states the constraints the server enforces (schemathesis checks
//! the two against each other in `scripts/schemathesis.sh`; this pins what it found).

use serde_json::{Value, json};

use crate::support::{assert_error, spawn_app};

fn parameter<'a>(document: &'a Value, path: &str, method: &str, name: &str) -> &'a Value {
    document["paths"][path][method]["parameters"]
        .as_array()
        .and_then(|list| list.iter().find(|p| p["name"] == name))
        .unwrap_or_else(|| panic!("{method} {path} has a parameter {name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_states_what_the_server_enforces() {
    let app = spawn_app().await;
    let document = app.get("/api/openapi.json").send().await.json();
    let schemas = &document["components"]["schemas"];

    for path in ["/api/library/projects", "/api/export/jobs"] {
        let page = &parameter(&document, path, "get", "page")["schema"];
        assert_eq!((&page["minimum"], &page["maximum"]), (&json!(1), &json!(1_000_000)), "{path}");
        let limit = &parameter(&document, path, "get", "limit")["schema"];
        assert_eq!((&limit["minimum"], &limit["maximum"]), (&json!(1), &json!(100)), "{path}");
    }
    let over = app.get("/api/library/projects?page=1000001").bearer(&app.keys.access_token()).send().await;
    assert_error(&over, 400, "validation_failed");

    assert_eq!(parameter(&document, "/api/journals/{id}/days/{n}", "get", "n")["schema"]["minimum"], 1);
    let lines = &schemas["UpdateDayRequest"]["properties"]["lines"];
    assert_eq!((&lines["minimum"], &lines["maximum"]), (&json!(1), &json!(60)));
    let password = &schemas["RegisterRequest"]["properties"]["password"];
    assert_eq!((&password["minLength"], &password["maxLength"]), (&json!(8), &json!(128)));
    assert_eq!(schemas["ApiKeyRequest"]["properties"]["apiKey"]["minLength"], 20);
    assert_eq!(schemas["CreateJournalRequest"]["properties"]["title"]["minLength"], 1);

    for path in ["/api/auth/login", "/api/auth/refresh"] {
        let responses = &document["paths"][path]["post"]["responses"];
        assert!(responses["415"].is_object() && responses["413"].is_object(), "{path}: {responses}");
        assert_error(&app.post(path).body("text/plain", "x").send().await, 415, "unsupported_media_type");
    }

    let download = &document["paths"]["/api/export/jobs/{id}/download"]["get"]["responses"]["200"]["content"];
    let types: Vec<&str> = download.as_object().expect("content").keys().map(String::as_str).collect();
    for media_type in [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/epub+zip",
        "application/zip",
    ] {
        assert!(types.contains(&media_type), "{media_type} in {types:?}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_numbers_written_with_a_fraction_are_accepted() {
    let app = spawn_app().await;
    let body = json!({"title": "Thirty Days", "theme": "gratitude", "days": 18.0});
    let response = app.post("/api/journals").bearer(&app.keys.access_token()).json(&body).send().await;
    assert_eq!(response.status, 201, "{}", response.text());
    let half = json!({"title": "Thirty Days", "theme": "gratitude", "days": 18.5});
    let response = app.post("/api/journals").bearer(&app.keys.access_token()).json(&half).send().await;
    assert_error(&response, 400, "validation_failed");
    app.stop().await;
}
