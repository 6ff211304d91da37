//! The door's rows: events, ticket entry codes (nonces and hashes), tickets as the
//! check-in app lists them, and the scan log.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use kabinet_core::{Kind, Status};

use super::users::{person_columns, PersonRow};
use super::StoreResult;

#[derive(Clone, Debug)]
pub struct EventRow {
    pub id: i64,
    pub name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: Option<String>,
}

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get("id")?,
        name: r.get("name")?,
        starts_at: r.get("starts_at")?,
        ends_at: r.get("ends_at")?,
        place: r.get("place")?,
    })
}

pub fn insert_event(
    c: &Connection,
    service_id: i64,
    name: &str,
    starts_at: i64,
    ends_at: i64,
    place: Option<&str>,
) -> StoreResult<i64> {
    c.execute(
        "INSERT INTO checkin_events (service_id, name, starts_at, ends_at, place) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![service_id, name, starts_at, ends_at, place],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn event(c: &Connection, id: i64) -> StoreResult<Option<EventRow>> {
    Ok(
        c.prepare_cached("SELECT * FROM checkin_events WHERE id = ?1")?
            .query_row([id], event_row)
            .optional()?,
    )
}

/// An event with «отмечено N из M».
#[derive(Clone, Debug)]
pub struct EventCount {
    pub event: EventRow,
    pub checked_in: u32,
    pub total: u32,
}

/// Events that end at `from` or later, by start time, with their counts: tickets
/// checked in, and tickets neither cancelled nor being refunded.
pub fn events_from(c: &Connection, from: i64, limit: u32) -> StoreResult<Vec<EventCount>> {
    let mut stmt = c.prepare_cached(
        "SELECT e.*,
                (SELECT count(*) FROM orders o WHERE o.event_id = e.id AND o.status = 'done')
                    AS checked_in,
                (SELECT count(*) FROM orders o WHERE o.event_id = e.id
                    AND o.status NOT IN ('cancelled', 'refund_pending')) AS total
           FROM checkin_events e WHERE e.ends_at >= ?1 ORDER BY e.starts_at, e.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![from, limit], |r| {
        Ok(EventCount {
            event: event_row(r)?,
            checked_in: r.get("checked_in")?,
            total: r.get("total")?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The nonce of the ticket's code in use, if it has one.
pub fn current_nonce(c: &Connection, order_id: i64) -> StoreResult<Option<Vec<u8>>> {
    Ok(c.prepare_cached(
        "SELECT nonce FROM ticket_codes WHERE order_id = ?1 AND revoked_at IS NULL",
    )?
    .query_row([order_id], |r| r.get(0))
    .optional()?)
}

pub fn insert_code(
    c: &Connection,
    order_id: i64,
    nonce: &[u8],
    code_hash: &[u8],
    now: i64,
) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO ticket_codes (order_id, nonce, code_hash, issued_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![order_id, nonce, code_hash, now])?;
    Ok(())
}

/// Why a code no longer works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revoked {
    PassedOn,
    Cancelled,
}

impl Revoked {
    fn as_str(self) -> &'static str {
        match self {
            Revoked::PassedOn => "passed_on",
            Revoked::Cancelled => "cancelled",
        }
    }
}

/// Retires the ticket's code in use, if it has one (the holder gets a new one
/// when they next open the QR).
pub fn revoke_code(c: &Connection, order_id: i64, why: Revoked, now: i64) -> StoreResult<()> {
    c.prepare_cached(
        "UPDATE ticket_codes SET revoked_at = ?2, revoked_why = ?3
          WHERE order_id = ?1 AND revoked_at IS NULL",
    )?
    .execute(params![order_id, now, why.as_str()])?;
    Ok(())
}

/// The ticket a code belongs to, and why the code was retired if it was.
pub fn code_by_hash(
    c: &Connection,
    code_hash: &[u8],
) -> StoreResult<Option<(i64, Option<Revoked>)>> {
    Ok(
        c.prepare_cached("SELECT order_id, revoked_why FROM ticket_codes WHERE code_hash = ?1")?
            .query_row([code_hash], |r| {
                let why: Option<String> = r.get(1)?;
                let why = why.map(|w| {
                    if w == "passed_on" {
                        Revoked::PassedOn
                    } else {
                        Revoked::Cancelled
                    }
                });
                Ok((r.get(0)?, why))
            })
            .optional()?,
    )
}

/// A ticket as the door sees it.
#[derive(Clone, Debug)]
pub struct TicketRow {
    pub order_id: i64,
    pub number: String,
    pub kind: Kind,
    pub status: Status,
    pub service_name: String,
    pub service_at: Option<i64>,
    pub event_id: Option<i64>,
    pub event_name: Option<String>,
    pub checked_in_at: Option<i64>,
    /// An event ticket's owner, a coworking ticket's visitor.
    pub holder: Option<PersonRow>,
    /// Who made the latest check-in.
    pub checked_in_by: Option<PersonRow>,
}

const TICKET_SELECT: &str = "SELECT o.id, o.number, o.kind, o.status, o.service_name,
        o.service_at, o.event_id, e.name AS event_name, o.checked_in_at,
        h.id AS h_id, h.first_name AS h_first_name, h.last_name AS h_last_name, hc.name AS h_company,
        b.id AS b_id, b.first_name AS b_first_name, b.last_name AS b_last_name, NULL AS b_company
   FROM orders o
   LEFT JOIN checkin_events e ON e.id = o.event_id
   JOIN users h ON h.id = coalesce(o.ticket_holder_id, o.user_id)
   LEFT JOIN companies hc ON hc.id = h.company_id
   LEFT JOIN users b ON b.id = (SELECT x.actor_id FROM order_history x
                                 WHERE x.order_id = o.id AND x.action = 'check_in'
                                 ORDER BY x.id DESC LIMIT 1)";

fn ticket_row(r: &Row<'_>) -> rusqlite::Result<TicketRow> {
    Ok(TicketRow {
        order_id: r.get("id")?,
        number: r.get("number")?,
        kind: r.get("kind")?,
        status: r.get("status")?,
        service_name: r.get("service_name")?,
        service_at: r.get("service_at")?,
        event_id: r.get("event_id")?,
        event_name: r.get("event_name")?,
        checked_in_at: r.get("checked_in_at")?,
        holder: person_columns(r, "h_")?,
        checked_in_by: person_columns(r, "b_")?,
    })
}

/// One ticket (an event or coworking order), by its order id.
pub fn ticket(c: &Connection, order_id: i64) -> StoreResult<Option<TicketRow>> {
    Ok(c.prepare_cached(&format!(
        "{TICKET_SELECT} WHERE o.id = ?1 AND o.kind IN ('event', 'coworking')"
    ))?
    .query_row([order_id], ticket_row)
    .optional()?)
}

/// An event's tickets whose holder's name or order number has every one of
/// `words` (lower-case), by the holder's name.
pub fn tickets(
    c: &Connection,
    event_id: i64,
    words: &[String],
    limit: u32,
) -> StoreResult<Vec<TicketRow>> {
    let mut sql = format!("{TICKET_SELECT} WHERE o.event_id = ?1");
    let mut args: Vec<rusqlite::types::Value> = vec![event_id.into()];
    for w in words {
        args.push(w.clone().into());
        let n = args.len();
        sql += &format!(" AND (instr(h.search_name, ?{n}) > 0 OR instr(o.number, ?{n}) > 0)");
    }
    args.push(i64::from(limit).into());
    sql += &format!(
        " ORDER BY h.last_name, h.first_name, o.id LIMIT ?{}",
        args.len()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), ticket_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One logged scan.
#[derive(Clone, Debug)]
pub struct ScanRow {
    pub scan_id: String,
    pub user_id: i64,
    pub order_id: Option<i64>,
    pub at: i64,
    pub successful: bool,
    pub http_status: u16,
    /// The answer as sent (JSON).
    pub answer: String,
    pub previous_status: Option<Status>,
    pub annulled_at: Option<i64>,
}

pub fn scan(c: &Connection, scan_id: &str) -> StoreResult<Option<ScanRow>> {
    Ok(
        c.prepare_cached("SELECT * FROM checkin_scans WHERE scan_id = ?1")?
            .query_row([scan_id], |r| {
                Ok(ScanRow {
                    scan_id: r.get("scan_id")?,
                    user_id: r.get("user_id")?,
                    order_id: r.get("order_id")?,
                    at: r.get("at")?,
                    successful: r.get("successful")?,
                    http_status: r.get("http_status")?,
                    answer: r.get("answer")?,
                    previous_status: r.get("previous_status")?,
                    annulled_at: r.get("annulled_at")?,
                })
            })
            .optional()?,
    )
}

/// A scan to log.
#[derive(Clone, Debug)]
pub struct NewScan<'a> {
    pub scan_id: &'a str,
    pub user_id: i64,
    pub device: &'a str,
    pub event_id: i64,
    pub order_id: Option<i64>,
    pub at: i64,
    pub successful: bool,
    pub reason: Option<&'a str>,
    pub http_status: u16,
    pub answer: &'a str,
    pub previous_status: Option<Status>,
}

pub fn insert_scan(c: &Connection, s: &NewScan<'_>) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO checkin_scans (scan_id, user_id, device, event_id, order_id, at, successful,
                                    reason, http_status, answer, previous_status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        s.scan_id,
        s.user_id,
        s.device,
        s.event_id,
        s.order_id,
        s.at,
        s.successful,
        s.reason,
        s.http_status,
        s.answer,
        s.previous_status,
    ])?;
    Ok(())
}

pub fn annul_scan(c: &Connection, scan_id: &str, now: i64) -> StoreResult<()> {
    c.prepare_cached("UPDATE checkin_scans SET annulled_at = ?2 WHERE scan_id = ?1")?
        .execute(params![scan_id, now])?;
    Ok(())
}
