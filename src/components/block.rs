//! Order-view blocks: plain ones and collapsible ones that remember their state.

use yew::prelude::*;

use crate::hooks::{use_locale, use_persisted_bool};
use crate::i18n::T;

#[derive(Properties, PartialEq)]
pub struct BlockProps {
    pub title: AttrValue,
    /// Stable name, used for the element id and test hooks.
    pub name: AttrValue,
    pub children: Html,
}

/// A titled block; `name` is stable, for the element id and test hooks.
pub fn block(name: &str, title: AttrValue, children: Html) -> Html {
    let heading = format!("block-{name}-title");
    html! {
        <section class="block" data-block={name.to_string()} aria-labelledby={heading.clone()}>
            <h2 class="block__title" id={heading}>{ title }</h2>
            { children }
        </section>
    }
}

/// A block whose body the user can hide; the choice is remembered per block name.
#[component]
pub fn CollapsibleBlock(props: &BlockProps) -> Html {
    let locale = use_locale();
    let (collapsed, set_collapsed) =
        use_persisted_bool(format!("kabinet.collapsed.{}", props.name), false);
    let body_id = format!("block-{}-body", props.name);
    let heading = format!("block-{}-title", props.name);
    let onclick = set_collapsed.reform(move |_: MouseEvent| !collapsed);
    html! {
        <section class={classes!("block", "block--collapsible", collapsed.then_some("block--collapsed"))}
                 data-block={props.name.clone()} aria-labelledby={heading.clone()}>
            <h2 class="block__title" id={heading}>
                <button type="button" class="block__toggle" aria-expanded={(!collapsed).to_string()}
                        aria-controls={body_id.clone()} {onclick}
                        title={locale.t(if collapsed { T::Expand } else { T::Collapse })}>
                    <span>{ props.title.clone() }</span>
                    <span class="block__chevron" aria-hidden="true"></span>
                </button>
            </h2>
            <div class="block__body" id={body_id} hidden={collapsed}>
                { props.children.clone() }
            </div>
        </section>
    }
}
