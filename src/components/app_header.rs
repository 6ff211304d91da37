//! The app's top bar: name, «Мои заказы» (staff: the desk; an event manager: the
//! event tickets), notifications, the user, the language switch, sign out.

use yew::prelude::*;
use yew_router::prelude::*;

use kabinet_core::{full_name, Role};

use crate::components::notification_bell::NotificationBell;
use crate::hooks::{use_locale, use_session, SessionAction};
use crate::i18n::{Lang, T};
use crate::routes::{follow, Route};

#[component]
pub fn AppHeader() -> Html {
    let locale = use_locale();
    let session = use_session();
    let other = if locale.lang == Lang::Ru {
        Lang::En
    } else {
        Lang::Ru
    };
    let switch = locale.set_lang.reform(move |_: MouseEvent| other);
    let sign_out = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| {
            let session = session.clone();
            let api = session.api.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Signing out locally must work even when the server cannot be reached.
                let _ = api.logout().await;
                session.dispatch(SessionAction::SignedOut);
            });
        })
    };
    let role = session.user.as_ref().map(|u| u.role);
    let route = use_route::<Route>();
    let name = session
        .user
        .as_ref()
        .map(|u| full_name(&u.first_name, &u.last_name))
        .unwrap_or_default();
    html! {
        <header class="app-header">
            <a class="skip-link" href="#main">{ locale.t(T::SkipToContent) }</a>
            <Link<Route> to={Route::Home} classes="app-header__brand">{ locale.t(T::AppName) }</Link<Route>>
            <nav class={classes!("app-header__nav", (role == Some(Role::Tenant)).then_some("app-header__nav--tenant"))}
                 aria-label={locale.t(T::AppName)}>
                {
                    match role {
                        // The check-in app is its own bundle: a plain link loads it.
                        Some(Role::Staff) => html! { <>
                            <Link<Route> to={Route::Desk} classes="app-header__link">{ locale.t(T::Desk) }</Link<Route>>
                            <a href="/checkin" class="app-header__link">{ locale.t(T::CheckinApp) }</a>
                        </> },
                        Some(Role::EventManager) => html! { <>
                            <a href="/checkin" class="app-header__link">{ locale.t(T::CheckinApp) }</a>
                            <Link<Route> to={Route::Desk} classes="app-header__link">{ locale.t(T::EventTickets) }</Link<Route>>
                        </> },
                        _ if session.token.is_some() => html! {
                            { for [(Route::Orders, T::MyOrders), (Route::Calendar, T::MyCalendar), (Route::Bookings, T::MyBookings)]
                                .into_iter().map(|(to, label)| {
                                    // «Мои заказы» is also where the user is on one of the orders.
                                    let current = match (&route, &to) {
                                        (Some(r), to) if r == to => Some("page"),
                                        (Some(Route::Order { .. }), Route::Orders) => Some("true"),
                                        _ => None,
                                    };
                                    html! {
                                        <a href={to.to_path()} class="app-header__link" aria-current={current} onclick={follow}>
                                            { locale.t(label) }
                                        </a>
                                    }
                                }) }
                        },
                        _ => html! {},
                    }
                }
            </nav>
            <div class="app-header__tools">
                if session.token.is_some() {
                    <NotificationBell />
                }
                if !name.is_empty() {
                    <span class="app-header__user">{ name }</span>
                }
                <button type="button" class="button button--ghost" onclick={switch}
                        lang={other.code()} aria-label={format!("{}: {}", locale.t(T::Language), locale.t(T::SwitchLanguage))}>
                    { locale.t(T::SwitchLanguage) }
                </button>
                if session.token.is_some() {
                    <button type="button" class="button button--ghost" onclick={sign_out} data-testid="sign-out">{ locale.t(T::SignOut) }</button>
                }
            </div>
        </header>
    }
}
