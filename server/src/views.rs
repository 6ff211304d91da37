//! Turns storage rows into the API types of `kabinet-core`, applying the order
//! rules (which blocks a kind shows, which actions the viewer has now).

use kabinet_core::{
    allowed_actions, cancel_block, full_name, has_additional_services, has_service_time,
    is_paid_kind, AdditionalServices, Attachment, ChatMessage, CompanyRef, DeliveryPlace, Field,
    HistoryEntry, HotelStay, Kind, Money, Notification, OrderFacts, OrderItem, OrderSummary,
    OrderView, Payment, Person, RefundState, Role, Service, ServiceRef, ServiceSettings, Status,
    Ticket, User, Viewer,
};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::files;
use crate::storage::bundle::OrderBundle;
use crate::storage::chat::MessageRow;
use crate::storage::notifications::NotificationRow;
use crate::storage::offers::{OfferRow, PlaceRow};
use crate::storage::orders::{OrderListRow, OrderRow};
use crate::storage::services::{BookingDoc, FieldDoc, FormFieldDoc, ServiceRow};
use crate::storage::users::{PersonRow, UserRow};

/// Unix seconds as RFC 3339 in UTC.
pub fn ts(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn money(amount: i64, currency: &str) -> Money {
    Money {
        amount,
        currency: currency.to_string(),
    }
}

pub fn user(u: &UserRow) -> User {
    User {
        id: u.id,
        email: u.email.clone(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        role: u.role,
        company: match (u.company_id, &u.company_name) {
            (Some(id), Some(name)) => Some(CompanyRef {
                id,
                name: name.clone(),
            }),
            _ => None,
        },
    }
}

pub fn person(p: &PersonRow) -> Person {
    Person {
        id: p.id,
        name: full_name(&p.first_name, &p.last_name),
        company: p.company_name.clone(),
    }
}

pub fn order_summary(r: OrderListRow) -> OrderSummary {
    OrderSummary {
        id: r.id,
        number: r.number,
        kind: r.kind,
        status: r.status,
        service_name: r.service_name,
        created_at: ts(r.created_at),
        service_at: r.service_at.filter(|_| has_service_time(r.kind)).map(ts),
        amount: r.total.map(|t| money(t, &r.currency)),
        unread_count: r.unread,
    }
}

fn field(f: &FieldDoc) -> Field {
    Field {
        label: f.label.clone(),
        value: f.value.clone(),
    }
}

pub fn service_ref(s: &ServiceRow) -> ServiceRef {
    ServiceRef {
        id: s.id,
        kind: s.kind,
        name: s.name.clone(),
        price: s.price.map(|p| money(p, &s.currency)),
    }
}

pub fn service(s: &ServiceRow, additional: &[ServiceRow]) -> Service {
    Service {
        id: s.id,
        kind: s.kind,
        name: s.name.clone(),
        description: s.description.clone(),
        characteristics: s.characteristics.iter().map(field).collect(),
        price: s.price.map(|p| money(p, &s.currency)),
        settings: ServiceSettings {
            cancellable: s.cancellable,
            cancel_deadline_hours: s.cancel_deadline_hours,
            auto_confirm_hours: s.auto_confirm_hours,
            prepayment_percent: s.prepayment_percent,
        },
        additional: (has_additional_services(s.kind) && !additional.is_empty()).then(|| {
            AdditionalServices {
                title: s.additional_title.clone(),
                services: additional.iter().map(service_ref).collect(),
            }
        }),
    }
}

/// An offer as the order form shows it.
pub fn offer(o: &OfferRow, currency: &str) -> kabinet_core::Offer {
    kabinet_core::Offer {
        id: o.id,
        name: o.name.clone(),
        unit: o.unit,
        price: money(o.price, currency),
        description: o.description.clone(),
        guests_max: o.guests_max,
    }
}

/// A field of a simple service's form.
pub fn form_field(f: &FormFieldDoc) -> kabinet_core::FormField {
    kabinet_core::FormField {
        key: f.key.clone(),
        label: f.label.clone(),
        field_type: f.field_type,
        required: f.required,
        options: f.options.clone(),
        min: f.min,
        max: f.max,
    }
}

/// A bookable resource's hours.
pub fn booking_rules(b: &BookingDoc) -> kabinet_core::BookingRules {
    kabinet_core::BookingRules {
        opens_hour: b.opens_hour,
        closes_hour: b.closes_hour,
        max_hours: b.max_hours,
    }
}

/// A company's saved delivery place.
pub fn saved_place(p: &PlaceRow) -> kabinet_core::SavedPlace {
    kabinet_core::SavedPlace {
        id: p.id,
        place: DeliveryPlace {
            building: p.place.building.clone(),
            floor: p.place.floor.clone(),
            room: p.place.room.clone(),
            note: p.place.note.clone(),
        },
    }
}

/// What the rules need to know about an order, as of `now`.
pub fn facts(o: &OrderRow, s: &ServiceRow, now: i64) -> OrderFacts {
    let deadline_passed = match (s.cancel_deadline_hours, o.service_at) {
        (Some(h), Some(at)) => now > at - i64::from(h) * 3600,
        _ => false,
    };
    OrderFacts {
        kind: o.kind,
        status: o.status,
        paid: o.paid,
        remainder: remainder(o),
        cancellable: s.cancellable,
        cancel_deadline_passed: deadline_passed,
        service_over: o
            .service_end_at
            .or(o.service_at)
            .is_some_and(|end| now >= end),
    }
}

/// What is left to pay: nothing on a cancelled order (its money is returned, not
/// asked for).
fn remainder(o: &OrderRow) -> i64 {
    match o.status {
        Status::Cancelled | Status::RefundPending => 0,
        _ => o.total.map(|t| (t - o.paid).max(0)).unwrap_or(0),
    }
}

/// What the next online payment asks for: the prepayment while nothing is paid,
/// then the remainder; nothing on a cancelled or fully paid order. A 0 %
/// prepayment asks nothing on placing, so «Оплатить» (offered while anything is
/// left) pays the remainder: the view, the rules and the payment agree.
pub fn due_now(o: &OrderRow, s: &ServiceRow) -> i64 {
    let left = remainder(o);
    match o.total {
        Some(total) if left > 0 && o.paid == 0 => {
            match kabinet_core::due_on_placing(total, s.prepayment_percent).min(left) {
                prepayment if prepayment > 0 => prepayment,
                _ => left,
            }
        }
        _ => left,
    }
}

/// When an order awaiting confirmation is confirmed automatically.
fn auto_confirm_at(o: &OrderRow, s: &ServiceRow) -> Option<i64> {
    o.awaiting_since
        .filter(|_| o.status == Status::AwaitingConfirmation)
        .map(|since| since + i64::from(s.auto_confirm_hours) * 3600)
}

pub fn order_view(b: &OrderBundle, viewer: Viewer, now: i64) -> OrderView {
    let o = &b.order;
    let d = &o.details;
    let cur = o.currency.as_str();
    let f = facts(o, &b.service, now);
    let owner = person(&b.owner);
    let mut visitors = Vec::new();
    if o.kind == Kind::Booking {
        visitors.push(owner.clone());
        visitors.extend(b.visitors.iter().map(person));
    }
    OrderView {
        id: o.id,
        number: o.number.clone(),
        kind: o.kind,
        status: o.status,
        version: o.version,
        created_at: ts(o.created_at),
        service_at: o.service_at.filter(|_| has_service_time(o.kind)).map(ts),
        service_end_at: o
            .service_end_at
            .filter(|_| has_service_time(o.kind))
            .map(ts),
        service: service(&b.service, &b.additional),
        owner,
        items: if matches!(o.kind, Kind::Goods | Kind::Booking) {
            d.items
                .iter()
                .map(|i| OrderItem {
                    name: i.name.clone(),
                    quantity: i.quantity,
                    unit: i.unit,
                    unit_price: money(i.unit_price, cur),
                    total: money(i.unit_price * i64::from(i.quantity), cur),
                })
                .collect()
        } else {
            Vec::new()
        },
        ticket: match (&d.ticket, &b.ticket_holder) {
            (Some(t), Some(holder)) if o.kind == Kind::Coworking => Some(Ticket {
                visitor: person(holder),
                valid_from: ts(t.valid_from),
                valid_to: ts(t.valid_to),
                tariff: t.tariff.clone(),
                place: t.place.clone(),
            }),
            _ => None,
        },
        hotel: d
            .hotel
            .as_ref()
            .filter(|_| o.kind == Kind::Hotel)
            .map(|h| HotelStay {
                check_in: ts(h.check_in),
                check_out: ts(h.check_out),
                room: h.room.clone(),
                guests: h.guests.clone(),
            }),
        delivery_place: d
            .delivery_place
            .as_ref()
            .filter(|_| o.kind == Kind::Goods)
            .map(|p| DeliveryPlace {
                building: p.building.clone(),
                floor: p.floor.clone(),
                room: p.room.clone(),
                note: p.note.clone(),
            }),
        visitors,
        form_fields: if matches!(o.kind, Kind::Service | Kind::Request) {
            d.form_fields.iter().map(field).collect()
        } else {
            Vec::<Field>::new()
        },
        comment: o
            .comment
            .clone()
            .filter(|_| matches!(o.kind, Kind::Goods | Kind::Booking)),
        payment: match o.total {
            Some(total) if is_paid_kind(o.kind) && (total > 0 || o.paid > 0) => Some(Payment {
                total: money(total, cur),
                paid: money(o.paid, cur),
                remainder: money(f.remainder, cur),
                method: o.payment_method,
                payer: o.payer.clone(),
                due_now: money(due_now(o, &b.service), cur),
                online: b.online,
                // A refund the provider refused and staff then made by hand
                // («Возврат выполнен»): the money is back.
                refund: match (b.refund, o.status) {
                    (Some(RefundState::Failed), Status::Cancelled) => Some(RefundState::Succeeded),
                    (r, _) => r,
                },
            }),
            _ => None,
        },
        unread_count: b.unread,
        actions: allowed_actions(&f, viewer),
        history: b
            .history
            .iter()
            .map(|h| HistoryEntry {
                at: ts(h.at),
                actor: h.actor.as_ref().map(person),
                action: h.action,
                from_status: h.from_status,
                to_status: h.to_status,
                subject: h.subject.as_ref().map(person),
            })
            .collect(),
        cancel_block: if viewer == Viewer::Owner {
            cancel_block(&f)
        } else {
            None
        },
        auto_confirm_at: auto_confirm_at(o, &b.service).map(ts),
    }
}

pub fn notification(n: NotificationRow) -> Notification {
    Notification {
        id: n.id,
        kind: n.kind,
        order_id: n.order_id,
        order_number: n.body.number,
        service_name: n.body.service_name,
        status: n.body.status,
        current_status: n.current_status,
        actor: n.body.actor,
        count: n.body.count,
        preview: n.body.preview,
        created_at: ts(n.created_at),
        read: n.read,
        opens_order: n.body.opens_order,
        subject: n.body.subject,
        service_at: n.body.service_at.map(ts),
    }
}

/// A chat line as `reader` sees it, with file links signed for them.
pub fn chat_message(m: MessageRow, reader: &UserRow, secret: &[u8], now: i64) -> ChatMessage {
    let expires = now + files::LINK_SECONDS;
    ChatMessage {
        seq: m.seq,
        mine: m.author.as_ref().is_some_and(|a| a.id == reader.id),
        from_staff: m.author_role.is_some_and(Role::is_staff),
        author: m.author.as_ref().map(person),
        id: m.id,
        order_id: m.order_id,
        body: m.body,
        status: m.status,
        attachments: m
            .attachments
            .into_iter()
            .map(|a| Attachment {
                url: files::link(secret, a.id, reader.id, expires),
                image: files::is_image(&a.file.content_type),
                id: a.id,
                file_name: a.file.file_name,
                content_type: a.file.content_type,
                size: a.file.size.max(0) as u64,
            })
            .collect(),
        created_at: ts(m.created_at),
    }
}
