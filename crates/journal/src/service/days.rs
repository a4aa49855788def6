//! One day's page and the owner's entry on it.

use jc_platform::db::{self, DbConnection};
use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult};
use jc_proto::journal as proto;

use super::journals::recount;
use super::{JournalService, day_page, journal_id, journal_not_found};
use crate::domain::{self, ENTRY_MAX_CHARS, Fields, LONG_TEXT_MAX_CHARS, TITLE_MAX_CHARS};
use crate::store::{self, DayChanges, JournalChanges, JournalRow};

fn day_not_found() -> AppError {
    AppError::not_found("Day")
}

/// The caller's journal and the checked day number, or NotFound.
fn journal_and_day(
    conn: &mut DbConnection,
    user_id: &str,
    id: &str,
    day: u32,
) -> AppResult<(JournalRow, i32)> {
    let journal = store::find_journal(conn, user_id, id)?.ok_or_else(journal_not_found)?;
    match i32::try_from(day) {
        Ok(day) if day >= 1 && day <= journal.days_count => Ok((journal, day)),
        _ => Err(day_not_found()),
    }
}

impl JournalService {
    pub(super) async fn day(&self, caller: Caller, message: &proto::DayRef) -> AppResult<proto::DayPage> {
        let id = journal_id(&message.journal_id)?;
        let user_id = caller.user_id.to_string();
        let number = message.day;
        let row = self
            .db
            .run(move |conn| {
                let (journal, day) = journal_and_day(conn, &user_id, &id, number)?;
                store::find_day(conn, &journal.id, day)?.ok_or_else(day_not_found)
            })
            .await?;
        Ok(day_page(row))
    }

    pub(super) async fn change_day(
        &self,
        caller: Caller,
        message: proto::UpdateDayRequest,
    ) -> AppResult<proto::DayPage> {
        let id = journal_id(&message.journal_id)?;
        let changes = day_changes(&message)?;
        let user_id = caller.user_id.to_string();
        let number = message.day;
        let row = self
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    let (mut journal, day) = journal_and_day(conn, &user_id, &id, number)?;
                    if !changes.is_empty() {
                        store::update_day(conn, &journal.id, day, &changes)?;
                        let touched = JournalChanges { updated_at: Some(db::now()), ..Default::default() };
                        store::update_journal(conn, &user_id, &journal.id, &touched)?;
                        let days = store::days(conn, &journal.id)?;
                        recount(conn, &mut journal, &days)?;
                    }
                    store::find_day(conn, &journal.id, day)?.ok_or_else(day_not_found)
                })
            })
            .await?;
        Ok(day_page(row))
    }
}

/// The validated changes of a day; an empty entry text removes the entry.
fn day_changes(message: &proto::UpdateDayRequest) -> AppResult<DayChanges> {
    let mut fields = Fields::default();
    let mut changes = DayChanges {
        title: fields.take_opt(message.title.as_deref().map(|t| domain::line("title", t, TITLE_MAX_CHARS))),
        pre_writeup: fields.take_opt(
            message.pre_writeup.as_deref().map(|t| domain::text("pre_writeup", t, LONG_TEXT_MAX_CHARS)),
        ),
        prompt: fields
            .take_opt(message.prompt.as_deref().map(|t| domain::text("prompt", t, LONG_TEXT_MAX_CHARS))),
        lines: fields.take_opt(message.lines.map(domain::lines)),
        page_style: fields
            .take_opt(message.page_style.map(domain::page_style))
            .map(|style| style.as_str().to_owned()),
        ..Default::default()
    };
    if let Some(text) = &message.entry_text {
        if text.is_empty() {
            changes.entry_text = Some(None);
            changes.entry_updated_at = Some(None);
        } else if let Some(text) = fields.take(domain::text("entry_text", text, ENTRY_MAX_CHARS)) {
            changes.entry_text = Some(Some(text));
            changes.entry_updated_at = Some(Some(db::now()));
        }
    }
    fields.finish()?;
    Ok(changes)
}
