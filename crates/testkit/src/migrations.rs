//! The migration check every service runs on both backends: its migrations go up,
//! down (every table gone), up again, and a second run is a no-op; every foreign key
//! has an index starting with its column.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use jc_platform::db::{Database, DbConnection, Migrations};

use crate::TestDatabase;

/// Runs the check on `test_database` for the migrations of service `name`, which
/// create exactly `tables` and the foreign keys `foreign_keys` (`table.column`, in any
/// order).
pub async fn check_round_trip(
    name: &'static str,
    test_database: &TestDatabase,
    migrations: Migrations,
    tables: &[&str],
    foreign_keys: &[&str],
) {
    let db = Database::new(name, &test_database.settings, migrations).expect("database");
    db.migrate().await.expect("up");
    assert_eq!(present(&db, tables).await, tables, "up creates every table");
    db.revert_all().await.expect("down");
    assert_eq!(present(&db, tables).await, Vec::<String>::new(), "down drops every table");
    db.migrate().await.expect("up again");
    assert_eq!(present(&db, tables).await, tables, "up again creates every table");
    db.migrate().await.expect("nothing pending is a no-op");

    let keys = foreign_keys_of(&db).await;
    let mut names: Vec<String> = keys.iter().map(|k| format!("{}.{}", k.table_name, k.column_name)).collect();
    names.sort();
    let mut expected: Vec<String> = foreign_keys.iter().map(|k| (*k).to_owned()).collect();
    expected.sort();
    assert_eq!(names, expected, "foreign keys");
    for key in &keys {
        assert!(key.indexed, "foreign key {}.{} has no index", key.table_name, key.column_name);
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

/// Which of `tables` exist (each empty, as a fresh migration leaves it).
async fn present(db: &Database, tables: &[&str]) -> Vec<String> {
    let tables: Vec<String> = tables.iter().map(|t| (*t).to_owned()).collect();
    db.run(move |conn| {
        let mut found = Vec::new();
        for table in &tables {
            let counted: QueryResult<Count> =
                diesel::sql_query(format!("SELECT COUNT(*) AS count FROM {table}")).get_result(conn);
            if let Ok(row) = counted {
                assert_eq!(row.count, 0, "{table} is empty after migrating");
                found.push(table.clone());
            }
        }
        Ok(found)
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

async fn foreign_keys_of(db: &Database) -> Vec<ForeignKey> {
    db.run(|conn| {
        Ok(match conn {
            DbConnection::Pg(pg) => diesel::sql_query(POSTGRES_FOREIGN_KEYS).load(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::sql_query(SQLITE_FOREIGN_KEYS).load(sqlite)?,
        })
    })
    .await
    .expect("query")
}

/// The two tests of a service's migrations, `migrations_run_up_down_and_up::embedded`
/// (SQLite) and `::servers` (PostgreSQL), made by [`crate::on_every_backend!`]:
/// `migration_tests!("user", jc_user::MIGRATIONS, tables: [...], foreign_keys: [...]);`
#[macro_export]
macro_rules! migration_tests {
    (
        $name:literal,
        $migrations:expr,
        tables: [$($table:literal),* $(,)?],
        foreign_keys: [$($key:literal),* $(,)?] $(,)?
    ) => {
        async fn migrations_run_up_down_and_up(database: $crate::TestDatabase) {
            let (tables, keys): (&[&str], &[&str]) = (&[$($table),*], &[$($key),*]);
            $crate::migrations::check_round_trip($name, &database, $migrations, tables, keys).await;
        }

        $crate::on_every_backend!($crate::TestDatabase => migrations_run_up_down_and_up);
    };
}
