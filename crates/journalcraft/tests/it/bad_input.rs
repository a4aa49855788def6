//! Bad input gets the documented error body, never a 500, and stores nothing.

use serde_json::{Value, json};

use crate::support::{PASSWORD, Platform, error_code, read};

fn registration(email: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "full_name": "Test Person", "profile_type": "personal_journaler"})
}

async fn raw(platform: &Platform, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let response = platform
        .http
        .post(platform.url("/api/auth/register"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("request");
    read(response).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn malformed_oversized_and_mistyped_bodies_are_refused_and_nothing_is_stored() {
    let platform = Platform::in_process().await;
    let email = format!("careful-{}@example.com", uuid::Uuid::new_v4().simple());

    let (status, body) = raw(&platform, "application/json", b"{\"email\": ".to_vec()).await;
    assert_eq!((status, error_code(status, &body).as_str()), (400, "bad_request"));

    let mut huge = serde_json::to_vec(&registration(&email)).expect("json");
    huge.splice(1..1, format!("\"padding\": \"{}\",", "x".repeat(2 * 1024 * 1024)).into_bytes());
    let (status, body) = raw(&platform, "application/json", huge).await;
    assert_eq!((status, error_code(status, &body).as_str()), (413, "payload_too_large"));

    let body_bytes = serde_json::to_vec(&registration(&email)).expect("json");
    let (status, body) = raw(&platform, "text/plain", body_bytes).await;
    assert_eq!((status, error_code(status, &body).as_str()), (415, "unsupported_media_type"));

    let mut missing = registration(&email);
    missing.as_object_mut().expect("object").remove("password");
    let (status, body) = platform.post("/api/auth/register", missing).await;
    assert_eq!((status, error_code(status, &body).as_str()), (400, "validation_failed"));

    let mut mistyped = registration(&email);
    mistyped["full_name"] = json!(42);
    let (status, body) = platform.post("/api/auth/register", mistyped).await;
    assert_eq!((status, error_code(status, &body).as_str()), (400, "validation_failed"));

    let mut bad_type = registration(&email);
    bad_type["profile_type"] = json!("wizard");
    let (status, body) = platform.post("/api/auth/register", bad_type).await;
    assert_eq!(error_code(status, &body), "validation_failed");
    assert_eq!(body["error"]["fields"][0]["field"], "profile_type");

    // None of the refused requests stored the account: the email is still free.
    let (status, body) = platform.post("/api/auth/register", registration(&email)).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = platform.post("/api/auth/register", registration(&email.to_uppercase())).await;
    assert_eq!((status, error_code(status, &body).as_str()), (409, "conflict"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn invalid_emails_weak_passwords_and_bad_names_are_refused_by_field() {
    let platform = Platform::in_process().await;
    let cases = [
        (json!({"email": "not-an-email"}), "email"),
        (json!({"email": "two@@example.com"}), "email"),
        (json!({"email": " spaced out@example.com"}), "email"),
        (json!({"password": "short1!"}), "password"),
        (json!({"password": "password123"}), "password"),
        (json!({"password": "x".repeat(129)}), "password"),
        (json!({"full_name": ""}), "full_name"),
        (json!({"full_name": "Bell\u{7}Ringer"}), "full_name"),
        (json!({"full_name": "n".repeat(101)}), "full_name"),
    ];
    for (change, field) in cases {
        let mut body = registration(&format!("f-{}@example.com", uuid::Uuid::new_v4().simple()));
        for (key, value) in change.as_object().expect("object") {
            body[key] = value.clone();
        }
        let (status, response) = platform.post("/api/auth/register", body.clone()).await;
        assert_eq!(error_code(status, &response), "validation_failed", "{body}");
        let fields: Vec<_> = response["error"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].clone())
            .collect();
        assert!(fields.contains(&json!(field)), "{field} named for {body}: {response}");
    }

    // A password containing the email's local part.
    let mut body = registration("moonlight.writer@example.com");
    body["password"] = json!("MoonLight.Writer-1999");
    let (status, response) = platform.post("/api/auth/register", body).await;
    assert_eq!(error_code(status, &response), "validation_failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unicode_names_are_kept_as_written() {
    let platform = Platform::in_process().await;
    for name in ["Zoë 🌱 Brontë", "نور الهدى", "Ame\u{301}lie", "李小龍", "O'Brien-Smith"] {
        let mut body = registration(&format!("u-{}@example.com", uuid::Uuid::new_v4().simple()));
        body["full_name"] = json!(name);
        let (status, response) = platform.post("/api/auth/register", body).await;
        assert_eq!(status, 201, "{name}: {response}");
        assert_eq!(response["user"]["full_name"], name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn missing_expired_and_foreign_tokens_are_refused() {
    let platform = Platform::in_process().await;
    let (status, body) = platform.get("/api/auth/me", None).await;
    assert_eq!((status, error_code(status, &body).as_str()), (401, "unauthenticated"));
    let stranger = jc_testkit::tokens::TestSigner::new();
    let forged = stranger.token_for(uuid::Uuid::new_v4());
    assert_eq!(platform.get("/api/auth/me", Some(&forged)).await.0, 401);
    let (email, _) = platform.register("Token Holder", "personal_journaler").await;
    let (_, refresh) = platform.login(&email).await;
    assert_eq!(
        platform.get("/api/auth/me", Some(&refresh)).await.0,
        401,
        "a refresh token is no access token"
    );
    let (status, body) = platform.post("/api/auth/refresh", json!({"refresh_token": "made-up"})).await;
    assert_eq!((status, error_code(status, &body).as_str()), (401, "unauthenticated"));
}
