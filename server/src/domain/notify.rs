//! Who is told what. A change stores its live events and notifications in the same
//! transaction as itself and answers the users whose streams to wake, so nothing
//! is told that did not happen and nothing is lost.
//!
//! - Every change of an order: an `order` event to everyone who sees it.
//! - The owner is notified when someone else (staff, the system) moved the order;
//!   the executor (or every staff member) when the owner did, as «returned to work»
//!   for a return.
//! - A status change is also a system line in the chat.
//! - A chat message: a `message` event to everyone in the chat, and a notification
//!   to the other side, folded into one per order while unread.
//! - A new order: staff are notified.
//! - Sharing: a change of a booking's visitors or a ticket's holder is an `order`
//!   event to everyone who sees the order; a person given access is notified (and
//!   cannot open the order: the notification says so).
//! - A ticket passed on: the new holder is notified, and the buyer and the
//!   previous holder too, unless they passed it on themselves.

use kabinet_core::{full_name, HistoryAction, LiveEvent, NotificationKind, Status};
use rusqlite::Connection;

use crate::domain::access;
use crate::storage::notifications::{self, NotificationBody};
use crate::storage::orders::OrderRow;
use crate::storage::users::{PersonRow, UserRow};
use crate::storage::{chat, events, StoreResult};
use crate::views;

/// The longest message preview a notification keeps.
const PREVIEW_CHARS: usize = 140;

/// Who made a change: a person, or the system (`None` where an `Option<&Actor>`).
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: i64,
    pub name: String,
}

impl Actor {
    pub fn of(u: &UserRow) -> Actor {
        Actor {
            id: u.id,
            name: full_name(&u.first_name, &u.last_name),
        }
    }
}

fn push(c: &Connection, user_id: i64, event: &LiveEvent, now: i64) -> StoreResult<()> {
    events::push(c, user_id, &serde_json::to_string(event)?, now)
}

/// Stores a notification for `user_id` about `order` (in place of `folded` unread
/// ones that were removed) and tells their stream.
fn notify(
    c: &Connection,
    user_id: i64,
    kind: NotificationKind,
    order: &OrderRow,
    body: NotificationBody,
    folded: u32,
    now: i64,
) -> StoreResult<()> {
    let id = notifications::insert(c, user_id, order.id, kind, &body, now)?;
    let unread = notifications::add_unread(c, user_id, 1 - i64::from(folded))?;
    let row = notifications::NotificationRow {
        id,
        kind,
        order_id: order.id,
        body,
        created_at: now,
        read: false,
        current_status: order.status,
    };
    let event = LiveEvent::Notification {
        notification: views::notification(row),
        unread,
    };
    push(c, user_id, &event, now)
}

fn body(order: &OrderRow, status: Status, actor: Option<&Actor>) -> NotificationBody {
    NotificationBody {
        number: order.number.clone(),
        service_name: order.service_name.clone(),
        status,
        actor: actor.map(|a| a.name.clone()),
        count: 1,
        preview: None,
        opens_order: true,
        subject: None,
        service_at: None,
    }
}

/// Notifies `user_id` that `order` is now in its status (the demo data's unread
/// notification).
pub fn status_notice(
    c: &Connection,
    user_id: i64,
    order: &OrderRow,
    actor: Option<&Actor>,
    now: i64,
) -> StoreResult<()> {
    let b = body(order, order.status, actor);
    notify(
        c,
        user_id,
        NotificationKind::StatusChanged,
        order,
        b,
        0,
        now,
    )
}

/// Records what a status change tells whom; `after` is the order as changed.
/// Answers the users to wake.
pub fn status_changed(
    c: &Connection,
    after: &OrderRow,
    actor: Option<&Actor>,
    action: HistoryAction,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let to = after.status;
    let staff = access::staff_ids(c)?;
    let audience = access::audience(c, after, &staff)?;
    let event = LiveEvent::Order {
        order_id: after.id,
        version: after.version,
        status: to,
    };
    for id in &audience {
        push(c, *id, &event, now)?;
    }
    // The chat shows the change as a system line. The id has a colon, which ids
    // made by apps cannot: no one can take it first.
    let line = format!("sys:{}:{}", after.id, after.version);
    let seq = chat::insert(c, &line, after.id, None, "", Some(to), now)?;
    told_of_line(c, after, seq, &staff, now)?;
    let by_owner = actor.is_some_and(|a| a.id == after.user_id);
    if !by_owner {
        let b = body(after, to, actor);
        notify(
            c,
            after.user_id,
            NotificationKind::StatusChanged,
            after,
            b,
            0,
            now,
        )?;
        return Ok(audience);
    }
    let kind = if action == HistoryAction::ReturnToWork {
        NotificationKind::ReturnedToWork
    } else {
        NotificationKind::StatusChanged
    };
    for id in access::executor_or_staff(after, &staff) {
        notify(c, id, kind, after, body(after, to, actor), 0, now)?;
    }
    Ok(audience)
}

/// Tells everyone in the chat of a new line (with their unread count), and the
/// other side of a person's message by a notification that folds in the earlier
/// unread ones of this order. Answers whom to wake.
pub fn message_added(
    c: &Connection,
    order: &OrderRow,
    seq: i64,
    author: Option<&Actor>,
    text: &str,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let staff = access::staff_ids(c)?;
    let members = told_of_line(c, order, seq, &staff, now)?;
    let Some(a) = author else {
        return Ok(members);
    };
    let told = if a.id == order.user_id {
        access::executor_or_staff(order, &staff)
    } else {
        vec![order.user_id]
    };
    let preview: String = text.chars().take(PREVIEW_CHARS).collect();
    for id in told.into_iter().filter(|id| *id != a.id) {
        let earlier = notifications::take_unread(c, id, order.id, NotificationKind::NewMessage)?;
        let b = NotificationBody {
            count: earlier.count + 1,
            preview: (!preview.is_empty()).then(|| preview.clone()),
            ..body(order, order.status, Some(a))
        };
        notify(
            c,
            id,
            NotificationKind::NewMessage,
            order,
            b,
            earlier.rows,
            now,
        )?;
    }
    Ok(members)
}

/// Tells everyone in the chat of a new line, with their unread count; answers them.
fn told_of_line(
    c: &Connection,
    order: &OrderRow,
    seq: i64,
    staff: &[i64],
    now: i64,
) -> StoreResult<Vec<i64>> {
    let members = access::chat_members(order, staff);
    for (id, unread) in chat::unread_counts(c, order.id, &members)? {
        let event = LiveEvent::Message {
            order_id: order.id,
            seq,
            unread,
        };
        push(c, id, &event, now)?;
    }
    Ok(members)
}

/// Tells staff of a new order.
pub fn order_created(
    c: &Connection,
    order: &OrderRow,
    actor: &Actor,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let staff = access::staff_ids(c)?;
    let audience = access::audience(c, order, &staff)?;
    let event = LiveEvent::Order {
        order_id: order.id,
        version: order.version,
        status: order.status,
    };
    for id in &audience {
        push(c, *id, &event, now)?;
    }
    for &id in &staff {
        let b = body(order, order.status, Some(actor));
        notify(c, id, NotificationKind::NewOrder, order, b, 0, now)?;
    }
    Ok(audience)
}

/// Marks a user's notifications read and tells their other tabs; answers the
/// unread count.
pub fn mark_read(
    c: &Connection,
    user_id: i64,
    which: &notifications::Marked,
    now: i64,
) -> StoreResult<u32> {
    let unread = notifications::mark_read(c, user_id, which, now)?;
    push(c, user_id, &LiveEvent::NotificationsRead { unread }, now)?;
    Ok(unread)
}

/// Tells everyone who sees the order that it changed without a status change
/// (its visitors, its ticket's holder), so that open views reload. Answers them.
pub fn order_touched(c: &Connection, after: &OrderRow, now: i64) -> StoreResult<Vec<i64>> {
    let staff = access::staff_ids(c)?;
    let audience = access::audience(c, after, &staff)?;
    let event = LiveEvent::Order {
        order_id: after.id,
        version: after.version,
        status: after.status,
    };
    for id in &audience {
        push(c, *id, &event, now)?;
    }
    Ok(audience)
}

/// Tells `visitor_id` that `actor` shared the booking with them.
pub fn access_granted(
    c: &Connection,
    order: &OrderRow,
    visitor_id: i64,
    actor: &Actor,
    now: i64,
) -> StoreResult<()> {
    let b = NotificationBody {
        opens_order: false,
        service_at: order.service_at,
        ..body(order, order.status, Some(actor))
    };
    notify(
        c,
        visitor_id,
        NotificationKind::AccessGranted,
        order,
        b,
        0,
        now,
    )
}

/// Tells of a ticket passed from `previous` to `to` by `actor`; answers whom to wake.
pub fn ticket_passed(
    c: &Connection,
    order: &OrderRow,
    previous: Option<i64>,
    to: &PersonRow,
    actor: &Actor,
    now: i64,
) -> StoreResult<Vec<i64>> {
    let mut told = Vec::new();
    if to.id != actor.id {
        let b = NotificationBody {
            opens_order: to.id == order.user_id,
            service_at: order.service_at,
            ..body(order, order.status, Some(actor))
        };
        notify(c, to.id, NotificationKind::TicketReceived, order, b, 0, now)?;
        told.push(to.id);
    }
    let mut others = vec![order.user_id];
    others.extend(previous);
    others.dedup();
    for id in others
        .into_iter()
        .filter(|id| *id != actor.id && *id != to.id)
    {
        let b = NotificationBody {
            opens_order: id == order.user_id,
            subject: Some(full_name(&to.first_name, &to.last_name)),
            service_at: order.service_at,
            ..body(order, order.status, Some(actor))
        };
        notify(c, id, NotificationKind::TicketPassedOn, order, b, 0, now)?;
        told.push(id);
    }
    Ok(told)
}
