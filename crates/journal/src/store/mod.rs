//! Queries of the journal service. Each takes a connection, so it works inside and
//! outside a transaction, and each journal query is scoped by its owner's user id.
//! Journals and their pages are here; generation jobs in `jobs.rs`, provider keys in
//! `keys.rs`.

pub mod jobs;
pub mod keys;
pub mod schema;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use schema::{journal_days, journals};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = journals)]
pub struct JournalRow {
    pub id: String,
    pub user_id: String,
    pub title: String,
    pub subtitle: String,
    pub author_name: String,
    pub description: String,
    pub theme: String,
    pub title_style: String,
    pub author_style: String,
    pub research_depth: String,
    pub status: String,
    pub layout: String,
    pub font_size: String,
    pub color_scheme: String,
    pub paper_type: String,
    pub binding_type: String,
    pub introduction_title: String,
    pub introduction_quote: String,
    pub introduction_writeup: String,
    pub commitment_text: String,
    pub commitment_writeup: String,
    pub certificate_summary: String,
    pub certificate_text: String,
    /// A JSON array of strings.
    pub certificate_fields: String,
    pub days_count: i32,
    pub word_count: i64,
    pub legacy_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = journal_days)]
pub struct DayRow {
    pub journal_id: String,
    pub day: i32,
    pub title: String,
    pub pre_writeup: String,
    pub prompt: String,
    pub lines: i32,
    pub page_style: String,
    pub entry_text: Option<String>,
    pub entry_updated_at: Option<NaiveDateTime>,
}

/// The journal fields an update may change; `None` leaves a field as it is.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = journals)]
pub struct JournalChanges {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub author_name: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub layout: Option<String>,
    pub font_size: Option<String>,
    pub color_scheme: Option<String>,
    pub paper_type: Option<String>,
    pub binding_type: Option<String>,
    pub introduction_title: Option<String>,
    pub introduction_quote: Option<String>,
    pub introduction_writeup: Option<String>,
    pub commitment_text: Option<String>,
    pub commitment_writeup: Option<String>,
    pub certificate_summary: Option<String>,
    pub certificate_text: Option<String>,
    pub certificate_fields: Option<String>,
    pub word_count: Option<i64>,
    pub updated_at: Option<NaiveDateTime>,
}

/// The day fields an update may change; `Some(None)` clears the entry.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = journal_days)]
pub struct DayChanges {
    pub title: Option<String>,
    pub pre_writeup: Option<String>,
    pub prompt: Option<String>,
    pub lines: Option<i32>,
    pub page_style: Option<String>,
    pub entry_text: Option<Option<String>>,
    pub entry_updated_at: Option<Option<NaiveDateTime>>,
}

impl DayChanges {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.pre_writeup.is_none()
            && self.prompt.is_none()
            && self.lines.is_none()
            && self.page_style.is_none()
            && self.entry_text.is_none()
    }
}

pub fn insert_journal(conn: &mut DbConnection, row: &JournalRow) -> QueryResult<()> {
    diesel::insert_into(journals::table).values(row).execute(conn).map(|_| ())
}

/// Inserts the pages one by one: the multi-backend connection has no multi-row insert.
pub fn insert_days(conn: &mut DbConnection, rows: &[DayRow]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(journal_days::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// The journal `id` of `user_id`, if it is theirs.
pub fn find_journal(conn: &mut DbConnection, user_id: &str, id: &str) -> QueryResult<Option<JournalRow>> {
    journals::table
        .filter(journals::id.eq(id))
        .filter(journals::user_id.eq(user_id))
        .select(JournalRow::as_select())
        .first(conn)
        .optional()
}

/// Every page of a journal, in day order.
pub fn days(conn: &mut DbConnection, journal_id: &str) -> QueryResult<Vec<DayRow>> {
    journal_days::table
        .filter(journal_days::journal_id.eq(journal_id))
        .order(journal_days::day.asc())
        .select(DayRow::as_select())
        .load(conn)
}

pub fn find_day(conn: &mut DbConnection, journal_id: &str, day: i32) -> QueryResult<Option<DayRow>> {
    journal_days::table.find((journal_id, day)).select(DayRow::as_select()).first(conn).optional()
}

/// One page of `user_id`'s journals, newest first.
pub fn list(
    conn: &mut DbConnection,
    user_id: &str,
    status: Option<&str>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<JournalRow>> {
    let mut query = journals::table.filter(journals::user_id.eq(user_id)).into_boxed();
    if let Some(status) = status {
        query = query.filter(journals::status.eq(status.to_owned()));
    }
    query
        .order((journals::created_at.desc(), journals::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(JournalRow::as_select())
        .load(conn)
}

pub fn count(conn: &mut DbConnection, user_id: &str, status: Option<&str>) -> QueryResult<i64> {
    let mut query = journals::table.filter(journals::user_id.eq(user_id)).into_boxed();
    if let Some(status) = status {
        query = query.filter(journals::status.eq(status.to_owned()));
    }
    query.count().get_result(conn)
}

pub fn update_journal(
    conn: &mut DbConnection,
    user_id: &str,
    id: &str,
    changes: &JournalChanges,
) -> QueryResult<usize> {
    diesel::update(journals::table.filter(journals::id.eq(id)).filter(journals::user_id.eq(user_id)))
        .set(changes)
        .execute(conn)
}

pub fn update_day(
    conn: &mut DbConnection,
    journal_id: &str,
    day: i32,
    changes: &DayChanges,
) -> QueryResult<usize> {
    diesel::update(journal_days::table.find((journal_id, day))).set(changes).execute(conn)
}

/// Deletes `user_id`'s journal `id`; its pages go with it (ON DELETE CASCADE).
pub fn delete_journal(conn: &mut DbConnection, user_id: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(journals::table.filter(journals::id.eq(id)).filter(journals::user_id.eq(user_id)))
        .execute(conn)
}
