-- Accounts, sessions, refresh tokens and the auth event log of the auth service.
-- Times are UTC without a zone; ids are UUIDs as text.

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    -- Trimmed, NFC-normalised and lowercased, so uniqueness ignores case.
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- Comma-separated role names.
    roles TEXT NOT NULL,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    -- The id of an account imported from the legacy backend.
    legacy_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
CREATE UNIQUE INDEX accounts_legacy_id_key ON accounts (legacy_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    -- The absolute end of the session, however often it is refreshed.
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT,
    user_agent TEXT,
    ip TEXT
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    -- SHA-256 of the token, hex; the token itself is never stored.
    token_hash TEXT NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    -- Set when the token is exchanged; presenting it again is reuse.
    rotated_at TIMESTAMP
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);

CREATE TABLE auth_events (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    -- The email given, for failed sign-ins of unknown accounts.
    email TEXT,
    kind TEXT NOT NULL,
    ip TEXT,
    user_agent TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX auth_events_user_id_idx ON auth_events (user_id);
CREATE INDEX auth_events_created_at_idx ON auth_events (created_at);
