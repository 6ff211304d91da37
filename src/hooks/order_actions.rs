//! `use_order_actions`: the order page's actions (`state::actions`). A click
//! either asks first (a dialog, for the destructive ones) or goes at once; the
//! request names the version the user saw and carries an idempotency key that a
//! «Повторить» reuses; when the order changed meanwhile, the fresh one is shown
//! with a warning instead.

use std::rc::Rc;

use kabinet_core::{Action, ActionRequest, CloseOutcome, OrderView};
use yew::prelude::*;

use crate::api::new_key;
use crate::hooks::use_session;
use crate::state::actions::is_changed;
pub use crate::state::actions::{needs_dialog, ActMsg, ActState, Notice, Tone};

/// What `use_order_actions` gives the order page.
pub struct OrderActions {
    pub state: UseReducerHandle<ActState>,
    /// A click on an action's button or menu item.
    pub on_action: Callback<Action>,
    /// «Да» of the dialog, or «Повторить» of a failure.
    pub confirm: Callback<()>,
    pub choose: Callback<CloseOutcome>,
    pub dismiss: Callback<()>,
}

#[hook]
pub fn use_order_actions(
    id: i64,
    order: Option<Rc<OrderView>>,
    replace: Callback<OrderView>,
) -> OrderActions {
    let api = use_session().api.clone();
    let state = use_reducer(ActState::default);
    // Leaving for another order starts clean.
    {
        let state = state.dispatcher();
        use_effect_with(id, move |_| state.dispatch(ActMsg::Dismiss));
    }
    let run = {
        let (state, order) = (state.clone(), order.clone());
        Rc::new(move |action: Action, outcome: Option<CloseOutcome>| {
            let Some(order) = order.clone() else { return };
            if state.busy {
                return;
            }
            let key = state.key.clone().unwrap_or_else(new_key);
            let (api, act, replace) = (api.clone(), state.dispatcher(), replace.clone());
            act.dispatch(ActMsg::Start(key.clone()));
            wasm_bindgen_futures::spawn_local(async move {
                let req = ActionRequest {
                    action,
                    version: order.version,
                    close_outcome: outcome,
                };
                match api.act(order.id, &req, &key).await {
                    Ok(view) => {
                        replace.emit(view);
                        act.dispatch(ActMsg::Done(action));
                    }
                    Err(e) => {
                        if is_changed(&e) {
                            // Show the order as it is now, and why.
                            if let Ok(fresh) = api.order(order.id).await {
                                replace.emit(fresh);
                            }
                        }
                        act.dispatch(ActMsg::Failed(action, e));
                    }
                }
            });
        })
    };
    let on_action = {
        let (state, run) = (state.dispatcher(), run.clone());
        Callback::from(move |a: Action| {
            if needs_dialog(a) {
                state.dispatch(ActMsg::Open(a));
            } else {
                run(a, None);
            }
        })
    };
    let confirm = {
        let (state, run) = (state.clone(), run.clone());
        Callback::from(move |_: ()| {
            if let Some(a) = state.dialog {
                if state.ready() {
                    run(a, state.outcome);
                }
            } else if let Some((a, _)) = &state.failed {
                run(*a, None);
            }
        })
    };
    let choose = state.dispatcher().to_callback().reform(ActMsg::Choose);
    let dismiss = state
        .dispatcher()
        .to_callback()
        .reform(|_: ()| ActMsg::Dismiss);
    OrderActions {
        state,
        on_action,
        confirm,
        choose,
        dismiss,
    }
}
