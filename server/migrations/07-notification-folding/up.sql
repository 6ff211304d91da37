-- Folding a new chat message into the unread notification of its order finds that
-- notification directly, however many unread ones the user has.
CREATE INDEX notifications_unread_by_order ON notifications (user_id, order_id, kind)
    WHERE read_at IS NULL;
