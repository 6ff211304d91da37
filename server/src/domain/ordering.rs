//! Ordering every kind (spec sections 7, 15): the order form a service takes, what
//! is free when, placing an order (every price computed here with the shared
//! `quote`, availability checked again inside the write so that nothing is sold
//! twice), and a repeat draft of an old order.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use kabinet_core::{
    check_action, date_of_day, day_number, full_name, hour_text, is_paid_kind, minute_of_day,
    quote, Action, Availability, DayAvailability, DeliveryPlace, ErrorReason, EventAvailability,
    EventDate, FieldAnswer, FieldType, HistoryAction, HourSlot, ItemChoice, Kind, Offer, OfferLeft,
    OrderFormSpec, OrderView, PayerKind, PayerOption, PlaceOrder, RepeatDraft, Status,
    TransitionInput, Viewer, AVAILABILITY_DAYS_MAX, COMMENT_MAX, COWORKING_DAYS_MAX,
    FIELD_VALUE_MAX, GUEST_NAME_MAX, HORIZON_DAYS, HOTEL_NIGHTS_MAX, ITEMS_MAX, PLACE_TEXT_MAX,
    QUANTITY_MAX, REQUEST_FILES_MAX,
};
use rusqlite::Connection;

use crate::domain::access;
use crate::domain::notify::{self, Actor};
use crate::domain::once::{Answer, Once};
use crate::error::{AppError, AppResult};
use crate::live::Hub;
use crate::storage::bundle::bundle;
use crate::storage::chat;
use crate::storage::history;
use crate::storage::offers::{self, EventDateRow, OfferRow, PlaceRow};
use crate::storage::orders::{
    self, HotelDoc, ItemDoc, NewOrder, OrderDetails, OrderRow, PlaceDoc, TicketDoc,
};
use crate::storage::services::{self, BookingDoc, FieldDoc, FormFieldDoc, ServiceRow};
use crate::storage::uploads::{self, FileRow};
use crate::storage::users::UserRow;
use crate::storage::Store;
use crate::views;

/// A resource without hours of its own is booked 08:00–21:00, up to 8 hours.
const DEFAULT_BOOKING: BookingDoc = BookingDoc {
    opens_hour: 8,
    closes_hour: 21,
    max_hours: 8,
};
/// A resource's hours as set, kept within a day: settings written by hand (or a
/// huge `max_hours`) must neither overflow the hour arithmetic nor list more than
/// a day's slots.
fn booking_rules(service: &ServiceRow) -> BookingDoc {
    let b = service.booking.unwrap_or(DEFAULT_BOOKING);
    let opens_hour = b.opens_hour.min(23);
    let closes_hour = b.closes_hour.clamp(opens_hour + 1, 24);
    BookingDoc {
        opens_hour,
        closes_hour,
        max_hours: b.max_hours.clamp(1, closes_hour - opens_hour),
    }
}

/// A coworking day: its ticket lets the holder in from 08:00 to 22:00.
const COWORKING_OPENS: u32 = 8 * 60;
const COWORKING_CLOSES: u32 = 22 * 60;
/// A company keeps at most this many delivery places: beyond it a new place is
/// used for its order but not saved.
pub const SAVED_PLACES_MAX: usize = 50;
/// Hotel check-in and check-out times.
const CHECK_IN: u32 = 14 * 60;
const CHECK_OUT: u32 = 12 * 60;

// ---------------------------------------------------------------------------
// Site time: days are day numbers (days since 1970-01-01) in the site's zone.

/// The site's day of the instant `t`.
fn local_day(tz: &TimeZone, t: i64) -> i64 {
    Timestamp::from_second(t)
        .ok()
        .map(|ts| ts.to_zoned(tz.clone()))
        .and_then(|z| day_number(&format!("{:04}-{:02}-{:02}", z.year(), z.month(), z.day())))
        .unwrap_or_else(|| t.div_euclid(86_400))
}

/// Minutes after the site's midnight of the instant `t`.
fn local_minute(tz: &TimeZone, t: i64) -> u32 {
    Timestamp::from_second(t)
        .ok()
        .map(|ts| ts.to_zoned(tz.clone()))
        .map(|z| z.hour() as u32 * 60 + z.minute() as u32)
        .unwrap_or(0)
}

/// The instant of `minute` after the site's midnight on `day` (24:00 is the next
/// day's midnight).
fn at_local(tz: &TimeZone, day: i64, minute: u32) -> i64 {
    let (day, minute) = (day + i64::from(minute / 1440), minute % 1440);
    date_of_day(day)
        .parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| {
            d.at((minute / 60) as i8, (minute % 60) as i8, 0, 0)
                .to_zoned(tz.clone())
                .ok()
        })
        .map(|z| z.timestamp().as_second())
        .unwrap_or(day * 86_400 + i64::from(minute) * 60)
}

/// Today and the last day orders are taken for.
fn horizon(tz: &TimeZone, now: i64) -> (i64, i64) {
    let today = local_day(tz, now);
    (today, today + HORIZON_DAYS)
}

// ---------------------------------------------------------------------------
// Reading what a form needs.

/// A service's catalogue and the user's company facts, read on a reader.
struct Catalogue {
    service: ServiceRow,
    offers: Vec<OfferRow>,
    company_pays: bool,
    places: Vec<PlaceRow>,
}

fn catalogue(c: &Connection, user: &UserRow, service_id: i64) -> AppResult<Option<Catalogue>> {
    let Some(service) = services::get(c, service_id)? else {
        return Ok(None);
    };
    let offers = offers::on_sale(c, service_id)?;
    let (company_pays, places) = match user.company_id {
        Some(company) => (
            offers::pays_for_staff(c, company)?,
            offers::places(c, company)?,
        ),
        None => (false, Vec::new()),
    };
    Ok(Some(Catalogue {
        service,
        offers,
        company_pays,
        places,
    }))
}

fn api_offers(cat: &Catalogue) -> Vec<Offer> {
    cat.offers
        .iter()
        .map(|o| views::offer(o, &cat.service.currency))
        .collect()
}

/// Who may pay for a paid kind: the user, then their company if it pays.
fn payers(cat: &Catalogue, user: &UserRow) -> Vec<PayerOption> {
    if !is_paid_kind(cat.service.kind) {
        return Vec::new();
    }
    let mut out = vec![PayerOption {
        kind: PayerKind::User,
        name: full_name(&user.first_name, &user.last_name),
    }];
    if let (true, Some(name)) = (cat.company_pays, &user.company_name) {
        out.push(PayerOption {
            kind: PayerKind::Company,
            name: name.clone(),
        });
    }
    out
}

fn event_date(e: &EventDateRow) -> EventDate {
    EventDate {
        id: e.id,
        starts_at: views::ts(e.starts_at),
        ends_at: views::ts(e.ends_at),
        place: e.place.clone(),
    }
}

/// `GET /services/{id}/form`: everything the order form of a service needs.
pub async fn form_spec(
    store: &Store,
    tz: &TimeZone,
    now: i64,
    user: &UserRow,
    service_id: i64,
) -> AppResult<OrderFormSpec> {
    let u = user.clone();
    let (cat, additional, events) = store
        .call(move |c| -> AppResult<_> {
            let cat = catalogue(c, &u, service_id)?.ok_or_else(AppError::not_found)?;
            let additional = services::additional(c, service_id)?;
            let events = if cat.service.kind == Kind::Event {
                offers::events_after(c, service_id, now)?
            } else {
                Vec::new()
            };
            Ok((cat, additional, events))
        })
        .await?;
    let (today, last) = horizon(tz, now);
    let kind = cat.service.kind;
    Ok(OrderFormSpec {
        service: views::service(&cat.service, &additional),
        offers: api_offers(&cat),
        fields: if kind == Kind::Service {
            cat.service.form.iter().map(views::form_field).collect()
        } else {
            Vec::new()
        },
        booking: (kind == Kind::Booking)
            .then(|| views::booking_rules(&booking_rules(&cat.service))),
        places: if kind == Kind::Goods {
            cat.places.iter().map(views::saved_place).collect()
        } else {
            Vec::new()
        },
        payers: payers(&cat, user),
        events: events.iter().map(event_date).collect(),
        today: date_of_day(today),
        last_day: date_of_day(last),
        prepayment_percent: cat.service.prepayment_percent.unwrap_or(100),
    })
}

// ---------------------------------------------------------------------------
// Availability.

/// A `YYYY-MM-DD` query parameter.
fn query_day(field: &str, v: Option<&str>, default: i64) -> AppResult<i64> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => day_number(s).ok_or_else(|| AppError::invalid(field, "Use a date YYYY-MM-DD")),
    }
}

/// A coworking day's or hotel night's window: when a seat or room is in use.
fn window(tz: &TimeZone, kind: Kind, day: i64) -> (i64, i64) {
    if kind == Kind::Hotel {
        (
            at_local(tz, day, CHECK_IN),
            at_local(tz, day + 1, CHECK_OUT),
        )
    } else {
        (
            at_local(tz, day, COWORKING_OPENS),
            at_local(tz, day, COWORKING_CLOSES),
        )
    }
}

fn overlapping(spans: &[(i64, i64)], (start, end): (i64, i64)) -> u32 {
    spans.iter().filter(|(a, b)| *a < end && *b > start).count() as u32
}

/// `GET /services/{id}/availability?from=&to=`: what is free on those days
/// (today and the next two weeks when left out, up to the last day orders are
/// taken for). Days before yesterday or after the last day are refused 422
/// naming `from` or `to`: nothing can be ordered there.
pub async fn availability(
    store: &Store,
    tz: &TimeZone,
    now: i64,
    service_id: i64,
    from: Option<String>,
    to: Option<String>,
) -> AppResult<Availability> {
    let (today, last) = horizon(tz, now);
    let from = query_day("from", from.as_deref(), today)?;
    // Yesterday is allowed: a client a little behind the site's midnight asks it.
    if from < today - 1 || from > last {
        return Err(AppError::invalid(
            "from",
            format!(
                "Choose a day from {} to {}",
                date_of_day(today - 1),
                date_of_day(last)
            ),
        ));
    }
    let to = query_day("to", to.as_deref(), (from + 13).min(last))?;
    if to > last {
        return Err(AppError::invalid(
            "to",
            format!("Orders are taken up to {}", date_of_day(last)),
        ));
    }
    if to < from {
        return Err(AppError::invalid("to", "The last day is before the first"));
    }
    if to - from + 1 > AVAILABILITY_DAYS_MAX {
        return Err(AppError::invalid(
            "to",
            format!("At most {AVAILABILITY_DAYS_MAX} days at a time"),
        ));
    }
    let tz = tz.clone();
    store
        .call(move |c| -> AppResult<Availability> {
            let service = services::get(c, service_id)?.ok_or_else(AppError::not_found)?;
            let days = from..=to;
            let mut out = Availability {
                days: Vec::new(),
                events: Vec::new(),
            };
            match service.kind {
                Kind::Booking => {
                    let rules = booking_rules(&service);
                    let spans = offers::service_spans(
                        c,
                        service_id,
                        at_local(&tz, from, 0),
                        at_local(&tz, to + 1, 0),
                    )?;
                    for day in days {
                        let slots = (rules.opens_hour..rules.closes_hour)
                            .map(|h| {
                                let start = at_local(&tz, day, h * 60);
                                let end = at_local(&tz, day, (h + 1) * 60);
                                HourSlot {
                                    time: hour_text(h),
                                    free: start > now && overlapping(&spans, (start, end)) == 0,
                                }
                            })
                            .collect();
                        out.days.push(DayAvailability {
                            date: date_of_day(day),
                            slots,
                            offers: Vec::new(),
                        });
                    }
                }
                Kind::Coworking | Kind::Hotel => {
                    let offers = offers::on_sale(c, service_id)?;
                    let mut spans = Vec::new();
                    for o in &offers {
                        let (a, _) = window(&tz, service.kind, from);
                        let (_, b) = window(&tz, service.kind, to);
                        spans.push(offers::offer_spans(c, o.id, a, b)?);
                    }
                    for day in days {
                        let w = window(&tz, service.kind, day);
                        out.days.push(DayAvailability {
                            date: date_of_day(day),
                            slots: Vec::new(),
                            offers: offers
                                .iter()
                                .zip(&spans)
                                .map(|(o, s)| OfferLeft {
                                    offer_id: o.id,
                                    left: o.stock.map(|n| n.saturating_sub(overlapping(s, w))),
                                })
                                .collect(),
                        });
                    }
                }
                Kind::Event => {
                    let offers = offers::on_sale(c, service_id)?;
                    // The dates starting on these days, and their tickets counted in
                    // one query (not one per date and ticket type).
                    let (a, b) = (at_local(&tz, from, 0), at_local(&tz, to + 1, 0));
                    let taken = offers::event_counts(c, service_id, a, b)?;
                    for e in offers::events_between(c, service_id, now, a, b)? {
                        let left = offers
                            .iter()
                            .map(|o| OfferLeft {
                                offer_id: o.id,
                                left: o.stock.map(|stock| {
                                    let n = taken
                                        .iter()
                                        .find(|(ev, of, _)| *ev == e.id && *of == o.id)
                                        .map_or(0, |t| t.2);
                                    stock.saturating_sub(n)
                                }),
                            })
                            .collect();
                        out.events.push(EventAvailability {
                            event_id: e.id,
                            offers: left,
                        });
                    }
                }
                Kind::Service | Kind::Request | Kind::Goods => {}
            }
            Ok(out)
        })
        .await
}

// ---------------------------------------------------------------------------
// Placing.

/// What an order holds, checked on a reader first and again inside the write.
#[derive(Clone, Debug)]
enum Hold {
    Nothing,
    /// A bookable resource from `start` to `end`.
    Slot {
        service_id: i64,
        start: i64,
        end: i64,
    },
    /// One of `stock` seats or rooms of an offer in each window.
    Offer {
        offer_id: i64,
        stock: u32,
        windows: Vec<(i64, i64)>,
    },
    /// One of `stock` places of a ticket type at an event date.
    Event {
        event_id: i64,
        offer_id: i64,
        stock: u32,
    },
}

impl Hold {
    fn check(&self, c: &Connection) -> AppResult<()> {
        match self {
            Hold::Nothing => Ok(()),
            Hold::Slot {
                service_id,
                start,
                end,
            } => {
                if offers::service_overlaps(c, *service_id, *start, *end)? > 0 {
                    return Err(AppError::conflict(
                        ErrorReason::SlotTaken,
                        "This time has just been booked; choose another",
                    ));
                }
                Ok(())
            }
            Hold::Offer {
                offer_id,
                stock,
                windows,
            } => {
                for (start, end) in windows {
                    if offers::offer_overlaps(c, *offer_id, *start, *end)? >= *stock {
                        return Err(sold_out());
                    }
                }
                Ok(())
            }
            Hold::Event {
                event_id,
                offer_id,
                stock,
            } => {
                if offers::event_taken(c, *event_id, *offer_id)? >= *stock {
                    return Err(sold_out());
                }
                Ok(())
            }
        }
    }
}

fn sold_out() -> AppError {
    AppError::conflict(
        ErrorReason::SoldOut,
        "Nothing is left of what you chose for these dates",
    )
}

/// What the write does: the order, what it holds, a place to save, and the
/// user's first chat message (a request's text and files).
struct Plan {
    new: NewOrder,
    hold: Hold,
    save_place: Option<(i64, PlaceDoc)>,
    /// The text, and the uploads it carries.
    message: Option<(String, Vec<NamedUpload>)>,
}

/// An upload sent with an order: the field that named it (`uploads`,
/// `fields.<key>`), its id, and for a form's file field the field's label (the
/// view lists the file's name under it).
#[derive(Clone, Debug)]
struct NamedUpload {
    field: String,
    id: String,
    label: Option<String>,
}

/// A `YYYY-MM-DD` field of the order: today or later, up to the last day.
fn day_field(field: &str, v: Option<&str>, today: i64, last: i64) -> AppResult<Option<i64>> {
    let Some(s) = v.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let day = day_number(s).ok_or_else(|| AppError::invalid(field, "Use a date YYYY-MM-DD"))?;
    if day < today {
        return Err(AppError::validation(
            field,
            ErrorReason::InPast,
            "This day has passed",
        ));
    }
    if day > last {
        return Err(AppError::invalid(
            field,
            format!("Orders are taken up to {}", date_of_day(last)),
        ));
    }
    Ok(Some(day))
}

fn required_day(field: &str, v: Option<&str>, today: i64, last: i64) -> AppResult<i64> {
    day_field(field, v, today, last)?.ok_or_else(|| AppError::required(field, "Choose the day"))
}

fn the_offer<'a>(cat: &'a Catalogue, req: &PlaceOrder) -> AppResult<&'a OfferRow> {
    let id = req
        .offer_id
        .ok_or_else(|| AppError::required("offer_id", "Choose one of the offers"))?;
    cat.offers
        .iter()
        .find(|o| o.id == id)
        .ok_or_else(|| AppError::invalid("offer_id", "This is not on sale for this service"))
}

fn place_text(field: &str, v: &Option<String>) -> AppResult<Option<String>> {
    let v = v
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from);
    if v.as_ref()
        .is_some_and(|s| s.chars().count() > PLACE_TEXT_MAX)
    {
        return Err(AppError::too_long(field, PLACE_TEXT_MAX));
    }
    Ok(v)
}

/// A new delivery place, cleaned: the building is required.
fn new_place(p: &DeliveryPlace) -> AppResult<PlaceDoc> {
    let building = place_text("new_place.building", &Some(p.building.clone()))?
        .ok_or_else(|| AppError::required("new_place.building", "Name the building"))?;
    Ok(PlaceDoc {
        building,
        floor: place_text("new_place.floor", &p.floor)?,
        room: place_text("new_place.room", &p.room)?,
        note: place_text("new_place.note", &p.note)?,
    })
}

/// A simple service's answers checked against its form, as the view shows them,
/// and the uploads its file fields name.
fn answers(
    form: &[FormFieldDoc],
    given: &[FieldAnswer],
    today: i64,
    last: i64,
) -> AppResult<(Vec<FieldDoc>, Vec<NamedUpload>)> {
    // A key the form does not have is named back only while it is short.
    let key_of = |k: &str| {
        if k.len() <= 64 {
            format!("fields.{k}")
        } else {
            "fields".to_string()
        }
    };
    let mut seen = std::collections::HashSet::new();
    for a in given {
        if !form.iter().any(|f| f.key == a.key) {
            return Err(AppError::invalid(
                &key_of(&a.key),
                "This form has no such field",
            ));
        }
        if !seen.insert(a.key.as_str()) {
            return Err(AppError::invalid(&key_of(&a.key), "Answered twice"));
        }
    }
    let mut out = Vec::new();
    let mut files = Vec::new();
    for f in form {
        let field = key_of(&f.key);
        let value = given
            .iter()
            .find(|a| a.key == f.key)
            .map(|a| a.value.trim())
            .unwrap_or("");
        if value.is_empty() {
            if f.required {
                return Err(AppError::required(&field, format!("Fill in «{}»", f.label)));
            }
            continue;
        }
        if value.chars().count() > FIELD_VALUE_MAX {
            return Err(AppError::too_long(&field, FIELD_VALUE_MAX));
        }
        let shown = match f.field_type {
            FieldType::Text => value.to_string(),
            FieldType::Choice => {
                if !f.options.iter().any(|o| o == value) {
                    return Err(AppError::invalid(&field, "Choose one of the options"));
                }
                value.to_string()
            }
            FieldType::Number => {
                let n: i64 = value
                    .parse()
                    .map_err(|_| AppError::invalid(&field, "Enter a whole number"))?;
                if f.min.is_some_and(|m| n < m) || f.max.is_some_and(|m| n > m) {
                    return Err(AppError::invalid(&field, "The number is out of range"));
                }
                n.to_string()
            }
            FieldType::Date => {
                let day = day_field(&field, Some(value), today, last)?.unwrap_or(today);
                // Shown as staff read dates (the stored answers are labelled text,
                // like «Да»/«Нет»): 01.12.2026.
                let iso = date_of_day(day);
                format!("{}.{}.{}", &iso[8..10], &iso[5..7], &iso[..4])
            }
            FieldType::YesNo => match value {
                "yes" => "Да".to_string(),
                "no" => "Нет".to_string(),
                _ => return Err(AppError::invalid(&field, "Answer yes or no")),
            },
            FieldType::File => {
                // One file is one attachment: named by two fields, it would be
                // attached (and listed) twice.
                if files.iter().any(|u: &NamedUpload| u.id == value) {
                    return Err(AppError::invalid(
                        &field,
                        "This file is already attached to another field",
                    ));
                }
                files.push(NamedUpload {
                    field: field.clone(),
                    id: value.to_string(),
                    label: Some(f.label.clone()),
                });
                continue;
            }
        };
        out.push(FieldDoc {
            label: f.label.clone(),
            value: shown,
        });
    }
    Ok((out, files))
}

/// Checks everything that can be checked without the writer and plans the write.
fn plan(
    cat: &Catalogue,
    event: Option<(i64, EventDateRow)>,
    user: &UserRow,
    req: &PlaceOrder,
    comment: String,
    tz: &TimeZone,
    now: i64,
) -> AppResult<Plan> {
    let service = &cat.service;
    let kind = service.kind;
    let (today, last) = horizon(tz, now);
    let user_name = full_name(&user.first_name, &user.last_name);
    let mut details = OrderDetails::default();
    let mut hold = Hold::Nothing;
    let mut save_place = None;
    let mut message = None;
    let (mut service_at, mut service_end_at) = (None, None);
    let (mut offer_id, mut event_id, mut ticket_holder_id) = (None, None, None);
    let mut req = req.clone();
    match kind {
        Kind::Service => {
            let (fields, files) = answers(&service.form, &req.fields, today, last)?;
            details.form_fields = fields;
            if !comment.is_empty() {
                details.form_fields.push(FieldDoc {
                    label: "Комментарий".into(),
                    value: comment.clone(),
                });
            }
            if !files.is_empty() {
                message = Some((String::new(), files));
            }
        }
        Kind::Request => {
            if comment.is_empty() {
                return Err(AppError::required(
                    "comment",
                    "Describe what needs to be done",
                ));
            }
            let mut seen = std::collections::HashSet::new();
            let ids: Vec<NamedUpload> = req
                .uploads
                .iter()
                .filter(|id| seen.insert(id.as_str()))
                .map(|id| NamedUpload {
                    field: "uploads".into(),
                    id: id.clone(),
                    label: None,
                })
                .collect();
            if ids.len() > REQUEST_FILES_MAX {
                return Err(AppError::validation(
                    "uploads",
                    ErrorReason::TooManyFiles,
                    format!("At most {REQUEST_FILES_MAX} files"),
                )
                .with_limit(REQUEST_FILES_MAX as u64));
            }
            details.form_fields = vec![FieldDoc {
                label: "Описание".into(),
                value: comment.clone(),
            }];
            message = Some((comment.clone(), ids));
        }
        Kind::Booking => {
            let rules = booking_rules(service);
            let day = required_day("date", req.date.as_deref(), today, last)?;
            let time = req
                .time
                .as_deref()
                .ok_or_else(|| AppError::required("time", "Choose the start"))?;
            let minute = minute_of_day(time.trim())
                .ok_or_else(|| AppError::invalid("time", "Use a time HH:MM"))?;
            let hour = minute / 60;
            if minute % 60 != 0 || hour < rules.opens_hour || hour >= rules.closes_hour {
                return Err(AppError::invalid(
                    "time",
                    format!(
                        "Start on a whole hour from {} to {}",
                        hour_text(rules.opens_hour),
                        hour_text(rules.closes_hour.saturating_sub(1))
                    ),
                ));
            }
            let hours = req
                .hours
                .ok_or_else(|| AppError::required("hours", "Choose how long"))?;
            if hours == 0 || hours > rules.max_hours {
                return Err(AppError::invalid(
                    "hours",
                    format!("From 1 to {} hours", rules.max_hours),
                ));
            }
            let Some(end_hour) = hour.checked_add(hours).filter(|h| *h <= rules.closes_hour) else {
                return Err(AppError::invalid(
                    "hours",
                    format!("The booking must end by {}", hour_text(rules.closes_hour)),
                ));
            };
            let start = at_local(tz, day, minute);
            if start <= now {
                return Err(AppError::validation(
                    "time",
                    ErrorReason::InPast,
                    "This time has passed",
                ));
            }
            let end = at_local(tz, day, end_hour * 60);
            // What is priced is what was checked, written as the form writes it.
            req.date = Some(date_of_day(day));
            req.time = Some(hour_text(hour));
            service_at = Some(start);
            service_end_at = Some(end);
            hold = Hold::Slot {
                service_id: service.id,
                start,
                end,
            };
        }
        Kind::Goods => {
            if req.items.is_empty() {
                return Err(AppError::required("items", "Choose at least one item"));
            }
            if req.items.len() > ITEMS_MAX {
                return Err(AppError::invalid(
                    "items",
                    format!("At most {ITEMS_MAX} items"),
                ));
            }
            let place = if let Some(id) = req.place_id {
                cat.places
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.place.clone())
                    .ok_or_else(|| {
                        AppError::invalid("place_id", "Your company has no such saved place")
                    })?
            } else if let Some(p) = &req.new_place {
                let p = new_place(p)?;
                // A place saved already is not saved twice; a full list keeps
                // what it has (the order still goes to the new place).
                if req.save_place
                    && cat.places.len() < SAVED_PLACES_MAX
                    && !cat.places.iter().any(|s| s.place == p)
                {
                    save_place = user.company_id.map(|company| (company, p.clone()));
                }
                p
            } else {
                return Err(AppError::required(
                    "place_id",
                    "Choose where to deliver the order",
                ));
            };
            details.delivery_place = Some(place);
            let day = day_field("date", req.date.as_deref(), today, last)?;
            match (day, req.time.as_deref().map(str::trim)) {
                (None, None) => {}
                (Some(_), None) => {
                    return Err(AppError::required("time", "Choose the time to deliver at"))
                }
                (day, Some(time)) => {
                    let minute = minute_of_day(time)
                        .ok_or_else(|| AppError::invalid("time", "Use a time HH:MM"))?;
                    let at = at_local(tz, day.unwrap_or(today), minute);
                    if at <= now {
                        return Err(AppError::validation(
                            "time",
                            ErrorReason::InPast,
                            "This time has passed",
                        ));
                    }
                    service_at = Some(at);
                }
            }
        }
        Kind::Coworking => {
            let offer = the_offer(cat, &req)?;
            let first = required_day("date", req.date.as_deref(), today, last)?;
            let last_day =
                day_field("date_to", req.date_to.as_deref(), today, last)?.unwrap_or(first);
            if last_day < first {
                return Err(AppError::invalid(
                    "date_to",
                    "The last day is before the first",
                ));
            }
            if last_day - first + 1 > COWORKING_DAYS_MAX {
                return Err(AppError::invalid(
                    "date_to",
                    format!("At most {COWORKING_DAYS_MAX} days"),
                ));
            }
            if at_local(tz, first, COWORKING_CLOSES) <= now {
                return Err(AppError::validation(
                    "date",
                    ErrorReason::InPast,
                    "The coworking is closed for today",
                ));
            }
            // `quote` counts the days from these: the checked days, not the text sent.
            req.date = Some(date_of_day(first));
            req.date_to = Some(date_of_day(last_day));
            let windows: Vec<(i64, i64)> = (first..=last_day)
                .map(|d| window(tz, Kind::Coworking, d))
                .collect();
            let (from, to) = (windows[0].0, windows[windows.len() - 1].1);
            service_at = Some(from);
            service_end_at = Some(to);
            details.ticket = Some(TicketDoc {
                valid_from: from,
                valid_to: to,
                tariff: offer.name.clone(),
                place: None,
            });
            ticket_holder_id = Some(user.id);
            offer_id = Some(offer.id);
            if let Some(stock) = offer.stock {
                hold = Hold::Offer {
                    offer_id: offer.id,
                    stock,
                    windows,
                };
            }
        }
        Kind::Hotel => {
            let offer = the_offer(cat, &req)?;
            let first = required_day("date", req.date.as_deref(), today, last)?;
            let out = required_day("date_to", req.date_to.as_deref(), today, last + 1)?;
            if out <= first {
                return Err(AppError::invalid(
                    "date_to",
                    "Check-out is after the check-in day",
                ));
            }
            if out - first > HOTEL_NIGHTS_MAX {
                return Err(AppError::invalid(
                    "date_to",
                    format!("At most {HOTEL_NIGHTS_MAX} nights"),
                ));
            }
            let mut guests = Vec::new();
            for g in &req.guests {
                let g = g.trim();
                if g.is_empty() {
                    return Err(AppError::required("guests", "Name every guest"));
                }
                if g.chars().count() > GUEST_NAME_MAX {
                    return Err(AppError::too_long("guests", GUEST_NAME_MAX));
                }
                guests.push(g.to_string());
            }
            if guests.is_empty() {
                guests.push(user_name.clone());
            }
            let room_for = offer.guests_max.unwrap_or(1).max(1);
            if guests.len() > room_for as usize {
                return Err(AppError::invalid(
                    "guests",
                    format!("This room takes at most {room_for} guests"),
                )
                .with_limit(u64::from(room_for)));
            }
            // `quote` counts the nights from these: the checked days, not the text sent.
            req.date = Some(date_of_day(first));
            req.date_to = Some(date_of_day(out));
            let (check_in, check_out) =
                (at_local(tz, first, CHECK_IN), at_local(tz, out, CHECK_OUT));
            service_at = Some(check_in);
            service_end_at = Some(check_out);
            details.hotel = Some(HotelDoc {
                check_in,
                check_out,
                room: offer.name.clone(),
                guests,
            });
            offer_id = Some(offer.id);
            if let Some(stock) = offer.stock {
                hold = Hold::Offer {
                    offer_id: offer.id,
                    stock,
                    windows: (first..out).map(|d| window(tz, Kind::Hotel, d)).collect(),
                };
            }
        }
        Kind::Event => {
            let id = req
                .event_id
                .ok_or_else(|| AppError::required("event_id", "Choose the date"))?;
            let e = match event {
                Some((sid, e)) if sid == service.id && e.id == id => e,
                _ => return Err(AppError::invalid("event_id", "This event has no such date")),
            };
            if e.starts_at <= now {
                return Err(AppError::validation(
                    "event_id",
                    ErrorReason::InPast,
                    "This event has begun",
                ));
            }
            let offer = the_offer(cat, &req)?;
            service_at = Some(e.starts_at);
            service_end_at = Some(e.ends_at);
            event_id = Some(e.id);
            offer_id = Some(offer.id);
            if let Some(stock) = offer.stock {
                hold = Hold::Event {
                    event_id: e.id,
                    offer_id: offer.id,
                    stock,
                };
            }
        }
    }
    let paid_kind = is_paid_kind(kind);
    let (total, payer, payer_kind) = if paid_kind {
        let q = quote(&views::service(service, &[]), &api_offers(cat), &req)
            .map_err(|e| AppError::invalid(e.field, e.message))?;
        details.items = if matches!(kind, Kind::Goods | Kind::Booking) {
            q.lines
                .iter()
                .map(|l| ItemDoc {
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit: l.unit,
                    unit_price: l.unit_price,
                })
                .collect()
        } else {
            Vec::new()
        };
        let (payer, payer_kind) = match req.payer.unwrap_or(PayerKind::User) {
            PayerKind::User => (user_name.clone(), PayerKind::User),
            PayerKind::Company => match (&user.company_name, cat.company_pays) {
                (Some(company), true) => (company.clone(), PayerKind::Company),
                _ => {
                    return Err(AppError::invalid(
                        "payer",
                        "Your company does not pay for orders",
                    ))
                }
            },
        };
        (Some(q.total), Some(payer), Some(payer_kind))
    } else {
        (service.price, None, None)
    };
    Ok(Plan {
        new: NewOrder {
            user_id: user.id,
            service_id: service.id,
            kind,
            service_name: service.name.clone(),
            status: Status::New,
            created_at: now,
            service_at,
            service_end_at,
            total,
            paid: 0,
            payment_method: None,
            payer,
            comment: (!comment.is_empty() && !matches!(kind, Kind::Service | Kind::Request))
                .then_some(comment),
            details,
            checked_in_at: None,
            awaiting_since: None,
            executor_id: None,
            ticket_holder_id,
            event_id,
            offer_id,
            payer_kind,
        },
        hold,
        save_place,
        message,
    })
}

/// The kinds whose unpaid orders hold something others cannot buy meanwhile.
pub fn holds_until_paid(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Booking | Kind::Coworking | Kind::Hotel | Kind::Event
    )
}

/// Places an order of any kind, in «Новый»; staff are notified. Every price is
/// computed here; what it holds is checked again inside the write (409
/// `slot_taken` / `sold_out` when sold meanwhile).
pub async fn place(
    store: &Store,
    hub: &Hub,
    tz: &TimeZone,
    now: i64,
    user: &UserRow,
    req: PlaceOrder,
    once: Once,
) -> AppResult<Answer<OrderView>> {
    access::require_tenant(user)?;
    let comment = req.comment.trim().to_string();
    if comment.chars().count() > COMMENT_MAX {
        return Err(AppError::too_long("comment", COMMENT_MAX));
    }
    if let Some(previous) = once.stored(store).await? {
        return Ok(previous);
    }
    let (u, service_id, event_id) = (user.clone(), req.service_id, req.event_id);
    let (cat, event) = store
        .call(move |c| -> AppResult<_> {
            let cat = catalogue(c, &u, service_id)?;
            let event = match event_id {
                Some(id) => offers::event_date(c, id)?,
                None => None,
            };
            Ok((cat, event))
        })
        .await?;
    let cat = cat.ok_or_else(|| AppError::invalid("service_id", "There is no such service"))?;
    let first = plan(&cat, event, user, &req, comment.clone(), tz, now)?;
    // Refusals of what is sold out do not queue on the writer; the write checks again.
    let hold = first.hold.clone();
    if let Err(e) = store.call(move |c| hold.check(c)).await {
        if let Some(previous) = once.stored(store).await? {
            return Ok(previous);
        }
        return Err(e);
    }
    let actor = Actor::of(user);
    let (u, tz) = (user.clone(), tz.clone());
    let (answer, woken) = store
        .write(move |c| -> AppResult<(Answer<OrderView>, Vec<i64>)> {
            if let Some(previous) = once.stored_in(c)? {
                return Ok((previous, Vec::new()));
            }
            // The catalogue may have changed since the read (a price, an offer
            // taken off sale, its stock, the saved places): planned again from
            // what the write sees, so that the order is priced and held by it.
            let cat = catalogue(c, &u, service_id)?
                .ok_or_else(|| AppError::invalid("service_id", "There is no such service"))?;
            let event = match event_id {
                Some(id) => offers::event_date(c, id)?,
                None => None,
            };
            let plan = plan(&cat, event, &u, &req, comment, &tz, now)?;
            plan.hold.check(c)?;
            let mut new = plan.new;
            let files = match &plan.message {
                Some((_, ids)) if !ids.is_empty() => staged(c, actor.id, ids)?,
                _ => Vec::new(),
            };
            // A form's file shows by its name under the field's label.
            if let Some((_, ids)) = &plan.message {
                for (u, (_, file)) in ids.iter().zip(&files) {
                    if let Some(label) = &u.label {
                        new.details.form_fields.push(FieldDoc {
                            label: label.clone(),
                            value: file.file_name.clone(),
                        });
                    }
                }
            }
            if let Some((company, place)) = &plan.save_place {
                offers::insert_place(c, *company, place, now)?;
            }
            new.created_at = now;
            let id = orders::insert(c, &new)?;
            // What holds a slot, a room or a place and asks for money up front
            // holds it only while it is paid in time (the payments sweep cancels
            // it `UNPAID_TIMEOUT` after its placing or latest payment attempt).
            let due = new.total.map_or(0, |t| {
                kabinet_core::due_on_placing(t, cat.service.prepayment_percent)
            });
            if holds_until_paid(new.kind) && due > 0 {
                orders::set_hold_from(c, id, now)?;
            }
            history::record(
                c,
                id,
                Some(actor.id),
                HistoryAction::Create,
                None,
                Status::New,
                now,
            )?;
            if let Some((body, _)) = &plan.message {
                // The request's text and files open its chat, so staff see them.
                let seq = chat::insert(
                    c,
                    // A colon: never an id an app can send.
                    &format!("placed:{id}"),
                    id,
                    Some(actor.id),
                    body,
                    None,
                    now,
                )?;
                uploads::attach(c, seq, &files)?;
                chat::mark_read(c, id, actor.id, seq)?;
            }
            let b = bundle(c, id, actor.id)?.ok_or_else(AppError::not_found)?;
            let woken = notify::order_created(c, &b.order, &actor, now)?;
            let answer = once.remember(c, 201, views::order_view(&b, Viewer::Owner, now), now)?;
            Ok((answer, woken))
        })
        .await?;
    hub.wake(woken);
    Ok(answer)
}

/// The user's uploads for an order being placed named by `ids` (with the field
/// that named each), or 422 `upload_missing` naming the field.
fn staged(c: &Connection, user_id: i64, ids: &[NamedUpload]) -> AppResult<Vec<(String, FileRow)>> {
    let mut out = Vec::new();
    for u in ids {
        let found = uploads::staged_of_user(c, user_id, std::slice::from_ref(&u.id))?;
        if found.is_empty() {
            return Err(AppError::validation(
                &u.field,
                ErrorReason::UploadMissing,
                "A file was not found; attach it again",
            ));
        }
        out.extend(found);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Repeat.

/// `GET /orders/{id}/repeat`: a new order of goods or a booking filled in from
/// the owner's old one, at today's prices.
pub async fn repeat(
    store: &Store,
    tz: &TimeZone,
    now: i64,
    user: &UserRow,
    id: i64,
) -> AppResult<RepeatDraft> {
    let u = user.clone();
    let (order, cat) = store
        .call(move |c| -> AppResult<(OrderRow, Option<Catalogue>)> {
            let order = orders::get(c, id)?
                .filter(|o| access::viewer(&u, o) == Some(Viewer::Owner))
                .ok_or_else(AppError::not_found)?;
            let cat = catalogue(c, &u, order.service_id)?;
            Ok((order, cat))
        })
        .await?;
    let cat = cat.ok_or_else(AppError::not_found)?;
    let facts = views::facts(&order, &cat.service, now);
    check_action(
        &facts,
        Viewer::Owner,
        Action::Repeat,
        TransitionInput::default(),
    )
    .map_err(|e| AppError::conflict(e.reason(), e.message()))?;
    let mut draft = PlaceOrder {
        service_id: order.service_id,
        comment: order.comment.clone().unwrap_or_default(),
        // The company again only while it still pays for its people.
        payer: match order.payer_kind {
            Some(PayerKind::Company) if cat.company_pays => Some(PayerKind::Company),
            Some(_) => Some(PayerKind::User),
            None => None,
        },
        ..PlaceOrder::default()
    };
    let mut missing = Vec::new();
    match order.kind {
        Kind::Goods => {
            for item in &order.details.items {
                match cat.offers.iter().find(|o| o.name == item.name) {
                    Some(o) if !draft.items.iter().any(|i| i.offer_id == o.id) => {
                        draft.items.push(ItemChoice {
                            offer_id: o.id,
                            // As much as one order may take now.
                            quantity: item.quantity.clamp(1, QUANTITY_MAX),
                        })
                    }
                    Some(_) => {}
                    None => missing.push(item.name.clone()),
                }
            }
            if let Some(p) = &order.details.delivery_place {
                let same = |s: &PlaceRow| {
                    s.place.building == p.building
                        && s.place.floor == p.floor
                        && s.place.room == p.room
                        && s.place.note == p.note
                };
                match cat.places.iter().find(|s| same(s)) {
                    Some(s) => draft.place_id = Some(s.id),
                    None => {
                        draft.new_place = Some(DeliveryPlace {
                            building: p.building.clone(),
                            floor: p.floor.clone(),
                            room: p.room.clone(),
                            note: p.note.clone(),
                        })
                    }
                }
            }
        }
        Kind::Booking => {
            if let (Some(start), Some(end)) = (order.service_at, order.service_end_at) {
                // The old time and length as far as today's hours allow: a start
                // off the hour moves to the next one, the length is at most the
                // longest booking, and it ends by closing (starting earlier if
                // need be), so that the draft can be placed as it is.
                let rules = booking_rules(&cat.service);
                let want = u32::try_from(((end - start).max(0) + 3599) / 3600).unwrap_or(u32::MAX);
                let hours = want.clamp(1, rules.max_hours);
                let hour = local_minute(tz, start)
                    .div_ceil(60)
                    .min(rules.closes_hour - hours)
                    .max(rules.opens_hour);
                let (today, _) = horizon(tz, now);
                let mut day = today;
                while at_local(tz, day, hour * 60) <= now {
                    day += 1;
                }
                draft.date = Some(date_of_day(day));
                draft.time = Some(hour_text(hour));
                draft.hours = Some(hours);
            }
        }
        _ => {}
    }
    Ok(RepeatDraft {
        from_number: order.number,
        order: draft,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_days_and_times_follow_the_zone() {
        let msk = TimeZone::get("Europe/Moscow").unwrap();
        let day = day_number("2026-11-28").unwrap();
        // 10:00 in Moscow is 07:00 UTC.
        let t = at_local(&msk, day, 600);
        assert_eq!(views::ts(t), "2026-11-28T07:00:00Z");
        assert_eq!((local_day(&msk, t), local_minute(&msk, t)), (day, 600));
        // 23:30 UTC is already the next day in Moscow.
        let late = at_local(&msk, day, 1440) - 30 * 60;
        assert_eq!(local_day(&msk, late + 3 * 3600), day + 1);
        assert_eq!(at_local(&msk, day, 24 * 60), at_local(&msk, day + 1, 0));
        // A day with a clock change is 23 hours long; 10:00 stays 10:00.
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let spring = day_number("2026-03-29").unwrap();
        assert_eq!(
            at_local(&berlin, spring + 1, 0) - at_local(&berlin, spring, 0),
            23 * 3600
        );
        assert_eq!(local_minute(&berlin, at_local(&berlin, spring, 600)), 600);
    }

    #[test]
    fn windows_overlap_only_when_they_share_time() {
        let spans = [(100, 200), (200, 300)];
        assert_eq!(overlapping(&spans, (150, 250)), 2);
        assert_eq!(overlapping(&spans, (300, 400)), 0);
        assert_eq!(overlapping(&spans, (0, 100)), 0);
        assert_eq!(overlapping(&spans, (199, 201)), 2);
    }
}
