//! «Мой календарь»: the user's own bookings, coworking days, stays and tickets,
//! and the bookings shared with them, one week at a time. A wide screen shows the
//! week's seven days side by side; a phone, the days that have something, in
//! order. Weeks run from the site's Monday midnight (its time zone, not the
//! browser's); the week shown is in the address (`?week=2026-11-23`), and
//! `&added=1` says an invitation was just taken. A notification (something shared
//! with the user, a ticket passed on) reads the week again.

use std::rc::Rc;

use kabinet_core::{Calendar, LiveEvent};
use yew::prelude::*;
use yew_router::history::{BrowserHistory, History};
use yew_router::prelude::*;

use crate::components::{remote_view, CalendarCard};
use crate::format::{self, DateStyle};
use crate::hooks::{use_is_phone, use_live_event, use_locale, use_remote, use_session, use_title};
use crate::i18n::T;
use crate::state::calendar::{date_string, local_day, parse_instant, query_param, Week};

/// The address's query, for this page and «Мои бронирования».
#[hook]
pub fn use_query() -> String {
    use_location()
        .map(|l| l.query_str().to_string())
        .unwrap_or_default()
}

#[component]
pub fn CalendarPage() -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let phone = use_is_phone();
    let query = use_query();
    use_title(locale.t(T::MyCalendar).to_string());
    let tz = locale.time_zone.clone();
    let offset = move |secs: i64| format::zone_offset(secs, &tz);
    let today = local_day(format::now_secs(), &offset);
    let week = Week::from_query(query_param(&query, "week"), today);
    let window = week.window(&offset);
    let remote = {
        let api = api.clone();
        use_remote(window.clone(), move |(from, to)| {
            let api = api.clone();
            async move { api.calendar(&from, &to).await }
        })
    };
    // Something happened to the user (a booking shared with them, a ticket passed
    // on, their own order moved): the week is read again, quietly.
    {
        let replace = remote.replace.clone();
        use_live_event(move |e| {
            if matches!(e, LiveEvent::Notification { .. } | LiveEvent::Reset) {
                let (api, replace, (from, to)) = (api.clone(), replace.clone(), window.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(c) = api.calendar(&from, &to).await {
                        replace.emit(c);
                    }
                });
            }
        });
    }
    let go = |to: Option<Week>| {
        let path = match to {
            Some(w) => format!("/calendar?week={}", date_string(w.monday)),
            None => "/calendar".to_string(),
        };
        Callback::from(move |_: MouseEvent| BrowserHistory::new().replace(path.clone()))
    };
    let render = {
        let locale = locale.clone();
        Callback::from(move |cal: Rc<Calendar>| {
            if cal.entries.is_empty() {
                return html! {
                    <div class="empty"><p class="empty__title">{ locale.t(T::WeekEmpty) }</p></div>
                };
            }
            let tz = locale.time_zone.clone();
            let offset = move |secs: i64| format::zone_offset(secs, &tz);
            // The week this answer is for (a newer one may be on its way).
            let week = parse_instant(&cal.from)
                .map(|s| Week::containing(local_day(s, &offset)))
                .unwrap_or(week);
            let columns = week.columns(&cal.entries, &offset);
            // A phone lists only the days that have something, under their full names.
            let style = if phone {
                DateStyle::DayLong
            } else {
                DateStyle::Day
            };
            html! {
                <div class={if phone { "agenda" } else { "week" }}>
                    { for week.days().into_iter().zip(columns).filter(|(_, c)| !phone || !c.is_empty()).map(|(d, col)| html! {
                        <section class={classes!("week__day", (d == today).then_some("week__day--today"))}
                                 aria-current={(d == today).then_some("date")}>
                            <h3 class="week__head">{ format::day(d, locale.lang, style) }</h3>
                            <ul class="cal-list">
                                { for col.into_iter().map(|e| html! { <CalendarCard key={e.key.clone()} entry={e.clone()} /> }) }
                            </ul>
                        </section>
                    }) }
                </div>
            }
        })
    };
    html! {
        <div class="calendar">
            <div class="calendar__bar">
                <h1>{ locale.t(T::MyCalendar) }</h1>
                <div class="calendar__nav">
                    <button type="button" class="button button--icon" onclick={go(Some(week.shift(-1)))}
                            aria-label={locale.t(T::PrevWeek)} title={locale.t(T::PrevWeek)}>{ "‹" }</button>
                    <button type="button" class="button" onclick={go(None)}>{ locale.t(T::Today) }</button>
                    <button type="button" class="button button--icon" onclick={go(Some(week.shift(1)))}
                            aria-label={locale.t(T::NextWeek)} title={locale.t(T::NextWeek)}>{ "›" }</button>
                </div>
                <h2 class="calendar__range" aria-live="polite" data-testid="week-range">
                    { format::day_range(week.monday, week.sunday(), locale.lang) }
                </h2>
            </div>
            if query_param(&query, "added").is_some() {
                <p class="note note--success" role="status">{ locale.t(T::AccessAdded) }</p>
            }
            { remote_view(&locale, &remote, T::OrderNotFound, &render) }
        </div>
    }
}
