//! Links within the app, and the loading, error and «not for you» states (plain
//! functions: they hold no state of their own).

use yew::prelude::*;

use crate::api::ApiError;
use crate::hooks::Site;
use crate::i18n::{error_words, T};
use crate::route::Route;

/// A link to a page of this app: followed without a page load (a click meant for
/// a new tab or window stays the browser's).
pub fn app_link(site: &Site, to: Route, class: &'static str, body: Html) -> Html {
    let href = to.path();
    let go = site.go.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        if e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() {
            return;
        }
        e.prevent_default();
        go.emit(to.clone());
    });
    html! { <a {class} {href} {onclick}>{ body }</a> }
}

pub fn loading_view(site: &Site) -> Html {
    html! {
        <p class="checkin-loading" role="status">
            <span class="checkin-spinner" aria-hidden="true"></span>
            { site.t(T::Loading) }
        </p>
    }
}

/// A failed load: what went wrong and «Повторить».
pub fn error_view(site: &Site, e: &ApiError, retry: Callback<()>) -> Html {
    html! {
        <div class="checkin-error" role="alert">
            <p class="checkin-error__title">{ site.t(T::ErrorTitle) }</p>
            <p>{ error_words(e, site.lang) }</p>
            <button type="button" class="checkin-button" onclick={retry.reform(|_| ())}>
                { site.t(T::Retry) }
            </button>
        </div>
    }
}

/// A tenant opened the door app: it is not theirs (home, or «Выйти» to sign in
/// as someone else).
pub fn forbidden_view(site: &Site) -> Html {
    html! {
        <div class="checkin-error checkin-forbidden" role="alert">
            <p class="checkin-error__title">{ site.t(T::Forbidden) }</p>
            <div class="checkin-forbidden__actions">
                <a class="checkin-button" href="/">{ site.t(T::ToHome) }</a>
                <button type="button" class="checkin-button checkin-button--quiet checkin-forbidden__signout"
                    onclick={Callback::from(|_: MouseEvent| crate::web::sign_out())}>
                    { site.t(T::SignOut) }
                </button>
            </div>
        </div>
    }
}
