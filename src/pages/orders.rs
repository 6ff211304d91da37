//! «Мои заказы»: the caller's orders, newest first, with status-group and kind
//! filters and search kept in the address, loaded a page at a time as the user
//! scrolls.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use kabinet_core::{Kind, OrderPage, OrderSummary};
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    HtmlInputElement, HtmlSelectElement, IntersectionObserver, IntersectionObserverEntry,
};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{ApiError, OrderQuery};
use crate::components::remote_view::Spinner;
use crate::components::{DateText, ErrorBox, KindIcon, MoneyText, StatusChip};
use crate::hooks::{use_locale, use_paint_mark, use_session, SessionAction};
use crate::i18n::{kind_label, T};
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

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    LoadingMore,
    Idle,
    Failed(ApiError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListState {
    items: Vec<OrderSummary>,
    next: Option<String>,
    phase: Phase,
    /// Which request the state belongs to; late answers to older ones are dropped.
    generation: u32,
}

pub enum ListAction {
    Reset(u32),
    LoadingMore,
    Loaded { generation: u32, page: OrderPage },
    Failed { generation: u32, error: ApiError },
}

impl Reducible for ListState {
    type Action = ListAction;

    fn reduce(self: Rc<Self>, action: ListAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ListAction::Reset(generation) => {
                s = ListState {
                    items: Vec::new(),
                    next: None,
                    phase: Phase::Loading,
                    generation,
                }
            }
            ListAction::LoadingMore => s.phase = Phase::LoadingMore,
            ListAction::Loaded { generation, page } if generation == s.generation => {
                s.items.extend(page.items);
                s.next = page.next_cursor;
                s.phase = Phase::Idle;
            }
            ListAction::Failed { generation, error } if generation == s.generation => {
                s.phase = Phase::Failed(error)
            }
            _ => return self,
        }
        Rc::new(s)
    }
}

fn fetch_page(
    api: crate::api::Api,
    filters: Filters,
    cursor: Option<String>,
    generation: u32,
    list: UseReducerDispatcher<ListState>,
    session: crate::hooks::session::SessionHandle,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let query = OrderQuery {
            status: filters.status,
            kind: filters.kind,
            q: filters.q,
            cursor,
            limit: None,
        };
        match api.orders(&query).await {
            Ok(page) => list.dispatch(ListAction::Loaded { generation, page }),
            Err(error) => {
                if error.is_unauthorized() {
                    session.dispatch(SessionAction::Expired);
                }
                list.dispatch(ListAction::Failed { generation, error })
            }
        }
    });
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
    let list = use_reducer(|| ListState {
        items: Vec::new(),
        next: None,
        phase: Phase::Loading,
        generation: 0,
    });
    let generation = use_mut_ref(|| 0u32);
    let search_text = use_state(|| filters.q.clone().unwrap_or_default());
    let debounce = use_mut_ref(|| None::<Timeout>);
    let reloads = use_state(|| 0u32);
    use_paint_mark("kabinet:list", list.phase == Phase::Idle);

    // A new filter set starts the list over.
    {
        let (list, session, generation) = (list.clone(), session.clone(), generation.clone());
        use_effect_with((filters.clone(), *reloads), move |(filters, _)| {
            *generation.borrow_mut() += 1;
            let g = *generation.borrow();
            list.dispatch(ListAction::Reset(g));
            fetch_page(
                session.api.clone(),
                filters.clone(),
                None,
                g,
                list.dispatcher(),
                session.clone(),
            );
        });
    }

    let load_more = {
        let (list, session, filters) = (list.clone(), session.clone(), filters.clone());
        Callback::from(move |_: ()| {
            if list.phase != Phase::Idle {
                return;
            }
            if let Some(cursor) = list.next.clone() {
                list.dispatch(ListAction::LoadingMore);
                fetch_page(
                    session.api.clone(),
                    filters.clone(),
                    Some(cursor),
                    list.generation,
                    list.dispatcher(),
                    session.clone(),
                );
            }
        })
    };

    // Infinite scroll: when the sentinel under the list comes into view, load more.
    let sentinel = use_node_ref();
    let load_more_ref = use_mut_ref(|| load_more.clone());
    *load_more_ref.borrow_mut() = load_more.clone();
    {
        let sentinel = sentinel.clone();
        let load_more_ref = load_more_ref.clone();
        use_effect_with(list.next.is_some(), move |has_next| {
            let mut observer = None;
            if *has_next {
                if let Some(el) = sentinel.cast::<web_sys::Element>() {
                    let cb = Closure::<dyn Fn(Vec<IntersectionObserverEntry>)>::new(
                        move |entries: Vec<IntersectionObserverEntry>| {
                            if entries.iter().any(|e| e.is_intersecting()) {
                                load_more_ref.borrow().emit(());
                            }
                        },
                    );
                    if let Ok(o) = IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
                        o.observe(&el);
                        observer = Some((o, cb));
                    }
                }
            }
            move || {
                if let Some((o, _cb)) = observer {
                    o.disconnect();
                }
            }
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
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            set_filters(Filters {
                kind: Some(v).filter(|v| !v.is_empty()),
                ..filters.clone()
            })
        })
    };
    let on_search = {
        let (set_filters, filters, search_text, debounce) = (
            set_filters.clone(),
            filters.clone(),
            search_text.clone(),
            debounce.clone(),
        );
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            search_text.set(v.clone());
            let (set_filters, filters) = (set_filters.clone(), filters.clone());
            // Wait until typing pauses before asking the server.
            let t = Timeout::new(300, move || {
                let q = Some(v.trim().to_string()).filter(|q| !q.is_empty());
                set_filters(Filters { q, ..filters })
            });
            *debounce.borrow_mut() = Some(t);
        })
    };
    let clear_search = {
        let (set_filters, filters, search_text, debounce) = (
            set_filters.clone(),
            filters.clone(),
            search_text.clone(),
            debounce.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            *debounce.borrow_mut() = None;
            search_text.set(String::new());
            set_filters(Filters {
                q: None,
                ..filters.clone()
            })
        })
    };
    let reset = {
        let (set_filters, search_text) = (set_filters.clone(), search_text.clone());
        Callback::from(move |_: MouseEvent| {
            search_text.set(String::new());
            set_filters(Filters::default())
        })
    };
    let retry = {
        let reloads = reloads.clone();
        Callback::from(move |_: ()| reloads.set(*reloads + 1))
    };

    let body = match &list.phase {
        Phase::Loading => html! { <Spinner /> },
        Phase::Failed(e) if list.items.is_empty() => {
            html! { <ErrorBox error={e.clone()} on_retry={retry} /> }
        }
        _ if list.items.is_empty() => {
            let (title, hint) = if filters.is_empty() {
                (T::EmptyOrders, T::EmptyOrdersHint)
            } else {
                (T::NothingFound, T::NothingFoundHint)
            };
            html! {
                <div class="empty" data-testid="empty">
                    <p class="empty__title">{ locale.t(title) }</p>
                    <p class="muted">{ locale.t(hint) }</p>
                    if !filters.is_empty() {
                        <button type="button" class="button" onclick={reset}>{ locale.t(T::ResetFilters) }</button>
                    }
                </div>
            }
        }
        phase => html! {
            <>
                <ul class="order-list" data-testid="order-list">
                    { for list.items.iter().map(|o| html! { <OrderRow key={o.id} order={o.clone()} /> }) }
                </ul>
                <div ref={sentinel} class="order-list__more">
                    if let Phase::Failed(e) = phase {
                        <ErrorBox error={e.clone()} on_retry={load_more.reform(|_| ())} />
                    } else if *phase == Phase::LoadingMore {
                        <p class="muted" role="status">{ locale.t(T::LoadingMore) }</p>
                    } else if list.next.is_some() {
                        <button type="button" class="button" onclick={load_more.reform(|_: MouseEvent| ())}>
                            { locale.t(T::ShowMore) }
                        </button>
                    }
                </div>
            </>
        },
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
                <div class="field field--inline">
                    <label for="kind-filter" class="visually-hidden">{ locale.t(T::FilterKind) }</label>
                    <select id="kind-filter" onchange={on_kind}>
                        <option value="" selected={filters.kind.is_none()}>{ locale.t(T::AllKinds) }</option>
                        { for Kind::ALL.iter().map(|k| html! {
                            <option value={k.as_str()} selected={filters.kind.as_deref() == Some(k.as_str())}>
                                { kind_label(*k, locale.lang) }
                            </option>
                        }) }
                    </select>
                </div>
                <div class="field field--inline field--search">
                    <label for="order-search" class="visually-hidden">{ locale.t(T::Search) }</label>
                    <input id="order-search" type="search" placeholder={locale.t(T::SearchPlaceholder)}
                           value={(*search_text).clone()} oninput={on_search} maxlength="200" />
                    if !search_text.is_empty() {
                        <button type="button" class="button button--ghost" onclick={clear_search}
                                aria-label={locale.t(T::ClearSearch)}>{ "×" }</button>
                    }
                </div>
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
