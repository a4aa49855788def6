//! Every migration runs up, down and up again on both backends, and every foreign
//! key has an index (`jc_testkit::migrations`).

jc_testkit::migration_tests!(
    "auth",
    jc_auth::MIGRATIONS,
    tables: ["accounts", "sessions", "refresh_tokens", "auth_events"],
    foreign_keys: ["auth_events.user_id", "refresh_tokens.session_id", "sessions.user_id"],
);
