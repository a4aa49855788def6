//! The gRPC API of the auth service (`proto/auth.proto`). Each action lives in its
//! own file under `service/`; this file holds what they share.

mod account;
mod login;
mod logout;
mod refresh;
mod register;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use jc_platform::AppResult;
use jc_platform::cache::Cache;
use jc_platform::db::Database;
use jc_platform::identity::{Caller, TokenVerifier};
use jc_proto::auth::{self as pb, auth_server::Auth};
use jc_proto::common::Empty;
use tonic::{Request, Response, Status};

use crate::keys::KeyRing;
use crate::password::PasswordHasher;
use crate::settings::Settings;
use crate::store::accounts::AccountRow;
use crate::store::events::{EventKind, EventRow};
use crate::tokens::TokenIssuer;

/// The most of a user agent kept in the event log, in characters.
const USER_AGENT_MAX_CHARS: usize = 512;
/// The most of an IP address kept, in characters (IPv6 with a zone fits).
const IP_MAX_CHARS: usize = 64;

/// The auth service: accounts, passwords, sessions and tokens.
pub struct AuthService {
    db: Database,
    hasher: PasswordHasher,
    keys: Arc<KeyRing>,
    issuer: TokenIssuer,
    verifier: TokenVerifier,
    cache: Cache,
    idle_timeout: chrono::Duration,
    absolute_lifetime: chrono::Duration,
    access_token_ttl: Duration,
}

impl AuthService {
    pub fn new(
        settings: &Settings,
        keys: KeyRing,
        db: Database,
        hasher: PasswordHasher,
        cache: Cache,
    ) -> Self {
        let keys = Arc::new(keys);
        let access_token_ttl = Duration::from_secs(settings.access_token_ttl_seconds);
        let issuer = TokenIssuer::new(
            keys.clone(),
            settings.issuer.clone(),
            settings.audience.clone(),
            access_token_ttl,
        );
        let verifier = issuer.verifier();
        Self {
            db,
            hasher,
            keys,
            issuer,
            verifier,
            cache,
            idle_timeout: seconds(settings.session_idle_timeout_seconds),
            absolute_lifetime: seconds(settings.session_absolute_lifetime_seconds),
            access_token_ttl,
        }
    }

    /// The verified person a call acts for. The deny list is the gateway's to check
    /// (once per request, at the edge); reading it again here would add a Redis round
    /// trip to every authenticated call for no gain, since only the gateway is public.
    async fn caller(&self, metadata: &tonic::metadata::MetadataMap) -> AppResult<Caller> {
        jc_platform::grpc::caller(metadata, &self.verifier).await
    }

    /// The response of a sign-in or a refresh.
    fn token_pair(
        &self,
        account: &AccountRow,
        session_id: &str,
        refresh_token: String,
    ) -> AppResult<pb::TokenPair> {
        let access = self.issuer.issue(&account.id, session_id, account.roles(), Utc::now())?;
        Ok(pb::TokenPair {
            access_token: access.token,
            refresh_token,
            expires_in: self.issuer.ttl_seconds(),
            token_type: "Bearer".into(),
            user_id: account.id.clone(),
        })
    }
}

/// A lifetime from the settings; capped at a century so that adding it to a date
/// cannot overflow (validation already allows at most ten years).
fn seconds(value: u64) -> chrono::Duration {
    const CENTURY: i64 = 100 * 365 * 24 * 3600;
    chrono::Duration::seconds(i64::try_from(value).unwrap_or(CENTURY).min(CENTURY))
}

/// Where a request came from, as the event log keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl From<Option<pb::ClientInfo>> for Client {
    fn from(info: Option<pb::ClientInfo>) -> Self {
        let info = info.unwrap_or_default();
        Self { ip: clip(&info.ip, IP_MAX_CHARS), user_agent: clip(&info.user_agent, USER_AGENT_MAX_CHARS) }
    }
}

/// `value` trimmed and cut to `max` characters; `None` when empty.
pub(crate) fn clip(value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.chars().take(max).collect())
}

impl Client {
    pub(crate) fn event(
        &self,
        kind: EventKind,
        user_id: Option<&str>,
        email: Option<&str>,
        now: NaiveDateTime,
    ) -> EventRow {
        EventRow {
            id: crate::store::new_id(),
            user_id: user_id.map(str::to_owned),
            email: email.map(str::to_owned),
            kind: kind.as_str().to_owned(),
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
            created_at: now,
        }
    }
}

pub(crate) fn account_message(row: &AccountRow) -> pb::Account {
    pb::Account {
        id: row.id.clone(),
        email: row.email.clone(),
        roles: row.roles(),
        email_verified: row.email_verified,
        created_at: rfc3339(row.created_at),
    }
}

fn rfc3339(time: NaiveDateTime) -> String {
    DateTime::<Utc>::from_naive_utc_and_offset(time, Utc).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Turns the outcome of an action into a gRPC response.
fn respond<T>(result: AppResult<T>) -> Result<Response<T>, Status> {
    match result {
        Ok(message) => Ok(Response::new(message)),
        Err(error) => {
            if !error.is_opaque() {
                error.log();
            }
            Err(error.into_status())
        }
    }
}

#[tonic::async_trait]
impl Auth for AuthService {
    async fn register(&self, request: Request<pb::RegisterRequest>) -> Result<Response<pb::Account>, Status> {
        respond(self.register_account(request.into_inner()).await)
    }

    async fn login(&self, request: Request<pb::LoginRequest>) -> Result<Response<pb::TokenPair>, Status> {
        respond(self.sign_in(request.into_inner()).await)
    }

    async fn refresh(&self, request: Request<pb::RefreshRequest>) -> Result<Response<pb::TokenPair>, Status> {
        respond(self.refresh_session(request.into_inner()).await)
    }

    async fn logout(
        &self,
        request: Request<pb::LogoutRequest>,
    ) -> Result<Response<pb::LogoutResult>, Status> {
        let result = match self.caller(request.metadata()).await {
            Ok(caller) => self.sign_out(caller, request.into_inner()).await,
            Err(error) => Err(error),
        };
        respond(result)
    }

    async fn get_account(&self, request: Request<Empty>) -> Result<Response<pb::Account>, Status> {
        let result = match self.caller(request.metadata()).await {
            Ok(caller) => self.account_of(caller).await,
            Err(error) => Err(error),
        };
        respond(result)
    }

    async fn get_jwks(&self, _request: Request<Empty>) -> Result<Response<pb::Jwks>, Status> {
        Ok(Response::new(pb::Jwks { json: self.keys.jwks_json().to_owned() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_info_is_trimmed_and_bounded() {
        let client =
            Client::from(Some(pb::ClientInfo { ip: " 203.0.113.9 ".into(), user_agent: "x".repeat(2000) }));
        assert_eq!(client.ip.as_deref(), Some("203.0.113.9"));
        assert_eq!(client.user_agent.map(|ua| ua.len()), Some(USER_AGENT_MAX_CHARS));
        assert_eq!(Client::from(None), Client::default());
        assert_eq!(clip("  ", 10), None);
        assert_eq!(clip("ééé", 2).as_deref(), Some("éé"));
    }

    #[test]
    fn times_are_rfc_3339_utc() {
        let time = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .and_then(|d| d.and_hms_micro_opt(23, 7, 1, 250))
            .expect("valid date");
        assert_eq!(rfc3339(time), "2026-11-26T23:07:01Z");
    }
}
