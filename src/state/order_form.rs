//! The order form of every kind as data: what the user chose (kept as the
//! `PlaceOrder` it will send, plus what only the form needs), the checks that
//! mirror the server's, the idempotency key a retry of the same input reuses, and
//! the errors of the last try, each by the `PlaceOrder` field it belongs to.

use std::rc::Rc;

use kabinet_core::{
    date_of_day, day_number, Availability, DeliveryPlace, ErrorReason, FieldAnswer, HourSlot,
    ItemChoice, Kind, OrderFormSpec, PayerKind, PlaceOrder, RepeatDraft, Upload,
    AVAILABILITY_DAYS_MAX, COMMENT_MAX, COWORKING_DAYS_MAX, HOTEL_NIGHTS_MAX, PLACE_TEXT_MAX,
    QUANTITY_MAX,
};
use yew::Reducible;

use crate::api::ApiError;
use crate::i18n::{Msg, T};

/// A text of the «Другое место» delivery place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceField {
    Building,
    Floor,
    Room,
    Note,
}

/// Where an error is shown when it names no field of the form.
pub const GENERAL: &str = "";
/// Where «это время уже заняли» / «мест больше нет» is shown: by the slots or offers.
pub const CONFLICT: &str = "conflict";

/// The text of «Другое место».
#[derive(Clone, Debug, PartialEq)]
pub struct NewPlace(pub DeliveryPlace);

impl Default for NewPlace {
    fn default() -> NewPlace {
        NewPlace(DeliveryPlace {
            building: String::new(),
            floor: None,
            room: None,
            note: None,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    pub kind: Option<Kind>,
    /// What will be sent (cleaned by `request`).
    pub draft: PlaceOrder,
    /// Goods: «Другое место» rather than a saved place.
    pub other_place: bool,
    /// The text of «Другое место», kept while a saved place is chosen.
    pub place: NewPlace,
    /// Uploaded files: id and name (a request's attachments, a form's file fields).
    pub files: Vec<(String, String)>,
    /// Files on their way up.
    pub uploading: u32,
    pub busy: bool,
    /// Kept while the same input is retried, so a retry places one order.
    pub key: Option<String>,
    /// Errors by `PlaceOrder` field (`GENERAL`, `CONFLICT` for the others).
    pub errors: Vec<(String, Msg)>,
    /// The field to focus after a refusal, and a count that makes each refusal
    /// focus again.
    pub focus: Option<String>,
    pub attempts: u32,
    /// «Повтор заказа № N» and the items no longer sold.
    pub repeat: Option<(String, Vec<String>)>,
}

pub enum FormMsg {
    Comment(String),
    Payer(PayerKind),
    /// The day (booking, goods, first coworking day, check-in).
    Date(String),
    /// A booking's start or the goods' wanted time (empty: none).
    Time(String),
    Hours(u32),
    DateTo(String),
    /// The offer, and how many guests it takes (a hotel room type).
    Offer(i64, Option<u32>),
    Event(i64),
    /// How many of a goods item (clamped to 0..=QUANTITY_MAX).
    Quantity(i64, u32),
    /// A saved delivery place, or `None` for «Другое место».
    Place(Option<i64>),
    PlaceText(PlaceField, String),
    SavePlace(bool),
    Guest(usize, String),
    AddGuest,
    RemoveGuest(usize),
    /// A simple service's answer.
    Field(String, String),
    UploadStarted,
    /// An uploaded file: for a form's file field (`Some(key)`) or the attachments.
    Uploaded(Option<String>, Upload),
    UploadFailed(Option<String>, ApiError),
    RemoveFile(String),
    /// The client-side checks refused: these fields, these words.
    Invalid(Vec<(String, T)>),
    Start(String),
    Failed(ApiError),
    /// Placed, but the payment could not start (the order page says so).
    Placed,
}

/// Day numbers as dates.
fn day_plus(date: &str, days: i64) -> String {
    day_number(date).map_or_else(String::new, |d| date_of_day(d + days))
}

impl FormState {
    /// A fresh form for `spec`, or one filled in from a repeat draft. `user` is the
    /// user's name (a hotel's first guest).
    pub fn new(spec: &OrderFormSpec, user: &str, repeat: Option<&RepeatDraft>) -> FormState {
        let kind = spec.service.kind;
        let today = spec.today.clone();
        let mut draft = PlaceOrder {
            service_id: spec.service.id,
            payer: spec.payers.first().map(|p| p.kind),
            ..PlaceOrder::default()
        };
        match kind {
            Kind::Booking => {
                draft.date = Some(today);
                draft.hours = Some(1);
            }
            Kind::Coworking => {
                draft.date = Some(today.clone());
                draft.date_to = Some(today);
            }
            Kind::Hotel => {
                draft.date_to = Some(day_plus(&today, 1));
                draft.date = Some(today);
                draft.guests = vec![user.to_string()];
            }
            Kind::Event => draft.event_id = spec.events.first().map(|e| e.id),
            Kind::Goods => draft.place_id = spec.places.first().map(|p| p.id),
            _ => {}
        }
        let mut s = FormState {
            kind: Some(kind),
            other_place: kind == Kind::Goods && spec.places.is_empty(),
            ..FormState::default()
        };
        if let Some(r) = repeat {
            let mut d = r.order.clone();
            d.service_id = spec.service.id;
            // A payer the user may no longer choose falls back to the first.
            if !spec.payers.iter().any(|p| Some(p.kind) == d.payer) {
                d.payer = draft.payer;
            }
            if let Some(p) = d.new_place.take() {
                s.other_place = true;
                s.place = NewPlace(p);
            } else if d
                .place_id
                .is_some_and(|id| !spec.places.iter().any(|p| p.id == id))
            {
                d.place_id = draft.place_id;
            }
            // Dates of the old order are past: the new one starts from today.
            if kind == Kind::Booking {
                d.date = draft.date.clone();
                d.time = None;
            } else if kind == Kind::Goods {
                d.date = None;
                d.time = None;
            }
            s.other_place |= kind == Kind::Goods && d.place_id.is_none();
            draft = d;
            s.repeat = Some((r.from_number.clone(), r.missing.clone()));
        }
        s.draft = draft;
        s
    }

    /// The error shown by `field`, if any.
    pub fn error(&self, field: &str) -> Option<&Msg> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m)
    }

    pub fn quantity(&self, offer_id: i64) -> u32 {
        self.draft
            .items
            .iter()
            .find(|i| i.offer_id == offer_id)
            .map_or(0, |i| i.quantity)
    }

    /// An edit: another input is another order (a new key), and the errors it
    /// answers go.
    fn edited(&mut self, fields: &[&str]) {
        self.key = None;
        self.errors
            .retain(|(f, _)| f != GENERAL && !fields.contains(&f.as_str()));
    }

    pub fn apply(&mut self, msg: FormMsg) {
        let d = &mut self.draft;
        let mut touched: Vec<String> = Vec::new();
        let mut touch = |f: &str| touched.push(f.to_string());
        match msg {
            FormMsg::Comment(v) => {
                d.comment = v;
                touch("comment");
            }
            FormMsg::Payer(p) => {
                d.payer = Some(p);
                touch("payer");
            }
            FormMsg::Date(v) => {
                // Another day has other free hours.
                if self.kind == Some(Kind::Booking) && d.date.as_deref() != Some(&v) {
                    d.time = None;
                    touch("time");
                    touch(CONFLICT);
                }
                d.date = Some(v).filter(|v| !v.is_empty());
                touch("date");
                touch(CONFLICT);
            }
            FormMsg::Time(v) => {
                d.time = Some(v).filter(|v| !v.is_empty());
                touch("time");
                touch(CONFLICT);
            }
            FormMsg::Hours(h) => {
                d.hours = Some(h);
                touch("hours");
                touch(CONFLICT);
            }
            FormMsg::DateTo(v) => {
                d.date_to = Some(v).filter(|v| !v.is_empty());
                touch("date_to");
                touch(CONFLICT);
            }
            FormMsg::Offer(id, guests_max) => {
                d.offer_id = Some(id);
                // A smaller room takes fewer guests: the rows beyond it go.
                if let Some(max) = guests_max {
                    d.guests.truncate((max as usize).max(1));
                    touch("guests");
                }
                touch("offer_id");
                touch(CONFLICT);
            }
            FormMsg::Event(id) => {
                d.event_id = Some(id);
                touch("event_id");
                touch("offer_id");
                touch(CONFLICT);
            }
            FormMsg::Quantity(id, n) => {
                let n = n.min(QUANTITY_MAX);
                match d.items.iter().position(|i| i.offer_id == id) {
                    Some(i) if n == 0 => {
                        d.items.remove(i);
                    }
                    Some(i) => d.items[i].quantity = n,
                    None if n > 0 => d.items.push(ItemChoice {
                        offer_id: id,
                        quantity: n,
                    }),
                    None => {}
                }
                touch("items");
                touch(CONFLICT);
            }
            FormMsg::Place(id) => {
                self.other_place = id.is_none();
                d.place_id = id;
                touch("place_id");
            }
            FormMsg::PlaceText(f, v) => {
                let p = &mut self.place.0;
                let (slot, name) = match f {
                    PlaceField::Building => {
                        p.building = v;
                        touch("new_place.building");
                        return self.edited_all(touched);
                    }
                    PlaceField::Floor => (&mut p.floor, "new_place.floor"),
                    PlaceField::Room => (&mut p.room, "new_place.room"),
                    PlaceField::Note => (&mut p.note, "new_place.note"),
                };
                *slot = Some(v);
                touch(name);
            }
            FormMsg::SavePlace(on) => d.save_place = on,
            FormMsg::Guest(i, v) => {
                if let Some(g) = d.guests.get_mut(i) {
                    *g = v;
                } else {
                    d.guests.push(v);
                }
                touch("guests");
            }
            FormMsg::AddGuest => {
                d.guests.push(String::new());
                touch("guests");
            }
            FormMsg::RemoveGuest(i) => {
                if i < d.guests.len() && d.guests.len() > 1 {
                    d.guests.remove(i);
                }
                touch("guests");
            }
            FormMsg::Field(k, v) => {
                let field = format!("fields.{k}");
                match d.fields.iter_mut().find(|a| a.key == k) {
                    Some(a) => a.value = v,
                    None => d.fields.push(FieldAnswer { key: k, value: v }),
                }
                touch(&field);
            }
            FormMsg::UploadStarted => {
                self.uploading += 1;
                return;
            }
            FormMsg::Uploaded(field, up) => {
                self.uploading = self.uploading.saturating_sub(1);
                self.files.push((up.id.clone(), up.file_name));
                match field {
                    Some(k) => return self.apply(FormMsg::Field(k, up.id)),
                    None => {
                        d.uploads.push(up.id);
                        touch("uploads");
                    }
                }
            }
            FormMsg::UploadFailed(field, e) => {
                self.uploading = self.uploading.saturating_sub(1);
                let name = field.map_or_else(|| "uploads".to_string(), |k| format!("fields.{k}"));
                self.errors.retain(|(f, _)| *f != name);
                self.errors.push((name, Msg::Api(e)));
                return;
            }
            FormMsg::RemoveFile(id) => {
                self.files.retain(|(f, _)| *f != id);
                d.uploads.retain(|u| *u != id);
                for a in d.fields.iter_mut().filter(|a| a.value == id) {
                    a.value.clear();
                    touched.push(format!("fields.{}", a.key));
                }
                touched.push("uploads".into());
            }
            FormMsg::Invalid(list) => {
                self.focus = list.first().map(|(f, _)| f.clone());
                self.attempts += 1;
                self.errors = list.into_iter().map(|(f, t)| (f, Msg::Key(t))).collect();
                return;
            }
            FormMsg::Start(key) => {
                self.busy = true;
                self.key = Some(key);
                self.errors.clear();
                return;
            }
            FormMsg::Failed(e) => return self.failed(e),
            FormMsg::Placed => {
                self.busy = false;
                self.key = None;
                return;
            }
        }
        self.edited_all(touched);
    }

    fn edited_all(&mut self, touched: Vec<String>) {
        let names: Vec<&str> = touched.iter().map(String::as_str).collect();
        self.edited(&names);
    }

    /// A refusal: by the field it names (focused), by the slots or offers when
    /// what was chosen was sold meanwhile, or above the button. Everything typed
    /// stays; only a network failure keeps the key (the server may have the order).
    fn failed(&mut self, e: ApiError) {
        self.busy = false;
        if !e.is_network() {
            self.key = None;
        }
        let conflict = matches!(
            e.reason(),
            Some(ErrorReason::SlotTaken | ErrorReason::SoldOut)
        );
        let field = match e.field() {
            _ if conflict => CONFLICT.to_string(),
            Some(f) if e.status() == Some(422) && !f.is_empty() => f.to_string(),
            _ => GENERAL.to_string(),
        };
        self.focus = Some(field.clone()).filter(|f| !f.is_empty());
        self.attempts += 1;
        self.errors = vec![(field, Msg::Api(e))];
    }

    /// What is sent: the draft with empty answers left out and «Другое место» or a
    /// saved place, never both. No price: the server computes it.
    pub fn request(&self) -> PlaceOrder {
        let mut r = self.draft.clone();
        let trim = |s: &str| s.trim().to_string();
        let opt = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        r.comment = trim(&r.comment);
        if self.kind == Some(Kind::Goods) {
            if self.other_place {
                r.place_id = None;
                r.new_place = Some(DeliveryPlace {
                    building: trim(&self.place.0.building),
                    floor: opt(&self.place.0.floor),
                    room: opt(&self.place.0.room),
                    note: opt(&self.place.0.note),
                });
            } else {
                r.new_place = None;
                r.save_place = false;
            }
        }
        r.guests = r
            .guests
            .iter()
            .map(|g| trim(g))
            .filter(|g| !g.is_empty())
            .collect();
        r.fields = r
            .fields
            .iter()
            .map(|a| FieldAnswer {
                key: a.key.clone(),
                value: trim(&a.value),
            })
            .filter(|a| !a.value.is_empty())
            .collect();
        r
    }

    /// The checks the server makes too (it stays the authority): what is
    /// required, and the lengths. Empty when the form may be sent. (Dates keep
    /// within today..last_day through their inputs' bounds.)
    pub fn check(&self, spec: &OrderFormSpec) -> Vec<(String, T)> {
        let r = self.request();
        let mut out: Vec<(String, T)> = Vec::new();
        let mut bad = |f: &str, t: T| out.push((f.to_string(), t));
        let kind = spec.service.kind;
        let day = |d: &Option<String>| d.as_deref().and_then(day_number);
        match kind {
            Kind::Request if r.comment.is_empty() => bad("comment", T::DescribeRequest),
            Kind::Booking => {
                if day(&r.date).is_none() {
                    bad("date", T::ErrPickDate);
                }
                if r.time.is_none() {
                    bad("time", T::ErrPickTime);
                }
            }
            Kind::Goods => {
                if r.items.is_empty() {
                    bad("items", T::ErrPickItems);
                }
                match &r.new_place {
                    Some(p) if p.building.is_empty() => bad("new_place.building", T::ErrRequired),
                    Some(p) if p.building.chars().count() > PLACE_TEXT_MAX => {
                        bad("new_place.building", T::ErrTooLongPlace)
                    }
                    None if r.place_id.is_none() => bad("place_id", T::ErrRequired),
                    _ => {}
                }
            }
            Kind::Coworking | Kind::Hotel => {
                if day(&r.date).is_none() {
                    bad("date", T::ErrPickDate);
                }
                let min = i64::from(kind == Kind::Hotel);
                let max = if min == 1 {
                    HOTEL_NIGHTS_MAX
                } else {
                    COWORKING_DAYS_MAX - 1
                };
                match (day(&r.date), day(&r.date_to)) {
                    (Some(a), Some(b)) if b - a < min => bad("date_to", T::ErrDatesOrder),
                    (Some(a), Some(b)) if b - a > max => bad("date_to", T::ErrTooLongStay),
                    (_, None) => bad("date_to", T::ErrPickDate),
                    _ => {}
                }
                if r.offer_id.is_none() {
                    bad("offer_id", T::ErrPickOffer);
                }
            }
            Kind::Event => {
                if r.event_id.is_none() {
                    bad("event_id", T::ErrPickDate);
                }
                if r.offer_id.is_none() {
                    bad("offer_id", T::ErrPickOffer);
                }
            }
            Kind::Service => {
                for f in spec.fields.iter().filter(|f| f.required) {
                    if !r.fields.iter().any(|a| a.key == f.key) {
                        bad(&format!("fields.{}", f.key), T::ErrRequired);
                    }
                }
            }
            _ => {}
        }
        if r.comment.chars().count() > COMMENT_MAX {
            bad("comment", T::CommentLimit);
        }
        out
    }
}

impl Reducible for FormState {
    type Action = FormMsg;

    fn reduce(self: Rc<Self>, msg: FormMsg) -> Rc<Self> {
        let mut s = (*self).clone();
        s.apply(msg);
        Rc::new(s)
    }
}

/// The dates to ask availability for, given what is chosen: a booking's day, a
/// coworking visit's days, a hotel stay's nights, every event date.
pub fn availability_span(spec: &OrderFormSpec, d: &PlaceOrder) -> Option<(String, String)> {
    let day = |s: &Option<String>| s.as_deref().and_then(day_number);
    let (from, to) = match spec.service.kind {
        Kind::Booking => (day(&d.date)?, day(&d.date)?),
        Kind::Coworking => (day(&d.date)?, day(&d.date_to)?),
        Kind::Hotel => (day(&d.date)?, day(&d.date_to)? - 1),
        Kind::Event => {
            let a = day_number(&spec.today)?;
            (a, day_number(&spec.last_day)?)
        }
        _ => return None,
    };
    let to = to.min(from + AVAILABILITY_DAYS_MAX - 1);
    (to >= from).then(|| (date_of_day(from), date_of_day(to)))
}

/// What is left of an offer over the chosen days (the least of any day), or at
/// the chosen event date; `None` when there is no limit or nothing is known.
pub fn left_of(
    av: &Availability,
    spec: &OrderFormSpec,
    d: &PlaceOrder,
    offer_id: i64,
) -> Option<u32> {
    if spec.service.kind == Kind::Event {
        let e = av.events.iter().find(|e| Some(e.event_id) == d.event_id)?;
        return e.offers.iter().find(|o| o.offer_id == offer_id)?.left;
    }
    let (from, to) = availability_span(spec, d)?;
    av.days
        .iter()
        .filter(|day| day.date >= from && day.date <= to)
        .filter_map(|day| day.offers.iter().find(|o| o.offer_id == offer_id)?.left)
        .min()
}

/// The booking's hours that can be chosen from `start`: the free hours in a row
/// from it, at most `max`.
pub fn hours_free_from(slots: &[HourSlot], start: &str, max: u32) -> u32 {
    let Some(i) = slots.iter().position(|s| s.time == start) else {
        return 0;
    };
    let run = slots[i..].iter().take_while(|s| s.free).count() as u32;
    run.min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::{
        quote, Money, Offer, PayerOption, SavedPlace, Service, ServiceSettings, Unit,
    };

    fn rub(amount: i64) -> Money {
        Money {
            amount,
            currency: "RUB".into(),
        }
    }

    pub(crate) fn spec(kind: Kind) -> OrderFormSpec {
        OrderFormSpec {
            service: Service {
                id: 5,
                kind,
                name: "Кофе в офис".into(),
                description: String::new(),
                characteristics: vec![],
                price: Some(rub(150_000)),
                settings: ServiceSettings {
                    cancellable: true,
                    cancel_deadline_hours: None,
                    auto_confirm_hours: 72,
                    prepayment_percent: Some(50),
                },
                additional: None,
            },
            offers: vec![
                Offer {
                    id: 1,
                    name: "Капучино".into(),
                    unit: Unit::Piece,
                    price: rub(25_000),
                    description: None,
                    guests_max: Some(2),
                },
                Offer {
                    id: 2,
                    name: "Круассан".into(),
                    unit: Unit::Piece,
                    price: rub(18_000),
                    description: None,
                    guests_max: None,
                },
            ],
            fields: vec![],
            booking: None,
            places: vec![SavedPlace {
                id: 9,
                place: DeliveryPlace {
                    building: "Башня А".into(),
                    floor: Some("3".into()),
                    room: None,
                    note: None,
                },
            }],
            payers: vec![
                PayerOption {
                    kind: PayerKind::User,
                    name: "Анна Иванова".into(),
                },
                PayerOption {
                    kind: PayerKind::Company,
                    name: "ООО Альфа".into(),
                },
            ],
            events: vec![],
            today: "2026-11-28".into(),
            last_day: "2027-02-26".into(),
            prepayment_percent: 50,
        }
    }

    #[test]
    fn quantities_step_within_limits_and_price_with_the_shared_quote() {
        let sp = spec(Kind::Goods);
        let mut s = FormState::new(&sp, "Анна", None);
        s.apply(FormMsg::Quantity(1, 3));
        s.apply(FormMsg::Quantity(2, 2));
        s.apply(FormMsg::Quantity(2, 500));
        assert_eq!(s.quantity(2), QUANTITY_MAX);
        s.apply(FormMsg::Quantity(2, 2));
        let q = quote(&sp.service, &sp.offers, &s.request()).unwrap();
        assert_eq!(q.total, 111_000);
        s.apply(FormMsg::Quantity(1, 0));
        assert_eq!(s.request().items.len(), 1, "a zero leaves the order");
        assert_eq!(
            s.draft.payer,
            Some(PayerKind::User),
            "the user pays by default"
        );
    }

    #[test]
    fn switching_place_keeps_the_typed_text_and_sends_one_of_them() {
        let sp = spec(Kind::Goods);
        let mut s = FormState::new(&sp, "Анна", None);
        assert_eq!(s.request().place_id, Some(9));
        s.apply(FormMsg::Place(None));
        s.apply(FormMsg::PlaceText(PlaceField::Building, " Башня Б ".into()));
        s.apply(FormMsg::PlaceText(PlaceField::Floor, "  ".into()));
        s.apply(FormMsg::SavePlace(true));
        let r = s.request();
        assert_eq!(r.place_id, None);
        let p = r.new_place.unwrap();
        assert_eq!((p.building.as_str(), p.floor), ("Башня Б", None));
        assert!(r.save_place);
        s.apply(FormMsg::Place(Some(9)));
        let r = s.request();
        assert_eq!(
            (r.place_id, r.new_place, r.save_place),
            (Some(9), None, false)
        );
        s.apply(FormMsg::Place(None));
        assert_eq!(s.request().new_place.unwrap().building, "Башня Б");
    }

    #[test]
    fn client_checks_mirror_the_server_and_name_the_field() {
        let sp = spec(Kind::Goods);
        let mut s = FormState::new(&sp, "Анна", None);
        s.apply(FormMsg::Place(None));
        let fields: Vec<String> = s.check(&sp).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["items", "new_place.building"]);
        s.apply(FormMsg::Quantity(1, 1));
        s.apply(FormMsg::PlaceText(PlaceField::Building, "Башня Б".into()));
        assert!(s.check(&sp).is_empty());
        let req = FormState::new(&spec(Kind::Request), "Анна", None);
        assert_eq!(req.check(&spec(Kind::Request))[0].0, "comment");
    }

    #[test]
    fn a_refusal_keeps_the_input_shows_by_its_field_and_a_retry_reuses_the_key_only_offline() {
        let sp = spec(Kind::Goods);
        let mut s = FormState::new(&sp, "Анна", None);
        s.apply(FormMsg::Place(None));
        s.apply(FormMsg::PlaceText(PlaceField::Building, "Башня Б".into()));
        s.apply(FormMsg::Quantity(1, 2));
        s.apply(FormMsg::Start("k1".into()));
        assert!(s.busy);
        s.apply(FormMsg::Failed(ApiError::Network("down".into())));
        assert_eq!(
            s.key.as_deref(),
            Some("k1"),
            "a network failure is retried with the same key"
        );
        assert!(s.error(GENERAL).is_some());
        let e = ApiError::from_http(
            422,
            r#"{"code":"validation","reason":"invalid","message":"x","field":"new_place.building"}"#,
        );
        s.apply(FormMsg::Start("k1".into()));
        s.apply(FormMsg::Failed(e));
        assert!(!s.busy);
        assert!(s.error("new_place.building").is_some());
        assert_eq!(s.focus.as_deref(), Some("new_place.building"));
        assert_eq!(s.place.0.building, "Башня Б", "what was typed stays");
        assert_eq!(s.quantity(1), 2);
        s.apply(FormMsg::PlaceText(PlaceField::Building, "Башня В".into()));
        assert!(
            s.error("new_place.building").is_none(),
            "an edit clears its error"
        );
        assert_eq!(s.key, None, "another input is another order");
        s.apply(FormMsg::Failed(ApiError::reason_only(
            409,
            ErrorReason::SoldOut,
        )));
        assert!(s.error(CONFLICT).is_some());
    }

    #[test]
    fn a_repeat_prefills_items_place_and_payer_from_today() {
        let sp = spec(Kind::Goods);
        let draft = RepeatDraft {
            from_number: "10042".into(),
            order: PlaceOrder {
                service_id: 5,
                payer: Some(PayerKind::Company),
                date: Some("2026-10-01".into()),
                items: vec![ItemChoice {
                    offer_id: 2,
                    quantity: 4,
                }],
                new_place: Some(DeliveryPlace {
                    building: "Башня Б".into(),
                    floor: None,
                    room: Some("301".into()),
                    note: None,
                }),
                ..PlaceOrder::default()
            },
            missing: vec!["Раф".into()],
        };
        let s = FormState::new(&sp, "Анна", Some(&draft));
        assert_eq!(s.quantity(2), 4);
        assert!(s.other_place);
        assert_eq!(s.place.0.room.as_deref(), Some("301"));
        assert_eq!(s.draft.payer, Some(PayerKind::Company));
        assert_eq!(s.draft.date, None, "the old day is not the new one");
        assert_eq!(s.repeat, Some(("10042".into(), vec!["Раф".into()])));
    }

    #[test]
    fn booking_hours_fit_the_free_run_and_another_day_forgets_the_time() {
        let slot = |t: &str, free| HourSlot {
            time: t.into(),
            free,
        };
        let slots = [
            slot("08:00", false),
            slot("09:00", true),
            slot("10:00", true),
            slot("11:00", false),
            slot("12:00", true),
        ];
        assert_eq!(hours_free_from(&slots, "09:00", 8), 2);
        assert_eq!(hours_free_from(&slots, "09:00", 1), 1);
        assert_eq!(hours_free_from(&slots, "08:00", 8), 0);
        let sp = spec(Kind::Booking);
        let mut s = FormState::new(&sp, "Анна", None);
        s.apply(FormMsg::Time("09:00".into()));
        s.apply(FormMsg::Date("2026-11-29".into()));
        assert_eq!(s.draft.time, None);
        assert_eq!(
            availability_span(&sp, &s.draft),
            Some(("2026-11-29".into(), "2026-11-29".into()))
        );
    }

    #[test]
    fn a_smaller_room_keeps_only_the_guests_it_takes() {
        let sp = spec(Kind::Hotel);
        let mut s = FormState::new(&sp, "Анна Иванова", None);
        s.apply(FormMsg::Offer(1, Some(3)));
        s.apply(FormMsg::Guest(1, "Дмитрий Кузнецов".into()));
        s.apply(FormMsg::Guest(2, "Ольга Смирнова".into()));
        assert_eq!(s.draft.guests.len(), 3);
        s.apply(FormMsg::Offer(2, Some(1)));
        assert_eq!(s.draft.guests, ["Анна Иванова"]);
        assert_eq!(s.draft.offer_id, Some(2));
    }

    #[test]
    fn a_hotel_stay_counts_nights_and_what_is_left_is_the_least_of_them() {
        use kabinet_core::{DayAvailability, OfferLeft};
        let sp = spec(Kind::Hotel);
        let mut s = FormState::new(&sp, "Анна Иванова", None);
        assert_eq!(s.draft.guests, ["Анна Иванова"]);
        s.apply(FormMsg::DateTo("2026-11-30".into()));
        assert_eq!(
            availability_span(&sp, &s.draft),
            Some(("2026-11-28".into(), "2026-11-29".into()))
        );
        let day = |date: &str, left| DayAvailability {
            date: date.into(),
            slots: vec![],
            offers: vec![OfferLeft {
                offer_id: 1,
                left: Some(left),
            }],
        };
        let av = Availability {
            days: vec![
                day("2026-11-28", 3),
                day("2026-11-29", 1),
                day("2026-11-30", 0),
            ],
            events: vec![],
        };
        assert_eq!(
            left_of(&av, &sp, &s.draft, 1),
            Some(1),
            "the check-out day is not a night"
        );
        s.apply(FormMsg::DateTo("2026-11-28".into()));
        assert_eq!(s.check(&sp)[0].0, "date_to");
    }
}
