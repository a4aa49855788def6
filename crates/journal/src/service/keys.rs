//! The caller's own provider key: store (encrypted), show masked, delete, test.
//! The key itself is never returned nor logged.

use jc_platform::db;
use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult};
use jc_proto::journal as proto;

use super::{JournalService, rfc3339};
use crate::domain::Fields;
use crate::keys::{self, ApiKey};
use crate::store::keys::{self as key_store, ProviderKeyRow};

fn stored(row: &ProviderKeyRow) -> proto::ProviderKeyInfo {
    proto::ProviderKeyInfo {
        stored: true,
        provider: row.provider.clone(),
        masked_key: Some(row.masked.clone()),
        updated_at: Some(rfc3339(row.updated_at)),
    }
}

fn none_stored() -> proto::ProviderKeyInfo {
    proto::ProviderKeyInfo { stored: false, provider: String::new(), masked_key: None, updated_at: None }
}

/// The provider and key of a request, each checked.
fn provider_and_key(provider: &str, api_key: &str) -> AppResult<(&'static str, ApiKey)> {
    let mut fields = Fields::default();
    let provider = fields.take(keys::provider(provider));
    let key = fields.take(ApiKey::parse(api_key));
    fields.finish()?;
    match (provider, key) {
        (Some(provider), Some(key)) => Ok((provider, key)),
        _ => Err(AppError::internal("a field failed without an error")),
    }
}

impl JournalService {
    pub(super) async fn set_key(
        &self,
        caller: Caller,
        message: proto::SetProviderKeyRequest,
    ) -> AppResult<proto::ProviderKeyInfo> {
        let (provider, key) = provider_and_key(&message.provider, &message.api_key)?;
        let cipher = self.keys.as_ref().ok_or_else(keys::not_configured)?;
        let user_id = caller.user_id.to_string();
        let sealed = cipher.seal(&user_id, provider, &key)?;
        let row = ProviderKeyRow {
            user_id,
            provider: provider.to_owned(),
            ciphertext: sealed.ciphertext,
            nonce: sealed.nonce,
            masked: key.masked(),
            updated_at: db::now(),
        };
        let info = stored(&row);
        self.db.run(move |conn| Ok(key_store::upsert_key(conn, &row)?)).await?;
        tracing::info!(user_id = %caller.user_id, provider, "provider key stored");
        Ok(info)
    }

    pub(super) async fn key_info(&self, caller: Caller) -> AppResult<proto::ProviderKeyInfo> {
        let user_id = caller.user_id.to_string();
        let row = self.db.run(move |conn| Ok(key_store::find_key(conn, &user_id)?)).await?;
        Ok(row.as_ref().map_or_else(none_stored, stored))
    }

    pub(super) async fn delete_key(&self, caller: Caller) -> AppResult<proto::ProviderKeyInfo> {
        let user_id = caller.user_id.to_string();
        let deleted = self.db.run(move |conn| Ok(key_store::delete_key(conn, &user_id)?)).await?;
        if deleted > 0 {
            tracing::info!(user_id = %caller.user_id, "provider key deleted");
        }
        Ok(none_stored())
    }

    pub(super) async fn test_key(
        &self,
        message: proto::TestProviderKeyRequest,
    ) -> AppResult<proto::TestProviderKeyResult> {
        let (_, key) = provider_and_key(&message.provider, &message.api_key)?;
        let verdict = self.probe.test(&key).await;
        Ok(proto::TestProviderKeyResult { valid: verdict.valid, message: verdict.message })
    }
}
