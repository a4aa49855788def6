//! The catalogue and `/api/journals*` against the fake journal service: the shapes the
//! frontend reads, what is forwarded, and input refused before the service.

use serde_json::{Value, json};

use crate::support::fakes::{DAY_NOT_FOUND, JOURNAL_NOT_FOUND};
use crate::support::keys::USER_ID;
use crate::support::{assert_error, assert_fields, spawn_app, spawn_app_with};

const PROJECT_FIELDS: [&str; 16] = [
    "id",
    "user_id",
    "title",
    "subtitle",
    "author_name",
    "description",
    "theme",
    "status",
    "created_at",
    "updated_at",
    "customization",
    "days_count",
    "pages_count",
    "word_count",
    "export_formats",
    "days",
];
const DAY_FIELDS: [&str; 7] = ["day", "title", "pre_writeup", "prompt", "lines", "page_style", "entry"];

fn new_journal() -> Value {
    json!({
        "title": "Thirty Days of Thanks",
        "subtitle": "A month of noticing",
        "theme": "gratitude",
        "days": 30,
        "customization": {
            "layout": "two-column", "font_size": "large", "color_scheme": "sepia",
            "paper_type": "premium", "binding_type": "spiral",
        },
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_is_public_and_has_the_frontend_shapes() {
    let app = spawn_app().await;
    let response = app.get("/api/ai/themes").send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert_eq!(body["count"], 2);
    assert_fields(&body["themes"][0], &["id", "name", "description", "estimated_days"]);
    assert_eq!(body["themes"][0]["id"], "gratitude");
    assert_eq!(body["themes"][0]["estimated_days"], 30);

    let body = app.get("/api/ai/title-styles").send().await.json();
    assert_eq!(body["count"], 1);
    assert_fields(&body["title_styles"][0], &["id", "name", "examples"]);
    assert_eq!(body["title_styles"][0]["examples"][0], "Thirty Days of Light");

    let response = app.get("/api/journals/author-suggestions?theme=gratitude").send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert_eq!(body["theme"], "gratitude");
    assert_eq!(
        body["authors"],
        json!([{"name": "Maya Warmheart", "style": "warm"}, {"name": "Dr. Lin", "style": "scientific"}])
    );
    let sent = app.journal.calls.of("AuthorSuggestions");
    assert!(sent[0].message.contains("\"gratitude\""), "{}", sent[0].message);
    assert_eq!(sent[0].service_token.as_deref(), Some(app.credential.as_str()));

    let error = assert_error(
        &app.get("/api/journals/author-suggestions?theme=poetry").send().await,
        400,
        "validation_failed",
    );
    assert_eq!(error["error"]["fields"][0]["field"], "theme", "{error}");
    let calls = app.journal.calls.count();
    for query in ["", "?theme=", "?theme=%20", "?topic=gratitude"] {
        let response = app.get(&format!("/api/journals/author-suggestions{query}")).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], "theme", "{query}: {error}");
    }
    assert_eq!(app.journal.calls.count(), calls, "a missing theme never reaches the service");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_is_created_read_changed_and_written_in() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let response = app.post("/api/journals").bearer(&token).json(&new_journal()).send().await;
    assert_eq!(response.status, 201, "{}", response.text());
    let journal = response.json();
    assert_fields(&journal, &PROJECT_FIELDS);
    assert_fields(&journal, &["introduction", "commitment", "certificate"]);
    assert_eq!(journal["user_id"], USER_ID);
    assert_eq!(journal["title"], "Thirty Days of Thanks");
    assert_eq!(journal["status"], "draft");
    assert_eq!(journal["customization"]["layout"], "two-column");
    assert_eq!(journal["customization"]["binding_type"], "spiral");
    assert_eq!(journal["days"].as_array().map(Vec::len), Some(30));
    assert_fields(&journal["days"][0], &DAY_FIELDS);
    assert_eq!(journal["days"][0]["entry"], Value::Null);
    assert_fields(&journal["introduction"], &["title", "quote", "writeup"]);
    assert_fields(&journal["certificate"], &["summary", "text", "fields"]);
    let create = app.journal.calls.of("CreateJournal");
    assert_eq!(create[0].authorization.as_deref(), Some(format!("Bearer {token}").as_str()));
    assert!(create[0].message.contains("days: 30"), "{}", create[0].message);
    assert!(create[0].message.contains("layout: TwoColumn"), "{}", create[0].message);
    let id = journal["id"].as_str().expect("an id").to_owned();

    let response = app.get(&format!("/api/journals/{id}")).bearer(&token).send().await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), journal, "reading it back gives the same journal");

    let patch = json!({
        "title": "Thanks, Daily", "author_name": "A. L.", "status": "completed",
        "introduction": {"title": "Hello", "quote": "Q", "writeup": "W"},
        "certificate": {"summary": "S", "text": "T", "fields": ["name"]},
    });
    let response = app.patch(&format!("/api/journals/{id}")).bearer(&token).json(&patch).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let changed = response.json();
    assert_eq!(changed["title"], "Thanks, Daily");
    assert_eq!(changed["author_name"], "A. L.");
    assert_eq!(changed["status"], "completed");
    assert_eq!(changed["subtitle"], "A month of noticing", "fields left out stay");
    assert_eq!(changed["introduction"], json!({"title": "Hello", "quote": "Q", "writeup": "W"}));
    assert_eq!(changed["days"].as_array().map(Vec::len), Some(30));
    let sent = &app.journal.calls.of("UpdateJournal")[0].message;
    assert!(sent.contains("subtitle: None") && sent.contains("customization: None"), "{sent}");

    let response = app.get(&format!("/api/journals/{id}/days/7")).bearer(&token).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let day = response.json();
    assert_fields(&day, &DAY_FIELDS);
    assert_eq!(day["day"], 7);

    let entry = json!({"entry": "Grateful for 🦀 and tea.", "page_style": "dotted", "lines": 12});
    let response = app.put(&format!("/api/journals/{id}/days/7")).bearer(&token).json(&entry).send().await;
    assert_eq!(response.status, 200, "{}", response.text());
    let day = response.json();
    assert_eq!(day["entry"]["text"], "Grateful for 🦀 and tea.");
    assert!(day["entry"]["updated_at"].is_string());
    assert_eq!(day["page_style"], "dotted");
    assert_eq!(day["lines"], 12);
    let sent = &app.journal.calls.of("UpdateDay")[0].message;
    assert!(sent.contains("day: 7") && sent.contains("entry_text: Some("), "{sent}");

    let journal = app.get(&format!("/api/journals/{id}")).bearer(&token).send().await.json();
    assert_eq!(journal["days"][6]["entry"]["text"], "Grateful for 🦀 and tea.");
    assert_eq!(journal["word_count"], 5);

    let response = app
        .put(&format!("/api/journals/{id}/days/7"))
        .bearer(&token)
        .json(&json!({"entry": ""}))
        .send()
        .await;
    assert_eq!(response.json()["entry"], Value::Null, "an empty entry removes it");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journal_bodies_and_day_numbers_are_checked_before_the_service() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let id = app.journal.seed("Mine", 3);
    let with = |changes: Value| {
        let mut body = new_journal();
        for (key, value) in changes.as_object().expect("object") {
            body[key] = value.clone();
        }
        body
    };
    let calls = app.journal.calls.count();
    for (body, field) in [
        (with(json!({"days": 0})), "days"),
        (with(json!({"days": 367})), "days"),
        (with(json!({"days": -3})), "days"),
        (with(json!({"days": "30"})), "days"),
        (with(json!({"title": 5})), "title"),
        (with(json!({"theme": null})), "theme"),
        (
            with(
                json!({"customization": {"layout": "three-column", "font_size": "large", "color_scheme": "dark", "paper_type": "standard", "binding_type": "perfect"}}),
            ),
            "customization.layout",
        ),
        (with(json!({"customization": {"layout": "magazine"}})), "customization.font_size"),
    ] {
        let response = app.post("/api/journals").bearer(&token).json(&body).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
    }
    let response =
        app.post("/api/journals").bearer(&token).body("application/json", "{\"title\": ").send().await;
    assert_error(&response, 400, "bad_request");

    let patch = format!("/api/journals/{id}");
    for (body, field) in [
        (json!({"status": "generating"}), "status"),
        (json!({"status": "published"}), "status"),
        (json!({"title": ["x"]}), "title"),
        (json!({"introduction": {"title": "only"}}), "introduction.quote"),
        (
            json!({"customization": {"layout": "magazine", "font_size": "huge", "color_scheme": "dark", "paper_type": "standard", "binding_type": "perfect"}}),
            "customization.font_size",
        ),
    ] {
        let response = app.patch(&patch).bearer(&token).json(&body).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
    }
    let response = app.patch(&patch).bearer(&token).body("application/json", "not json").send().await;
    assert_error(&response, 400, "bad_request");

    for n in ["seven", "0", "-1", "1.5", "%20"] {
        let response = app.get(&format!("/api/journals/{id}/days/{n}")).bearer(&token).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], "day", "{n}");
        let response = app
            .put(&format!("/api/journals/{id}/days/{n}"))
            .bearer(&token)
            .json(&json!({"entry": "x"}))
            .send()
            .await;
        assert_error(&response, 400, "validation_failed");
    }
    let day = format!("/api/journals/{id}/days/1");
    for (body, field) in [
        (json!({"lines": "many"}), "lines"),
        (json!({"lines": -1}), "lines"),
        (json!({"page_style": "wavy"}), "page_style"),
        (json!({"entry": 42}), "entry"),
    ] {
        let response = app.put(&day).bearer(&token).json(&body).send().await;
        let error = assert_error(&response, 400, "validation_failed");
        assert_eq!(error["error"]["fields"][0]["field"], field, "{error}");
    }
    let response = app.put(&day).bearer(&token).body("text/plain", "{}").send().await;
    assert_error(&response, 415, "unsupported_media_type");
    assert_eq!(app.journal.calls.count(), calls, "nothing was sent to the journal service");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_persons_or_a_malformed_journal_is_not_found() {
    let app = spawn_app().await;
    let token = app.keys.access_token();
    let id = app.journal.seed("Mine", 3);
    for path in ["/api/journals/jr_someone_elses", "/api/journals/not-even-an-id", "/api/journals/%E2%9C%93"]
    {
        let error = assert_error(&app.get(path).bearer(&token).send().await, 404, "not_found");
        assert_eq!(error["detail"], JOURNAL_NOT_FOUND);
        let response = app.patch(path).bearer(&token).json(&json!({"title": "Mine now"})).send().await;
        assert_error(&response, 404, "not_found");
        let error =
            assert_error(&app.get(&format!("{path}/days/1")).bearer(&token).send().await, 404, "not_found");
        assert_eq!(error["detail"], JOURNAL_NOT_FOUND);
        let response =
            app.put(&format!("{path}/days/1")).bearer(&token).json(&json!({"entry": "x"})).send().await;
        assert_error(&response, 404, "not_found");
    }
    assert!(
        app.journal.calls.of("GetJournal").iter().any(|c| c.message.contains("not-even-an-id")),
        "passed on as it is"
    );
    let error = assert_error(
        &app.get(&format!("/api/journals/{id}/days/4")).bearer(&token).send().await,
        404,
        "not_found",
    );
    assert_eq!(error["detail"], DAY_NOT_FOUND);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journal_routes_need_a_token_and_a_journal_service() {
    let app = spawn_app().await;
    let id = app.journal.seed("Mine", 3);
    for (method, path) in [
        ("POST", "/api/journals".to_owned()),
        ("GET", format!("/api/journals/{id}")),
        ("PATCH", format!("/api/journals/{id}")),
        ("GET", format!("/api/journals/{id}/days/1")),
        ("PUT", format!("/api/journals/{id}/days/1")),
        ("GET", format!("/api/journals/{id}/days/one")),
    ] {
        let response = app.request(method, &path).json(&json!({"entry": "x"})).send().await;
        assert_error(&response, 401, "unauthenticated");
        let response = app.request(method, &path).bearer("not.a.token").send().await;
        assert_error(&response, 401, "unauthenticated");
    }
    assert_eq!(app.journal.calls.count(), 0);
    app.stop().await;

    let app = spawn_app_with(|o| o.journal_down = true).await;
    let token = app.keys.access_token();
    for response in [
        app.get("/api/ai/themes").send().await,
        app.get("/api/journals/jr_1").bearer(&token).send().await,
        app.post("/api/journals").bearer(&token).json(&new_journal()).send().await,
    ] {
        let error = assert_error(&response, 503, "unavailable");
        assert!(!error["detail"].as_str().expect("detail").contains("127.0.0.1"), "{error}");
    }
    app.stop().await;
}
