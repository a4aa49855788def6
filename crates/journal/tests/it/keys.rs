//! A person's own provider key: stored encrypted, shown masked, deleted, tested
//! against the configured endpoint; refused without a key encryption key.

use std::sync::{Arc, Mutex};

use jc_proto::common::Empty;
use jc_proto::journal::{SetProviderKeyRequest, TestProviderKeyRequest};
use jc_testkit::Backend;
use jc_testkit::fake_openai::{FakeOpenAi, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::support::error_fields;
use crate::support::platform::{Options, Platform, request};

const KEY: &str = "sk-test-abcdefghijklmnopqrstuvwxyz1234";

fn with_key_encryption() -> Options {
    Options { key_encryption_key: Some("5e".repeat(32)), ..Options::default() }
}

fn set(key: &str) -> SetProviderKeyRequest {
    SetProviderKeyRequest { provider: "openai".into(), api_key: key.into() }
}

async fn a_key_is_stored_encrypted_shown_masked_and_deleted(platform: Platform) {
    let mut client = platform.journal.client.clone();
    let (owner, other) = (Uuid::new_v4(), Uuid::new_v4());
    let none = client.get_provider_key(platform.call(owner, Empty {})).await.expect("get").into_inner();
    assert_eq!((none.stored, none.masked_key), (false, None));

    let stored = client.set_provider_key(platform.call(owner, set(KEY))).await.expect("set").into_inner();
    assert_eq!((stored.stored, stored.provider.as_str()), (true, "openai"));
    assert_eq!(stored.masked_key.as_deref(), Some("sk-…1234"));
    assert!(stored.updated_at.is_some());
    let read = client.get_provider_key(platform.call(owner, Empty {})).await.expect("get").into_inner();
    assert_eq!(read, stored, "the masked form, never the key");
    let theirs = client.get_provider_key(platform.call(other, Empty {})).await.expect("get").into_inner();
    assert!(!theirs.stored, "a key is its owner's only");

    let user = owner.to_string();
    let row = platform
        .journal
        .db
        .run(move |conn| Ok(jc_journal::store::keys::find_key(conn, &user)?))
        .await
        .expect("read")
        .expect("a row");
    assert_ne!(row.ciphertext, KEY.as_bytes());
    assert!(
        !row.ciphertext.windows(8).any(|w| KEY.as_bytes().windows(8).any(|k| k == w)),
        "no piece of the key"
    );
    assert_eq!(row.nonce.len(), 12);

    let replaced = client
        .set_provider_key(platform.call(owner, set("sk-other-0000000000000000000000009876")))
        .await
        .expect("replace")
        .into_inner();
    assert_eq!(replaced.masked_key.as_deref(), Some("sk-…9876"));
    assert_eq!(platform.rows_of("provider_keys", owner).await, 1);

    let deleted =
        client.delete_provider_key(platform.call(owner, Empty {})).await.expect("delete").into_inner();
    assert!(!deleted.stored);
    let gone = client.get_provider_key(platform.call(owner, Empty {})).await.expect("get").into_inner();
    assert!(!gone.stored);
    assert_eq!(platform.rows_of("provider_keys", owner).await, 0);
    client.delete_provider_key(platform.call(owner, Empty {})).await.expect("deleting nothing is fine");
}
jc_testkit::on_every_backend!(
    Platform, options: with_key_encryption() =>
    a_key_is_stored_encrypted_shown_masked_and_deleted,
);

async fn bad_keys_are_refused_by_field(platform: Platform) {
    let mut client = platform.journal.client.clone();
    let owner = Uuid::new_v4();
    let cases = [
        (SetProviderKeyRequest { provider: "anthropic".into(), api_key: KEY.into() }, vec!["provider"]),
        (set("sk-short"), vec!["api_key"]),
        (set(&"k".repeat(201)), vec!["api_key"]),
        (set("sk-with a space-0123456789abcdef"), vec!["api_key"]),
        (set("sk-<script>alert(1)</script>\u{7}-xyz"), vec!["api_key"]),
        (
            SetProviderKeyRequest { provider: String::new(), api_key: String::new() },
            vec!["provider", "api_key"],
        ),
    ];
    for (request, fields) in cases {
        let status =
            client.set_provider_key(platform.call(owner, request.clone())).await.expect_err("refused");
        assert_eq!(error_fields(&status), fields, "{:?}", request.provider);
        let test = TestProviderKeyRequest { provider: request.provider, api_key: request.api_key };
        let status = client.test_provider_key(platform.call(owner, test)).await.expect_err("refused");
        assert_eq!(error_fields(&status), fields);
    }
    assert_eq!(platform.rows_of("provider_keys", owner).await, 0);
}
jc_testkit::on_every_backend!(Platform, options: with_key_encryption() => bad_keys_are_refused_by_field);

async fn without_a_key_encryption_key_nothing_is_stored(platform: Platform) {
    let owner = Uuid::new_v4();
    let status = platform
        .journal
        .client
        .clone()
        .set_provider_key(platform.call(owner, set(KEY)))
        .await
        .expect_err("refused");
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert!(status.message().contains("journal.key_encryption_key"), "{}", status.message());
    assert_eq!(platform.rows_of("provider_keys", owner).await, 0);
}
jc_testkit::on_every_backend!(Platform => without_a_key_encryption_key_nothing_is_stored);

async fn keys_are_tested_against_the_configured_endpoint(backend: Backend) {
    let owner = Uuid::new_v4();
    let test = |key: &str| TestProviderKeyRequest { provider: "openai".into(), api_key: key.into() };
    {
        let Some(platform) = Platform::start(backend, Options::default()).await else { return };
        let verdict = platform
            .journal
            .client
            .clone()
            .test_provider_key(platform.call(owner, test(KEY)))
            .await
            .expect("test");
        let verdict = verdict.into_inner();
        assert!(!verdict.valid);
        assert!(verdict.message.contains("could not connect to http://127.0.0.1:9"), "{}", verdict.message);
    }

    let endpoint = FakeEndpoint::start().await;
    let options = Options { openai_base_url: Some(format!("{}/v1/", endpoint.url)), ..Options::default() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let mut client = platform.journal.client.clone();
    let accepted =
        client.test_provider_key(platform.call(owner, test(KEY))).await.expect("test").into_inner();
    assert!(accepted.valid, "{accepted:?}");
    assert!(accepted.message.starts_with("The key was accepted"), "{accepted:?}");
    let refused = client
        .test_provider_key(platform.call(owner, test("sk-wrong-0123456789abcdefgh")))
        .await
        .expect("test")
        .into_inner();
    assert_eq!(
        (refused.valid, refused.message.as_str()),
        (false, "The provider refused this key (HTTP 401).")
    );
    let broken = client
        .test_provider_key(platform.call(owner, test("sk-broken-0123456789abcdefg")))
        .await
        .expect("test")
        .into_inner();
    assert!(!broken.valid && broken.message.contains("HTTP 500"), "{broken:?}");
    let seen = endpoint.requests();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|(line, _)| line == "GET /v1/models HTTP/1.1"), "{seen:?}");
    assert_eq!(seen[0].1.as_deref(), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(platform.rows_of("provider_keys", owner).await, 0, "testing stores nothing");
}
jc_testkit::on_every_backend!(Backend => keys_are_tested_against_the_configured_endpoint);

async fn a_person_with_a_key_of_their_own_gets_the_openai_writer_on_it(backend: Backend) {
    let fake = FakeOpenAi::replying(vec![Reply::json(&jc_testkit::fake_openai::journal(1, 5))]).await;
    let options = Options { openai_base_url: Some(fake.base_url.clone()), ..with_key_encryption() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let (owner, other) = (Uuid::new_v4(), Uuid::new_v4());
    let mut client = platform.journal.client.clone();
    client.set_provider_key(platform.call(owner, set(KEY))).await.expect("set");

    let job = platform.generate(owner, request(5)).await.expect("started");
    assert_eq!(job.provider, "openai");
    let done = platform.finished(owner, &job.id).await;
    assert_eq!((done.status().word(), done.error.as_deref()), ("completed", None), "{done:?}");
    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    let journal_id = done.journal_id.expect("a journal");
    let reference = jc_proto::journal::JournalRef { id: journal_id };
    let journal = client.get_journal(platform.call(owner, reference)).await.expect("read").into_inner();
    let summary = journal.journal.expect("summary");
    assert_eq!((summary.title.as_str(), journal.days.len()), ("Where Stillness Gathers", 5));

    let theirs = platform.generate(other, request(5)).await.expect("started");
    assert_eq!(theirs.provider, "builtin", "without a key of one's own, the deployment's writer");
    assert_eq!(platform.finished(other, &theirs.id).await.status().word(), "completed");
    assert_eq!(fake.requests().len(), 1, "nobody else's job used the key");
}
jc_testkit::on_every_backend!(Backend => a_person_with_a_key_of_their_own_gets_the_openai_writer_on_it);

async fn a_stored_key_the_endpoint_refuses_fails_the_job_and_refunds(backend: Backend) {
    let fake = FakeOpenAi::replying(vec![Reply::error(401, "Incorrect API key provided", None)]).await;
    let options = Options { openai_base_url: Some(fake.base_url.clone()), ..with_key_encryption() };
    let Some(platform) = Platform::start(backend, options).await else { return };
    let owner = Uuid::new_v4();
    platform.journal.client.clone().set_provider_key(platform.call(owner, set(KEY))).await.expect("set");
    let job = platform.generate(owner, request(3)).await.expect("started");
    let done = platform.finished(owner, &job.id).await;
    assert_eq!(done.status().word(), "failed");
    let reason = done.error.expect("a reason");
    assert!(reason.contains("refused") && !reason.contains(KEY), "{reason}");
    assert_eq!(done.attempts, 1, "a refused key is not retried");
    platform.wait_for_credits(owner, 10).await;
    assert_eq!(platform.rows_of("journals", owner).await, 0);
}
jc_testkit::on_every_backend!(Backend => a_stored_key_the_endpoint_refuses_fails_the_job_and_refunds);

/// A local HTTP endpoint that answers `/models` like an OpenAI-compatible API: 200
/// for [`KEY`], 500 for a key containing "broken", 401 otherwise.
struct FakeEndpoint {
    url: String,
    requests: Arc<Mutex<Vec<Seen>>>,
}

/// A request line and its `Authorization` header.
type Seen = (String, Option<String>);

impl FakeEndpoint {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let seen = seen.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    let line = head.lines().next().unwrap_or_default().to_owned();
                    let authorization = head
                        .lines()
                        .find_map(|l| {
                            l.split_once(':').filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
                        })
                        .map(|(_, value)| value.trim().to_owned());
                    let status = match authorization.as_deref() {
                        Some(value) if value == format!("Bearer {KEY}") => "200 OK",
                        Some(value) if value.contains("broken") => "500 Internal Server Error",
                        _ => "401 Unauthorized",
                    };
                    seen.lock().expect("requests").push((line, authorization));
                    let body = r#"{"object":"list","data":[]}"#;
                    let response = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                });
            }
        });
        Self { url, requests }
    }

    fn requests(&self) -> Vec<Seen> {
        self.requests.lock().expect("requests").clone()
    }
}
