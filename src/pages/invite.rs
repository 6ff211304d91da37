//! A share or transfer link (`/invite/{token}`): what it gives and who gives it.
//! Opening it only reads (link previewers and mail scanners open links too);
//! taking it is a button. Signed out, the way on is to sign in or sign up and come
//! back here; a deleted, expired or used link says so plainly.

use kabinet_core::{ErrorReason, InvitePreview, InvitePurpose, InviteStanding};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::remote_view::Spinner;
use crate::components::{error_text, AppHeader, ErrorBox};
use crate::format::{self, DateStyle};
use crate::hooks::{use_locale, use_remote, use_session, use_title, Locale, Remote};
use crate::i18n::T;
use crate::pages::calendar::CalendarQuery;
use crate::routes::{NextQuery, Route};
use crate::state::calendar::{date_string, local_day, parse_instant, Week};

#[derive(Properties, PartialEq)]
pub struct InvitePageProps {
    pub token: String,
}

/// A link that no longer works, worded plainly; None for other failures.
fn dead_link(e: &ApiError) -> Option<T> {
    match (e.status(), e.reason()) {
        (_, Some(ErrorReason::LinkRevoked)) => Some(T::LinkRevoked),
        (_, Some(ErrorReason::LinkExpired)) => Some(T::LinkExpired),
        (_, Some(ErrorReason::LinkUsed)) => Some(T::LinkUsed),
        (Some(404), _) => Some(T::LinkNotFound),
        _ => None,
    }
}

/// The calendar's week of a booking (`?week=`), in the site's days.
fn week_of(starts_at: Option<&str>, locale: &Locale) -> CalendarQuery {
    let tz = locale.time_zone.as_str();
    CalendarQuery {
        week: starts_at
            .and_then(parse_instant)
            .map(|s| local_day(s, &|t| format::zone_offset(t, tz)))
            .map(|d| date_string(Week::containing(d).monday)),
        added: None,
    }
}

#[component]
pub fn InvitePage(props: &InvitePageProps) -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    use_title(locale.t(T::TitleInvite).to_string());
    let remote = {
        let api = session.api.clone();
        // Asked again once the user has signed in: the answer then says how they stand.
        use_remote(
            (props.token.clone(), session.token.clone()),
            move |(token, _)| {
                let api = api.clone();
                async move { api.invite(&token).await }
            },
        )
    };
    let accepting = use_state(|| false);
    let refused = use_state(|| None::<ApiError>);
    let on_accept = {
        let (api, token, accepting, refused) = (
            session.api.clone(),
            props.token.clone(),
            accepting.clone(),
            refused.clone(),
        );
        let locale = locale.clone();
        Callback::from(move |purpose: InvitePurpose| {
            if *accepting {
                return;
            }
            accepting.set(true);
            refused.set(None);
            let (api, token, accepting, refused) = (
                api.clone(),
                token.clone(),
                accepting.clone(),
                refused.clone(),
            );
            let (navigator, locale) = (navigator.clone(), locale.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.accept_invite(&token).await {
                    Ok(entry) => {
                        let Some(nav) = navigator else { return };
                        let _ = match purpose {
                            InvitePurpose::Share => {
                                let mut q = week_of(Some(&entry.starts_at), &locale);
                                q.added = Some(1);
                                nav.push_with_query(&Route::Calendar, &q)
                            }
                            InvitePurpose::Transfer => nav.push_with_query(
                                &Route::Bookings,
                                &CalendarQuery {
                                    week: None,
                                    added: Some(1),
                                },
                            ),
                        };
                    }
                    Err(e) => {
                        refused.set(Some(e));
                        accepting.set(false);
                    }
                }
            });
        })
    };

    let body = match &remote.state {
        Remote::Loading => html! { <Spinner /> },
        Remote::Failed(e) => match dead_link(e) {
            Some(what) => html! {
                <div data-testid="invite-dead">
                    <h1>{ locale.t(what) }</h1>
                    <p class="muted">{ locale.t(T::LinkDeadHint) }</p>
                </div>
            },
            None => html! { <ErrorBox error={e.clone()} on_retry={remote.reload.clone()} /> },
        },
        Remote::Ready(p) => {
            let action = standing(
                p,
                &locale,
                *accepting,
                (*refused).as_ref(),
                on_accept.clone(),
                &props.token,
            );
            preview(p, &locale, action)
        }
    };
    html! {
        <>
            <AppHeader />
            <main id="main" class="main main--narrow">
                <article class="card invite">{ body }</article>
            </main>
        </>
    }
}

/// What is shared or passed on, by whom, when.
fn preview(p: &InvitePreview, locale: &Locale, action: Html) -> Html {
    let (lang, tz) = (locale.lang, locale.time_zone.as_str());
    let (lead, when_label, when) = match p.purpose {
        InvitePurpose::Share => (
            T::InviteShare,
            T::DateAndTime,
            p.starts_at.as_deref().map(|s| {
                format::date_range(s, p.ends_at.as_deref(), lang, tz, DateStyle::DateTime)
            }),
        ),
        InvitePurpose::Transfer => (
            T::InviteTransfer,
            T::DateOnly,
            p.starts_at
                .as_deref()
                .map(|s| format::date(s, lang, tz, DateStyle::Date)),
        ),
    };
    let row = |label: T, value: Option<String>| match value {
        Some(v) => html! {
            <div class="rows__row"><dt>{ locale.t(label) }</dt><dd>{ v }</dd></div>
        },
        None => html! {},
    };
    html! {
        <div data-purpose={p.purpose.as_str()}>
            <h1>{ locale.t(lead).replace("{name}", &p.by.name) }</h1>
            <p class="invite__title">{ &p.title }</p>
            <dl class="rows">
                { row(T::Place, p.place.clone()) }
                { row(when_label, when) }
            </dl>
            <p class="muted invite__expires">
                { locale.t(T::InviteValidUntil).replace("{date}", &format::date(&p.expires_at, lang, tz, DateStyle::DateTime)) }
            </p>
            { action }
        </div>
    }
}

/// The way on for how the user stands to the link.
fn standing(
    p: &InvitePreview,
    locale: &Locale,
    accepting: bool,
    refused: Option<&ApiError>,
    on_accept: Callback<InvitePurpose>,
    token: &str,
) -> Html {
    let share = p.purpose == InvitePurpose::Share;
    let note = |class: &'static str, text: T, link: Html| {
        html! {
            <p class={classes!("note", class)} data-testid="invite-standing">
                { locale.t(text) }{ " " }{ link }
            </p>
        }
    };
    match p.standing {
        None => {
            let query = Some(NextQuery {
                next: Some(format!("/invite/{token}")),
            });
            html! {
                <>
                    <p>{ locale.t(T::InviteSignInFirst) }</p>
                    <div class="invite__buttons">
                        <Link<Route, NextQuery> to={Route::Login} query={query.clone()} classes="button button--primary">
                            { locale.t(T::SignIn) }
                        </Link<Route, NextQuery>>
                        <Link<Route, NextQuery> to={Route::Register} {query} classes="button">
                            { locale.t(T::Register) }
                        </Link<Route, NextQuery>>
                    </div>
                </>
            }
        }
        Some(InviteStanding::Open) => {
            let purpose = p.purpose;
            let onclick = on_accept.reform(move |_: MouseEvent| purpose);
            let label = match (accepting, share) {
                (true, _) => T::Accepting,
                (false, true) => T::Confirm,
                (false, false) => T::AcceptTicket,
            };
            let why = refused.map(|e| match dead_link(e) {
                Some(t) => locale.t(t).to_string(),
                None => error_text(e, locale),
            });
            html! {
                <>
                    <button type="button" class="button button--primary button--wide" {onclick}
                            disabled={accepting} data-testid="invite-accept">
                        { locale.t(label) }
                    </button>
                    if let Some(why) = why { <p class="alert" role="alert">{ why }</p> }
                </>
            }
        }
        Some(InviteStanding::Owner) => note(
            "note--info",
            if share {
                T::InviteOwnBooking
            } else {
                T::InviteOwnTicket
            },
            html! {},
        ),
        Some(InviteStanding::Joined) => note(
            "note--info",
            T::InviteJoined,
            html! {
                <Link<Route, CalendarQuery> to={Route::Calendar} query={Some(week_of(p.starts_at.as_deref(), locale))}>
                    { locale.t(T::MyCalendar) }
                </Link<Route, CalendarQuery>>
            },
        ),
        Some(InviteStanding::Holder) => note(
            "note--info",
            T::InviteHolder,
            html! { <Link<Route> to={Route::Bookings}>{ locale.t(T::MyBookings) }</Link<Route>> },
        ),
        Some(InviteStanding::Staff) => note("note--warning", T::InviteStaff, html! {}),
    }
}
