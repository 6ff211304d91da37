//! The dated orders a person has a part in: their own bookings, coworking days,
//! hotel stays and event tickets, the bookings shared with them and the coworking
//! tickets passed to them. Rows only; `domain::calendar` decides what each shows.

use rusqlite::{params, Connection, OptionalExtension, Row};

use kabinet_core::{Kind, Status};

use super::details::OrderDetails;
use super::users::{person_columns, PersonRow};
use super::{json_column, StoreResult};

/// How a person has a part in a dated order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// They placed it.
    Own,
    /// A booking shared with them.
    Visitor,
    /// A coworking ticket someone else bought, held by them.
    Holder,
}

#[derive(Clone, Debug)]
pub struct DatedRow {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    pub status: Status,
    pub service_name: String,
    pub service_at: i64,
    pub service_end_at: Option<i64>,
    pub details: OrderDetails,
    pub owner: PersonRow,
    pub holder: Option<PersonRow>,
}

fn dated_row(r: &Row<'_>) -> rusqlite::Result<DatedRow> {
    Ok(DatedRow {
        id: r.get("id")?,
        number: r.get("number")?,
        kind: r.get("kind")?,
        status: r.get("status")?,
        service_name: r.get("service_name")?,
        service_at: r.get("service_at")?,
        service_end_at: r.get("service_end_at")?,
        details: json_column(r, "details")?,
        owner: person_columns(r, "owner_")?.ok_or(rusqlite::Error::InvalidQuery)?,
        holder: person_columns(r, "holder_")?,
    })
}

const DATED_SELECT: &str = "SELECT o.id, o.number, o.kind, o.status, o.service_name, o.service_at,
        o.service_end_at, o.details, ow.id AS owner_id, ow.first_name AS owner_first_name,
        ow.last_name AS owner_last_name, owc.name AS owner_company,
        h.id AS holder_id, h.first_name AS holder_first_name,
        h.last_name AS holder_last_name, hc.name AS holder_company
   FROM orders o JOIN users ow ON ow.id = o.user_id
   LEFT JOIN companies owc ON owc.id = ow.company_id
   LEFT JOIN users h ON h.id = o.ticket_holder_id
   LEFT JOIN companies hc ON hc.id = h.company_id";

/// A time window over dated orders: those overlapping [from, to), soonest or
/// latest first, at most `limit`.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub from: i64,
    pub to: i64,
    pub latest_first: bool,
    pub limit: u32,
}

/// The person's dated orders of this part in the window that are not cancelled.
/// Each part reads through its own index.
pub fn dated(c: &Connection, user_id: i64, part: Part, w: Window) -> StoreResult<Vec<DatedRow>> {
    let scope = match part {
        Part::Own => "o.user_id = ?1 AND o.kind IN ('booking', 'coworking', 'hotel', 'event')",
        Part::Visitor => {
            "o.id IN (SELECT order_id FROM order_visitors WHERE user_id = ?1) AND o.kind = 'booking'"
        }
        Part::Holder => "o.ticket_holder_id = ?1 AND o.user_id <> ?1 AND o.kind = 'coworking'",
    };
    let order = if w.latest_first { "DESC" } else { "" };
    let sql = format!(
        "{DATED_SELECT}
          WHERE {scope} AND o.service_at IS NOT NULL
            AND o.service_at < ?3 AND COALESCE(o.service_end_at, o.service_at + 1) > ?2
            AND o.status NOT IN ('cancelled', 'refund_pending')
          ORDER BY o.service_at {order}, o.id {order} LIMIT ?4"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![user_id, w.from, w.to, w.limit], dated_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One dated order.
pub fn one(c: &Connection, order_id: i64) -> StoreResult<Option<DatedRow>> {
    Ok(c.prepare_cached(&format!(
        "{DATED_SELECT} WHERE o.id = ?1 AND o.service_at IS NOT NULL"
    ))?
    .query_row([order_id], dated_row)
    .optional()?)
}
