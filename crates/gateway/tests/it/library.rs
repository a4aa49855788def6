//! `/api/library/projects*` against the fake journal service: the project shape, paging,
//! customization, delete and duplicate, and what is refused before the service.

use serde_json::{Value, json};

use crate::support::fakes::JOURNAL_NOT_FOUND;
use crate::support::keys::USER_ID;
use crate::support::{assert_error, assert_fields, error_fields, spawn_app};

/// A project as the frontend reads it.
const PROJECT_FIELDS: [&str; 12] = [
    "id",
    "user_id",
    "title",
    "theme",
    "description",
    "status",
    "created_at",
    "updated_at",
    "customization",
    "pages_count",
    "word_count",
    "export_formats",
];
const CUSTOMIZATION_FIELDS: [&str; 5] = ["layout", "font_size", "color_scheme", "paper_type", "binding_type"];

fn customization() -> Value {
    json!({"layout": "magazine", "font_size": "small", "color_scheme": "forest", "paper_type": "recycled", "binding_type": "hardcover"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_library_lists_projects_a_page_at_a_time() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let ids: Vec<String> = (1..=5).map(|i| app.journal.seed(&format!("Journal {i}"), 2)).collect();

    let response = app.get("/api/library/projects?page=2&limit=2").bearer(&token).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert_fields(&body, &["projects", "count", "page", "total_pages"]);
    assert_eq!(body["count"], 5, "count is every project, not this page's");
    assert_eq!(body["page"], 2);
    assert_eq!(body["total_pages"], 3);
    let projects = body["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), 2);
    assert_eq!(projects[0]["id"], ids[2].as_str(), "newest first");
    assert_fields(&projects[0], &PROJECT_FIELDS);
    assert_fields(&projects[0]["customization"], &CUSTOMIZATION_FIELDS);
    assert!(projects[0].get("days").is_none(), "a project is listed without its pages");
    assert_eq!(projects[0]["user_id"], USER_ID);
    let sent = &app.journal.calls.of("ListJournals")[0];
    assert!(sent.message.contains("page: 2, limit: 2"), "{}", sent.message);
    assert_eq!(sent.authorization.as_deref(), Some(format!("Bearer {token}").as_str()));

    let body = app.get("/api/library/projects").bearer(&token).send().await.json();
    assert_eq!((body["page"].clone(), body["projects"].as_array().map(Vec::len)), (json!(1), Some(5)));
    let defaults = &app.journal.calls.of("ListJournals")[1].message;
    assert!(defaults.contains("page: 1, limit: 20"), "{defaults}");
    let response = app.get("/api/library/projects?limit=100").bearer(&token).send().await;
    assert_eq!(response.status, 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_page_and_limit_are_refused_before_the_service() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    for (query, fields) in [
        ("page=0", vec!["page"]),
        ("page=two", vec!["page"]),
        ("page=-1", vec!["page"]),
        ("page=", vec!["page"]),
        ("limit=0", vec!["limit"]),
        ("limit=101", vec!["limit"]),
        ("limit=ten", vec!["limit"]),
        ("page=1.5&limit=1e3", vec!["page", "limit"]),
    ] {
        let response = app.get(&format!("/api/library/projects?{query}")).bearer(&token).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error_fields(&error), fields, "{query}");
    }
    assert_eq!(app.journal.calls.count(), 0);
    let response = app.get("/api/library/projects").send().await;
    assert_error(&response, 401, "unauthenticated");
    assert_eq!(app.journal.calls.count(), 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_is_read_customized_duplicated_and_deleted() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let id = app.journal.seed("Mine", 3);
    let path = format!("/api/library/projects/{id}");

    let response = app.get(&path).bearer(&token).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let project = response.json();
    assert_fields(&project, &PROJECT_FIELDS);
    assert_eq!(project["id"], id.as_str());
    assert_eq!(project["customization"]["layout"], "single-column");
    assert!(project.get("days").is_none());

    let response = app.put(&path).bearer(&token).json(&customization()).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let updated = response.json();
    assert_fields(&updated, &PROJECT_FIELDS);
    assert_eq!(updated["customization"], customization());
    assert_eq!(updated["title"], "Mine");
    let sent = &app.journal.calls.of("UpdateJournal")[0].message;
    assert!(
        sent.contains("layout: Magazine") && sent.contains("title: None"),
        "only the customization: {sent}"
    );

    let response = app.post(&format!("{path}/duplicate")).bearer(&token).send().await;
    assert_eq!(response.status, 201, "{}", response.text());
    let copy = response.json();
    assert_fields(&copy, &PROJECT_FIELDS);
    assert_ne!(copy["id"], id.as_str());
    assert_eq!(copy["customization"], customization());

    let response = app.delete(&path).bearer(&token).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json(), json!({"success": true}));
    let error = assert_error(&app.get(&path).bearer(&token).send().await, 404, "not_found");
    assert_eq!(error["detail"], JOURNAL_NOT_FOUND);
    let listed = app.get("/api/library/projects").bearer(&token).send().await.json();
    assert_eq!(listed["count"], 1);
    assert_eq!(listed["projects"][0]["id"], copy["id"]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customization_values_are_checked_and_named() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let id = app.journal.seed("Mine", 3);
    let path = format!("/api/library/projects/{id}");
    for field in CUSTOMIZATION_FIELDS {
        let mut unknown = customization();
        unknown[field] = json!("neon");
        let error = assert_error(
            &app.put(&path).bearer(&token).json(&unknown).send().await,
            400,
            "validation_failed",
        );
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
        assert!(error["detail"].as_str().expect("detail").contains(field), "{error}");

        let mut missing = customization();
        missing.as_object_mut().expect("object").remove(field);
        let error = assert_error(
            &app.put(&path).bearer(&token).json(&missing).send().await,
            400,
            "validation_failed",
        );
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");

        let mut wrong_type = customization();
        wrong_type[field] = json!(1);
        assert_error(&app.put(&path).bearer(&token).json(&wrong_type).send().await, 400, "validation_failed");
    }
    let response = app.put(&path).bearer(&token).body("application/json", "{\"layout\"").send().await;
    assert_error(&response, 400, "bad_request");
    let response = app.put(&path).bearer(&token).body("application/json", "[]").send().await;
    assert_error(&response, 400, "bad_request");
    assert_eq!(app.journal.calls.count(), 0, "nothing reached the journal service");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_peoples_projects_are_not_found_and_every_route_needs_a_token() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let path = "/api/library/projects/jr_someone_elses";
    for response in [
        app.get(path).bearer(&token).send().await,
        app.put(path).bearer(&token).json(&customization()).send().await,
        app.delete(path).bearer(&token).send().await,
        app.post(&format!("{path}/duplicate")).bearer(&token).send().await,
    ] {
        let error = assert_error(&response, 404, "not_found");
        assert_eq!(error["detail"], JOURNAL_NOT_FOUND);
    }
    let calls = app.journal.calls.count();
    for response in [
        app.get(path).send().await,
        app.put(path).json(&customization()).send().await,
        app.delete(path).send().await,
        app.post(&format!("{path}/duplicate")).send().await,
    ] {
        assert_error(&response, 401, "unauthenticated");
    }
    assert_eq!(app.journal.calls.count(), calls, "no call without a token");
    app.stop().await;
}
