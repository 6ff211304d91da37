-- Sharing a booking and passing a coworking ticket on (spec sections 10, 11).

-- Share and transfer links. The token is HMAC(server key, nonce), so the owner can
-- copy it again, while the database alone gives no working link; lookups go by
-- SHA-256 of the token. The table was unused before this migration.
DROP TABLE order_links;
CREATE TABLE order_links (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('share', 'transfer')),
    nonce      BLOB NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    -- transfer links work once
    used_at    INTEGER,
    used_by    INTEGER REFERENCES users (id)
);
-- At most one link per order and purpose that is neither deleted nor used.
CREATE UNIQUE INDEX order_links_open ON order_links (order_id, purpose)
    WHERE revoked_at IS NULL AND used_at IS NULL;

-- People the owner took access away from: a share link does not let them back
-- (giving them access directly does).
CREATE TABLE order_visitor_removals (
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    removed_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, user_id)
) WITHOUT ROWID;

-- Whom a sharing or transfer entry of the history concerns.
ALTER TABLE order_history ADD COLUMN subject_id INTEGER REFERENCES users (id);

-- The people directory reads tenants in name order; calendars read by service time.
CREATE INDEX users_directory ON users (role, last_name, first_name, id, search_name, company_id);
CREATE INDEX community_members_by_user ON community_members (user_id);
CREATE INDEX orders_by_user_service_at ON orders (user_id, service_at)
    WHERE service_at IS NOT NULL;

-- Coworking days and hotel stays keep their times in the order's columns too, so
-- that calendars and door access find them through an index.
UPDATE orders SET service_at = json_extract(details, '$.ticket.valid_from'),
                  service_end_at = json_extract(details, '$.ticket.valid_to')
 WHERE kind = 'coworking' AND service_at IS NULL
   AND json_extract(details, '$.ticket.valid_from') IS NOT NULL;
UPDATE orders SET service_at = json_extract(details, '$.hotel.check_in'),
                  service_end_at = json_extract(details, '$.hotel.check_out')
 WHERE kind = 'hotel' AND service_at IS NULL
   AND json_extract(details, '$.hotel.check_in') IS NOT NULL;
