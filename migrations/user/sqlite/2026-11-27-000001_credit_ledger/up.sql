-- Every change of a balance, keyed so that a repeated spend or refund changes nothing.
CREATE TABLE credit_ledger (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES profiles (user_id) ON DELETE CASCADE,
    -- `spend:<key>` or `refund:<key>`.
    entry_key TEXT NOT NULL,
    delta BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- Also the index of the foreign key (user_id leads).
CREATE UNIQUE INDEX credit_ledger_user_key ON credit_ledger (user_id, entry_key);
