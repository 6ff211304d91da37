//! The dialog an action asks first with: «Закрыть заказ» (with «Выполнен» /
//! «Неактуален») or a cancellation (saying whether money comes back).

use kabinet_core::{Action, CloseOutcome, Kind, OrderView};
use yew::prelude::*;

use crate::components::{error_text, Dialog};
use crate::hooks::use_locale;
use crate::i18n::{action_label, T};
use crate::state::actions::ActState;

#[derive(Properties, PartialEq)]
pub struct ActionDialogProps {
    pub order: std::rc::Rc<OrderView>,
    pub state: ActState,
    pub on_choose: Callback<CloseOutcome>,
    pub on_yes: Callback<()>,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn ActionDialog(props: &ActionDialogProps) -> Html {
    let locale = use_locale();
    let Some(a) = props.state.dialog else {
        return html! {};
    };
    let o = &props.order;
    let s = &props.state;
    let title = match (a, o.kind) {
        (Action::Close, _) => locale.t(T::CloseDialogText),
        (_, Kind::Event) => locale.t(T::CancelTicketDialogTitle),
        _ => locale.t(T::CancelDialogTitle),
    };
    let paid = o.payment.as_ref().is_some_and(|p| p.paid.amount > 0);
    let choice = |value: CloseOutcome, label: T| {
        let onchange = props.on_choose.reform(move |_: Event| value);
        html! {
            <label class="dialog__choice">
                <input type="radio" name="close-outcome" checked={s.outcome == Some(value)} {onchange} />
                { locale.t(label) }
            </label>
        }
    };
    html! {
        <Dialog title={title} on_close={props.on_dismiss.clone()}>
            if a == Action::Close {
                <fieldset class="dialog__choices">
                    <legend class="visually-hidden">{ action_label(a, o.kind, locale.lang) }</legend>
                    { choice(CloseOutcome::Done, T::CloseDone) }
                    { choice(CloseOutcome::NotRelevant, T::CloseNotRelevant) }
                </fieldset>
            } else {
                <p>{ locale.t(match (paid, o.kind == Kind::Event) {
                    (true, false) => T::CancelDialogPaid,
                    (true, true) => T::CancelTicketDialogPaid,
                    (false, false) => T::CancelDialogFree,
                    (false, true) => T::CancelTicketDialogFree,
                }) }</p>
            }
            if let Some((_, e)) = &s.failed {
                <p class="alert" role="alert">{ error_text(e, &locale) }</p>
            }
            <div class="dialog__buttons">
                <button type="button" class="button" onclick={props.on_dismiss.reform(|_: MouseEvent| ())} disabled={s.busy}>
                    { locale.t(T::No) }
                </button>
                <button type="button" class="button button--primary" onclick={props.on_yes.reform(|_: MouseEvent| ())}
                        disabled={!s.ready()} data-testid="dialog-yes">
                    { locale.t(if s.busy { T::Sending } else { T::Yes }) }
                </button>
            </div>
        </Dialog>
    }
}
