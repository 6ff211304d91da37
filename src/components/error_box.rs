//! A failure shown in place of what could not load, with «Повторить».

use yew::prelude::*;

use crate::api::ApiError;
use crate::hooks::{use_locale, Locale};
use crate::i18n::T;

/// What to tell the user about an error: our own words for the common cases, the
/// server's message otherwise.
pub fn error_text(e: &ApiError, locale: &Locale) -> String {
    match e {
        ApiError::Network(_) => locale.t(T::ErrorNetwork).to_string(),
        ApiError::Decode(_) => locale.t(T::ErrorDecode).to_string(),
        ApiError::Http { status: 401, .. } => locale.t(T::SessionExpired).to_string(),
        ApiError::Http { status: 404, .. } => locale.t(T::OrderNotFound).to_string(),
        ApiError::Http { body, .. } => body.message.clone(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub error: ApiError,
    pub on_retry: Callback<()>,
}

#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    let locale = use_locale();
    // A 404 will not get better by retrying.
    let retry = props.error.status() != Some(404);
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <div class="error-box" role="alert">
            <p class="error-box__title">{ locale.t(T::ErrorTitle) }</p>
            <p>{ error_text(&props.error, &locale) }</p>
            if retry {
                <button type="button" class="button" {onclick}>{ locale.t(T::Retry) }</button>
            }
        </div>
    }
}
