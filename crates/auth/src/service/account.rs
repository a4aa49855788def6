//! `GetAccount`: the caller's own account.

use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult};
use jc_proto::auth as pb;

use super::{AuthService, account_message};
use crate::store::accounts;

impl AuthService {
    #[tracing::instrument(skip_all, fields(user_id = %caller.user_id))]
    pub(crate) async fn account_of(&self, caller: Caller) -> AppResult<pb::Account> {
        let user_id = caller.user_id.to_string();
        let account = self.db.run(move |conn| Ok(accounts::find(conn, &user_id)?)).await?;
        account.map(|row| account_message(&row)).ok_or_else(|| AppError::not_found("Account"))
    }
}
