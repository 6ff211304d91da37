//! The page for an address the app does not know.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::use_locale;
use crate::i18n::T;
use crate::routes::Route;

#[component]
pub fn NotFoundPage() -> Html {
    let locale = use_locale();
    html! {
        <main id="main" class="main main--narrow">
            <h1>{ locale.t(T::NotFoundTitle) }</h1>
            <p><Link<Route> to={Route::Orders}>{ locale.t(T::BackToOrders) }</Link<Route>></p>
        </main>
    }
}
