// The user service's tables; types are limited to those both PostgreSQL and SQLite have.

diesel::table! {
    profiles (user_id) {
        user_id -> Text,
        full_name -> Text,
        profile_type -> Text,
        ai_credits -> BigInt,
        legacy_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
