//! The auth service's tables: diesel schema, row structs and query functions. Every
//! function takes a connection, so it works inside and outside a transaction, and
//! returns diesel's `QueryResult`; the service maps errors.

pub mod accounts;
pub mod events;
pub mod schema;
pub mod sessions;

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// The current UTC time at microsecond precision, the finest both backends keep, so
/// a value read back equals the value written.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A new row id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
