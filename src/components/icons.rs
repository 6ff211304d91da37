//! Small inline SVG icons: one per service kind, and the ⋮ menu.

use kabinet_core::Kind;
use yew::prelude::*;

use crate::hooks::Locale;
use crate::i18n::kind_label;

/// The kind's icon; its name is given to screen readers as the image's label.
pub fn kind_icon(kind: Kind, locale: &Locale) -> Html {
    let path = match kind {
        // id card
        Kind::Service => "M4 6h16v12H4z M7 10h4 M7 14h6 M15 9.5a1.5 1.5 0 1 0 0.01 0",
        // speech bubble
        Kind::Request => "M4 5h16v10H9l-5 4z",
        // calendar
        Kind::Booking => "M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5",
        // cup
        Kind::Goods => "M5 8h11v6a5 5 0 0 1-5 5h-1a5 5 0 0 1-5-5z M16 10h2a2 2 0 0 1 0 4h-2",
        // laptop
        Kind::Coworking => "M6 6h12v9H6z M3 18h18",
        // bed
        Kind::Hotel => "M3 18V7 M3 13h18v5 M7 10h5v3",
        // ticket
        Kind::Event => "M4 7h16v3a2 2 0 0 0 0 4v3H4v-3a2 2 0 0 0 0-4z M14 7v10",
    };
    let class = classes!("kind-icon", format!("kind-icon--{}", kind.as_str()));
    html! {
        <span {class} role="img" aria-label={kind_label(kind, locale.lang)}>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path d={path} fill="none" stroke="currentColor" stroke-width="1.8"
                      stroke-linecap="round" stroke-linejoin="round" />
            </svg>
        </span>
    }
}

pub fn dots_icon() -> Html {
    html! {
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <circle cx="12" cy="5" r="1.8" fill="currentColor" />
            <circle cx="12" cy="12" r="1.8" fill="currentColor" />
            <circle cx="12" cy="19" r="1.8" fill="currentColor" />
        </svg>
    }
}
