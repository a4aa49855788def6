//! `Logout`: ends the caller's session, or every session of the caller.

use std::time::Duration;

use jc_platform::AppResult;
use jc_platform::db::transaction;
use jc_platform::deny::deny;
use jc_platform::identity::{Caller, deny_list_key, session_deny_key};
use jc_proto::auth as pb;

use super::{AuthService, Client};
use crate::store::events::{self, EventKind};
use crate::store::now;
use crate::store::sessions::{self, REVOKED_LOGOUT, REVOKED_LOGOUT_ALL};

impl AuthService {
    #[tracing::instrument(
        skip_all,
        fields(user_id = %caller.user_id, session_id = %caller.session_id, all_sessions = request.all_sessions)
    )]
    pub(crate) async fn sign_out(
        &self,
        caller: Caller,
        request: pb::LogoutRequest,
    ) -> AppResult<pb::LogoutResult> {
        let client = Client::from(request.client);
        let all = request.all_sessions;
        let (user_id, session_id) = (caller.user_id.to_string(), caller.session_id.to_string());
        let revoked = self
            .db
            .run(move |conn| {
                let now = now();
                let event = client.event(EventKind::Logout, Some(&user_id), None, now);
                let revoked = transaction(conn, |conn| {
                    let revoked = if all {
                        sessions::revoke_all_of_user(conn, &user_id, REVOKED_LOGOUT_ALL, now)?
                    } else if sessions::revoke(conn, &session_id, &user_id, REVOKED_LOGOUT, now)? {
                        vec![session_id.clone()]
                    } else {
                        Vec::new()
                    };
                    events::insert(conn, &event)?;
                    diesel::QueryResult::Ok(revoked)
                })?;
                Ok(revoked)
            })
            .await?;

        // The caller's token until it expires; every ended session (the caller's
        // always, so a retried logout still denies it) for as long as its tokens live.
        let remaining = caller.expires_at.saturating_sub(chrono::Utc::now().timestamp());
        let token_ttl = Duration::from_secs(u64::try_from(remaining).unwrap_or(0).max(1));
        deny(&self.cache, &[deny_list_key(&caller.token_id)], token_ttl).await?;
        let mut denied = vec![caller.session_id];
        denied.extend(revoked.iter().filter_map(|id| uuid::Uuid::parse_str(id).ok()));
        denied.sort();
        denied.dedup();
        let keys: Vec<String> = denied.iter().map(session_deny_key).collect();
        deny(&self.cache, &keys, self.access_token_ttl).await?;
        tracing::info!(sessions_ended = revoked.len(), "signed out");
        Ok(pb::LogoutResult {
            ended_session_ids: denied.iter().map(ToString::to_string).collect(),
            deny_seconds: i64::try_from(self.access_token_ttl.as_secs()).unwrap_or(i64::MAX),
        })
    }
}
