//! One order in a list — the tenant's «Мои заказы» and the staff desk share it: a
//! link to the order with its kind, name, number, a date that says what it is,
//! status, amount and unread badge; on the desk also the kind and the customer.

use kabinet_core::{OrderSummary, Person, Status};
use yew::prelude::*;

use crate::format::DateStyle;
use yew_router::prelude::*;

use crate::components::{date_text, kind_icon, money_text, status_chip};
use crate::hooks::use_locale;
use crate::i18n::{kind_label, T};
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct OrderRowProps {
    pub order: OrderSummary,
    /// The desk: who placed it (shown with the kind).
    #[prop_or_default]
    pub owner: Option<Person>,
    /// The desk: the provider refused this order's refund (return it by hand).
    #[prop_or_default]
    pub refund_failed: bool,
}

#[component]
pub fn OrderRow(props: &OrderRowProps) -> Html {
    let locale = use_locale();
    let o = &props.order;
    let desk = props.owner.is_some();
    // The owner's turn: the order waits for them to confirm it.
    let waiting = !desk && o.status == Status::AwaitingConfirmation;
    let (date_label, date) = match &o.service_at {
        Some(at) if !desk => (T::ServiceDate, at.clone()),
        _ => (T::CreatedAt, o.created_at.clone()),
    };
    html! {
        <li class={classes!("order-row", waiting.then_some("order-row--waiting"))}
            data-order-id={o.id.to_string()} data-kind={o.kind.as_str()} data-status={o.status.as_str()}>
            <Link<Route> to={Route::Order { id: o.id }} classes="order-row__link">
                { kind_icon(o.kind, &locale) }
                <span class="order-row__main">
                    <span class="order-row__name">{ &o.service_name }</span>
                    <span class="order-row__meta muted">
                        { locale.t(T::OrderNo) }{ "\u{a0}" }{ &o.number }
                        if desk { { " · " }{ kind_label(o.kind, locale.lang) } }
                        { " · " }
                        <span class="order-row__date">
                            { locale.t(date_label) }{ " " }{ date_text(&date, DateStyle::DateTime, &locale) }
                        </span>
                    </span>
                    if let Some(owner) = &props.owner {
                        <span class="order-row__meta">
                            <span class="visually-hidden">{ locale.t(T::Customer) }{ ": " }</span>
                            { &owner.name }
                            if let Some(c) = &owner.company { <span class="muted">{ " · " }{ c }</span> }
                        </span>
                    }
                    if props.refund_failed {
                        <span class="order-row__flag" data-testid="refund-failed">{ "⚠ " }{ locale.t(T::RefundFailedMark) }</span>
                    }
                    if waiting {
                        <span class="order-row__waiting">{ locale.t(T::WaitingForYou) }</span>
                    }
                </span>
                <span class="order-row__side">
                    { status_chip(o.status, &locale) }
                    if let Some(a) = &o.amount {
                        <span class="order-row__amount">{ money_text(a, &locale) }</span>
                    }
                </span>
                if o.unread_count > 0 {
                    <span class="unread" title={format!("{} {}", o.unread_count, locale.t(T::UnreadMessages))}>
                        { o.unread_count }
                        <span class="visually-hidden">{ " " }{ locale.t(T::UnreadMessages) }</span>
                    </span>
                }
            </Link<Route>>
        </li>
    }
}
