//! Every migration runs up, down and up again on both backends, and every foreign
//! key has an index (`jc_testkit::migrations`).

jc_testkit::migration_tests!(
    "user",
    jc_user::MIGRATIONS,
    tables: ["profiles", "credit_ledger", "account_copies"],
    foreign_keys: ["credit_ledger.user_id", "account_copies.user_id"],
);
