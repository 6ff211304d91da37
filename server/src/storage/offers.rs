//! What services sell (offers: goods items, coworking tariffs, hotel room types,
//! event ticket types), companies' saved delivery places, and the counts that
//! availability is computed from. Only orders that hold something are counted:
//! every status but `cancelled` and `refund_pending` (the partial indexes).

use rusqlite::{params, Connection, OptionalExtension, Row};

use kabinet_core::Unit;

use super::details::PlaceDoc;
use super::StoreResult;

/// An offer's row.
#[derive(Clone, Debug)]
pub struct OfferRow {
    pub id: i64,
    pub service_id: i64,
    pub name: String,
    pub unit: Unit,
    pub price: i64,
    pub description: Option<String>,
    pub guests_max: Option<u32>,
    /// Per day, night or event date; `None` is no limit.
    pub stock: Option<u32>,
    pub on_sale: bool,
}

/// A new offer.
#[derive(Clone, Debug)]
pub struct NewOffer<'a> {
    pub name: &'a str,
    pub unit: Unit,
    pub price: i64,
    pub description: Option<&'a str>,
    pub guests_max: Option<u32>,
    pub stock: Option<u32>,
    pub on_sale: bool,
}

fn offer_row(r: &Row<'_>) -> rusqlite::Result<OfferRow> {
    Ok(OfferRow {
        id: r.get("id")?,
        service_id: r.get("service_id")?,
        name: r.get("name")?,
        unit: r.get("unit")?,
        price: r.get("price")?,
        description: r.get("description")?,
        // Read as any integer: a value out of range (written before the checks,
        // or by hand) is the nearest sensible one, never a failed read.
        guests_max: r
            .get::<_, Option<i64>>("guests_max")?
            .map(|n| u32::try_from(n.max(1)).unwrap_or(u32::MAX)),
        stock: r
            .get::<_, Option<i64>>("stock")?
            .map(|n| u32::try_from(n.max(0)).unwrap_or(u32::MAX)),
        on_sale: r.get("on_sale")?,
    })
}

/// The offers of a service on sale now, in their order.
pub fn on_sale(c: &Connection, service_id: i64) -> StoreResult<Vec<OfferRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT * FROM offers WHERE service_id = ?1 AND on_sale = 1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([service_id], offer_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn get(c: &Connection, id: i64) -> StoreResult<Option<OfferRow>> {
    Ok(c.prepare_cached("SELECT * FROM offers WHERE id = ?1")?
        .query_row([id], offer_row)
        .optional()?)
}

/// Adds offers to a service, after the ones it has; answers their ids.
pub fn insert(c: &Connection, service_id: i64, offers: &[NewOffer<'_>]) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::new();
    for o in offers {
        c.prepare_cached(
            "INSERT INTO offers (service_id, name, unit, price, description, guests_max, stock,
                                 on_sale, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                     (SELECT coalesce(max(position), -1) + 1 FROM offers WHERE service_id = ?1))",
        )?
        .execute(params![
            service_id,
            o.name,
            o.unit,
            o.price,
            o.description,
            o.guests_max,
            o.stock,
            o.on_sale
        ])?;
        ids.push(c.last_insert_rowid());
    }
    Ok(ids)
}

/// A delivery place a company saved.
#[derive(Clone, Debug)]
pub struct PlaceRow {
    pub id: i64,
    pub company_id: i64,
    pub place: PlaceDoc,
}

fn place_row(r: &Row<'_>) -> rusqlite::Result<PlaceRow> {
    Ok(PlaceRow {
        id: r.get("id")?,
        company_id: r.get("company_id")?,
        place: PlaceDoc {
            building: r.get("building")?,
            floor: r.get("floor")?,
            room: r.get("room")?,
            note: r.get("note")?,
        },
    })
}

/// A company's saved places, oldest first.
pub fn places(c: &Connection, company_id: i64) -> StoreResult<Vec<PlaceRow>> {
    let mut stmt =
        c.prepare_cached("SELECT * FROM saved_places WHERE company_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([company_id], place_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn place(c: &Connection, id: i64) -> StoreResult<Option<PlaceRow>> {
    Ok(
        c.prepare_cached("SELECT * FROM saved_places WHERE id = ?1")?
            .query_row([id], place_row)
            .optional()?,
    )
}

pub fn insert_place(c: &Connection, company_id: i64, p: &PlaceDoc, now: i64) -> StoreResult<i64> {
    c.prepare_cached(
        "INSERT INTO saved_places (company_id, building, floor, room, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        company_id, p.building, p.floor, p.room, p.note, now
    ])?;
    Ok(c.last_insert_rowid())
}

/// Whether the company pays for what its people order.
pub fn pays_for_staff(c: &Connection, company_id: i64) -> StoreResult<bool> {
    Ok(
        c.prepare_cached("SELECT pays_for_staff FROM companies WHERE id = ?1")?
            .query_row([company_id], |r| r.get(0))
            .optional()?
            .unwrap_or(false),
    )
}

pub fn set_pays_for_staff(c: &Connection, company_id: i64, pays: bool) -> StoreResult<()> {
    c.prepare_cached("UPDATE companies SET pays_for_staff = ?2 WHERE id = ?1")?
        .execute(params![company_id, pays])?;
    Ok(())
}

/// No order holds longer than this (a hotel stay is at most 30 nights): an
/// overlap is searched among orders starting at most this long before the
/// window, so that the index range stays short however long the history.
const LONGEST_HOLD: i64 = 32 * 86_400;

/// How many held orders of a service (its bookings) overlap `[start, end)`.
pub fn service_overlaps(c: &Connection, service_id: i64, start: i64, end: i64) -> StoreResult<u32> {
    Ok(c.prepare_cached(
        "SELECT count(*) FROM orders
          WHERE service_id = ?1 AND service_at < ?3 AND service_at >= ?2 - ?4
            AND coalesce(service_end_at, service_at) > ?2
            AND status NOT IN ('cancelled', 'refund_pending')",
    )?
    .query_row(params![service_id, start, end, LONGEST_HOLD], |r| r.get(0))?)
}

/// The spans `[service_at, service_end_at)` of held orders that overlap
/// `[from, to)`, of a service or of an offer (`column` is one of the two).
fn held_spans(
    c: &Connection,
    column: &str,
    id: i64,
    from: i64,
    to: i64,
) -> StoreResult<Vec<(i64, i64)>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT service_at, coalesce(service_end_at, service_at) FROM orders
          WHERE {column} = ?1 AND service_at < ?3 AND service_at >= ?2 - ?4
            AND coalesce(service_end_at, service_at) > ?2
            AND status NOT IN ('cancelled', 'refund_pending')"
    ))?;
    let rows = stmt.query_map(params![id, from, to, LONGEST_HOLD], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The spans of a service's held orders that overlap `[from, to)`.
pub fn service_spans(
    c: &Connection,
    service_id: i64,
    from: i64,
    to: i64,
) -> StoreResult<Vec<(i64, i64)>> {
    held_spans(c, "service_id", service_id, from, to)
}

/// The spans of an offer's held orders that overlap `[from, to)`.
pub fn offer_spans(
    c: &Connection,
    offer_id: i64,
    from: i64,
    to: i64,
) -> StoreResult<Vec<(i64, i64)>> {
    held_spans(c, "offer_id", offer_id, from, to)
}

/// How many held orders of an offer overlap `[start, end)`: the seats (a
/// coworking day) or rooms (a hotel night) taken then.
pub fn offer_overlaps(c: &Connection, offer_id: i64, start: i64, end: i64) -> StoreResult<u32> {
    Ok(u32::try_from(offer_spans(c, offer_id, start, end)?.len()).unwrap_or(u32::MAX))
}

/// How many held tickets of this type there are for this event date.
pub fn event_taken(c: &Connection, event_id: i64, offer_id: i64) -> StoreResult<u32> {
    Ok(c.prepare_cached(
        "SELECT count(*) FROM orders
          WHERE event_id = ?1 AND offer_id = ?2 AND status NOT IN ('cancelled', 'refund_pending')",
    )?
    .query_row(params![event_id, offer_id], |r| r.get(0))?)
}

/// The held tickets of a service's event dates starting in `[from, to)`, counted
/// per event date and ticket type in one query: (event id, offer id, count).
pub fn event_counts(
    c: &Connection,
    service_id: i64,
    from: i64,
    to: i64,
) -> StoreResult<Vec<(i64, i64, u32)>> {
    let mut stmt = c.prepare_cached(
        "SELECT o.event_id, o.offer_id, count(*) FROM checkin_events e
           JOIN orders o ON o.event_id = e.id
          WHERE e.service_id = ?1 AND e.starts_at >= ?2 AND e.starts_at < ?3
            AND o.offer_id IS NOT NULL AND o.status NOT IN ('cancelled', 'refund_pending')
          GROUP BY o.event_id, o.offer_id",
    )?;
    let rows = stmt.query_map(params![service_id, from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// An event date of a service.
#[derive(Clone, Debug)]
pub struct EventDateRow {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: Option<String>,
}

/// A service's event dates starting after `after`, by start.
pub fn events_after(c: &Connection, service_id: i64, after: i64) -> StoreResult<Vec<EventDateRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, starts_at, ends_at, place FROM checkin_events
          WHERE service_id = ?1 AND starts_at > ?2 ORDER BY starts_at, id",
    )?;
    let rows = stmt.query_map(params![service_id, after], |r| {
        Ok(EventDateRow {
            id: r.get("id")?,
            starts_at: r.get("starts_at")?,
            ends_at: r.get("ends_at")?,
            place: r.get("place")?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A service's event dates starting after `after` and in `[from, to)`, by start.
pub fn events_between(
    c: &Connection,
    service_id: i64,
    after: i64,
    from: i64,
    to: i64,
) -> StoreResult<Vec<EventDateRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, starts_at, ends_at, place FROM checkin_events
          WHERE service_id = ?1 AND starts_at > ?2 AND starts_at >= ?3 AND starts_at < ?4
          ORDER BY starts_at, id",
    )?;
    let rows = stmt.query_map(params![service_id, after, from, to], |r| {
        Ok(EventDateRow {
            id: r.get("id")?,
            starts_at: r.get("starts_at")?,
            ends_at: r.get("ends_at")?,
            place: r.get("place")?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One event date and the service it belongs to.
pub fn event_date(c: &Connection, id: i64) -> StoreResult<Option<(i64, EventDateRow)>> {
    Ok(c.prepare_cached(
        "SELECT service_id, id, starts_at, ends_at, place FROM checkin_events WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok((
            r.get("service_id")?,
            EventDateRow {
                id: r.get("id")?,
                starts_at: r.get("starts_at")?,
                ends_at: r.get("ends_at")?,
                place: r.get("place")?,
            },
        ))
    })
    .optional()?)
}
