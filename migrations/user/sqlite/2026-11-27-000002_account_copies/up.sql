-- A copy of each account's public fields, recorded from the auth service (which owns
-- them) at registration or on the first `GetMe`, so that one call answers /me.
CREATE TABLE account_copies (
    user_id TEXT PRIMARY KEY REFERENCES profiles (user_id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    -- Comma-separated, as the auth service stores them.
    roles TEXT NOT NULL,
    email_verified BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
