//! People's own provider keys, one per person, stored encrypted.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::{DbConnection, is_unique_violation};

use super::schema::provider_keys;

/// A person's provider key as stored: sealed, with its masked form.
#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset, PartialEq, Eq)]
#[diesel(table_name = provider_keys)]
pub struct ProviderKeyRow {
    pub user_id: String,
    pub provider: String,
    pub ciphertext: Vec<u8>,
    pub nonce: Vec<u8>,
    pub masked: String,
    pub updated_at: NaiveDateTime,
}

// The ciphertext is not secret, but nothing of a key belongs in a log line.
impl std::fmt::Debug for ProviderKeyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderKeyRow")
            .field("user_id", &self.user_id)
            .field("provider", &self.provider)
            .field("masked", &self.masked)
            .field("updated_at", &self.updated_at)
            .finish_non_exhaustive()
    }
}

/// The key `user_id` stored, if any.
pub fn find_key(conn: &mut DbConnection, user_id: &str) -> QueryResult<Option<ProviderKeyRow>> {
    provider_keys::table.find(user_id).select(ProviderKeyRow::as_select()).first(conn).optional()
}

/// Stores `row` as its owner's key, replacing any earlier one. Call it outside a
/// transaction: a failed insert would abort a PostgreSQL transaction.
pub fn upsert_key(conn: &mut DbConnection, row: &ProviderKeyRow) -> QueryResult<()> {
    let update = |conn: &mut DbConnection| {
        diesel::update(provider_keys::table.find(&row.user_id)).set(row).execute(conn)
    };
    if update(conn)? > 0 {
        return Ok(());
    }
    match diesel::insert_into(provider_keys::table).values(row).execute(conn) {
        // A concurrent first store won the insert: this one replaces it.
        Err(error) if is_unique_violation(&error) => update(conn).map(|_| ()),
        other => other.map(|_| ()),
    }
}

/// Removes `user_id`'s key; the number of rows removed.
pub fn delete_key(conn: &mut DbConnection, user_id: &str) -> QueryResult<usize> {
    diesel::delete(provider_keys::table.find(user_id)).execute(conn)
}
