//! Dates, times and money through the browser's Intl, in the site's time zone.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use kabinet_core::Money;
use wasm_bindgen::JsValue;

use crate::i18n::Lang;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateStyle {
    /// "27 нояб. 2026 г., 14:30"
    DateTime,
    /// "27 нояб. 2026 г."
    Date,
    /// "14:30"
    Time,
}

thread_local! {
    // Building an Intl formatter is slow; a list of 50 rows would build 100.
    static FORMATTERS: RefCell<HashMap<(Lang, String, DateStyle), Function>> = RefCell::new(HashMap::new());
    static MONEY: RefCell<HashMap<(Lang, String), Function>> = RefCell::new(HashMap::new());
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn locales(lang: Lang) -> Array {
    Array::of1(&JsValue::from_str(lang.locale()))
}

fn date_formatter(lang: Lang, tz: &str, style: DateStyle) -> Function {
    FORMATTERS.with(|cache| {
        cache
            .borrow_mut()
            .entry((lang, tz.to_string(), style))
            .or_insert_with(|| {
                let mut opts = vec![("timeZone", tz)];
                match style {
                    DateStyle::DateTime => {
                        opts.extend([("dateStyle", "medium"), ("timeStyle", "short")])
                    }
                    DateStyle::Date => opts.push(("dateStyle", "medium")),
                    DateStyle::Time => opts.push(("timeStyle", "short")),
                }
                Intl::DateTimeFormat::new(&locales(lang), &options(&opts)).format()
            })
            .clone()
    })
}

/// Formats an RFC 3339 time; an unreadable one is shown as it came.
pub fn date(iso: &str, lang: Lang, tz: &str, style: DateStyle) -> String {
    let d = Date::new(&JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    date_formatter(lang, tz, style)
        .call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.to_string())
}

/// Formats minor units as the currency, e.g. "1 500,00 ₽".
pub fn money(m: &Money, lang: Lang) -> String {
    let f = MONEY.with(|cache| {
        cache
            .borrow_mut()
            .entry((lang, m.currency.clone()))
            .or_insert_with(|| {
                Intl::NumberFormat::new(
                    &locales(lang),
                    &options(&[("style", "currency"), ("currency", &m.currency)]),
                )
                .format()
            })
            .clone()
    });
    f.call1(&JsValue::NULL, &JsValue::from_f64(m.amount as f64 / 100.0))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{} {}", m.amount as f64 / 100.0, m.currency))
}

/// A file size in the user's language, e.g. "1,5 МБ" / "1.5 MB".
pub fn bytes(n: u64, lang: Lang) -> String {
    let (value, unit) = if n >= 1024 * 1024 {
        (n as f64 / (1024.0 * 1024.0), "megabyte")
    } else if n >= 1024 {
        (n as f64 / 1024.0, "kilobyte")
    } else {
        (n as f64, "byte")
    };
    let o = options(&[("style", "unit"), ("unit", unit), ("unitDisplay", "short")]);
    let _ = Reflect::set(
        &o,
        &JsValue::from_str("maximumFractionDigits"),
        &JsValue::from_f64(1.0),
    );
    Intl::NumberFormat::new(&locales(lang), &o)
        .format()
        .call1(&JsValue::NULL, &JsValue::from_f64(value))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{n} B"))
}
