//! The order view: the header with status and actions, then the blocks in the order
//! of spec section 4. The chat sits beside the order on a wide screen and in its own
//! tab on a phone. Actions that change the status go to the server with the version
//! the user saw and an idempotency key, after a dialog where they are destructive.

use std::rc::Rc;

use kabinet_core::{Action, ActionRequest, CloseOutcome, Kind, LiveEvent, OrderView};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{new_key, Api, ApiError};
use crate::components::chat::ChatPanel;
use crate::components::order_blocks::{
    AdditionalBlock, DeliveryBlock, DescriptionBlock, DetailsBlock, HistoryBlock, HotelBlock,
    ItemsBlock, PaymentBlock, TicketBlock, VisitorsBlock,
};
use crate::components::{error_text, Dialog, OrderHeader, RemoteView};
use crate::hooks::{
    use_is_phone, use_live_event, use_locale, use_paint_mark, use_remote, use_session, Locale,
    Remote,
};
use crate::i18n::{action_label, T};
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct OrderPageProps {
    pub id: i64,
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Order,
    Chat,
}

/// Where taking an action stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActState {
    /// The dialog open for this action (close, cancel).
    dialog: Option<Action>,
    /// The choice in the close dialog.
    outcome: Option<CloseOutcome>,
    busy: bool,
    /// Kept across a failed send so that «Повторить» is the same request.
    key: Option<String>,
    /// What went wrong, and the action «Повторить» resends (none when the order
    /// simply changed under the user).
    failed: Option<(Option<Action>, String)>,
    notice: Option<T>,
}

pub enum ActMsg {
    Open(Action),
    Choose(CloseOutcome),
    Dismiss,
    Start(String),
    Done(Option<T>),
    /// The order changed under the user: the fresh one is shown with this note.
    Stale(String),
    Failed(Action, String),
}

impl Reducible for ActState {
    type Action = ActMsg;

    fn reduce(self: Rc<Self>, msg: ActMsg) -> Rc<Self> {
        let mut s = (*self).clone();
        match msg {
            ActMsg::Open(a) => {
                s = ActState {
                    dialog: Some(a),
                    ..ActState::default()
                }
            }
            ActMsg::Choose(o) => s.outcome = Some(o),
            ActMsg::Dismiss => s = ActState::default(),
            ActMsg::Start(key) => {
                s.busy = true;
                s.key = Some(key);
                s.failed = None;
                s.notice = None;
            }
            ActMsg::Done(notice) => {
                s = ActState {
                    notice,
                    ..ActState::default()
                }
            }
            ActMsg::Stale(message) => {
                s = ActState {
                    notice: Some(T::OrderChanged),
                    failed: Some((None, message)),
                    ..ActState::default()
                }
            }
            ActMsg::Failed(a, message) => {
                s.busy = false;
                s.failed = Some((Some(a), message));
            }
        }
        Rc::new(s)
    }
}

/// What the user is told after an action went through.
fn done_notice(a: Action) -> Option<T> {
    match a {
        Action::ReturnToWork => Some(T::ReturnedInviteChat),
        Action::ConfirmCompletion => Some(T::ConfirmedThanks),
        _ => Some(T::StatusChanged),
    }
}

#[allow(clippy::too_many_arguments)]
fn submit(
    api: Api,
    order: Rc<OrderView>,
    action: Action,
    outcome: Option<CloseOutcome>,
    key: String,
    act: UseReducerDispatcher<ActState>,
    replace: Callback<OrderView>,
    locale: Locale,
) {
    act.dispatch(ActMsg::Start(key.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        let req = ActionRequest {
            action,
            version: order.version,
            close_outcome: outcome,
        };
        match api.act(order.id, &req, &key).await {
            Ok(view) => {
                replace.emit(view);
                act.dispatch(ActMsg::Done(done_notice(action)));
            }
            Err(e @ ApiError::Http { status: 409, .. }) => {
                // Stale or no longer allowed: show the order as it is now, and why.
                if let Ok(fresh) = api.order(order.id).await {
                    replace.emit(fresh);
                }
                act.dispatch(ActMsg::Stale(error_text(&e, &locale)));
            }
            Err(e) => act.dispatch(ActMsg::Failed(action, error_text(&e, &locale))),
        }
    });
}

#[component]
pub fn OrderPage(props: &OrderPageProps) -> Html {
    let locale = use_locale();
    let session = use_session();
    let api = session.api.clone();
    let remote = {
        let api = api.clone();
        use_remote(props.id, move |id| {
            let api = api.clone();
            async move { api.order(id).await }
        })
    };
    use_paint_mark("kabinet:order", matches!(remote.state, Remote::Ready(_)));
    let staff = session
        .user
        .as_ref()
        .is_some_and(|u| u.role == kabinet_core::Role::Staff);
    let phone = use_is_phone();
    let tab = use_state(|| Tab::Order);
    let act = use_reducer(ActState::default);
    // Leaving for another order starts clean.
    {
        let act = act.clone();
        use_effect_with(props.id, move |_| act.dispatch(ActMsg::Dismiss));
    }

    let order = match &remote.state {
        Remote::Ready(o) => Some(o.clone()),
        _ => None,
    };
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
    let run = {
        let (api, act, replace, locale, order) = (
            api.clone(),
            act.clone(),
            remote.replace.clone(),
            locale.clone(),
            order.clone(),
        );
        Callback::from(move |(a, outcome): (Action, Option<CloseOutcome>)| {
            let Some(order) = order.clone() else { return };
            if act.busy {
                return;
            }
            let key = act.key.clone().unwrap_or_else(new_key);
            submit(
                api.clone(),
                order,
                a,
                outcome,
                key,
                act.dispatcher(),
                replace.clone(),
                locale.clone(),
            );
        })
    };
    let on_action = {
        let (act, run) = (act.clone(), run.clone());
        Callback::from(move |a: Action| match a {
            Action::ConfirmCompletion
            | Action::ReturnToWork
            | Action::TakeIntoWork
            | Action::MarkAwaitingConfirmation
            | Action::Complete
            | Action::CompleteRefund
            | Action::CheckIn => run.emit((a, None)),
            // Destructive: asked first.
            Action::Close | Action::Cancel | Action::StaffCancel => act.dispatch(ActMsg::Open(a)),
            // Paying, sharing, passing a ticket on, the QR code and repeating come
            // with their own features.
            _ => act.dispatch(ActMsg::Done(Some(T::ActionSoon))),
        })
    };

    let dialog = match (act.dialog, &order) {
        (Some(a), Some(o)) => {
            let dismiss = act.dispatcher().to_callback().reform(|_| ActMsg::Dismiss);
            let on_no = act
                .dispatcher()
                .to_callback()
                .reform(|_: MouseEvent| ActMsg::Dismiss);
            let outcome = act.outcome;
            let ready = a != Action::Close || outcome.is_some();
            let on_yes = {
                let run = run.clone();
                Callback::from(move |_: MouseEvent| run.emit((a, outcome)))
            };
            let title = match (a, o.kind) {
                (Action::Close, _) => locale.t(T::CloseDialogText).to_string(),
                (_, Kind::Event) => locale.t(T::CancelTicketDialogTitle).to_string(),
                _ => locale.t(T::CancelDialogTitle).to_string(),
            };
            let paid = o.payment.as_ref().is_some_and(|p| p.paid.amount > 0);
            let choice = |value: CloseOutcome, label: T| {
                let onchange = act.dispatcher().to_callback().reform(move |e: Event| {
                    let _ = e.target_unchecked_into::<HtmlInputElement>();
                    ActMsg::Choose(value)
                });
                html! {
                    <label class="dialog__choice">
                        <input type="radio" name="close-outcome" checked={outcome == Some(value)} {onchange} />
                        { locale.t(label) }
                    </label>
                }
            };
            html! {
                <Dialog title={title} on_close={dismiss}>
                    if a == Action::Close {
                        <fieldset class="dialog__choices">
                            <legend class="visually-hidden">{ action_label(a, o.kind, locale.lang) }</legend>
                            { choice(CloseOutcome::Done, T::CloseDone) }
                            { choice(CloseOutcome::NotRelevant, T::CloseNotRelevant) }
                        </fieldset>
                    } else {
                        <p>{ locale.t(if paid { T::CancelDialogPaid } else { T::CancelDialogFree }) }</p>
                    }
                    if let Some((_, message)) = &act.failed {
                        <p class="alert" role="alert">{ message }</p>
                    }
                    <div class="dialog__buttons">
                        <button type="button" class="button" onclick={on_no} disabled={act.busy}>
                            { locale.t(T::No) }
                        </button>
                        <button type="button" class="button button--primary" onclick={on_yes}
                                disabled={!ready || act.busy} data-testid="dialog-yes">
                            { locale.t(if act.busy { T::Sending } else { T::Yes }) }
                        </button>
                    </div>
                </Dialog>
            }
        }
        _ => html! {},
    };

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
    let render = {
        let (tab, act, locale, run) = (tab.clone(), act.clone(), locale.clone(), run.clone());
        Callback::from(move |order: Rc<OrderView>| {
            // A failure outside a dialog (confirm/return) stands under the header
            // with «Повторить», which resends the same request.
            let inline_failure = match (&act.failed, act.dialog) {
                (Some((Some(a), message)), None) => {
                    let a = *a;
                    let onclick = run.reform(move |_: MouseEvent| (a, None));
                    html! {
                        <div class="alert" role="alert">
                            <p>{ message }</p>
                            <button type="button" class="button" {onclick}>{ locale.t(T::Retry) }</button>
                        </div>
                    }
                }
                (Some((_, message)), None) => {
                    html! { <p class="alert" role="alert">{ message }</p> }
                }
                _ => html! {},
            };
            let order_col = html! {
                <article class="order" data-kind={order.kind.as_str()} data-status={order.status.as_str()}
                         aria-busy={act.busy.to_string()}>
                    <OrderHeader order={order.clone()} on_action={on_action.clone()} />
                    { inline_failure }
                    if let Some(n) = act.notice {
                        <p class="note" role="status" data-testid="action-notice">{ locale.t(n) }</p>
                    }
                    <ItemsBlock order={order.clone()} />
                    <TicketBlock order={order.clone()} on_action={on_action.clone()} />
                    <HotelBlock order={order.clone()} />
                    <DeliveryBlock order={order.clone()} />
                    <AdditionalBlock order={order.clone()} />
                    <VisitorsBlock order={order.clone()} on_action={on_action.clone()} />
                    <DetailsBlock order={order.clone()} />
                    <PaymentBlock order={order.clone()} />
                    <DescriptionBlock order={order.clone()} />
                    <HistoryBlock order={order.clone()} />
                </article>
            };
            let chat = html! {
                <aside class="chat-aside">
                    <ChatPanel order_id={order.id} on_unread={set_unread.clone()} />
                </aside>
            };
            if phone {
                let select = |t: Tab| {
                    let tab = tab.clone();
                    Callback::from(move |_: MouseEvent| tab.set(t))
                };
                let tab_button = |t: Tab, label: T, badge: u32| {
                    html! {
                        <button type="button" role="tab" class={classes!("tabs__tab", (*tab == t).then_some("tabs__tab--on"))}
                                aria-selected={(*tab == t).to_string()} onclick={select(t)}>
                            { locale.t(label) }
                            if badge > 0 { <span class="unread">{ badge }</span> }
                        </button>
                    }
                };
                html! {
                    <div class="order-page order-page--phone">
                        <div class="tabs" role="tablist">
                            { tab_button(Tab::Order, T::TabOrder, 0) }
                            { tab_button(Tab::Chat, T::Chat, (*chat_unread).unwrap_or(order.unread_count)) }
                        </div>
                        <div role="tabpanel">
                            { if *tab == Tab::Order { order_col } else { chat } }
                        </div>
                    </div>
                }
            } else {
                html! { <div class="order-page">{ order_col }{ chat }</div> }
            }
        })
    };
    html! {
        <>
            <nav class="crumbs" aria-label={locale.t(T::MyOrders)}>
                if staff {
                    <Link<Route> to={Route::Desk}>{ "← " }{ locale.t(T::Desk) }</Link<Route>>
                } else {
                    <Link<Route> to={Route::Orders}>{ "← " }{ locale.t(T::BackToOrders) }</Link<Route>>
                }
            </nav>
            <RemoteView<OrderView> state={remote.state.clone()} on_retry={remote.reload.clone()} {render} />
            { dialog }
        </>
    }
}
