//! Thin bindings to the browser: localStorage, ids, clocks, User Timing, and the
//! end of a session. The camera, sound and Intl have their own modules.

pub mod audio;
pub mod camera;
pub mod format;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::route::BASE;

/// The tenant app's keys: the token and the language, each a JSON string (as
/// gloo-storage writes them).
pub const TOKEN_KEY: &str = "kabinet.token";
pub const LANG_KEY: &str = "kabinet.lang";
/// This app's own: the scans waiting for the server, the device's name, and the
/// site's time zone as last heard.
pub const QUEUE_KEY: &str = "kabinet.checkin.queue";
/// The last check-in while it may be undone (through a reload).
pub const LAST_OK_KEY: &str = "kabinet.checkin.last-ok";
pub const DEVICE_KEY: &str = "kabinet.checkin.device";
pub const TZ_KEY: &str = "kabinet.checkin.tz";

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: the clock User Timing measures use.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn perf_now() -> f64;
    #[wasm_bindgen(js_namespace = performance, js_name = measure, catch)]
    fn perf_measure(name: &str, options: &JsValue) -> Result<JsValue, JsValue>;
}

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A value stored as JSON; `None` when absent or unreadable.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save<T: Serialize + ?Sized>(key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// `n` random bytes from the browser's CSPRNG, as hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if let Ok(c) = window().crypto() {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes.iter().all(|b| *b == 0) {
        // No crypto (never in a browser that has a camera): still unique enough.
        let seed = (js_sys::Math::random() * 2f64.powi(52)) as u64 ^ js_sys::Date::now() as u64;
        bytes
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = (seed >> ((i % 8) * 8)) as u8 ^ i as u8);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// This browser's name in the scan log: made once, then kept.
pub fn device() -> String {
    load::<String>(DEVICE_KEY).unwrap_or_else(|| {
        let name = format!("web-{}", random_hex(4));
        save(DEVICE_KEY, &name);
        name
    })
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the epoch of an RFC 3339 time (NaN if unreadable).
pub fn parse_ms(iso: &str) -> f64 {
    js_sys::Date::parse(iso)
}

/// A User Timing measure from `start` to `end` (`performance.now()` times).
pub fn measure(name: &str, start: f64, end: f64) {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&o, &"end".into(), &end.into());
    let _ = perf_measure(name, &o);
}

/// Runs `f` once what is rendered now has been painted: the frame after the next
/// animation frame (a task queued from the frame callback runs after the paint).
pub fn after_paint(f: impl FnOnce() + 'static) {
    let w = window();
    let task = Closure::once_into_js(f);
    let frame = Closure::once_into_js(move || {
        let _ =
            window().set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0);
    });
    let _ = w.request_animation_frame(frame.unchecked_ref());
}

pub fn online() -> bool {
    window().navigator().on_line()
}

pub fn pathname() -> String {
    window().location().pathname().unwrap_or_default()
}

pub fn set_title(title: &str) {
    if let Some(d) = window().document() {
        d.set_title(title);
    }
}

/// Moves the focus to `el` without scrolling the page (an answer must not make
/// the page jump).
pub fn focus(el: &web_sys::HtmlElement) {
    let o = web_sys::FocusOptions::new();
    o.set_prevent_scroll(true);
    let _ = el.focus_with_options(&o);
}

/// «Выйти»: the server ends the session, the token and the last check-in (its
/// undo is this user's) are dropped, and the login page brings the next user back
/// here. Scans still waiting are kept and sent after the next sign-in.
pub fn sign_out() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = crate::api::Api::new().logout().await;
        remove(TOKEN_KEY);
        remove(LAST_OK_KEY);
        let _ = window().location().replace(&format!("/login?next={BASE}"));
    });
}

/// The server refused the token: it is dead, so it is dropped (the login page
/// would otherwise send the user straight back), and the user signs in again and
/// comes back here. Scans waiting are kept and sent after that.
pub fn session_over() {
    remove(TOKEN_KEY);
    let here = pathname();
    let next = if here.starts_with(BASE) {
        here
    } else {
        BASE.to_string()
    };
    let next: String = js_sys::encode_uri_component(&next).into();
    let _ = window().location().replace(&format!("/login?next={next}"));
}
