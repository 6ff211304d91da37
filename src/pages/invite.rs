//! A share or transfer link (`/invite/{token}`): what it gives and who gives it.
//! Opening it only reads (link previewers and mail scanners open links too);
//! taking it is a button. Signed out, the way on is to sign in or sign up and come
//! back here; a deleted, expired or used link says so plainly.

use kabinet_core::{ErrorReason, InvitePreview, InvitePurpose, InviteStanding};
use yew::prelude::*;
use yew_router::history::{BrowserHistory, History};

use crate::api::ApiError;
use crate::components::remote_view::spinner;
use crate::components::{error_text, AppHeader, ErrorBox};
use crate::format::{self, DateStyle};
use crate::hooks::{use_locale, use_remote, use_session, use_title, Locale, Remote};
use crate::i18n::T;
use crate::routes::{follow, NextQuery};

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

#[component]
pub fn InvitePage(props: &InvitePageProps) -> Html {
    let locale = use_locale();
    let session = use_session();
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
        let (api, token) = (session.api.clone(), props.token.clone());
        let (accepting, refused, locale) = (accepting.clone(), refused.clone(), locale.clone());
        Callback::from(move |_: MouseEvent| {
            if *accepting {
                return;
            }
            accepting.set(true);
            refused.set(None);
            let (api, token, locale) = (api.clone(), token.clone(), locale.clone());
            let (accepting, refused) = (accepting.clone(), refused.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.accept_invite(&token).await {
                    // A booking lands in the calendar at its week; a ticket in the bookings.
                    Ok(entry) => BrowserHistory::new().push(match entry.holding {
                        kabinet_core::Holding::Shared => {
                            format::calendar_week_path(Some(&entry.starts_at), &locale.time_zone)
                                + "&added=1"
                        }
                        _ => "/bookings?added=1".to_string(),
                    }),
                    Err(e) => {
                        refused.set(Some(e));
                        accepting.set(false);
                    }
                }
            });
        })
    };

    let body = match &remote.state {
        Remote::Loading => spinner(&locale),
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
            let here = format!("/invite/{}", props.token);
            let action = match p.standing {
                None => html! {
                    <>
                        <p>{ locale.t(T::InviteSignInFirst) }</p>
                        <div class="invite__buttons">
                            <a class="button button--primary" href={NextQuery::href("/login", Some(&here))} onclick={follow}>
                                { locale.t(T::SignIn) }
                            </a>
                            <a class="button" href={NextQuery::href("/register", Some(&here))} onclick={follow}>
                                { locale.t(T::Register) }
                            </a>
                        </div>
                    </>
                },
                Some(InviteStanding::Open) => {
                    let label = match (*accepting, p.purpose) {
                        (true, _) => T::Accepting,
                        (false, InvitePurpose::Share) => T::Confirm,
                        (false, InvitePurpose::Transfer) => T::AcceptTicket,
                    };
                    let why = (*refused).as_ref().map(|e| match dead_link(e) {
                        Some(t) => locale.t(t).to_string(),
                        None => error_text(e, &locale),
                    });
                    html! {
                        <>
                            <button type="button" class="button button--primary button--wide" onclick={on_accept}
                                    disabled={*accepting} data-testid="invite-accept">
                                { locale.t(label) }
                            </button>
                            if let Some(why) = why { <p class="alert" role="alert">{ why }</p> }
                        </>
                    }
                }
                Some(s) => standing_note(p, s, &locale),
            };
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

/// Why there is nothing to take: their own, already theirs, or a staff account.
fn standing_note(p: &InvitePreview, s: InviteStanding, locale: &Locale) -> Html {
    let share = p.purpose == InvitePurpose::Share;
    let (text, link) = match s {
        InviteStanding::Owner if share => (T::InviteOwnBooking, None),
        InviteStanding::Owner => (T::InviteOwnTicket, None),
        InviteStanding::Joined => (
            T::InviteJoined,
            Some((
                format::calendar_week_path(p.starts_at.as_deref(), &locale.time_zone),
                T::MyCalendar,
            )),
        ),
        InviteStanding::Holder => (
            T::InviteHolder,
            Some(("/bookings".to_string(), T::MyBookings)),
        ),
        InviteStanding::Removed => (T::ErrAccessRemoved, None),
        InviteStanding::Staff | InviteStanding::Open => (T::InviteStaff, None),
    };
    let class = if matches!(s, InviteStanding::Staff | InviteStanding::Removed) {
        "note--warning"
    } else {
        "note--info"
    };
    html! {
        <p class={classes!("note", class)} data-testid="invite-standing">
            { locale.t(text) }
            if let Some((href, label)) = link {
                { " " }<a {href} onclick={follow}>{ locale.t(label) }</a>
            }
        </p>
    }
}

/// What is shared or passed on, by whom, when.
fn preview(p: &InvitePreview, locale: &Locale, action: Html) -> Html {
    let (lang, tz) = (locale.lang, locale.time_zone.as_str());
    let share = p.purpose == InvitePurpose::Share;
    let when = p.starts_at.as_deref().map(|s| match share {
        true => format::date_range(s, p.ends_at.as_deref(), lang, tz, DateStyle::DateTime),
        false => format::date(s, lang, tz, DateStyle::Date),
    });
    // The owner opening their own link is not addressed as a guest.
    let own = p.standing == Some(InviteStanding::Owner);
    let lead = match (share, own) {
        (true, false) => T::InviteShare,
        (false, false) => T::InviteTransfer,
        (true, true) => T::InviteYouShare,
        (false, true) => T::InviteYouTransfer,
    };
    let rows = [
        (T::Place, p.place.clone()),
        (if share { T::DateAndTime } else { T::DateOnly }, when),
    ];
    html! {
        <div data-purpose={p.purpose.as_str()}>
            <h1>{ locale.t(lead).replace("{name}", &p.by.name) }</h1>
            <p class="invite__title">{ &p.title }</p>
            <dl class="rows">
                { for rows.into_iter().filter_map(|(label, v)| v.map(|v| html! {
                    <div class="rows__row"><dt>{ locale.t(label) }</dt><dd>{ v }</dd></div>
                })) }
            </dl>
            <p class="muted invite__expires">
                { locale.t(T::InviteValidUntil).replace("{date}", &format::date(&p.expires_at, lang, tz, DateStyle::DateTime)) }
            </p>
            { action }
        </div>
    }
}
