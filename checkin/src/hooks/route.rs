//! The current route, kept in step with the location bar: links push a history
//! entry, Back and Forward (popstate) are followed.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::route::Route;
use crate::web::{pathname, window};

/// The route, and the callback that goes to another one.
#[hook]
pub fn use_route() -> (Route, Callback<Route>) {
    let route = use_state(|| Route::parse(&pathname()));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let on_pop = Closure::<dyn Fn()>::new(move || route.set(Route::parse(&pathname())));
            let w = window();
            let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
            move || {
                let _ = window().remove_event_listener_with_callback(
                    "popstate",
                    on_pop.as_ref().unchecked_ref(),
                );
            }
        });
    }
    let go = {
        let route = route.clone();
        Callback::from(move |to: Route| {
            let path = to.path();
            if path != pathname() {
                if let Ok(h) = window().history() {
                    let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&path));
                }
            }
            window().scroll_to_with_x_and_y(0.0, 0.0);
            route.set(to);
        })
    };
    ((*route).clone(), go)
}
