//! Small page-level helpers: each page's own document title, and a list page's
//! scroll position kept for when the user comes back to it.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::hooks::use_locale;
use crate::i18n::T;

/// Sets the document title to «`title` — Кабинет» while the page is shown.
#[hook]
pub fn use_title(title: String) {
    let app = use_locale().t(T::AppName);
    use_effect_with((title, app), |(title, app)| {
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            let text = if title.is_empty() {
                app.to_string()
            } else {
                format!("{title} — {app}")
            };
            d.set_title(&text);
        }
    });
}

thread_local! {
    /// Scroll positions of list pages, by address, for this page load.
    static SCROLL: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
}

fn window_scroll() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}

/// Remembers how far the page under `key` (its address) was scrolled, and puts
/// it back there once its content is `ready` again (coming back to the list).
#[hook]
pub fn use_scroll_memory(key: String, ready: bool) {
    let restored = use_mut_ref(|| None::<String>);
    {
        let key = key.clone();
        use_effect_with(key, move |key| {
            let key = key.clone();
            let l = web_sys::window().map(|w| {
                EventListener::new(&w, "scroll", move |_| {
                    let y = window_scroll();
                    SCROLL.with(|s| s.borrow_mut().insert(key.clone(), y));
                })
            });
            move || drop(l)
        });
    }
    use_effect_with((key, ready), move |(key, ready)| {
        if *ready && restored.borrow().as_ref() != Some(key) {
            *restored.borrow_mut() = Some(key.clone());
            let y = SCROLL.with(|s| s.borrow().get(key).copied());
            if let (Some(y), Some(w)) = (y, web_sys::window()) {
                if y > 0.0 {
                    w.scroll_to_with_x_and_y(0.0, y);
                }
            }
        }
    });
}
