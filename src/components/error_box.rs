//! A failure shown in place of what could not load, with «Повторить», and the one
//! way errors and messages are worded for the user (from the catalogue, in the
//! language of the moment; never the server's English sentence).

use yew::prelude::*;

use crate::api::ApiError;
use crate::format;
use crate::hooks::{use_locale, Locale};
use crate::i18n::{error_words, Msg, T};

/// What to tell the user about an error (a 404 is worded as an order not found).
pub fn error_text(e: &ApiError, locale: &Locale) -> String {
    error_text_for(e, locale, T::OrderNotFound)
}

/// As `error_text`, with a 404 worded for what was asked for.
pub fn error_text_for(e: &ApiError, locale: &Locale, not_found: T) -> String {
    let lang = locale.lang;
    error_words(e, lang, &|n| format::bytes(n, lang), not_found)
}

/// A message in the user's language.
pub fn msg_text(m: &Msg, locale: &Locale) -> String {
    let lang = locale.lang;
    m.word(lang, &|n| format::bytes(n, lang))
}

#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub error: ApiError,
    pub on_retry: Callback<()>,
    /// How a 404 is worded here.
    #[prop_or(T::OrderNotFound)]
    pub not_found: T,
}

/// The app uses `error_box`; the component is for tests.
#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    error_box(
        &props.error,
        &props.on_retry,
        props.not_found,
        &use_locale(),
    )
}

/// A failure in place of what could not load, with «Повторить» (`not_found`:
/// how a 404 is worded here).
pub fn error_box(error: &ApiError, on_retry: &Callback<()>, not_found: T, locale: &Locale) -> Html {
    // A 404 will not get better by retrying.
    let retry = error.status() != Some(404);
    let onclick = on_retry.reform(|_: MouseEvent| ());
    html! {
        <div class="error-box" role="alert">
            <p class="error-box__title">{ locale.t(T::ErrorTitle) }</p>
            <p>{ error_text_for(error, locale, not_found) }</p>
            if retry {
                <button type="button" class="button" {onclick}>{ locale.t(T::Retry) }</button>
            }
        </div>
    }
}
