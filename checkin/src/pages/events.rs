//! The event manager's landing page: today's events first, each with «отмечено N
//! из M», then the coming days'. An event opens its door page.

use kabinet_core::CheckinEvent;
use yew::prelude::*;

use crate::api::Api;
use crate::components::{app_link, error_view, forbidden_view, loading_view, TopBar};
use crate::hooks::{use_door, use_load, use_site, Site};
use crate::i18n::{count_of, T};
use crate::route::Route;

fn card(site: &Site, e: &CheckinEvent) -> Html {
    let body = html! {
        <>
            <span class="checkin-card__name">{ &e.name }</span>
            <span class="checkin-card__when">{ site.range(&e.starts_at, &e.ends_at) }</span>
            if let Some(p) = e.place.as_deref().filter(|p| !p.is_empty()) {
                <span class="checkin-card__place">{ p }</span>
            }
            <span class="checkin-card__count checkin-count">{ count_of(e.checked_in, e.total, site.lang) }</span>
        </>
    };
    html! {
        <li key={e.id} class="checkin-card-item">
            { app_link(site, Route::Event(e.id), if e.today { "checkin-card checkin-card--today" } else { "checkin-card" }, body) }
        </li>
    }
}

fn group(site: &Site, title: T, events: &[&CheckinEvent]) -> Html {
    if events.is_empty() {
        return html! {};
    }
    html! {
        <section class="checkin-group">
            <h2 class="checkin-section-title">{ site.t(title) }</h2>
            <ul class="checkin-cards">{ for events.iter().map(|e| card(site, e)) }</ul>
        </section>
    }
}

#[component]
pub fn EventsPage() -> Html {
    let site = use_site();
    let door = use_door();
    crate::web::set_title(site.t(T::AppTitle));
    let events = use_load(door.scans.changes, |_| async { Api::new().events().await });
    let waiting = door.scans.waiting().count();
    let body = match (&events.data, &events.error) {
        (_, Some(e)) if e.status() == Some(403) => forbidden_view(&site),
        (_, Some(e)) => error_view(&site, e, events.retry.clone()),
        (None, None) => loading_view(&site),
        (Some(d), None) if d.events.is_empty() => html! {
            <p class="checkin-empty">{ site.t(T::NoEvents) }</p>
        },
        (Some(d), None) => {
            let (today, later): (Vec<&CheckinEvent>, Vec<&CheckinEvent>) =
                d.events.iter().partition(|e| e.today);
            html! {
                <>
                    { group(&site, T::Today, &today) }
                    { group(&site, T::Upcoming, &later) }
                </>
            }
        }
    };
    html! {
        <>
            <TopBar />
            <main id="main" class="checkin-main checkin-events" tabindex="-1">
                <h1 class="checkin-title">{ site.t(T::Events) }</h1>
                if waiting > 0 {
                    <p class="checkin-waiting__offline">{ site.t(T::Offline) }{ format!(" ({waiting})") }</p>
                }
                { body }
            </main>
        </>
    }
}
