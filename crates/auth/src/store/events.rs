//! `auth_events`: who registered, signed in, failed to sign in, refreshed, reused a
//! refresh token or signed out, from where and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use super::schema::auth_events;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Register,
    Login,
    LoginFailed,
    Refresh,
    RefreshTokenReuse,
    Logout,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Register => "register",
            EventKind::Login => "login",
            EventKind::LoginFailed => "login_failed",
            EventKind::Refresh => "refresh",
            EventKind::RefreshTokenReuse => "refresh_token_reuse",
            EventKind::Logout => "logout",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = auth_events)]
pub struct EventRow {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub kind: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &EventRow) -> QueryResult<()> {
    diesel::insert_into(auth_events::table).values(row).execute(conn).map(|_| ())
}

/// The events of one account, oldest first.
pub fn for_user(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<EventRow>> {
    auth_events::table
        .filter(auth_events::user_id.eq(user_id))
        .order((auth_events::created_at.asc(), auth_events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)
}

/// The events that name an email (failed sign-ins of unknown accounts included).
pub fn for_email(conn: &mut DbConnection, email: &str) -> QueryResult<Vec<EventRow>> {
    auth_events::table
        .filter(auth_events::email.eq(email))
        .order((auth_events::created_at.asc(), auth_events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)
}
