//! The staff desk: everyone's orders, newest first, filtered by status, kind,
//! company and text (kept in the address). Changes show live; new orders are
//! announced with a button that shows them. Staff only.

use std::rc::Rc;

use kabinet_core::{DeskOrder, LiveEvent, Role, Status};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::OrderQuery;
use crate::components::filters::{FilterSelect, SearchField};
use crate::components::list_footer::ListBody;
use crate::components::remote_view::Spinner;
use crate::components::{DateText, KindIcon, StatusChip};
use crate::hooks::paged::Phase;
use crate::hooks::{
    use_live_event, use_locale, use_paged, use_paint_mark, use_remote, use_session, Page, Remote,
};
use crate::i18n::{kind_label, status_label, T};
use crate::pages::orders::kind_options;
use crate::pages::NotFoundPage;
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
    match session.user.as_ref().map(|u| u.role) {
        Some(Role::Staff) => html! { <DeskQueue /> },
        // Tenants and event managers never see the desk (its API answers 403).
        Some(_) => html! { <NotFoundPage /> },
        None => html! { <Spinner /> },
    }
}

#[component]
fn DeskQueue() -> Html {
    let locale = use_locale();
    let session = use_session();
    let navigator = use_navigator();
    let filters: DeskFilters = use_location()
        .and_then(|l| l.query::<DeskFilters>().ok())
        .unwrap_or_default();
    let paged = {
        let api = session.api.clone();
        use_paged(filters.clone(), move |f: DeskFilters, cursor| {
            let api = api.clone();
            async move {
                let query = OrderQuery {
                    status: f.status,
                    kind: f.kind,
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
    let list = paged.state.clone();
    use_paint_mark("kabinet:desk", list.phase == Phase::Idle);
    // Orders that are not on screen yet (new ones): offered, not pushed in under
    // the user's pointer.
    let fresh = use_state(|| false);
    {
        let (patch, refresh, fresh, list) = (
            paged.patch.clone(),
            paged.refresh.clone(),
            fresh.clone(),
            list.clone(),
        );
        use_live_event(move |e| match e {
            LiveEvent::Order {
                order_id, status, ..
            } => {
                let (id, status) = (*order_id, *status);
                if list.items.iter().any(|d| d.order.id == id) {
                    patch.emit(Rc::new(move |d: &mut DeskOrder| {
                        if d.order.id == id {
                            d.order.status = status;
                        }
                    }));
                } else {
                    fresh.set(true);
                }
            }
            LiveEvent::Message {
                order_id, unread, ..
            } => {
                let (id, unread) = (*order_id, *unread);
                patch.emit(Rc::new(move |d: &mut DeskOrder| {
                    if d.order.id == id {
                        d.order.unread_count = unread;
                    }
                }));
            }
            LiveEvent::Reset => refresh.emit(()),
            _ => {}
        });
    }
    let show_fresh = {
        let (refresh, fresh) = (paged.refresh.clone(), fresh.clone());
        Callback::from(move |_: MouseEvent| {
            fresh.set(false);
            refresh.emit(());
        })
    };

    let set = {
        let (navigator, filters) = (navigator.clone(), filters.clone());
        move |change: fn(&mut DeskFilters, Option<String>)| {
            let (navigator, filters) = (navigator.clone(), filters.clone());
            Callback::from(move |v: Option<String>| {
                let mut f = filters.clone();
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

    html! {
        <div class="orders desk">
            <h1>{ locale.t(T::Desk) }</h1>
            <div class="filters" role="search">
                <FilterSelect id="desk-status" label={T::FilterStatus} all={T::AllStatuses}
                              options={status_options} value={filters.status.clone()} on_change={on_status} />
                <FilterSelect id="desk-kind" label={T::FilterKind} all={T::AllKinds}
                              options={kind_options(locale.lang)} value={filters.kind.clone()} on_change={on_kind} />
                <FilterSelect id="desk-company" label={T::FilterCompany} all={T::AllCompanies}
                              options={company_options} value={filters.company.clone()} on_change={on_company} />
                <SearchField id="desk-search" value={filters.q.clone()} {on_search} />
            </div>
            if *fresh {
                <div class="note note--action" role="status" data-testid="desk-fresh">
                    <span>{ locale.t(T::NewOrdersArrived) }</span>
                    <button type="button" class="button" onclick={show_fresh}>{ locale.t(T::ShowThem) }</button>
                </div>
            }
            <ListBody phase={list.phase.clone()} is_empty={list.items.is_empty()} has_next={list.next.is_some()}
                      filtered={filters != DeskFilters::default()} empty={(T::DeskEmpty, T::NothingFoundHint)}
                      on_reset={reset} on_retry={paged.reload.clone()} on_more={paged.load_more.clone()}>
                <ul class="order-list" data-testid="desk-list">
                    { for list.items.iter().map(|d| html! { <DeskRow key={d.order.id} item={d.clone()} /> }) }
                </ul>
            </ListBody>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct DeskRowProps {
    pub item: DeskOrder,
}

/// One order of the queue: what, whose, when, where it stands.
#[component]
pub fn DeskRow(props: &DeskRowProps) -> Html {
    let locale = use_locale();
    let o = &props.item.order;
    let owner = &props.item.owner;
    html! {
        <li class="order-row" data-order-id={o.id.to_string()} data-kind={o.kind.as_str()}>
            <Link<Route> to={Route::Order { id: o.id }} classes="order-row__link">
                <KindIcon kind={o.kind} />
                <span class="order-row__main">
                    <span class="order-row__name">{ &o.service_name }</span>
                    <span class="order-row__meta muted">
                        { locale.t(T::OrderNo) }{ "\u{a0}" }{ &o.number }
                        { " · " }{ kind_label(o.kind, locale.lang) }
                        { " · " }<DateText iso={o.created_at.clone()} />
                    </span>
                    <span class="order-row__meta">
                        <span class="visually-hidden">{ locale.t(T::Customer) }{ ": " }</span>
                        { &owner.name }
                        if let Some(c) = &owner.company { <span class="muted">{ " · " }{ c }</span> }
                    </span>
                </span>
                <span class="order-row__side">
                    <StatusChip status={o.status} />
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
