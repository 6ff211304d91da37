//! A service of the catalogue, as opened from «Дополнительные услуги». A simple
//! service or a request is ordered right here; other kinds are ordered through
//! their forms on the portal.

use std::rc::Rc;

use kabinet_core::{Kind, PlaceOrder, Service, COMMENT_MAX};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{new_key, ApiError};
use crate::components::{error_text, KindIcon, MoneyText, RemoteView};
use crate::hooks::{use_locale, use_remote, use_session};
use crate::i18n::{kind_label, T};
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct ServicePageProps {
    pub id: i64,
}

#[component]
pub fn ServicePage(props: &ServicePageProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let remote = use_remote(props.id, move |id| {
        let api = api.clone();
        async move { api.service(id).await }
    });
    let render = Callback::from(move |s: Rc<Service>| {
        let orderable = matches!(s.kind, Kind::Service | Kind::Request);
        html! {
            <article class="card service">
                <p class="muted"><KindIcon kind={s.kind} />{ " " }{ kind_label(s.kind, locale.lang) }</p>
                <h1>{ &s.name }</h1>
                if let Some(p) = &s.price { <p class="service__price"><MoneyText money={p.clone()} /></p> }
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
    });
    html! { <RemoteView<Service> state={remote.state} on_retry={remote.reload} {render} /> }
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
    comment_error: Option<String>,
    error: Option<String>,
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
        let (comment, state, locale) = (comment.clone(), state.clone(), locale.clone());
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
                    comment_error: Some(locale.t(t).to_string()),
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
            let (api, state, locale, navigator) = (
                api.clone(),
                state.clone(),
                locale.clone(),
                navigator.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let req = PlaceOrder {
                    service_id,
                    comment: text,
                };
                match api.place_order(&req, &key).await {
                    Ok(view) => {
                        if let Some(nav) = &navigator {
                            nav.push(&Route::Order { id: view.id });
                        }
                    }
                    Err(e) => {
                        let message = error_text(&e, &locale);
                        let on_comment =
                            matches!(&e, ApiError::Http { .. }) && e.field() == Some("comment");
                        state.set(FormState {
                            busy: false,
                            // A network failure is retried with the same key.
                            key: matches!(e, ApiError::Network(_)).then_some(key),
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
                    <p class="field__error" id="order-comment-error" role="alert">{ m }</p>
                }
            </div>
            if let Some(m) = &state.error {
                <p class="alert" role="alert">{ m }</p>
            }
            <button type="submit" class="button button--primary" disabled={state.busy}>
                { locale.t(if state.busy { T::Sending } else { button }) }
            </button>
        </form>
    }
}
