//! «Мои заказы»: the caller's orders, newest first, with status-group and kind
//! filters and search kept in the address, loaded a page at a time as the user
//! scrolls.

use std::rc::Rc;

use kabinet_core::{Kind, LiveEvent, OrderSummary};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::OrderQuery;
use crate::components::filters::{FilterSelect, SearchField};
use crate::components::list_footer::ListBody;
use crate::components::{DateText, KindIcon, MoneyText, StatusChip};
use crate::hooks::paged::Phase;
use crate::hooks::{use_live_event, use_locale, use_paged, use_paint_mark, use_session, Page};
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

#[component]
pub fn OrdersPage() -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let filters: Filters = location
        .and_then(|l| l.query::<Filters>().ok())
        .unwrap_or_default();
    let paged = {
        let api = session.api.clone();
        use_paged(filters.clone(), move |f: Filters, cursor| {
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
    let list = paged.state.clone();
    use_paint_mark("kabinet:list", list.phase == Phase::Idle);
    // A change elsewhere (staff, another tab) shows in the list at once.
    {
        let (patch, refresh) = (paged.patch.clone(), paged.refresh.clone());
        use_live_event(move |e| match e {
            LiveEvent::Order {
                order_id, status, ..
            } => {
                let (id, status) = (*order_id, *status);
                patch.emit(Rc::new(move |o: &mut OrderSummary| {
                    if o.id == id {
                        o.status = status;
                    }
                }));
            }
            LiveEvent::Message {
                order_id, unread, ..
            } => {
                let (id, unread) = (*order_id, *unread);
                patch.emit(Rc::new(move |o: &mut OrderSummary| {
                    if o.id == id {
                        o.unread_count = unread;
                    }
                }));
            }
            LiveEvent::Reset => refresh.emit(()),
            _ => {}
        });
    }

    let set_filters = {
        let navigator = navigator.clone();
        Rc::new(move |f: Filters| {
            if let Some(nav) = &navigator {
                let _ = nav.replace_with_query(&Route::Orders, &f);
            }
        })
    };
    let group_button = |value: Option<&'static str>, label: T| {
        let selected = filters.status.as_deref() == value;
        let set_filters = set_filters.clone();
        let filters = filters.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            set_filters(Filters {
                status: value.map(String::from),
                ..filters.clone()
            })
        });
        html! {
            <button type="button" class={classes!("seg__item", selected.then_some("seg__item--on"))}
                    aria-pressed={selected.to_string()} {onclick}>
                { locale.t(label) }
            </button>
        }
    };
    let on_kind = {
        let (set_filters, filters) = (set_filters.clone(), filters.clone());
        Callback::from(move |kind: Option<String>| {
            set_filters(Filters {
                kind,
                ..filters.clone()
            })
        })
    };
    let on_search = {
        let (set_filters, filters) = (set_filters.clone(), filters.clone());
        Callback::from(move |q: Option<String>| {
            set_filters(Filters {
                q,
                ..filters.clone()
            })
        })
    };
    let reset = {
        let set_filters = set_filters.clone();
        Callback::from(move |_: ()| set_filters(Filters::default()))
    };

    let body = html! {
        <ListBody phase={list.phase.clone()} is_empty={list.items.is_empty()} has_next={list.next.is_some()}
                  filtered={!filters.is_empty()} empty={(T::EmptyOrders, T::EmptyOrdersHint)}
                  on_reset={reset} on_retry={paged.reload.clone()} on_more={paged.load_more.clone()}>
            <ul class="order-list" data-testid="order-list">
                { for list.items.iter().map(|o| html! { <OrderRow key={o.id} order={o.clone()} /> }) }
            </ul>
        </ListBody>
    };

    html! {
        <div class="orders">
            <h1>{ locale.t(T::MyOrders) }</h1>
            <div class="filters" role="search">
                <div class="seg" role="group" aria-label={locale.t(T::FilterStatus)}>
                    { group_button(None, T::FilterAll) }
                    { group_button(Some("active"), T::FilterActive) }
                    { group_button(Some("finished"), T::FilterFinished) }
                </div>
                <FilterSelect id="kind-filter" label={T::FilterKind} all={T::AllKinds}
                              options={kind_options(locale.lang)} value={filters.kind.clone()} on_change={on_kind} />
                <SearchField id="order-search" value={filters.q.clone()} {on_search} />
            </div>
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct OrderRowProps {
    pub order: OrderSummary,
}

/// One order in the list: a link to its view.
#[component]
pub fn OrderRow(props: &OrderRowProps) -> Html {
    let locale = use_locale();
    let o = &props.order;
    html! {
        <li class="order-row" data-order-id={o.id.to_string()} data-kind={o.kind.as_str()}>
            <Link<Route> to={Route::Order { id: o.id }} classes="order-row__link">
                <KindIcon kind={o.kind} />
                <span class="order-row__main">
                    <span class="order-row__name">{ &o.service_name }</span>
                    <span class="order-row__meta muted">
                        { locale.t(T::OrderNo) }{ "\u{a0}" }{ &o.number }
                        { " · " }
                        if let Some(at) = &o.service_at {
                            <DateText iso={at.clone()} />
                        } else {
                            <DateText iso={o.created_at.clone()} />
                        }
                    </span>
                </span>
                <span class="order-row__side">
                    <StatusChip status={o.status} />
                    if let Some(a) = &o.amount {
                        <span class="order-row__amount"><MoneyText money={a.clone()} /></span>
                    }
                </span>
                if o.unread_count > 0 {
                    <span class="unread" title={format!("{} {}", o.unread_count, locale.t(T::UnreadMessages))}>
                        { o.unread_count }
                        <span class="visually-hidden">{ " " }{ locale.t(T::UnreadMessages) }</span>
                    </span>
                }
            </Link<Route>>
        </li>
    }
}
