//! People's own provider keys: parsed at the edge, encrypted at rest with
//! AES-256-GCM under `journal.key_encryption_key` (each ciphertext bound to its
//! owner and provider, so a row copied to another person does not decrypt), shown
//! only masked, and never logged.

pub(crate) mod probe;

use std::sync::Arc;

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use jc_platform::db::Database;
use jc_platform::{AppError, AppResult, ErrorCode, FieldError};
use secrecy::{ExposeSecret, SecretString};

use crate::settings::parse_key;
use crate::store::keys as key_store;

/// The providers a person may store a key for.
pub const PROVIDERS: [&str; 1] = ["openai"];
/// The shortest key accepted.
pub const KEY_MIN_CHARS: usize = 20;
/// The longest key accepted.
pub const KEY_MAX_CHARS: usize = 200;
/// Length of a nonce of AES-GCM.
const NONCE_BYTES: usize = 12;

/// A provider name of [`PROVIDERS`].
pub fn provider(raw: &str) -> Result<&'static str, FieldError> {
    let raw = raw.trim();
    PROVIDERS
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(raw))
        .ok_or_else(|| FieldError::new("provider", format!("must be {}", PROVIDERS.join(" or "))))
}

/// An API key as a person gave it: 20 to 200 printable ASCII characters without
/// spaces. Its `Debug` shows nothing of it.
pub struct ApiKey(SecretString);

impl ApiKey {
    /// The key `raw` holds, trimmed, or why it is not one (field `api_key`).
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let key = raw.trim();
        let count = key.chars().count();
        if !(KEY_MIN_CHARS..=KEY_MAX_CHARS).contains(&count) {
            return Err(FieldError::new(
                "api_key",
                format!("must be {KEY_MIN_CHARS} to {KEY_MAX_CHARS} characters"),
            ));
        }
        if !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(FieldError::new("api_key", "must be printable ASCII characters without spaces"));
        }
        Ok(Self(SecretString::from(key.to_owned())))
    }

    /// The key itself, to encrypt it or send it to the provider.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The key, to hand to a provider.
    pub fn secret(&self) -> SecretString {
        self.0.clone()
    }

    /// The key's first three and last four characters: `sk-…abcd`.
    pub fn masked(&self) -> String {
        let key = self.expose();
        let tail: String = key.chars().skip(key.chars().count().saturating_sub(4)).collect();
        let head: String = key.chars().take(3).collect();
        format!("{head}…{tail}")
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(..)")
    }
}

/// Seals and opens provider keys; cheap to clone.
#[derive(Clone)]
pub struct KeyCipher(Arc<Aes256Gcm>);

impl std::fmt::Debug for KeyCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyCipher(..)")
    }
}

/// A sealed key: what is stored.
pub struct Sealed {
    /// The encrypted key with its authentication tag.
    pub ciphertext: Vec<u8>,
    /// 12 random bytes, never reused under one key encryption key.
    pub nonce: Vec<u8>,
}

impl KeyCipher {
    /// The cipher of `journal.key_encryption_key`; `None` when it is unset or not 64
    /// hex characters (which validation reports).
    pub fn from_setting(key: Option<&SecretString>) -> Option<Self> {
        let bytes = parse_key(key?)?;
        Some(Self(Arc::new(Aes256Gcm::new(&bytes.into()))))
    }

    /// Encrypts `key` for `user_id` and `provider` under a fresh random nonce.
    pub fn seal(&self, user_id: &str, provider: &str, key: &ApiKey) -> AppResult<Sealed> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(user_id, provider);
        let ciphertext = self
            .0
            .encrypt(&nonce, Payload { msg: key.expose().as_bytes(), aad: aad.as_bytes() })
            .map_err(|_| AppError::internal("a provider key cannot be encrypted"))?;
        Ok(Sealed { ciphertext, nonce: nonce.to_vec() })
    }

    /// Decrypts a key sealed for `user_id` and `provider`.
    pub fn open(&self, user_id: &str, provider: &str, sealed: &Sealed) -> AppResult<SecretString> {
        let nonce: [u8; NONCE_BYTES] = sealed
            .nonce
            .as_slice()
            .try_into()
            .map_err(|_| AppError::internal("a stored provider key has a nonce of the wrong length"))?;
        let aad = associated_data(user_id, provider);
        let plain = self
            .0
            .decrypt(&Nonce::from(nonce), Payload { msg: &sealed.ciphertext, aad: aad.as_bytes() })
            .map_err(|_| {
                AppError::internal("a stored provider key does not decrypt (another key encryption key?)")
            })?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| AppError::internal("a stored provider key is not text"))
    }
}

fn associated_data(user_id: &str, provider: &str) -> String {
    format!("journalcraft/provider-key/v1/{user_id}/{provider}")
}

/// The refusal when no key encryption key is configured.
pub(crate) fn not_configured() -> AppError {
    AppError::new(
        ErrorCode::ValidationFailed,
        "API keys cannot be stored on this deployment: its key encryption key \
         (journal.key_encryption_key) is not set.",
    )
}

/// Whether `user_id` stored a provider key: their jobs then run on it.
pub(crate) async fn has_key(db: &Database, user_id: &str) -> AppResult<bool> {
    let owner = user_id.to_owned();
    db.run(move |conn| Ok(key_store::find_key(conn, &owner)?.is_some())).await
}

/// The provider key `user_id` stored, decrypted, with its provider: for the worker
/// of a job that runs on the person's own key. `None` when none is stored.
pub(crate) async fn user_key(
    db: &Database,
    cipher: Option<&KeyCipher>,
    user_id: &str,
) -> AppResult<Option<(String, SecretString)>> {
    let owner = user_id.to_owned();
    let Some(row) = db.run(move |conn| Ok(key_store::find_key(conn, &owner)?)).await? else {
        return Ok(None);
    };
    let cipher = cipher.ok_or_else(not_configured)?;
    let sealed = Sealed { ciphertext: row.ciphertext, nonce: row.nonce };
    let key = cipher.open(user_id, &row.provider, &sealed)?;
    Ok(Some((row.provider, key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(byte: &str) -> KeyCipher {
        KeyCipher::from_setting(Some(&SecretString::from(byte.repeat(32)))).expect("a valid key")
    }

    #[test]
    fn keys_round_trip_only_for_their_owner_provider_and_cipher() {
        let key = ApiKey::parse("  sk-test-0123456789abcdefXYZ ").expect("valid");
        let one = cipher("ab");
        let sealed = one.seal("alice", "openai", &key).expect("seal");
        assert!(!sealed.ciphertext.windows(10).any(|w| w == &key.expose().as_bytes()[..10]));
        assert_eq!(one.open("alice", "openai", &sealed).expect("open").expose_secret(), key.expose());
        assert!(one.open("mallory", "openai", &sealed).is_err(), "bound to its owner");
        assert!(cipher("cd").open("alice", "openai", &sealed).is_err(), "bound to its cipher");
        let again = one.seal("alice", "openai", &key).expect("seal");
        assert_ne!(again.nonce, sealed.nonce, "a fresh nonce each time");
    }

    #[test]
    fn keys_are_checked_and_masked() {
        let key = ApiKey::parse("sk-abcdefghijklmnop1234").expect("valid");
        assert_eq!(key.masked(), "sk-…1234");
        assert_eq!(format!("{key:?}"), "ApiKey(..)");
        for bad in ["short", &"k".repeat(201), "sk-has a space in the middle", "sk-ünïcödé-0123456789abc"]
        {
            assert_eq!(ApiKey::parse(bad).map_err(|e| e.field).err().as_deref(), Some("api_key"), "{bad}");
        }
        assert_eq!(provider("OpenAI"), Ok("openai"));
        assert_eq!(provider("anthropic").map_err(|e| e.field).err().as_deref(), Some("provider"));
        assert!(KeyCipher::from_setting(None).is_none());
        assert!(KeyCipher::from_setting(Some(&SecretString::from("nothex"))).is_none());
    }

    #[tokio::test]
    async fn the_worker_reads_a_stored_key_back() {
        let test_database = jc_testkit::sqlite_database();
        let db = jc_platform::component::database_of::<crate::JournalComponent>(&crate::Settings {
            database: test_database.settings.clone(),
            ..Default::default()
        })
        .expect("database");
        db.migrate().await.expect("migrate");
        let cipher = cipher("ef");
        let key = ApiKey::parse("sk-worker-0123456789abcdef").expect("valid");
        let sealed = cipher.seal("alice", "openai", &key).expect("seal");
        let row = key_store::ProviderKeyRow {
            user_id: "alice".into(),
            provider: "openai".into(),
            ciphertext: sealed.ciphertext,
            nonce: sealed.nonce,
            masked: key.masked(),
            updated_at: jc_platform::db::now(),
        };
        db.run(move |conn| Ok(key_store::upsert_key(conn, &row)?)).await.expect("store");

        let (provider, found) = user_key(&db, Some(&cipher), "alice").await.expect("read").expect("stored");
        assert_eq!((provider.as_str(), found.expose_secret()), ("openai", key.expose()));
        assert!(user_key(&db, Some(&cipher), "bob").await.expect("read").is_none());
        let error = user_key(&db, None, "alice").await.expect_err("no cipher");
        assert_eq!(error.code, ErrorCode::ValidationFailed);
    }
}
