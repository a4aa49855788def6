//! `Login`: checks a password and opens a session.
//!
//! Every failure (unknown email, wrong password, malformed email, inactive account)
//! gives the same error after the same work: an argon2id verification, against a
//! dummy hash when there is no account, and one event row.

use jc_platform::db::transaction;
use jc_platform::{AppError, AppResult};
use jc_proto::auth as pb;
use secrecy::SecretString;

use super::{AuthService, Client, clip};
use crate::domain::Email;
use crate::password::Verified;
use crate::store::accounts::{self, AccountRow};
use crate::store::events::{self, EventKind};
use crate::store::sessions::{self, RefreshTokenRow, SessionRow};
use crate::store::{new_id, now};
use crate::tokens::{hash_refresh_token, new_refresh_token};

pub(crate) const INVALID_CREDENTIALS: &str = "Invalid email or password.";

impl AuthService {
    #[tracing::instrument(skip_all, fields(user_id = tracing::field::Empty, session_id = tracing::field::Empty))]
    pub(crate) async fn sign_in(&self, request: pb::LoginRequest) -> AppResult<pb::TokenPair> {
        let client = Client::from(request.client);
        let email = Email::parse(&request.email).ok();
        // What the event log keeps of the attempted email: normalised when it parses.
        let attempted = match &email {
            Some(email) => Some(email.as_str().to_owned()),
            None => clip(&request.email, Email::MAX_CHARS),
        };
        let account = match &email {
            Some(email) => {
                let email = email.as_str().to_owned();
                self.db.run(move |conn| Ok(accounts::find_by_email(conn, &email)?)).await?
            }
            None => None,
        };
        let password = SecretString::from(request.password);
        let stored = account.as_ref().map(|a| a.password_hash.clone());
        let verified = self.hasher.verify(password.clone(), stored).await?;

        let (account, needs_rehash) = match (account, verified) {
            (Some(account), Verified::Match { needs_rehash }) if account.is_active => (account, needs_rehash),
            (account, _) => {
                let user_id = account.map(|a| a.id);
                let event =
                    client.event(EventKind::LoginFailed, user_id.as_deref(), attempted.as_deref(), now());
                self.db.run(move |conn| Ok(events::insert(conn, &event)?)).await?;
                tracing::info!(known_account = user_id.is_some(), "sign-in refused");
                return Err(AppError::unauthenticated(INVALID_CREDENTIALS));
            }
        };
        tracing::Span::current().record("user_id", account.id.as_str());
        if needs_rehash {
            self.upgrade_hash(&account, password).await;
        }

        let (session_id, refresh_token) = self.open_session(&account, client).await?;
        tracing::Span::current().record("session_id", session_id.as_str());
        tracing::info!("signed in");
        self.token_pair(&account, &session_id, refresh_token)
    }

    /// Replaces a bcrypt hash, or an argon2 hash with old parameters, by an argon2id
    /// hash with the current ones. A failure is logged: the sign-in still succeeds
    /// and the next one tries again.
    async fn upgrade_hash(&self, account: &AccountRow, password: SecretString) {
        let new_hash = match self.hasher.hash(password).await {
            Ok(hash) => hash,
            Err(error) => {
                tracing::warn!(error = %jc_platform::error::cause_chain(&error), "password rehash failed");
                return;
            }
        };
        let (id, old_hash) = (account.id.clone(), account.password_hash.clone());
        let updated = self
            .db
            .run(move |conn| Ok(accounts::replace_password_hash(conn, &id, &old_hash, &new_hash, now())?))
            .await;
        match updated {
            Ok(1) => tracing::info!("password hash upgraded to argon2id"),
            Ok(_) => tracing::info!("password hash changed meanwhile; not upgraded"),
            Err(error) => {
                tracing::warn!(error = %jc_platform::error::cause_chain(&error), "password rehash not stored")
            }
        }
    }

    /// Creates a session and its first refresh token, and records the sign-in.
    async fn open_session(&self, account: &AccountRow, client: Client) -> AppResult<(String, String)> {
        let (user_id, email) = (account.id.clone(), account.email.clone());
        let absolute_lifetime = self.absolute_lifetime;
        self.db
            .run(move |conn| {
                let now = now();
                let session = SessionRow {
                    id: new_id(),
                    user_id: user_id.clone(),
                    created_at: now,
                    last_used_at: now,
                    expires_at: now + absolute_lifetime,
                    revoked_at: None,
                    revoked_reason: None,
                    user_agent: client.user_agent.clone(),
                    ip: client.ip.clone(),
                };
                let refresh_token = new_refresh_token();
                let token = RefreshTokenRow {
                    id: new_id(),
                    token_hash: hash_refresh_token(&refresh_token),
                    session_id: session.id.clone(),
                    created_at: now,
                    rotated_at: None,
                };
                let event = client.event(EventKind::Login, Some(&user_id), Some(&email), now);
                transaction(conn, |conn| {
                    sessions::insert(conn, &session)?;
                    sessions::insert_refresh_token(conn, &token)?;
                    events::insert(conn, &event)
                })?;
                Ok((session.id, refresh_token))
            })
            .await
    }
}
