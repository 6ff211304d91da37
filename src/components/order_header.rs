//! The head of the order view: number, dates, service, status (with when an order
//! awaiting confirmation confirms itself) and the actions the shared rules allow
//! now, with the ⋮ menu in the card's corner, kept inside the viewport.

use std::rc::Rc;

use kabinet_core::{is_menu_action, shows_menu, Action, CancelBlock, OrderView, Status};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::error_text;
use crate::components::icons::dots_icon;
use crate::components::{date_text, kind_icon, status_chip};
use crate::format::{self, DateStyle};
use crate::hooks::{use_locale, PayState};
use crate::i18n::{action_label, T};

/// Actions shown as buttons beside the status: the owner's everyday ones, and
/// every staff and event-manager move (they have no ⋮ menu).
fn is_status_action(a: Action) -> bool {
    matches!(
        a,
        Action::ConfirmCompletion
            | Action::ReturnToWork
            | Action::TakeIntoWork
            | Action::MarkAwaitingConfirmation
            | Action::Complete
            | Action::StaffCancel
            | Action::CompleteRefund
            | Action::CheckIn
            | Action::ShowQr
            | Action::Pay
    )
}

#[derive(Properties, PartialEq)]
pub struct OrderHeaderProps {
    pub order: Rc<OrderView>,
    pub on_action: Callback<Action>,
    /// «Оплатить»: on its way to the provider, or why it could not start.
    #[prop_or_default]
    pub pay: PayState,
}

#[component]
pub fn OrderHeader(props: &OrderHeaderProps) -> Html {
    let locale = use_locale();
    let o = &props.order;
    let menu_open = use_state(|| false);
    let menu_items: Vec<Action> = o
        .actions
        .iter()
        .copied()
        .filter(|a| is_menu_action(*a))
        .collect();
    let with_menu = shows_menu(o.status) && !menu_items.is_empty();

    let button = |a: Action, primary: bool| {
        let class = classes!("button", primary.then_some("button--primary"));
        // Check-ins are made in the check-in app (its own bundle): a page load.
        if a == Action::CheckIn {
            return html! {
                <a href="/checkin" {class} data-action={a.as_str()}>{ action_label(a, o.kind, locale.lang) }</a>
            };
        }
        let onclick = props.on_action.reform(move |_: MouseEvent| a);
        let busy = a == Action::Pay && props.pay.busy;
        html! {
            <button type="button" {class} {onclick} data-action={a.as_str()} disabled={busy}>
                { if busy { locale.t(T::GoingToPay) } else { action_label(a, o.kind, locale.lang) } }
            </button>
        }
    };
    let toggle = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(!*menu_open))
    };
    // Keyboard use of the menu: focus goes to the first item when it opens; arrows,
    // Home and End move between items; Escape closes it and returns to the button;
    // leaving it with Tab or a click elsewhere closes it.
    let menu_ref = use_node_ref();
    let toggle_ref = use_node_ref();
    {
        let (menu_ref, toggle_ref) = (menu_ref.clone(), toggle_ref.clone());
        use_effect_with(*menu_open, move |open| {
            if *open {
                place_menu(&menu_ref, &toggle_ref);
                focus_item(&menu_ref, |_, _| 0);
            }
        });
    }
    let on_menu_key = {
        let (menu_open, menu_ref, toggle_ref) =
            (menu_open.clone(), menu_ref.clone(), toggle_ref.clone());
        Callback::from(move |e: KeyboardEvent| {
            if !*menu_open {
                return;
            }
            let step: Option<fn(usize, usize) -> usize> = match e.key().as_str() {
                "ArrowDown" => Some(|i, n| (i + 1) % n),
                "ArrowUp" => Some(|i, n| (i + n - 1) % n),
                "Home" => Some(|_, _| 0),
                "End" => Some(|_, n| n - 1),
                "Escape" => {
                    menu_open.set(false);
                    if let Some(b) = toggle_ref.cast::<web_sys::HtmlElement>() {
                        let _ = b.focus();
                    }
                    None
                }
                _ => None,
            };
            if let Some(step) = step {
                e.prevent_default();
                focus_item(&menu_ref, step);
            }
        })
    };
    let on_menu_blur = {
        let menu_open = menu_open.clone();
        Callback::from(move |e: FocusEvent| {
            let container: Option<web_sys::Node> =
                e.current_target().and_then(|t| t.dyn_into().ok());
            let next: Option<web_sys::Node> = e.related_target().and_then(|t| t.dyn_into().ok());
            let inside = matches!((&container, &next), (Some(c), Some(n)) if c.contains(Some(n)));
            if !inside {
                menu_open.set(false);
            }
        })
    };
    let auto_confirm = o
        .auto_confirm_at
        .as_ref()
        .filter(|_| o.status == Status::AwaitingConfirmation)
        .map(|at| {
            let when = format::date(at, locale.lang, &locale.time_zone, DateStyle::DateTime);
            locale.t(T::AutoConfirmAt).replace("{date}", &when)
        });
    let cancel_note = o.cancel_block.map(|b| match b {
        CancelBlock::NotCancellable => T::CancelNotCancellable,
        CancelBlock::DeadlinePassed => T::CancelDeadlinePassed,
        CancelBlock::CheckedIn => T::CancelCheckedIn,
    });

    html! {
        <header class={classes!("order-head", with_menu.then_some("order-head--menu"))}>
            <p class="order-head__meta">
                { kind_icon(o.kind, &locale) }
                <span>{ locale.t(T::OrderNo) }{ "\u{a0}" }<span data-testid="order-number">{ &o.number }</span></span>
                <span class="order-head__sep" aria-hidden="true">{ "·" }</span>
                <span>{ locale.t(T::CreatedAt) }{ " " }{ date_text(&o.created_at, DateStyle::DateTime, &locale) }</span>
            </p>
            <h1 class="order-head__title">{ &o.service.name }</h1>
            if let Some(at) = &o.service_at {
                <p class="order-head__when">
                    <span class="muted">{ locale.t(T::ServiceAt) }{ ": " }</span>
                    { date_text(at, DateStyle::DateTime, &locale) }
                    if let Some(end) = &o.service_end_at {
                        { " – " }{ date_text(end, DateStyle::Time, &locale) }
                    }
                </p>
            }
            <div class="order-head__status">
                { status_chip(o.status, &locale) }
                <div class="order-head__actions">
                    { for o.actions.iter().copied().filter(|a| is_status_action(*a))
                        .map(|a| button(a, !matches!(a, Action::ReturnToWork | Action::StaffCancel))) }
                    // Without the menu (a finished order) «Повторить заказ» is a button.
                    if !with_menu && o.actions.contains(&Action::Repeat) {
                        { button(Action::Repeat, false) }
                    }
                </div>
            </div>
            if let Some(e) = &props.pay.error {
                <p class="field__error order-head__pay-error" role="alert" data-testid="pay-error">
                    { locale.t(T::PayFailedAfterOrder) }{ " " }{ error_text(e, &locale) }
                </p>
            }
                    if with_menu {
                        <div class="menu order-head__menu" onkeydown={on_menu_key} onfocusout={on_menu_blur}>
                            <button type="button" class="button button--icon" aria-haspopup="menu" ref={toggle_ref}
                                    aria-expanded={menu_open.to_string()} aria-controls="order-menu"
                                    aria-label={locale.t(T::MoreActions)} title={locale.t(T::MoreActions)}
                                    onclick={toggle}>
                                { dots_icon() }
                            </button>
                            if *menu_open {
                                <ul class="menu__list" id="order-menu" role="menu" ref={menu_ref}>
                                    { for menu_items.iter().map(|&a| {
                                        let on_action = props.on_action.clone();
                                        let menu_open = menu_open.clone();
                                        let onclick = Callback::from(move |_: MouseEvent| {
                                            menu_open.set(false);
                                            on_action.emit(a);
                                        });
                                        html! {
                                            <li role="none">
                                                <button type="button" role="menuitem" class="menu__item"
                                                        data-action={a.as_str()} {onclick}>
                                                    { action_label(a, o.kind, locale.lang) }
                                                </button>
                                            </li>
                                        }
                                    }) }
                                </ul>
                            }
                        </div>
                    }
            if let Some(text) = auto_confirm {
                <p class="order-head__auto" data-testid="auto-confirm">{ text }</p>
            }
            if let Some(note) = cancel_note {
                <p class="note note--info" data-testid="cancel-note">{ locale.t(note) }</p>
            }
        </header>
    }
}

/// Puts the open menu under its button, right edges aligned (the ⋮ sits in the
/// card's right corner), moved in where it would leave the viewport.
fn place_menu(menu: &NodeRef, button: &NodeRef) {
    let (Some(m), Some(b)) = (
        menu.cast::<web_sys::HtmlElement>(),
        button.cast::<web_sys::Element>(),
    ) else {
        return;
    };
    let Some(view) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|e| e.client_width() as f64)
    else {
        return;
    };
    const MARGIN: f64 = 8.0;
    let r = b.get_bounding_client_rect();
    let width = m.offset_width() as f64;
    // `left` is relative to the button's own left edge.
    let mut left = r.width() - width;
    if r.left() + left + width > view - MARGIN {
        left = view - MARGIN - width - r.left();
    }
    if r.left() + left < MARGIN {
        left = MARGIN - r.left();
    }
    let style = m.style();
    // Whole pixels: formatting an f64 would pull float printing into the wasm.
    let _ = style.set_property("left", &format!("{}px", left.round() as i32));
    let _ = style.set_property("right", "auto");
}

/// Moves focus among the menu's items: `step(current, count)` gives the next index.
fn focus_item(menu: &NodeRef, step: fn(usize, usize) -> usize) {
    let Some(list) = menu.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(items) = list.query_selector_all("[role=menuitem]") else {
        return;
    };
    let n = items.length() as usize;
    if n == 0 {
        return;
    }
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let current = (0..n).find(|&i| {
        let item = items.item(i as u32);
        matches!((&item, &active), (Some(it), Some(a)) if it.is_same_node(Some(a.as_ref())))
    });
    let next = current.map_or(0, |i| step(i, n));
    if let Some(el) = items
        .item(next as u32)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
