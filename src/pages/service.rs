//! A service of the catalogue, as opened from «Дополнительные услуги», with a way
//! back. A simple service or a request is ordered right here; other kinds are
//! ordered through their forms on the portal. An unknown one is «Услуга не найдена».

use std::rc::Rc;

use kabinet_core::{Kind, PlaceOrder, Service, COMMENT_MAX};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{new_key, ApiError};
use crate::components::{kind_icon, money_text, msg_text, remote_view};
use crate::hooks::{use_locale, use_remote, use_session, use_title, Remote};
use crate::i18n::{kind_label, Msg, T};
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct ServicePageProps {
    pub id: i64,
}

#[component]
pub fn ServicePage(props: &ServicePageProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let navigator = use_navigator();
    let remote = use_remote(props.id, move |id| {
        let api = api.clone();
        async move { api.service(id).await }
    });
    use_title(match &remote.state {
        Remote::Ready(s) => s.name.clone(),
        Remote::Failed(e) if e.status() == Some(404) => locale.t(T::ServiceNotFound).to_string(),
        _ => String::new(),
    });
    // Back where the user came from (an order's tiles), or to the list when the
    // page was opened on its own.
    let back = Callback::from(move |e: MouseEvent| {
        let has_history = web_sys::window()
            .and_then(|w| w.history().ok())
            .and_then(|h| h.length().ok())
            .is_some_and(|n| n > 1);
        if let (true, Some(nav)) = (has_history, &navigator) {
            e.prevent_default();
            nav.back();
        }
    });
    let render = {
        let locale = locale.clone();
        Callback::from(move |s: Rc<Service>| {
            let orderable = s.kind.orderable_here();
            html! {
                <article class="card service">
                    <p class="muted">{ kind_icon(s.kind, &locale) }{ " " }{ kind_label(s.kind, locale.lang) }</p>
                    <h1>{ &s.name }</h1>
                    if let Some(p) = &s.price { <p class="service__price">{ money_text(p, &locale) }</p> }
                    <p class="description">{ &s.description }</p>
                    <dl class="rows">
                        { for s.characteristics.iter().map(|c| html! {
                            <div class="rows__row"><dt>{ &c.label }</dt><dd>{ &c.value }</dd></div>
                        }) }
                    </dl>
                    if orderable {
                        <OrderForm service_id={s.id} kind={s.kind} />
                    } else {
                        <p class="note">{ locale.t(T::OrderFormSoon) }</p>
                    }
                </article>
            }
        })
    };
    html! {
        <>
            <nav class="crumbs" aria-label={locale.t(T::Back)}>
                <a href="/orders" onclick={back} data-testid="back">{ "← " }{ locale.t(T::Back) }</a>
            </nav>
            { remote_view(&locale, &remote, T::ServiceNotFound, &render) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct OrderFormProps {
    pub service_id: i64,
    pub kind: Kind,
}

/// Where placing the order stands.
#[derive(Clone, Default, PartialEq)]
struct FormState {
    busy: bool,
    /// Kept while the same text is retried, so a retry places one order.
    key: Option<String>,
    comment_error: Option<Msg>,
    error: Option<Msg>,
}

/// The comment (required for a request) and «Заказать».
#[component]
pub fn OrderForm(props: &OrderFormProps) -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let comment = use_state(String::new);
    let state = use_state(FormState::default);
    let request = props.kind == Kind::Request;

    let oninput = {
        let (comment, state) = (comment.clone(), state.clone());
        Callback::from(move |e: InputEvent| {
            comment.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            // Another text is another order: a new key on the next submit.
            if state.key.is_some() || state.comment_error.is_some() {
                state.set(FormState {
                    key: None,
                    comment_error: None,
                    ..(*state).clone()
                });
            }
        })
    };
    let onsubmit = {
        let (comment, state) = (comment.clone(), state.clone());
        let (api, service_id) = (session.api.clone(), props.service_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.busy {
                return;
            }
            let text = comment.trim().to_string();
            let local = if request && text.is_empty() {
                Some(T::DescribeRequest)
            } else if text.chars().count() > COMMENT_MAX {
                Some(T::CommentLimit)
            } else {
                None
            };
            if let Some(t) = local {
                state.set(FormState {
                    comment_error: Some(Msg::Key(t)),
                    ..FormState::default()
                });
                return;
            }
            let key = state.key.clone().unwrap_or_else(new_key);
            state.set(FormState {
                busy: true,
                key: Some(key.clone()),
                ..FormState::default()
            });
            let (api, state, navigator) = (api.clone(), state.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let req = PlaceOrder {
                    service_id,
                    comment: text,
                    ..PlaceOrder::default()
                };
                match api.place_order(&req, &key).await {
                    Ok(view) => {
                        if let Some(nav) = &navigator {
                            nav.push(&Route::Order { id: view.id });
                        }
                    }
                    Err(e) => {
                        let on_comment =
                            matches!(&e, ApiError::Http { .. }) && e.field() == Some("comment");
                        let network = matches!(e, ApiError::Network(_));
                        let message = Msg::Api(e);
                        state.set(FormState {
                            busy: false,
                            // A network failure is retried with the same key.
                            key: network.then_some(key),
                            comment_error: on_comment.then(|| message.clone()),
                            error: (!on_comment).then_some(message),
                        });
                    }
                }
            });
        })
    };
    let (label, button) = if request {
        (T::RequestText, T::SendRequest)
    } else {
        (T::OrderComment, T::PlaceOrder)
    };
    html! {
        <form class="order-form" {onsubmit} novalidate=true data-testid="order-form">
            <div class="field">
                <label for="order-comment">{ locale.t(label) }</label>
                <textarea id="order-comment" rows="4" maxlength={COMMENT_MAX.to_string()}
                          value={(*comment).clone()} {oninput} required={request}
                          aria-invalid={state.comment_error.is_some().to_string()}
                          aria-describedby={state.comment_error.as_ref().map(|_| "order-comment-error")} />
                if let Some(m) = &state.comment_error {
                    <p class="field__error" id="order-comment-error" role="alert">{ msg_text(m, &locale) }</p>
                }
            </div>
            if let Some(m) = &state.error {
                <p class="alert" role="alert">{ msg_text(m, &locale) }</p>
            }
            <button type="submit" class="button button--primary" disabled={state.busy}>
                { locale.t(if state.busy { T::Sending } else { button }) }
            </button>
        </form>
    }
}
