//! A list loaded a page at a time (keyset cursors), started over when its query
//! changes, refreshed in place when the live stream says so, and patched item by
//! item. The order list and the staff desk both use it.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiError;
use crate::hooks::session::{use_session, SessionAction};

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    LoadingMore,
    Idle,
    Failed(ApiError),
}

/// A change to apply to each item (it picks the one it is about).
pub type Patch<I> = Rc<dyn Fn(&mut I)>;

/// One page as the server answers it.
pub struct Page<I> {
    pub items: Vec<I>,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListState<I> {
    pub items: Vec<I>,
    pub next: Option<String>,
    pub phase: Phase,
    /// Which request the state belongs to; late answers to older ones are dropped.
    generation: u32,
}

pub enum ListAction<I> {
    Reset(u32),
    LoadingMore,
    /// A page: appended, or (`replace`) the first page of a refresh.
    Loaded {
        generation: u32,
        page: Page<I>,
        replace: bool,
    },
    Failed {
        generation: u32,
        error: ApiError,
    },
    Refreshing(u32),
    Patch(Patch<I>),
}

impl<I: Clone> Reducible for ListState<I> {
    type Action = ListAction<I>;

    fn reduce(self: Rc<Self>, action: ListAction<I>) -> Rc<Self> {
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
            ListAction::Refreshing(generation) => s.generation = generation,
            ListAction::LoadingMore => s.phase = Phase::LoadingMore,
            ListAction::Loaded {
                generation,
                page,
                replace,
            } if generation == s.generation => {
                if replace {
                    s.items = page.items;
                } else {
                    s.items.extend(page.items);
                }
                s.next = page.next;
                s.phase = Phase::Idle;
            }
            ListAction::Failed { generation, error } if generation == s.generation => {
                s.phase = Phase::Failed(error)
            }
            ListAction::Patch(f) => s.items.iter_mut().for_each(|i| f(i)),
            _ => return self,
        }
        Rc::new(s)
    }
}

/// What `use_paged` gives.
pub struct Paged<I: Clone + 'static> {
    pub state: UseReducerHandle<ListState<I>>,
    pub load_more: Callback<()>,
    /// Starts over, showing "loading".
    pub reload: Callback<()>,
    /// Fetches the first page again and swaps it in without "loading".
    pub refresh: Callback<()>,
    /// Applies a change to every item (the function picks the one it is about).
    pub patch: Callback<Patch<I>>,
}

type Fetch<Q, I> = Rc<
    dyn Fn(Q, Option<String>) -> std::pin::Pin<Box<dyn Future<Output = Result<Page<I>, ApiError>>>>,
>;

#[hook]
pub fn use_paged<I, Q, F, Fut>(query: Q, fetch: F) -> Paged<I>
where
    I: Clone + 'static,
    Q: PartialEq + Clone + 'static,
    F: Fn(Q, Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<Page<I>, ApiError>> + 'static,
{
    let list = use_reducer(|| ListState {
        items: Vec::new(),
        next: None,
        phase: Phase::Loading,
        generation: 0,
    });
    let generation = use_mut_ref(|| 0u32);
    let reloads = use_state(|| 0u32);
    let session = use_session();
    // The latest fetch (it holds the current API client).
    let fetch_ref: Rc<RefCell<Option<Fetch<Q, I>>>> = use_mut_ref(|| None);
    *fetch_ref.borrow_mut() = Some(Rc::new(move |q, c| Box::pin(fetch(q, c))));

    let run = {
        let (list, session, fetch_ref) = (list.dispatcher(), session.clone(), fetch_ref.clone());
        Rc::new(
            move |query: Q, cursor: Option<String>, generation: u32, replace: bool| {
                let Some(fetch) = fetch_ref.borrow().clone() else {
                    return;
                };
                let (list, session) = (list.clone(), session.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch(query, cursor).await {
                        Ok(page) => list.dispatch(ListAction::Loaded {
                            generation,
                            page,
                            replace,
                        }),
                        Err(error) => {
                            if error.is_unauthorized() {
                                session.dispatch(SessionAction::Expired);
                            }
                            list.dispatch(ListAction::Failed { generation, error })
                        }
                    }
                });
            },
        )
    };

    {
        let (list, generation, run) = (list.dispatcher(), generation.clone(), run.clone());
        use_effect_with((query.clone(), *reloads), move |(query, _)| {
            *generation.borrow_mut() += 1;
            let g = *generation.borrow();
            list.dispatch(ListAction::Reset(g));
            run(query.clone(), None, g, false);
        });
    }

    let load_more = {
        let (list, run, query) = (list.clone(), run.clone(), query.clone());
        Callback::from(move |_: ()| {
            // Idle, or retrying a page that failed; never twice at once.
            if !matches!(list.phase, Phase::Idle | Phase::Failed(_)) {
                return;
            }
            if let Some(cursor) = list.next.clone() {
                list.dispatch(ListAction::LoadingMore);
                run(query.clone(), Some(cursor), list.generation, false);
            }
        })
    };
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |_: ()| reloads.set(*reloads + 1))
    };
    let refresh = {
        let (list, generation, run) = (list.dispatcher(), generation.clone(), run.clone());
        Callback::from(move |_: ()| {
            *generation.borrow_mut() += 1;
            let g = *generation.borrow();
            list.dispatch(ListAction::Refreshing(g));
            run(query.clone(), None, g, true);
        })
    };
    let patch = {
        let list = list.dispatcher();
        Callback::from(move |f: Patch<I>| list.dispatch(ListAction::Patch(f)))
    };
    Paged {
        state: list,
        load_more,
        reload,
        refresh,
        patch,
    }
}
