//! A boolean remembered in localStorage (e.g. whether a block is collapsed).

use gloo_storage::{LocalStorage, Storage};
use yew::prelude::*;

#[hook]
pub fn use_persisted_bool(key: String, default: bool) -> (bool, Callback<bool>) {
    let value = {
        let key = key.clone();
        use_state(move || LocalStorage::get::<bool>(&key).unwrap_or(default))
    };
    let set = {
        let value = value.clone();
        Callback::from(move |v: bool| {
            let _ = LocalStorage::set(&key, v);
            value.set(v);
        })
    };
    (*value, set)
}
