//! The copy of each account's public fields. The auth service owns accounts; the copy
//! lets one call (`GetMe`) answer `GET /api/auth/me` with the profile from one query.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use super::ProfileRow;
use super::schema::{account_copies, profiles};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, PartialEq, Eq)]
#[diesel(table_name = account_copies)]
pub struct AccountCopyRow {
    pub user_id: String,
    pub email: String,
    /// Comma-separated.
    pub roles: String,
    pub email_verified: bool,
    pub created_at: NaiveDateTime,
    pub recorded_at: NaiveDateTime,
}

/// Writes the copy, replacing an earlier one. The profile must exist.
pub fn record(conn: &mut DbConnection, row: &AccountCopyRow) -> QueryResult<()> {
    let updated = diesel::update(account_copies::table.find(&row.user_id)).set(row).execute(conn)?;
    if updated == 0 {
        match diesel::insert_into(account_copies::table).values(row).execute(conn) {
            // A concurrent first record of the same account: the later one wins.
            Err(error) if jc_platform::db::is_unique_violation(&error) => {
                diesel::update(account_copies::table.find(&row.user_id)).set(row).execute(conn)?;
            }
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// The profile of `user_id` with the copy of its account, in one query.
pub fn find_me(
    conn: &mut DbConnection,
    user_id: &str,
) -> QueryResult<Option<(ProfileRow, Option<AccountCopyRow>)>> {
    profiles::table
        .left_join(account_copies::table)
        .filter(profiles::user_id.eq(user_id))
        .select((ProfileRow::as_select(), Option::<AccountCopyRow>::as_select()))
        .first(conn)
        .optional()
}
