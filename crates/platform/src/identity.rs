//! Access tokens: the claims the auth service signs, and their verification by the
//! gateway and the services.
//!
//! Verification pins the algorithm to EdDSA, finds the key by the header's `kid` in
//! the auth service's JWKS (cached, fetched again when an unknown `kid` appears, at
//! most once per `refresh_interval`), and checks `iss`, `aud`, `exp`, `nbf` and `iat`
//! with a bounded leeway. Refresh tokens are opaque strings, not JWTs, so one can
//! never pass as an access token.
//!
//! A verified token is remembered (keyed by the whole token, never a part of it) until
//! it expires, so a token used for many requests is checked once per process; the
//! deny list is not cached and is consulted on every request by its callers.

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
    verified: std::sync::Mutex<HashMap<String, Caller>>,
}

/// How many verified tokens a process remembers at most.
const VERIFIED_CAPACITY: usize = 10_000;

impl TokenVerifier {
    pub const MAX_LEEWAY: Duration = Duration::from_secs(30);

    pub fn new(mut settings: VerifierSettings, source: Arc<dyn KeySource>) -> Self {
        settings.leeway = settings.leeway.min(Self::MAX_LEEWAY);
        Self {
            settings,
            source,
            keys: RwLock::default(),
            last_fetch: Mutex::default(),
            verified: std::sync::Mutex::default(),
        }
    }

    /// Verifies an access token and returns who it speaks for.
    pub async fn verify(&self, token: &str) -> AppResult<Caller> {
        let now = chrono::Utc::now().timestamp();
        let leeway = i64::try_from(self.settings.leeway.as_secs()).unwrap_or(30);
        if let Some(caller) = self.remembered(token, now - leeway) {
            return Ok(caller);
        }
        let caller = self.verify_signed(token, now, leeway).await?;
        self.remember(token, &caller, now - leeway);
        Ok(caller)
    }

    /// A token verified before that has not expired by `cutoff` (now minus leeway).
    fn remembered(&self, token: &str, cutoff: i64) -> Option<Caller> {
        let verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        verified.get(token).filter(|caller| caller.expires_at >= cutoff).cloned()
    }

    fn remember(&self, token: &str, caller: &Caller, cutoff: i64) {
        // Each critical section is a lookup, an insert or a retain: a poisoned lock
        // holds consistent data.
        let mut verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if verified.len() >= VERIFIED_CAPACITY {
            verified.retain(|_, caller| caller.expires_at >= cutoff);
            if verified.len() >= VERIFIED_CAPACITY {
                verified.clear();
            }
        }
        verified.insert(token.to_owned(), caller.clone());
    }

    async fn verify_signed(&self, token: &str, now: i64, leeway: i64) -> AppResult<Caller> {
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
        Self {
            client: jc_proto::auth::auth_client::AuthClient::new(channel)
                .max_decoding_message_size(crate::grpc::MESSAGE_MAX_BYTES)
                .max_encoding_message_size(crate::grpc::MESSAGE_MAX_BYTES),
            credential,
        }
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

/// Key under which a revoked session is kept for as long as its access tokens live.
pub fn session_deny_key(session_id: &Uuid) -> String {
    format!("deny:sid:{session_id}")
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes};
    use jsonwebtoken::jwk::Jwk;
    use jsonwebtoken::{EncodingKey, Header};

    use super::*;

    struct Signer {
        key: EncodingKey,
        verifier: TokenVerifier,
    }

    fn signer() -> Signer {
        let signing = ed25519_dalek::SigningKey::generate(&mut rand_core::OsRng);
        let pem = KeypairBytes { secret_key: signing.to_bytes(), public_key: None }
            .to_pkcs8_pem(Default::default())
            .expect("pem");
        let key = EncodingKey::from_ed_pem(pem.as_bytes()).expect("key");
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::EdDSA).expect("jwk");
        jwk.common.key_id = Some("k1".into());
        let settings = VerifierSettings {
            issuer: "iss".into(),
            audience: "aud".into(),
            leeway: Duration::from_secs(5),
            refresh_interval: Duration::from_secs(30),
        };
        let verifier = TokenVerifier::new(settings, Arc::new(StaticKeySource(JwkSet { keys: vec![jwk] })));
        Signer { key, verifier }
    }

    fn claims(exp_in: i64) -> AccessClaims {
        let now = chrono::Utc::now().timestamp();
        AccessClaims {
            iss: "iss".into(),
            aud: "aud".into(),
            sub: Uuid::new_v4().to_string(),
            exp: now + exp_in,
            iat: now - 1,
            nbf: now - 1,
            jti: Uuid::new_v4().to_string(),
            sid: Uuid::new_v4().to_string(),
            roles: vec![ROLE_USER.into()],
            typ: ACCESS_TOKEN_TYPE.into(),
        }
    }

    fn sign(signer: &Signer, claims: &AccessClaims) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some("k1".into());
        jsonwebtoken::encode(&header, claims, &signer.key).expect("sign")
    }

    #[tokio::test]
    async fn a_verified_token_is_remembered_but_still_expires() {
        let signer = signer();
        let token = sign(&signer, &claims(900));
        let first = signer.verifier.verify(&token).await.expect("valid");
        assert_eq!(signer.verifier.verify(&token).await.expect("remembered"), first);

        // A remembered token whose expiry has passed is refused like any other.
        let cutoff = first.expires_at + 1;
        assert!(signer.verifier.remembered(&token, cutoff).is_none());
        let expired = sign(&signer, &claims(-60));
        assert!(signer.verifier.verify(&expired).await.is_err());
    }

    #[tokio::test]
    async fn a_tampered_token_never_matches_a_remembered_one() {
        let signer = signer();
        let token = sign(&signer, &claims(900));
        signer.verifier.verify(&token).await.expect("valid");
        // Same signature, another payload: must be verified, and fail.
        let mut parts: Vec<&str> = token.split('.').collect();
        let mut forged_claims = claims(900);
        forged_claims.roles = vec![ROLE_ADMIN.into()];
        let payload = base64_url(&serde_json::to_vec(&forged_claims).expect("json"));
        parts[1] = &payload;
        let forged = parts.join(".");
        let error = signer.verifier.verify(&forged).await.expect_err("forged");
        assert_eq!(error.code, crate::ErrorCode::Unauthenticated);
    }

    #[tokio::test]
    async fn the_memory_is_bounded() {
        let signer = signer();
        let caller = signer.verifier.verify(&sign(&signer, &claims(900))).await.expect("valid");
        for i in 0..VERIFIED_CAPACITY + 10 {
            signer.verifier.remember(&format!("token-{i}"), &caller, 0);
        }
        let size = signer.verifier.verified.lock().map(|m| m.len()).unwrap_or_default();
        assert!(size <= VERIFIED_CAPACITY, "{size}");
    }

    fn base64_url(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }
}
