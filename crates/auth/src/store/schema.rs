//! The auth tables, written by hand so that one schema serves PostgreSQL and SQLite:
//! only types both backends have (Text, Timestamp, Bool, BigInt, Nullable).
//! Keep in step with `migrations/auth/{postgres,sqlite}`.

diesel::table! {
    accounts (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        roles -> Text,
        email_verified -> Bool,
        is_active -> Bool,
        legacy_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        token_hash -> Text,
        session_id -> Text,
        created_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    auth_events (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        email -> Nullable<Text>,
        kind -> Text,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> accounts (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(auth_events -> accounts (user_id));

diesel::allow_tables_to_appear_in_same_query!(accounts, sessions, refresh_tokens, auth_events);
