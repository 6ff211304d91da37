//! The one way loading, failure and data are shown everywhere.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::error_box;
use crate::hooks::{Locale, Remote, RemoteHandle};
use crate::i18n::T;

/// `remote`'s data through `render`, or the spinner, or the error with «Повторить»
/// (`not_found`: how a 404 is worded here).
pub fn remote_view<V>(
    locale: &Locale,
    remote: &RemoteHandle<V>,
    not_found: T,
    render: &Callback<Rc<V>, Html>,
) -> Html {
    match &remote.state {
        Remote::Loading => spinner(locale),
        Remote::Failed(e) => error_box(e, &remote.reload, not_found, locale),
        Remote::Ready(v) => render.emit(v.clone()),
    }
}

/// A polite loading indicator, announced to screen readers.
pub fn spinner(locale: &Locale) -> Html {
    html! {
        <div class="loading" role="status" aria-live="polite">
            <span class="loading__dot" aria-hidden="true"></span>
            { locale.t(T::Loading) }
        </div>
    }
}
