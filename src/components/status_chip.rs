//! The coloured status label of an order.

use kabinet_core::Status;
use yew::prelude::*;

use crate::hooks::use_locale;
use crate::i18n::status_label;

#[derive(Properties, PartialEq)]
pub struct StatusChipProps {
    pub status: Status,
}

#[component]
pub fn StatusChip(props: &StatusChipProps) -> Html {
    let locale = use_locale();
    let class = classes!("chip", format!("chip--{}", props.status.as_str()));
    html! { <span {class}>{ status_label(props.status, locale.lang) }</span> }
}
