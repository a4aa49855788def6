//! `Register`: a new account with role `user`.

use jc_platform::db::{is_unique_violation, transaction};
use jc_platform::identity::ROLE_USER;
use jc_platform::{AppError, AppResult, ErrorCode};
use jc_proto::auth as pb;

use super::{AuthService, Client, account_message};
use crate::domain;
use crate::store::accounts::{self, AccountRow};
use crate::store::events::{self, EventKind};
use crate::store::{new_id, now};

pub(crate) const EMAIL_TAKEN: &str = "An account with this email already exists.";

impl AuthService {
    #[tracing::instrument(skip_all, fields(user_id = tracing::field::Empty))]
    pub(crate) async fn register_account(&self, request: pb::RegisterRequest) -> AppResult<pb::Account> {
        let client = Client::from(request.client);
        let (email, password) = domain::parse_credentials(&request.email, &request.password)?;
        let password_hash = self.hasher.hash(password.into_secret()).await?;
        let now = now();
        let account = AccountRow {
            id: new_id(),
            email: email.into_string(),
            password_hash,
            roles: accounts::join_roles(&[ROLE_USER]),
            email_verified: false,
            is_active: true,
            legacy_id: None,
            created_at: now,
            updated_at: now,
        };
        tracing::Span::current().record("user_id", account.id.as_str());
        let event = client.event(EventKind::Register, Some(&account.id), Some(&account.email), now);
        let row = account.clone();
        self.db
            .run(move |conn| {
                transaction(conn, |conn| {
                    accounts::insert(conn, &row)?;
                    events::insert(conn, &event)
                })
                .map_err(|error| {
                    if is_unique_violation(&error) {
                        AppError::new(ErrorCode::Conflict, EMAIL_TAKEN)
                    } else {
                        AppError::internal(error)
                    }
                })
            })
            .await?;
        tracing::info!("account registered");
        Ok(account_message(&account))
    }
}
