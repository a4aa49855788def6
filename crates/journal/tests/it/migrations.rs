//! Every migration runs up, down and up again on both backends, and every foreign
//! key has an index (`jc_testkit::migrations`).

jc_testkit::migration_tests!(
    "journal",
    jc_journal::MIGRATIONS,
    tables: ["journals", "journal_days", "outbox", "generation_jobs", "provider_keys"],
    foreign_keys: ["journal_days.journal_id"],
);
