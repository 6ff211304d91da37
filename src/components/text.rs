//! Dates and money as text, through Intl in the site's time zone. Functions, not
//! components: the caller's locale is passed in (each component type costs the
//! app's size).

use kabinet_core::Money;
use yew::prelude::*;

use crate::format::{self, DateStyle};
use crate::hooks::Locale;

/// `<time>` with the instant (RFC 3339) in the user's language and time zone.
pub fn date_text(iso: &str, style: DateStyle, locale: &Locale) -> Html {
    let text = format::date(iso, locale.lang, &locale.time_zone, style);
    html! { <time datetime={iso.to_string()}>{ text }</time> }
}

pub fn money_text(money: &Money, locale: &Locale) -> Html {
    html! { <span class="money">{ format::money(money, locale.lang) }</span> }
}
