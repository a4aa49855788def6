// The export service's tables; types are limited to those both PostgreSQL and SQLite have.

diesel::table! {
    export_jobs (id) {
        id -> Text,
        user_id -> Text,
        journal_id -> Text,
        format -> Text,
        options_json -> Text,
        status -> Text,
        progress -> Integer,
        current_step -> Text,
        error -> Nullable<Text>,
        file_name -> Nullable<Text>,
        content_type -> Nullable<Text>,
        size_bytes -> Nullable<BigInt>,
        page_count -> Nullable<Integer>,
        storage_key -> Nullable<Text>,
        sha256 -> Nullable<Text>,
        attempts -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}
