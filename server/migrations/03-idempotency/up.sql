-- Answers to requests sent with an Idempotency-Key, so a retry is applied once and
-- answered the same. Keys are per user.
CREATE TABLE idempotency_keys (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    key        TEXT NOT NULL,
    -- what the key was used for, so reusing it for another request is refused
    request    TEXT NOT NULL,
    status     INTEGER NOT NULL,
    response   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

-- Awaiting-confirmation orders, for the auto-confirm sweep.
CREATE INDEX orders_awaiting ON orders (awaiting_since) WHERE status = 'awaiting_confirmation';
