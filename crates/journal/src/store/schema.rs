// The journal service's tables; types are limited to those both PostgreSQL and SQLite have.

diesel::table! {
    journals (id) {
        id -> Text,
        user_id -> Text,
        title -> Text,
        subtitle -> Text,
        author_name -> Text,
        description -> Text,
        theme -> Text,
        title_style -> Text,
        author_style -> Text,
        research_depth -> Text,
        status -> Text,
        layout -> Text,
        font_size -> Text,
        color_scheme -> Text,
        paper_type -> Text,
        binding_type -> Text,
        introduction_title -> Text,
        introduction_quote -> Text,
        introduction_writeup -> Text,
        commitment_text -> Text,
        commitment_writeup -> Text,
        certificate_summary -> Text,
        certificate_text -> Text,
        certificate_fields -> Text,
        days_count -> Integer,
        word_count -> BigInt,
        legacy_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    journal_days (journal_id, day) {
        journal_id -> Text,
        day -> Integer,
        title -> Text,
        pre_writeup -> Text,
        prompt -> Text,
        lines -> Integer,
        page_style -> Text,
        entry_text -> Nullable<Text>,
        entry_updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    generation_jobs (id) {
        id -> Text,
        user_id -> Text,
        status -> Text,
        progress -> Integer,
        stage -> Text,
        estimated_seconds -> Integer,
        theme -> Text,
        title_style -> Text,
        author_style -> Text,
        research_depth -> Text,
        days -> Integer,
        custom_prompt -> Text,
        seed -> BigInt,
        provider -> Text,
        journal_id -> Nullable<Text>,
        error -> Nullable<Text>,
        attempts -> Integer,
        credit -> Text,
        credit_updated_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    provider_keys (user_id) {
        user_id -> Text,
        provider -> Text,
        ciphertext -> Binary,
        nonce -> Binary,
        masked -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(journal_days -> journals (journal_id));
diesel::allow_tables_to_appear_in_same_query!(journals, journal_days, generation_jobs, provider_keys);
