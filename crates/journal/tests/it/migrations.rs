//! Every migration runs up, down and up again on both backends, and every foreign
//! key has an index (`jc_testkit::migrations`).

const TABLES: &[&str] = &["journals", "journal_days", "outbox", "generation_jobs", "provider_keys"];
const FOREIGN_KEYS: &[&str] = &["journal_days.journal_id"];

#[tokio::test]
async fn sqlite_migrations_run_up_down_and_up() {
    let database = jc_testkit::sqlite_database();
    jc_testkit::migrations::check_round_trip(
        "journal",
        &database,
        jc_journal::MIGRATIONS,
        TABLES,
        FOREIGN_KEYS,
    )
    .await;
}

#[tokio::test]
async fn postgres_migrations_run_up_down_and_up() {
    if let Some(database) = jc_testkit::postgres_database() {
        jc_testkit::migrations::check_round_trip(
            "journal",
            &database,
            jc_journal::MIGRATIONS,
            TABLES,
            FOREIGN_KEYS,
        )
        .await;
    }
}
