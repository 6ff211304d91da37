//! A `performance.mark` set on the frame after something first appears, so that
//! the benchmark (and the browser's own tools) can see when it was painted.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn mark_next_frame(name: &'static str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let cb = Closure::once_into_js(move || {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark(name);
        }
    });
    let _ = window.request_animation_frame(cb.unchecked_ref());
}

/// Marks `name` once `ready` turns true (again after it was false).
#[hook]
pub fn use_paint_mark(name: &'static str, ready: bool) {
    use_effect_with(ready, move |ready| {
        if *ready {
            mark_next_frame(name);
        }
    });
}
