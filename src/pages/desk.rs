//! The desk: everyone's orders for staff; for an event manager, the event tickets
//! (kind fixed to event). Newest first, filtered by status, kind, company and text
//! (kept in the address), through the same `use_order_list` and `OrderRow` as the
//! tenant's list. Changes show live; new orders are offered with a button.

use kabinet_core::{DeskOrder, Kind, Role, Status};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::OrderQuery;
use crate::components::filters::{FilterSelect, SearchField};
use crate::components::list_footer::ListBody;
use crate::components::remote_view::spinner;
use crate::components::OrderRow;
use crate::hooks::paged::Phase;
use crate::hooks::{
    use_locale, use_order_list, use_paint_mark, use_remote, use_scroll_memory, use_session,
    use_title, Page, Remote,
};
use crate::i18n::{status_label, T};
use crate::pages::not_found::NotFoundBody;
use crate::pages::orders::{current_query, here, kind_options};
use crate::routes::Route;

/// The desk's filters, as they stand in the address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

#[component]
pub fn DeskPage() -> Html {
    let session = use_session();
    let locale = use_locale();
    match session.user.as_ref().map(|u| u.role) {
        Some(Role::Staff) => html! { <DeskQueue /> },
        // Until the check-in page: the event manager's tickets.
        Some(Role::EventManager) => html! { <DeskQueue kind={Some(Kind::Event)} /> },
        // Tenants never see the desk (its API answers 403).
        Some(Role::Tenant) => html! { <NotFoundBody /> },
        None => spinner(&locale),
    }
}

#[derive(Properties, PartialEq)]
pub struct DeskQueueProps {
    /// Only orders of this kind (the event manager's tickets); no kind filter.
    #[prop_or_default]
    pub kind: Option<Kind>,
}

#[component]
fn DeskQueue(props: &DeskQueueProps) -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let fixed_kind = props.kind;
    let title = if fixed_kind == Some(Kind::Event) {
        T::EventTickets
    } else {
        T::Desk
    };
    use_title(locale.t(title).to_string());
    let filters: DeskFilters = use_location()
        .and_then(|l| l.query::<DeskFilters>().ok())
        .unwrap_or_default();
    let list = {
        let api = session.api.clone();
        use_order_list(filters.clone(), true, move |f: DeskFilters, cursor| {
            let api = api.clone();
            async move {
                let query = OrderQuery {
                    status: f.status,
                    kind: fixed_kind.map(|k| k.as_str().to_string()).or(f.kind),
                    company: f.company,
                    q: f.q,
                    cursor,
                    ..OrderQuery::default()
                };
                api.desk(&query).await.map(|p| Page {
                    items: p.items,
                    next: p.next_cursor,
                })
            }
        })
    };
    let companies = {
        let api = session.api.clone();
        use_remote((), move |_| {
            let api = api.clone();
            async move { api.companies().await }
        })
    };
    let paged = &list.paged;
    let state = paged.state.clone();
    use_paint_mark("kabinet:desk", state.phase == Phase::Idle);
    use_scroll_memory(here(), state.phase == Phase::Idle);

    // Each control changes its own filter in the address as it is now.
    let set = {
        let navigator = navigator.clone();
        move |change: fn(&mut DeskFilters, Option<String>)| {
            let navigator = navigator.clone();
            Callback::from(move |v: Option<String>| {
                let mut f: DeskFilters = current_query();
                change(&mut f, v);
                if let Some(nav) = &navigator {
                    let _ = nav.replace_with_query(&Route::Desk, &f);
                }
            })
        }
    };
    let on_status = set(|f, v| f.status = v);
    let on_kind = set(|f, v| f.kind = v);
    let on_company = set(|f, v| f.company = v);
    let on_search = set(|f, v| f.q = v);
    let reset = {
        let navigator = navigator.clone();
        Callback::from(move |_: ()| {
            if let Some(nav) = &navigator {
                nav.replace(&Route::Desk);
            }
        })
    };

    let mut status_options = vec![
        ("active".to_string(), locale.t(T::FilterActive).to_string()),
        (
            "finished".to_string(),
            locale.t(T::FilterFinished).to_string(),
        ),
    ];
    status_options.extend(Status::ALL.iter().map(|s| {
        (
            s.as_str().to_string(),
            status_label(*s, locale.lang).to_string(),
        )
    }));
    let company_options = match &companies.state {
        Remote::Ready(cs) => cs
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let show_fresh = list.show_fresh.reform(|_: MouseEvent| ());

    html! {
        <div class="orders desk">
            <h1>{ locale.t(title) }</h1>
            <div class="filters" role="search">
                <FilterSelect id="desk-status" label={T::FilterStatus} all={T::AllStatuses}
                              options={status_options} value={filters.status.clone()} on_change={on_status} />
                if fixed_kind.is_none() {
                    <FilterSelect id="desk-kind" label={T::FilterKind} all={T::AllKinds}
                                  options={kind_options(locale.lang)} value={filters.kind.clone()} on_change={on_kind} />
                }
                <FilterSelect id="desk-company" label={T::FilterCompany} all={T::AllCompanies}
                              options={company_options} value={filters.company.clone()} on_change={on_company} />
                <SearchField id="desk-search" value={filters.q.clone()} {on_search} />
            </div>
            if list.fresh {
                <div class="note note--info note--action" role="status" data-testid="desk-fresh">
                    <span>{ locale.t(T::NewOrdersArrived) }</span>
                    <button type="button" class="button" onclick={show_fresh}>{ locale.t(T::ShowThem) }</button>
                </div>
            }
            <ListBody phase={state.phase.clone()} is_empty={state.items.is_empty()} has_next={state.next.is_some()}
                      filtered={filters != DeskFilters::default()} empty={(T::DeskEmpty, T::NothingFoundHint)}
                      on_reset={reset} on_retry={paged.reload.clone()} on_more={paged.load_more.clone()}>
                <ul class="order-list" data-testid="desk-list">
                    { for state.items.iter().map(|d: &DeskOrder| html! {
                        <OrderRow key={d.order.id} order={d.order.clone()} owner={Some(d.owner.clone())} refund_failed={d.refund_failed} />
                    }) }
                </ul>
            </ListBody>
        </div>
    }
}
