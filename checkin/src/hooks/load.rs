//! Remote data for a page: loaded when its inputs change, kept on screen while it
//! is read again, an answer to an older request dropped.

use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiError;

pub struct Load<T> {
    /// The last data read (kept through a reload and a failed one).
    pub data: Option<Rc<T>>,
    pub error: Option<ApiError>,
    pub loading: bool,
    /// Reads it again (the «Повторить» button).
    pub retry: Callback<()>,
}

#[derive(Clone)]
struct Got<T> {
    data: Option<Rc<T>>,
    error: Option<ApiError>,
    loading: bool,
}

/// Loads `fetch(deps)` whenever `deps` change.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> Load<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let got = use_state(|| Got::<T> {
        data: None,
        error: None,
        loading: true,
    });
    let attempt = use_state(|| 0u32);
    let latest = use_mut_ref(|| 0u64);
    {
        let got = got.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            *latest.borrow_mut() += 1;
            let mine = *latest.borrow();
            let kept = got.data.clone();
            if !got.loading {
                got.set(Got {
                    data: kept.clone(),
                    error: None,
                    loading: true,
                });
            }
            let fut = fetch(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = fut.await;
                if *latest.borrow() != mine {
                    return;
                }
                got.set(match r {
                    Ok(v) => Got {
                        data: Some(Rc::new(v)),
                        error: None,
                        loading: false,
                    },
                    Err(e) => Got {
                        data: kept,
                        error: Some(e),
                        loading: false,
                    },
                });
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    Load {
        data: got.data.clone(),
        error: got.error.clone(),
        loading: got.loading,
        retry,
    }
}
