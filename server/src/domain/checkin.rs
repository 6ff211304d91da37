//! The door: a ticket's entry code for its holder, and the check-in app's events,
//! tickets, redeeming a scan and undoing a check-in. Every scan is logged with the
//! answer it got; a retried scan (same scan id) gets that answer again and changes
//! nothing. All of a redeem runs in the one writer, so of many devices scanning one
//! code at once exactly one admits the visitor.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use kabinet_core::{
    full_name, next_status, Action, AnnulAnswer, AnnulRequest, CheckinEvent, CheckinEvents,
    CheckinReason, CheckinTicket, CheckinTickets, ErrorCode, ErrorReason, HistoryAction, Kind,
    RedeemAnswer, RedeemRequest, RedeemStatus, Status, TicketCode, TransitionInput, Viewer,
    ANNUL_WINDOW_SECS, CHECKIN_SEARCH_LIMIT, CODE_INPUT_MAX, DEVICE_MAX, SCAN_ID_MAX,
};
use rusqlite::Connection;

use crate::domain::access;
use crate::domain::notify::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::live::Hub;
use crate::storage::checkin::{self, EventRow, NewScan, Revoked, TicketRow};
use crate::storage::orders::{self, OrderRow, StatusChange};
use crate::storage::services::{self, ServiceRow};
use crate::storage::users::UserRow;
use crate::storage::Store;
use crate::tokens;
use crate::views::{self, ts};

/// The check-in app lists at most this many events.
const EVENTS_LIMIT: u32 = 100;
/// The longest ticket search.
const QUERY_MAX: usize = 100;

/// The local calendar date of a unix time in the site's zone.
fn local_date(tz: &TimeZone, t: i64) -> Option<jiff::civil::Date> {
    Timestamp::from_second(t)
        .ok()
        .map(|ts| ts.to_zoned(tz.clone()).date())
}

/// Whether the event takes place today: today's date (site time zone) is one of
/// its days. Check-in is open all of those days.
pub fn is_today(tz: &TimeZone, e: &EventRow, now: i64) -> bool {
    match (
        local_date(tz, now),
        local_date(tz, e.starts_at),
        local_date(tz, e.ends_at),
    ) {
        (Some(today), Some(first), Some(last)) => first <= today && today <= last,
        _ => false,
    }
}

/// Midnight of today in the site's zone, as unix time.
fn start_of_today(tz: &TimeZone, now: i64) -> i64 {
    Timestamp::from_second(now)
        .ok()
        .and_then(|t| t.to_zoned(tz.clone()).start_of_day().ok())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(now)
}

/// The holder's entry code and what the QR view shows with it. Only the holder
/// gets it (an event ticket's owner; a coworking ticket's visitor, who need not
/// be its buyer), while the ticket can be used; the first call issues the code.
pub async fn ticket_code(
    store: &Store,
    key: &[u8],
    user: &UserRow,
    order_id: i64,
    now: i64,
) -> AppResult<TicketCode> {
    let (order, service, event) = store
        .call(move |c| -> AppResult<_> {
            let order = orders::get(c, order_id)?.ok_or_else(AppError::not_found)?;
            let service = services::get(c, order.service_id)?.ok_or_else(AppError::not_found)?;
            let event = match order.event_id {
                Some(e) => checkin::event(c, e)?,
                None => None,
            };
            Ok((order, service, event))
        })
        .await?;
    check_holder(user, &order, &service, now)?;
    let existing = store
        .call(move |c| checkin::current_nonce(c, order_id))
        .await?;
    let nonce = match existing {
        Some(n) => n,
        None => {
            let (key, u) = (key.to_vec(), user.clone());
            store
                .write(move |c| -> AppResult<Vec<u8>> {
                    // The ticket may have been passed on or cancelled since it was
                    // read, and another request may have issued the code.
                    let order = orders::get(c, order_id)?.ok_or_else(AppError::not_found)?;
                    check_holder(&u, &order, &service, now)?;
                    if let Some(n) = checkin::current_nonce(c, order_id)? {
                        return Ok(n);
                    }
                    let nonce = tokens::new_nonce();
                    let hash = tokens::token_hash(&tokens::ticket_code(&key, &nonce));
                    checkin::insert_code(c, order_id, &nonce, &hash, now)?;
                    Ok(nonce)
                })
                .await?
        }
    };
    let (title, starts_at, ends_at, place) = match &event {
        Some(e) => (
            e.name.clone(),
            Some(e.starts_at),
            Some(e.ends_at),
            e.place.clone(),
        ),
        None => (
            order.service_name.clone(),
            order.service_at,
            order.service_end_at,
            crate::domain::calendar::place(order.kind, &order.details),
        ),
    };
    Ok(TicketCode {
        order_id: order.id,
        number: order.number,
        kind: order.kind,
        code: tokens::ticket_code(key, &nonce),
        title,
        starts_at: starts_at.map(ts).unwrap_or_default(),
        ends_at: ends_at.map(ts),
        place,
        holder: full_name(&user.first_name, &user.last_name),
    })
}

/// That `user` holds the ticket and it can be used now: 404 for anyone with no
/// part in it, 409 for someone who sees the order but does not hold the ticket
/// (staff, a buyer who passed it on) or for a ticket that can no longer be used.
fn check_holder(user: &UserRow, order: &OrderRow, service: &ServiceRow, now: i64) -> AppResult<()> {
    let holder_id = order.ticket_holder_id.unwrap_or(order.user_id);
    let related = holder_id == user.id || access::viewer(user, order).is_some();
    if !related || !matches!(order.kind, Kind::Event | Kind::Coworking) {
        return Err(AppError::not_found());
    }
    if holder_id != user.id {
        return Err(AppError::conflict(
            ErrorReason::NotHolder,
            "Only the ticket's holder is shown its entry code",
        ));
    }
    let facts = views::facts(order, service, now);
    let usable = match order.kind {
        Kind::Event => next_status(&facts, Action::ShowQr, TransitionInput::default()).is_ok(),
        // A coworking ticket can be used while it is active and its day not over
        // (the same as when it can be passed on).
        _ => next_status(&facts, Action::TransferTicket, TransitionInput::default()).is_ok(),
    };
    if !usable {
        return Err(AppError::conflict(
            ErrorReason::NotAllowedNow,
            "This ticket can no longer be used",
        ));
    }
    Ok(())
}

fn event_view(tz: &TimeZone, e: checkin::EventCount, now: i64) -> CheckinEvent {
    CheckinEvent {
        today: is_today(tz, &e.event, now),
        id: e.event.id,
        name: e.event.name,
        starts_at: ts(e.event.starts_at),
        ends_at: ts(e.event.ends_at),
        place: e.event.place,
        checked_in: e.checked_in,
        total: e.total,
    }
}

/// Today's events (those that have not ended before today) and the upcoming ones,
/// by start time, with their counts.
pub async fn events(
    store: &Store,
    tz: &TimeZone,
    user: &UserRow,
    now: i64,
) -> AppResult<CheckinEvents> {
    access::require_door(user)?;
    let from = start_of_today(tz, now);
    let rows = store
        .call(move |c| checkin::events_from(c, from, EVENTS_LIMIT))
        .await?;
    Ok(CheckinEvents {
        events: rows.into_iter().map(|e| event_view(tz, e, now)).collect(),
    })
}

/// The ticket as the check-in app shows it.
fn ticket_view(t: TicketRow) -> CheckinTicket {
    let checked_in = t.status == Status::Done && t.checked_in_at.is_some();
    CheckinTicket {
        order_id: t.order_id,
        number: t.number,
        kind: t.kind,
        holder: t
            .holder
            .as_ref()
            .map(|p| full_name(&p.first_name, &p.last_name))
            .unwrap_or_default(),
        company: t.holder.and_then(|p| p.company_name),
        event_id: t.event_id,
        event: t.event_name.unwrap_or(t.service_name),
        starts_at: t.service_at.map(ts),
        status: t.status,
        checked_in_at: t.checked_in_at.filter(|_| checked_in).map(ts),
        checked_in_by: t
            .checked_in_by
            .filter(|_| checked_in)
            .map(|p| full_name(&p.first_name, &p.last_name)),
    }
}

/// The event's tickets whose holder's name or order number has every word of `q`.
pub async fn tickets(
    store: &Store,
    user: &UserRow,
    event_id: i64,
    q: Option<String>,
) -> AppResult<CheckinTickets> {
    access::require_door(user)?;
    let q = q.unwrap_or_default();
    if q.chars().count() > QUERY_MAX {
        return Err(AppError::too_long("q", QUERY_MAX));
    }
    let words: Vec<String> = q
        .to_lowercase()
        .split_whitespace()
        .map(String::from)
        .collect();
    let rows = store
        .call(move |c| -> AppResult<_> {
            checkin::event(c, event_id)?.ok_or_else(AppError::not_found)?;
            Ok(checkin::tickets(
                c,
                event_id,
                &words,
                CHECKIN_SEARCH_LIMIT as u32,
            )?)
        })
        .await?;
    Ok(CheckinTickets {
        tickets: rows.into_iter().map(ticket_view).collect(),
    })
}

fn check_scan_id(scan_id: &str) -> AppResult<()> {
    if scan_id.is_empty() {
        return Err(AppError::required("scan_id", "Every scan needs an id"));
    }
    if scan_id.len() > SCAN_ID_MAX {
        return Err(AppError::too_long("scan_id", SCAN_ID_MAX));
    }
    if !scan_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::invalid(
            "scan_id",
            "A scan id has letters, digits, '-' and '_' only",
        ));
    }
    Ok(())
}

/// What the scan names: a code's hash, or an order picked by hand.
enum Target {
    Code(Vec<u8>),
    Order(i64),
}

/// A redeem, validated.
struct Scan {
    scan_id: String,
    device: String,
    event_id: i64,
    target: Target,
}

fn validate(req: RedeemRequest) -> AppResult<Scan> {
    check_scan_id(&req.scan_id)?;
    let device = req.device.unwrap_or_default().trim().to_string();
    if device.chars().count() > DEVICE_MAX {
        return Err(AppError::too_long("device", DEVICE_MAX));
    }
    let target = match (req.code, req.order_id) {
        (Some(code), None) => {
            if code.chars().count() > CODE_INPUT_MAX {
                return Err(AppError::too_long("code", CODE_INPUT_MAX));
            }
            let code = kabinet_core::normalize_code(&code);
            if code.is_empty() {
                return Err(AppError::required("code", "Scan or type the ticket's code"));
            }
            Target::Code(tokens::token_hash(&code))
        }
        (None, Some(id)) => Target::Order(id),
        (None, None) => {
            return Err(AppError::required(
                "code",
                "Scan or type the ticket's code, or pick the ticket",
            ))
        }
        (Some(_), Some(_)) => {
            return Err(AppError::invalid(
                "code",
                "Give either a code or an order, not both",
            ))
        }
    };
    Ok(Scan {
        scan_id: req.scan_id,
        device,
        event_id: req.event_id,
        target,
    })
}

/// The answer an earlier scan with this id got, if it was the caller's (someone
/// else's scan id is refused: ids are the devices', never shared).
fn earlier(
    c: &Connection,
    user: &UserRow,
    scan_id: &str,
) -> AppResult<Option<(u16, RedeemAnswer)>> {
    let Some(s) = checkin::scan(c, scan_id)? else {
        return Ok(None);
    };
    if s.user_id != user.id {
        return Err(AppError::conflict(
            ErrorReason::ScanIdTaken,
            "This scan id was used by another device",
        ));
    }
    let answer: RedeemAnswer = serde_json::from_str(&s.answer)
        .map_err(|e| AppError::internal(format!("stored scan answer: {e}")))?;
    Ok(Some((s.http_status, answer)))
}

fn refusal(scan_id: &str, reason: CheckinReason, ticket: Option<CheckinTicket>) -> RedeemAnswer {
    let (checked_in_at, by) = match (&ticket, reason) {
        (Some(t), CheckinReason::AlreadyRedeemed) => {
            (t.checked_in_at.clone(), t.checked_in_by.clone())
        }
        _ => (None, None),
    };
    RedeemAnswer {
        status: RedeemStatus::Error,
        reason: Some(reason),
        scan_id: scan_id.to_string(),
        ticket,
        checked_in_at,
        by,
        annul_until: None,
    }
}

/// Why the ticket cannot be admitted at this event now, if it cannot. The order
/// is what helps the person at the door most: a code that no longer works says
/// why (passed on, cancelled); a cancelled ticket is cancelled at any door; then
/// another event; then an earlier check-in (with when and by whom, even on
/// another day of the event); then the wrong day.
fn reason_against(
    tz: &TimeZone,
    t: &TicketRow,
    revoked: Option<Revoked>,
    event: &EventRow,
    now: i64,
) -> Option<CheckinReason> {
    match revoked {
        Some(Revoked::PassedOn) => return Some(CheckinReason::Revoked),
        Some(Revoked::Cancelled) => return Some(CheckinReason::Canceled),
        None => {}
    }
    if matches!(t.status, Status::Cancelled | Status::RefundPending) {
        return Some(CheckinReason::Canceled);
    }
    if t.kind != Kind::Event || t.event_id != Some(event.id) {
        return Some(CheckinReason::WrongEvent);
    }
    if t.status == Status::Done {
        return Some(CheckinReason::AlreadyRedeemed);
    }
    if !is_today(tz, event, now) {
        return Some(CheckinReason::InvalidTime);
    }
    None
}

/// One scan at the door of `event_id`: admits the ticket's holder (201, the ticket
/// is «Выполнен» and its owner sees it live), or says why not (200). Tenants get
/// 403 before anything about the code is looked at.
pub async fn redeem(
    store: &Store,
    hub: &Hub,
    tz: &TimeZone,
    user: &UserRow,
    req: RedeemRequest,
    now: i64,
) -> AppResult<(u16, RedeemAnswer)> {
    access::require_door(user)?;
    let scan = validate(req)?;
    let event_id = scan.event_id;
    // Straight to the writer: every scan is logged there anyway, and a read
    // first would only repeat its lookups.
    let (tz, u) = (tz.clone(), user.clone());
    let (answer, woken) = store
        .write(move |c| -> AppResult<((u16, RedeemAnswer), Vec<i64>)> {
            if let Some(previous) = earlier(c, &u, &scan.scan_id)? {
                return Ok((previous, Vec::new()));
            }
            let event = checkin::event(c, event_id)?
                .ok_or_else(|| AppError::invalid("event_id", "There is no such event"))?;
            let by_hand = matches!(scan.target, Target::Order(_));
            let found = match scan.target {
                Target::Code(hash) => checkin::code_by_hash(c, &hash)?,
                Target::Order(id) => Some((id, None)),
            };
            let ticket = match found {
                Some((id, revoked)) => checkin::ticket(c, id)?.map(|t| (t, revoked)),
                None => None,
            };
            // By hand, the door picks among event tickets only: any other order
            // id is unknown to it (and tells nothing about whose it is).
            let ticket = ticket.filter(|(t, _)| !by_hand || t.kind == Kind::Event);
            let mut woken = Vec::new();
            let mut previous_status = None;
            let (status, answer) = match ticket {
                None => (200, refusal(&scan.scan_id, CheckinReason::Invalid, None)),
                Some((t, revoked)) => match reason_against(&tz, &t, revoked, &event, now) {
                    Some(reason) => (200, refusal(&scan.scan_id, reason, Some(ticket_view(t)))),
                    None => {
                        let order = orders::get(c, t.order_id)?.ok_or_else(AppError::not_found)?;
                        woken = admit(c, &u, &order, now)?;
                        previous_status = Some(order.status);
                        let after =
                            checkin::ticket(c, t.order_id)?.ok_or_else(AppError::not_found)?;
                        (
                            201,
                            RedeemAnswer {
                                status: RedeemStatus::Ok,
                                reason: None,
                                scan_id: scan.scan_id.clone(),
                                ticket: Some(ticket_view(after)),
                                checked_in_at: None,
                                by: None,
                                annul_until: Some(ts(now + ANNUL_WINDOW_SECS)),
                            },
                        )
                    }
                },
            };
            let json = serde_json::to_string(&answer)
                .map_err(|e| AppError::internal(format!("scan answer: {e}")))?;
            checkin::insert_scan(
                c,
                &NewScan {
                    scan_id: &scan.scan_id,
                    user_id: u.id,
                    device: &scan.device,
                    event_id: event.id,
                    order_id: answer.ticket.as_ref().map(|t| t.order_id),
                    at: now,
                    successful: answer.status == RedeemStatus::Ok,
                    reason: answer.reason.map(|r| r.as_str()),
                    http_status: status,
                    answer: &json,
                    previous_status,
                },
            )?;
            Ok(((status, answer), woken))
        })
        .await?;
    hub.wake(woken);
    Ok(answer)
}

/// Checks the ticket in: «Выполнен», the time, the history, and everyone who sees
/// the order is told. Answers whom to wake.
fn admit(c: &Connection, user: &UserRow, order: &OrderRow, now: i64) -> AppResult<Vec<i64>> {
    let facts = kabinet_core::OrderFacts {
        kind: order.kind,
        status: order.status,
        paid: order.paid,
        remainder: 0,
        cancellable: false,
        cancel_deadline_passed: false,
        service_over: false,
    };
    let to = kabinet_core::check_action(
        &facts,
        Viewer::EventManager,
        Action::CheckIn,
        TransitionInput::default(),
    )
    .map_err(|e| AppError::conflict(e.reason(), e.message()))?;
    let change = StatusChange {
        to,
        awaiting_since: None,
        checked_in_at: Some(now),
        executor_id: order.executor_id,
    };
    let action = HistoryAction::CheckIn;
    if !orders::set_status(c, order, order.version, &change, Some(user.id), action, now)? {
        return Err(AppError::stale(order.status));
    }
    let after = orders::get(c, order.id)?.ok_or_else(AppError::not_found)?;
    Ok(notify::status_changed(
        c,
        &after,
        Some(&Actor::of(user)),
        action,
        now,
    )?)
}

/// Undoes the check-in a scan made, within ten minutes of it: the ticket goes back
/// to the status it had. Only whoever made the scan (or staff) may undo it.
pub async fn annul(
    store: &Store,
    hub: &Hub,
    user: &UserRow,
    req: AnnulRequest,
    now: i64,
) -> AppResult<AnnulAnswer> {
    access::require_door(user)?;
    check_scan_id(&req.scan_id)?;
    let u = user.clone();
    let (answer, woken) = store
        .write(move |c| -> AppResult<(AnnulAnswer, Vec<i64>)> {
            let scan = checkin::scan(c, &req.scan_id)?
                .filter(|s| s.user_id == u.id || u.role.is_staff())
                .ok_or_else(AppError::not_found)?;
            if !scan.successful {
                return Err(AppError::conflict(
                    ErrorReason::NotAllowedNow,
                    "This scan admitted no one",
                ));
            }
            if scan.annulled_at.is_some() {
                // A retried undo (its answer was lost): the ticket as it is now.
                let order_id = scan.order_id.ok_or_else(AppError::not_found)?;
                let ticket = checkin::ticket(c, order_id)?.ok_or_else(AppError::not_found)?;
                return Ok((
                    AnnulAnswer {
                        ticket: ticket_view(ticket),
                    },
                    Vec::new(),
                ));
            }
            if now - scan.at > ANNUL_WINDOW_SECS {
                return Err(AppError::conflict(
                    ErrorReason::AnnulTooLate,
                    "A check-in can be undone within ten minutes only",
                ));
            }
            let (Some(order_id), Some(back)) = (scan.order_id, scan.previous_status) else {
                return Err(AppError::internal("a successful scan without its ticket"));
            };
            let order = orders::get(c, order_id)?.ok_or_else(AppError::not_found)?;
            // The ticket must still be as this check-in left it.
            if order.status != Status::Done || order.checked_in_at != Some(scan.at) {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    ErrorReason::StaleVersion,
                    "The ticket changed after this check-in",
                ));
            }
            let change = StatusChange {
                to: back,
                awaiting_since: None,
                checked_in_at: None,
                executor_id: order.executor_id,
            };
            let action = HistoryAction::AnnulCheckIn;
            if !orders::set_status(c, &order, order.version, &change, Some(u.id), action, now)? {
                return Err(AppError::stale(order.status));
            }
            checkin::annul_scan(c, &scan.scan_id, now)?;
            let after = orders::get(c, order_id)?.ok_or_else(AppError::not_found)?;
            let woken = notify::status_changed(c, &after, Some(&Actor::of(&u)), action, now)?;
            let ticket = checkin::ticket(c, order_id)?.ok_or_else(AppError::not_found)?;
            Ok((
                AnnulAnswer {
                    ticket: ticket_view(ticket),
                },
                woken,
            ))
        })
        .await?;
    hub.wake(woken);
    Ok(answer)
}
