//! Signing keys: the Ed25519 private key that signs access tokens, the public keys
//! that still verify them while keys rotate, and the JWKS that publishes them.
//!
//! Each key's `kid` is its RFC 7638 JWK thumbprint, so the same key always has the
//! same id in every process and after every restart.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, KeypairBytes};
use ed25519_dalek::{SigningKey, VerifyingKey};
use jsonwebtoken::EncodingKey;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("is not an Ed25519 private key in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`)")]
    Private,
    #[error("is not an Ed25519 public key in PEM (`-----BEGIN PUBLIC KEY-----`)")]
    Public,
    #[error("cannot be encoded: {0}")]
    Encoding(String),
}

/// A new Ed25519 private key as PKCS#8 PEM, in the same form as
/// `openssl genpkey -algorithm ed25519` writes (for `journalcraft dev`).
pub fn generate_private_key_pem() -> String {
    let key = SigningKey::generate(&mut rand_core::OsRng);
    // Encoding 32 fixed bytes into PEM cannot fail: the DER structure is constant
    // apart from the key bytes. A test covers it.
    private_key_pem(&key).expect("an Ed25519 key always encodes as PKCS#8")
}

/// The PKCS#8 v1 PEM of `key` (the private key only, as OpenSSL writes it).
fn private_key_pem(key: &SigningKey) -> Result<String, KeyError> {
    let bytes = KeypairBytes { secret_key: key.to_bytes(), public_key: None };
    bytes
        .to_pkcs8_pem(LineEnding::LF)
        .map(|pem| pem.to_string())
        .map_err(|e| KeyError::Encoding(e.to_string()))
}

/// Reads an Ed25519 private key from PKCS#8 PEM (v1 or v2).
pub fn parse_private_key(pem: &str) -> Result<SigningKey, KeyError> {
    SigningKey::from_pkcs8_pem(&normalise_pem(pem)).map_err(|_| KeyError::Private)
}

/// Reads an Ed25519 public key from SubjectPublicKeyInfo PEM.
pub fn parse_public_key(pem: &str) -> Result<VerifyingKey, KeyError> {
    VerifyingKey::from_public_key_pem(&normalise_pem(pem)).map_err(|_| KeyError::Public)
}

/// Trims the PEM and, when it came through an environment variable with literal
/// `\n` escapes instead of line breaks, restores them.
fn normalise_pem(pem: &str) -> String {
    let pem = pem.trim();
    if pem.contains('\n') { pem.to_owned() } else { pem.replace("\\n", "\n") }
}

/// The RFC 7638 thumbprint of an Ed25519 public key: base64url (no padding) of the
/// SHA-256 of `{"crv":"Ed25519","kty":"OKP","x":"…"}`.
pub fn thumbprint(key: &VerifyingKey) -> String {
    let x = URL_SAFE_NO_PAD.encode(key.as_bytes());
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// The public JWK of `key`, with its thumbprint as `kid`, `alg: EdDSA`, `use: sig`.
pub fn public_jwk(key: &VerifyingKey) -> Result<Jwk, KeyError> {
    let value = serde_json::json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": URL_SAFE_NO_PAD.encode(key.as_bytes()),
        "kid": thumbprint(key),
        "alg": "EdDSA",
        "use": "sig",
    });
    serde_json::from_value(value).map_err(|e| KeyError::Encoding(e.to_string()))
}

/// The signing key and the published key set.
pub struct KeyRing {
    encoding: EncodingKey,
    kid: String,
    jwks: JwkSet,
    jwks_json: String,
}

impl KeyRing {
    /// Builds the ring from the signing key's PEM and the PEMs of the public keys
    /// that remain valid (tokens signed by the previous key until they expire).
    pub fn new(private_pem: &str, verification_pems: &[String]) -> Result<Self, KeyError> {
        let signing = parse_private_key(private_pem)?;
        let der = signing.to_pkcs8_der().map_err(|e| KeyError::Encoding(e.to_string()))?;
        let encoding = EncodingKey::from_ed_der(der.as_bytes());
        let public = signing.verifying_key();
        let kid = thumbprint(&public);
        let mut keys = vec![public_jwk(&public)?];
        for pem in verification_pems {
            let key = parse_public_key(pem)?;
            let jwk = public_jwk(&key)?;
            if !keys.iter().any(|k| k.common.key_id == jwk.common.key_id) {
                keys.push(jwk);
            }
        }
        let jwks = JwkSet { keys };
        let jwks_json = serde_json::to_string(&jwks).map_err(|e| KeyError::Encoding(e.to_string()))?;
        Ok(Self { encoding, kid, jwks, jwks_json })
    }

    /// The id of the signing key, written in every token's header.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }

    pub fn jwks(&self) -> &JwkSet {
        &self.jwks
    }

    /// The JWKS as JSON text, as `GetJwks` returns it.
    pub fn jwks_json(&self) -> &str {
        &self.jwks_json
    }
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing").field("kid", &self.kid).field("keys", &self.jwks.keys.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::pkcs8::EncodePublicKey;

    use super::*;

    /// RFC 8032 test vector 1 (also RFC 8037's example key).
    const RFC8037_PRIVATE_PEM: &str = "-----BEGIN PRIVATE KEY-----\n\
        MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n\
        -----END PRIVATE KEY-----\n";

    fn public_pem(key: &VerifyingKey) -> String {
        key.to_public_key_pem(LineEnding::LF).expect("pem")
    }

    #[test]
    fn generated_keys_parse_back_like_openssl_keys() {
        let pem = generate_private_key_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{pem}");
        let key = parse_private_key(&pem).expect("parses");
        // PKCS#8 v1 without the public key: 48 bytes of DER, as OpenSSL writes.
        let der = base64::engine::general_purpose::STANDARD
            .decode(pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>())
            .expect("base64");
        assert_eq!(der.len(), 48);
        assert_ne!(generate_private_key_pem(), pem, "every key is new");
        assert_eq!(parse_private_key(&private_key_pem(&key).expect("pem")).expect("parses"), key);
    }

    #[test]
    fn the_kid_is_the_rfc_7638_thumbprint() {
        let key = parse_private_key(RFC8037_PRIVATE_PEM).expect("parses").verifying_key();
        // The public key and thumbprint given in RFC 8037, appendix A.2 and A.3.
        assert_eq!(URL_SAFE_NO_PAD.encode(key.as_bytes()), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assert_eq!(thumbprint(&key), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        // Stable: the same key gives the same kid every time.
        let ring = KeyRing::new(RFC8037_PRIVATE_PEM, &[]).expect("ring");
        assert_eq!(ring.kid(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    #[test]
    fn the_jwks_lists_the_signing_key_and_every_verification_key() {
        let old = parse_private_key(&generate_private_key_pem()).expect("key").verifying_key();
        let ring = KeyRing::new(RFC8037_PRIVATE_PEM, &[public_pem(&old), public_pem(&old)]).expect("ring");
        let json: serde_json::Value = serde_json::from_str(ring.jwks_json()).expect("json");
        let keys = json["keys"].as_array().expect("keys");
        assert_eq!(keys.len(), 2, "duplicates are listed once: {json}");
        assert_eq!(keys[0]["kid"], ring.kid());
        assert_eq!(keys[0]["alg"], "EdDSA");
        assert_eq!(keys[0]["use"], "sig");
        assert_eq!(keys[0]["kty"], "OKP");
        assert_eq!(keys[0]["crv"], "Ed25519");
        assert!(keys[0].get("d").is_none(), "no private part is published");
        assert_eq!(keys[1]["kid"], thumbprint(&old));
        assert_eq!(keys[1]["alg"], "EdDSA");
        // The platform's verifier can turn every entry into a decoding key.
        for jwk in &ring.jwks().keys {
            assert!(jsonwebtoken::DecodingKey::from_jwk(jwk).is_ok());
        }
    }

    #[test]
    fn keys_from_environment_variables_may_use_escaped_newlines() {
        let escaped = RFC8037_PRIVATE_PEM.trim().replace('\n', "\\n");
        assert!(parse_private_key(&escaped).is_ok());
    }

    #[test]
    fn wrong_keys_are_refused() {
        assert_eq!(parse_private_key("not a key").err(), Some(KeyError::Private));
        let public = public_pem(&parse_private_key(RFC8037_PRIVATE_PEM).expect("key").verifying_key());
        assert_eq!(parse_private_key(&public).err(), Some(KeyError::Private));
        assert_eq!(parse_public_key(RFC8037_PRIVATE_PEM).err(), Some(KeyError::Public));
        assert_eq!(KeyRing::new(RFC8037_PRIVATE_PEM, &["junk".into()]).err(), Some(KeyError::Public));
    }
}
