//! `use_paged`: a list loaded a page at a time (the state machine is
//! `state::list`), started over when its query changes, refreshed in place, and
//! patched item by item. The order list, the desk and the bell use it.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiError;
pub use crate::state::list::{Keyed, ListAction, ListState, Page, Patch, Phase};

/// What `use_paged` gives.
pub struct Paged<I: Clone + Keyed + 'static> {
    pub state: UseReducerHandle<ListState<I>>,
    pub load_more: Callback<()>,
    /// Starts over, showing "loading".
    pub reload: Callback<()>,
    /// Fetches the first page again and swaps it in without "loading".
    pub refresh: Callback<()>,
    /// Applies a change to every item (the function picks the one it is about).
    pub patch: Callback<Patch<I>>,
    /// Puts a new or fresher item on top.
    pub upsert: Callback<I>,
}

type Fetch<Q, I> = Rc<
    dyn Fn(Q, Option<String>) -> std::pin::Pin<Box<dyn Future<Output = Result<Page<I>, ApiError>>>>,
>;

#[hook]
pub fn use_paged<I, Q, F, Fut>(query: Q, fetch: F) -> Paged<I>
where
    I: Clone + Keyed + 'static,
    Q: PartialEq + Clone + 'static,
    F: Fn(Q, Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<Page<I>, ApiError>> + 'static,
{
    let list = use_reducer(ListState::<I>::default);
    let generation = use_mut_ref(|| 0u32);
    let reloads = use_state(|| 0u32);
    // The latest fetch (it holds the current API client).
    let fetch_ref: Rc<RefCell<Option<Fetch<Q, I>>>> = use_mut_ref(|| None);
    *fetch_ref.borrow_mut() = Some(Rc::new(move |q, c| Box::pin(fetch(q, c))));

    let run = {
        let (list, fetch_ref) = (list.dispatcher(), fetch_ref.clone());
        Rc::new(
            move |query: Q, cursor: Option<String>, generation: u32, replace: bool| {
                let Some(fetch) = fetch_ref.borrow().clone() else {
                    return;
                };
                let list = list.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // A 401 has already ended the session in the API client.
                    match fetch(query, cursor).await {
                        Ok(page) => list.dispatch(ListAction::Loaded {
                            generation,
                            page,
                            replace,
                        }),
                        Err(error) => list.dispatch(ListAction::Failed { generation, error }),
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
    let upsert = list.dispatcher().to_callback().reform(ListAction::Upsert);
    Paged {
        state: list,
        load_more,
        reload,
        refresh,
        patch,
        upsert,
    }
}
