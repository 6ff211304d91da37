//! Whether the window is phone-sized, following resizes.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The width at and below which the phone layout applies (matches the CSS).
pub const PHONE_QUERY: &str = "(max-width: 720px)";

fn matches() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(PHONE_QUERY).ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

#[hook]
pub fn use_is_phone() -> bool {
    let phone = use_state(matches);
    {
        let phone = phone.clone();
        use_effect_with((), move |_| {
            let mql = web_sys::window().and_then(|w| w.match_media(PHONE_QUERY).ok().flatten());
            let cb = Closure::<dyn Fn()>::new(move || phone.set(matches()));
            if let Some(m) = &mql {
                let _ = m.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
            }
            move || {
                if let Some(m) = &mql {
                    let _ = m
                        .remove_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
                }
            }
        });
    }
    *phone
}
