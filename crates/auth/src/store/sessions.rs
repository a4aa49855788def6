//! `sessions` (one per sign-in) and `refresh_tokens` (one per rotation of a session).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use super::schema::{refresh_tokens, sessions};

/// Why a session ended early.
pub const REVOKED_LOGOUT: &str = "logout";
pub const REVOKED_LOGOUT_ALL: &str = "logout_all";
pub const REVOKED_REUSE: &str = "refresh_token_reuse";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    /// The absolute end, however often the session is refreshed.
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    /// SHA-256 hex of the token.
    pub token_hash: String,
    pub session_id: String,
    pub created_at: NaiveDateTime,
    /// When it was exchanged for a new one; presenting it again is reuse.
    pub rotated_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(sessions::table).values(row).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<SessionRow>> {
    sessions::table.find(id).select(SessionRow::as_select()).first(conn).optional()
}

/// Records a use of the session (a refresh), which keeps it from idling out.
pub fn touch(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(sessions::table.find(id)).set(sessions::last_used_at.eq(now)).execute(conn)
}

/// Ends a session of `user_id` unless it has already ended; returns whether this
/// call ended it.
pub fn revoke(
    conn: &mut DbConnection,
    id: &str,
    user_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        sessions::table.find(id).filter(sessions::user_id.eq(user_id)).filter(sessions::revoked_at.is_null()),
    )
    .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq(reason)))
    .execute(conn)
    .map(|rows| rows == 1)
}

/// Ends every open session of a user; returns the ids of the sessions it ended.
pub fn revoke_all_of_user(
    conn: &mut DbConnection,
    user_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let open: Vec<String> = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .select(sessions::id)
        .load(conn)?;
    let mut revoked = Vec::with_capacity(open.len());
    for id in open {
        if revoke(conn, &id, user_id, reason, now)? {
            revoked.push(id);
        }
    }
    Ok(revoked)
}

/// The sessions of a user, newest first.
pub fn of_user(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .order(sessions::created_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

pub fn insert_refresh_token(conn: &mut DbConnection, row: &RefreshTokenRow) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table).values(row).execute(conn).map(|_| ())
}

pub fn find_refresh_token(conn: &mut DbConnection, token_hash: &str) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a refresh token as exchanged, only if it was not already: of several
/// concurrent callers exactly one sees `true`.
pub fn mark_rotated(conn: &mut DbConnection, token_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .filter(refresh_tokens::rotated_at.is_null()),
    )
    .set(refresh_tokens::rotated_at.eq(now))
    .execute(conn)
    .map(|rows| rows == 1)
}
