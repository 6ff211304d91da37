//! The typed code: a field and «Проверить». A USB scanner types the code and
//! Enter into it, so the focus stays in the field after each answer.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::{use_door, use_site};
use crate::i18n::T;
use crate::state::scans::is_blank;
use crate::web;

#[derive(Properties, PartialEq)]
pub struct CodeEntryProps {
    pub event_id: i64,
}

#[component]
pub fn CodeEntry(props: &CodeEntryProps) -> Html {
    let site = use_site();
    let door = use_door();
    let input = use_node_ref();
    // «Введите код билета» after an empty submit, until the next keystroke.
    let blank = use_state(|| false);
    // Ready for a scanner as soon as the page opens.
    {
        let input = input.clone();
        use_effect_with(props.event_id, move |_| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                web::focus(&i);
            }
        });
    }
    let onsubmit = {
        let (input, event_id, blank) = (input.clone(), props.event_id, blank.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(i) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let value = i.value();
            blank.set(is_blank(&value));
            if !is_blank(&value) {
                door.typed(event_id, &value);
            }
            i.set_value("");
            web::focus(&i);
        })
    };
    let (oninput, onblur) = {
        let (a, b) = (blank.clone(), blank.clone());
        (
            Callback::from(move |_: InputEvent| a.set(false)),
            Callback::from(move |_: FocusEvent| b.set(false)),
        )
    };
    html! {
        <form class="checkin-entry" {onsubmit} autocomplete="off">
            <label class="checkin-entry__label" for="checkin-code">{ site.t(T::CodeLabel) }</label>
            <div class="checkin-entry__row">
                <input id="checkin-code" ref={input} class="checkin-entry__input" type="text"
                    name="code" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    enterkeyhint="go" maxlength="200" placeholder={site.t(T::CodePlaceholder)}
                    aria-describedby="checkin-code-hint" {oninput} {onblur} />
                <button type="submit" class="checkin-button checkin-button--primary">
                    { site.t(T::Check) }
                </button>
            </div>
            <p id="checkin-code-hint" class="checkin-entry__hint" aria-live="polite">
                if *blank {
                    { site.t(T::CodeEmpty) }
                }
            </p>
        </form>
    }
}
