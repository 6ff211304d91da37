-- The order chat: system lines, staged uploads, and the files' read side.

-- A system line (author_id NULL) says the order moved to this status.
ALTER TABLE messages ADD COLUMN status TEXT;

-- Files uploaded for a message that is not sent yet. Sending the message moves them
-- into `attachments` in the same transaction; leftovers expire.
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX uploads_by_age ON uploads (created_at);
CREATE INDEX attachments_by_hash ON attachments (sha256);

-- A secret for signing file links, made once per database.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
INSERT INTO secrets (name, value) VALUES ('file_links', randomblob(32));
