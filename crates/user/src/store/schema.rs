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

diesel::table! {
    credit_ledger (id) {
        id -> Text,
        user_id -> Text,
        entry_key -> Text,
        delta -> BigInt,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    account_copies (user_id) {
        user_id -> Text,
        email -> Text,
        roles -> Text,
        email_verified -> Bool,
        created_at -> Timestamp,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(credit_ledger -> profiles (user_id));
diesel::joinable!(account_copies -> profiles (user_id));
diesel::allow_tables_to_appear_in_same_query!(profiles, credit_ledger, account_copies);
