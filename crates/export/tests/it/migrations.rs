//! Every migration runs up, down and up again on both backends, and every foreign
//! key has an index (`jc_testkit::migrations`).

jc_testkit::migration_tests!(
    "export",
    jc_export::MIGRATIONS,
    tables: ["export_jobs", "outbox"],
    foreign_keys: [],
);
