//! A service of the catalogue, as opened from «Дополнительные услуги» or a service
//! link, with a way back: what it is, and its order form (every kind). With
//! `?repeat=N` the form is filled in from order N («Повторить заказ»). An unknown
//! service is «Услуга не найдена».

use std::rc::Rc;

use kabinet_core::{OrderFormSpec, RepeatDraft};

use crate::api::ApiError;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::order_form::OrderForm;
use crate::components::{error_text, kind_icon, money_text, remote_view};
use crate::hooks::{use_locale, use_remote, use_session, use_title, Remote};
use crate::i18n::{kind_label, T};
use crate::routes::repeat_of;

/// The form of the service, and the repeat draft when one was asked for.
pub struct Loaded {
    spec: Rc<OrderFormSpec>,
    draft: Option<Result<Rc<RepeatDraft>, ApiError>>,
}

#[derive(Properties, PartialEq)]
pub struct ServicePageProps {
    pub id: i64,
}

#[component]
pub fn ServicePage(props: &ServicePageProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let navigator = use_navigator();
    let repeat = use_location().and_then(|l| repeat_of(l.query_str()));
    // The form and, for a repeat, the draft it starts from (one load: the form
    // waits for both; a draft that fails leaves a fresh form with the reason).
    let remote = use_remote((props.id, repeat), move |(id, repeat)| {
        let spec = api.order_form(id);
        let draft = repeat.map(|r| api.repeat_draft(r));
        async move {
            let spec = spec.await?;
            let draft = match draft {
                Some(d) => Some(d.await.map(Rc::new)),
                None => None,
            };
            Ok(Loaded {
                spec: Rc::new(spec),
                draft,
            })
        }
    });
    use_title(match &remote.state {
        Remote::Ready(s) => s.spec.service.name.clone(),
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
        Callback::from(move |loaded: Rc<Loaded>| {
            let spec = loaded.spec.clone();
            let s = &spec.service;
            let form = match &loaded.draft {
                Some(Err(e)) => html! {
                    <>
                        <p class="alert" role="alert">{ error_text(e, &locale) }</p>
                        <OrderForm key="new" spec={spec.clone()} />
                    </>
                },
                Some(Ok(d)) => {
                    let key = d.from_number.clone();
                    html! { <OrderForm {key} spec={spec.clone()} repeat={d.clone()} /> }
                }
                None => html! { <OrderForm key="new" spec={spec.clone()} /> },
            };
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
                    { form }
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
