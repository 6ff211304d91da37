//! Who may see and do what on an order: its owner, staff, the event manager (event
//! tickets only). One place, used by every handler and by the live stream.
//! People a booking is shared with and a coworking ticket's holder are none of
//! these: they never see the order (their calendar cards come from
//! `domain::calendar`).

use kabinet_core::{Kind, Role, Viewer};
use rusqlite::Connection;

use crate::error::{AppError, AppResult};
use crate::storage::orders::OrderRow;
use crate::storage::users::{self, UserRow};
use crate::storage::StoreResult;

/// How `user` sees `order`, or `None` when they may not see it at all (answered
/// 404, exactly like an order that does not exist).
pub fn viewer(user: &UserRow, order: &OrderRow) -> Option<Viewer> {
    match user.role {
        Role::Tenant if order.user_id == user.id => Some(Viewer::Owner),
        Role::Tenant => None,
        Role::Staff => Some(Viewer::Staff),
        Role::EventManager if order.kind == Kind::Event => Some(Viewer::EventManager),
        Role::EventManager => None,
    }
}

/// The viewer, or 404.
pub fn require_viewer(user: &UserRow, order: &OrderRow) -> AppResult<Viewer> {
    viewer(user, order).ok_or_else(AppError::not_found)
}

/// Whether a user of `role` takes part in the order's chat: its owner and staff.
pub fn in_chat(user_id: i64, role: Role, order: &OrderRow) -> bool {
    order.user_id == user_id || role.is_staff()
}

/// The order, if `user` takes part in its chat; 404 otherwise.
pub fn require_chat(user: &UserRow, order: Option<OrderRow>) -> AppResult<OrderRow> {
    order
        .filter(|o| in_chat(user.id, user.role, o))
        .ok_or_else(AppError::not_found)
}

/// Which orders the desk shows a user: staff everything (`None`), the event
/// manager event tickets; tenants are refused.
pub fn desk_kind(role: Role) -> AppResult<Option<Kind>> {
    match role {
        Role::Staff => Ok(None),
        Role::EventManager => Ok(Some(Kind::Event)),
        Role::Tenant => Err(AppError::forbidden()),
    }
}

/// Only event managers and staff work the door.
pub fn require_door(user: &UserRow) -> AppResult<()> {
    match user.role {
        Role::Staff | Role::EventManager => Ok(()),
        Role::Tenant => Err(AppError::forbidden()),
    }
}

/// Only tenants place orders.
pub fn require_tenant(user: &UserRow) -> AppResult<()> {
    match user.role {
        Role::Tenant => Ok(()),
        _ => Err(AppError::forbidden()),
    }
}

/// Every staff member's id: read once per change and handed to the functions
/// below.
pub fn staff_ids(c: &Connection) -> StoreResult<Vec<i64>> {
    users::ids_with_role(c, Role::Staff)
}

/// Everyone who may see the order (exactly those `viewer` lets in): its owner,
/// staff, and for an event ticket the event managers. Visitors and a ticket's
/// holder are not among them, so no live event of the order reaches them.
pub fn audience(c: &Connection, order: &OrderRow, staff: &[i64]) -> StoreResult<Vec<i64>> {
    let mut ids = vec![order.user_id];
    ids.extend_from_slice(staff);
    if order.kind == Kind::Event {
        ids.extend(users::ids_with_role(c, Role::EventManager)?);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The people in an order's chat: its owner and staff.
pub fn chat_members(order: &OrderRow, staff: &[i64]) -> Vec<i64> {
    let mut ids = vec![order.user_id];
    ids.extend_from_slice(staff);
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Who answers for the order on the staff side: the staff member who took it into
/// work, or every staff member.
pub fn executor_or_staff(order: &OrderRow, staff: &[i64]) -> Vec<i64> {
    match order.executor_id {
        Some(e) => vec![e],
        None => staff.to_vec(),
    }
}
