//! The blocks of the order view (spec section 4), each shown only for the kinds and
//! data that have it.

use std::rc::Rc;

use kabinet_core::{
    Action, HistoryAction, Kind, OrderView, PaymentMethod, PaymentState, RefundState, StatusGroup,
};

use crate::format::DateStyle;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{block, date_text, kind_icon, money_text, CollapsibleBlock};
use crate::hooks::{use_is_phone, use_locale, Locale};
use crate::i18n::{action_label, status_label, unit_label, T};
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct OrderBlockProps {
    pub order: Rc<OrderView>,
}

/// A definition list of label/value rows.
fn rows(items: Vec<(AttrValue, Html)>) -> Html {
    html! {
        <dl class="rows">
            { for items.into_iter().map(|(label, value)| html! {
                <div class="rows__row"><dt>{ label }</dt><dd>{ value }</dd></div>
            }) }
        </dl>
    }
}

fn text(s: &str) -> Html {
    html! { { s.to_string() } }
}

/// «Заказ»: goods items or the booked resource, with quantities and prices.
pub fn items(order: &Rc<OrderView>, locale: &Locale) -> Html {
    let o = &order;
    if o.items.is_empty() {
        return html! {};
    }
    html! {
        { block("order", locale.t(T::BlockOrder).into(), html! { <>
            <div class="items-wrap">
            <table class="items">
                <thead>
                    <tr>
                        <th scope="col">{ locale.t(T::Item) }</th>
                        <th scope="col" class="num">{ locale.t(T::Quantity) }</th>
                        <th scope="col" class="num">{ locale.t(T::Price) }</th>
                        <th scope="col" class="num">{ locale.t(T::Total) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for o.items.iter().map(|i| html! {
                        <tr>
                            <td>{ &i.name }</td>
                            <td class="num">{ format!("{}\u{a0}{}", i.quantity, unit_label(i.unit, locale.lang)) }</td>
                            <td class="num">{ money_text(&i.unit_price, locale) }</td>
                            <td class="num">{ money_text(&i.total, locale) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </> }) }
    }
}

/// «Бронирование» of a hotel stay.
pub fn hotel(order: &Rc<OrderView>, locale: &Locale) -> Html {
    let Some(h) = &order.hotel else {
        return html! {};
    };
    html! {
        { block("hotel", locale.t(T::BlockHotel).into(), html! { <>
            { rows(vec![
                (locale.t(T::CheckIn).into(), date_text(&h.check_in, DateStyle::DateTime, locale)),
                (locale.t(T::CheckOut).into(), date_text(&h.check_out, DateStyle::DateTime, locale)),
                (locale.t(T::Room).into(), text(&h.room)),
                (locale.t(T::Guests).into(), html! {
                    <ul class="plain">{ for h.guests.iter().map(|g| html! { <li>{ g }</li> }) }</ul>
                }),
            ]) }
        </> }) }
    }
}

/// «Место доставки» of a goods order.
pub fn delivery(order: &Rc<OrderView>, locale: &Locale) -> Html {
    let Some(d) = &order.delivery_place else {
        return html! {};
    };
    let mut list = vec![(locale.t(T::Building).into(), text(&d.building))];
    for (label, v) in [
        (T::Floor, &d.floor),
        (T::Office, &d.room),
        (T::Note, &d.note),
    ] {
        if let Some(v) = v {
            list.push((locale.t(label).into(), text(v)));
        }
    }
    block(
        "delivery",
        locale.t(T::BlockDelivery).into(),
        html! { <>{ rows(list) }</> },
    )
}

/// Up to six additional services on a wide screen, three on a phone.
pub fn additional_limit(phone: bool) -> usize {
    if phone {
        3
    } else {
        6
    }
}

/// «Дополнительные услуги» under the title the service configured.
#[component]
pub fn AdditionalBlock(props: &OrderBlockProps) -> Html {
    let phone = use_is_phone();
    let locale = use_locale();
    let Some(a) = &props.order.service.additional else {
        return html! {};
    };
    let title = a
        .title
        .clone()
        .unwrap_or_else(|| locale.t(T::AdditionalServices).to_string());
    html! {
        { block("additional", title.into(), html! { <>
            <ul class="tiles">
                { for a.services.iter().take(additional_limit(phone)).map(|s| html! {
                    <li class="tile">
                        <Link<Route> to={Route::Service { id: s.id }} classes="tile__link">
                            { kind_icon(s.kind, &locale) }
                            <span class="tile__name">{ &s.name }</span>
                            if let Some(p) = &s.price {
                                <span class="tile__price">{ money_text(p, &locale) }</span>
                            }
                        </Link<Route>>
                    </li>
                }) }
            </ul>
        </> }) }
    }
}

/// «Детали заказа»: the submitted form, or the comment of goods and bookings.
pub fn details(order: &Rc<OrderView>, locale: &Locale) -> Html {
    let o = &order;
    let content = if !o.form_fields.is_empty() {
        rows(
            o.form_fields
                .iter()
                .map(|f| (AttrValue::from(f.label.clone()), text(&f.value)))
                .collect(),
        )
    } else if let Some(c) = &o.comment {
        rows(vec![(locale.t(T::Comment).into(), text(c))])
    } else {
        return html! {};
    };
    html! { <CollapsibleBlock name="details" title={locale.t(T::BlockDetails)}>{ content }</CollapsibleBlock> }
}

/// «Оплата»: total, paid, what is left, method and payer.
pub fn payment(order: &Rc<OrderView>, locale: &Locale) -> Html {
    let Some(p) = &order.payment else {
        return html! {};
    };
    // Nothing is left to pay on a cancelled order, whatever was not paid.
    let open = order.status.group() == StatusGroup::Active;
    let mut list = vec![
        (
            locale.t(T::PaymentTotal).into(),
            money_text(&p.total, locale),
        ),
        (locale.t(T::PaymentPaid).into(), money_text(&p.paid, locale)),
    ];
    if open && p.remainder.amount > 0 {
        list.push((
            locale.t(T::PaymentRemainder).into(),
            html! { <strong data-testid="remainder">{ money_text(&p.remainder, locale) }</strong> },
        ));
    }
    if let Some(m) = p.method {
        let label = match m {
            PaymentMethod::Card => T::MethodCard,
            PaymentMethod::Invoice => T::MethodInvoice,
            PaymentMethod::Balance => T::MethodBalance,
        };
        list.push((locale.t(T::PaymentMethod).into(), text(locale.t(label))));
    }
    if let Some(payer) = &p.payer {
        list.push((locale.t(T::Payer).into(), text(payer)));
    }
    // Where the online payment or the refund stands, when it says something.
    let due = open && (p.due_now.amount > 0 || p.remainder.amount > 0);
    let state = match (p.refund, p.online) {
        (Some(RefundState::Failed), _) => Some((T::RefundFailedUser, "note--warning")),
        (Some(RefundState::Pending), _) => Some((T::RefundPending, "note--info")),
        (Some(RefundState::Succeeded), _) => Some((T::RefundDone, "note--success")),
        (None, Some(PaymentState::Pending)) if open => Some((T::PaymentProcessing, "note--info")),
        (None, Some(PaymentState::Canceled)) if due => Some((T::PaymentFailed, "note--warning")),
        _ => None,
    };
    html! {
        <CollapsibleBlock name="payment" title={locale.t(T::BlockPayment)}>
            { rows(list) }
            if let Some((t, tone)) = state {
                <p class={classes!("note", tone)} data-testid="payment-state">{ locale.t(t) }</p>
            }
        </CollapsibleBlock>
    }
}

/// «Описание и характеристики» of the service or event.
pub fn description(order: &Rc<OrderView>, locale: &Locale) -> Html {
    let s = &order.service;
    let title = if order.kind == Kind::Event {
        T::BlockDescriptionEvent
    } else {
        T::BlockDescription
    };
    html! {
        <CollapsibleBlock name="description" title={locale.t(title)}>
            <p class="description">{ &s.description }</p>
            if !s.characteristics.is_empty() {
                <dl class="rows">
                    { for s.characteristics.iter().map(|c| html! {
                        <div class="rows__row"><dt>{ &c.label }</dt><dd>{ &c.value }</dd></div>
                    }) }
                </dl>
            }
        </CollapsibleBlock>
    }
}

/// «История заказа»: every change, who made it and when, newest last.
pub fn history(order: &Rc<OrderView>, locale: &Locale) -> Html {
    let o = &order;
    if o.history.is_empty() {
        return html! {};
    }
    let what = |action: HistoryAction| -> String {
        match action {
            HistoryAction::Create => locale.t(T::HistoryCreated).to_string(),
            HistoryAction::AutoConfirm => locale.t(T::HistoryAutoConfirmed).to_string(),
            HistoryAction::ShareAccess => locale.t(T::HistoryShareAccess).to_string(),
            HistoryAction::RemoveVisitor => locale.t(T::HistoryRemoveVisitor).to_string(),
            HistoryAction::TransferTicket => locale.t(T::HistoryTransferTicket).to_string(),
            HistoryAction::AnnulCheckIn => locale.t(T::HistoryAnnulCheckIn).to_string(),
            HistoryAction::PaymentReceived => locale.t(T::HistoryPaymentReceived).to_string(),
            HistoryAction::RefundFailed => locale.t(T::HistoryRefundFailed).to_string(),
            // Every other entry is an action, under its own name.
            other => other
                .as_str()
                .parse::<Action>()
                .map(|a| action_label(a, o.kind, locale.lang).to_string())
                .unwrap_or_default(),
        }
    };
    html! {
        <CollapsibleBlock name="history" title={locale.t(T::History)}>
            <ol class="timeline">
                { for o.history.iter().map(|h| html! {
                    <li>
                        <strong>{ what(h.action) }</strong>
                        // Sharing and passing a ticket on name the person; the
                        // status stays as it was.
                        if let Some(p) = &h.subject {
                            { ": " }{ &p.name }
                        } else {
                            { " → " }{ status_label(h.to_status, locale.lang) }
                        }
                        <br />
                        <span class="muted">
                            { date_text(&h.at, DateStyle::DateTime, locale) }
                            { " · " }
                            { h.actor.as_ref().map(|p| p.name.clone()).unwrap_or_else(|| locale.t(T::HistorySystem).to_string()) }
                        </span>
                    </li>
                }) }
            </ol>
        </CollapsibleBlock>
    }
}

/// «Заказ» as a component (for tests; the order page calls `items`).
#[component]
pub fn ItemsBlock(props: &OrderBlockProps) -> Html {
    items(&props.order, &use_locale())
}

/// «Оплата» as a component (for tests; the order page calls `payment`).
#[component]
pub fn PaymentBlock(props: &OrderBlockProps) -> Html {
    payment(&props.order, &use_locale())
}
