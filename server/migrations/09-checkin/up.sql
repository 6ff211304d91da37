-- The door (spec sections 9, 12): events as dated occurrences, ticket entry codes
-- and every scan of the check-in app.

-- One occurrence of an event service (`events` is the live stream's table): what the check-in app lists and checks
-- tickets against.
CREATE TABLE checkin_events (
    id         INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    name       TEXT NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    place      TEXT
);
CREATE INDEX checkin_events_by_start ON checkin_events (starts_at);

ALTER TABLE orders ADD COLUMN event_id INTEGER REFERENCES checkin_events (id);

-- The event tickets there are: one event per service and start time.
INSERT INTO checkin_events (service_id, name, starts_at, ends_at)
SELECT service_id, MIN(service_name), service_at, MAX(COALESCE(service_end_at, service_at))
FROM orders
WHERE kind = 'event' AND service_at IS NOT NULL
GROUP BY service_id, service_at;
UPDATE orders
SET event_id = (SELECT e.id FROM checkin_events e
                WHERE e.service_id = orders.service_id AND e.starts_at = orders.service_at)
WHERE kind = 'event';
CREATE INDEX orders_by_event ON orders (event_id, status) WHERE event_id IS NOT NULL;

-- Entry codes of event and coworking tickets. The code is HMAC(server key, nonce)
-- (like links), so the holder can be shown it again while the database alone
-- gives none; lookups go by SHA-256 of the code. Passing a ticket on or
-- cancelling it replaces the code: the old row stays, revoked, so that its scan
-- says why it no longer works.
CREATE TABLE ticket_codes (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    nonce       BLOB NOT NULL,
    code_hash   BLOB NOT NULL UNIQUE,
    issued_at   INTEGER NOT NULL,
    revoked_at  INTEGER,
    revoked_why TEXT CHECK (revoked_why IN ('passed_on', 'cancelled'))
);
CREATE UNIQUE INDEX ticket_codes_current ON ticket_codes (order_id) WHERE revoked_at IS NULL;

-- Every scan, admitted or not: who, when, which device, the answer (as sent, so
-- that a retry with the same scan id gets it again).
CREATE TABLE checkin_scans (
    id              INTEGER PRIMARY KEY,
    scan_id         TEXT NOT NULL UNIQUE,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    device          TEXT NOT NULL,
    event_id        INTEGER NOT NULL REFERENCES checkin_events (id),
    order_id        INTEGER REFERENCES orders (id),
    at              INTEGER NOT NULL,
    successful      INTEGER NOT NULL,
    reason          TEXT,
    http_status     INTEGER NOT NULL,
    answer          TEXT NOT NULL,
    -- a successful scan: the status it moved the ticket from, for undoing it
    previous_status TEXT,
    annulled_at     INTEGER
);
CREATE INDEX checkin_scans_by_order ON checkin_scans (order_id, id) WHERE order_id IS NOT NULL;
