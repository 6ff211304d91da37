//! Scans made without a connection: «не проверено» until the server has answered,
//! then its answer in their place. `.checkin-waiting`, items
//! `.checkin-waiting__item--pending` and `--done`.

use kabinet_core::{group_code, RedeemStatus};
use yew::prelude::*;

use crate::hooks::{use_door, use_site, Site};
use crate::i18n::{answer_headline, error_words, T};
use crate::state::scans::{Outcome, Scan};
use crate::web::format::{self, Style};

/// Who or what was scanned: the code in groups, or the name picked by hand.
fn what(site: &Site, scan: &Scan) -> String {
    match (&scan.code, &scan.holder) {
        (Some(c), _) => group_code(c),
        (None, Some(h)) => format!("{h} ({})", site.t(T::ByHand)),
        (None, None) => String::new(),
    }
}

fn at(site: &Site, scan: &Scan) -> String {
    let iso: String = js_sys::Date::new(&scan.at_ms.into()).to_iso_string().into();
    format::date(&iso, site.lang, &site.tz, Style::Time)
}

#[derive(Properties, PartialEq)]
pub struct WaitingListProps {
    pub event_id: i64,
}

#[component]
pub fn WaitingList(props: &WaitingListProps) -> Html {
    let site = use_site();
    let door = use_door();
    let scans = &door.scans;
    let waiting: Vec<&Scan> = scans
        .waiting()
        .filter(|s| s.event_id == props.event_id)
        .collect();
    let late: Vec<_> = scans
        .late
        .iter()
        .filter(|(s, _)| s.event_id == props.event_id)
        .collect();
    if waiting.is_empty() && late.is_empty() && door.online {
        return html! {};
    }
    html! {
        <section class="checkin-waiting" aria-labelledby="checkin-waiting-title">
            <h2 id="checkin-waiting-title" class="checkin-section-title">
                { site.t(if waiting.is_empty() { T::Checked } else { T::Waiting }) }
            </h2>
            if !door.online {
                <p class="checkin-waiting__offline">{ site.t(T::Offline) }</p>
            } else if !waiting.is_empty() {
                <p class="checkin-waiting__hint">{ site.t(T::WaitingHint) }</p>
            }
            <ul class="checkin-waiting__list">
                { for waiting.iter().map(|s| html! {
                    <li key={s.scan_id.clone()} class="checkin-waiting__item checkin-waiting__item--pending">
                        <span class="checkin-waiting__what">{ what(&site, s) }</span>
                        <span class="checkin-waiting__time">{ at(&site, s) }</span>
                        <span class="checkin-waiting__state">{ site.t(T::NotChecked) }</span>
                    </li>
                }) }
                { for late.iter().map(|(s, outcome)| {
                    let (ok, text) = match outcome {
                        Outcome::Answer(a) => (
                            a.status == RedeemStatus::Ok,
                            answer_headline(a, site.lang, &|iso| site.time(iso)),
                        ),
                        Outcome::Refused(e) => (false, error_words(e, site.lang).to_string()),
                    };
                    let name = match outcome {
                        Outcome::Answer(a) => a.ticket.as_ref().map(|t| t.holder.clone()),
                        Outcome::Refused(_) => None,
                    };
                    html! {
                        <li key={s.scan_id.clone()} class={classes!(
                            "checkin-waiting__item", "checkin-waiting__item--done",
                            if ok { "checkin-waiting__item--ok" } else { "checkin-waiting__item--error" },
                        )}>
                            <span class="checkin-waiting__what">{ name.unwrap_or_else(|| what(&site, s)) }</span>
                            <span class="checkin-waiting__time">{ at(&site, s) }</span>
                            <span class="checkin-waiting__state">{ text }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
