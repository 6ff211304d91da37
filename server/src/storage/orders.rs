//! Orders: the list (own or the desk's) with keyset paging, one order's row, new
//! orders, status changes, and the people a booking is shared with.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use kabinet_core::{HistoryAction, Kind, PayerKind, PaymentMethod, Status};

pub use super::details::{HotelDoc, ItemDoc, OrderDetails, PlaceDoc, TicketDoc};
use super::users::{person_columns, PersonRow};
use super::{json_column, search_text, StoreResult};

/// A whole order row.
#[derive(Clone, Debug)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub user_id: i64,
    pub service_id: i64,
    pub kind: Kind,
    pub service_name: String,
    pub status: Status,
    pub version: i64,
    pub created_at: i64,
    pub service_at: Option<i64>,
    pub service_end_at: Option<i64>,
    pub total: Option<i64>,
    pub paid: i64,
    pub currency: String,
    pub payment_method: Option<PaymentMethod>,
    pub payer: Option<String>,
    pub comment: Option<String>,
    pub details: OrderDetails,
    pub ticket_holder_id: Option<i64>,
    pub awaiting_since: Option<i64>,
    pub checked_in_at: Option<i64>,
    /// The staff member who took it into work.
    pub executor_id: Option<i64>,
    /// An event ticket: the event it is for.
    pub event_id: Option<i64>,
    /// The tariff, room type or ticket type taken.
    pub offer_id: Option<i64>,
    pub payer_kind: Option<PayerKind>,
}

/// One row of an order list.
#[derive(Clone, Debug)]
pub struct OrderListRow {
    pub id: i64,
    pub number: String,
    pub kind: Kind,
    pub status: Status,
    pub service_name: String,
    pub created_at: i64,
    pub service_at: Option<i64>,
    pub total: Option<i64>,
    pub currency: String,
    pub unread: u32,
    /// Who placed it; read for the desk only.
    pub owner: Option<PersonRow>,
}

/// Whose orders a listing covers.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// The viewer's own orders.
    Own,
    /// Everyone's (the desk), optionally one company's and one kind's.
    Desk {
        company_id: Option<i64>,
        kind: Option<Kind>,
    },
}

/// The filters of a listing, already validated.
#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    pub statuses: Vec<Status>,
    pub kind: Option<Kind>,
    /// Lower-cased search text.
    pub q: Option<String>,
    /// Keyset: rows strictly older than (created_at, id).
    pub before: Option<(i64, i64)>,
    pub limit: u32,
}

/// A new order.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub user_id: i64,
    pub service_id: i64,
    pub kind: Kind,
    pub service_name: String,
    pub status: Status,
    pub created_at: i64,
    pub service_at: Option<i64>,
    pub service_end_at: Option<i64>,
    pub total: Option<i64>,
    pub paid: i64,
    pub payment_method: Option<PaymentMethod>,
    pub payer: Option<String>,
    pub comment: Option<String>,
    pub details: OrderDetails,
    pub checked_in_at: Option<i64>,
    /// For an order created awaiting confirmation: since when it waits.
    pub awaiting_since: Option<i64>,
    pub executor_id: Option<i64>,
    /// Coworking: who holds the ticket.
    pub ticket_holder_id: Option<i64>,
    /// An event ticket: the event it is for.
    pub event_id: Option<i64>,
    /// The tariff, room type or ticket type taken: it holds a seat, room or place.
    pub offer_id: Option<i64>,
    pub payer_kind: Option<PayerKind>,
}

/// The columns a status change sets, besides the status.
#[derive(Clone, Copy, Debug)]
pub struct StatusChange {
    pub to: Status,
    pub awaiting_since: Option<i64>,
    pub checked_in_at: Option<i64>,
    pub executor_id: Option<i64>,
}

/// Order numbers as people read them out: five digits and up.
pub fn order_number(id: i64) -> String {
    format!("{}", 10_000 + id)
}

fn order_row(r: &Row<'_>) -> rusqlite::Result<OrderRow> {
    Ok(OrderRow {
        id: r.get("id")?,
        number: r.get("number")?,
        user_id: r.get("user_id")?,
        service_id: r.get("service_id")?,
        kind: r.get("kind")?,
        service_name: r.get("service_name")?,
        status: r.get("status")?,
        version: r.get("version")?,
        created_at: r.get("created_at")?,
        service_at: r.get("service_at")?,
        service_end_at: r.get("service_end_at")?,
        total: r.get("total")?,
        paid: r.get("paid")?,
        currency: r.get("currency")?,
        payment_method: r.get("payment_method")?,
        payer: r.get("payer")?,
        comment: r.get("comment")?,
        details: json_column(r, "details")?,
        ticket_holder_id: r.get("ticket_holder_id")?,
        awaiting_since: r.get("awaiting_since")?,
        checked_in_at: r.get("checked_in_at")?,
        executor_id: r.get("executor_id")?,
        event_id: r.get("event_id")?,
        offer_id: r.get("offer_id")?,
        payer_kind: r.get("payer_kind")?,
    })
}

pub fn get(c: &Connection, id: i64) -> StoreResult<Option<OrderRow>> {
    Ok(c.prepare_cached("SELECT * FROM orders WHERE id = ?1")?
        .query_row([id], order_row)
        .optional()?)
}

/// A page of orders, newest first. Unread counts are the viewer's.
pub fn list(
    c: &Connection,
    viewer_id: i64,
    scope: Scope,
    f: &OrderFilter,
) -> StoreResult<Vec<OrderListRow>> {
    let mut sql = String::from(
        "SELECT o.id, o.number, o.kind, o.status, o.service_name, o.created_at, o.service_at,
                o.total, o.currency,
                (SELECT count(*) FROM messages m
                  WHERE m.order_id = o.id AND m.author_id IS NOT NULL AND m.author_id <> ?1
                    AND m.seq > coalesce((SELECT r.last_seq FROM message_reads r
                                           WHERE r.order_id = o.id AND r.user_id = ?1), 0)) AS unread",
    );
    let mut args: Vec<rusqlite::types::Value> = vec![viewer_id.into()];
    let mut arg = |v: rusqlite::types::Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    // The tenant's list stays on its covering index; only the desk joins people.
    match scope {
        Scope::Own => sql += " FROM orders o WHERE o.user_id = ?1",
        Scope::Desk { company_id, kind } => {
            sql += ", u.id AS owner_id, u.first_name AS owner_first_name,
                      u.last_name AS owner_last_name, co.name AS owner_company
                 FROM orders o JOIN users u ON u.id = o.user_id
                 LEFT JOIN companies co ON co.id = u.company_id
                WHERE ?1 IS NOT NULL";
            if let Some(company) = company_id {
                sql += &format!(" AND u.company_id = {}", arg(company.into()));
            }
            if let Some(kind) = kind {
                sql += &format!(" AND o.kind = {}", arg(kind.as_str().to_string().into()));
            }
        }
    }
    if let Some((at, id)) = f.before {
        let (a, b) = (arg(at.into()), arg(id.into()));
        sql += &format!(" AND (o.created_at, o.id) < ({a}, {b})");
    }
    if !f.statuses.is_empty() {
        let marks: Vec<String> = f
            .statuses
            .iter()
            .map(|s| arg(s.as_str().to_string().into()))
            .collect();
        sql += &format!(" AND o.status IN ({})", marks.join(","));
    }
    if let Some(kind) = f.kind {
        sql += &format!(" AND o.kind = {}", arg(kind.as_str().to_string().into()));
    }
    if let Some(q) = &f.q {
        let q = arg(q.clone().into());
        sql += &match scope {
            Scope::Own => format!(" AND instr(o.search_text, {q}) > 0"),
            // The desk also finds the person who placed the order.
            Scope::Desk { .. } => {
                format!(" AND (instr(o.search_text, {q}) > 0 OR instr(u.search_name, {q}) > 0)")
            }
        };
    }
    let limit = arg(i64::from(f.limit).into());
    sql += &format!(" ORDER BY o.created_at DESC, o.id DESC LIMIT {limit}");
    let desk = matches!(scope, Scope::Desk { .. });
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        Ok(OrderListRow {
            id: r.get("id")?,
            number: r.get("number")?,
            kind: r.get("kind")?,
            status: r.get("status")?,
            service_name: r.get("service_name")?,
            created_at: r.get("created_at")?,
            service_at: r.get("service_at")?,
            total: r.get("total")?,
            currency: r.get("currency")?,
            unread: r.get("unread")?,
            owner: if desk {
                person_columns(r, "owner_")?
            } else {
                None
            },
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Inserts an order and numbers it; answers its id.
pub fn insert(c: &Connection, o: &NewOrder) -> StoreResult<i64> {
    // A placeholder number keeps the UNIQUE constraint happy until the id is known.
    c.execute(
        "INSERT INTO orders (number, user_id, service_id, kind, service_name, status, created_at,
                             service_at, service_end_at, total, paid, payment_method, payer, comment,
                             details, ticket_holder_id, checked_in_at, awaiting_since, executor_id,
                             event_id, offer_id, payer_kind, search_text)
         VALUES ('pending-' || hex(randomblob(8)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                 ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, '')",
        params![
            o.user_id,
            o.service_id,
            o.kind,
            o.service_name,
            o.status,
            o.created_at,
            o.service_at,
            o.service_end_at,
            o.total,
            o.paid,
            o.payment_method,
            o.payer,
            o.comment,
            serde_json::to_string(&o.details)?,
            o.ticket_holder_id,
            o.checked_in_at,
            o.awaiting_since,
            o.executor_id,
            o.event_id,
            o.offer_id,
            o.payer_kind,
        ],
    )?;
    let id = c.last_insert_rowid();
    let number = order_number(id);
    c.execute(
        "UPDATE orders SET number = ?1, search_text = ?2 WHERE id = ?3",
        params![number, search_text(&[&number, &o.service_name]), id],
    )?;
    Ok(id)
}

/// Applies `change` to the order if it is still at `version`, recording it in the
/// history. Answers false when the version was stale (nothing changed).
/// Starts the clock of an unpaid order that holds something (`orders.hold_from`).
pub fn set_hold_from(c: &Connection, id: i64, at: i64) -> StoreResult<()> {
    c.prepare_cached("UPDATE orders SET hold_from = ?2 WHERE id = ?1")?
        .execute(params![id, at])?;
    Ok(())
}

pub fn set_status(
    c: &Connection,
    order: &OrderRow,
    version: i64,
    change: &StatusChange,
    actor_id: Option<i64>,
    action: HistoryAction,
    now: i64,
) -> StoreResult<bool> {
    let changed = c
        .prepare_cached(
            "UPDATE orders SET status = ?1, version = version + 1, awaiting_since = ?2,
                    checked_in_at = ?3, executor_id = ?4
              WHERE id = ?5 AND version = ?6",
        )?
        .execute(params![
            change.to,
            change.awaiting_since,
            change.checked_in_at,
            change.executor_id,
            order.id,
            version
        ])?;
    if changed == 0 {
        return Ok(false);
    }
    super::history::record(
        c,
        order.id,
        actor_id,
        action,
        Some(order.status),
        change.to,
        now,
    )?;
    Ok(true)
}

/// Orders awaiting confirmation whose service's auto-confirm time has passed.
pub fn due_auto_confirm(c: &Connection, now: i64) -> StoreResult<Vec<(i64, i64)>> {
    let mut stmt = c.prepare_cached(
        "SELECT o.id, o.version FROM orders o JOIN services s ON s.id = o.service_id
          WHERE o.status = 'awaiting_confirmation'
            AND o.awaiting_since + s.auto_confirm_hours * 3600 <= ?1
          ORDER BY o.awaiting_since LIMIT 500",
    )?;
    let rows = stmt.query_map([now], |r| Ok((r.get("id")?, r.get("version")?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The people a booking is shared with, in the order they joined.
pub fn visitors(c: &Connection, order_id: i64) -> StoreResult<Vec<PersonRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT u.id, u.first_name, u.last_name, co.name AS company FROM order_visitors v
           JOIN users u ON u.id = v.user_id LEFT JOIN companies co ON co.id = u.company_id
          WHERE v.order_id = ?1 ORDER BY v.added_at, u.id",
    )?;
    let rows = stmt.query_map([order_id], |r| person_columns(r, ""))?;
    Ok(rows
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect())
}

/// Gives a person access to a booking (forgetting an earlier removal); false if
/// they had it already.
pub fn add_visitor(c: &Connection, order_id: i64, user_id: i64, at: i64) -> StoreResult<bool> {
    c.prepare_cached("DELETE FROM order_visitor_removals WHERE order_id = ?1 AND user_id = ?2")?
        .execute(params![order_id, user_id])?;
    Ok(c.prepare_cached(
        "INSERT OR IGNORE INTO order_visitors (order_id, user_id, added_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![order_id, user_id, at])?
        == 1)
}

/// Takes a person's access away, and remembers it (a share link does not let
/// them back); false if they had none.
pub fn remove_visitor(c: &Connection, order_id: i64, user_id: i64, at: i64) -> StoreResult<bool> {
    let removed = c
        .prepare_cached("DELETE FROM order_visitors WHERE order_id = ?1 AND user_id = ?2")?
        .execute(params![order_id, user_id])?
        == 1;
    if removed {
        c.prepare_cached(
            "INSERT OR REPLACE INTO order_visitor_removals (order_id, user_id, removed_at)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![order_id, user_id, at])?;
    }
    Ok(removed)
}

/// Whether the owner took this person's access away (and did not give it back).
pub fn was_removed(c: &Connection, order_id: i64, user_id: i64) -> StoreResult<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM order_visitor_removals WHERE order_id = ?1 AND user_id = ?2",
    )?
    .exists(params![order_id, user_id])?)
}

pub fn is_visitor(c: &Connection, order_id: i64, user_id: i64) -> StoreResult<bool> {
    Ok(
        c.prepare_cached("SELECT 1 FROM order_visitors WHERE order_id = ?1 AND user_id = ?2")?
            .exists(params![order_id, user_id])?,
    )
}

/// Marks a change that is not a status change (visitors, the ticket's holder):
/// the version moves on so that open views reload. Answers the order as changed.
pub fn touch(c: &Connection, order_id: i64) -> StoreResult<Option<OrderRow>> {
    c.prepare_cached("UPDATE orders SET version = version + 1 WHERE id = ?1")?
        .execute([order_id])?;
    get(c, order_id)
}

/// Gives the coworking ticket to `holder_id`.
pub fn set_ticket_holder(c: &Connection, order_id: i64, holder_id: i64) -> StoreResult<()> {
    c.prepare_cached("UPDATE orders SET ticket_holder_id = ?2 WHERE id = ?1")?
        .execute(params![order_id, holder_id])?;
    Ok(())
}
