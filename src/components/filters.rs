//! Controls of list filters: the search field (debounced, with a clear button) and
//! a labelled select. The order list and the staff desk share them.

use gloo_timers::callback::Timeout;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::use_locale;
use crate::i18n::T;

#[derive(Properties, PartialEq)]
pub struct SearchFieldProps {
    pub id: AttrValue,
    /// The search as it stands in the address.
    pub value: Option<String>,
    /// Called once typing pauses, with the trimmed text (None when empty).
    pub on_search: Callback<Option<String>>,
    #[prop_or(T::SearchPlaceholder)]
    pub placeholder: T,
}

#[component]
pub fn SearchField(props: &SearchFieldProps) -> Html {
    let locale = use_locale();
    let text = use_state(|| props.value.clone().unwrap_or_default());
    let debounce = use_mut_ref(|| None::<Timeout>);
    // Filters reset from outside (e.g. «Сбросить фильтры») empty the field too.
    {
        let text = text.clone();
        use_effect_with(props.value.clone(), move |v| {
            if v.is_none() {
                text.set(String::new());
            }
        });
    }
    let oninput = {
        let (text, debounce, on_search) = (text.clone(), debounce.clone(), props.on_search.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            text.set(v.clone());
            let on_search = on_search.clone();
            // Wait until typing pauses before asking the server.
            let t = Timeout::new(300, move || {
                on_search.emit(Some(v.trim().to_string()).filter(|q| !q.is_empty()))
            });
            *debounce.borrow_mut() = Some(t);
        })
    };
    let clear = {
        let (text, debounce, on_search) = (text.clone(), debounce.clone(), props.on_search.clone());
        Callback::from(move |_: MouseEvent| {
            *debounce.borrow_mut() = None;
            text.set(String::new());
            on_search.emit(None)
        })
    };
    html! {
        <div class="field field--inline field--search">
            <label for={props.id.clone()} class="visually-hidden">{ locale.t(T::Search) }</label>
            <input id={props.id.clone()} type="search" placeholder={locale.t(props.placeholder)}
                   value={(*text).clone()} {oninput} maxlength="200" />
            if !text.is_empty() {
                <button type="button" class="button button--ghost" onclick={clear}
                        aria-label={locale.t(T::ClearSearch)}>{ "×" }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FilterSelectProps {
    pub id: AttrValue,
    pub label: T,
    /// The option for "no filter".
    pub all: T,
    /// Value and text of each option.
    pub options: Vec<(String, String)>,
    pub value: Option<String>,
    pub on_change: Callback<Option<String>>,
}

#[component]
pub fn FilterSelect(props: &FilterSelectProps) -> Html {
    let locale = use_locale();
    let onchange = props.on_change.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Some(v).filter(|v| !v.is_empty())
    });
    html! {
        <div class="field field--inline">
            <label for={props.id.clone()} class="visually-hidden">{ locale.t(props.label) }</label>
            <select id={props.id.clone()} {onchange}>
                <option value="" selected={props.value.is_none()}>{ locale.t(props.all) }</option>
                { for props.options.iter().map(|(v, text)| html! {
                    <option value={v.clone()} selected={props.value.as_deref() == Some(v.as_str())}>{ text }</option>
                }) }
            </select>
        </div>
    }
}
