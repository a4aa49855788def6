//! A journal made by hand, read, edited, written in, duplicated and deleted through
//! the gateway and the journal service — and nobody else's to touch.

use serde_json::{Value, json};

use crate::support::{Platform, error_code, text};

async fn a_journal_lives_through_the_library(platform: Platform) {
    let token = platform.signed_in("Journal Keeper", "personal_journaler").await;
    let (status, themes) = platform.get("/api/ai/themes", None).await;
    assert_eq!(status, 200, "{themes}");
    assert!(themes["count"].as_u64().is_some_and(|n| n >= 7), "{themes}");

    let new = json!({
        "title": "Ninety Quiet Mornings", "subtitle": "<b>not bold</b>", "theme": "mindfulness", "days": 90,
        "customization": {"layout": "single-column", "font_size": "large", "color_scheme": "forest",
                          "paper_type": "standard", "binding_type": "perfect"},
    });
    let (status, journal) = platform.send("POST", "/api/journals", Some(&token), Some(new)).await;
    assert_eq!(status, 201, "{journal}");
    let id = text(&journal, "id");
    assert_eq!(journal["subtitle"], "<b>not bold</b>", "markup is stored as text");
    assert_eq!(journal["days"].as_array().map(Vec::len), Some(90));
    assert_eq!(journal["status"], "draft");

    let (status, library) = platform.get("/api/library/projects?page=1&limit=10", Some(&token)).await;
    assert_eq!(status, 200, "{library}");
    assert_eq!(library["count"], 1);
    assert_eq!(library["projects"][0]["id"], id.as_str());
    assert_eq!(library["projects"][0]["customization"]["color_scheme"], "forest");

    for n in [1, 45, 90] {
        let (status, day) = platform.get(&format!("/api/journals/{id}/days/{n}"), Some(&token)).await;
        assert_eq!(status, 200, "day {n}: {day}");
        assert_eq!(day["day"], n);
    }
    let (status, _) = platform.get(&format!("/api/journals/{id}/days/91"), Some(&token)).await;
    assert_eq!(status, 404);

    let patch = json!({"title": "Ninety Mornings", "description": "One page a day."});
    let (status, changed) =
        platform.send("PATCH", &format!("/api/journals/{id}"), Some(&token), Some(patch)).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["title"], "Ninety Mornings");
    assert_eq!(changed["subtitle"], "<b>not bold</b>");

    let customization = json!({"layout": "magazine", "font_size": "small", "color_scheme": "sepia",
                               "paper_type": "premium", "binding_type": "hardcover"});
    let path = format!("/api/library/projects/{id}");
    let (status, project) = platform.send("PUT", &path, Some(&token), Some(customization.clone())).await;
    assert_eq!(status, 200, "{project}");
    assert_eq!(project["customization"], customization);

    let entry =
        json!({"entry": "Slept well; <script>alert(1)</script> stays text.", "prompt": "What woke you?"});
    let day = format!("/api/journals/{id}/days/3");
    let (status, page) = platform.send("PUT", &day, Some(&token), Some(entry)).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["entry"]["text"], "Slept well; <script>alert(1)</script> stays text.");
    assert_eq!(page["prompt"], "What woke you?");

    let (status, copy) =
        platform.send("POST", &format!("/api/library/projects/{id}/duplicate"), Some(&token), None).await;
    assert_eq!(status, 201, "{copy}");
    let copy_id = text(&copy, "id");
    assert_ne!(copy_id, id);
    let (_, copied_day) = platform.get(&format!("/api/journals/{copy_id}/days/3"), Some(&token)).await;
    assert_eq!(copied_day["entry"]["text"], page["entry"]["text"], "the copy keeps the entries");

    let (status, body) = platform.send("DELETE", &path, Some(&token), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], true);
    let (status, body) = platform.get(&format!("/api/journals/{id}"), Some(&token)).await;
    assert_eq!(error_code(status, &body), "not_found");
    let (_, library) = platform.get("/api/library/projects", Some(&token)).await;
    assert_eq!(library["count"], 1, "only the copy is left: {library}");
    assert_eq!(library["projects"][0]["id"], copy_id.as_str());
}
jc_testkit::on_every_backend!(Platform, workers: 4 => a_journal_lives_through_the_library);

async fn another_persons_journal_is_not_found_on_every_route(platform: Platform) {
    let owner = platform.signed_in("Owner", "personal_journaler").await;
    let other = platform.signed_in("Other", "content_creator").await;
    let new = json!({"title": "Private", "theme": "gratitude", "days": 3});
    let (status, journal) = platform.send("POST", "/api/journals", Some(&owner), Some(new)).await;
    assert_eq!(status, 201, "{journal}");
    let id = text(&journal, "id");

    let customization = json!({"layout": "magazine", "font_size": "small", "color_scheme": "sepia",
                               "paper_type": "premium", "binding_type": "hardcover"});
    let attempts: [(&str, String, Option<Value>); 8] = [
        ("GET", format!("/api/journals/{id}"), None),
        ("PATCH", format!("/api/journals/{id}"), Some(json!({"title": "Mine now"}))),
        ("GET", format!("/api/journals/{id}/days/1"), None),
        ("PUT", format!("/api/journals/{id}/days/1"), Some(json!({"entry": "mine now"}))),
        ("GET", format!("/api/library/projects/{id}"), None),
        ("PUT", format!("/api/library/projects/{id}"), Some(customization)),
        ("POST", format!("/api/library/projects/{id}/duplicate"), None),
        ("DELETE", format!("/api/library/projects/{id}"), None),
    ];
    for (method, path, body) in attempts {
        let (status, response) = platform.send(method, &path, Some(&other), body).await;
        assert_eq!(error_code(status, &response), "not_found", "{method} {path}: {response}");
        assert_eq!(status, 404);
    }
    let (_, library) = platform.get("/api/library/projects", Some(&other)).await;
    assert_eq!(library["count"], 0, "{library}");

    let (status, mine) = platform.get(&format!("/api/journals/{id}"), Some(&owner)).await;
    assert_eq!(status, 200);
    assert_eq!(mine, journal, "nothing the other person tried changed it");
}
jc_testkit::on_every_backend!(Platform, workers: 4 => another_persons_journal_is_not_found_on_every_route);
