//! `TestApp`: the real auth gRPC server on 127.0.0.1:0 over a fresh database, a
//! client that presents the service credential, and direct access to the tables; a
//! [`Fixture`], so that `jc_testkit::on_every_backend!(TestApp => …)` runs a scenario
//! on SQLite and on PostgreSQL.

use jc_auth::Settings;
use jc_auth::store::accounts::AccountRow;
use jc_auth::store::events::EventRow;
use jc_auth::store::sessions::SessionRow;
use jc_auth::store::{accounts, events, sessions};
use jc_platform::cache::Cache;
use jc_platform::component::Context;
use jc_platform::config::Environment;
use jc_platform::db::Database;
use jc_platform::grpc::{CallContext, ServiceCredential};
use jc_platform::health::Health;
use jc_platform::{AppError, ErrorCode};
use jc_proto::auth::auth_client::AuthClient;
use jc_proto::auth::{self as pb};
use jc_testkit::{Backend, Fixture, Served, TestDatabase};
use secrecy::SecretString;
use tonic::transport::Channel;

/// The password most tests register with.
pub const PASSWORD: &str = "violet-harbour-lantern";

pub struct TestApp {
    pub client: AuthClient<Channel>,
    pub credential: ServiceCredential,
    pub cache: Cache,
    pub health: Health,
    /// A second pool on the service's database, for looking at and arranging rows.
    pub db: Database,
    pub settings: Settings,
    pub address: std::net::SocketAddr,
    _served: Served<jc_auth::AuthServeError>,
    _database: TestDatabase,
}

impl TestApp {
    /// Starts the service on `backend` (its database: a SQLite file, or a PostgreSQL
    /// schema); `None` (test skipped) when PostgreSQL is absent.
    pub async fn spawn(backend: Backend) -> Option<Self> {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> Option<Self> {
        let database = jc_testkit::database(backend)?;
        let mut settings = Settings {
            signing_key: Some(SecretString::from(jc_auth::keys::generate_private_key_pem())),
            database: database.settings.clone(),
            password_hash_concurrency: 4,
            ..Settings::default()
        };
        configure(&mut settings);
        let credential = ServiceCredential::new(jc_testkit::service_token());
        let context = Context::new(Environment::Test, credential.clone());
        let (cache, health) = (context.cache.clone(), context.health.clone());
        let served = Served::grpc("auth", &context, |listener| {
            jc_auth::serve(settings.clone(), context.clone(), listener)
        })
        .await;
        let db = jc_platform::component::database_of::<jc_auth::AuthComponent>(&settings).expect("database");
        let app = Self {
            client: AuthClient::new(served.channel.clone()),
            credential,
            cache,
            health,
            db,
            settings,
            address: served.address,
            _served: served,
            _database: database,
        };
        Some(app)
    }

    /// A request carrying the service credential.
    pub fn call<T>(&self, message: T) -> tonic::Request<T> {
        CallContext::new(uuid::Uuid::new_v4().to_string()).request(&self.credential, message)
    }

    /// A request carrying the service credential and a person's access token.
    pub fn call_as<T>(&self, access_token: &str, message: T) -> tonic::Request<T> {
        CallContext::new(uuid::Uuid::new_v4().to_string())
            .with_token(access_token)
            .request(&self.credential, message)
    }

    pub async fn register(&self, email: &str, password: &str) -> Result<pb::Account, AppError> {
        let request =
            pb::RegisterRequest { email: email.into(), password: password.into(), client: client() };
        let response = self.client.clone().register(self.call(request)).await;
        response.map(tonic::Response::into_inner).map_err(|status| AppError::from_status(&status))
    }

    pub async fn login(&self, email: &str, password: &str) -> Result<pb::TokenPair, AppError> {
        let request = pb::LoginRequest { email: email.into(), password: password.into(), client: client() };
        let response = self.client.clone().login(self.call(request)).await;
        response.map(tonic::Response::into_inner).map_err(|status| AppError::from_status(&status))
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<pb::TokenPair, AppError> {
        let request = pb::RefreshRequest { refresh_token: refresh_token.into(), client: client() };
        let response = self.client.clone().refresh(self.call(request)).await;
        response.map(tonic::Response::into_inner).map_err(|status| AppError::from_status(&status))
    }

    pub async fn logout(&self, access_token: &str, all_sessions: bool) -> Result<(), AppError> {
        let request = pb::LogoutRequest { all_sessions, client: client() };
        let response = self.client.clone().logout(self.call_as(access_token, request)).await;
        response.map(|_| ()).map_err(|status| AppError::from_status(&status))
    }

    pub async fn get_account(&self, access_token: &str) -> Result<pb::Account, AppError> {
        let request = self.call_as(access_token, jc_proto::common::Empty {});
        let response = self.client.clone().get_account(request).await;
        response.map(tonic::Response::into_inner).map_err(|status| AppError::from_status(&status))
    }

    pub async fn jwks(&self) -> serde_json::Value {
        let response = self.client.clone().get_jwks(self.call(jc_proto::common::Empty {})).await;
        let json = response.expect("jwks").into_inner().json;
        serde_json::from_str(&json).expect("the JWKS is JSON")
    }

    /// Registers an account with [`PASSWORD`] and signs it in.
    pub async fn signed_in(&self, email: &str) -> (pb::Account, pb::TokenPair) {
        let account = self.register(email, PASSWORD).await.expect("register");
        let tokens = self.login(email, PASSWORD).await.expect("login");
        (account, tokens)
    }

    pub async fn account_row(&self, email: &str) -> Option<AccountRow> {
        let email = email.to_owned();
        self.db.run(move |conn| Ok(accounts::find_by_email(conn, &email)?)).await.expect("query")
    }

    pub async fn insert_account(&self, row: AccountRow) {
        self.db.run(move |conn| Ok(accounts::insert(conn, &row)?)).await.expect("insert an account");
    }

    pub async fn session_row(&self, id: &str) -> SessionRow {
        let id = id.to_owned();
        self.db.run(move |conn| Ok(sessions::find(conn, &id)?)).await.expect("query").expect("session exists")
    }

    pub async fn sessions_of(&self, user_id: &str) -> Vec<SessionRow> {
        let id = user_id.to_owned();
        self.db.run(move |conn| Ok(sessions::of_user(conn, &id)?)).await.expect("query")
    }

    pub async fn event_kinds(&self, user_id: &str) -> Vec<String> {
        self.events_of(user_id).await.into_iter().map(|e| e.kind).collect()
    }

    pub async fn events_of(&self, user_id: &str) -> Vec<EventRow> {
        let id = user_id.to_owned();
        self.db.run(move |conn| Ok(events::for_user(conn, &id)?)).await.expect("query")
    }

    pub async fn events_for_email(&self, email: &str) -> Vec<EventRow> {
        let email = email.to_owned();
        self.db.run(move |conn| Ok(events::for_email(conn, &email)?)).await.expect("query")
    }

    /// Runs SQL against the service's database (to arrange a state).
    pub async fn execute(&self, sql: String) {
        use diesel::RunQueryDsl;
        self.db.run(move |conn| Ok(diesel::sql_query(sql.clone()).execute(conn)?)).await.expect("sql");
    }
}

impl Fixture for TestApp {
    type Options = ();

    async fn start(backend: Backend, (): ()) -> Option<Self> {
        Self::spawn(backend).await
    }
}

/// The client info every test request carries.
pub fn client() -> Option<pb::ClientInfo> {
    Some(pb::ClientInfo { ip: "203.0.113.7".into(), user_agent: "journalcraft-tests/1.0".into() })
}

/// Asserts that `result` failed with `code`, and returns the error.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(result: Result<T, AppError>, code: ErrorCode) -> AppError {
    match result {
        Ok(value) => panic!("expected {code}, got {value:?}"),
        Err(error) => {
            assert_eq!(error.code, code, "{error}");
            error
        }
    }
}
