//! A service of the catalogue, as opened from «Дополнительные услуги».

use std::rc::Rc;

use kabinet_core::Service;
use yew::prelude::*;

use crate::components::{KindIcon, MoneyText, RemoteView};
use crate::hooks::{use_locale, use_remote, use_session};
use crate::i18n::{kind_label, T};

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
                <p class="note">{ locale.t(T::OrderFormSoon) }</p>
            </article>
        }
    });
    html! { <RemoteView<Service> state={remote.state} on_retry={remote.reload} {render} /> }
}
