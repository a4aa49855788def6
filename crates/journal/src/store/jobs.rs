//! Generation jobs. A job's row is the truth about its status, progress and credit;
//! every change of a running job is conditional on it not having finished, so a
//! cancelled or completed job is never changed again.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use jc_platform::db::DbConnection;

use super::schema::generation_jobs;
use crate::jobs::{CreditState, GenerationStatus};

/// A generation job as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = generation_jobs)]
pub struct JobRow {
    pub id: String,
    pub user_id: String,
    /// A [`GenerationStatus`] word.
    pub status: String,
    pub progress: i32,
    /// A readable name of the current stage.
    pub stage: String,
    pub estimated_seconds: i32,
    pub theme: String,
    pub title_style: String,
    pub author_style: String,
    pub research_depth: String,
    pub days: i32,
    pub custom_prompt: String,
    /// The generator's seed, its 64 bits stored as a signed number.
    pub seed: i64,
    pub provider: String,
    pub journal_id: Option<String>,
    pub error: Option<String>,
    pub attempts: i32,
    /// A [`CreditState`] word.
    pub credit: String,
    pub credit_updated_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
}

impl JobRow {
    /// The job's status, if this code knows the stored word.
    pub fn status(&self) -> Option<GenerationStatus> {
        GenerationStatus::parse(&self.status)
    }

    /// Completed, failed or cancelled (or a status this code does not know, which
    /// it must not touch).
    pub fn is_finished(&self) -> bool {
        self.status().is_none_or(GenerationStatus::is_terminal)
    }
}

/// The job fields a change may set; `None` leaves a field as it is.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = generation_jobs)]
pub struct JobChanges {
    pub status: Option<String>,
    pub progress: Option<i32>,
    pub stage: Option<String>,
    pub estimated_seconds: Option<i32>,
    pub journal_id: Option<Option<String>>,
    pub error: Option<Option<String>>,
    pub credit: Option<String>,
    pub credit_updated_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub started_at: Option<Option<NaiveDateTime>>,
    pub finished_at: Option<Option<NaiveDateTime>>,
}

type StatusIsNot = diesel::dsl::NotEq<generation_jobs::status, &'static str>;
type Open = diesel::dsl::And<diesel::dsl::And<StatusIsNot, StatusIsNot>, StatusIsNot>;

/// The job has not finished.
fn open() -> Open {
    generation_jobs::status
        .ne(GenerationStatus::Completed.as_str())
        .and(generation_jobs::status.ne(GenerationStatus::Failed.as_str()))
        .and(generation_jobs::status.ne(GenerationStatus::Cancelled.as_str()))
}

/// Writes a new job.
pub fn insert_job(conn: &mut DbConnection, row: &JobRow) -> QueryResult<()> {
    diesel::insert_into(generation_jobs::table).values(row).execute(conn).map(|_| ())
}

/// The job `id`, whoever owns it (for the worker).
pub fn find_job(conn: &mut DbConnection, id: &str) -> QueryResult<Option<JobRow>> {
    generation_jobs::table.find(id).select(JobRow::as_select()).first(conn).optional()
}

/// The job `id` of `user_id`, if it is theirs.
pub fn find_owned_job(conn: &mut DbConnection, user_id: &str, id: &str) -> QueryResult<Option<JobRow>> {
    generation_jobs::table
        .filter(generation_jobs::id.eq(id))
        .filter(generation_jobs::user_id.eq(user_id))
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}

/// Applies `changes` to job `id` unless it has finished; the number of rows changed.
pub fn update_open_job(conn: &mut DbConnection, id: &str, changes: &JobChanges) -> QueryResult<usize> {
    diesel::update(generation_jobs::table.filter(generation_jobs::id.eq(id)).filter(open()))
        .set(changes)
        .execute(conn)
}

/// Like [`update_open_job`], and counts one more attempt: a worker starts a run.
pub fn start_attempt(conn: &mut DbConnection, id: &str, changes: &JobChanges) -> QueryResult<usize> {
    diesel::update(generation_jobs::table.filter(generation_jobs::id.eq(id)).filter(open()))
        .set((changes, generation_jobs::attempts.eq(generation_jobs::attempts + 1)))
        .execute(conn)
}

/// Completes job `id` with its journal, only if it is still open and has none: the
/// guard that keeps a redelivered or concurrent run from writing a second journal.
pub fn complete_job(conn: &mut DbConnection, id: &str, changes: &JobChanges) -> QueryResult<usize> {
    diesel::update(
        generation_jobs::table
            .filter(generation_jobs::id.eq(id))
            .filter(generation_jobs::journal_id.is_null())
            .filter(open()),
    )
    .set(changes)
    .execute(conn)
}

/// The ids of every job that has not finished, oldest first.
pub fn open_job_ids(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    generation_jobs::table
        .filter(open())
        .order(generation_jobs::created_at.asc())
        .select(generation_jobs::id)
        .load(conn)
}

/// Jobs whose refund was dispatched before `before` and is not yet confirmed, as
/// (job id, user id), oldest first, at most `limit`.
pub fn refunds_pending(
    conn: &mut DbConnection,
    before: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(String, String)>> {
    generation_jobs::table
        .filter(generation_jobs::credit.eq(CreditState::RefundPending.as_str()))
        .filter(generation_jobs::credit_updated_at.lt(before))
        .order(generation_jobs::credit_updated_at.asc())
        .limit(limit)
        .select((generation_jobs::id, generation_jobs::user_id))
        .load(conn)
}

/// Moves the credit of job `id` from `from` to `to`; the number of rows changed.
pub fn set_credit(
    conn: &mut DbConnection,
    id: &str,
    from: CreditState,
    to: CreditState,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        generation_jobs::table
            .filter(generation_jobs::id.eq(id))
            .filter(generation_jobs::credit.eq(from.as_str())),
    )
    .set((generation_jobs::credit.eq(to.as_str()), generation_jobs::credit_updated_at.eq(now)))
    .execute(conn)
}
