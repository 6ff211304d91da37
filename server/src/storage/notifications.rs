//! Stored notifications and each user's unread count.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use kabinet_core::{NotificationKind, Status};

use super::StoreResult;

/// A stored notification, with its order's status now.
#[derive(Clone, Debug)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: NotificationKind,
    pub order_id: i64,
    pub body: NotificationBody,
    pub created_at: i64,
    pub read: bool,
    pub current_status: Status,
}

/// The facts a notification words, frozen when it was made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NotificationBody {
    pub number: String,
    pub service_name: String,
    pub status: Status,
    pub actor: Option<String>,
    /// New messages: how many this notification stands for, and the newest text.
    #[serde(default)]
    pub count: u32,
    #[serde(default)]
    pub preview: Option<String>,
    /// Whether the recipient may open the order (people a booking is shared with
    /// and a ticket's holder may not).
    #[serde(default = "yes")]
    pub opens_order: bool,
    /// Whom a ticket was passed to.
    #[serde(default)]
    pub subject: Option<String>,
    /// Sharing and tickets: when the booking or the ticket's day starts.
    #[serde(default)]
    pub service_at: Option<i64>,
}

fn yes() -> bool {
    true
}

/// Stores a notification; answers its id.
pub fn insert(
    c: &Connection,
    user_id: i64,
    order_id: i64,
    kind: NotificationKind,
    body: &NotificationBody,
    now: i64,
) -> StoreResult<i64> {
    c.prepare_cached(
        "INSERT INTO notifications (user_id, order_id, kind, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![user_id, order_id, kind, serde_json::to_string(body)?, now])?;
    Ok(c.last_insert_rowid())
}

/// Notifications removed to be folded into a new one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Taken {
    /// How many rows were removed (all unread).
    pub rows: u32,
    /// The `count` they stood for together.
    pub count: u32,
}

/// Removes the user's unread notifications of `kind` about an order, to fold them
/// into a new one.
pub fn take_unread(
    c: &Connection,
    user_id: i64,
    order_id: i64,
    kind: NotificationKind,
) -> StoreResult<Taken> {
    let mut stmt = c.prepare_cached(
        "DELETE FROM notifications
          WHERE user_id = ?1 AND order_id = ?2 AND kind = ?3 AND read_at IS NULL
          RETURNING body",
    )?;
    let rows = stmt.query_map(params![user_id, order_id, kind], |r| {
        r.get::<_, String>("body")
    })?;
    let mut taken = Taken::default();
    for body in rows {
        taken.rows += 1;
        taken.count += serde_json::from_str::<NotificationBody>(&body?)
            .map(|b| b.count.max(1))
            .unwrap_or(1);
    }
    Ok(taken)
}

pub fn unread(c: &Connection, user_id: i64) -> StoreResult<u32> {
    Ok(
        c.prepare_cached("SELECT unread_notifications FROM users WHERE id = ?1")?
            .query_row([user_id], |r| r.get(0))
            .optional()?
            .unwrap_or(0),
    )
}

/// Sets the user's unread count from the notifications themselves; answers it.
pub fn recount_unread(c: &Connection, user_id: i64) -> StoreResult<u32> {
    Ok(c.prepare_cached(
        "UPDATE users SET unread_notifications =
                    (SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL)
              WHERE id = ?1 RETURNING unread_notifications",
    )?
    .query_row([user_id], |r| r.get(0))
    .optional()?
    .unwrap_or(0))
}

/// A user's notifications, newest first, older than `before`.
pub fn list(
    c: &Connection,
    user_id: i64,
    before: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<NotificationRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT n.id, n.kind, n.order_id, n.body, n.created_at, n.read_at IS NOT NULL AS read,
                o.status AS current_status
           FROM notifications n JOIN orders o ON o.id = n.order_id
          WHERE n.user_id = ?1 AND n.id < ?2 ORDER BY n.id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![user_id, before.unwrap_or(i64::MAX), limit], |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, String>("kind")?,
            r.get::<_, i64>("order_id")?,
            r.get::<_, String>("body")?,
            r.get::<_, i64>("created_at")?,
            r.get::<_, bool>("read")?,
            r.get::<_, Status>("current_status")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, order_id, body, created_at, read, current_status) = row?;
        // Rows this version cannot word (a kind from a newer one) are skipped.
        let (Ok(kind), Ok(body)) = (kind.parse(), serde_json::from_str(&body)) else {
            continue;
        };
        out.push(NotificationRow {
            id,
            kind,
            order_id,
            body,
            created_at,
            read,
            current_status,
        });
    }
    Ok(out)
}

/// Which notifications to mark read.
#[derive(Clone, Debug)]
pub enum Marked {
    All,
    Ids(Vec<i64>),
    Order(i64),
}

/// Marks a user's notifications read; answers the unread count after.
pub fn mark_read(c: &Connection, user_id: i64, which: &Marked, now: i64) -> StoreResult<u32> {
    match which {
        Marked::All => {
            c.prepare_cached(
                "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
            )?
            .execute(params![user_id, now])?;
        }
        Marked::Order(order_id) => {
            c.prepare_cached(
                "UPDATE notifications SET read_at = ?3
                  WHERE user_id = ?1 AND order_id = ?2 AND read_at IS NULL",
            )?
            .execute(params![user_id, order_id, now])?;
        }
        Marked::Ids(ids) => {
            let mut stmt = c.prepare_cached(
                "UPDATE notifications SET read_at = ?3 WHERE id = ?1 AND user_id = ?2 AND read_at IS NULL",
            )?;
            for id in ids {
                stmt.execute(params![id, user_id, now])?;
            }
        }
    }
    recount_unread(c, user_id)
}

/// Changes the user's unread count by `delta`; answers the count.
pub fn add_unread(c: &Connection, user_id: i64, delta: i64) -> StoreResult<u32> {
    Ok(c.prepare_cached(
        "UPDATE users SET unread_notifications = max(unread_notifications + ?2, 0) WHERE id = ?1
             RETURNING unread_notifications",
    )?
    .query_row(params![user_id, delta], |r| r.get(0))?)
}
