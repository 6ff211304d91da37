//! The order view: the header with status and actions, then the blocks in the order
//! of spec section 4. The chat sits beside the order on a wide screen and in its own
//! tab on a phone (`?tab=chat` in the address), for the roles that have a chat on
//! the order (its owner and staff). Actions go through `use_order_actions` and its
//! dialog; opening the order marks its notifications read.

use std::rc::Rc;

use kabinet_core::{Action, LiveEvent, MarkRead, OrderView, Role};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::action_dialog::ActionDialog;
use crate::components::chat::ChatPanel;
use crate::components::order_blocks::{self as order_blocks, AdditionalBlock};
use crate::components::sharing::{TicketBlock, VisitorsBlock};
use crate::components::ticket_qr::TicketQr;
use crate::components::{error_text, remote_view, OrderHeader};
use crate::hooks::order_actions::{Notice, Tone};
use crate::hooks::{
    use_is_phone, use_live_emit, use_live_event, use_locale, use_order_actions, use_paint_mark,
    use_pay, use_remote, use_session, use_title, Remote,
};
use crate::i18n::T;
use crate::routes::{repeat_href, Route};

#[derive(Properties, PartialEq)]
pub struct OrderPageProps {
    pub id: i64,
}

/// The phone's tab, as it stands in the address (`/orders/3?tab=chat`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TabQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
}

#[component]
pub fn OrderPage(props: &OrderPageProps) -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let api = session.api.clone();
    let remote = {
        let api = api.clone();
        use_remote(props.id, move |id| {
            let api = api.clone();
            async move { api.order(id).await }
        })
    };
    use_paint_mark("kabinet:order", matches!(remote.state, Remote::Ready(_)));
    let order = match &remote.state {
        Remote::Ready(o) => Some(o.clone()),
        _ => None,
    };
    use_title(match &order {
        Some(o) => format!("{}\u{a0}{}", locale.t(T::OrderNo), o.number),
        None => locale.t(T::BlockOrder).to_string(),
    });
    let role = session.user.as_ref().map(|u| u.role);
    let phone = use_is_phone();
    let chat_tab = use_location()
        .and_then(|l| l.query::<TabQuery>().ok())
        .is_some_and(|q| q.tab.as_deref() == Some("chat"));
    let actions = use_order_actions(props.id, order.clone(), remote.replace.clone());
    // Opening the order: its top, and its notifications read (the bell follows
    // through the live stream).
    {
        let (api, emit) = (api.clone(), use_live_emit());
        use_effect_with(props.id, move |id| {
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
            let req = MarkRead {
                ids: Vec::new(),
                order_id: Some(*id),
                all: false,
            };
            wasm_bindgen_futures::spawn_local(async move {
                // Harmless if it fails: the notifications stay unread. The bell
                // hears the new count at once, stream or not.
                if let Ok(r) = api.mark_read(&req).await {
                    emit.emit(LiveEvent::NotificationsRead { unread: r.unread });
                }
            });
        });
    }
    // Someone else changed this order (staff, the system, another tab): fetch it
    // again and swap it in, without "loading" and without closing a dialog.
    {
        let (api, replace, id) = (api.clone(), remote.replace.clone(), props.id);
        let seen = order.as_ref().map(|o| o.version);
        use_live_event(move |e| {
            let newer = match e {
                LiveEvent::Order {
                    order_id, version, ..
                } => *order_id == id && seen.is_some_and(|v| *version > v),
                LiveEvent::Reset => true,
                _ => false,
            };
            if newer {
                let (api, replace) = (api.clone(), replace.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(fresh) = api.order(id).await {
                        replace.emit(fresh);
                    }
                });
            }
        });
    }

    // The «Чат» tab's badge: the order's count until the chat (or the live stream)
    // says otherwise.
    let chat_unread = use_state(|| None::<u32>);
    {
        let (chat_unread, id) = (chat_unread.clone(), props.id);
        use_live_event(move |e| {
            if let LiveEvent::Message {
                order_id, unread, ..
            } = e
            {
                if *order_id == id {
                    chat_unread.set(Some(*unread));
                }
            }
        });
    }
    let set_unread = {
        let chat_unread = chat_unread.clone();
        Callback::from(move |n: u32| chat_unread.set(Some(n)))
    };
    let user = session.user.clone();
    // «QR-билета» and «Код для входа» open the code over the page; it stays open
    // while the order updates live (a check-in turns it into «Вы посетили
    // мероприятие»).
    let qr_open = use_state(|| false);
    let show_code = {
        let qr_open = qr_open.clone();
        Callback::from(move |()| qr_open.set(true))
    };
    let (pay, start_pay) = use_pay(props.id);
    // «Повторить заказ» opens a new order form filled in from this one; «Оплатить»
    // goes to the payment provider; the others change the order.
    let on_action = {
        let (inner, show_code) = (actions.on_action.clone(), show_code.clone());
        let order = order.clone();
        Callback::from(move |a: Action| match a {
            Action::ShowQr => show_code.emit(()),
            Action::Pay => start_pay.emit(()),
            Action::Repeat => {
                if let Some(o) = &order {
                    use yew_router::history::History as _;
                    yew_router::history::BrowserHistory::new()
                        .push(repeat_href(o.service.id, o.id));
                }
            }
            _ => inner.emit(a),
        })
    };
    let render = {
        let (locale, act) = (locale.clone(), actions.state.clone());
        let (retry, id) = (actions.confirm.clone(), props.id);
        let on_action = on_action.clone();
        let on_order = remote.replace.clone();
        let pay = pay.clone();
        Callback::from(move |order: Rc<OrderView>| {
            // A failure outside a dialog (confirm/return) stands under the header
            // with «Повторить», which resends the same request.
            let inline_failure = match (&act.failed, act.dialog) {
                (Some((_, e)), None) => html! {
                    <div class="alert" role="alert" data-testid="action-failed">
                        <p>{ error_text(e, &locale) }</p>
                        <button type="button" class="button" onclick={retry.reform(|_: MouseEvent| ())}>{ locale.t(T::Retry) }</button>
                    </div>
                },
                _ => html! {},
            };
            let notice = act.notice.as_ref().map(|n| {
                let text = match n {
                    Notice::Done(t) => locale.t(*t).to_string(),
                    Notice::Changed(e) => error_text(e, &locale),
                };
                let class = match n.tone() {
                    Tone::Success => "note--success",
                    Tone::Warning => "note--warning",
                };
                html! { <p class={classes!("note", class)} role="status" data-testid="action-notice">{ text }</p> }
            });
            let order_col = html! {
                <article class="order" data-kind={order.kind.as_str()} data-status={order.status.as_str()}
                         aria-busy={act.busy.to_string()}>
                    <OrderHeader order={order.clone()} on_action={on_action.clone()} pay={pay.clone()} />
                    { inline_failure }
                    { for notice }
                    { order_blocks::items(&order, &locale) }
                    <TicketBlock order={order.clone()} on_order={on_order.clone()} on_code={show_code.clone()} />
                    { order_blocks::hotel(&order, &locale) }
                    { order_blocks::delivery(&order, &locale) }
                    <AdditionalBlock order={order.clone()} />
                    <VisitorsBlock order={order.clone()} on_order={on_order.clone()} />
                    { order_blocks::details(&order, &locale) }
                    { order_blocks::payment(&order, &locale) }
                    { order_blocks::description(&order, &locale) }
                    { order_blocks::history(&order, &locale) }
                </article>
            };
            // Only the owner and staff take part in an order's chat.
            let has_chat = user
                .as_ref()
                .is_none_or(|u| u.role.is_staff() || u.id == order.owner.id);
            if !has_chat {
                return html! { <div class="order-page order-page--solo">{ order_col }</div> };
            }
            let chat = html! {
                <aside class="chat-aside">
                    <ChatPanel order_id={order.id} on_unread={set_unread.clone()} />
                </aside>
            };
            if phone {
                let select = |chat: bool| {
                    let navigator = navigator.clone();
                    Callback::from(move |_: MouseEvent| {
                        if let Some(nav) = &navigator {
                            let q = TabQuery {
                                tab: chat.then(|| "chat".to_string()),
                            };
                            let _ = nav.replace_with_query(&Route::Order { id }, &q);
                        }
                    })
                };
                let tab_button = |is_chat: bool, label: T, badge: u32| {
                    let on = chat_tab == is_chat;
                    html! {
                        <button type="button" role="tab" class={classes!("tabs__tab", on.then_some("tabs__tab--on"))}
                                aria-selected={on.to_string()} onclick={select(is_chat)}>
                            { locale.t(label) }
                            if badge > 0 { <span class="unread">{ badge }</span> }
                        </button>
                    }
                };
                html! {
                    <div class="order-page order-page--phone">
                        <div class="tabs" role="tablist">
                            { tab_button(false, T::TabOrder, 0) }
                            { tab_button(true, T::Chat, (*chat_unread).unwrap_or(order.unread_count)) }
                        </div>
                        <div role="tabpanel">
                            { if chat_tab { chat } else { order_col } }
                        </div>
                    </div>
                }
            } else {
                html! { <div class="order-page">{ order_col }{ chat }</div> }
            }
        })
    };
    let dialog = match &order {
        Some(o) => html! {
            <>
                <ActionDialog order={o.clone()} state={(*actions.state).clone()} on_choose={actions.choose.clone()}
                              on_yes={actions.confirm.clone()} on_dismiss={actions.dismiss.clone()} />
                if *qr_open {
                    <TicketQr order_id={o.id} kind={o.kind} status={o.status}
                              on_close={{ let q = qr_open.clone(); Callback::from(move |()| q.set(false)) }} />
                }
            </>
        },
        None => html! {},
    };
    html! {
        <>
            <nav class="crumbs" aria-label={locale.t(T::MyOrders)}>
                {
                    match role {
                        Some(Role::Staff) => html! { <Link<Route> to={Route::Desk}>{ "← " }{ locale.t(T::Desk) }</Link<Route>> },
                        Some(Role::EventManager) => html! { <Link<Route> to={Route::Desk}>{ "← " }{ locale.t(T::EventTickets) }</Link<Route>> },
                        _ => html! { <Link<Route> to={Route::Orders}>{ "← " }{ locale.t(T::BackToOrders) }</Link<Route>> },
                    }
                }
            </nav>
            { remote_view(&locale, &remote, T::OrderNotFound, &render) }
            { dialog }
        </>
    }
}
