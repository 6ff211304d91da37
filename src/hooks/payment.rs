//! Paying online: «Оплатить» starts a payment of what is due and sends the browser
//! to the provider's page (which brings the user back to the order). A payment
//! that could not start right after placing an order is told on the order page.

use std::cell::RefCell;

use yew::prelude::*;

use crate::api::{Api, ApiError};
use crate::hooks::use_session;

thread_local! {
    /// The order placed whose payment could not start, and why (shown once, by
    /// its «Оплатить»).
    static PAY_FAILED: RefCell<Option<(i64, ApiError)>> = const { RefCell::new(None) };
}

/// Remembers that paying for `order_id` could not start.
pub fn pay_failed(order_id: i64, e: ApiError) {
    PAY_FAILED.with(|p| *p.borrow_mut() = Some((order_id, e)));
}

fn take_pay_failure(order_id: i64) -> Option<ApiError> {
    PAY_FAILED.with(|p| {
        let mut p = p.borrow_mut();
        match p.take() {
            Some((id, e)) if id == order_id => Some(e),
            other => {
                *p = other;
                None
            }
        }
    })
}

thread_local! {
    /// Reloads a page the browser brings back from its back-forward cache.
    static ON_RETURN: RefCell<Option<gloo_events::EventListener>> = const { RefCell::new(None) };
}

/// Sends the browser to `url` (a page of another site, kept in the history).
pub fn go_to(url: &str) {
    let Some(w) = web_sys::window() else {
        return;
    };
    // Back from the provider's page the browser may show this page as it was left
    // («Переходим к оплате…», busy): it is loaded afresh instead.
    ON_RETURN.with(|l| {
        l.borrow_mut().get_or_insert_with(|| {
            gloo_events::EventListener::new(&w, "pageshow", |e| {
                let persisted =
                    js_sys::Reflect::get(e, &"persisted".into()).is_ok_and(|v| v.is_truthy());
                if persisted {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
            })
        });
    });
    let _ = w.location().assign(url);
}

/// Starts paying for the order and, when the provider answers, goes to its page.
/// Back from there leads to the order, not to the form that placed it.
pub async fn pay(api: &Api, order_id: i64) -> Result<(), ApiError> {
    let start = api.start_payment(order_id).await?;
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("/orders/{order_id}")),
        );
    }
    go_to(&start.confirmation_url);
    Ok(())
}

/// Where «Оплатить» stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PayState {
    pub busy: bool,
    pub error: Option<ApiError>,
}

/// «Оплатить» of an order: its state and the click.
#[hook]
pub fn use_pay(order_id: i64) -> (PayState, Callback<()>) {
    let api = use_session().api.clone();
    // Kept with its order: another order (the same page, another id) starts clean.
    let state = use_state(|| {
        let error = take_pay_failure(order_id);
        (order_id, PayState { busy: false, error })
    });
    let now = match &*state {
        (id, s) if *id == order_id => s.clone(),
        _ => PayState::default(),
    };
    let start = {
        let (state, busy) = (state.clone(), now.busy);
        Callback::from(move |()| {
            if busy {
                return;
            }
            let set = |busy, error| state.set((order_id, PayState { busy, error }));
            set(true, None);
            let (api, state) = (api.clone(), state.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // On success the page is leaving: it stays busy until it has.
                if let Err(e) = pay(&api, order_id).await {
                    state.set((
                        order_id,
                        PayState {
                            busy: false,
                            error: Some(e),
                        },
                    ));
                }
            });
        })
    };
    (now, start)
}
