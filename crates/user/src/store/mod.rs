//! Queries of the user service. Each takes a connection, so it works inside and
//! outside a transaction.

pub mod accounts;
pub mod credits;
pub mod schema;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use schema::profiles;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = profiles)]
pub struct ProfileRow {
    pub user_id: String,
    pub full_name: String,
    pub profile_type: String,
    pub ai_credits: i64,
    pub legacy_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = profiles)]
pub struct ProfileChanges {
    pub full_name: Option<String>,
    pub profile_type: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConnection, user_id: &str) -> QueryResult<Option<ProfileRow>> {
    profiles::table.find(user_id).select(ProfileRow::as_select()).first(conn).optional()
}

pub fn insert(conn: &mut DbConnection, row: &ProfileRow) -> QueryResult<()> {
    diesel::insert_into(profiles::table).values(row).execute(conn).map(|_| ())
}

/// Inserts `row` unless a profile with its user id exists; returns the stored one.
pub fn insert_or_get(conn: &mut DbConnection, row: &ProfileRow) -> QueryResult<ProfileRow> {
    match insert(conn, row) {
        Ok(()) => Ok(row.clone()),
        Err(error) if jc_platform::db::is_unique_violation(&error) => {
            find(conn, &row.user_id)?.ok_or(diesel::result::Error::NotFound)
        }
        Err(error) => Err(error),
    }
}

pub fn update(conn: &mut DbConnection, user_id: &str, changes: &ProfileChanges) -> QueryResult<usize> {
    diesel::update(profiles::table.find(user_id)).set(changes).execute(conn)
}
