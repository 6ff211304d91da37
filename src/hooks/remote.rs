//! Remote data: loading, failed or ready, fetched again when its inputs change.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiError;

#[derive(Debug, PartialEq)]
pub enum Remote<T> {
    Loading,
    Failed(ApiError),
    Ready(Rc<T>),
}

// By hand: a derive would demand `T: Clone`, but only the `Rc` is cloned.
impl<T> Clone for Remote<T> {
    fn clone(&self) -> Self {
        match self {
            Remote::Loading => Remote::Loading,
            Remote::Failed(e) => Remote::Failed(e.clone()),
            Remote::Ready(v) => Remote::Ready(v.clone()),
        }
    }
}

/// What `use_remote` gives: the state, a way to fetch again, and a way to put a
/// fresher value in place (an action's answer) without showing "loading".
pub struct RemoteHandle<T> {
    pub state: Remote<T>,
    pub reload: Callback<()>,
    pub replace: Callback<T>,
}

/// Runs `fetch(deps)` whenever `deps` change (and on `reload`), ignoring answers
/// that arrive after newer ones were asked for. (A 401 ends the session in the
/// API client.)
#[hook]
pub fn use_remote<T, D, F, Fut>(deps: D, fetch: F) -> RemoteHandle<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Remote::<T>::Loading);
    let generation = use_memo((), |_| Cell::new(0u64));
    let reloads = use_state(|| 0u32);
    let fetch = Rc::new(fetch);
    {
        let state = state.clone();
        let generation = generation.clone();
        use_effect_with((deps, *reloads), move |(deps, _)| {
            let my_gen = generation.get() + 1;
            generation.set(my_gen);
            state.set(Remote::Loading);
            let fut = fetch(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = fut.await;
                if generation.get() != my_gen {
                    return;
                }
                match result {
                    Ok(v) => state.set(Remote::Ready(Rc::new(v))),
                    Err(e) => state.set(Remote::Failed(e)),
                }
            });
        });
    }
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |_| reloads.set(*reloads + 1))
    };
    let replace = {
        let state = state.clone();
        Callback::from(move |v: T| {
            // Newer than anything still on its way.
            generation.set(generation.get() + 1);
            state.set(Remote::Ready(Rc::new(v)));
        })
    };
    RemoteHandle {
        state: (*state).clone(),
        reload,
        replace,
    }
}
