//! Access tokens (EdDSA JWTs carrying [`AccessClaims`]) and refresh tokens (32 random
//! bytes, base64url, stored only as their SHA-256).

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jc_platform::identity::{
    ACCESS_TOKEN_TYPE, AccessClaims, StaticKeySource, TokenVerifier, VerifierSettings,
};
use jc_platform::{AppError, AppResult};
use jsonwebtoken::{Algorithm, Header};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::keys::KeyRing;

/// Clock skew accepted when the service checks its own access tokens.
const LEEWAY: Duration = Duration::from_secs(5);

/// A signed access token and what it says.
pub struct AccessToken {
    pub token: String,
    pub claims: AccessClaims,
}

/// Signs access tokens.
pub struct TokenIssuer {
    keys: Arc<KeyRing>,
    issuer: String,
    audience: String,
    ttl_seconds: i64,
}

impl TokenIssuer {
    pub fn new(keys: Arc<KeyRing>, issuer: String, audience: String, ttl: Duration) -> Self {
        let ttl_seconds = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        Self { keys, issuer, audience, ttl_seconds }
    }

    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    /// Signs a token for `user_id` in `session_id`, valid from `now` for the TTL.
    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        roles: Vec<String>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<AccessToken> {
        let iat = now.timestamp();
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_owned(),
            exp: iat.saturating_add(self.ttl_seconds),
            iat,
            nbf: iat,
            jti: uuid::Uuid::new_v4().to_string(),
            sid: session_id.to_owned(),
            roles,
            typ: ACCESS_TOKEN_TYPE.to_owned(),
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.keys.kid().to_owned());
        let token =
            jsonwebtoken::encode(&header, &claims, self.keys.encoding_key()).map_err(AppError::internal)?;
        Ok(AccessToken { token, claims })
    }

    /// A verifier of this service's own tokens, over its own key set.
    pub fn verifier(&self) -> TokenVerifier {
        let settings = VerifierSettings {
            issuer: self.issuer.clone(),
            audience: self.audience.clone(),
            leeway: LEEWAY,
            refresh_interval: Duration::from_secs(60),
        };
        TokenVerifier::new(settings, Arc::new(StaticKeySource(self.keys.jwks().clone())))
    }
}

/// A new refresh token: 32 bytes from the operating system's CSPRNG, base64url
/// without padding (43 characters).
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored of a refresh token: its SHA-256, in lowercase hex. The token has
/// 256 bits of entropy, so a fast hash is enough.
pub fn hash_refresh_token(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys;

    fn issuer() -> TokenIssuer {
        let keys = KeyRing::new(&keys::generate_private_key_pem(), &[]).expect("keys");
        TokenIssuer::new(
            Arc::new(keys),
            "journalcraft".into(),
            "journalcraft-api".into(),
            Duration::from_secs(900),
        )
    }

    #[tokio::test]
    async fn access_tokens_carry_the_claims_and_verify() {
        let issuer = issuer();
        let user = uuid::Uuid::new_v4();
        let session = uuid::Uuid::new_v4();
        let now = chrono::Utc::now();
        let access =
            issuer.issue(&user.to_string(), &session.to_string(), vec!["user".into()], now).expect("issue");

        let header = jsonwebtoken::decode_header(&access.token).expect("header");
        assert_eq!(header.alg, Algorithm::EdDSA);
        assert_eq!(header.kid.as_deref(), Some(issuer.keys.kid()));
        let claims = &access.claims;
        assert_eq!((claims.iss.as_str(), claims.aud.as_str()), ("journalcraft", "journalcraft-api"));
        assert_eq!(claims.exp - claims.iat, 900);
        assert_eq!(claims.nbf, claims.iat);
        assert_eq!(claims.typ, "access");
        assert!(uuid::Uuid::parse_str(&claims.jti).is_ok());

        let caller = issuer.verifier().verify(&access.token).await.expect("verifies");
        assert_eq!(caller.user_id, user);
        assert_eq!(caller.session_id, session);
        assert_eq!(caller.roles, ["user"]);
        assert_eq!(caller.token_id, claims.jti);
    }

    #[tokio::test]
    async fn tokens_of_another_key_or_expired_ones_are_refused() {
        let (a, b) = (issuer(), issuer());
        let id = uuid::Uuid::new_v4().to_string();
        let token = b.issue(&id, &id, vec![], chrono::Utc::now()).expect("issue").token;
        assert!(a.verifier().verify(&token).await.is_err());
        let old = chrono::Utc::now() - chrono::Duration::seconds(3600);
        let expired = a.issue(&id, &id, vec![], old).expect("issue").token;
        assert!(a.verifier().verify(&expired).await.is_err());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let token = new_refresh_token();
        assert_eq!(token.len(), 43);
        assert!(token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(token, new_refresh_token());
        let hash = hash_refresh_token(&token);
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, hash_refresh_token(&token));
        assert_eq!(
            hash_refresh_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
