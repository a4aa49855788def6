//! The fake auth service's signing key, and tokens: genuine ones and forgeries.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

pub const ISSUER: &str = "https://auth.journalcraft.test";
pub const AUDIENCE: &str = "journalcraft-api";
/// The account every genuine token of the fake speaks for.
pub const USER_ID: &str = "5f0c8a52-8f6e-4a8e-9a53-2f0f6f3b9d11";
/// Another account, for checks that one person cannot reach another's things.
pub const OTHER_USER_ID: &str = "0b6f3f0e-2d5c-4f7e-8a41-9c3e7d2b1a60";

pub struct TestKeys {
    pub kid: String,
    signing: SigningKey,
    encoding: EncodingKey,
}

impl TestKeys {
    pub fn generate(kid: &str) -> Self {
        let signing = SigningKey::generate(&mut rand_core::OsRng);
        let der = signing.to_pkcs8_der().expect("PKCS#8 encoding of an Ed25519 key");
        let encoding = EncodingKey::from_ed_der(der.as_bytes());
        Self { kid: kid.to_owned(), signing, encoding }
    }

    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    pub fn public_key_pem(&self) -> String {
        self.signing.verifying_key().to_public_key_pem(Default::default()).expect("public key PEM")
    }

    /// The JWKS document the fake auth service publishes.
    pub fn jwks_json(&self) -> String {
        json!({"keys": [{
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(self.public_key_bytes()),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        }]})
        .to_string()
    }

    /// Signs `claims` as the auth service does (EdDSA, with this key's `kid`).
    pub fn sign(&self, claims: &Value) -> String {
        self.sign_as(&self.kid, claims)
    }

    /// Signs with this key but names another key id.
    pub fn sign_as(&self, kid: &str, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("signing a test token")
    }

    /// A genuine access token for [`USER_ID`].
    pub fn access_token(&self) -> String {
        self.sign(&claims())
    }
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The claims of a valid access token; tests change them to forge others.
pub fn claims() -> Value {
    let now = now();
    json!({
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": USER_ID,
        "exp": now + 900,
        "iat": now,
        "nbf": now,
        "jti": uuid::Uuid::new_v4().to_string(),
        "sid": uuid::Uuid::new_v4().to_string(),
        "roles": ["user"],
        "typ": "access",
    })
}

/// `claims()` with `changes` applied (a null value removes the claim).
pub fn claims_with(changes: Value) -> Value {
    let mut claims = claims();
    if let (Some(map), Some(changes)) = (claims.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            if value.is_null() {
                map.remove(key);
            } else {
                map.insert(key.clone(), value.clone());
            }
        }
    }
    claims
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// An unsigned token (`alg` as given, empty signature).
pub fn unsigned(alg: &str, kid: &str, claims: &Value) -> String {
    format!("{}.{}.", b64(&json!({"alg": alg, "typ": "JWT", "kid": kid})), b64(claims))
}

/// HS256 keyed with public key material: the classic algorithm-confusion forgery.
pub fn hs256_with(secret: &[u8], kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(secret)).expect("HS256 token")
}

/// `token` with its payload replaced and the original signature kept.
pub fn with_payload(token: &str, claims: &Value) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWS in compact form");
    format!("{}.{}.{}", parts[0], b64(claims), parts[2])
}
