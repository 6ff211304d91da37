//! The bar over every page: the way back to the events (or the app's name), the
//! orders for staff, who is signed in with «Выйти», and the language switch.

use yew::prelude::*;

use crate::components::app_link;
use crate::hooks::use_site;
use crate::i18n::{fill, T};
use crate::route::Route;
use crate::web;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// On an event's page: a link back to the list instead of the app's name.
    #[prop_or_default]
    pub back: bool,
}

#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let site = use_site();
    let switch = {
        let (set, other) = (site.set_lang.clone(), site.lang.other());
        Callback::from(move |_: MouseEvent| set.emit(other))
    };
    let start = if props.back {
        app_link(
            &site,
            Route::Events,
            "checkin-bar__back",
            html! { <><span aria-hidden="true">{ "← " }</span>{ site.t(T::AllEvents) }</> },
        )
    } else {
        html! { <span class="checkin-bar__title">{ site.t(T::AppTitle) }</span> }
    };
    html! {
        <header class="checkin-bar">
            { start }
            <nav class="checkin-bar__end">
                if !site.user.is_empty() {
                    <span class="checkin-bar__user" title={fill(T::SignedInAs, site.lang, &[("name", &site.user)])}>
                        { &*site.user }
                    </span>
                }
                <button type="button" class="checkin-bar__signout"
                    onclick={Callback::from(|_: MouseEvent| web::sign_out())}>
                    { site.t(T::SignOut) }
                </button>
                if site.staff {
                    <a class="checkin-bar__link" href="/">{ site.t(T::MyOrders) }</a>
                }
                <button type="button" class="checkin-bar__lang" onclick={switch}
                    lang={site.lang.other().code()} aria-label={site.t(T::SwitchLanguageLabel)}>
                    { site.t(T::SwitchLanguage) }
                </button>
            </nav>
        </header>
    }
}
