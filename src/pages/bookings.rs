//! «Мои бронирования»: the bookings and tickets the user holds, their own and
//! those shared or passed to them, upcoming first, then the past ones. Own cards
//! open the order; shared and received ones do not.

use std::rc::Rc;

use kabinet_core::{Bookings, CalendarEntry, LiveEvent};
use yew::prelude::*;

use crate::components::{block, remote_view, CalendarCard};
use crate::hooks::{use_live_event, use_locale, use_remote, use_session, use_title};
use crate::i18n::T;
use crate::pages::calendar::use_query;
use crate::state::calendar::query_param;

fn cards(entries: &[CalendarEntry]) -> Html {
    html! {
        <ul class="cal-list">
            { for entries.iter().map(|e| html! { <CalendarCard key={e.key.clone()} entry={e.clone()} with_date=true /> }) }
        </ul>
    }
}

#[component]
pub fn BookingsPage() -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let query = use_query();
    use_title(locale.t(T::MyBookings).to_string());
    let remote = {
        let api = api.clone();
        use_remote((), move |_| {
            let api = api.clone();
            async move { api.bookings().await }
        })
    };
    // A ticket passed to or from the user, a booking shared: read them again, quietly.
    {
        let replace = remote.replace.clone();
        use_live_event(move |e| {
            if matches!(e, LiveEvent::Notification { .. } | LiveEvent::Reset) {
                let (api, replace) = (api.clone(), replace.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(b) = api.bookings().await {
                        replace.emit(b);
                    }
                });
            }
        });
    }
    let render = {
        let locale = locale.clone();
        Callback::from(move |b: Rc<Bookings>| {
            if b.upcoming.is_empty() && b.past.is_empty() {
                return html! {
                    <div class="empty">
                        <p class="empty__title">{ locale.t(T::NoBookings) }</p>
                        <p class="muted">{ locale.t(T::NoBookingsHint) }</p>
                    </div>
                };
            }
            html! {
                <div class="bookings">
                    { block("upcoming", locale.t(T::Upcoming).into(), html! { <>
                        if b.upcoming.is_empty() {
                            <p class="muted">{ locale.t(T::NoUpcoming) }</p>
                        } else {
                            { cards(&b.upcoming) }
                        }
                    </> }) }
                    if !b.past.is_empty() {
                        { block("past", locale.t(T::Past).into(), html! { <>{ cards(&b.past) }</> }) }
                    }
                </div>
            }
        })
    };
    html! {
        <div class="bookings-page">
            <h1>{ locale.t(T::MyBookings) }</h1>
            if query_param(&query, "added").is_some() {
                <p class="note note--success" role="status">{ locale.t(T::TicketAdded) }</p>
            }
            { remote_view(&locale, &remote, T::OrderNotFound, &render) }
        </div>
    }
}
