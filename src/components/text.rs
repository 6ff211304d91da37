//! Dates and money as text, through Intl in the site's time zone.

use kabinet_core::Money;
use yew::prelude::*;

use crate::format::{self, DateStyle};
use crate::hooks::use_locale;

#[derive(Properties, PartialEq)]
pub struct DateTextProps {
    /// RFC 3339.
    pub iso: AttrValue,
    #[prop_or(DateStyle::DateTime)]
    pub style: DateStyle,
}

#[component]
pub fn DateText(props: &DateTextProps) -> Html {
    let locale = use_locale();
    let text = format::date(&props.iso, locale.lang, &locale.time_zone, props.style);
    html! { <time datetime={props.iso.clone()}>{ text }</time> }
}

#[derive(Properties, PartialEq)]
pub struct MoneyTextProps {
    pub money: Money,
}

#[component]
pub fn MoneyText(props: &MoneyTextProps) -> Html {
    let locale = use_locale();
    html! { <span class="money">{ format::money(&props.money, locale.lang) }</span> }
}
