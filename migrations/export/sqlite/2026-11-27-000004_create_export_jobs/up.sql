-- Export jobs (the truth about a job's status, progress and file; the outbox carries
-- its dispatch) and the outbox of the export.render messages.
CREATE TABLE export_jobs (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    -- No foreign key: the journal lives in the journal service, and a finished
    -- file stays downloadable after its journal is deleted.
    journal_id TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('pdf', 'docx', 'epub', 'kdp')),
    -- The options the caller gave, as a JSON object (defaults and the journal's
    -- customization fill in the rest at render time).
    options_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'rendering', 'completed', 'failed', 'cancelled')),
    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    -- A readable name of the current step.
    current_step TEXT NOT NULL,
    error TEXT NULL,
    file_name TEXT NULL,
    content_type TEXT NULL,
    size_bytes BIGINT NULL CHECK (size_bytes >= 0),
    page_count INTEGER NULL CHECK (page_count >= 0),
    -- The artifact's key in the store (made from the job id, never from input).
    storage_key TEXT NULL,
    -- Hex SHA-256 of the artifact, checked before each download.
    sha256 TEXT NULL,
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NULL,
    -- When the file and the job are deleted.
    expires_at TIMESTAMP NULL
);
-- A person's jobs, newest first.
CREATE INDEX export_jobs_user_created ON export_jobs (user_id, created_at);
-- Expired jobs, for the cleanup task.
CREATE INDEX export_jobs_expires ON export_jobs (expires_at);
-- Which job holds an artifact, for the sweep of orphaned files.
CREATE INDEX export_jobs_storage_key ON export_jobs (storage_key);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    queue TEXT NOT NULL,
    message_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    headers TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL
);
CREATE INDEX outbox_pending ON outbox (published_at, created_at);
