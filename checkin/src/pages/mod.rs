//! One component per route: the events, one event's door, and not found.

mod event;
mod events;

pub use event::EventPage;
pub use events::EventsPage;

use yew::prelude::*;

use crate::components::{app_link, TopBar};
use crate::hooks::use_site;
use crate::i18n::T;
use crate::route::Route;

#[component]
pub fn NotFoundPage() -> Html {
    let site = use_site();
    crate::web::set_title(site.t(T::PageNotFound));
    html! {
        <>
            <TopBar back=true />
            <main id="main" class="checkin-main" tabindex="-1">
                <h1 class="checkin-title">{ site.t(T::PageNotFound) }</h1>
                <p>{ app_link(&site, Route::Events, "checkin-button", html! { site.t(T::AllEvents) }) }</p>
            </main>
        </>
    }
}
