-- Embedding (spec section 14): who a portal's user is here, and the launch
-- tokens already used.

-- A portal's user (`sub` in its launch tokens) is one Kabinet user.
CREATE TABLE portal_users (
    portal_id TEXT NOT NULL,
    sub       TEXT NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (portal_id, sub)
) WITHOUT ROWID;

-- Each launch token works once: its `jti` is kept until the token has expired.
CREATE TABLE launch_tokens_used (
    portal_id  TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (portal_id, jti)
) WITHOUT ROWID;
CREATE INDEX launch_tokens_used_by_expiry ON launch_tokens_used (expires_at);
