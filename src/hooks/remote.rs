//! Remote data: loading, failed or ready, fetched again when its inputs change.
//! The work is done once, without types (`use_remote_core`, values as `dyn Any`);
//! `use_remote` only compares its inputs and names the type.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiError;

#[derive(Debug, PartialEq)]
pub enum Remote<T: ?Sized> {
    Loading,
    Failed(ApiError),
    Ready(Rc<T>),
}

// By hand: a derive would demand `T: Clone`, but only the `Rc` is cloned.
impl<T: ?Sized> Clone for Remote<T> {
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

type Value = Rc<dyn Any>;
type Fetch = Pin<Box<dyn Future<Output = Result<Value, ApiError>>>>;

/// `use_remote` without types: fetches with `start` whenever `epoch` changes (and
/// on reload).
#[hook]
fn use_remote_core(
    epoch: u32,
    start: Box<dyn FnOnce() -> Fetch>,
) -> (Remote<dyn Any>, Callback<()>, Callback<Value>) {
    let state = use_state(|| Remote::<dyn Any>::Loading);
    let generation = use_memo((), |_| Cell::new(0u64));
    let reloads = use_state(|| 0u32);
    {
        let state = state.clone();
        let generation = generation.clone();
        let start = RefCell::new(Some(start));
        use_effect_with((epoch, *reloads), move |_| {
            let my_gen = generation.get() + 1;
            generation.set(my_gen);
            state.set(Remote::Loading);
            let Some(start) = start.take() else {
                return;
            };
            let fut = start();
            wasm_bindgen_futures::spawn_local(async move {
                let result = fut.await;
                if generation.get() != my_gen {
                    return;
                }
                state.set(match result {
                    Ok(v) => Remote::Ready(v),
                    Err(e) => Remote::Failed(e),
                });
            });
        });
    }
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |_| reloads.set(*reloads + 1))
    };
    let replace = {
        let state = state.clone();
        Callback::from(move |v: Value| {
            // Newer than anything still on its way.
            generation.set(generation.get() + 1);
            state.set(Remote::Ready(v));
        })
    };
    ((*state).clone(), reload, replace)
}

/// Runs `fetch(deps)` whenever `deps` change (and on `reload`), ignoring answers
/// that arrive after newer ones were asked for. (A 401 ends the session in the
/// API client.)
#[hook]
pub fn use_remote<T, D, F, Fut>(deps: D, fetch: F) -> RemoteHandle<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    // The inputs as last seen, and how many times they changed.
    let seen = use_mut_ref(|| (None::<D>, 0u32));
    let epoch = {
        let mut seen = seen.borrow_mut();
        if seen.0.as_ref() != Some(&deps) {
            seen.1 += 1;
            seen.0 = Some(deps);
        }
        seen.1
    };
    let start = {
        let seen = seen.clone();
        Box::new(move || -> Fetch {
            let deps = seen.borrow().0.clone();
            // Always `Some`: set above, before any effect runs.
            let fut = deps.map(fetch);
            Box::pin(async move {
                match fut {
                    Some(f) => f.await.map(|v| Rc::new(v) as Value),
                    None => Err(ApiError::Decode(String::new())),
                }
            })
        })
    };
    let (state, reload, replace) = use_remote_core(epoch, start);
    RemoteHandle {
        state: match state {
            Remote::Loading => Remote::Loading,
            Remote::Failed(e) => Remote::Failed(e),
            Remote::Ready(v) => match v.downcast::<T>() {
                Ok(v) => Remote::Ready(v),
                Err(_) => Remote::Loading,
            },
        },
        reload,
        replace: replace.reform(|v: T| Rc::new(v) as Value),
    }
}
