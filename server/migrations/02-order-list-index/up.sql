-- The order list reads only these columns: a covering index answers a page without
-- touching the wide order rows (details JSON and all).
DROP INDEX orders_by_user;
CREATE INDEX orders_list ON orders (
    user_id, created_at DESC, id DESC, number, kind, status, service_name, service_at, total, currency
);
