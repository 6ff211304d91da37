-- Ordering every kind and paying online (spec sections 4, 7, 15): what a service
-- sells, its form, saved delivery places, who may pay, and the payments and
-- refunds of the provider. Money is integer minor units (kopecks).

-- What a service sells: goods items, coworking tariffs, hotel room types, event
-- ticket types. `stock` is how many there are per day (coworking seats), per night
-- (hotel rooms of the type) or per event date (places); NULL is no limit. An offer
-- taken off sale keeps its row (old orders and repeat drafts name it).
CREATE TABLE offers (
    id          INTEGER PRIMARY KEY,
    service_id  INTEGER NOT NULL REFERENCES services (id),
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    price       INTEGER NOT NULL CHECK (price >= 0),
    description TEXT,
    guests_max  INTEGER CHECK (guests_max >= 1),
    stock       INTEGER CHECK (stock >= 0),
    on_sale     INTEGER NOT NULL DEFAULT 1,
    position    INTEGER NOT NULL
);
CREATE INDEX offers_by_service ON offers (service_id, position);

-- A simple service's form ([{key, label, type, required, options, min, max}]) and
-- a bookable resource's hours ({opens_hour, closes_hour, max_hours}).
ALTER TABLE services ADD COLUMN form TEXT NOT NULL DEFAULT '[]';
ALTER TABLE services ADD COLUMN booking TEXT;

-- Whether the company pays for what its people order («Плательщик»).
ALTER TABLE companies ADD COLUMN pays_for_staff INTEGER NOT NULL DEFAULT 0;

-- Delivery places a company saved for goods orders.
CREATE TABLE saved_places (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    building   TEXT NOT NULL,
    floor      TEXT,
    room       TEXT,
    note       TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX saved_places_by_company ON saved_places (company_id);

-- The offer an order took (tariff, room type, ticket type) and who pays.
ALTER TABLE orders ADD COLUMN offer_id INTEGER REFERENCES offers (id);
ALTER TABLE orders ADD COLUMN payer_kind TEXT CHECK (payer_kind IN ('user', 'company'));
-- What holds a slot, a room or a place: every order that is not cancelled.
CREATE INDEX orders_holding_service ON orders (service_id, service_at)
    WHERE status NOT IN ('cancelled', 'refund_pending');
CREATE INDEX orders_holding_offer ON orders (offer_id, service_at)
    WHERE offer_id IS NOT NULL AND status NOT IN ('cancelled', 'refund_pending');
-- An order placed to be paid that holds a slot, a room or a place: when its hold
-- began. Unpaid in time, it is cancelled and frees what it held.
ALTER TABLE orders ADD COLUMN hold_from INTEGER;

-- Online payments at the provider. At most one is open (pending) per order.
CREATE TABLE payments (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    provider         TEXT NOT NULL,
    -- the provider's id; NULL until the provider answered the create
    provider_id      TEXT,
    amount           INTEGER NOT NULL CHECK (amount > 0),
    currency         TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'canceled')),
    confirmation_url TEXT,
    -- sent as the provider's Idempotence-Key, so a retried create makes one payment
    idempotence_key  TEXT NOT NULL UNIQUE,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX payments_one_open ON payments (order_id) WHERE status = 'pending';
CREATE UNIQUE INDEX payments_by_provider_id ON payments (provider, provider_id)
    WHERE provider_id IS NOT NULL;
CREATE INDEX payments_by_order ON payments (order_id, id);

-- Refunds of cancelled paid orders: written with the cancellation (as an outbox),
-- then asked of the provider.
CREATE TABLE refunds (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    payment_id      INTEGER NOT NULL REFERENCES payments (id),
    provider_id     TEXT,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    status          TEXT NOT NULL CHECK (status IN ('requested', 'pending', 'succeeded', 'failed')),
    idempotence_key TEXT NOT NULL UNIQUE,
    error           TEXT,
    -- tries the provider did not answer; the next waits longer (backoff)
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX refunds_by_order ON refunds (order_id);
CREATE INDEX refunds_open ON refunds (status, updated_at) WHERE status IN ('requested', 'pending');
-- A payment is returned at most once: one refund open or done at a time (a
-- refused one may be asked again).
CREATE UNIQUE INDEX refunds_one_per_payment ON refunds (payment_id) WHERE status <> 'failed';
-- Webhooks find a refund by the provider's id.
CREATE INDEX refunds_by_provider_id ON refunds (provider_id) WHERE provider_id IS NOT NULL;

-- Webhooks and payments refused as not matching ours, kept for staff to look at.
CREATE TABLE payment_problems (
    id          INTEGER PRIMARY KEY,
    provider    TEXT NOT NULL,
    provider_id TEXT,
    order_id    INTEGER,
    what        TEXT NOT NULL,
    at          INTEGER NOT NULL
);

-- Files sent with an order being placed (a request's files, a form's file field)
-- are uploaded before the order exists: their upload has no order yet.
CREATE TABLE uploads_staged (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    order_id     INTEGER REFERENCES orders (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
INSERT INTO uploads_staged (id, user_id, order_id, file_name, content_type, size, sha256, created_at)
SELECT id, user_id, order_id, file_name, content_type, size, sha256, created_at FROM uploads;
DROP TABLE uploads;
ALTER TABLE uploads_staged RENAME TO uploads;
CREATE INDEX uploads_by_age ON uploads (created_at);
