//! Hand-written auth, user, journal and export services that answer like the real ones and
//! record every call they receive (method, metadata, message), so tests can check what
//! the gateway sent, and that it sent nothing for input it should have refused.

mod export;
mod jobs;
mod journal;
mod provider_keys;

pub use export::{ARTIFACT_GONE, EXPORT_NOT_FOUND, FakeExport, NOT_FINISHED};
pub use jobs::{INITIAL_CREDITS, JOB_NOT_FOUND, NO_CREDITS};
pub use journal::{DAY_NOT_FOUND, FakeJournal, JOURNAL_NOT_FOUND};
pub use provider_keys::{KEY_ACCEPTED, KEY_REFUSED, REVOKED_KEY, mask};

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jc_domain::ProfileType;
use jc_platform::grpc::{SERVICE_TOKEN_METADATA, ServiceCredential, bearer_token};
use jc_platform::telemetry::REQUEST_ID_HEADER;
use jc_platform::{AppError, ErrorCode, FieldError};
use jc_proto::auth::auth_server::Auth;
use jc_proto::auth::{
    Account, ClientInfo, Jwks, LoginRequest, LogoutRequest, LogoutResult, RefreshRequest, RegisterRequest,
    TokenPair,
};
use jc_proto::common::Empty;
use jc_proto::convert::WireEnum;
use jc_proto::user::user_server::User;
use jc_proto::user::{AccountCopy, CreateProfileRequest, Me, Profile, UpdateProfileRequest};
use tonic::{Request, Response, Status};

use super::keys::{TestKeys, USER_ID};

pub const TAKEN_EMAIL: &str = "taken@example.com";
pub const WEAK_PASSWORD: &str = "short";
pub const PASSWORD: &str = "correct horse battery staple";
pub const RATE_LIMITED_EMAIL: &str = "busy@example.com";
pub const FAULTY_EMAIL: &str = "faulty@example.com";
pub const REFRESH_TOKEN: &str = "rt_valid_opaque_refresh_token";
pub const CONFLICT_MESSAGE: &str = "An account with this email already exists.";

/// One call as the fake received it.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: &'static str,
    pub authorization: Option<String>,
    pub service_token: Option<String>,
    pub request_id: Option<String>,
    pub client: Option<ClientInfo>,
    /// The message, as `{:?}` (passwords are redacted by jc-proto).
    pub message: String,
}

#[derive(Default)]
pub struct Recorder(Mutex<Vec<Call>>);

impl Recorder {
    fn record<T: std::fmt::Debug>(
        &self,
        method: &'static str,
        request: &Request<T>,
        client: Option<ClientInfo>,
    ) {
        let metadata = request.metadata();
        let text = |key: &str| metadata.get(key).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let call = Call {
            method,
            authorization: text("authorization"),
            service_token: text(SERVICE_TOKEN_METADATA),
            request_id: text(REQUEST_ID_HEADER),
            client,
            message: format!("{:?}", request.get_ref()),
        };
        self.0.lock().expect("recorder lock").push(call);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.0.lock().expect("recorder lock").clone()
    }

    /// Calls of `method`.
    pub fn of(&self, method: &str) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.method == method).collect()
    }

    pub fn count(&self) -> usize {
        self.0.lock().expect("recorder lock").len()
    }
}

/// The account a call acts for: the `sub` of its access token (the gateway has
/// verified the token; the real services verify it again).
fn token_subject<T>(request: &Request<T>) -> Result<String, Status> {
    let unauthenticated = || AppError::unauthenticated("The access token is not valid.").into_status();
    let token = bearer_token(request.metadata()).ok_or_else(unauthenticated)?;
    let payload = token.split('.').nth(1).ok_or_else(unauthenticated)?;
    let claims: serde_json::Value = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(unauthenticated)?;
    claims["sub"].as_str().map(str::to_owned).ok_or_else(unauthenticated)
}

pub struct FakeAuth {
    pub calls: Recorder,
    pub keys: Arc<TestKeys>,
    credential: ServiceCredential,
    pub jwks_fetches: AtomicU64,
}

impl FakeAuth {
    pub fn new(keys: Arc<TestKeys>, credential: ServiceCredential) -> Self {
        Self { calls: Recorder::default(), keys, credential, jwks_fetches: AtomicU64::new(0) }
    }

    fn check<T>(&self, request: &Request<T>, needs_token: bool) -> Result<(), Status> {
        self.credential.check(request.metadata()).map_err(AppError::into_status)?;
        if needs_token && bearer_token(request.metadata()).is_none() {
            return Err(AppError::unauthenticated("This call needs an access token.").into_status());
        }
        Ok(())
    }

    fn pair(&self) -> TokenPair {
        TokenPair {
            access_token: self.keys.access_token(),
            refresh_token: format!("rt_{}", uuid::Uuid::new_v4().simple()),
            expires_in: 900,
            token_type: "Bearer".into(),
            user_id: USER_ID.into(),
        }
    }
}

fn account(email: &str) -> Account {
    Account {
        id: USER_ID.into(),
        email: email.into(),
        roles: vec!["user".into()],
        email_verified: false,
        created_at: "2026-11-01T09:30:00Z".into(),
    }
}

#[tonic::async_trait]
impl Auth for FakeAuth {
    async fn register(&self, request: Request<RegisterRequest>) -> Result<Response<Account>, Status> {
        self.calls.record("Register", &request, request.get_ref().client.clone());
        self.check(&request, false)?;
        let message = request.into_inner();
        match message.email.as_str() {
            TAKEN_EMAIL => Err(AppError::new(ErrorCode::Conflict, CONFLICT_MESSAGE).into_status()),
            FAULTY_EMAIL => Err(AppError::internal("db at 10.0.0.7 refused: password=hunter2").into_status()),
            _ if message.password == WEAK_PASSWORD => Err(AppError::validation(vec![FieldError::new(
                "password",
                "A password needs at least 8 characters.",
            )])
            .into_status()),
            email => Ok(Response::new(account(email))),
        }
    }

    async fn login(&self, request: Request<LoginRequest>) -> Result<Response<TokenPair>, Status> {
        self.calls.record("Login", &request, request.get_ref().client.clone());
        self.check(&request, false)?;
        let message = request.into_inner();
        if message.email == RATE_LIMITED_EMAIL {
            return Err(AppError::from_code(ErrorCode::RateLimited).with_retry_after(17).into_status());
        }
        if message.password != PASSWORD {
            return Err(AppError::unauthenticated("Invalid email or password.").into_status());
        }
        Ok(Response::new(self.pair()))
    }

    async fn refresh(&self, request: Request<RefreshRequest>) -> Result<Response<TokenPair>, Status> {
        self.calls.record("Refresh", &request, request.get_ref().client.clone());
        self.check(&request, false)?;
        if request.get_ref().refresh_token != REFRESH_TOKEN {
            return Err(AppError::unauthenticated("The refresh token is invalid or expired. Sign in again.")
                .into_status());
        }
        Ok(Response::new(self.pair()))
    }

    async fn logout(&self, request: Request<LogoutRequest>) -> Result<Response<LogoutResult>, Status> {
        self.calls.record("Logout", &request, request.get_ref().client.clone());
        self.check(&request, true)?;
        Ok(Response::new(LogoutResult { ended_session_ids: Vec::new(), deny_seconds: 900 }))
    }

    async fn get_account(&self, request: Request<Empty>) -> Result<Response<Account>, Status> {
        self.calls.record("GetAccount", &request, None);
        self.check(&request, true)?;
        Ok(Response::new(account("ada@example.com")))
    }

    async fn get_jwks(&self, request: Request<Empty>) -> Result<Response<Jwks>, Status> {
        self.check(&request, false)?;
        self.jwks_fetches.fetch_add(1, Ordering::SeqCst);
        Ok(Response::new(Jwks { json: self.keys.jwks_json() }))
    }
}

pub struct FakeUser {
    pub calls: Recorder,
    credential: ServiceCredential,
    /// How many `CreateProfile` calls still fail with `unavailable`.
    pub create_failures: AtomicU32,
    /// Milliseconds `GetMyProfile` takes (for the drain test).
    pub profile_delay_ms: AtomicU64,
    profile: Mutex<Profile>,
    /// The copy of the account, recorded by `CreateProfile` or `RecordMyAccount`.
    pub account: Mutex<Option<AccountCopy>>,
}

impl FakeUser {
    pub fn new(credential: ServiceCredential) -> Self {
        let profile = Profile {
            user_id: USER_ID.into(),
            full_name: "Ada Lovelace".into(),
            profile_type: ProfileType::PersonalJournaler.to_wire(),
            ai_credits: 5,
            created_at: "2026-11-01T09:30:00Z".into(),
            updated_at: "2026-11-01T09:30:00Z".into(),
        };
        Self {
            calls: Recorder::default(),
            credential,
            create_failures: AtomicU32::new(0),
            profile_delay_ms: AtomicU64::new(0),
            profile: Mutex::new(profile),
            account: Mutex::new(None),
        }
    }

    fn check<T>(&self, request: &Request<T>, needs_token: bool) -> Result<(), Status> {
        self.credential.check(request.metadata()).map_err(AppError::into_status)?;
        if needs_token && bearer_token(request.metadata()).is_none() {
            return Err(AppError::unauthenticated("This call needs an access token.").into_status());
        }
        Ok(())
    }

    fn current(&self) -> Profile {
        self.profile.lock().expect("profile lock").clone()
    }
}

#[tonic::async_trait]
impl User for FakeUser {
    async fn create_profile(
        &self,
        request: Request<CreateProfileRequest>,
    ) -> Result<Response<Profile>, Status> {
        self.calls.record("CreateProfile", &request, None);
        self.check(&request, false)?;
        let failures = self.create_failures.load(Ordering::SeqCst);
        if failures > 0 {
            self.create_failures.store(failures - 1, Ordering::SeqCst);
            return Err(AppError::unavailable("database restarting").into_status());
        }
        let message = request.into_inner();
        let mut profile = self.profile.lock().expect("profile lock");
        profile.user_id = message.user_id;
        profile.full_name = message.full_name;
        profile.profile_type = message.profile_type;
        if let Some(account) = message.account {
            *self.account.lock().expect("account lock") = Some(account);
        }
        Ok(Response::new(profile.clone()))
    }

    async fn get_me(&self, request: Request<Empty>) -> Result<Response<Me>, Status> {
        self.calls.record("GetMe", &request, None);
        self.check(&request, true)?;
        let account = self.account.lock().expect("account lock").clone();
        Ok(Response::new(Me { profile: Some(self.current()), account }))
    }

    async fn record_my_account(&self, request: Request<AccountCopy>) -> Result<Response<Me>, Status> {
        self.calls.record("RecordMyAccount", &request, None);
        self.check(&request, true)?;
        let account = request.into_inner();
        *self.account.lock().expect("account lock") = Some(account.clone());
        Ok(Response::new(Me { profile: Some(self.current()), account: Some(account) }))
    }

    async fn get_my_profile(&self, request: Request<Empty>) -> Result<Response<Profile>, Status> {
        self.calls.record("GetMyProfile", &request, None);
        self.check(&request, true)?;
        let delay = self.profile_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        Ok(Response::new(self.current()))
    }

    async fn update_my_profile(
        &self,
        request: Request<UpdateProfileRequest>,
    ) -> Result<Response<Profile>, Status> {
        self.calls.record("UpdateMyProfile", &request, None);
        self.check(&request, true)?;
        let message = request.into_inner();
        let mut profile = self.profile.lock().expect("profile lock");
        if let Some(name) = message.full_name {
            profile.full_name = name;
        }
        if let Some(kind) = message.profile_type {
            profile.profile_type = kind;
        }
        profile.updated_at = chrono::Utc::now().to_rfc3339();
        Ok(Response::new(profile.clone()))
    }

    // Credits are spent by the journal service, never through the gateway: a call
    // here is recorded (so a test would see it) and refused.
    async fn spend_credit(
        &self,
        request: Request<jc_proto::user::CreditRequest>,
    ) -> Result<Response<jc_proto::user::CreditBalance>, Status> {
        self.calls.record("SpendCredit", &request, None);
        Err(Status::permission_denied("the gateway does not spend credits"))
    }

    async fn refund_credit(
        &self,
        request: Request<jc_proto::user::CreditRequest>,
    ) -> Result<Response<jc_proto::user::CreditBalance>, Status> {
        self.calls.record("RefundCredit", &request, None);
        Err(Status::permission_denied("the gateway does not refund credits"))
    }
}
