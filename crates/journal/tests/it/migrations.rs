//! Every migration runs up, down and up again on both backends, and every foreign
//! key has an index.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use jc_platform::db::{Database, DbConnection};
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
    let db = Database::new("journal", &test_database.settings, jc_journal::MIGRATIONS).expect("database");
    db.migrate().await.expect("up");
    assert_eq!(table_rows(&db).await, Some([0; 5]));
    db.revert_all().await.expect("down");
    assert_eq!(table_rows(&db).await, None, "down drops every table");
    db.migrate().await.expect("up again");
    assert_eq!(table_rows(&db).await, Some([0; 5]));
    db.migrate().await.expect("nothing pending is a no-op");

    let foreign_keys = foreign_keys(&db).await;
    let names: Vec<String> =
        foreign_keys.iter().map(|k| format!("{}.{}", k.table_name, k.column_name)).collect();
    assert_eq!(names, ["journal_days.journal_id"]);
    for key in &foreign_keys {
        assert!(key.indexed, "foreign key {}.{} has no index", key.table_name, key.column_name);
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

/// The row count of each table, or `None` when a table is missing.
async fn table_rows(db: &Database) -> Option<[i64; 5]> {
    db.run(|conn| {
        let mut count = |table: &str| -> QueryResult<i64> {
            let row: Count =
                diesel::sql_query(format!("SELECT COUNT(*) AS count FROM {table}")).get_result(conn)?;
            Ok(row.count)
        };
        let counts = (|| -> QueryResult<[i64; 5]> {
            Ok([
                count("journals")?,
                count("journal_days")?,
                count("outbox")?,
                count("generation_jobs")?,
                count("provider_keys")?,
            ])
        })();
        Ok(counts.ok())
    })
    .await
    .expect("query")
}

#[derive(Debug, QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    /// Whether an index starts with the column.
    #[diesel(sql_type = Bool)]
    indexed: bool,
}

/// Read from the catalogs rather than `pg_indexes` or `information_schema`: those
/// views call functions on every object of the database, which fail with "cache
/// lookup failed" while another test drops its schema.
const POSTGRES_FOREIGN_KEYS: &str = r"
    SELECT t.relname::text AS table_name, a.attname::text AS column_name,
        EXISTS (
            SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]
        ) AS indexed
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND n.nspname = current_schema()";

const SQLITE_FOREIGN_KEYS: &str = r#"
    SELECT m.name AS table_name, f."from" AS column_name,
        EXISTS (
            SELECT 1 FROM pragma_index_list(m.name) il
            JOIN pragma_index_info(il.name) ii
            WHERE ii.seqno = 0 AND ii.name = f."from"
        ) AS indexed
    FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
    WHERE m.type = 'table'"#;

async fn foreign_keys(db: &Database) -> Vec<ForeignKey> {
    db.run(|conn| {
        Ok(match conn {
            DbConnection::Pg(pg) => diesel::sql_query(POSTGRES_FOREIGN_KEYS).load(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::sql_query(SQLITE_FOREIGN_KEYS).load(sqlite)?,
        })
    })
    .await
    .expect("query")
}
