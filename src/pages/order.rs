//! The order view: the header with status and actions, then the blocks in the order
//! of spec section 4. The chat sits beside the order on a wide screen and in its own
//! tab on a phone.

use std::rc::Rc;

use kabinet_core::{Action, OrderView};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::order_blocks::{
    AdditionalBlock, DeliveryBlock, DescriptionBlock, DetailsBlock, HotelBlock, ItemsBlock,
    PaymentBlock, TicketBlock, VisitorsBlock,
};
use crate::components::{OrderHeader, RemoteView};
use crate::hooks::{use_is_phone, use_locale, use_paint_mark, use_remote, use_session, Remote};
use crate::i18n::T;
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

#[component]
pub fn OrderPage(props: &OrderPageProps) -> Html {
    let locale = use_locale();
    let session = use_session();
    let api = session.api.clone();
    let (state, reload) = use_remote(props.id, move |id| {
        let api = api.clone();
        async move { api.order(id).await }
    });
    use_paint_mark("kabinet:order", matches!(state, Remote::Ready(_)));
    let phone = use_is_phone();
    let tab = use_state(|| Tab::Order);
    let notice = use_state(|| false);
    let on_action = {
        let notice = notice.clone();
        // Wiring the actions is the next issue; until then say so plainly.
        Callback::from(move |_a: Action| notice.set(true))
    };
    let render = {
        let (tab, notice, locale) = (tab.clone(), notice.clone(), locale.clone());
        Callback::from(move |order: Rc<OrderView>| {
            let order_col = html! {
                <article class="order" data-kind={order.kind.as_str()} data-status={order.status.as_str()}>
                    <OrderHeader order={order.clone()} on_action={on_action.clone()} />
                    if *notice {
                        <p class="note" role="status">{ locale.t(T::ActionSoon) }</p>
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
                </article>
            };
            let chat = html! {
                <aside class="chat" aria-label={locale.t(T::Chat)} id="chat-panel">
                    <h2 class="block__title">{ locale.t(T::Chat) }</h2>
                    <p class="muted">{ locale.t(T::ChatSoon) }</p>
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
                            { tab_button(Tab::Chat, T::Chat, order.unread_count) }
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
                <Link<Route> to={Route::Orders}>{ "← " }{ locale.t(T::BackToOrders) }</Link<Route>>
            </nav>
            <RemoteView<OrderView> state={state} on_retry={reload} {render} />
        </>
    }
}
