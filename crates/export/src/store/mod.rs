//! Queries of the export service. Each takes a connection, so it works inside and
//! outside a transaction. A job's row is the truth about its status, progress and
//! file; every change of a running job is conditional on its status, so a cancelled
//! or finished job is never changed again.

pub mod schema;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use crate::jobs::ExportStatus;
use schema::export_jobs;

/// An export job as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = export_jobs)]
pub struct JobRow {
    pub id: String,
    pub user_id: String,
    pub journal_id: String,
    /// A [`crate::format::Format`] word.
    pub format: String,
    pub options_json: String,
    /// A [`ExportStatus`] word.
    pub status: String,
    pub progress: i32,
    pub current_step: String,
    pub error: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub page_count: Option<i32>,
    pub storage_key: Option<String>,
    pub sha256: Option<String>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
}

impl JobRow {
    /// A new job of `user_id` to render `journal_id` as `format` (a
    /// [`crate::format::Format`] word) with the options as stored, waiting for a worker.
    pub fn queued(
        id: String,
        user_id: String,
        journal_id: String,
        format: &str,
        options_json: String,
    ) -> Self {
        let now = jc_platform::db::now();
        Self {
            id,
            user_id,
            journal_id,
            format: format.to_owned(),
            options_json,
            status: ExportStatus::Queued.as_str().to_owned(),
            progress: 0,
            current_step: crate::jobs::step::QUEUED.to_owned(),
            error: None,
            file_name: None,
            content_type: None,
            size_bytes: None,
            page_count: None,
            storage_key: None,
            sha256: None,
            attempts: 0,
            created_at: now,
            updated_at: now,
            finished_at: None,
            expires_at: None,
        }
    }
}

impl JobRow {
    /// The job's status, if this code knows the stored word.
    pub fn status(&self) -> Option<ExportStatus> {
        ExportStatus::parse(&self.status)
    }

    /// Completed, failed or cancelled (or a status this code does not know, which it
    /// must not touch).
    pub fn is_finished(&self) -> bool {
        self.status().is_none_or(ExportStatus::is_terminal)
    }
}

/// The job fields a change may set; `None` leaves a field as it is.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = export_jobs)]
pub struct JobChanges {
    pub status: Option<String>,
    pub progress: Option<i32>,
    pub current_step: Option<String>,
    pub error: Option<Option<String>>,
    pub file_name: Option<Option<String>>,
    pub content_type: Option<Option<String>>,
    pub size_bytes: Option<Option<i64>>,
    pub page_count: Option<Option<i32>>,
    pub storage_key: Option<Option<String>>,
    pub sha256: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
    pub finished_at: Option<Option<NaiveDateTime>>,
    pub expires_at: Option<Option<NaiveDateTime>>,
}

/// Writes a new job.
pub fn insert_job(conn: &mut DbConnection, row: &JobRow) -> QueryResult<()> {
    diesel::insert_into(export_jobs::table).values(row).execute(conn).map(|_| ())
}

/// The job `id`, whoever owns it (for the worker).
pub fn find_job(conn: &mut DbConnection, id: &str) -> QueryResult<Option<JobRow>> {
    export_jobs::table.find(id).select(JobRow::as_select()).first(conn).optional()
}

/// The ids of every job still queued or rendering, oldest first.
pub fn open_job_ids(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    let open: Vec<&str> = ExportStatus::OPEN.iter().map(|status| status.as_str()).collect();
    export_jobs::table
        .filter(export_jobs::status.eq_any(open))
        .order(export_jobs::created_at.asc())
        .select(export_jobs::id)
        .load(conn)
}

/// The job `id` of `user_id`, if it is theirs.
pub fn find_owned_job(conn: &mut DbConnection, user_id: &str, id: &str) -> QueryResult<Option<JobRow>> {
    export_jobs::table
        .filter(export_jobs::id.eq(id))
        .filter(export_jobs::user_id.eq(user_id))
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}

/// A page of `user_id`'s jobs, newest first.
pub fn list_jobs(
    conn: &mut DbConnection,
    user_id: &str,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<JobRow>> {
    export_jobs::table
        .filter(export_jobs::user_id.eq(user_id))
        .order((export_jobs::created_at.desc(), export_jobs::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(JobRow::as_select())
        .load(conn)
}

/// How many jobs `user_id` has.
pub fn count_jobs(conn: &mut DbConnection, user_id: &str) -> QueryResult<i64> {
    export_jobs::table.filter(export_jobs::user_id.eq(user_id)).count().get_result(conn)
}

/// Applies `changes` to job `id` if its status is one of `from`; the rows changed.
pub fn update_job_in(
    conn: &mut DbConnection,
    id: &str,
    from: &[ExportStatus],
    changes: &JobChanges,
) -> QueryResult<usize> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    diesel::update(export_jobs::table.filter(export_jobs::id.eq(id)).filter(export_jobs::status.eq_any(from)))
        .set(changes)
        .execute(conn)
}

/// Like [`update_job_in`] from `queued` or `rendering`, and counts one more attempt:
/// a worker starts a run.
pub fn start_attempt(conn: &mut DbConnection, id: &str, changes: &JobChanges) -> QueryResult<usize> {
    let open = [ExportStatus::Queued.as_str(), ExportStatus::Rendering.as_str()];
    diesel::update(export_jobs::table.filter(export_jobs::id.eq(id)).filter(export_jobs::status.eq_any(open)))
        .set((changes, export_jobs::attempts.eq(export_jobs::attempts + 1)))
        .execute(conn)
}

/// Jobs that expired at or before `now`, as (id, storage key), at most `limit`.
pub fn expired_jobs(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(String, Option<String>)>> {
    export_jobs::table
        .filter(export_jobs::expires_at.le(now))
        .order(export_jobs::expires_at.asc())
        .limit(limit)
        .select((export_jobs::id, export_jobs::storage_key))
        .load(conn)
}

/// Deletes job `id` if it expired at or before `now`; the rows deleted.
pub fn delete_expired_job(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(export_jobs::table.filter(export_jobs::id.eq(id)).filter(export_jobs::expires_at.le(now)))
        .execute(conn)
}

/// Whether any job holds the artifact `key`.
pub fn key_is_held(conn: &mut DbConnection, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(export_jobs::table.filter(export_jobs::storage_key.eq(key))))
        .get_result(conn)
}
