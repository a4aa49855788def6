//! Create, read, list, change, delete and copy a journal as a whole.

use jc_domain::{JournalStatus, PageStyle};
use jc_platform::db::{self, DbConnection};
use jc_platform::identity::Caller;
use jc_platform::{AppError, AppResult};
use jc_proto::journal as proto;
use uuid::Uuid;

use super::{JournalService, detail, journal_id, journal_not_found, summary, word_count};
use crate::domain::{
    self, CustomizationChanges, Fields, LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, TITLE_MAX_CHARS,
};
use crate::store::{self, DayRow, JournalChanges, JournalRow};

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;
const BLANK_PAGE_LINES: i32 = 20;

/// The journal and its pages, or "Journal not found." unless `user_id` owns it.
fn load(conn: &mut DbConnection, user_id: &str, id: &str) -> AppResult<(JournalRow, Vec<DayRow>)> {
    let journal = store::find_journal(conn, user_id, id)?.ok_or_else(journal_not_found)?;
    let days = store::days(conn, &journal.id)?;
    Ok((journal, days))
}

/// Recounts the words of a journal after a change, inside the caller's transaction.
pub(super) fn recount(conn: &mut DbConnection, journal: &mut JournalRow, days: &[DayRow]) -> AppResult<()> {
    let size = domain::text_chars(journal, days);
    if size > domain::JOURNAL_MAX_CHARS {
        return Err(AppError::field(
            "journal",
            format!(
                "would hold {size} characters of text; a journal holds at most {} in all",
                domain::JOURNAL_MAX_CHARS
            ),
        ));
    }
    let count = word_count(journal, days);
    if count != journal.word_count {
        let changes = JournalChanges { word_count: Some(count), ..Default::default() };
        store::update_journal(conn, &journal.user_id, &journal.id, &changes)?;
        journal.word_count = count;
    }
    Ok(())
}

fn blank_days(journal_id: &str, days: u32) -> Vec<DayRow> {
    (1..=days)
        .map(|day| DayRow {
            journal_id: journal_id.to_owned(),
            day: i32::try_from(day).unwrap_or(i32::MAX),
            title: format!("Day {day}"),
            pre_writeup: String::new(),
            prompt: String::new(),
            lines: BLANK_PAGE_LINES,
            page_style: PageStyle::Lined.as_str().to_owned(),
            entry_text: None,
            entry_updated_at: None,
        })
        .collect()
}

/// The number of journals when a page of them is the last one: a page with fewer than
/// `limit` rows that is the first or holds some ends the list, so the total is the
/// journals before it plus its own, read by the same query. `None` for a full page or
/// an empty one past the first, whose total only a count can tell. A library that
/// fits on one page (nearly all) is then listed with one query instead of two.
fn total_of_last_page(offset: i64, limit: u32, rows: usize) -> Option<i64> {
    let rows = i64::try_from(rows).ok()?;
    (rows < i64::from(limit) && (rows > 0 || offset == 0)).then_some(offset + rows)
}

impl JournalService {
    pub(super) async fn create(
        &self,
        caller: Caller,
        message: proto::CreateJournalRequest,
    ) -> AppResult<proto::JournalDetail> {
        let mut fields = Fields::default();
        let title = fields.take(domain::title("title", &message.title));
        let subtitle = fields.take(domain::line("subtitle", &message.subtitle, SHORT_TEXT_MAX_CHARS));
        let description = fields.take(domain::text("description", &message.description, LONG_TEXT_MAX_CHARS));
        let theme = fields.take(domain::theme(&message.theme));
        let days = fields.take(domain::days("days", message.days));
        let customization = message
            .customization
            .as_ref()
            .map(|raw| CustomizationChanges::parse(raw, &mut fields))
            .unwrap_or_default()
            .over_defaults();
        fields.finish()?;
        let (Some(title), Some(subtitle), Some(description), Some(theme), Some(days)) =
            (title, subtitle, description, theme, days)
        else {
            return Err(AppError::internal("a field failed without an error"));
        };

        let now = db::now();
        let id = Uuid::now_v7().to_string();
        tracing::Span::current().record("journal_id", id.as_str());
        let mut journal = JournalRow {
            id: id.clone(),
            user_id: caller.user_id.to_string(),
            title,
            subtitle,
            author_name: String::new(),
            description,
            theme,
            title_style: String::new(),
            author_style: String::new(),
            research_depth: String::new(),
            status: JournalStatus::Draft.as_str().to_owned(),
            layout: customization.layout.as_str().to_owned(),
            font_size: customization.font_size.as_str().to_owned(),
            color_scheme: customization.color_scheme.as_str().to_owned(),
            paper_type: customization.paper_type.as_str().to_owned(),
            binding_type: customization.binding_type.as_str().to_owned(),
            introduction_title: String::new(),
            introduction_quote: String::new(),
            introduction_writeup: String::new(),
            commitment_text: String::new(),
            commitment_writeup: String::new(),
            certificate_summary: String::new(),
            certificate_text: String::new(),
            certificate_fields: "[]".to_owned(),
            days_count: i32::try_from(days).unwrap_or(i32::MAX),
            word_count: 0,
            legacy_id: None,
            created_at: now,
            updated_at: now,
        };
        let pages = blank_days(&id, days);
        journal.word_count = word_count(&journal, &pages);
        let row = journal.clone();
        let rows = pages.clone();
        self.db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    store::insert_journal(conn, &row)?;
                    store::insert_days(conn, &rows)
                })
                .map_err(AppError::from)
            })
            .await?;
        Ok(detail(journal, pages))
    }

    pub(super) async fn get(&self, caller: Caller, raw_id: &str) -> AppResult<proto::JournalDetail> {
        let id = journal_id(raw_id)?;
        let user_id = caller.user_id.to_string();
        let (journal, days) = self.db.run(move |conn| load(conn, &user_id, &id)).await?;
        Ok(detail(journal, days))
    }

    /// The journal `raw_id` when `raw_user_id` owns it, for another service's
    /// background work.
    pub(super) async fn owned(&self, raw_user_id: &str, raw_id: &str) -> AppResult<proto::JournalDetail> {
        let id = journal_id(raw_id)?;
        let user_id = Uuid::parse_str(raw_user_id.trim()).map_err(|_| journal_not_found())?.to_string();
        let (journal, days) = self.db.run(move |conn| load(conn, &user_id, &id)).await?;
        Ok(detail(journal, days))
    }

    pub(super) async fn list(
        &self,
        caller: Caller,
        message: proto::ListJournalsRequest,
    ) -> AppResult<proto::JournalPage> {
        let page = message.page.max(1);
        let limit = match message.limit {
            0 => DEFAULT_LIMIT,
            limit if limit <= MAX_LIMIT => limit,
            _ => return Err(AppError::field("limit", format!("must be from 1 to {MAX_LIMIT}"))),
        };
        let status =
            message.status.map(domain::status).transpose().map_err(|e| AppError::validation(vec![e]))?;
        let user_id = caller.user_id.to_string();
        let offset = i64::from(page - 1) * i64::from(limit);
        let (rows, total) = self
            .db
            .run(move |conn| {
                let status = status.map(JournalStatus::as_str);
                let rows = store::list(conn, &user_id, status, offset, i64::from(limit))?;
                let total = match total_of_last_page(offset, limit, rows.len()) {
                    Some(total) => total,
                    None => store::count(conn, &user_id, status)?,
                };
                Ok((rows, total))
            })
            .await?;
        let total = u64::try_from(total).unwrap_or(0);
        let total_pages = u32::try_from(total.div_ceil(u64::from(limit))).unwrap_or(u32::MAX);
        Ok(proto::JournalPage { journals: rows.iter().map(summary).collect(), total, page, total_pages })
    }

    pub(super) async fn update(
        &self,
        caller: Caller,
        message: proto::UpdateJournalRequest,
    ) -> AppResult<proto::JournalDetail> {
        let id = journal_id(&message.id)?;
        let changes = journal_changes(&message)?;
        let user_id = caller.user_id.to_string();
        let (journal, days) = self
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    if store::update_journal(conn, &user_id, &id, &changes)? == 0 {
                        return Err(journal_not_found());
                    }
                    let (mut journal, days) = load(conn, &user_id, &id)?;
                    recount(conn, &mut journal, &days)?;
                    Ok((journal, days))
                })
            })
            .await?;
        Ok(detail(journal, days))
    }

    pub(super) async fn delete(&self, caller: Caller, raw_id: &str) -> AppResult<()> {
        let id = journal_id(raw_id)?;
        let user_id = caller.user_id.to_string();
        let deleted = self.db.run(move |conn| Ok(store::delete_journal(conn, &user_id, &id)?)).await?;
        if deleted == 0 {
            return Err(journal_not_found());
        }
        Ok(())
    }

    pub(super) async fn duplicate(&self, caller: Caller, raw_id: &str) -> AppResult<proto::JournalDetail> {
        let id = journal_id(raw_id)?;
        let user_id = caller.user_id.to_string();
        let (journal, days) = self
            .db
            .run(move |conn| {
                db::transaction(conn, |conn| {
                    let (original, days) = load(conn, &user_id, &id)?;
                    let now = db::now();
                    let copy = JournalRow {
                        id: Uuid::now_v7().to_string(),
                        title: domain::copy_title(&original.title),
                        status: JournalStatus::Draft.as_str().to_owned(),
                        legacy_id: None,
                        created_at: now,
                        updated_at: now,
                        ..original
                    };
                    let days: Vec<DayRow> =
                        days.into_iter().map(|day| DayRow { journal_id: copy.id.clone(), ..day }).collect();
                    store::insert_journal(conn, &copy)?;
                    store::insert_days(conn, &days)?;
                    Ok((copy, days))
                })
            })
            .await?;
        tracing::Span::current().record("copy_id", journal.id.as_str());
        Ok(detail(journal, days))
    }
}

/// The validated changes of an update; every field that is set is checked.
fn journal_changes(message: &proto::UpdateJournalRequest) -> AppResult<JournalChanges> {
    let mut fields = Fields::default();
    let long = |field: &'static str, raw: &str| domain::text(field, raw, LONG_TEXT_MAX_CHARS);
    let mut changes = JournalChanges {
        title: fields.take_opt(message.title.as_deref().map(|t| domain::title("title", t))),
        subtitle: fields
            .take_opt(message.subtitle.as_deref().map(|t| domain::line("subtitle", t, SHORT_TEXT_MAX_CHARS))),
        author_name: fields.take_opt(
            message.author_name.as_deref().map(|t| domain::line("author_name", t, SHORT_TEXT_MAX_CHARS)),
        ),
        description: fields.take_opt(message.description.as_deref().map(|t| long("description", t))),
        status: fields
            .take_opt(message.status.map(domain::settable_status))
            .map(|status| status.as_str().to_owned()),
        updated_at: Some(db::now()),
        ..Default::default()
    };
    if let Some(raw) = &message.customization {
        let custom = CustomizationChanges::parse(raw, &mut fields);
        changes.layout = custom.layout.map(|value| value.as_str().to_owned());
        changes.font_size = custom.font_size.map(|value| value.as_str().to_owned());
        changes.color_scheme = custom.color_scheme.map(|value| value.as_str().to_owned());
        changes.paper_type = custom.paper_type.map(|value| value.as_str().to_owned());
        changes.binding_type = custom.binding_type.map(|value| value.as_str().to_owned());
    }
    if let Some(intro) = &message.introduction {
        changes.introduction_title =
            fields.take(domain::line("introduction.title", &intro.title, TITLE_MAX_CHARS));
        changes.introduction_quote =
            fields.take(domain::text("introduction.quote", &intro.quote, LONG_TEXT_MAX_CHARS));
        changes.introduction_writeup = fields.take(long("introduction.writeup", &intro.writeup));
    }
    if let Some(commitment) = &message.commitment {
        changes.commitment_text = fields.take(long("commitment.text", &commitment.text));
        changes.commitment_writeup = fields.take(long("commitment.writeup", &commitment.writeup));
    }
    if let Some(certificate) = &message.certificate {
        changes.certificate_summary = fields.take(long("certificate.summary", &certificate.summary));
        changes.certificate_text = fields.take(long("certificate.text", &certificate.text));
        changes.certificate_fields = fields
            .take(domain::certificate_fields(&certificate.fields))
            .map(|list| serde_json::to_string(&list))
            .transpose()
            .map_err(AppError::internal)?;
    }
    fields.finish()?;
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::total_of_last_page;

    #[test]
    fn only_a_page_that_ends_the_list_gives_the_total() {
        // Pages of 10: 3 on the first page, 5 on the third, none at all.
        assert_eq!(total_of_last_page(0, 10, 3), Some(3));
        assert_eq!(total_of_last_page(20, 10, 5), Some(25));
        assert_eq!(total_of_last_page(0, 10, 0), Some(0));
        // A full page may be followed by more; an empty page past the first says
        // nothing about the pages before it.
        assert_eq!(total_of_last_page(0, 10, 10), None);
        assert_eq!(total_of_last_page(10, 10, 10), None);
        assert_eq!(total_of_last_page(40, 10, 0), None);
    }
}
