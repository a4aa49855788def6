//! The credit ledger: spending and refunding AI credits exactly once per key.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use super::schema::{credit_ledger, profiles};

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = credit_ledger)]
pub struct LedgerRow {
    pub id: String,
    pub user_id: String,
    pub entry_key: String,
    pub delta: i64,
    pub reason: String,
    pub created_at: NaiveDateTime,
}

/// What a spend or refund did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The balance changed; the new balance.
    Applied(i64),
    /// Already done under this key (or, for a refund, nothing was spent); the balance.
    Unchanged(i64),
    /// No credits left.
    Insufficient,
}

pub fn entry_exists(conn: &mut DbConnection, user_id: &str, entry_key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        credit_ledger::table
            .filter(credit_ledger::user_id.eq(user_id))
            .filter(credit_ledger::entry_key.eq(entry_key)),
    ))
    .get_result(conn)
}

pub fn balance(conn: &mut DbConnection, user_id: &str) -> QueryResult<i64> {
    profiles::table.find(user_id).select(profiles::ai_credits).first(conn)
}

/// Spends one credit under `key`. Run inside a transaction.
pub fn spend(conn: &mut DbConnection, row: &LedgerRow) -> QueryResult<Change> {
    if entry_exists(conn, &row.user_id, &row.entry_key)? {
        return Ok(Change::Unchanged(balance(conn, &row.user_id)?));
    }
    // Conditional, so concurrent spends can never take the balance below zero.
    let updated = diesel::update(profiles::table.find(&row.user_id).filter(profiles::ai_credits.ge(1)))
        .set(profiles::ai_credits.eq(profiles::ai_credits - 1))
        .execute(conn)?;
    if updated == 0 {
        return Ok(Change::Insufficient);
    }
    diesel::insert_into(credit_ledger::table).values(row).execute(conn)?;
    Ok(Change::Applied(balance(conn, &row.user_id)?))
}

/// Gives back the credit spent under `spend_key`, recording `row` (whose key is the
/// refund's). Run inside a transaction.
pub fn refund(conn: &mut DbConnection, spend_key: &str, row: &LedgerRow) -> QueryResult<Change> {
    if !entry_exists(conn, &row.user_id, spend_key)? || entry_exists(conn, &row.user_id, &row.entry_key)? {
        return Ok(Change::Unchanged(balance(conn, &row.user_id)?));
    }
    diesel::update(profiles::table.find(&row.user_id))
        .set(profiles::ai_credits.eq(profiles::ai_credits + 1))
        .execute(conn)?;
    diesel::insert_into(credit_ledger::table).values(row).execute(conn)?;
    Ok(Change::Applied(balance(conn, &row.user_id)?))
}
