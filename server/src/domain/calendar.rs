//! «Мой календарь», «Мои бронирования» and door access: the dated orders a person
//! has a part in, and what each card may show. Only the person's own orders open;
//! a booking shared with them and a ticket passed to them are cards only.

use kabinet_core::{
    AccessGrant, AccessGrants, Bookings, Calendar, CalendarEntry, GrantReason, Holding, Kind,
    Status, CALENDAR_MAX_DAYS,
};
use rusqlite::Connection;

use crate::error::{AppError, AppResult};
use crate::storage::calendar::{self, DatedRow, Part, Window};
use crate::storage::details::OrderDetails;
use crate::storage::Store;
use crate::views;

/// «Мои бронирования» shows at most this many upcoming and past cards.
const BOOKINGS_UPCOMING: u32 = 200;
const BOOKINGS_PAST: u32 = 50;
/// A calendar window holds at most this many cards of each part.
const CALENDAR_LIMIT: u32 = 500;

const PARTS: [Part; 3] = [Part::Own, Part::Visitor, Part::Holder];

/// The room, coworking place or hotel room an order is for, when it names one.
pub fn place(kind: Kind, d: &OrderDetails) -> Option<String> {
    match kind {
        Kind::Coworking => d.ticket.as_ref().and_then(|t| t.place.clone()),
        Kind::Hotel => d.hotel.as_ref().map(|h| h.room.clone()),
        _ => None,
    }
}

/// The card of a dated order for the person with this part in it.
fn entry(r: DatedRow, part: Part) -> CalendarEntry {
    let passed_on = part == Part::Own
        && r.kind == Kind::Coworking
        && r.holder.as_ref().is_some_and(|h| h.id != r.owner.id);
    let holding = match part {
        Part::Own if passed_on => Holding::PassedOn,
        Part::Own => Holding::Own,
        Part::Visitor => Holding::Shared,
        Part::Holder => Holding::Received,
    };
    CalendarEntry {
        key: format!("{}-{}", holding, r.id),
        order_id: (part == Part::Own).then_some(r.id),
        kind: r.kind,
        status: r.status,
        holding,
        place: place(r.kind, &r.details),
        title: r.service_name,
        starts_at: views::ts(r.service_at),
        ends_at: r.service_end_at.map(views::ts),
        by: (part != Part::Own).then(|| views::person(&r.owner)),
        holder: if passed_on {
            r.holder.as_ref().map(views::person)
        } else {
            None
        },
        entry_code: (part == Part::Holder
            && r.kind == Kind::Coworking
            && matches!(r.status, Status::New | Status::InProgress))
        .then_some(r.id),
    }
}

/// The card of one order for someone with this part in it (after accepting a link).
pub fn entry_of(c: &Connection, order_id: i64, part: Part) -> AppResult<Option<CalendarEntry>> {
    Ok(calendar::one(c, order_id)?.map(|r| entry(r, part)))
}

/// Every part's cards in the window, by start time.
fn cards(c: &Connection, user_id: i64, w: Window) -> AppResult<Vec<(i64, CalendarEntry)>> {
    let mut out = Vec::new();
    for part in PARTS {
        for r in calendar::dated(c, user_id, part, w)? {
            out.push((r.service_at, entry(r, part)));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));
    if w.latest_first {
        out.reverse();
    }
    Ok(out)
}

/// Reads an RFC 3339 instant of the query (422 naming the field).
fn instant(field: &str, value: &str) -> AppResult<i64> {
    time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|_| {
            AppError::invalid(field, "Give a date and time like 2026-11-23T00:00:00+03:00")
        })
}

/// «Мой календарь»: the cards overlapping [from, to).
pub async fn calendar(store: &Store, user_id: i64, from: &str, to: &str) -> AppResult<Calendar> {
    let (start, end) = (instant("from", from)?, instant("to", to)?);
    if end <= start {
        return Err(AppError::invalid("to", "The end must come after the start"));
    }
    if end - start > CALENDAR_MAX_DAYS * 86_400 {
        return Err(AppError::invalid(
            "to",
            format!("At most {CALENDAR_MAX_DAYS} days at a time"),
        ));
    }
    let w = Window {
        from: start,
        to: end,
        latest_first: false,
        limit: CALENDAR_LIMIT,
    };
    let entries = store.call(move |c| cards(c, user_id, w)).await?;
    Ok(Calendar {
        from: views::ts(start),
        to: views::ts(end),
        entries: entries.into_iter().map(|(_, e)| e).collect(),
    })
}

/// «Мои бронирования»: what the user holds, upcoming (not over yet) soonest
/// first, then past ones; a coworking ticket they passed on is left out.
pub async fn bookings(store: &Store, user_id: i64, now: i64) -> AppResult<Bookings> {
    let upcoming = Window {
        from: now,
        to: i64::MAX / 2,
        latest_first: false,
        limit: BOOKINGS_UPCOMING,
    };
    let past = Window {
        from: i64::MIN / 2,
        to: now,
        latest_first: true,
        limit: BOOKINGS_PAST,
    };
    store
        .call(move |c| -> AppResult<Bookings> {
            // What the user holds: a ticket they passed on is not theirs to show.
            let held = |v: Vec<(i64, CalendarEntry)>| -> Vec<(i64, CalendarEntry)> {
                v.into_iter()
                    .filter(|(_, e)| e.holding != Holding::PassedOn)
                    .collect()
            };
            let mut later = held(cards(c, user_id, upcoming)?);
            later.truncate(BOOKINGS_UPCOMING as usize);
            // A card overlapping now is upcoming; the past ones are those over.
            let upcoming: Vec<CalendarEntry> = later.into_iter().map(|(_, e)| e).collect();
            let mut before = held(cards(c, user_id, past)?);
            before.retain(|(_, e)| !upcoming.iter().any(|u| u.key == e.key));
            before.truncate(BOOKINGS_PAST as usize);
            Ok(Bookings {
                upcoming,
                past: before.into_iter().map(|(_, e)| e).collect(),
            })
        })
        .await
}

/// The person's current and upcoming door grants: the owner and visitors of an
/// active booking for its time, a coworking ticket's holder for its day.
pub async fn access(store: &Store, user_id: i64, now: i64) -> AppResult<AccessGrants> {
    let w = Window {
        from: now,
        to: i64::MAX / 2,
        latest_first: false,
        limit: BOOKINGS_UPCOMING,
    };
    store
        .call(move |c| -> AppResult<AccessGrants> {
            let mut grants = Vec::new();
            for part in PARTS {
                for r in calendar::dated(c, user_id, part, w)? {
                    if !matches!(r.status, Status::New | Status::InProgress) {
                        continue;
                    }
                    let holder = r.holder.as_ref().map_or(r.owner.id, |h| h.id);
                    let reason = match (r.kind, part) {
                        (Kind::Booking, Part::Own) => GrantReason::Owner,
                        (Kind::Booking, Part::Visitor) => GrantReason::Visitor,
                        (Kind::Coworking, _) if holder == user_id => GrantReason::Ticket,
                        _ => continue,
                    };
                    grants.push((
                        r.service_at,
                        AccessGrant {
                            room: place(r.kind, &r.details).unwrap_or(r.service_name),
                            from: views::ts(r.service_at),
                            to: views::ts(r.service_end_at.unwrap_or(r.service_at)),
                            reason,
                            order_number: r.number,
                        },
                    ));
                }
            }
            grants.sort_by_key(|g| g.0);
            Ok(AccessGrants {
                grants: grants.into_iter().map(|(_, g)| g).collect(),
            })
        })
        .await
}
