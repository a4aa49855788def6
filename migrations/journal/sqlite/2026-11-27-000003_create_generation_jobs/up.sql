-- Generation jobs (the truth about a job's status and progress; the outbox carries
-- its dispatch) and the people's own provider keys, encrypted at rest.
CREATE TABLE generation_jobs (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'research', 'discovery', 'curation', 'editing',
                                           'completed', 'failed', 'cancelled')),
    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    -- A readable name of the current stage.
    stage TEXT NOT NULL,
    estimated_seconds INTEGER NOT NULL CHECK (estimated_seconds >= 0),
    theme TEXT NOT NULL,
    title_style TEXT NOT NULL,
    author_style TEXT NOT NULL,
    research_depth TEXT NOT NULL CHECK (research_depth IN ('light', 'basic', 'medium', 'deep')),
    days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 366),
    custom_prompt TEXT NOT NULL,
    seed BIGINT NOT NULL,
    provider TEXT NOT NULL,
    -- The journal written. No foreign key: the job stays as history when its
    -- journal is deleted.
    journal_id TEXT NULL,
    error TEXT NULL,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    -- The AI credit spent for the job: spent, refund_pending (a refund is
    -- dispatched) or refunded.
    credit TEXT NOT NULL CHECK (credit IN ('spent', 'refund_pending', 'refunded')),
    credit_updated_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP NULL,
    finished_at TIMESTAMP NULL
);
-- A person's jobs, newest first.
CREATE INDEX generation_jobs_user_created ON generation_jobs (user_id, created_at);
-- Jobs still running, for start-up recovery.
CREATE INDEX generation_jobs_status ON generation_jobs (status);
-- Refunds still owed.
CREATE INDEX generation_jobs_credit ON generation_jobs (credit, credit_updated_at);

CREATE TABLE provider_keys (
    user_id TEXT PRIMARY KEY,
    provider TEXT NOT NULL CHECK (provider IN ('openai')),
    -- AES-256-GCM under journal.key_encryption_key, bound to user_id and provider.
    ciphertext BLOB NOT NULL,
    nonce BLOB NOT NULL,
    -- What GetProviderKey shows: the key's first and last characters.
    masked TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
