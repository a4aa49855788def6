//! Every migration runs up, down and up again on both backends; the export service's
//! tables have no foreign keys (journals live in the journal service).

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use jc_platform::db::Database;
use jc_testkit::TestDatabase;

#[tokio::test]
async fn sqlite_migrations_run_up_down_and_up() {
    migrations_run_up_down_and_up(jc_testkit::sqlite_database()).await;
}

#[tokio::test]
async fn postgres_migrations_run_up_down_and_up() {
    if let Some(database) = jc_testkit::postgres_database() {
        migrations_run_up_down_and_up(database).await;
    }
}

async fn migrations_run_up_down_and_up(test_database: TestDatabase) {
    let db = Database::new("export", &test_database.settings, jc_export::MIGRATIONS).expect("database");
    db.migrate().await.expect("up");
    assert_eq!(table_rows(&db).await, Some([0; 2]));
    db.revert_all().await.expect("down");
    assert_eq!(table_rows(&db).await, None, "down drops every table");
    db.migrate().await.expect("up again");
    assert_eq!(table_rows(&db).await, Some([0; 2]));
    db.migrate().await.expect("nothing pending is a no-op");
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

/// The row count of each table, or `None` when a table is missing.
async fn table_rows(db: &Database) -> Option<[i64; 2]> {
    db.run(|conn| {
        let mut count = |table: &str| -> QueryResult<i64> {
            let row: Count =
                diesel::sql_query(format!("SELECT COUNT(*) AS count FROM {table}")).get_result(conn)?;
            Ok(row.count)
        };
        let counts = (|| -> QueryResult<[i64; 2]> { Ok([count("export_jobs")?, count("outbox")?]) })();
        Ok(counts.ok())
    })
    .await
    .expect("query")
}
