//! «Мои заказы»: the caller's orders, newest first, with status-group and kind
//! filters and search kept in the address, loaded a page at a time as the user
//! scrolls (`use_order_list`), scrolled back where the user left it on return.

use std::rc::Rc;

use kabinet_core::{Kind, OrderSummary, Status};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::OrderQuery;
use crate::components::filters::{FilterSelect, SearchField};
use crate::components::list_footer::ListBody;
use crate::components::OrderRow;
use crate::hooks::paged::Phase;
use crate::hooks::{
    use_locale, use_order_list, use_paint_mark, use_scroll_memory, use_session, use_title, Page,
};
use crate::i18n::{kind_label, Lang, T};
use crate::routes::Route;

/// The filters, as they stand in the address (`/orders?status=active&q=…`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

impl Filters {
    fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// The kind filter's options.
pub fn kind_options(lang: Lang) -> Vec<(String, String)> {
    Kind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), kind_label(*k, lang).to_string()))
        .collect()
}

/// The address of the page now (path and query), naming its scroll position.
pub fn here() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// A list page's filters as the address has them now — not as they were when a
/// callback was made, so that a search sent after its pause keeps a filter
/// clicked meanwhile.
pub fn current_query<F: serde::de::DeserializeOwned + Default>() -> F {
    use yew_router::history::{BrowserHistory, History};
    BrowserHistory::new()
        .location()
        .query::<F>()
        .unwrap_or_default()
}

#[component]
pub fn OrdersPage() -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    use_title(locale.t(T::MyOrders).to_string());
    let filters: Filters = location
        .as_ref()
        .and_then(|l| l.query::<Filters>().ok())
        .unwrap_or_default();
    let list = {
        let api = session.api.clone();
        use_order_list(filters.clone(), false, move |f: Filters, cursor| {
            let api = api.clone();
            async move {
                let query = OrderQuery {
                    status: f.status,
                    kind: f.kind,
                    q: f.q,
                    cursor,
                    ..OrderQuery::default()
                };
                api.orders(&query).await.map(|p| Page {
                    items: p.items,
                    next: p.next_cursor,
                })
            }
        })
    };
    let paged = &list.paged;
    let state = paged.state.clone();
    use_paint_mark("kabinet:list", state.phase == Phase::Idle);
    use_scroll_memory(here(), state.phase == Phase::Idle);

    // Each control changes its own filter in the address as it is now.
    let update = {
        let navigator = navigator.clone();
        Rc::new(move |change: &dyn Fn(&mut Filters)| {
            let mut f: Filters = current_query();
            change(&mut f);
            if let Some(nav) = &navigator {
                let _ = nav.replace_with_query(&Route::Orders, &f);
            }
        })
    };
    let group_button = |value: Option<&'static str>, label: T| {
        let selected = filters.status.as_deref() == value;
        let update = update.clone();
        let onclick =
            Callback::from(move |_: MouseEvent| update(&|f| f.status = value.map(String::from)));
        html! {
            <button type="button" class={classes!("seg__item", selected.then_some("seg__item--on"))}
                    aria-pressed={selected.to_string()} data-status={value.unwrap_or("")} {onclick}>
                { locale.t(label) }
            </button>
        }
    };
    let on_kind = {
        let update = update.clone();
        Callback::from(move |kind: Option<String>| update(&|f| f.kind = kind.clone()))
    };
    let on_search = {
        let update = update.clone();
        Callback::from(move |q: Option<String>| update(&|f| f.q = q.clone()))
    };
    let reset = {
        let update = update.clone();
        Callback::from(move |_: ()| update(&|f| *f = Filters::default()))
    };

    html! {
        <div class="orders">
            <h1>{ locale.t(T::MyOrders) }</h1>
            <div class="filters" role="search">
                <div class="seg" role="group" aria-label={locale.t(T::FilterStatus)}>
                    { group_button(None, T::FilterAll) }
                    { group_button(Some("active"), T::FilterActive) }
                    { group_button(Some(Status::AwaitingConfirmation.as_str()), T::FilterAwaiting) }
                    { group_button(Some("finished"), T::FilterFinished) }
                </div>
                <FilterSelect id="kind-filter" label={T::FilterKind} all={T::AllKinds}
                              options={kind_options(locale.lang)} value={filters.kind.clone()} on_change={on_kind} />
                <SearchField id="order-search" value={filters.q.clone()} {on_search} />
            </div>
            <ListBody phase={state.phase.clone()} is_empty={state.items.is_empty()} has_next={state.next.is_some()}
                      filtered={!filters.is_empty()} empty={(T::EmptyOrders, T::EmptyOrdersHint)}
                      on_reset={reset} on_retry={paged.reload.clone()} on_more={paged.load_more.clone()}>
                <ul class="order-list" data-testid="order-list">
                    { for state.items.iter().map(|o: &OrderSummary| html! { <OrderRow key={o.id} order={o.clone()} /> }) }
                </ul>
            </ListBody>
        </div>
    }
}
