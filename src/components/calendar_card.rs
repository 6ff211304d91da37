//! One card of «Мой календарь» and «Мои бронирования»: when, what, where, and how it
//! is the user's. Only the user's own orders open (a link to the order); a booking
//! shared with them («Доступ в помещение») and a ticket passed to them are plain
//! cards: they do not open the order, which stays the owner's (the ticket's holder
//! opens its entry code instead).

use kabinet_core::{CalendarEntry, Holding, Status};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::ticket_qr::TicketQr;
use crate::components::{kind_icon, status_chip};
use crate::format::{self, DateStyle};
use crate::hooks::use_locale;
use crate::i18n::T;
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct CalendarCardProps {
    pub entry: CalendarEntry,
    /// With the date and the kind (a list of bookings); a day of the calendar
    /// shows the time only.
    #[prop_or(false)]
    pub with_date: bool,
}

/// The card as a list item (`<li>`), for a `<ul>` of cards.
#[component]
pub fn CalendarCard(props: &CalendarCardProps) -> Html {
    let locale = use_locale();
    let (lang, tz) = (locale.lang, locale.time_zone.as_str());
    let e = &props.entry;
    let end = e.ends_at.as_deref();
    // A stay over several days shows its dates in a day of the calendar too.
    let several_days = end.is_some_and(|end| {
        format::date(&e.starts_at, lang, tz, DateStyle::Date)
            != format::date(end, lang, tz, DateStyle::Date)
    });
    let style = match (props.with_date, several_days) {
        (true, _) => DateStyle::DateTime,
        (false, true) => DateStyle::DayTime,
        (false, false) => DateStyle::Time,
    };
    let when = format::date_range(&e.starts_at, end, lang, tz, style);
    let mark = match (e.holding, &e.holder) {
        (Holding::Shared, _) => Some(locale.t(T::RoomAccess).to_string()),
        (Holding::Received, _) => Some(locale.t(T::TicketToYou).to_string()),
        (Holding::PassedOn, Some(h)) => {
            Some(locale.t(T::TicketPassedTo).replace("{name}", &h.name))
        }
        _ => None,
    };
    let opens = match e.holding {
        Holding::Own | Holding::PassedOn => e.order_id,
        Holding::Shared | Holding::Received => None,
    };
    let cancelled = matches!(e.status, Status::Cancelled | Status::RefundPending);
    // A ticket passed to the user opens its entry code (not the order), until its
    // day is over.
    let code_open = use_state(|| false);
    let entry_code = e.entry_code.filter(|_| {
        let end = e.ends_at.as_deref().unwrap_or(&e.starts_at);
        js_sys::Date::parse(end) > js_sys::Date::now()
    });
    let body = html! {
        <>
            if props.with_date { { kind_icon(e.kind, &locale) } }
            <span class="cal-card__main">
                <time class="cal-card__time" datetime={e.starts_at.clone()}>{ when }</time>
                <span class="cal-card__title">{ &e.title }</span>
                if let Some(p) = &e.place { <span class="cal-card__place muted">{ p }</span> }
                if let Some(m) = mark { <span class="cal-card__mark">{ m }</span> }
                if let Some(by) = &e.by {
                    <span class="cal-card__by muted">{ locale.t(T::Owner) }{ ": " }{ &by.name }</span>
                }
                if cancelled { <span>{ status_chip(e.status, &locale) }</span> }
            </span>
        </>
    };
    let class = classes!(
        "cal-card",
        format!("cal-card--{}", e.holding.as_str()),
        props.with_date.then_some("cal-card--row")
    );
    html! {
        <li class="cal-item" data-key={e.key.clone()} data-holding={e.holding.as_str()}>
            if let Some(id) = opens {
                <Link<Route> to={Route::Order { id }} classes={classes!(class, "cal-card--link")}>{ body }</Link<Route>>
            } else {
                <div class={class}>{ body }</div>
            }
            if let Some(order_id) = entry_code {
                <button type="button" class="button cal-item__code" data-action="entry_code"
                        onclick={{ let o = code_open.clone(); Callback::from(move |_: MouseEvent| o.set(true)) }}>
                    { locale.t(T::EntryCode) }
                </button>
                if *code_open {
                    <TicketQr {order_id} kind={e.kind}
                              on_close={{ let o = code_open.clone(); Callback::from(move |()| o.set(false)) }} />
                }
            }
        </li>
    }
}
