-- The staff desk lists everyone's orders newest first.
CREATE INDEX orders_by_created ON orders (created_at DESC, id DESC);
