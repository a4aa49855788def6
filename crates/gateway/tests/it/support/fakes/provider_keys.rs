//! The provider keys of the fake journal service: one per person, answered masked as
//! the real service answers, and a key check that accepts `sk-` keys except
//! [`REVOKED_KEY`].

use std::collections::HashMap;
use std::sync::Mutex;

use jc_platform::AppError;
use jc_proto::journal::{ProviderKeyInfo, TestProviderKeyResult};
use tonic::Status;

pub const PROVIDER: &str = "openai";
/// A well-formed key the provider refuses.
pub const REVOKED_KEY: &str = "sk-revoked-00000000000000";
pub const KEY_ACCEPTED: &str = "The provider accepted the key.";
pub const KEY_REFUSED: &str = "The provider refused the key: it is invalid or revoked.";

struct Stored {
    key: String,
    updated_at: String,
}

#[derive(Default)]
pub struct FakeProviderKeys {
    keys: Mutex<HashMap<String, Stored>>,
}

/// The first three and last four characters, the rest hidden.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let head: String = chars.iter().take(3).collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("{head}…{tail}")
}

fn check(provider: &str, key: &str) -> Result<(), Status> {
    if provider != PROVIDER {
        return Err(AppError::field("provider", "must be openai").into_status());
    }
    if key.chars().count() < 12 {
        return Err(AppError::field("api_key", "must be at least 12 characters").into_status());
    }
    Ok(())
}

impl FakeProviderKeys {
    /// The key `owner` stored, as the service holds it.
    pub fn stored(&self, owner: &str) -> Option<String> {
        self.keys.lock().expect("keys lock").get(owner).map(|s| s.key.clone())
    }

    fn info(&self, owner: &str) -> ProviderKeyInfo {
        let keys = self.keys.lock().expect("keys lock");
        match keys.get(owner) {
            Some(stored) => ProviderKeyInfo {
                stored: true,
                provider: PROVIDER.into(),
                masked_key: Some(mask(&stored.key)),
                updated_at: Some(stored.updated_at.clone()),
            },
            None => ProviderKeyInfo { stored: false, provider: PROVIDER.into(), ..Default::default() },
        }
    }

    pub fn set(&self, owner: &str, provider: &str, key: &str) -> Result<ProviderKeyInfo, Status> {
        check(provider, key)?;
        let stored = Stored { key: key.to_owned(), updated_at: chrono::Utc::now().to_rfc3339() };
        self.keys.lock().expect("keys lock").insert(owner.to_owned(), stored);
        Ok(self.info(owner))
    }

    pub fn get(&self, owner: &str) -> ProviderKeyInfo {
        self.info(owner)
    }

    pub fn delete(&self, owner: &str) -> ProviderKeyInfo {
        self.keys.lock().expect("keys lock").remove(owner);
        self.info(owner)
    }

    pub fn test(&self, provider: &str, key: &str) -> Result<TestProviderKeyResult, Status> {
        check(provider, key)?;
        let valid = key.starts_with("sk-") && key != REVOKED_KEY;
        let message = if valid { KEY_ACCEPTED } else { KEY_REFUSED };
        Ok(TestProviderKeyResult { valid, message: message.into() })
    }
}
