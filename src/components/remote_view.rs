//! The one way loading, failure and data are shown everywhere.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::ErrorBox;
use crate::hooks::{use_locale, Remote};
use crate::i18n::T;

#[derive(Properties, PartialEq)]
pub struct RemoteViewProps<V: PartialEq + 'static> {
    pub state: Remote<V>,
    pub on_retry: Callback<()>,
    pub render: Callback<Rc<V>, Html>,
    /// How a 404 is worded here.
    #[prop_or(T::OrderNotFound)]
    pub not_found: T,
}

#[component]
pub fn RemoteView<V: PartialEq + 'static>(props: &RemoteViewProps<V>) -> Html {
    match &props.state {
        Remote::Loading => html! { <Spinner /> },
        Remote::Failed(e) => {
            html! { <ErrorBox error={e.clone()} on_retry={props.on_retry.clone()} not_found={props.not_found} /> }
        }
        Remote::Ready(v) => props.render.emit(v.clone()),
    }
}

/// A polite loading indicator, announced to screen readers.
#[component]
pub fn Spinner() -> Html {
    let locale = use_locale();
    html! {
        <div class="loading" role="status" aria-live="polite">
            <span class="loading__dot" aria-hidden="true"></span>
            { locale.t(T::Loading) }
        </div>
    }
}
