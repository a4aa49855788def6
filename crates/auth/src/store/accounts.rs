//! `accounts`: one row per person who can sign in.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use super::schema::{accounts, sessions};

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: String,
    /// Normalised (see `domain::Email`).
    pub email: String,
    pub password_hash: String,
    /// Comma-separated.
    pub roles: String,
    pub email_verified: bool,
    pub is_active: bool,
    pub legacy_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AccountRow {
    pub fn roles(&self) -> Vec<String> {
        split_roles(&self.roles)
    }
}

impl std::fmt::Debug for AccountRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRow")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("password_hash", &"[redacted]")
            .field("roles", &self.roles)
            .field("email_verified", &self.email_verified)
            .field("is_active", &self.is_active)
            .field("legacy_id", &self.legacy_id)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// `"user,admin"` → `["user", "admin"]`.
pub fn split_roles(roles: &str) -> Vec<String> {
    roles.split(',').map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned).collect()
}

pub fn join_roles(roles: &[&str]) -> String {
    roles.join(",")
}

pub fn insert(conn: &mut DbConnection, row: &AccountRow) -> QueryResult<()> {
    diesel::insert_into(accounts::table).values(row).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table.find(id).select(AccountRow::as_select()).first(conn).optional()
}

/// The account `id`, provided the session `session_id` is its own and still open (not
/// signed out, not revoked for reuse): one query answers both.
pub fn find_in_open_session(
    conn: &mut DbConnection,
    id: &str,
    session_id: &str,
) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .inner_join(sessions::table)
        .filter(accounts::id.eq(id))
        .filter(sessions::id.eq(session_id))
        .filter(sessions::revoked_at.is_null())
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

/// The account with this normalised email.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table.filter(accounts::email.eq(email)).select(AccountRow::as_select()).first(conn).optional()
}

/// Replaces the password hash, but only if it is still `old_hash`: a concurrent
/// password change wins over a rehash.
pub fn replace_password_hash(
    conn: &mut DbConnection,
    id: &str,
    old_hash: &str,
    new_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id).filter(accounts::password_hash.eq(old_hash)))
        .set((accounts::password_hash.eq(new_hash), accounts::updated_at.eq(now)))
        .execute(conn)
}
