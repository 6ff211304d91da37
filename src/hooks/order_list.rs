//! `use_order_list`: the order list's and the desk's one way of listing orders —
//! paged (`use_paged`), filtered by a query, and kept true live: a status or an
//! unread count that changes elsewhere is patched into its row, a reset refreshes
//! the page, and (on the desk) orders that are not on screen yet are offered
//! rather than pushed in under the user's pointer.

use std::future::Future;
use std::rc::Rc;

use kabinet_core::{DeskOrder, LiveEvent, OrderSummary};
use yew::prelude::*;

use crate::api::ApiError;
use crate::hooks::paged::{use_paged, Keyed, Page, Paged};
use crate::hooks::use_live_event;

/// A row of an order list: an order, maybe with more about it.
pub trait OrderItem: Clone + Keyed + 'static {
    fn summary(&self) -> &OrderSummary;
    fn summary_mut(&mut self) -> &mut OrderSummary;
}

impl OrderItem for OrderSummary {
    fn summary(&self) -> &OrderSummary {
        self
    }
    fn summary_mut(&mut self) -> &mut OrderSummary {
        self
    }
}

impl OrderItem for DeskOrder {
    fn summary(&self) -> &OrderSummary {
        &self.order
    }
    fn summary_mut(&mut self) -> &mut OrderSummary {
        &mut self.order
    }
}

/// What `use_order_list` gives.
pub struct OrderList<I: OrderItem> {
    pub paged: Paged<I>,
    /// Orders changed that are not on screen (new ones): offered with a button.
    pub fresh: bool,
    /// Shows them: the first page again, and the offer goes away.
    pub show_fresh: Callback<()>,
}

/// `offer_new`: whether changes to orders not on screen are offered (the desk,
/// where new orders come in) or left alone (the tenant's own list).
#[hook]
pub fn use_order_list<I, Q, F, Fut>(query: Q, offer_new: bool, fetch: F) -> OrderList<I>
where
    I: OrderItem,
    Q: PartialEq + Clone + 'static,
    F: Fn(Q, Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<Page<I>, ApiError>> + 'static,
{
    let paged = use_paged(query.clone(), fetch);
    let fresh = use_state_eq(|| false);
    {
        let fresh = fresh.clone();
        use_effect_with(query, move |_| fresh.set(false));
    }
    {
        let (patch, refresh, fresh, list) = (
            paged.patch.clone(),
            paged.refresh.clone(),
            fresh.clone(),
            paged.state.clone(),
        );
        use_live_event(move |e| match e {
            LiveEvent::Order {
                order_id, status, ..
            } => {
                let (id, status) = (*order_id, *status);
                if list.items.iter().any(|i| i.key() == id) {
                    patch.emit(Rc::new(move |i: &mut I| {
                        if i.key() == id {
                            i.summary_mut().status = status;
                        }
                    }));
                } else if offer_new {
                    fresh.set(true);
                }
            }
            LiveEvent::Message {
                order_id, unread, ..
            } => {
                let (id, unread) = (*order_id, *unread);
                patch.emit(Rc::new(move |i: &mut I| {
                    if i.key() == id {
                        i.summary_mut().unread_count = unread;
                    }
                }));
            }
            LiveEvent::Reset => refresh.emit(()),
            _ => {}
        });
    }
    let show_fresh = {
        let (refresh, fresh) = (paged.refresh.clone(), fresh.clone());
        Callback::from(move |_: ()| {
            fresh.set(false);
            refresh.emit(());
        })
    };
    OrderList {
        paged,
        fresh: *fresh,
        show_fresh,
    }
}
