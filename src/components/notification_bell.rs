//! The notification centre: a bell with the unread count in the header, and its
//! panel of notifications, newest first, paged like the order lists
//! (`use_paged`). New ones arrive over the live stream (a chat's messages as one
//! notification with a count and a preview); opening one marks it read and goes
//! to its order; one about a status the order has since left says so.

use std::rc::Rc;

use kabinet_core::{LiveEvent, MarkRead, Notification, NotificationKind};
use yew::prelude::*;

use crate::format::DateStyle;
use yew_router::history::{BrowserHistory, History};
use yew_router::prelude::*;

use crate::components::list_footer::ListFooter;
use crate::components::remote_view::spinner;
use crate::components::{date_text, error_box};
use crate::hooks::paged::Phase;
use crate::hooks::{use_live_event, use_locale, use_paged, use_session, Locale, Page};
use crate::i18n::{new_messages, status_label, T};
use crate::routes::Route;
use crate::state::bell::{mark_read, status_moved_on, BellAction, BellState, ReadMark};

/// The notification's headline in the user's language.
pub fn notification_title(n: &Notification, locale: &Locale) -> String {
    match n.kind {
        NotificationKind::StatusChanged => format!(
            "{}: «{}»",
            locale.t(T::NoteStatusChanged),
            status_label(n.status, locale.lang)
        ),
        NotificationKind::ReturnedToWork => locale.t(T::NoteReturnedToWork).to_string(),
        NotificationKind::NewOrder => locale.t(T::NoteNewOrder).to_string(),
        NotificationKind::NewMessage if n.count > 1 => new_messages(n.count, locale.lang),
        NotificationKind::NewMessage => locale.t(T::NoteNewMessage).to_string(),
        NotificationKind::AccessGranted => {
            format!("{}: {}", locale.t(T::NoteAccessGranted), n.service_name)
        }
        NotificationKind::TicketReceived => {
            format!("{}: {}", locale.t(T::NoteTicketReceived), n.service_name)
        }
        NotificationKind::TicketPassedOn => match &n.subject {
            Some(who) => format!("{}: {who}", locale.t(T::NoteTicketPassedOn)),
            None => locale.t(T::NoteTicketPassedOn).to_string(),
        },
    }
}

/// Where a notification leads: its order, or (for people who may not open the
/// order) «Мой календарь» at the booking's week for a shared booking and «Мои
/// бронирования» for a ticket.
pub fn notification_target(n: &Notification, tz: &str) -> String {
    match n.kind {
        _ if n.opens_order => Route::Order { id: n.order_id }.to_path(),
        NotificationKind::AccessGranted => {
            crate::format::calendar_week_path(n.service_at.as_deref(), tz)
        }
        _ => Route::Bookings.to_path(),
    }
}

#[derive(Properties, PartialEq)]
pub struct NotificationItemProps {
    pub notification: Notification,
    pub on_open: Callback<(MouseEvent, Notification)>,
}

/// One entry of the panel.
#[component]
pub fn NotificationItem(props: &NotificationItemProps) -> Html {
    let locale = use_locale();
    let n = &props.notification;
    let onclick = {
        let (cb, n) = (props.on_open.clone(), n.clone());
        Callback::from(move |e: MouseEvent| cb.emit((e, n.clone())))
    };
    let href = notification_target(n, &locale.time_zone);
    html! {
        <li class={classes!("note-item", (!n.read).then_some("note-item--unread"))}
            data-notification-id={n.id.to_string()} data-kind={n.kind.as_str()}>
            <a {href} class="note-item__link" {onclick}>
                <span class="note-item__title">{ notification_title(n, &locale) }</span>
                if let Some(p) = n.preview.as_ref().filter(|_| n.kind == NotificationKind::NewMessage) {
                    <span class="note-item__preview" data-testid="note-preview">{ p }</span>
                }
                if status_moved_on(n) {
                    <span class="note-item__now" data-testid="note-now">
                        { locale.t(T::NowStatus).replace("{status}", status_label(n.current_status, locale.lang)) }
                    </span>
                }
                if n.opens_order {
                    <span class="note-item__order">
                        { locale.t(T::OrderNo) }{ "\u{a0}" }{ &n.order_number }{ " · " }{ &n.service_name }
                    </span>
                }
                <span class="note-item__meta muted">
                    if let Some(a) = &n.actor { { a }{ " · " } }
                    { date_text(&n.created_at, DateStyle::DateTime, &locale) }
                </span>
                if !n.read {
                    <span class="visually-hidden">{ " · " }{ locale.t(T::UnreadCountLabel) }</span>
                }
            </a>
        </li>
    }
}

#[component]
pub fn NotificationBell() -> Html {
    let locale = use_locale();
    let session = use_session();
    let bell = use_reducer(BellState::default);
    let paged = {
        let (api, bell) = (session.api.clone(), bell.dispatcher());
        use_paged((), move |_, cursor: Option<String>| {
            let (api, bell) = (api.clone(), bell.clone());
            async move {
                let before = cursor.and_then(|c| c.parse().ok());
                let p = api.notifications(before).await?;
                bell.dispatch(BellAction::Unread(p.unread));
                Ok(Page {
                    items: p.items,
                    next: p.next_before.map(|b| b.to_string()),
                })
            }
        })
    };
    let list = paged.state.clone();
    let button_ref = use_node_ref();
    let heading_ref = use_node_ref();
    let read = {
        let (patch, bell) = (paged.patch.clone(), bell.dispatcher());
        Callback::from(move |(mark, unread): (ReadMark, u32)| {
            patch.emit(Rc::new(move |n: &mut Notification| mark_read(n, &mark)));
            bell.dispatch(BellAction::Unread(unread));
        })
    };
    {
        let (bell, upsert, refresh, read) = (
            bell.dispatcher(),
            paged.upsert.clone(),
            paged.refresh.clone(),
            read.clone(),
        );
        use_live_event(move |e| match e {
            LiveEvent::Notification {
                notification,
                unread,
            } => {
                // A chat's notification comes again with a new count: it moves up.
                upsert.emit(notification.clone());
                bell.dispatch(BellAction::Unread(*unread));
            }
            // Marked read elsewhere (another tab, or an order opened): which ones
            // is not said, so the first page is asked again unless none is left.
            LiveEvent::NotificationsRead { unread } => {
                if *unread == 0 {
                    read.emit((ReadMark::All, 0));
                } else {
                    bell.dispatch(BellAction::Unread(*unread));
                    refresh.emit(());
                }
            }
            LiveEvent::Reset => refresh.emit(()),
            _ => {}
        });
    }
    // Opening moves focus into the panel; closing gives it back to the bell.
    {
        let (heading_ref, button_ref) = (heading_ref.clone(), button_ref.clone());
        let open = bell.open;
        let was_open = use_mut_ref(|| false);
        use_effect_with(open, move |open| {
            // Only on a change: the bell must not take focus when the page loads.
            let changed = *was_open.borrow() != *open;
            *was_open.borrow_mut() = *open;
            let target = if *open { heading_ref } else { button_ref };
            if let (true, Some(el)) = (changed, target.cast::<web_sys::HtmlElement>()) {
                let _ = el.focus();
            }
        });
    }

    let mark = {
        let (api, read) = (session.api.clone(), read.clone());
        Callback::from(move |mark: ReadMark| {
            let (api, read) = (api.clone(), read.clone());
            let req = match &mark {
                ReadMark::Ids(ids) => MarkRead {
                    ids: ids.clone(),
                    order_id: None,
                    all: false,
                },
                ReadMark::Order(id) => MarkRead {
                    ids: Vec::new(),
                    order_id: Some(*id),
                    all: false,
                },
                ReadMark::All => MarkRead {
                    ids: Vec::new(),
                    order_id: None,
                    all: true,
                },
            };
            wasm_bindgen_futures::spawn_local(async move {
                // A failed mark is harmless: the item stays unread and can be retried.
                if let Ok(r) = api.mark_read(&req).await {
                    read.emit((mark, r.unread));
                }
            });
        })
    };
    let toggle = bell
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| BellAction::Toggle);
    let close = bell
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| BellAction::Close);
    let on_key = {
        let bell = bell.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                bell.dispatch(BellAction::Close);
            }
        })
    };
    let mark_all = mark.reform(|_: MouseEvent| ReadMark::All);
    let on_open = {
        let (bell, mark, tz) = (bell.dispatcher(), mark.clone(), locale.time_zone.clone());
        Callback::from(move |(e, n): (MouseEvent, Notification)| {
            if !n.read {
                mark.emit(ReadMark::Ids(vec![n.id]));
            }
            // A plain click stays in the app; with a modifier the browser opens
            // the link itself.
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            bell.dispatch(BellAction::Close);
            BrowserHistory::new().push(notification_target(&n, &tz));
        })
    };

    let label = if bell.unread > 0 {
        format!(
            "{}: {}",
            locale.t(T::Notifications),
            crate::i18n::unread_count(bell.unread, locale.lang)
        )
    } else {
        locale.t(T::Notifications).to_string()
    };
    let body = match &list.phase {
        Phase::Loading => spinner(&locale),
        Phase::Failed(e) if list.items.is_empty() => {
            error_box(e, &paged.reload, T::OrderNotFound, &locale)
        }
        _ if list.items.is_empty() => html! {
            <div class="empty empty--small">
                <p class="empty__title">{ locale.t(T::NoNotifications) }</p>
                <p class="muted">{ locale.t(T::NoNotificationsHint) }</p>
            </div>
        },
        phase => html! {
            <>
                <ul class="note-list" data-testid="notification-list">
                    { for list.items.iter().map(|n| html! {
                        <NotificationItem key={n.id} notification={n.clone()} on_open={on_open.clone()} />
                    }) }
                </ul>
                <ListFooter phase={phase.clone()} has_next={list.next.is_some()} on_more={paged.load_more.clone()} />
            </>
        },
    };

    html! {
        <div class="bell">
            <button ref={button_ref} type="button" class="button button--ghost bell__button"
                    aria-haspopup="dialog" aria-expanded={bell.open.to_string()}
                    aria-controls="notification-panel" aria-label={label.clone()} title={label}
                    onclick={toggle} data-testid="bell">
                <svg class="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                    <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z M10 20a2 2 0 0 0 4 0" fill="none"
                          stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
                </svg>
                if let Some(badge) = bell.badge() {
                    <span class="bell__count" data-testid="bell-count" aria-hidden="true">{ badge }</span>
                }
            </button>
            if bell.open {
                <div class="bell__backdrop" onclick={close.clone()} aria-hidden="true"></div>
                <section id="notification-panel" class="bell__panel" role="dialog"
                         aria-labelledby="notification-title" onkeydown={on_key} data-testid="notification-panel">
                    <header class="bell__head">
                        <h2 id="notification-title" ref={heading_ref} tabindex="-1">{ locale.t(T::Notifications) }</h2>
                        if bell.unread > 0 {
                            <button type="button" class="button button--ghost" onclick={mark_all}>{ locale.t(T::MarkAllRead) }</button>
                        }
                        <button type="button" class="button button--ghost" onclick={close} aria-label={locale.t(T::Close)}>{ "×" }</button>
                    </header>
                    { body }
                </section>
            }
        </div>
    }
}
