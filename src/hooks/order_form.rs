//! `use_order_form`: the order form's state (`state::order_form`) with what is free
//! for the choices made, uploads, and placing the order — then paying for it when
//! something is due now, or opening it.

use std::rc::Rc;

use kabinet_core::{Action, Availability, OrderFormSpec, RepeatDraft};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::new_key;
use crate::hooks::payment::{pay, pay_failed};
use crate::hooks::{use_remote, use_session, RemoteHandle};
use crate::routes::Route;
use crate::state::order_form::{availability_span, FormMsg, FormState};

pub struct OrderFormHandle {
    pub state: UseReducerHandle<FormState>,
    /// Free hours, seats, rooms and places for the choices made (empty for the
    /// kinds without limits).
    pub availability: RemoteHandle<Availability>,
    pub submit: Callback<()>,
    /// A file chosen for a form's file field (`Some(key)`) or the attachments.
    pub upload: Callback<(Option<String>, web_sys::File)>,
}

#[hook]
pub fn use_order_form(spec: Rc<OrderFormSpec>, repeat: Option<Rc<RepeatDraft>>) -> OrderFormHandle {
    let session = use_session();
    let navigator = use_navigator();
    let user = session
        .user
        .as_ref()
        .map(|u| format!("{} {}", u.first_name, u.last_name))
        .unwrap_or_default();
    let state = {
        let spec = spec.clone();
        use_reducer(move || FormState::new(&spec, user.trim(), repeat.as_deref()))
    };
    let span = availability_span(&spec, &state.draft);
    let availability = {
        let (api, id) = (session.api.clone(), spec.service.id);
        use_remote(span, move |span| {
            let f = span.map(|(from, to)| api.availability(id, &from, &to));
            async move {
                match f {
                    Some(f) => f.await,
                    None => Ok(Availability {
                        days: vec![],
                        events: vec![],
                    }),
                }
            }
        })
    };
    let submit = {
        let (state, api) = (state.clone(), session.api.clone());
        let reload = availability.reload.clone();
        Callback::from(move |()| {
            if state.busy || state.uploading > 0 {
                return;
            }
            let problems = state.check(&spec);
            if !problems.is_empty() {
                state.dispatch(FormMsg::Invalid(problems));
                return;
            }
            let key = state.key.clone().unwrap_or_else(new_key);
            let req = state.request();
            let (api, send, nav) = (api.clone(), state.dispatcher(), navigator.clone());
            let reload = reload.clone();
            send.dispatch(FormMsg::Start(key.clone()));
            wasm_bindgen_futures::spawn_local(async move {
                match api.place_order(&req, &key).await {
                    Ok(view) => {
                        let due = view.payment.as_ref().is_some_and(|p| p.due_now.amount > 0)
                            && view.actions.contains(&Action::Pay);
                        if due {
                            match pay(&api, view.id).await {
                                // The browser is on its way to the provider.
                                Ok(()) => return,
                                Err(e) => pay_failed(view.id, e),
                            }
                        }
                        send.dispatch(FormMsg::Placed);
                        if let Some(nav) = &nav {
                            nav.push(&Route::Order { id: view.id });
                        }
                    }
                    Err(e) => {
                        // Sold meanwhile: show what is free now.
                        if e.status() == Some(409) {
                            reload.emit(());
                        }
                        send.dispatch(FormMsg::Failed(e));
                    }
                }
            });
        })
    };
    let upload = {
        let (send, api) = (state.dispatcher(), session.api.clone());
        Callback::from(move |(field, file): (Option<String>, web_sys::File)| {
            let (send, api) = (send.clone(), api.clone());
            send.dispatch(FormMsg::UploadStarted);
            wasm_bindgen_futures::spawn_local(async move {
                send.dispatch(match api.upload_new(&file).await {
                    Ok(up) => FormMsg::Uploaded(field, up),
                    Err(e) => FormMsg::UploadFailed(field, e),
                });
            });
        })
    };
    OrderFormHandle {
        state,
        availability,
        submit,
        upload,
    }
}
