//! `GetAccount`: the caller's own account.

use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult};
use jc_proto::auth as pb;

use super::{AuthService, account_message};
use crate::store::accounts;

impl AuthService {
    /// The account of a caller whose session is still open. A signed-out or revoked
    /// session's tokens are refused here too, from the same query that reads the
    /// account (the gateway's deny list refuses them first).
    #[tracing::instrument(skip_all, fields(user_id = %caller.user_id))]
    pub(crate) async fn account_of(&self, caller: Caller) -> AppResult<pb::Account> {
        let (user_id, session_id) = (caller.user_id.to_string(), caller.session_id.to_string());
        let account = self
            .db
            .run(move |conn| match accounts::find_in_open_session(conn, &user_id, &session_id)? {
                Some(row) => Ok(row),
                // Only on refusal: say whether the account is gone or the session ended.
                None => match accounts::find(conn, &user_id)? {
                    None => Err(AppError::not_found("Account")),
                    Some(_) => Err(AppError::unauthenticated("The access token is invalid or expired.")),
                },
            })
            .await?;
        Ok(account_message(&account))
    }
}
