//! Times and dates through the browser's Intl, in the site's time zone (as the
//! tenant app shows them).

use std::cell::RefCell;

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::Lang;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// "19:05"
    Time,
    /// "27 нояб. 2026 г., 19:00"
    DateTime,
}

type Key = (Lang, String, Style);

thread_local! {
    // Building an Intl formatter is slow; a ticket list would build dozens. A
    // handful of them at most: a list is smaller than a hash map in the bundle.
    static FORMATTERS: RefCell<Vec<(Key, Intl::DateTimeFormat)>> = const { RefCell::new(Vec::new()) };
}

fn formatter(lang: Lang, tz: &str, style: Style) -> Intl::DateTimeFormat {
    FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, f)) = cache
            .iter()
            .find(|((l, z, s), _)| *l == lang && z == tz && *s == style)
        {
            return f.clone();
        }
        let f = {
            let o = Object::new();
            let set = |k: &str, v: &str| {
                let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
            };
            // An empty zone (the site's not known yet) is the browser's own.
            if !tz.is_empty() {
                set("timeZone", tz);
            }
            match style {
                Style::Time => set("timeStyle", "short"),
                Style::DateTime => {
                    set("dateStyle", "medium");
                    set("timeStyle", "short");
                }
            }
            Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str(lang.locale())), &o)
        };
        cache.push(((lang, tz.to_string(), style), f.clone()));
        f
    })
}

/// An RFC 3339 time in `style`; an unreadable one is shown as it came.
pub fn date(iso: &str, lang: Lang, tz: &str, style: Style) -> String {
    let d = Date::new(&JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    formatter(lang, tz, style)
        .format()
        .call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.to_string())
}

/// A span as concisely as Intl can ("27 нояб. 2026 г., 19:00–21:30").
pub fn range(start: &str, end: &str, lang: Lang, tz: &str) -> String {
    let (a, b) = (
        Date::new(&JsValue::from_str(start)),
        Date::new(&JsValue::from_str(end)),
    );
    match formatter(lang, tz, Style::DateTime).format_range(&a, &b) {
        Ok(s) if b.get_time() > a.get_time() => s.into(),
        _ => date(start, lang, tz, Style::DateTime),
    }
}
