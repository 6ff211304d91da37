//! One event's door: its header with «отмечено N из M» (read again after every
//! check-in and undo), the camera and the code field, the answer panel, the scans
//! waiting for the network, and the ticket search. Phone first: one column
//! (camera, code field, answer and its undo, waiting, search: the field stays
//! put whatever the answer's height); wide: the camera left, the answer and the
//! search right.

use yew::prelude::*;

use crate::api::Api;
use crate::components::{
    app_link, error_view, forbidden_view, loading_view, AnswerPanel, CameraView, CodeEntry,
    TicketSearch, TopBar, UndoBar, WaitingList,
};
use crate::hooks::{use_door, use_load, use_site};
use crate::i18n::{count_of, T};
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct EventPageProps {
    pub id: i64,
}

#[component]
pub fn EventPage(props: &EventPageProps) -> Html {
    let site = use_site();
    let door = use_door();
    let id = props.id;
    // No endpoint of its own: the list carries the header's facts and counts.
    let events = use_load((id, door.scans.changes), |_| async {
        Api::new().events().await
    });
    let event = events
        .data
        .as_ref()
        .and_then(|d| d.events.iter().find(|e| e.id == id).cloned());
    crate::web::set_title(
        &event
            .as_ref()
            .map(|e| format!("{} — {}", e.name, site.t(T::AppTitle)))
            .unwrap_or_else(|| site.t(T::AppTitle).to_string()),
    );
    let page = |body: Html| {
        html! {
            <>
                <TopBar back=true />
                <main id="main" class="checkin-main" tabindex="-1">{ body }</main>
            </>
        }
    };
    let Some(event) = event else {
        return page(match (&events.data, &events.error) {
            (_, Some(e)) if e.status() == Some(403) => forbidden_view(&site),
            (_, Some(e)) => error_view(&site, e, events.retry.clone()),
            (None, None) => loading_view(&site),
            (Some(_), None) => html! {
                <>
                    <h1 class="checkin-title">{ site.t(T::EventNotFound) }</h1>
                    <p>{ app_link(&site, Route::Events, "checkin-button", html! { site.t(T::AllEvents) }) }</p>
                </>
            },
        });
    };
    page(html! {
        <>
            <div class="checkin-event-head">
                <h1 class="checkin-title">{ &event.name }</h1>
                <p class="checkin-event-head__when">
                    { site.range(&event.starts_at, &event.ends_at) }
                    if let Some(p) = event.place.as_deref().filter(|p| !p.is_empty()) {
                        { " · " }{ p }
                    }
                </p>
                <p class="checkin-event-head__count checkin-count" aria-live="polite">
                    { count_of(event.checked_in, event.total, site.lang) }
                </p>
                if !event.today {
                    <p class="checkin-event-head__note">{ site.t(T::NotTodayHint) }</p>
                }
            </div>
            <div class="checkin-door">
                <div class="checkin-door__scan">
                    <CameraView event_id={id} />
                    <CodeEntry event_id={id} />
                </div>
                <div class="checkin-door__side">
                    <AnswerPanel />
                    <UndoBar event_id={id} />
                    <WaitingList event_id={id} />
                    <TicketSearch event_id={id} />
                </div>
            </div>
        </>
    })
}
