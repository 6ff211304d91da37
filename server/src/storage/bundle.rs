//! The order and everything its view shows, read in one go.

use rusqlite::Connection;

use super::history::{self, HistoryRow};
use super::orders::{self, OrderRow};
use super::services::{self, ServiceRow};
use super::users::{self, PersonRow};
use super::{chat, payments, StoreError, StoreResult};

/// The order and everything its view shows.
#[derive(Clone, Debug)]
pub struct OrderBundle {
    pub order: OrderRow,
    pub owner: PersonRow,
    pub ticket_holder: Option<PersonRow>,
    pub service: ServiceRow,
    pub additional: Vec<ServiceRow>,
    pub visitors: Vec<PersonRow>,
    /// Unread chat lines of the reader.
    pub unread: u32,
    pub history: Vec<HistoryRow>,
    /// The latest online payment's state, and the refund's.
    pub online: Option<kabinet_core::PaymentState>,
    pub refund: Option<kabinet_core::RefundState>,
}

/// Reads the order's bundle, unread counts as `reader_id` sees them.
pub fn bundle(c: &Connection, id: i64, reader_id: i64) -> StoreResult<Option<OrderBundle>> {
    let Some(order) = orders::get(c, id)? else {
        return Ok(None);
    };
    let missing = |what: &str| StoreError::Write(format!("order {id}: no {what}"));
    let owner = users::person(c, order.user_id)?.ok_or_else(|| missing("owner"))?;
    let ticket_holder = match order.ticket_holder_id {
        Some(h) => users::person(c, h)?,
        None => None,
    };
    let service = services::get(c, order.service_id)?.ok_or_else(|| missing("service"))?;
    Ok(Some(OrderBundle {
        additional: services::additional(c, order.service_id)?,
        visitors: orders::visitors(c, id)?,
        unread: chat::unread_count(c, id, reader_id)?,
        history: history::of_order(c, id)?,
        online: payments::latest_state(c, id)?,
        refund: payments::refund_state(c, id)?,
        order,
        owner,
        ticket_holder,
        service,
    }))
}
