//! `spawn_app`: the gateway on port 0 in front of fake auth, user, journal and export services, with a
//! client and the fakes' records.

pub mod fakes;
pub mod http;
pub mod keys;
pub mod logs;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use jc_gateway::GatewayComponent;
use jc_gateway::Settings;
use jc_platform::cache::Cache;
use jc_platform::component::{Component, Context, Shared};
use jc_platform::config::{Environment, ServiceUrls};
use jc_platform::grpc::ServiceCredential;
use jc_platform::health::Health;
use jc_proto::auth::auth_server::AuthServer;
use jc_proto::export::export_server::ExportServer;
use jc_proto::journal::journal_server::JournalServer;
use jc_proto::user::user_server::UserServer;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use self::fakes::{FakeAuth, FakeExport, FakeJournal, FakeUser};
use self::http::{RequestBuilder, Response};
use self::keys::{AUDIENCE, ISSUER, TestKeys};

pub struct Options {
    pub settings: Settings,
    /// Point the auth URL at a closed port.
    pub auth_down: bool,
    /// Point the user URL at a closed port.
    pub user_down: bool,
    /// Point the journal URL at a closed port.
    pub journal_down: bool,
    /// Point the export URL at a closed port.
    pub export_down: bool,
    /// Keep the deny list on this Redis (a key prefix of the test's own) instead of in
    /// memory, so the gateway runs its replica of it.
    pub redis_url: Option<String>,
    /// The Redis key prefix (default: one of the test's own); replicas that share one
    /// share their rate limits and deny list.
    pub redis_prefix: Option<String>,
}

pub struct TestApp {
    pub address: SocketAddr,
    pub auth: Arc<FakeAuth>,
    pub user: Arc<FakeUser>,
    pub journal: Arc<FakeJournal>,
    pub export: Arc<FakeExport>,
    pub keys: Arc<TestKeys>,
    pub cache: Cache,
    pub health: Health,
    pub credential: String,
    pub shutdown: CancellationToken,
    pub server: JoinHandle<std::io::Result<()>>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Options)) -> TestApp {
    logs::init();
    let mut options = Options {
        settings: Settings { workers: 2, ..Settings::default() },
        auth_down: false,
        user_down: false,
        journal_down: false,
        export_down: false,
        redis_url: None,
        redis_prefix: None,
    };
    configure(&mut options);

    let token =
        SecretString::from(format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple()));
    let credential = ServiceCredential::new(token.clone());
    let keys = Arc::new(TestKeys::generate("test-key-1"));
    let shutdown = CancellationToken::new();

    let auth = Arc::new(FakeAuth::new(keys.clone(), credential.clone()));
    let user = Arc::new(FakeUser::new(credential.clone()));
    let journal = Arc::new(FakeJournal::new(credential.clone()));
    let export = Arc::new(FakeExport::new(credential.clone()));
    let auth_url = if options.auth_down {
        jc_testkit::closed_url()
    } else {
        serve_fake(tonic::service::Routes::new(AuthServer::from_arc(auth.clone())), &shutdown).await
    };
    let user_url = if options.user_down {
        jc_testkit::closed_url()
    } else {
        serve_fake(tonic::service::Routes::new(UserServer::from_arc(user.clone())), &shutdown).await
    };
    let journal_url = if options.journal_down {
        jc_testkit::closed_url()
    } else {
        serve_fake(tonic::service::Routes::new(JournalServer::from_arc(journal.clone())), &shutdown).await
    };
    let export_url = if options.export_down {
        jc_testkit::closed_url()
    } else {
        serve_fake(tonic::service::Routes::new(ExportServer::from_arc(export.clone())), &shutdown).await
    };

    let cache = match options.redis_url {
        Some(url) => Cache::from_settings(&jc_platform::config::RedisSettings {
            url: Some(SecretString::from(url)),
            key_prefix: options.redis_prefix.clone().unwrap_or_else(jc_testkit::unique_prefix),
        })
        .expect("cache"),
        None => Cache::memory(),
    };
    // The tokens' issuer and audience are the auth service's; how strictly they are
    // checked is the gateway's to say, as in a deployment.
    let mut shared = Shared::default();
    GatewayComponent::share(&options.settings, &mut shared);
    shared.tokens.issuer = ISSUER.to_owned();
    shared.tokens.audience = AUDIENCE.to_owned();
    let mut services = ServiceUrls::default()
        .with("auth", auth_url)
        .with("user", user_url)
        .with("journal", journal_url)
        .with("export", export_url);
    services.request_timeout_ms = 5_000;
    let ctx = Context {
        cache: cache.clone(),
        services,
        tokens: shared.tokens,
        drain_timeout: Duration::from_secs(5),
        shutdown: shutdown.clone(),
        ..Context::new(Environment::Test, credential)
    };
    let health = ctx.health.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the gateway");
    let address = listener.local_addr().expect("gateway address");
    let server = tokio::spawn(jc_gateway::serve(options.settings, ctx, listener));
    TestApp {
        address,
        auth,
        user,
        journal,
        export,
        keys,
        cache,
        health,
        credential: token.expose_secret().to_owned(),
        shutdown,
        server,
    }
}

/// Serves a fake's `routes` on a free port until `shutdown`; its URL.
pub async fn serve_fake(routes: tonic::service::Routes, shutdown: &CancellationToken) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a fake service");
    let address = listener.local_addr().expect("fake address");
    tokio::spawn(jc_platform::grpc::serve(listener, routes, shutdown.clone()));
    format!("http://{address}")
}

impl TestApp {
    pub fn request(&self, method: &str, path: &str) -> RequestBuilder {
        RequestBuilder::new(self.address, method, path)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request("GET", path)
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.request("POST", path)
    }

    pub fn patch(&self, path: &str) -> RequestBuilder {
        self.request("PATCH", path)
    }

    pub fn put(&self, path: &str) -> RequestBuilder {
        self.request("PUT", path)
    }

    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.request("DELETE", path)
    }

    /// Opens a WebSocket on `path` (with its query string).
    pub async fn websocket(&self, path: &str) -> jc_testkit::ws::Upgrade {
        jc_testkit::ws::connect(self.address, path, &[]).await
    }

    /// A genuine access token for another account than [`keys::USER_ID`].
    pub fn other_user_token(&self) -> String {
        self.keys.sign(&keys::claims_with(json!({"sub": keys::OTHER_USER_ID})))
    }

    pub async fn register(&self, body: &Value) -> Response {
        self.post("/api/auth/register").json(body).send().await
    }

    /// Stops the gateway and the fakes.
    pub async fn stop(self) {
        self.shutdown.cancel();
        let _ = tokio::time::timeout(Duration::from_secs(10), self.server).await;
    }
}

/// A valid registration body.
pub fn registration() -> Value {
    json!({
        "email": "ada@example.com",
        "password": fakes::PASSWORD,
        "full_name": "Ada Lovelace",
        "profile_type": "personal_journaler",
    })
}

/// Asserts the error body of API.md and returns it.
#[track_caller]
pub fn assert_error(response: &Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status, status, "body: {}", response.text());
    let body = response.json();
    assert_eq!(body["error"]["code"], code, "body: {body}");
    let message = body["error"]["message"].as_str().expect("a message");
    assert!(!message.is_empty());
    assert_eq!(body["detail"], message, "detail repeats the message");
    let request_id = body["error"]["request_id"].as_str().expect("a request id");
    assert!(!request_id.is_empty());
    assert_eq!(response.header("x-request-id"), Some(request_id), "the body's id is the header's");
    assert!(body["error"]["fields"].is_array(), "fields is a list: {body}");
    assert!(response.header("content-type").is_some_and(|t| t.starts_with("application/json")));
    body
}

/// The names of the fields a validation error names, in its order.
pub fn error_fields(error: &Value) -> Vec<&str> {
    error["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field name"))
        .collect()
}

/// Asserts that `object` has each of `fields` (it may have more).
#[track_caller]
pub fn assert_fields(object: &Value, fields: &[&str]) {
    let map = object.as_object().unwrap_or_else(|| panic!("an object: {object}"));
    for field in fields {
        assert!(map.contains_key(*field), "{field} is missing from {object}");
    }
}
