//! The `User` gRPC API.

use std::sync::Arc;

use jc_platform::db::Database;
use jc_platform::identity::{Caller, TokenVerifier};
use jc_platform::memo::Memo;
use jc_platform::{AppError, AppResult, both};
use jc_proto::common::Empty;
use jc_proto::convert::{self, WireEnum};
use jc_proto::user::user_server::User;
use jc_proto::user::{
    AccountCopy, CreateProfileRequest, CreditBalance, CreditRequest, Me, Profile, UpdateProfileRequest,
};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::domain::{FullName, ProfileType, starting_credits};
use crate::store::accounts::{self, AccountCopyRow};
use crate::store::credits::{self, Change, LedgerRow};
use crate::store::{self, ProfileChanges, ProfileRow};

/// Longest email and role a copied account may carry, and most roles.
const MAX_EMAIL_CHARS: usize = 320;
const MAX_ROLE_CHARS: usize = 64;
const MAX_ROLES: usize = 16;

/// Checks a copied account for `user_id` and turns it into a row. The auth service
/// wrote it, so a failure here is a bug upstream, reported as a bad field.
fn account_row(copy: &AccountCopy, user_id: Uuid) -> AppResult<AccountCopyRow> {
    if Uuid::parse_str(&copy.user_id).ok() != Some(user_id) {
        return Err(AppError::field("account.user_id", "must be the account of this profile"));
    }
    let email = copy.email.trim();
    if email.is_empty() || email.chars().count() > MAX_EMAIL_CHARS || !email.contains('@') {
        return Err(AppError::field("account.email", "must be an email address"));
    }
    let valid_role = |role: &String| {
        !role.is_empty()
            && role.len() <= MAX_ROLE_CHARS
            && role.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if copy.roles.len() > MAX_ROLES || !copy.roles.iter().all(valid_role) {
        return Err(AppError::field(
            "account.roles",
            "must be at most 16 role names of letters, digits and _",
        ));
    }
    let created_at = chrono::DateTime::parse_from_rfc3339(&copy.created_at)
        .map_err(|_| AppError::field("account.created_at", "must be an RFC 3339 time"))?
        .naive_utc();
    Ok(AccountCopyRow {
        user_id: user_id.to_string(),
        email: email.to_owned(),
        roles: copy.roles.join(","),
        email_verified: copy.email_verified,
        created_at,
        recorded_at: jc_platform::db::now(),
    })
}

fn account_to_proto(row: AccountCopyRow) -> AccountCopy {
    AccountCopy {
        user_id: row.user_id,
        email: row.email,
        roles: row.roles.split(',').filter(|r| !r.is_empty()).map(str::to_owned).collect(),
        email_verified: row.email_verified,
        created_at: row.created_at.and_utc().to_rfc3339(),
    }
}

fn me(profile: ProfileRow, account: Option<AccountCopyRow>) -> Me {
    Me { profile: Some(to_proto(profile)), account: account.map(account_to_proto) }
}

/// The channel on which the replicas announce changed profiles and accounts.
pub const MEMO_CHANNEL: &str = "user-changed";

pub struct UserService {
    db: Database,
    verifier: Arc<TokenVerifier>,
    /// Profile and account of recent callers, by user id (see [`jc_platform::memo`]).
    memo: Memo<Me>,
}

impl UserService {
    pub fn new(db: Database, verifier: Arc<TokenVerifier>, memo: Memo<Me>) -> Self {
        Self { db, verifier, memo }
    }

    /// The profile and the account copy of `user_id`, from memory when it is there. A
    /// missing profile is created with defaults (a registration whose profile step
    /// failed still leads to a usable account).
    async fn me(&self, user_id: Uuid) -> AppResult<Me> {
        let key = user_id.to_string();
        let default = new_row(user_id, "", ProfileType::PersonalJournaler);
        self.memo
            .get_or_load(&key, || async move {
                let (profile, account) = self
                    .db
                    .run(move |conn| {
                        if let Some(found) = accounts::find_me(conn, &default.user_id)? {
                            return Ok(found);
                        }
                        tracing::info!(user_id = %default.user_id, "creating a missing profile on demand");
                        Ok((store::insert_or_get(conn, &default)?, None))
                    })
                    .await?;
                Ok(me(profile, account))
            })
            .await
    }

    /// Tells every replica that the profile or account of `user_id` changed; called
    /// after every write, when it committed and also when it failed (a failed call may
    /// have committed all or part of its work). The write stands either way: a lost
    /// announcement leaves other replicas stale for at most `memo_seconds`, so it is
    /// logged, not returned.
    async fn changed(&self, user_id: &str) {
        if let Err(error) = self.memo.changed(user_id).await {
            tracing::warn!(user_id = %user_id, error = %error, "could not announce a changed profile");
        }
    }

    async fn caller<T>(&self, request: &Request<T>) -> AppResult<Caller> {
        jc_platform::grpc::caller(request.metadata(), &self.verifier).await
    }
}

/// What a credit call names: the account, and the idempotency key.
fn credit_target(message: &CreditRequest) -> AppResult<(Uuid, String, String)> {
    let user_id =
        Uuid::parse_str(&message.user_id).map_err(|_| AppError::field("user_id", "must be a UUID"))?;
    let key = message.key.trim();
    if key.is_empty() || key.chars().count() > 200 || key.chars().any(char::is_control) {
        return Err(AppError::field("key", "must be 1 to 200 characters without control characters"));
    }
    let reason = message.reason.trim();
    if reason.is_empty() || reason.chars().count() > 100 {
        return Err(AppError::field("reason", "must be 1 to 100 characters"));
    }
    Ok((user_id, key.to_owned(), reason.to_owned()))
}

impl UserService {
    /// Applies one ledger change in a transaction; a concurrent twin under the same
    /// key loses on the unique index and reports the balance unchanged.
    async fn change_credits(
        &self,
        user_id: Uuid,
        apply: impl Fn(&mut jc_platform::db::DbConnection) -> diesel::QueryResult<Change> + Send + Sync + 'static,
    ) -> AppResult<CreditBalance> {
        self.me(user_id).await?;
        let id = user_id.to_string();
        let change = self
            .db
            .run(move |conn| match jc_platform::db::transaction(conn, &apply) {
                Err(error) if jc_platform::db::is_unique_violation(&error) => {
                    Ok(Change::Unchanged(credits::balance(conn, &id)?))
                }
                other => Ok(other?),
            })
            .await;
        let user_id = user_id.to_string();
        // Applied, or failed where the commit may still have happened.
        if !matches!(change, Ok(Change::Unchanged(_) | Change::Insufficient)) {
            self.changed(&user_id).await;
        }
        match change? {
            Change::Applied(ai_credits) => Ok(CreditBalance { user_id, ai_credits, changed: true }),
            Change::Unchanged(ai_credits) => Ok(CreditBalance { user_id, ai_credits, changed: false }),
            Change::Insufficient => Err(AppError::new(
                jc_platform::ErrorCode::PaymentRequired,
                "No AI credits left. Each generated journal uses one credit.",
            )),
        }
    }
}

fn ledger_row(user_id: Uuid, entry_key: String, delta: i64, reason: String) -> LedgerRow {
    LedgerRow {
        id: Uuid::new_v4().to_string(),
        user_id: user_id.to_string(),
        entry_key,
        delta,
        reason,
        created_at: jc_platform::db::now(),
    }
}

fn new_row(user_id: Uuid, full_name: &str, profile_type: ProfileType) -> ProfileRow {
    let now = jc_platform::db::now();
    ProfileRow {
        user_id: user_id.to_string(),
        full_name: full_name.to_owned(),
        profile_type: profile_type.as_str().to_owned(),
        ai_credits: starting_credits(profile_type),
        legacy_id: None,
        created_at: now,
        updated_at: now,
    }
}

fn to_proto(row: ProfileRow) -> Profile {
    Profile {
        user_id: row.user_id,
        full_name: row.full_name,
        // Written from a ProfileType only; a word this build does not know goes out as
        // unspecified, which the caller refuses.
        profile_type: ProfileType::parse(&row.profile_type).map_or(0, WireEnum::to_wire),
        ai_credits: row.ai_credits,
        created_at: row.created_at.and_utc().to_rfc3339(),
        updated_at: row.updated_at.and_utc().to_rfc3339(),
    }
}

#[tonic::async_trait]
impl User for UserService {
    #[tracing::instrument(skip_all, fields(user_id = %request.get_ref().user_id))]
    async fn create_profile(
        &self,
        request: Request<CreateProfileRequest>,
    ) -> Result<Response<Profile>, Status> {
        let message = request.into_inner();
        let user_id =
            Uuid::parse_str(&message.user_id).map_err(|_| AppError::field("user_id", "must be a UUID"))?;
        let (name, kind) = both(
            FullName::parse(&message.full_name),
            convert::required::<ProfileType>("profile_type", message.profile_type),
        )?;
        let account = message.account.as_ref().map(|copy| account_row(copy, user_id)).transpose()?;
        let row = new_row(user_id, name.as_str(), kind);
        let stored = self
            .db
            // Not one transaction: on PostgreSQL the unique violation that tells a repeat
            // apart would end it. Both steps are idempotent, so a retry completes the work.
            .run(move |conn| {
                let stored = store::insert_or_get(conn, &row)?;
                if let Some(account) = &account {
                    accounts::record(conn, account)?;
                }
                Ok(stored)
            })
            .await;
        self.changed(&user_id.to_string()).await;
        Ok(Response::new(to_proto(stored?)))
    }

    #[tracing::instrument(skip_all)]
    async fn get_me(&self, request: Request<Empty>) -> Result<Response<Me>, Status> {
        let caller = self.caller(&request).await?;
        Ok(Response::new(self.me(caller.user_id).await?))
    }

    #[tracing::instrument(skip_all)]
    async fn record_my_account(&self, request: Request<AccountCopy>) -> Result<Response<Me>, Status> {
        let caller = self.caller(&request).await?;
        let account = account_row(request.get_ref(), caller.user_id)?;
        let default = new_row(caller.user_id, "", ProfileType::PersonalJournaler);
        let recorded = self
            .db
            .run(move |conn| {
                let profile = store::insert_or_get(conn, &default)?;
                accounts::record(conn, &account)?;
                Ok((profile, account.clone()))
            })
            .await;
        self.changed(&caller.user_id.to_string()).await;
        let (profile, account) = recorded?;
        Ok(Response::new(me(profile, Some(account))))
    }

    #[tracing::instrument(skip_all)]
    async fn get_my_profile(&self, request: Request<Empty>) -> Result<Response<Profile>, Status> {
        let caller = self.caller(&request).await?;
        let profile = self.me(caller.user_id).await?.profile;
        Ok(Response::new(profile.ok_or_else(|| AppError::internal("a read of me without its profile"))?))
    }

    #[tracing::instrument(skip_all)]
    async fn update_my_profile(
        &self,
        request: Request<UpdateProfileRequest>,
    ) -> Result<Response<Profile>, Status> {
        let caller = self.caller(&request).await?;
        let message = request.into_inner();
        let (name, kind) = both(
            message.full_name.as_deref().map(FullName::parse).transpose(),
            convert::optional::<ProfileType>("profile_type", message.profile_type),
        )?;
        self.me(caller.user_id).await?;
        let user_id = caller.user_id.to_string();
        let changes = ProfileChanges {
            full_name: name.map(|n| n.as_str().to_owned()),
            // Changing the profile type later does not grant credits again.
            profile_type: kind.map(|k| k.as_str().to_owned()),
            updated_at: Some(jc_platform::db::now()),
        };
        let updated = self
            .db
            .run(move |conn| {
                store::update(conn, &user_id, &changes)?;
                store::find(conn, &user_id)?.ok_or_else(|| AppError::not_found("Profile"))
            })
            .await;
        self.changed(&caller.user_id.to_string()).await;
        Ok(Response::new(to_proto(updated?)))
    }

    #[tracing::instrument(skip_all, fields(user_id = %request.get_ref().user_id))]
    async fn spend_credit(&self, request: Request<CreditRequest>) -> Result<Response<CreditBalance>, Status> {
        let (user_id, key, reason) = credit_target(request.get_ref())?;
        let row = ledger_row(user_id, format!("spend:{key}"), -1, reason);
        let balance = self.change_credits(user_id, move |conn| credits::spend(conn, &row)).await?;
        Ok(Response::new(balance))
    }

    #[tracing::instrument(skip_all, fields(user_id = %request.get_ref().user_id))]
    async fn refund_credit(
        &self,
        request: Request<CreditRequest>,
    ) -> Result<Response<CreditBalance>, Status> {
        let (user_id, key, reason) = credit_target(request.get_ref())?;
        let spend_key = format!("spend:{key}");
        let row = ledger_row(user_id, format!("refund:{key}"), 1, reason);
        let balance =
            self.change_credits(user_id, move |conn| credits::refund(conn, &spend_key, &row)).await?;
        Ok(Response::new(balance))
    }
}
