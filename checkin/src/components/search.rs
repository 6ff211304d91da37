//! The event's tickets by holder name or order number (debounced), each with its
//! state and, for a valid ticket not yet used, «Отметить»: checking in a visitor
//! without a phone. The answer shows in the answer panel.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use kabinet_core::{CheckinTicket, Status};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::api::Api;
use crate::components::{error_view, loading_view};
use crate::hooks::{use_door, use_load, use_site, Site};
use crate::i18n::{fill, ticket_state, T};
use crate::web;

/// Typing pauses this long before the search is asked.
const DEBOUNCE_MS: u32 = 250;

fn can_check_in(t: &CheckinTicket) -> bool {
    t.checked_in_at.is_none() && !matches!(t.status, Status::Cancelled | Status::RefundPending)
}

fn row(site: &Site, t: &CheckinTicket, check_in: Callback<(i64, String)>) -> Html {
    let state = ticket_state(t.status, t.checked_in_at.as_deref(), site.lang, &|iso| {
        site.time(iso)
    });
    let modifier = if t.checked_in_at.is_some() {
        "in"
    } else if can_check_in(t) {
        "valid"
    } else {
        "void"
    };
    let onclick = {
        let (id, holder) = (t.order_id, t.holder.clone());
        Callback::from(move |_: MouseEvent| check_in.emit((id, holder.clone())))
    };
    html! {
        <li key={t.order_id} class={classes!("checkin-ticket", format!("checkin-ticket--{modifier}"))}
            data-order-id={t.order_id.to_string()}>
            <div class="checkin-ticket__who">
                <span class="checkin-ticket__name">{ &t.holder }</span>
                if let Some(c) = t.company.as_deref().filter(|c| !c.is_empty()) {
                    <span class="checkin-ticket__company">{ c }</span>
                }
            </div>
            <div class="checkin-ticket__meta">
                <span class="checkin-ticket__number">{ "№\u{a0}" }{ &t.number }</span>
                <span class="checkin-ticket__state">{ state }</span>
            </div>
            if can_check_in(t) {
                <button type="button" class="checkin-button checkin-ticket__action" {onclick}
                    aria-label={fill(T::CheckInByHandLabel, site.lang, &[("name", &t.holder)])}>
                    { site.t(T::CheckInByHand) }
                </button>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct TicketSearchProps {
    pub event_id: i64,
}

#[component]
pub fn TicketSearch(props: &TicketSearchProps) -> Html {
    let site = use_site();
    let door = use_door();
    let query = use_state(String::new);
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let tickets = use_load(
        (props.event_id, (*query).clone(), door.scans.changes),
        |(id, q, _)| async move { Api::new().tickets(id, &q).await },
    );
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let query = query.clone();
            *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || query.set(value)));
        })
    };
    let check_in = {
        let (door, event_id) = (door.clone(), props.event_id);
        Callback::from(move |(order_id, holder): (i64, String)| {
            door.by_hand(event_id, order_id, &holder);
            // Its button goes away: the focus goes to the answer, not to the
            // page's top, and the page does not scroll.
            if let Some(a) = web::window()
                .document()
                .and_then(|d| d.get_element_by_id("checkin-answer"))
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                web::focus(&a);
            }
        })
    };
    let list = match (&tickets.data, &tickets.error) {
        (_, Some(e)) => error_view(&site, e, tickets.retry.clone()),
        (None, None) => loading_view(&site),
        (Some(d), None) if d.tickets.is_empty() => html! {
            <p class="checkin-search__empty">
                { site.t(if query.trim().is_empty() { T::NoTickets } else { T::NothingFound }) }
            </p>
        },
        (Some(d), None) => html! {
            <ul class="checkin-search__list" aria-busy={tickets.loading.to_string()}>
                { for d.tickets.iter().map(|t| row(&site, t, check_in.clone())) }
            </ul>
        },
    };
    html! {
        <section class="checkin-search" aria-labelledby="checkin-search-title">
            <h2 id="checkin-search-title" class="checkin-section-title">
                <label for="checkin-search-input">{ site.t(T::SearchLabel) }</label>
            </h2>
            <input id="checkin-search-input" class="checkin-search__input" type="search"
                autocomplete="off" spellcheck="false" placeholder={site.t(T::SearchPlaceholder)}
                {oninput} />
            { list }
        </section>
    }
}
