-- The whole data model of the spec: people, the catalogue, orders with their
-- history, sharing, ticket transfer, chat and notifications. Times are unix seconds
-- (UTC); money is integer minor units.

CREATE TABLE companies (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE communities (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    -- lower-cased "first last" for partial-match people search (Cyrillic too)
    search_name   TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('tenant', 'staff', 'event_manager')),
    company_id    INTEGER REFERENCES companies (id),
    created_at    INTEGER NOT NULL
);

CREATE TABLE community_members (
    community_id INTEGER NOT NULL REFERENCES communities (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (community_id, user_id)
) WITHOUT ROWID;

-- Login sessions: only a hash of the bearer token is kept.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE services (
    id                    INTEGER PRIMARY KEY,
    kind                  TEXT NOT NULL,
    name                  TEXT NOT NULL,
    description           TEXT NOT NULL,
    characteristics       TEXT NOT NULL DEFAULT '[]', -- JSON [{label, value}]
    price                 INTEGER,
    currency              TEXT NOT NULL DEFAULT 'RUB',
    cancellable           INTEGER NOT NULL DEFAULT 0,
    cancel_deadline_hours INTEGER,
    auto_confirm_hours    INTEGER NOT NULL DEFAULT 72,
    prepayment_percent    INTEGER,
    -- title of the «Дополнительные услуги» block; NULL means the default title
    additional_title      TEXT
);

CREATE TABLE service_additional (
    service_id    INTEGER NOT NULL REFERENCES services (id),
    additional_id INTEGER NOT NULL REFERENCES services (id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (service_id, additional_id)
) WITHOUT ROWID;

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    service_id     INTEGER NOT NULL REFERENCES services (id),
    kind           TEXT NOT NULL,
    -- the service's name when the order was placed
    service_name   TEXT NOT NULL,
    status         TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    service_at     INTEGER,
    service_end_at INTEGER,
    total          INTEGER,
    paid           INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL DEFAULT 'RUB',
    payment_method TEXT,
    payer          TEXT,
    comment        TEXT,
    -- kind-specific blocks (items, delivery place, hotel stay, ticket, form), JSON
    details        TEXT NOT NULL DEFAULT '{}',
    -- coworking: who holds the ticket now (the buyer until it is passed on)
    ticket_holder_id INTEGER REFERENCES users (id),
    -- service/request: when staff marked it done awaiting confirmation
    awaiting_since INTEGER,
    -- event: when the visitor was checked in
    checked_in_at  INTEGER,
    -- lower-cased "number service name" for case-insensitive search
    search_text    TEXT NOT NULL
);
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_by_status ON orders (status, created_at DESC);
CREATE INDEX orders_by_holder ON orders (ticket_holder_id) WHERE ticket_holder_id IS NOT NULL;

-- Every change of an order: who, what, when.
CREATE TABLE order_history (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    actor_id    INTEGER REFERENCES users (id), -- NULL for the system (auto-confirm)
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX order_history_by_order ON order_history (order_id, id);

-- People a booking is shared with («Посетители», besides the owner).
CREATE TABLE order_visitors (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, user_id)
) WITHOUT ROWID;
CREATE INDEX order_visitors_by_user ON order_visitors (user_id);

-- Share links of bookings and transfer links of coworking tickets: hashed tokens.
CREATE TABLE order_links (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('share', 'transfer')),
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    used_at    INTEGER
);
CREATE INDEX order_links_by_order ON order_links (order_id, purpose);

-- Chat. The id is generated by the client so that a retried send is stored once.
CREATE TABLE messages (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    author_id  INTEGER REFERENCES users (id), -- NULL for system lines
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_by_order ON messages (order_id, seq);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_seq  INTEGER NOT NULL REFERENCES messages (seq),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL
);
CREATE INDEX attachments_by_message ON attachments (message_seq);

-- How far each person has read each order's chat.
CREATE TABLE message_reads (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (order_id, user_id)
) WITHOUT ROWID;

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    order_id   INTEGER REFERENCES orders (id),
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_by_user ON notifications (user_id, id DESC);
