//! Access tokens: the claims the auth service signs, and their verification by the
//! gateway and the services.
//!
//! Verification pins the algorithm to EdDSA, finds the key by the header's `kid` in
//! the auth service's JWKS (cached, fetched again when an unknown `kid` appears, at
//! most once per `refresh_interval`), and checks `iss`, `aud`, `exp`, `nbf` and `iat`
//! with a bounded leeway. Refresh tokens are opaque strings, not JWTs, so one can
//! never pass as an access token.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, RwLock};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// The role that grants the admin API.
pub const ROLE_ADMIN: &str = "admin";
/// The role every account has.
pub const ROLE_USER: &str = "user";
/// The value of the `typ` claim of access tokens.
pub const ACCESS_TOKEN_TYPE: &str = "access";

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The account id.
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    pub nbf: i64,
    /// The token id, for the deny list.
    pub jti: String,
    /// The session id.
    pub sid: String,
    pub roles: Vec<String>,
    pub typ: String,
}

/// The verified person behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub roles: Vec<String>,
    pub token_id: String,
    /// Unix seconds.
    pub expires_at: i64,
}

impl Caller {
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == ROLE_ADMIN)
    }
}

/// Key under which a revoked access token's id is kept until it expires.
pub fn deny_list_key(token_id: &str) -> String {
    format!("deny:jti:{token_id}")
}

/// Where verification keys come from.
#[async_trait::async_trait]
pub trait KeySource: Send + Sync {
    async fn fetch(&self) -> AppResult<JwkSet>;
}

#[derive(Debug, Clone)]
pub struct VerifierSettings {
    pub issuer: String,
    pub audience: String,
    /// Clock skew allowed on `exp` and `nbf`; at most 30 s.
    pub leeway: Duration,
    /// The least time between two JWKS fetches caused by unknown `kid`s.
    pub refresh_interval: Duration,
}

pub struct TokenVerifier {
    settings: VerifierSettings,
    source: Arc<dyn KeySource>,
    keys: RwLock<HashMap<String, DecodingKey>>,
    last_fetch: Mutex<Option<Instant>>,
}

impl TokenVerifier {
    pub const MAX_LEEWAY: Duration = Duration::from_secs(30);

    pub fn new(mut settings: VerifierSettings, source: Arc<dyn KeySource>) -> Self {
        settings.leeway = settings.leeway.min(Self::MAX_LEEWAY);
        Self { settings, source, keys: RwLock::default(), last_fetch: Mutex::default() }
    }

    /// Verifies an access token and returns who it speaks for.
    pub async fn verify(&self, token: &str) -> AppResult<Caller> {
        let invalid = || AppError::unauthenticated("The access token is invalid or expired.");
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.alg != Algorithm::EdDSA {
            return Err(invalid());
        }
        let kid = header.kid.ok_or_else(invalid)?;
        let key = self.key(&kid).await?.ok_or_else(invalid)?;

        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = self.settings.leeway.as_secs();
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.settings.issuer]);
        validation.set_audience(&[&self.settings.audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<AccessClaims>(token, &key, &validation).map_err(|_| invalid())?;
        let claims = data.claims;
        let now = chrono::Utc::now().timestamp();
        let leeway = i64::try_from(self.settings.leeway.as_secs()).unwrap_or(30);
        if claims.typ != ACCESS_TOKEN_TYPE || claims.iat > now + leeway {
            return Err(invalid());
        }
        let user_id = Uuid::parse_str(&claims.sub).map_err(|_| invalid())?;
        let session_id = Uuid::parse_str(&claims.sid).map_err(|_| invalid())?;
        Ok(Caller { user_id, session_id, roles: claims.roles, token_id: claims.jti, expires_at: claims.exp })
    }

    async fn key(&self, kid: &str) -> AppResult<Option<DecodingKey>> {
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        let mut last_fetch = self.last_fetch.lock().await;
        // Another task may have fetched while this one waited for the lock.
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        if last_fetch.is_some_and(|at| at.elapsed() < self.settings.refresh_interval) {
            return Ok(None);
        }
        let set = self.source.fetch().await?;
        *last_fetch = Some(Instant::now());
        let keys: HashMap<String, DecodingKey> = set
            .keys
            .iter()
            .filter_map(|jwk| {
                let kid = jwk.common.key_id.clone()?;
                DecodingKey::from_jwk(jwk).ok().map(|key| (kid, key))
            })
            .collect();
        let found = keys.get(kid).cloned();
        *self.keys.write().await = keys;
        Ok(found)
    }
}

/// Fetches the JWKS from the auth service over gRPC.
pub struct GrpcJwksSource {
    client: jc_proto::auth::auth_client::AuthClient<tonic::transport::Channel>,
    credential: crate::grpc::ServiceCredential,
}

impl GrpcJwksSource {
    pub fn new(channel: tonic::transport::Channel, credential: crate::grpc::ServiceCredential) -> Self {
        Self { client: jc_proto::auth::auth_client::AuthClient::new(channel), credential }
    }
}

#[async_trait::async_trait]
impl KeySource for GrpcJwksSource {
    async fn fetch(&self) -> AppResult<JwkSet> {
        let context = crate::grpc::CallContext::new(crate::telemetry::new_request_id());
        let request = context.request(&self.credential, jc_proto::common::Empty {});
        let response = self.client.clone().get_jwks(request).await.map_err(|status| {
            let error = AppError::from_status(&status);
            if error.code == crate::ErrorCode::Unauthenticated { AppError::internal(error) } else { error }
        })?;
        serde_json::from_str(&response.into_inner().json).map_err(AppError::internal)
    }
}

/// A fixed set of keys (the auth service verifying its own tokens, and tests).
pub struct StaticKeySource(pub JwkSet);

#[async_trait::async_trait]
impl KeySource for StaticKeySource {
    async fn fetch(&self) -> AppResult<JwkSet> {
        Ok(self.0.clone())
    }
}

/// Whether a revoked token or session appears on the deny list.
pub async fn is_denied(cache: &crate::cache::Cache, caller: &Caller) -> AppResult<bool> {
    cache.exists_any(&[deny_list_key(&caller.token_id), session_deny_key(&caller.session_id)]).await
}

/// Key under which a revoked session is kept for as long as its access tokens live.
pub fn session_deny_key(session_id: &Uuid) -> String {
    format!("deny:sid:{session_id}")
}
