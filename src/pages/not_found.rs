//! The page for an address the app does not know: with the app's header, so the
//! way on (and the language switch) is where it always is.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::AppHeader;
use crate::hooks::{use_locale, use_title};
use crate::i18n::T;
use crate::routes::Route;

/// The page's content, for pages that already stand under the header.
#[component]
pub fn NotFoundBody() -> Html {
    let locale = use_locale();
    use_title(locale.t(T::NotFoundTitle).to_string());
    html! {
        <div class="not-found" data-testid="not-found">
            <h1>{ locale.t(T::NotFoundTitle) }</h1>
            <p><Link<Route> to={Route::Home}>{ locale.t(T::BackToOrders) }</Link<Route>></p>
        </div>
    }
}

#[component]
pub fn NotFoundPage() -> Html {
    html! {
        <>
            <AppHeader />
            <main id="main" class="main main--narrow" tabindex="-1"><NotFoundBody /></main>
        </>
    }
}
