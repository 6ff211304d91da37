-- Notifications and the live stream.

-- The staff member who took the order into work: told when it is returned.
ALTER TABLE orders ADD COLUMN executor_id INTEGER REFERENCES users (id);

-- What the live stream tells each user, in order. The id is the SSE event id that a
-- reconnecting client resumes after; AUTOINCREMENT so that pruned ids never return.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_by_user ON events (user_id, id);

CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
-- Kept with each change, so that the count is not a scan of everything unread.
ALTER TABLE users ADD COLUMN unread_notifications INTEGER NOT NULL DEFAULT 0;

-- Events below this id were pruned: a client resuming from before it must reload.
CREATE TABLE live_meta (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    pruned_below INTEGER NOT NULL
);
INSERT INTO live_meta (id, pruned_below) VALUES (1, 0);
