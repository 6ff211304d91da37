//! A service of the catalogue, as opened from «Дополнительные услуги» or a service
//! link, with a way back: what it is, and its order form (every kind). With
//! `?repeat=N` the form is filled in from order N («Повторить заказ»). An unknown
//! service is «Услуга не найдена».

use std::rc::Rc;

use kabinet_core::OrderFormSpec;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::order_form::OrderForm;
use crate::components::remote_view::spinner;
use crate::components::{error_box, kind_icon, money_text, remote_view};
use crate::hooks::{use_locale, use_remote, use_session, use_title, Remote};
use crate::i18n::{kind_label, T};
use crate::routes::RepeatQuery;

#[derive(Properties, PartialEq)]
pub struct ServicePageProps {
    pub id: i64,
}

#[component]
pub fn ServicePage(props: &ServicePageProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let navigator = use_navigator();
    let repeat = use_location()
        .and_then(|l| l.query::<RepeatQuery>().ok())
        .and_then(|q| q.repeat);
    let remote = {
        let api = api.clone();
        use_remote(props.id, move |id| {
            let api = api.clone();
            async move { api.order_form(id).await }
        })
    };
    let draft = use_remote(repeat, move |repeat| {
        let f = repeat.map(|id| api.repeat_draft(id));
        async move {
            match f {
                Some(f) => f.await.map(Some),
                None => Ok(None),
            }
        }
    });
    use_title(match &remote.state {
        Remote::Ready(s) => s.service.name.clone(),
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
        let draft_state = draft.state.clone();
        let reload = draft.reload.clone();
        Callback::from(move |spec: Rc<OrderFormSpec>| {
            let s = &spec.service;
            // The form starts from the repeat draft, so it waits for it.
            let form = match &draft_state {
                Remote::Loading => spinner(&locale),
                Remote::Failed(e) => html! {
                    <>
                        { error_box(e, &reload, T::OrderNotFound, &locale) }
                        <OrderForm key="new" spec={spec.clone()} />
                    </>
                },
                Remote::Ready(d) => {
                    let repeat = (**d).clone().map(Rc::new);
                    let key = repeat
                        .as_ref()
                        .map_or_else(|| "new".to_string(), |r| r.from_number.clone());
                    html! { <OrderForm {key} spec={spec.clone()} {repeat} /> }
                }
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
