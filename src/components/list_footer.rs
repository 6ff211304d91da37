//! A paged list's states, the same everywhere: loading, failed (with «Повторить»),
//! empty (with «Сбросить фильтры» when filtered), or the items and a foot that
//! loads the next page when it scrolls into view, with «Показать ещё» as the
//! keyboard (and no-IntersectionObserver) way.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry};
use yew::prelude::*;

use crate::components::error_box;
use crate::components::remote_view::spinner;
use crate::hooks::paged::Phase;
use crate::hooks::use_locale;
use crate::i18n::T;

#[derive(Properties, PartialEq)]
pub struct ListFooterProps {
    pub phase: Phase,
    pub has_next: bool,
    pub on_more: Callback<()>,
}

#[component]
pub fn ListFooter(props: &ListFooterProps) -> Html {
    let locale = use_locale();
    let sentinel = use_node_ref();
    // The observer outlives renders; it calls the latest callback.
    let on_more = use_mut_ref(|| props.on_more.clone());
    *on_more.borrow_mut() = props.on_more.clone();
    {
        let sentinel = sentinel.clone();
        let on_more = Rc::clone(&on_more);
        use_effect_with(props.has_next, move |has_next| {
            let mut observer = None;
            if *has_next {
                if let Some(el) = sentinel.cast::<web_sys::Element>() {
                    let cb = Closure::<dyn Fn(Vec<IntersectionObserverEntry>)>::new(
                        move |entries: Vec<IntersectionObserverEntry>| {
                            if entries.iter().any(|e| e.is_intersecting()) {
                                on_more.borrow().emit(());
                            }
                        },
                    );
                    if let Ok(o) = IntersectionObserver::new(cb.as_ref().unchecked_ref()) {
                        o.observe(&el);
                        observer = Some((o, cb));
                    }
                }
            }
            move || {
                if let Some((o, _cb)) = observer {
                    o.disconnect();
                }
            }
        });
    }
    let more = props.on_more.reform(|_: MouseEvent| ());
    html! {
        <div ref={sentinel} class="order-list__more">
            if let Phase::Failed(e) = &props.phase {
                { error_box(e, &props.on_more, T::OrderNotFound, &locale) }
            } else if props.phase == Phase::LoadingMore {
                <p class="muted" role="status">{ locale.t(T::LoadingMore) }</p>
            } else if props.has_next {
                <button type="button" class="button" onclick={more}>{ locale.t(T::ShowMore) }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ListBodyProps {
    pub phase: Phase,
    pub is_empty: bool,
    pub has_next: bool,
    /// Whether filters are set: the empty state then says "nothing found".
    pub filtered: bool,
    /// Title and hint of the empty, unfiltered list.
    pub empty: (T, T),
    pub on_reset: Callback<()>,
    pub on_retry: Callback<()>,
    pub on_more: Callback<()>,
    /// The list itself.
    pub children: Html,
}

#[component]
pub fn ListBody(props: &ListBodyProps) -> Html {
    let locale = use_locale();
    match &props.phase {
        Phase::Loading => spinner(&locale),
        Phase::Failed(e) if props.is_empty => {
            error_box(e, &props.on_retry, T::OrderNotFound, &locale)
        }
        _ if props.is_empty => {
            let (title, hint) = if props.filtered {
                (T::NothingFound, T::NothingFoundHint)
            } else {
                props.empty
            };
            html! {
                <div class="empty" data-testid="empty">
                    <p class="empty__title">{ locale.t(title) }</p>
                    <p class="muted">{ locale.t(hint) }</p>
                    if props.filtered {
                        <button type="button" class="button" onclick={props.on_reset.reform(|_: MouseEvent| ())}>
                            { locale.t(T::ResetFilters) }
                        </button>
                    }
                </div>
            }
        }
        phase => html! {
            <>
                { props.children.clone() }
                <ListFooter phase={phase.clone()} has_next={props.has_next} on_more={props.on_more.clone()} />
            </>
        },
    }
}
