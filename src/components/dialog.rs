//! A modal dialog on the native `<dialog>` element: the browser traps focus, Esc
//! closes it, and focus returns where it was.

use web_sys::HtmlDialogElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub title: AttrValue,
    /// Called when the user dismisses the dialog (Esc or a cancel button).
    pub on_close: Callback<()>,
    pub children: Html,
}

#[component]
pub fn Dialog(props: &DialogProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            let dialog = node.cast::<HtmlDialogElement>();
            if let Some(d) = &dialog {
                let _ = d.show_modal();
            }
            move || {
                if let Some(d) = dialog {
                    d.close();
                }
            }
        });
    }
    // Esc fires `cancel`; let the page decide instead of the browser closing it.
    let oncancel = props.on_close.reform(|e: Event| e.prevent_default());
    html! {
        <dialog ref={node} class="dialog" aria-labelledby="dialog-title" {oncancel}>
            <h2 id="dialog-title" class="dialog__title">{ props.title.clone() }</h2>
            { props.children.clone() }
        </dialog>
    }
}
