//! Ordering every kind and paying online (spec sections 4, 7, 15): the order form a
//! service takes, what is free, the request that places an order, a repeat draft,
//! the one pricing function the app shows and the server charges, and payments.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::types::{DeliveryPlace, Kind, Money, Service, Unit};
use crate::wire_enum;

/// At most this many units of one item, and this many lines in one goods order.
pub const QUANTITY_MAX: u32 = 99;
pub const ITEMS_MAX: usize = 30;
/// Orders are taken for today and this many days ahead.
pub const HORIZON_DAYS: i64 = 90;
/// The longest span `GET /services/{id}/availability` answers, in days.
pub const AVAILABILITY_DAYS_MAX: i64 = 62;
/// A coworking order covers at most this many days; a hotel stay this many nights.
pub const COWORKING_DAYS_MAX: i64 = 14;
pub const HOTEL_NIGHTS_MAX: i64 = 30;
/// The longest guest name, form answer and delivery-place text.
pub const GUEST_NAME_MAX: usize = 100;
pub const FIELD_VALUE_MAX: usize = 500;
pub const PLACE_TEXT_MAX: usize = 200;
/// At most this many files with a request.
pub const REQUEST_FILES_MAX: usize = 10;

wire_enum! {
    /// What a field of a simple service's form takes.
    pub enum FieldType {
        Text = "text",
        /// `YYYY-MM-DD`, today or later.
        Date = "date",
        /// One of the field's `options`.
        Choice = "choice",
        /// A whole number within `min..=max`.
        Number = "number",
        /// `yes` or `no`.
        YesNo = "yes_no",
        /// The id of an upload (`POST /api/uploads`); the file arrives in the chat.
        File = "file",
    }
}

wire_enum! {
    /// Who pays for an order.
    pub enum PayerKind {
        /// The user who places it.
        User = "user",
        /// Their company, where the company allows it.
        Company = "company",
    }
}

wire_enum! {
    /// Where an online payment stands at the provider.
    pub enum PaymentState {
        /// Created; the user has not finished paying.
        Pending = "pending",
        Succeeded = "succeeded",
        /// Declined, abandoned or expired: nothing was charged.
        Canceled = "canceled",
    }
}

/// A field of a simple service's form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FormField {
    /// The name the answer is sent under (`fields[].key`).
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub required: bool,
    /// For `choice`: the values to choose from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// For `number`: the bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// Something of a service's catalogue to choose: an item of goods, a coworking
/// tariff, a hotel room type, an event ticket type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Offer {
    pub id: i64,
    pub name: String,
    /// What `price` is for: a piece, a portion, a day, a night (`day`), a ticket.
    pub unit: Unit,
    pub price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Hotel room type: how many guests a room takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guests_max: Option<u32>,
}

/// How a bookable resource is booked: whole hours between opening and closing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BookingRules {
    /// The first hour a booking may start (local time of the site), e.g. 8.
    pub opens_hour: u32,
    /// The hour every booking ends by, e.g. 21.
    pub closes_hour: u32,
    /// The longest booking, in hours.
    pub max_hours: u32,
}

/// A delivery place the user's company saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SavedPlace {
    pub id: i64,
    pub place: DeliveryPlace,
}

/// A payer the user may choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PayerOption {
    pub kind: PayerKind,
    /// The user's full name, or the company's name.
    pub name: String,
}

/// An upcoming date of an event service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EventDate {
    pub id: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub place: Option<String>,
}

/// `GET /api/services/{id}/form`: everything the order form of a service needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrderFormSpec {
    pub service: Service,
    /// Goods items, coworking tariffs, hotel room types, event ticket types that
    /// can be ordered now.
    pub offers: Vec<Offer>,
    /// A simple service's fields.
    pub fields: Vec<FormField>,
    /// A booking's hours.
    pub booking: Option<BookingRules>,
    /// Goods: the company's saved delivery places.
    pub places: Vec<SavedPlace>,
    /// Paid kinds: who may pay (the user first). Empty for free kinds.
    pub payers: Vec<PayerOption>,
    /// Event: the dates tickets are sold for.
    pub events: Vec<EventDate>,
    /// Today at the site, `YYYY-MM-DD`: the first day that can be chosen.
    pub today: String,
    /// The last day that can be chosen, `YYYY-MM-DD`.
    pub last_day: String,
    /// Share of the total paid when the order is placed (100 = the full price).
    pub prepayment_percent: u8,
}

/// What is left of one offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OfferLeft {
    pub offer_id: i64,
    /// Rooms, seats or places still free; absent when there is no limit.
    pub left: Option<u32>,
}

/// A booking's hour on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HourSlot {
    /// `HH:MM`, local time of the site.
    pub time: String,
    /// Neither booked nor past.
    pub free: bool,
}

/// One day of availability.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DayAvailability {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Booking: each hour from opening to closing.
    pub slots: Vec<HourSlot>,
    /// Coworking (seats that day) and hotel (rooms that night).
    pub offers: Vec<OfferLeft>,
}

/// Places left at one event date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EventAvailability {
    pub event_id: i64,
    pub offers: Vec<OfferLeft>,
}

/// `GET /api/services/{id}/availability?from=&to=`: what is free from `from` to
/// `to` (dates, inclusive).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Availability {
    pub days: Vec<DayAvailability>,
    pub events: Vec<EventAvailability>,
}

/// A goods item and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ItemChoice {
    pub offer_id: i64,
    pub quantity: u32,
}

/// An answer to a field of a simple service's form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FieldAnswer {
    pub key: String,
    pub value: String,
}

/// `POST /api/orders`: place an order of any kind. Each kind reads its own fields
/// and ignores the others; no price is ever sent (the server computes it). Send an
/// `Idempotency-Key` header so that a retry places one order. A refusal is 422
/// naming the field (`items`, `fields.<key>`, `new_place.building`…), or 409
/// `slot_taken` / `sold_out` when what was chosen was sold meanwhile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlaceOrder {
    pub service_id: i64,
    /// A request's text (required), or the comment of any other kind. At most 2000
    /// characters.
    #[serde(default)]
    pub comment: String,
    /// Paid kinds: who pays; the user when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<PayerKind>,
    /// `YYYY-MM-DD`: the booking's day, the goods' wanted day, the first coworking
    /// day, the hotel check-in day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `HH:MM`: the booking's start (a whole hour), the goods' wanted time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Booking: how many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
    /// `YYYY-MM-DD`: the last coworking day, the hotel check-out day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_to: Option<String>,
    /// The coworking tariff, hotel room type or event ticket type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_id: Option<i64>,
    /// Event: which date of the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<i64>,
    /// Goods: what and how many.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemChoice>,
    /// Goods: one of the company's saved places…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_id: Option<i64>,
    /// …or a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_place: Option<DeliveryPlace>,
    /// Goods: keep the new place among the company's places.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub save_place: bool,
    /// Hotel: the guests' names (the first is the user when left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guests: Vec<String>,
    /// Simple service: the answers to its fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldAnswer>,
    /// Request: ids of uploaded files, sent to the order's chat with the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uploads: Vec<String>,
}

/// `GET /api/orders/{id}/repeat`: a new order filled in from an old one (goods and
/// bookings), at today's prices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RepeatDraft {
    /// The number of the order repeated.
    pub from_number: String,
    pub order: PlaceOrder,
    /// Items of the old order no longer sold, left out of the draft.
    pub missing: Vec<String>,
}

/// `POST /api/orders/{id}/payments`: where to send the user to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentStart {
    pub payment_id: i64,
    /// The provider's page; it brings the user back to the order.
    pub confirmation_url: String,
    pub amount: Money,
}

/// A line of a price, as the order will show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteLine {
    pub name: String,
    pub quantity: u32,
    pub unit: Unit,
    /// Minor units.
    pub unit_price: i64,
}

impl QuoteLine {
    pub fn total(&self) -> i64 {
        self.unit_price * i64::from(self.quantity)
    }
}

/// A price: its lines and their total, minor units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    pub total: i64,
}

impl Quote {
    pub fn of(lines: Vec<QuoteLine>) -> Quote {
        let total = lines.iter().map(QuoteLine::total).sum();
        Quote { lines, total }
    }
}

/// Why a choice cannot be priced: the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteError {
    pub field: &'static str,
    pub message: &'static str,
}

fn quote_err(field: &'static str, message: &'static str) -> QuoteError {
    QuoteError { field, message }
}

/// What an order of `service` with the choices in `req` costs: the one pricing
/// rule, shown by the app as the user chooses and charged by the server. Dates
/// must already be valid (`day_number`); availability is the server's business.
pub fn quote(service: &Service, offers: &[Offer], req: &PlaceOrder) -> Result<Quote, QuoteError> {
    let offer = |id: i64| offers.iter().find(|o| o.id == id);
    let days = || -> Option<i64> {
        Some(day_number(req.date_to.as_deref()?)? - day_number(req.date.as_deref()?)?)
    };
    match service.kind {
        Kind::Service | Kind::Request => Ok(Quote::default()),
        Kind::Booking => {
            let hours = req.hours.ok_or(quote_err("hours", "Choose how long"))?;
            let price = service.price.as_ref().map_or(0, |p| p.amount);
            Ok(Quote::of(vec![QuoteLine {
                name: service.name.clone(),
                quantity: hours,
                unit: Unit::Hour,
                unit_price: price,
            }]))
        }
        Kind::Goods => {
            if req.items.is_empty() {
                return Err(quote_err("items", "Choose at least one item"));
            }
            let mut lines = Vec::new();
            for (i, choice) in req.items.iter().enumerate() {
                let o = offer(choice.offer_id)
                    .ok_or(quote_err("items", "An item is no longer sold"))?;
                if choice.quantity == 0 || choice.quantity > QUANTITY_MAX {
                    return Err(quote_err("items", "A quantity is out of range"));
                }
                // Twice is the same offer, not the same name: two offers may share one.
                if req.items[..i].iter().any(|c| c.offer_id == choice.offer_id) {
                    return Err(quote_err("items", "An item is listed twice"));
                }
                lines.push(QuoteLine {
                    name: o.name.clone(),
                    quantity: choice.quantity,
                    unit: o.unit,
                    unit_price: o.price.amount,
                });
            }
            Ok(Quote::of(lines))
        }
        Kind::Coworking | Kind::Hotel | Kind::Event => {
            let o = req
                .offer_id
                .and_then(offer)
                .ok_or(quote_err("offer_id", "Choose one of the offers"))?;
            let quantity = match service.kind {
                // Coworking: both days count; hotel: the nights.
                Kind::Coworking => days().ok_or(quote_err("date_to", "Choose the days"))? + 1,
                Kind::Hotel => days().ok_or(quote_err("date_to", "Choose the dates"))?,
                _ => 1,
            };
            if quantity < 1 {
                return Err(quote_err("date_to", "The last day is before the first"));
            }
            Ok(Quote::of(vec![QuoteLine {
                name: o.name.clone(),
                quantity: u32::try_from(quantity).unwrap_or(u32::MAX),
                unit: o.unit,
                unit_price: o.price.amount,
            }]))
        }
    }
}

/// What is paid when an order of `total` is placed: the prepayment share of it,
/// rounded up to a whole minor unit, or all of it.
pub fn due_on_placing(total: i64, prepayment_percent: Option<u8>) -> i64 {
    match prepayment_percent {
        Some(p) if p < 100 => (total * i64::from(p) + 99) / 100,
        _ => total,
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian), or `None`
/// for anything else.
pub fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| -> Option<i64> {
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(&date[..4])?, num(&date[5..7])?, num(&date[8..])?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` date of a day number.
pub fn date_of_day(day: i64) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Minutes after midnight of an `HH:MM` time.
pub fn minute_of_day(time: &str) -> Option<u32> {
    let (h, m) = time.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// `HH:MM` of an hour.
pub fn hour_text(hour: u32) -> String {
    format!("{hour:02}:00")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ServiceSettings;

    #[test]
    fn dates_round_trip_and_refuse_nonsense() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-11-28"), Some(20_785));
        assert_eq!(
            day_number("2024-02-29").map(date_of_day).as_deref(),
            Some("2024-02-29")
        );
        for d in (-600_000..800_000).step_by(997) {
            assert_eq!(day_number(&date_of_day(d)), Some(d), "{d}");
        }
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-11-28",
            "2026/11/28",
            "+026-11-28",
            "2026-11-28T",
        ] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
        assert_eq!(minute_of_day("09:30"), Some(570));
        assert_eq!(minute_of_day("24:00"), None);
        assert_eq!(minute_of_day("9:30"), None);
        assert_eq!(minute_of_day("+9:30"), None);
    }

    #[test]
    fn prepayment_rounds_up_and_defaults_to_the_full_price() {
        assert_eq!(due_on_placing(100_001, Some(50)), 50_001);
        assert_eq!(due_on_placing(100_000, Some(30)), 30_000);
        assert_eq!(due_on_placing(100_000, None), 100_000);
        assert_eq!(due_on_placing(100_000, Some(100)), 100_000);
        assert_eq!(due_on_placing(0, Some(50)), 0);
    }

    fn service(kind: Kind, price: Option<i64>) -> Service {
        Service {
            id: 1,
            kind,
            name: "Переговорная Java".into(),
            description: String::new(),
            characteristics: vec![],
            price: price.map(|amount| Money {
                amount,
                currency: "RUB".into(),
            }),
            settings: ServiceSettings {
                cancellable: true,
                cancel_deadline_hours: None,
                auto_confirm_hours: 72,
                prepayment_percent: None,
            },
            additional: None,
        }
    }

    fn offer(id: i64, name: &str, unit: Unit, amount: i64) -> Offer {
        Offer {
            id,
            name: name.into(),
            unit,
            price: Money {
                amount,
                currency: "RUB".into(),
            },
            description: None,
            guests_max: None,
        }
    }

    #[test]
    fn each_kind_is_priced_from_the_catalogue() {
        let booking = PlaceOrder {
            hours: Some(3),
            ..PlaceOrder::default()
        };
        assert_eq!(
            quote(&service(Kind::Booking, Some(150_000)), &[], &booking)
                .unwrap()
                .total,
            450_000
        );
        let offers = [
            offer(1, "Капучино", Unit::Piece, 25_000),
            offer(2, "Круассан", Unit::Piece, 18_000),
        ];
        let goods = PlaceOrder {
            items: vec![
                ItemChoice {
                    offer_id: 1,
                    quantity: 3,
                },
                ItemChoice {
                    offer_id: 2,
                    quantity: 2,
                },
            ],
            ..PlaceOrder::default()
        };
        let q = quote(&service(Kind::Goods, None), &offers, &goods).unwrap();
        assert_eq!((q.lines.len(), q.total), (2, 111_000));
        let twice = PlaceOrder {
            items: vec![
                ItemChoice {
                    offer_id: 1,
                    quantity: 1,
                },
                ItemChoice {
                    offer_id: 1,
                    quantity: 1,
                },
            ],
            ..PlaceOrder::default()
        };
        assert_eq!(
            quote(&service(Kind::Goods, None), &offers, &twice)
                .unwrap_err()
                .field,
            "items"
        );
        let gone = PlaceOrder {
            items: vec![ItemChoice {
                offer_id: 9,
                quantity: 1,
            }],
            ..PlaceOrder::default()
        };
        assert_eq!(
            quote(&service(Kind::Goods, None), &offers, &gone)
                .unwrap_err()
                .field,
            "items"
        );
        let zero = PlaceOrder {
            items: vec![ItemChoice {
                offer_id: 1,
                quantity: 0,
            }],
            ..PlaceOrder::default()
        };
        assert!(quote(&service(Kind::Goods, None), &offers, &zero).is_err());
        // Two offers of one name (say, two sizes) are ordered together.
        let namesakes = [
            offer(1, "Капучино", Unit::Piece, 25_000),
            offer(3, "Капучино", Unit::Piece, 30_000),
        ];
        let both = PlaceOrder {
            items: vec![
                ItemChoice {
                    offer_id: 1,
                    quantity: 1,
                },
                ItemChoice {
                    offer_id: 3,
                    quantity: 1,
                },
            ],
            ..PlaceOrder::default()
        };
        assert_eq!(
            quote(&service(Kind::Goods, None), &namesakes, &both)
                .unwrap()
                .total,
            55_000
        );
        let rooms = [offer(5, "Стандарт", Unit::Day, 520_000)];
        let stay = |from: &str, to: &str| PlaceOrder {
            offer_id: Some(5),
            date: Some(from.into()),
            date_to: Some(to.into()),
            ..PlaceOrder::default()
        };
        // Three nights; coworking counts both days.
        assert_eq!(
            quote(
                &service(Kind::Hotel, None),
                &rooms,
                &stay("2026-12-30", "2027-01-02")
            )
            .unwrap()
            .total,
            1_560_000
        );
        assert_eq!(
            quote(
                &service(Kind::Coworking, None),
                &rooms,
                &stay("2026-12-30", "2027-01-02")
            )
            .unwrap()
            .total,
            2_080_000
        );
        assert_eq!(
            quote(
                &service(Kind::Hotel, None),
                &rooms,
                &stay("2026-12-30", "2026-12-30")
            )
            .unwrap_err()
            .field,
            "date_to"
        );
        assert_eq!(
            quote(
                &service(Kind::Coworking, None),
                &rooms,
                &stay("2026-12-30", "2026-12-30")
            )
            .unwrap()
            .total,
            520_000
        );
        let ticket = PlaceOrder {
            offer_id: Some(5),
            ..PlaceOrder::default()
        };
        assert_eq!(
            quote(&service(Kind::Event, None), &rooms, &ticket)
                .unwrap()
                .total,
            520_000
        );
        assert_eq!(
            quote(&service(Kind::Event, None), &rooms, &PlaceOrder::default())
                .unwrap_err()
                .field,
            "offer_id"
        );
        assert_eq!(
            quote(&service(Kind::Request, None), &[], &PlaceOrder::default())
                .unwrap()
                .total,
            0
        );
    }
}
