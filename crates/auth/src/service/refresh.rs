//! `Refresh`: exchanges a refresh token for a new pair, once.
//!
//! The exchange is a conditional update (`rotated_at IS NULL`) inside a transaction,
//! so of any number of concurrent callers exactly one wins. Presenting a token that
//! was already exchanged, or losing that race, is reuse: someone else holds a copy
//! of the token, so the whole session is revoked and its access tokens deny-listed.

use chrono::NaiveDateTime;
use jc_platform::db::{DbConnection, transaction};
use jc_platform::identity::session_deny_key;
use jc_platform::{AppError, AppResult};
use jc_proto::auth as pb;

use super::{AuthService, Client};
use crate::store::accounts::{self, AccountRow};
use crate::store::events::{self, EventKind};
use crate::store::sessions::{self, REVOKED_REUSE, RefreshTokenRow, SessionRow};
use crate::store::{new_id, now};
use crate::tokens::{hash_refresh_token, new_refresh_token};

pub(crate) const INVALID_REFRESH_TOKEN: &str = "The refresh token is invalid or expired. Sign in again.";

enum Outcome {
    /// Unknown token, or its session ended, expired or belongs to an inactive account.
    Invalid,
    /// The token was presented before: the session is now revoked.
    Reused {
        session_id: String,
    },
    Rotated {
        account: AccountRow,
        session_id: String,
        refresh_token: String,
    },
}

impl AuthService {
    #[tracing::instrument(skip_all, fields(user_id = tracing::field::Empty, session_id = tracing::field::Empty))]
    pub(crate) async fn refresh_session(&self, request: pb::RefreshRequest) -> AppResult<pb::TokenPair> {
        let client = Client::from(request.client);
        let presented = request.refresh_token.trim();
        if presented.is_empty() || presented.len() > 128 {
            return Err(AppError::unauthenticated(INVALID_REFRESH_TOKEN));
        }
        let token_hash = hash_refresh_token(presented);
        let idle_timeout = self.idle_timeout;
        let outcome = self
            .db
            .run(move |conn| {
                let outcome =
                    transaction(conn, |conn| exchange(conn, &token_hash, &client, idle_timeout, now()))?;
                Ok(outcome)
            })
            .await?;
        match outcome {
            Outcome::Invalid => {
                tracing::info!("refresh refused");
                Err(AppError::unauthenticated(INVALID_REFRESH_TOKEN))
            }
            Outcome::Reused { session_id } => {
                tracing::Span::current().record("session_id", session_id.as_str());
                tracing::warn!("refresh token reuse: session revoked");
                self.deny_session(&session_id).await;
                Err(AppError::unauthenticated(INVALID_REFRESH_TOKEN))
            }
            Outcome::Rotated { account, session_id, refresh_token } => {
                let span = tracing::Span::current();
                span.record("user_id", account.id.as_str());
                span.record("session_id", session_id.as_str());
                tracing::debug!("refresh token rotated");
                self.token_pair(&account, &session_id, refresh_token)
            }
        }
    }

    /// Puts a revoked session's access tokens on the deny list for as long as they
    /// can live. The revocation itself is already stored, so a cache failure is
    /// logged and the caller still gets its refusal.
    async fn deny_session(&self, session_id: &str) {
        let Ok(id) = uuid::Uuid::parse_str(session_id) else { return };
        let keys = [session_deny_key(&id)];
        if let Err(error) = jc_platform::deny::deny(&self.cache, &keys, self.access_token_ttl).await {
            tracing::error!(error = %jc_platform::error::cause_chain(&error), "cannot deny-list a revoked session");
        }
    }
}

/// The whole exchange, run in one transaction.
fn exchange(
    conn: &mut DbConnection,
    token_hash: &str,
    client: &Client,
    idle_timeout: chrono::Duration,
    now: NaiveDateTime,
) -> diesel::QueryResult<Outcome> {
    let Some(token) = sessions::find_refresh_token(conn, token_hash)? else {
        return Ok(Outcome::Invalid);
    };
    let Some(session) = sessions::find(conn, &token.session_id)? else {
        return Ok(Outcome::Invalid);
    };
    if !is_open(&session, idle_timeout, now) {
        return Ok(Outcome::Invalid);
    }
    let Some(account) = accounts::find(conn, &session.user_id)?.filter(|a| a.is_active) else {
        return Ok(Outcome::Invalid);
    };
    let won = token.rotated_at.is_none() && sessions::mark_rotated(conn, token_hash, now)?;
    if !won {
        sessions::revoke(conn, &session.id, &session.user_id, REVOKED_REUSE, now)?;
        let event = client.event(EventKind::RefreshTokenReuse, Some(&account.id), None, now);
        events::insert(conn, &event)?;
        return Ok(Outcome::Reused { session_id: session.id });
    }
    let refresh_token = new_refresh_token();
    let row = RefreshTokenRow {
        id: new_id(),
        token_hash: hash_refresh_token(&refresh_token),
        session_id: session.id.clone(),
        created_at: now,
        rotated_at: None,
    };
    sessions::insert_refresh_token(conn, &row)?;
    sessions::touch(conn, &session.id, now)?;
    events::insert(conn, &client.event(EventKind::Refresh, Some(&account.id), None, now))?;
    Ok(Outcome::Rotated { account, session_id: session.id, refresh_token })
}

/// Whether a session may still be refreshed: not revoked, used within the idle
/// timeout, and before its absolute end.
fn is_open(session: &SessionRow, idle_timeout: chrono::Duration, now: NaiveDateTime) -> bool {
    session.revoked_at.is_none() && now < session.expires_at && now < session.last_used_at + idle_timeout
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(last_used_minutes_ago: i64, expires_in_minutes: i64) -> (SessionRow, NaiveDateTime) {
        let now = now();
        let row = SessionRow {
            id: new_id(),
            user_id: new_id(),
            created_at: now - chrono::Duration::days(1),
            last_used_at: now - chrono::Duration::minutes(last_used_minutes_ago),
            expires_at: now + chrono::Duration::minutes(expires_in_minutes),
            revoked_at: None,
            revoked_reason: None,
            user_agent: None,
            ip: None,
        };
        (row, now)
    }

    #[test]
    fn sessions_end_when_idle_expired_or_revoked() {
        let timeout = chrono::Duration::minutes(60);
        let (open, now) = session(59, 10);
        assert!(is_open(&open, timeout, now));
        let (idle, now) = session(60, 10);
        assert!(!is_open(&idle, timeout, now), "idle for the whole timeout");
        let (expired, now) = session(1, 0);
        assert!(!is_open(&expired, timeout, now), "past the absolute lifetime");
        let (mut revoked, now) = session(1, 10);
        revoked.revoked_at = Some(now);
        assert!(!is_open(&revoked, timeout, now));
    }
}
