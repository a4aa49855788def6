CREATE TABLE profiles (
    user_id TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    profile_type TEXT NOT NULL CHECK (profile_type IN ('personal_journaler', 'content_creator')),
    ai_credits BIGINT NOT NULL CHECK (ai_credits >= 0),
    legacy_id TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
