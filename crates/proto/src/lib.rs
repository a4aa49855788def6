//! gRPC messages, clients and servers of the Journal Craft services, generated from
//! `proto/*.proto` by `build.rs`, and the conversions between their enums and the
//! domain's closed sets ([`convert`]). Hand-written service code lives in the service
//! crates.

use std::fmt;

pub mod convert;

pub mod common {
    tonic::include_proto!("journalcraft.common");
}

pub mod auth {
    tonic::include_proto!("journalcraft.auth");
}

pub mod user {
    tonic::include_proto!("journalcraft.user");
}

pub mod journal {
    tonic::include_proto!("journalcraft.journal");
}

pub mod export {
    tonic::include_proto!("journalcraft.export");
}

/// Stands in for a secret in `Debug` output.
const REDACTED: &str = "[redacted]";

impl fmt::Debug for auth::RegisterRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisterRequest")
            .field("email", &self.email)
            .field("password", &REDACTED)
            .field("client", &self.client)
            .finish()
    }
}

impl fmt::Debug for auth::LoginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginRequest")
            .field("email", &self.email)
            .field("password", &REDACTED)
            .field("client", &self.client)
            .finish()
    }
}

impl fmt::Debug for auth::RefreshRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshRequest")
            .field("refresh_token", &REDACTED)
            .field("client", &self.client)
            .finish()
    }
}

impl fmt::Debug for journal::SetProviderKeyRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetProviderKeyRequest")
            .field("provider", &self.provider)
            .field("api_key", &REDACTED)
            .finish()
    }
}

impl fmt::Debug for journal::TestProviderKeyRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestProviderKeyRequest")
            .field("provider", &self.provider)
            .field("api_key", &REDACTED)
            .finish()
    }
}

impl fmt::Debug for auth::TokenPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenPair")
            .field("access_token", &REDACTED)
            .field("refresh_token", &REDACTED)
            .field("expires_in", &self.expires_in)
            .field("token_type", &self.token_type)
            .field("user_id", &self.user_id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let request = auth::LoginRequest {
            email: "a@example.com".into(),
            password: "hunter2-secret".into(),
            client: None,
        };
        let text = format!("{request:?}");
        assert!(text.contains("a@example.com"));
        assert!(!text.contains("hunter2-secret"));

        let key = "sk-live-0123456789abcdef";
        let set = journal::SetProviderKeyRequest { provider: "openai".into(), api_key: key.into() };
        let test = journal::TestProviderKeyRequest { provider: "openai".into(), api_key: key.into() };
        for text in [format!("{set:?}"), format!("{test:?}")] {
            assert!(text.contains("openai") && !text.contains(key), "{text}");
        }
    }
}
