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
    /// "пн, 23 нояб." (a calendar day's column)
    Day,
    /// "понедельник, 23 ноября" (a day of the agenda)
    DayLong,
    /// "2 дек., 14:00" (a stay over several days, in a week)
    DayTime,
}

thread_local! {
    // Building an Intl formatter is slow; a list of 50 rows would build 100.
    static FORMATTERS: RefCell<HashMap<(Lang, String, DateStyle), Intl::DateTimeFormat>> = RefCell::new(HashMap::new());
    static OFFSETS: RefCell<HashMap<String, Intl::DateTimeFormat>> = RefCell::new(HashMap::new());
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

fn date_formatter(lang: Lang, tz: &str, style: DateStyle) -> Intl::DateTimeFormat {
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
                    DateStyle::Day => {
                        opts.extend([("weekday", "short"), ("day", "numeric"), ("month", "short")])
                    }
                    DateStyle::DayLong => {
                        opts.extend([("weekday", "long"), ("day", "numeric"), ("month", "long")])
                    }
                    DateStyle::DayTime => opts.extend([
                        ("day", "numeric"),
                        ("month", "short"),
                        ("hour", "2-digit"),
                        ("minute", "2-digit"),
                    ]),
                }
                Intl::DateTimeFormat::new(&locales(lang), &options(&opts))
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
        .format()
        .call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.to_string())
}

/// Formats a span as concisely as Intl can ("27 нояб. 2026 г., 14:00–15:30",
/// "23–29 нояб. 2026 г."); without an end, just the start.
pub fn date_range(
    start: &str,
    end: Option<&str>,
    lang: Lang,
    tz: &str,
    style: DateStyle,
) -> String {
    let (a, b) = (
        Date::new(&JsValue::from_str(start)),
        Date::new(&JsValue::from_str(end.unwrap_or(start))),
    );
    match date_formatter(lang, tz, style).format_range(&a, &b) {
        Ok(s) if end.is_some() && b.get_time() > a.get_time() => s.into(),
        _ => date(start, lang, tz, style),
    }
}

/// A site day (days since 1970-01-01) in `style` (`Day`, `DayLong`, `Date`).
pub fn day(day: i64, lang: Lang, style: DateStyle) -> String {
    date(&noon(day), lang, "UTC", style)
}

/// Two site days as one span ("23–29 нояб. 2026 г.").
pub fn day_range(first: i64, last: i64, lang: Lang) -> String {
    date_range(
        &noon(first),
        Some(&noon(last)),
        lang,
        "UTC",
        DateStyle::Date,
    )
}

fn noon(day: i64) -> String {
    crate::state::calendar::instant_string(day * 86_400 + 43_200)
}

/// The offset of the zone `tz` from UTC at a Unix instant, in seconds (Intl's
/// `longOffset`, so daylight saving is followed).
pub fn zone_offset(secs: i64, tz: &str) -> i64 {
    let f = OFFSETS.with(|cache| {
        cache
            .borrow_mut()
            .entry(tz.to_string())
            .or_insert_with(|| {
                let o = options(&[("timeZone", tz), ("timeZoneName", "longOffset")]);
                Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str("en-US")), &o)
            })
            .clone()
    });
    let parts = f.format_to_parts(&Date::new(&JsValue::from_f64(secs as f64 * 1000.0)));
    parts
        .iter()
        .find(|p| {
            Reflect::get(p, &JsValue::from_str("type"))
                .ok()
                .and_then(|t| t.as_string())
                == Some("timeZoneName".into())
        })
        .and_then(|p| Reflect::get(&p, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .and_then(|v| crate::state::calendar::parse_gmt_offset(&v))
        .unwrap_or(0)
}

/// Now, as Unix seconds.
pub fn now_secs() -> i64 {
    (Date::now() / 1000.0).floor() as i64
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
        .unwrap_or_else(|| {
            // Integer formatting: printing an f64 would pull float printing in.
            let sign = if m.amount < 0 { "-" } else { "" };
            let a = m.amount.unsigned_abs();
            format!("{sign}{}.{:02} {}", a / 100, a % 100, m.currency)
        })
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

/// «Мой календарь» at the week of `starts_at` (in the site's zone), or this week.
pub fn calendar_week_path(starts_at: Option<&str>, tz: &str) -> String {
    use crate::state::calendar::{date_string, local_day, parse_instant, Week};
    match starts_at.and_then(parse_instant) {
        Some(s) => {
            let day = local_day(s, &|t| zone_offset(t, tz));
            format!(
                "/calendar?week={}",
                date_string(Week::containing(day).monday)
            )
        }
        None => "/calendar".to_string(),
    }
}
