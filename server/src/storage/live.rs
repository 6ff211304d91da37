//! SQL of notifications and the live stream's event log. A change writes its events
//! and notifications in the same transaction as the change itself, and answers the
//! users to wake, so nothing is told that did not happen and nothing is lost.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use kabinet_core::{LiveEvent, NotificationKind, Role, Status};

use super::{OrderRow, StoreResult};

/// A stored notification, as its row and JSON body keep it.
#[derive(Clone, Debug)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: NotificationKind,
    pub order_id: i64,
    pub body: NotificationBody,
    pub created_at: i64,
    pub read: bool,
}

/// The facts a notification words, frozen when it was made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NotificationBody {
    pub number: String,
    pub service_name: String,
    pub status: Status,
    pub actor: Option<String>,
}

/// Who made a change: a person (with their role and name) or the system.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
    pub name: String,
}

impl Actor {
    pub fn of(u: &super::UserRow) -> Actor {
        Actor {
            id: u.id,
            role: u.role,
            name: format!("{} {}", u.first_name, u.last_name)
                .trim()
                .to_string(),
        }
    }
}

fn kind_str(k: NotificationKind) -> &'static str {
    match k {
        NotificationKind::StatusChanged => "status_changed",
        NotificationKind::ReturnedToWork => "returned_to_work",
        NotificationKind::NewOrder => "new_order",
        NotificationKind::NewMessage => "new_message",
    }
}

fn parse_kind(s: &str) -> Option<NotificationKind> {
    [
        NotificationKind::StatusChanged,
        NotificationKind::ReturnedToWork,
        NotificationKind::NewOrder,
        NotificationKind::NewMessage,
    ]
    .into_iter()
    .find(|k| kind_str(*k) == s)
}

/// Every staff member's id.
pub fn staff_ids(c: &Connection) -> StoreResult<Vec<i64>> {
    let mut stmt = c.prepare_cached("SELECT id FROM users WHERE role = 'staff' ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Everyone who can see the order: its owner, the people it is shared with, the
/// holder of its ticket, and staff.
pub fn audience(c: &Connection, order: &OrderRow) -> StoreResult<Vec<i64>> {
    let mut ids = vec![order.user_id];
    ids.extend(order.ticket_holder_id);
    let mut stmt = c.prepare_cached("SELECT user_id FROM order_visitors WHERE order_id = ?1")?;
    for id in stmt.query_map([order.id], |r| r.get::<_, i64>(0))? {
        ids.push(id?);
    }
    ids.extend(staff_ids(c)?);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Appends an event to a user's stream.
pub fn push_event(c: &Connection, user_id: i64, event: &LiveEvent, now: i64) -> StoreResult<()> {
    let mut stmt =
        c.prepare_cached("INSERT INTO events (user_id, payload, created_at) VALUES (?1, ?2, ?3)")?;
    stmt.execute(params![user_id, serde_json::to_string(event)?, now])?;
    Ok(())
}

pub fn unread_notifications(c: &Connection, user_id: i64) -> StoreResult<u32> {
    let mut stmt = c.prepare_cached("SELECT unread_notifications FROM users WHERE id = ?1")?;
    Ok(stmt
        .query_row([user_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Sets the user's unread count from the notifications themselves.
fn recount_unread(c: &Connection, user_id: i64) -> StoreResult<u32> {
    let mut stmt = c.prepare_cached(
        "UPDATE users SET unread_notifications =
                (SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL)
          WHERE id = ?1 RETURNING unread_notifications",
    )?;
    Ok(stmt
        .query_row([user_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Stores a notification for `user_id` about `order` and tells their stream.
pub fn notify(
    c: &Connection,
    user_id: i64,
    kind: NotificationKind,
    order: &OrderRow,
    status: Status,
    actor: Option<&Actor>,
    now: i64,
) -> StoreResult<()> {
    let body = NotificationBody {
        number: order.number.clone(),
        service_name: order.service_name.clone(),
        status,
        actor: actor.map(|a| a.name.clone()),
    };
    let mut stmt = c.prepare_cached(
        "INSERT INTO notifications (user_id, order_id, kind, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    stmt.execute(params![
        user_id,
        order.id,
        kind_str(kind),
        serde_json::to_string(&body)?,
        now
    ])?;
    let row = NotificationRow {
        id: c.last_insert_rowid(),
        kind,
        order_id: order.id,
        body,
        created_at: now,
        read: false,
    };
    let unread: u32 = c
        .prepare_cached(
            "UPDATE users SET unread_notifications = unread_notifications + 1 WHERE id = ?1
             RETURNING unread_notifications",
        )?
        .query_row([user_id], |r| r.get(0))?;
    let event = LiveEvent::Notification {
        notification: crate::views::notification(row),
        unread,
    };
    push_event(c, user_id, &event, now)
}

/// Records what a status change tells whom: every viewer's stream learns of it; the
/// owner is notified when someone else moved the order; staff (the executor when
/// there is one) are notified when the owner did. Answers the users to wake.
pub fn status_changed(
    c: &Connection,
    order: &OrderRow,
    to: Status,
    actor: Option<&Actor>,
    action: &str,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let audience = audience(c, order)?;
    let event = LiveEvent::Order {
        order_id: order.id,
        version: order.version + 1,
        status: to,
    };
    for id in &audience {
        push_event(c, *id, &event, now)?;
    }
    // The chat shows the change as a system line.
    // The id has a colon, which ids made by apps cannot: no one can take it first.
    let line = format!("sys:{}:{}", order.id, order.version + 1);
    let seq = super::chat::insert_message(c, &line, order.id, None, "", Some(to), now)?;
    message_added(c, order, seq, None, now)?;
    let by_owner = actor.is_some_and(|a| a.id == order.user_id);
    if !by_owner {
        notify(
            c,
            order.user_id,
            NotificationKind::StatusChanged,
            order,
            to,
            actor,
            now,
        )?;
        return Ok(audience);
    }
    let kind = if action == "return_to_work" {
        NotificationKind::ReturnedToWork
    } else {
        NotificationKind::StatusChanged
    };
    for id in executor_or_staff(c, order.id)? {
        notify(c, id, kind, order, to, actor, now)?;
    }
    Ok(audience)
}

/// The people in an order's chat: its owner and staff.
fn chat_audience(c: &Connection, order: &OrderRow) -> StoreResult<Vec<i64>> {
    let mut ids = vec![order.user_id];
    ids.extend(staff_ids(c)?);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The staff member who took the order into work, or every staff member.
fn executor_or_staff(c: &Connection, order_id: i64) -> StoreResult<Vec<i64>> {
    let executor: Option<i64> = c
        .prepare_cached("SELECT executor_id FROM orders WHERE id = ?1")?
        .query_row([order_id], |r| r.get(0))
        .optional()?
        .flatten();
    match executor {
        Some(e) => Ok(vec![e]),
        None => staff_ids(c),
    }
}

/// Tells everyone in the chat of a new line (with their unread count), and the
/// other side of a person's message by a notification. Answers whom to wake.
pub fn message_added(
    c: &Connection,
    order: &OrderRow,
    seq: i64,
    author: Option<&Actor>,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let audience = chat_audience(c, order)?;
    for id in &audience {
        let unread = super::unread_count(c, order.id, *id)?;
        let event = LiveEvent::Message {
            order_id: order.id,
            seq,
            unread,
        };
        push_event(c, *id, &event, now)?;
    }
    if let Some(a) = author {
        let told = if a.id == order.user_id {
            executor_or_staff(c, order.id)?
        } else {
            vec![order.user_id]
        };
        for id in told.into_iter().filter(|id| *id != a.id) {
            notify(
                c,
                id,
                NotificationKind::NewMessage,
                order,
                order.status,
                Some(a),
                now,
            )?;
        }
    }
    Ok(audience)
}

/// Tells staff of a new order.
pub fn order_created(
    c: &Connection,
    order: &OrderRow,
    actor: &Actor,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let audience = audience(c, order)?;
    let event = LiveEvent::Order {
        order_id: order.id,
        version: order.version,
        status: order.status,
    };
    for id in &audience {
        push_event(c, *id, &event, now)?;
    }
    for id in staff_ids(c)? {
        notify(
            c,
            id,
            NotificationKind::NewOrder,
            order,
            order.status,
            Some(actor),
            now,
        )?;
    }
    Ok(audience)
}

/// A user's notifications, newest first, older than `before`.
pub fn notifications(
    c: &Connection,
    user_id: i64,
    before: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<NotificationRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, kind, order_id, body, created_at, read_at IS NOT NULL FROM notifications
          WHERE user_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![user_id, before.unwrap_or(i64::MAX), limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, order_id, body, created_at, read) = row?;
        // Rows this version cannot word (a kind from a newer one) are skipped.
        let (Some(kind), Some(order_id), Ok(body)) = (
            parse_kind(&kind),
            order_id,
            serde_json::from_str::<NotificationBody>(&body),
        ) else {
            continue;
        };
        out.push(NotificationRow {
            id,
            kind,
            order_id,
            body,
            created_at,
            read,
        });
    }
    Ok(out)
}

/// Marks the listed notifications (or all) of a user read; answers the unread count
/// and tells the user's other tabs.
pub fn mark_read(
    c: &Connection,
    user_id: i64,
    ids: &[i64],
    all: bool,
    now: i64,
) -> StoreResult<u32> {
    if all {
        c.prepare_cached(
            "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
        )?
        .execute(params![user_id, now])?;
    } else {
        let mut stmt = c.prepare_cached(
            "UPDATE notifications SET read_at = ?3 WHERE id = ?1 AND user_id = ?2 AND read_at IS NULL",
        )?;
        for id in ids {
            stmt.execute(params![id, user_id, now])?;
        }
    }
    let unread = recount_unread(c, user_id)?;
    push_event(c, user_id, &LiveEvent::NotificationsRead { unread }, now)?;
    Ok(unread)
}

/// The newest event id of a user's stream (0 if none): where a fresh stream starts.
pub fn last_event_id(c: &Connection, user_id: i64) -> StoreResult<i64> {
    let mut stmt =
        c.prepare_cached("SELECT coalesce(max(id), 0) FROM events WHERE user_id = ?1")?;
    Ok(stmt.query_row([user_id], |r| r.get(0))?)
}

/// What a resuming stream missed: `None` when events after `after` were pruned
/// (the client must reload), else up to `limit` events in order.
pub fn events_after(
    c: &Connection,
    user_id: i64,
    after: i64,
    limit: u32,
) -> StoreResult<Option<Vec<(i64, String)>>> {
    let pruned_below: i64 = c
        .prepare_cached("SELECT pruned_below FROM live_meta WHERE id = 1")?
        .query_row([], |r| r.get(0))?;
    if after + 1 < pruned_below {
        return Ok(None);
    }
    let mut stmt = c.prepare_cached(
        "SELECT id, payload FROM events WHERE user_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![user_id, after, limit], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(Some(rows.collect::<Result<Vec<_>, _>>()?))
}

/// Drops events older than `before` (unix seconds); answers how many.
pub fn prune_events(c: &Connection, before: i64) -> StoreResult<usize> {
    let Some(keep_from): Option<i64> = c
        .prepare_cached("SELECT min(id) FROM events WHERE created_at >= ?1")?
        .query_row([before], |r| r.get(0))?
    else {
        // Nothing recent: keep the newest id as the watermark.
        let top: Option<i64> = c.query_row("SELECT max(id) FROM events", [], |r| r.get(0))?;
        let Some(top) = top else { return Ok(0) };
        let n = c.execute("DELETE FROM events WHERE id <= ?1", [top])?;
        c.execute(
            "UPDATE live_meta SET pruned_below = ?1 WHERE id = 1",
            [top + 1],
        )?;
        return Ok(n);
    };
    let n = c.execute("DELETE FROM events WHERE id < ?1", [keep_from])?;
    if n > 0 {
        c.execute(
            "UPDATE live_meta SET pruned_below = ?1 WHERE id = 1",
            [keep_from],
        )?;
    }
    Ok(n)
}
