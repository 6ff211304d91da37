//! The answer panel: large, coloured and announced (inside a role="status" live
//! region that stays put, so every change is read out). Each answer is a new
//! `.checkin-answer` element. Its stable hooks for tests: `.checkin-answer` with `--ok`, `--error` (and `data-reason`),
//! `--pending` (kept offline), `--checking`, `--failed` (the request itself was
//! refused; `data-reason` is the server's error reason), `--annulled`, `--idle`;
//! the holder's name is in `.checkin-answer__name`. The actions (undo, scan next:
//! `.checkin-answer__next`) sit below it, outside the live region, so they are not
//! read out each time. The undo of the last check-in is a bar of its own under
//! the card (`UndoBar`), the same whatever the card shows: it belongs to the last
//! admitted visitor, not to the answer on show.

use gloo_timers::callback::Timeout;
use kabinet_core::{CheckinReason, CheckinTicket, RedeemAnswer, RedeemStatus};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::hooks::{use_door, use_site, Site};
use crate::i18n::{answer_headline, error_words, fill, T};
use crate::state::scans::{Annul, LastOk, Panel};
use crate::web;

/// The ticket's facts under the headline: name, company, event and number (and
/// the event's date when it is another event: same-named events differ by it).
fn ticket_facts(site: &Site, t: &CheckinTicket, other_event: bool) -> Html {
    let when = t
        .starts_at
        .as_deref()
        .filter(|_| other_event)
        .map(|s| format!(", {}", site.date_time(s)));
    html! {
        <>
            <p class="checkin-answer__name">{ &t.holder }</p>
            if let Some(c) = t.company.as_deref().filter(|c| !c.is_empty()) {
                <p class="checkin-answer__company">{ c }</p>
            }
            <p class="checkin-answer__ticket">
                <span class="checkin-answer__event">{ &t.event }{ when }</span>
                { " · " }{ site.t(T::TicketNo) }{ "\u{a0}" }{ &t.number }
            </p>
        </>
    }
}

fn answer_body(site: &Site, a: &RedeemAnswer) -> Html {
    let headline = answer_headline(a, site.lang, &|iso| site.time(iso));
    html! {
        <>
            <p class="checkin-answer__headline">{ headline }</p>
            if let Some(t) = &a.ticket {
                { ticket_facts(site, t, a.reason == Some(CheckinReason::WrongEvent)) }
            }
        </>
    }
}

#[component]
pub fn AnswerPanel() -> Html {
    let site = use_site();
    let door = use_door();
    let scans = &door.scans;

    let (modifier, reason, body) = match &scans.panel {
        Panel::Idle => (
            "idle",
            None,
            html! { <p class="checkin-answer__hint">{ site.t(T::ScanHint) }</p> },
        ),
        Panel::Checking { .. } => (
            "checking",
            None,
            html! {
                <p class="checkin-answer__headline">
                    <span class="checkin-spinner" aria-hidden="true"></span>{ site.t(T::Checking) }
                </p>
            },
        ),
        Panel::Pending { scan } => (
            "pending",
            None,
            html! {
                <>
                    <p class="checkin-answer__headline">{ site.t(T::NotChecked) }</p>
                    if let Some(h) = &scan.holder {
                        <p class="checkin-answer__name">{ h }</p>
                    }
                    if let Some(c) = &scan.code {
                        <p class="checkin-answer__code">{ kabinet_core::group_code(c) }</p>
                    }
                    <p class="checkin-answer__hint">{ site.t(T::NotCheckedHint) }</p>
                </>
            },
        ),
        Panel::Answer { answer, .. } => {
            let ok = answer.status == RedeemStatus::Ok;
            (
                if ok { "ok" } else { "error" },
                answer.reason.map(|r| r.as_str()),
                answer_body(&site, answer),
            )
        }
        Panel::Failed { error } => (
            "failed",
            error.reason().map(|r| r.as_str()),
            html! { <p class="checkin-answer__headline">{ error_words(error, site.lang) }</p> },
        ),
        Panel::Annulled { ticket } => (
            "annulled",
            None,
            html! {
                <>
                    <p class="checkin-answer__headline">{ site.t(T::Undone) }</p>
                    { ticket_facts(&site, ticket, false) }
                </>
            },
        ),
    };
    let class = classes!("checkin-answer", format!("checkin-answer--{modifier}"));
    let scan_next = {
        let door = door.clone();
        Callback::from(move |_: MouseEvent| door.scan_next())
    };
    let show_next = !matches!(scans.panel, Panel::Idle | Panel::Checking { .. });
    html! {
        // Focusable (not in the tab order): the focus comes here after «Отметить»
        // in the search, whose button goes away.
        <section class="checkin-answer-box" id="checkin-answer" tabindex="-1"
            aria-label={site.t(T::AppTitle)}>
            <div class="checkin-answer-live" role="status" aria-live="polite" aria-atomic="true">
                // A new element for each answer: a test (or a script) holding the
                // last one can tell the next one apart.
                <div key={scans.panel_seq.to_string()} {class} data-state={modifier} data-reason={reason}>
                    { body }
                </div>
            </div>
            if show_next {
                <div class="checkin-answer__actions">
                    <button type="button" class="checkin-button checkin-button--quiet checkin-answer__next"
                        onclick={scan_next}>
                        { site.t(T::ScanNext) }
                    </button>
                </div>
            }
        </section>
    }
}

/// The last check-in while it may still be undone (by this device's clock,
/// against the server's `annul_until`), whatever the panel shows since; the
/// caller renders again when the window closes, without waiting for a change.
#[hook]
fn use_open_undo(event_id: i64) -> Option<LastOk> {
    let door = use_door();
    let refresh = use_force_update();
    let last = door.scans.undoable_at(event_id).cloned();
    let until_ms = last
        .as_ref()
        .and_then(|l| l.annul_until.as_deref())
        .map(web::parse_ms)
        .filter(|t| !t.is_nan());
    use_effect_with(until_ms.map(|t| t as i64), move |until| {
        let timer = until.map(|t| {
            let wait = (t as f64 - web::now_ms()).clamp(0.0, 3_600_000.0) as u32 + 50;
            Timeout::new(wait, move || refresh.force_update())
        });
        move || drop(timer)
    });
    last.filter(|_| until_ms.is_none_or(|t| t > web::now_ms()))
}

#[derive(Properties, PartialEq)]
pub struct UndoBarProps {
    pub event_id: i64,
}

/// Under the answer, apart from it: «Последний отмеченный: Борис Петров ·
/// Отменить отметку · можно до 19:15», while the server still allows the undo of
/// the last check-in at this door, whatever the answer card shows since. The undo
/// is asked first, since it is destructive; the question takes the focus on
/// «Нет»: a USB scanner's Enter then cannot undo anything.
#[component]
pub fn UndoBar(props: &UndoBarProps) -> Html {
    let site = use_site();
    let door = use_door();
    let last = use_open_undo(props.event_id);
    let no_ref = use_node_ref();
    {
        let no_ref = no_ref.clone();
        use_effect_with(door.scans.annul.clone(), move |annul| {
            if *annul == Annul::Confirm {
                if let Some(b) = no_ref.cast::<HtmlElement>() {
                    web::focus(&b);
                }
            }
        });
    }
    let failure = match &door.scans.annul {
        Annul::Failed(e) => Some(html! {
            <p class="checkin-undo__error" role="alert">{ error_words(e, site.lang) }</p>
        }),
        _ => None,
    };
    let Some(last) = last else {
        // Refused as too late: the undo is gone, the reason stays.
        return html! {
            if let Some(f) = failure {
                <div class="checkin-undo">{ f }</div>
            }
        };
    };
    let name = last.holder.clone().unwrap_or_default();
    let until = last
        .annul_until
        .as_deref()
        .map(|u| fill(T::UndoUntilShort, site.lang, &[("time", &site.time(u))]));
    let (ask, no, yes) = {
        let (a, n, y) = (door.clone(), door.clone(), door.clone());
        (
            Callback::from(move |_: MouseEvent| a.ask_annul()),
            Callback::from(move |_: MouseEvent| n.cancel_annul()),
            Callback::from(move |_: MouseEvent| y.annul()),
        )
    };
    let action = match door.scans.annul {
        Annul::Confirm => html! {
            <div class="checkin-undo__confirm" role="group">
                <p class="checkin-undo__question">{ fill(T::UndoConfirm, site.lang, &[("name", &name)]) }</p>
                <button type="button" class="checkin-button checkin-button--danger" onclick={yes}>
                    { site.t(T::UndoYes) }
                </button>
                <button type="button" ref={no_ref} class="checkin-button checkin-button--quiet" onclick={no}>
                    { site.t(T::UndoNo) }
                </button>
            </div>
        },
        Annul::Sending => html! {
            <button type="button" class="checkin-button checkin-button--small" disabled=true>
                { site.t(T::Undoing) }
            </button>
        },
        _ => html! {
            <>
                <button type="button" class="checkin-button checkin-button--small checkin-button--undo"
                    onclick={ask}>
                    { site.t(T::Undo) }
                </button>
                if let Some(u) = until {
                    <span class="checkin-undo__until">{ u }</span>
                }
            </>
        },
    };
    html! {
        <section class="checkin-undo" aria-label={site.t(T::UndoBarLabel)}>
            <p class="checkin-undo__who">
                { site.t(T::LastAdmitted) }{ " " }
                <span class="checkin-undo__name">{ name }</span>
            </p>
            { action }
            { failure.unwrap_or_default() }
        </section>
    }
}
