//! The coloured status label of an order.

use kabinet_core::Status;
use yew::prelude::*;

use crate::hooks::{use_locale, Locale};
use crate::i18n::status_label;

#[derive(Properties, PartialEq)]
pub struct StatusChipProps {
    pub status: Status,
}

/// The app uses `status_chip`; the component is for tests.
#[component]
pub fn StatusChip(props: &StatusChipProps) -> Html {
    status_chip(props.status, &use_locale())
}

pub fn status_chip(status: Status, locale: &Locale) -> Html {
    let class = classes!("chip", format!("chip--{}", status.as_str()));
    html! { <span {class}>{ status_label(status, locale.lang) }</span> }
}
