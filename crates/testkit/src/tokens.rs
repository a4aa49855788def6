//! Signing access tokens in tests with a key of the test's own, the way the auth
//! service does, and forging broken ones.

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes};
use jc_platform::identity::{
    ACCESS_TOKEN_TYPE, AccessClaims, StaticKeySource, TokenVerifier, VerifierSettings,
};
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

pub const ISSUER: &str = "journalcraft-test";
pub const AUDIENCE: &str = "journalcraft-test-api";

/// An Ed25519 key with its JWK, for signing test tokens.
pub struct TestSigner {
    pub kid: String,
    key: EncodingKey,
    jwk: Jwk,
}

impl TestSigner {
    pub fn new() -> Self {
        let signing = SigningKey::generate(&mut rand_core::OsRng);
        // PKCS#8 v1 (no public key inside), the form jsonwebtoken derives a JWK from.
        let pem = KeypairBytes { secret_key: signing.to_bytes(), public_key: None }
            .to_pkcs8_pem(Default::default())
            .expect("encode a test key");
        let key = EncodingKey::from_ed_pem(pem.as_bytes()).expect("read a test key");
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::EdDSA).expect("test JWK");
        let kid = Uuid::new_v4().simple().to_string();
        jwk.common.key_id = Some(kid.clone());
        Self { kid, key, jwk }
    }

    pub fn jwks(&self) -> JwkSet {
        JwkSet { keys: vec![self.jwk.clone()] }
    }

    /// Valid claims for `user_id`, issued now for 15 minutes.
    pub fn claims(&self, user_id: Uuid) -> AccessClaims {
        let now = chrono::Utc::now().timestamp();
        AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.to_string(),
            exp: now + 900,
            iat: now,
            nbf: now,
            jti: Uuid::new_v4().to_string(),
            sid: Uuid::new_v4().to_string(),
            roles: vec!["user".into()],
            typ: ACCESS_TOKEN_TYPE.into(),
        }
    }

    pub fn sign(&self, claims: &AccessClaims) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key).expect("sign a test token")
    }

    /// A valid token for `user_id`.
    pub fn token_for(&self, user_id: Uuid) -> String {
        self.sign(&self.claims(user_id))
    }

    /// A verifier that trusts this signer, with the test issuer and audience.
    pub fn verifier(&self) -> Arc<TokenVerifier> {
        Arc::new(TokenVerifier::new(verifier_settings(), Arc::new(StaticKeySource(self.jwks()))))
    }
}

impl Default for TestSigner {
    fn default() -> Self {
        Self::new()
    }
}

pub fn verifier_settings() -> VerifierSettings {
    VerifierSettings {
        issuer: ISSUER.into(),
        audience: AUDIENCE.into(),
        leeway: Duration::from_secs(30),
        refresh_interval: Duration::from_secs(30),
    }
}
