//! The head of the order view: number, dates, service, status and the actions the
//! shared rules allow now, with the ⋮ menu.

use std::rc::Rc;

use kabinet_core::{is_menu_action, shows_menu, Action, CancelBlock, OrderView};
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::icons::DotsIcon;
use crate::components::{DateText, KindIcon, StatusChip};
use crate::format::DateStyle;
use crate::hooks::use_locale;
use crate::i18n::{action_label, T};

/// Actions shown as buttons beside the status.
fn is_status_action(a: Action) -> bool {
    matches!(
        a,
        Action::ConfirmCompletion | Action::ReturnToWork | Action::Pay | Action::ShowQr
    )
}

#[derive(Properties, PartialEq)]
pub struct OrderHeaderProps {
    pub order: Rc<OrderView>,
    pub on_action: Callback<Action>,
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
    // On a finished order «Повторить заказ» stands alone: there is no ⋮ menu.
    let repeat_button = !shows_menu(o.status) && o.actions.contains(&Action::Repeat);

    let button = |a: Action, primary: bool| {
        let onclick = props.on_action.reform(move |_: MouseEvent| a);
        let class = classes!("button", primary.then_some("button--primary"));
        html! {
            <button type="button" {class} {onclick} data-action={action_name(a)}>
                { action_label(a, o.kind, locale.lang) }
            </button>
        }
    };
    let toggle = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(!*menu_open))
    };
    let on_menu_key = {
        let menu_open = menu_open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                menu_open.set(false);
            }
        })
    };
    let cancel_note = o.cancel_block.map(|b| match b {
        CancelBlock::NotCancellable => T::CancelNotCancellable,
        CancelBlock::DeadlinePassed => T::CancelDeadlinePassed,
        CancelBlock::CheckedIn => T::CancelCheckedIn,
    });

    html! {
        <header class="order-head">
            <p class="order-head__meta">
                <KindIcon kind={o.kind} />
                <span>{ locale.t(T::OrderNo) }{ "\u{a0}" }<span data-testid="order-number">{ &o.number }</span></span>
                <span class="order-head__sep" aria-hidden="true">{ "·" }</span>
                <span>{ locale.t(T::CreatedAt) }{ " " }<DateText iso={o.created_at.clone()} /></span>
            </p>
            <h1 class="order-head__title">{ &o.service.name }</h1>
            if let Some(at) = &o.service_at {
                <p class="order-head__when">
                    <span class="muted">{ locale.t(T::ServiceAt) }{ ": " }</span>
                    <DateText iso={at.clone()} />
                    if let Some(end) = &o.service_end_at {
                        { " – " }<DateText iso={end.clone()} style={DateStyle::Time} />
                    }
                </p>
            }
            <div class="order-head__status">
                <StatusChip status={o.status} />
                <div class="order-head__actions">
                    { for o.actions.iter().copied().filter(|a| is_status_action(*a))
                        .map(|a| button(a, a != Action::ReturnToWork)) }
                    if repeat_button { { button(Action::Repeat, false) } }
                    if with_menu {
                        <div class="menu" onkeydown={on_menu_key}>
                            <button type="button" class="button button--icon" aria-haspopup="menu"
                                    aria-expanded={menu_open.to_string()} aria-controls="order-menu"
                                    aria-label={locale.t(T::MoreActions)} title={locale.t(T::MoreActions)}
                                    onclick={toggle}>
                                <DotsIcon />
                            </button>
                            if *menu_open {
                                <ul class="menu__list" id="order-menu" role="menu">
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
                                                        data-action={action_name(a)} {onclick}>
                                                    { action_label(a, o.kind, locale.lang) }
                                                </button>
                                            </li>
                                        }
                                    }) }
                                </ul>
                            }
                        </div>
                    }
                </div>
            </div>
            if let Some(note) = cancel_note {
                <p class="note" data-testid="cancel-note">{ locale.t(note) }</p>
            }
        </header>
    }
}

/// The action's wire name, used as a stable hook for tests and styles.
pub fn action_name(a: Action) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
