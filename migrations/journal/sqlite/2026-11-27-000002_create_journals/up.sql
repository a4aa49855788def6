-- Journals, their day pages with the owner's entries, and the outbox of the
-- generation jobs. Ids are UUID text, times UTC.
CREATE TABLE journals (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL,
    author_name TEXT NOT NULL,
    description TEXT NOT NULL,
    theme TEXT NOT NULL,
    title_style TEXT NOT NULL,
    author_style TEXT NOT NULL,
    research_depth TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'generating', 'completed', 'archived')),
    layout TEXT NOT NULL,
    font_size TEXT NOT NULL,
    color_scheme TEXT NOT NULL,
    paper_type TEXT NOT NULL,
    binding_type TEXT NOT NULL,
    introduction_title TEXT NOT NULL,
    introduction_quote TEXT NOT NULL,
    introduction_writeup TEXT NOT NULL,
    commitment_text TEXT NOT NULL,
    commitment_writeup TEXT NOT NULL,
    certificate_summary TEXT NOT NULL,
    certificate_text TEXT NOT NULL,
    -- A JSON array of strings.
    certificate_fields TEXT NOT NULL,
    days_count INTEGER NOT NULL CHECK (days_count BETWEEN 1 AND 366),
    word_count BIGINT NOT NULL CHECK (word_count >= 0),
    legacy_id TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A person's library, newest first.
CREATE INDEX journals_user_created ON journals (user_id, created_at);

CREATE TABLE journal_days (
    journal_id TEXT NOT NULL REFERENCES journals (id) ON DELETE CASCADE,
    day INTEGER NOT NULL CHECK (day >= 1),
    title TEXT NOT NULL,
    pre_writeup TEXT NOT NULL,
    prompt TEXT NOT NULL,
    lines INTEGER NOT NULL CHECK (lines BETWEEN 1 AND 60),
    page_style TEXT NOT NULL CHECK (page_style IN ('lined', 'dotted', 'grid', 'blank')),
    entry_text TEXT NULL,
    entry_updated_at TIMESTAMP NULL,
    -- Also the index of the foreign key (journal_id leads).
    PRIMARY KEY (journal_id, day)
);

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
