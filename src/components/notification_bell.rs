//! The notification centre: a bell with the unread count in the header, and its
//! panel of notifications, newest first. New ones arrive over the live stream;
//! opening one marks it read and goes to its order.

use std::rc::Rc;

use kabinet_core::{LiveEvent, MarkRead, Notification, NotificationKind, NotificationPage};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::remote_view::Spinner;
use crate::components::{DateText, ErrorBox};
use crate::hooks::{use_live_event, use_locale, use_session, Locale};
use crate::i18n::{status_label, T};
use crate::routes::Route;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Idle,
    LoadingMore,
    Failed(ApiError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct BellState {
    items: Vec<Notification>,
    unread: u32,
    next_before: Option<i64>,
    phase: Phase,
    open: bool,
}

pub enum BellAction {
    Loading,
    Loaded {
        page: NotificationPage,
        append: bool,
    },
    Failed(ApiError),
    LoadingMore,
    Arrived {
        notification: Notification,
        unread: u32,
    },
    /// Read marks: these ids (or all) are read now, with the server's count.
    Read {
        ids: Option<Vec<i64>>,
        unread: u32,
    },
    Toggle,
    Close,
}

impl Reducible for BellState {
    type Action = BellAction;

    fn reduce(self: Rc<Self>, action: BellAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            BellAction::Loading => s.phase = Phase::Loading,
            BellAction::Loaded { page, append } => {
                if append {
                    s.items.extend(page.items);
                } else {
                    s.items = page.items;
                }
                s.unread = page.unread;
                s.next_before = page.next_before;
                s.phase = Phase::Idle;
            }
            BellAction::Failed(e) => s.phase = Phase::Failed(e),
            BellAction::LoadingMore => s.phase = Phase::LoadingMore,
            BellAction::Arrived {
                notification,
                unread,
            } => {
                if !s.items.iter().any(|n| n.id == notification.id) {
                    s.items.insert(0, notification);
                }
                s.unread = unread;
            }
            BellAction::Read { ids, unread } => {
                for n in &mut s.items {
                    if ids.as_ref().is_none_or(|ids| ids.contains(&n.id)) || unread == 0 {
                        n.read = true;
                    }
                }
                s.unread = unread;
            }
            BellAction::Toggle => s.open = !s.open,
            BellAction::Close => s.open = false,
        }
        Rc::new(s)
    }
}

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
        NotificationKind::NewMessage => locale.t(T::NoteNewMessage).to_string(),
    }
}

#[component]
pub fn NotificationBell() -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let state = use_reducer(|| BellState {
        items: Vec::new(),
        unread: 0,
        next_before: None,
        phase: Phase::Loading,
        open: false,
    });
    let button_ref = use_node_ref();
    let heading_ref = use_node_ref();

    let fetch = {
        let (api, state) = (session.api.clone(), state.dispatcher());
        Callback::from(move |before: Option<i64>| {
            let (api, state) = (api.clone(), state.clone());
            state.dispatch(if before.is_some() {
                BellAction::LoadingMore
            } else {
                BellAction::Loading
            });
            wasm_bindgen_futures::spawn_local(async move {
                match api.notifications(before).await {
                    Ok(page) => state.dispatch(BellAction::Loaded {
                        page,
                        append: before.is_some(),
                    }),
                    Err(e) => state.dispatch(BellAction::Failed(e)),
                }
            });
        })
    };
    {
        let fetch = fetch.clone();
        use_effect_with((), move |_| fetch.emit(None));
    }
    {
        let (state, fetch) = (state.dispatcher(), fetch.clone());
        use_live_event(move |e| match e {
            LiveEvent::Notification {
                notification,
                unread,
            } => state.dispatch(BellAction::Arrived {
                notification: notification.clone(),
                unread: *unread,
            }),
            LiveEvent::NotificationsRead { unread } => state.dispatch(BellAction::Read {
                ids: Some(Vec::new()),
                unread: *unread,
            }),
            LiveEvent::Reset => fetch.emit(None),
            _ => {}
        });
    }
    // Opening moves focus into the panel; closing gives it back to the bell.
    {
        let (heading_ref, button_ref) = (heading_ref.clone(), button_ref.clone());
        let open = state.open;
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
        let (api, state) = (session.api.clone(), state.dispatcher());
        Callback::from(move |req: MarkRead| {
            let (api, state) = (api.clone(), state.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let ids = (!req.all).then(|| req.ids.clone());
                // A failed mark is harmless: the item stays unread and can be retried.
                if let Ok(r) = api.mark_read(&req).await {
                    state.dispatch(BellAction::Read {
                        ids,
                        unread: r.unread,
                    });
                }
            });
        })
    };
    let toggle = state
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| BellAction::Toggle);
    let close = state
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| BellAction::Close);
    let on_key = {
        let state = state.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                state.dispatch(BellAction::Close);
            }
        })
    };
    let mark_all = mark.reform(|_: MouseEvent| MarkRead {
        ids: Vec::new(),
        all: true,
    });

    let label = if state.unread > 0 {
        format!(
            "{}: {} {}",
            locale.t(T::Notifications),
            state.unread,
            locale.t(T::UnreadCountLabel)
        )
    } else {
        locale.t(T::Notifications).to_string()
    };
    let body = match &state.phase {
        Phase::Loading => html! { <Spinner /> },
        Phase::Failed(e) if state.items.is_empty() => {
            html! { <ErrorBox error={e.clone()} on_retry={fetch.reform(|_| None)} /> }
        }
        _ if state.items.is_empty() => html! {
            <div class="empty empty--small">
                <p class="empty__title">{ locale.t(T::NoNotifications) }</p>
                <p class="muted">{ locale.t(T::NoNotificationsHint) }</p>
            </div>
        },
        phase => {
            let item = |n: &Notification| {
                let onclick = {
                    let (navigator, state, mark) =
                        (navigator.clone(), state.dispatcher(), mark.clone());
                    let (id, order_id, read) = (n.id, n.order_id, n.read);
                    Callback::from(move |e: MouseEvent| {
                        if !read {
                            mark.emit(MarkRead {
                                ids: vec![id],
                                all: false,
                            });
                        }
                        // A plain click stays in the app; with a modifier the browser
                        // opens the link itself.
                        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                            return;
                        }
                        e.prevent_default();
                        state.dispatch(BellAction::Close);
                        if let Some(nav) = &navigator {
                            nav.push(&Route::Order { id: order_id });
                        }
                    })
                };
                html! {
                    <li key={n.id} class={classes!("note-item", (!n.read).then_some("note-item--unread"))}
                        data-notification-id={n.id.to_string()} data-kind={kind_attr(n.kind)}>
                        <a href={format!("/orders/{}", n.order_id)} class="note-item__link" {onclick}>
                            <span class="note-item__title">{ notification_title(n, &locale) }</span>
                            <span class="note-item__order">
                                { locale.t(T::OrderNo) }{ "\u{a0}" }{ &n.order_number }{ " · " }{ &n.service_name }
                            </span>
                            <span class="note-item__meta muted">
                                if let Some(a) = &n.actor { { a }{ " · " } }
                                <DateText iso={n.created_at.clone()} />
                            </span>
                            if !n.read {
                                <span class="visually-hidden">{ " · " }{ locale.t(T::UnreadCountLabel) }</span>
                            }
                        </a>
                    </li>
                }
            };
            let more = {
                let (fetch, before) = (fetch.clone(), state.next_before);
                Callback::from(move |_: MouseEvent| fetch.emit(before))
            };
            html! {
                <>
                    <ul class="note-list" data-testid="notification-list">
                        { for state.items.iter().map(item) }
                    </ul>
                    if let Phase::Failed(e) = phase {
                        <ErrorBox error={e.clone()} on_retry={fetch.reform({ let b = state.next_before; move |_| b })} />
                    } else if *phase == Phase::LoadingMore {
                        <p class="muted" role="status">{ locale.t(T::LoadingMore) }</p>
                    } else if state.next_before.is_some() {
                        <button type="button" class="button note-list__more" onclick={more}>{ locale.t(T::ShowMore) }</button>
                    }
                </>
            }
        }
    };

    html! {
        <div class="bell">
            <button ref={button_ref} type="button" class="button button--ghost bell__button"
                    aria-haspopup="dialog" aria-expanded={state.open.to_string()}
                    aria-controls="notification-panel" aria-label={label.clone()} title={label}
                    onclick={toggle} data-testid="bell">
                <svg class="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                    <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z M10 20a2 2 0 0 0 4 0" fill="none"
                          stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
                </svg>
                if state.unread > 0 {
                    <span class="bell__count" data-testid="bell-count" aria-hidden="true">
                        { if state.unread > 99 { "99+".to_string() } else { state.unread.to_string() } }
                    </span>
                }
            </button>
            if state.open {
                <div class="bell__backdrop" onclick={close.clone()} aria-hidden="true"></div>
                <section id="notification-panel" class="bell__panel" role="dialog"
                         aria-labelledby="notification-title" onkeydown={on_key} data-testid="notification-panel">
                    <header class="bell__head">
                        <h2 id="notification-title" ref={heading_ref} tabindex="-1">{ locale.t(T::Notifications) }</h2>
                        if state.unread > 0 {
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

fn kind_attr(k: NotificationKind) -> &'static str {
    match k {
        NotificationKind::StatusChanged => "status_changed",
        NotificationKind::ReturnedToWork => "returned_to_work",
        NotificationKind::NewOrder => "new_order",
        NotificationKind::NewMessage => "new_message",
    }
}
