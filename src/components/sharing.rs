//! Sharing a booking and passing a coworking ticket on (spec sections 10 and 11):
//! the «Посетители» and «Билет» blocks, the «Поделиться» and «Отправить билет»
//! dialogs, the link they manage and the pickers of people and organisations.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use kabinet_core::{Action, InviteLink, OrderView, Org, OrgKind, Person};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::{Api, ApiError};
use crate::components::{error_text, Block, CollapsibleBlock, DateText, Dialog};
use crate::hooks::{use_locale, use_session, Locale};
use crate::i18n::{action_label, Lang, T};
use crate::state::sharing::{
    pick, searchable, unpick, Confirm, Copied, Found, LinkBox, LinkMsg, Pickable, Search, SearchMsg,
};

type Answer<T> = Pin<Box<dyn Future<Output = Result<Vec<T>, ApiError>>>>;

/// What a picker searches for, and how it shows a find.
pub trait Choice: Pickable {
    /// What narrows the search (the organisation, for people).
    type Scope: Clone + PartialEq + 'static;
    /// The fewest characters worth a search.
    const MIN: usize;
    fn find(api: Api, q: String, scope: Self::Scope) -> Answer<Self>;
    fn name(&self) -> &str;
    fn detail(&self, lang: Lang) -> Option<String>;
}

impl Choice for Person {
    type Scope = Option<String>;
    const MIN: usize = kabinet_core::SEARCH_MIN_CHARS;

    fn find(api: Api, q: String, org: Option<String>) -> Answer<Person> {
        Box::pin(async move { Ok(api.people(&q, org.as_deref()).await?.items) })
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn detail(&self, _: Lang) -> Option<String> {
        self.company.clone()
    }
}

impl Choice for Org {
    type Scope = ();
    const MIN: usize = 1;

    fn find(api: Api, q: String, _: ()) -> Answer<Org> {
        Box::pin(async move { Ok(api.orgs(&q).await?.items) })
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn detail(&self, lang: Lang) -> Option<String> {
        Some(
            match self.kind {
                OrgKind::Company => T::FilterCompany,
                OrgKind::Community => T::OrgCommunity,
            }
            .text(lang)
            .to_string(),
        )
    }
}

/// «Вера Смирнова (Бета)».
fn with_detail<C: Choice>(c: &C, lang: Lang) -> String {
    match c.detail(lang) {
        Some(d) => format!("{} ({d})", c.name()),
        None => c.name().to_string(),
    }
}

#[derive(Properties, PartialEq)]
pub struct PickerProps<C: Choice> {
    /// The input's id (the list's ids derive from it).
    pub id: AttrValue,
    pub label: T,
    pub placeholder: T,
    pub picked: Vec<C>,
    /// Several picks (chips), or one that a new pick replaces.
    #[prop_or(true)]
    pub multi: bool,
    pub scope: C::Scope,
    pub on_change: Callback<Vec<C>>,
    /// The server's word on this field.
    #[prop_or_default]
    pub error: Option<String>,
}

/// A search field with a list of finds under it (a combobox: arrows, Enter,
/// Escape) and the picks as removable chips.
#[component]
pub fn Picker<C: Choice>(props: &PickerProps<C>) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let search = use_reducer(Search::<C>::default);
    let seq = use_mut_ref(|| 0u32);
    let pause = use_mut_ref(|| None::<Timeout>);
    // Types `text` in: a search after a pause, if there is enough of it.
    let start = {
        let (api, search, scope) = (api.clone(), search.dispatcher(), props.scope.clone());
        let (seq, pause) = (seq.clone(), pause.clone());
        Rc::new(move |text: String, delay: u32| {
            let n = {
                let mut s = seq.borrow_mut();
                *s += 1;
                *s
            };
            let q = searchable(&text, C::MIN);
            search.dispatch(SearchMsg::Type {
                query: text,
                seq: n,
                enough: q.is_some(),
            });
            let Some(q) = q else {
                *pause.borrow_mut() = None;
                return;
            };
            let (api, search, scope) = (api.clone(), search.clone(), scope.clone());
            *pause.borrow_mut() = Some(Timeout::new(delay, move || {
                search.dispatch(SearchMsg::Sent(n));
                wasm_bindgen_futures::spawn_local(async move {
                    let r = C::find(api, q, scope).await;
                    search.dispatch(SearchMsg::Answer(n, r));
                });
            }));
        })
    };
    // A new scope (another organisation) searches the text again.
    {
        let (start, query) = (start.clone(), search.query.clone());
        use_effect_with(props.scope.clone(), move |_| {
            if searchable(&query, C::MIN).is_some() {
                start(query, 0);
            }
        });
    }
    let choose = {
        let (picked, multi, on_change) =
            (props.picked.clone(), props.multi, props.on_change.clone());
        let (search, seq) = (search.dispatcher(), seq.clone());
        Callback::from(move |c: C| {
            *seq.borrow_mut() += 1;
            search.dispatch(SearchMsg::Picked);
            on_change.emit(pick(&picked, c, multi));
        })
    };
    let oninput = {
        let start = start.clone();
        Callback::from(move |e: InputEvent| {
            start(e.target_unchecked_into::<HtmlInputElement>().value(), 250)
        })
    };
    let onkeydown = {
        let (search, choose) = (search.clone(), choose.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                e.prevent_default();
                search.dispatch(SearchMsg::Move(if e.key() == "ArrowDown" { 1 } else { -1 }));
            }
            "Enter" => {
                e.prevent_default();
                if let Some(c) = search.current() {
                    choose.emit(c.clone());
                }
            }
            // The list closes first; the dialog on the next Escape.
            "Escape" if search.open => {
                e.prevent_default();
                e.stop_propagation();
                search.dispatch(SearchMsg::Close);
            }
            _ => {}
        })
    };
    let onblur = search
        .dispatcher()
        .to_callback()
        .reform(|_: FocusEvent| SearchMsg::Close);
    let id = &props.id;
    let list_id = format!("{id}-list");
    let option_id = |i: usize| format!("{id}-opt-{i}");
    let note = |text: String| html! { <p class="picker__note muted" role="status">{ text }</p> };
    let list = match (&search.found, search.open) {
        (_, false) | (Found::Idle, _) => html! {},
        (Found::Short, _) => note(locale.t(T::TypeMore).replace("{n}", &C::MIN.to_string())),
        (Found::Searching, _) => note(locale.t(T::Searching).to_string()),
        (Found::Failed(e), _) => {
            html! { <p class="picker__note field__error" role="alert">{ error_text(e, &locale) }</p> }
        }
        (Found::Ready(v), _) if v.is_empty() => note(locale.t(T::NothingFound).to_string()),
        (Found::Ready(v), _) => html! {
            <ul id={list_id.clone()} class="picker__list" role="listbox" aria-label={locale.t(props.label)}>
                { for v.iter().enumerate().map(|(i, c)| {
                    let on = search.active == Some(i);
                    let chosen = props.picked.iter().any(|p| p.key() == c.key());
                    let onclick = choose.reform({ let c = c.clone(); move |_: MouseEvent| c.clone() });
                    html! {
                        <li id={option_id(i)} role="option" aria-selected={on.to_string()}
                            class={classes!("picker__option", on.then_some("picker__option--on"))}
                            // Keeps focus in the field, so that its blur does not close the list first.
                            onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())} {onclick}>
                            <span class="picker__name">{ c.name() }{ if chosen { " ✓" } else { "" } }</span>
                            if let Some(d) = c.detail(locale.lang) { <span class="muted">{ d }</span> }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    let expanded = search.open && matches!(&search.found, Found::Ready(v) if !v.is_empty());
    let active = search.active.filter(|_| expanded).map(option_id);
    let error_id = format!("{id}-error");
    html! {
        <div class="field picker" data-testid={format!("picker-{id}")}>
            <label for={id.clone()}>{ locale.t(props.label) }</label>
            if !props.picked.is_empty() {
                <ul class="picks" aria-label={locale.t(props.label)}>
                    { for props.picked.iter().map(|c| {
                        let onclick = {
                            let (picked, on_change, key) = (props.picked.clone(), props.on_change.clone(), c.key());
                            Callback::from(move |_: MouseEvent| on_change.emit(unpick(&picked, &key)))
                        };
                        html! {
                            <li class="pick" key={c.key()}>
                                <span>{ with_detail(c, locale.lang) }</span>
                                <button type="button" class="pick__remove" {onclick}
                                        aria-label={locale.t(T::RemovePick).replace("{name}", c.name())}>{ "×" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <div class="picker__box">
                <input id={id.clone()} type="text" role="combobox" autocomplete="off" maxlength="100"
                       aria-autocomplete="list" aria-expanded={expanded.to_string()}
                       aria-controls={list_id} aria-activedescendant={active}
                       aria-invalid={props.error.is_some().then_some("true")}
                       aria-describedby={props.error.is_some().then(|| error_id.clone())}
                       placeholder={locale.t(props.placeholder)} value={search.query.clone()}
                       {oninput} {onkeydown} {onblur} />
                { list }
            </div>
            if let Some(e) = &props.error {
                <p id={error_id} class="field__error" role="alert">{ e }</p>
            }
        </div>
    }
}

/// Focus was on something that went away (a button replaced or removed): it goes
/// to the first of `selector` inside `within` rather than to the page's top.
fn refocus(within: &NodeRef, selector: &str) {
    let doc = web_sys::window().and_then(|w| w.document());
    let lost = doc.as_ref().is_none_or(|d| {
        d.active_element().is_none() || d.active_element() == d.body().map(Into::into)
    });
    let target = within
        .cast::<web_sys::Element>()
        .and_then(|e| e.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let (true, Some(t)) = (lost, target) {
        let _ = t.focus();
    }
}

/// The address a link opens, on this site.
fn full_url(link: &InviteLink) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{}", link.path)
}

/// Puts `text` on the clipboard; false when the browser refuses.
async fn copy_text(text: &str) -> bool {
    use js_sys::{Function, Promise, Reflect};
    let Some(w) = web_sys::window() else {
        return false;
    };
    let write = || -> Option<Promise> {
        let clip = Reflect::get(
            &Reflect::get(&w, &"navigator".into()).ok()?,
            &"clipboard".into(),
        )
        .ok()?;
        let f: Function = Reflect::get(&clip, &"writeText".into())
            .ok()?
            .dyn_into()
            .ok()?;
        f.call1(&clip, &text.into()).ok()?.dyn_into().ok()
    };
    match write() {
        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        None => false,
    }
}

/// Which link a dialog manages.
#[derive(Clone, Copy, PartialEq)]
enum LinkKind {
    Share,
    Transfer,
}

impl LinkKind {
    async fn get(self, api: &Api, id: i64) -> Result<Option<InviteLink>, ApiError> {
        match self {
            LinkKind::Share => api.share_link(id).await,
            LinkKind::Transfer => api.transfer_link(id).await,
        }
        .map(|s| s.link)
    }

    async fn create(self, api: &Api, id: i64) -> Result<Option<InviteLink>, ApiError> {
        match self {
            LinkKind::Share => api.create_share_link(id).await,
            LinkKind::Transfer => api.create_transfer_link(id).await,
        }
        .map(|s| s.link)
    }
}

#[derive(Properties, PartialEq)]
struct LinkPanelProps {
    order_id: i64,
    kind: LinkKind,
}

/// The link part of a dialog: read when the dialog opens; created, copied, and
/// deleted (share) or replaced (transfer) after a question.
#[component]
fn LinkPanel(props: &LinkPanelProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let state = use_reducer(LinkBox::default);
    let (id, kind) = (props.order_id, props.kind);
    let load = {
        let (api, state) = (api.clone(), state.dispatcher());
        Callback::from(move |_: ()| {
            let (api, state) = (api.clone(), state.clone());
            state.dispatch(LinkMsg::Start);
            wasm_bindgen_futures::spawn_local(async move {
                state.dispatch(match kind.get(&api, id).await {
                    Ok(l) => LinkMsg::Is(l),
                    Err(e) => LinkMsg::Failed(e),
                });
            });
        })
    };
    {
        let load = load.clone();
        use_effect_with(id, move |_| load.emit(()));
    }
    // Copies the link there is, or (transfer) a new one made for the purpose.
    let copy = {
        let (api, state, link) = (api.clone(), state.dispatcher(), state.current().cloned());
        Callback::from(move |make: bool| {
            let (api, state, link) = (api.clone(), state.clone(), link.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let link = match link.filter(|_| !make) {
                    Some(l) => l,
                    None => {
                        state.dispatch(LinkMsg::Start);
                        match kind.create(&api, id).await {
                            Ok(Some(l)) => {
                                state.dispatch(LinkMsg::Is(Some(l.clone())));
                                l
                            }
                            Ok(None) => return state.dispatch(LinkMsg::Is(None)),
                            Err(e) => return state.dispatch(LinkMsg::Failed(e)),
                        }
                    }
                };
                // The share dialog creates without copying; the transfer one copies.
                if kind == LinkKind::Transfer || !make {
                    state.dispatch(LinkMsg::Copied(copy_text(&full_url(&link)).await));
                }
            });
        })
    };
    let delete = {
        let (api, state) = (api.clone(), state.dispatcher());
        Callback::from(move |_: MouseEvent| {
            let (api, state) = (api.clone(), state.clone());
            state.dispatch(LinkMsg::Start);
            wasm_bindgen_futures::spawn_local(async move {
                let r = match kind {
                    LinkKind::Share => api.delete_share_link(id).await,
                    LinkKind::Transfer => api.delete_transfer_link(id).await,
                };
                state.dispatch(match r {
                    Ok(()) => LinkMsg::Is(None),
                    Err(e) => LinkMsg::Failed(e),
                });
            });
        })
    };
    let ask = |c: Confirm| {
        state
            .dispatcher()
            .to_callback()
            .reform(move |_: MouseEvent| LinkMsg::Ask(c))
    };
    let keep = state
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| LinkMsg::Keep);
    let by_hand = use_node_ref();
    {
        let by_hand = by_hand.clone();
        use_effect_with(state.copied.clone(), move |c| {
            if let (Copied::Refused, Some(i)) = (c, by_hand.cast::<HtmlInputElement>()) {
                let _ = i.focus();
                i.select();
            }
        });
    }
    // The question's buttons, and the ones after it, take the focus of the
    // button that went away.
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        let deps = (state.busy, state.confirm, state.current().is_some());
        use_effect_with(deps, move |_| {
            refocus(
                &panel,
                ".link__ask button, .link__buttons button:not([disabled]), button",
            );
        });
    }
    let busy = state.busy;
    let button = |label: T, primary: bool, onclick: Callback<MouseEvent>, test: &'static str| {
        html! {
            <button type="button" class={classes!("button", primary.then_some("button--primary"))}
                    disabled={busy} {onclick} data-testid={test}>{ locale.t(label) }</button>
        }
    };
    let body = match (&state.link, state.confirm) {
        (None, _) if state.error.is_none() => {
            html! { <p class="muted" role="status">{ locale.t(T::Loading) }</p> }
        }
        // Not read yet (the first answer failed): «Повторить» reads again.
        (None, _) => button(T::Retry, false, load.reform(|_| ()), "link-retry"),
        (Some(_), Some(Confirm::Delete)) => html! {
            <div class="link__ask" role="group" aria-label={locale.t(T::DeleteLinkQuestion)}>
                <p>{ locale.t(T::DeleteLinkQuestion) }</p>
                <div class="link__buttons">
                    { button(T::Cancel, false, keep.clone(), "link-keep") }
                    { button(T::DeleteLink, true, delete, "link-delete-yes") }
                </div>
            </div>
        },
        (Some(_), Some(Confirm::Renew)) => html! {
            <div class="link__ask" role="group" aria-label={locale.t(T::RenewLinkQuestion)}>
                <p>{ locale.t(T::RenewLinkQuestion) }</p>
                <div class="link__buttons">
                    { button(T::Cancel, false, keep.clone(), "link-keep") }
                    { button(T::NewLink, true, copy.reform(|_| true), "link-renew-yes") }
                </div>
            </div>
        },
        (Some(None), None) => match kind {
            LinkKind::Share => button(T::CreateLink, true, copy.reform(|_| true), "link-create"),
            LinkKind::Transfer => button(T::CopyLink, true, copy.reform(|_| false), "link-copy"),
        },
        (Some(Some(l)), None) => html! {
            <>
                <div class="link__buttons">
                    { button(T::CopyLink, true, copy.reform(|_| false), "link-copy") }
                    { match kind {
                        LinkKind::Share => button(T::DeleteLink, false, ask(Confirm::Delete), "link-delete"),
                        LinkKind::Transfer => button(T::NewLink, false, ask(Confirm::Renew), "link-renew"),
                    } }
                </div>
                <p class="muted link__until">
                    { locale.t(T::LinkWorksUntil) }{ " " }<DateText iso={l.expires_at.clone()} />
                </p>
            </>
        },
    };
    let url = state.current().map(full_url);
    html! {
        <section class="link" data-testid="link-panel" ref={panel}>
            <h3 class="dialog__section">{ locale.t(match kind {
                LinkKind::Share => T::ShareByLink,
                LinkKind::Transfer => T::TransferByLink,
            }) }</h3>
            <p class="muted">{ locale.t(match kind {
                LinkKind::Share => T::ShareLinkHint,
                LinkKind::Transfer => T::TransferLinkHint,
            }) }</p>
            { body }
            if let Some(e) = &state.error {
                <p class="alert" role="alert">{ error_text(e, &locale) }</p>
            }
            <div role="status" class="link__status">
                if state.copied == Copied::Yes {
                    <p class="note note--success" data-testid="link-copied">{ locale.t(T::LinkCopied) }</p>
                }
            </div>
            if let (Copied::Refused, Some(url)) = (&state.copied, url) {
                <div class="field">
                    <label for="link-by-hand">{ locale.t(T::CopyByHand) }</label>
                    <input id="link-by-hand" ref={by_hand} type="text" readonly=true value={url} />
                </div>
            }
        </section>
    }
}

/// The field error of a refused request, or the error for the whole dialog.
fn split_error(
    e: Option<&ApiError>,
    field: &str,
    locale: &Locale,
) -> (Option<String>, Option<String>) {
    match e {
        Some(e) if e.field() == Some(field) => (Some(error_text(e, locale)), None),
        Some(e) => (None, Some(error_text(e, locale))),
        None => (None, None),
    }
}

fn names(people: &[Person]) -> String {
    people
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub order_id: i64,
    pub on_close: Callback<()>,
    /// «Сохранить» went through: everyone with access now, and who was added.
    pub on_saved: Callback<(Vec<Person>, Vec<Person>)>,
}

/// «Поделиться»: a link, or people picked directly (narrowed to an organisation).
#[component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let org = use_state(Vec::<Org>::new);
    let people = use_state(Vec::<Person>::new);
    let busy = use_state(|| false);
    let failed = use_state(|| None::<ApiError>);
    let save = {
        let (api, people, busy, failed) =
            (api.clone(), people.clone(), busy.clone(), failed.clone());
        let (id, on_saved) = (props.order_id, props.on_saved.clone());
        Callback::from(move |_: MouseEvent| {
            let (api, people, busy, failed, on_saved) = (
                api.clone(),
                people.clone(),
                busy.clone(),
                failed.clone(),
                on_saved.clone(),
            );
            busy.set(true);
            failed.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let added = (*people).clone();
                match api
                    .add_visitors(id, added.iter().map(|p| p.id).collect())
                    .await
                {
                    Ok(v) => on_saved.emit((v.visitors, added)),
                    Err(e) => {
                        busy.set(false);
                        failed.set(Some(e));
                    }
                }
            });
        })
    };
    let (field_error, error) = split_error(failed.as_ref(), "user_ids", &locale);
    let on_org = {
        let org = org.clone();
        Callback::from(move |v: Vec<Org>| org.set(v))
    };
    let on_people = {
        let (people, failed) = (people.clone(), failed.clone());
        Callback::from(move |v: Vec<Person>| {
            failed.set(None);
            people.set(v)
        })
    };
    html! {
        <Dialog title={locale.t(T::ShareTitle)} on_close={props.on_close.clone()}>
            <div class="share" data-testid="share-dialog">
                <LinkPanel order_id={props.order_id} kind={LinkKind::Share} />
                <section class="share__people">
                    <h3 class="dialog__section">{ locale.t(T::SharePickPeople) }</h3>
                    <Picker<Org> id="share-org" label={T::OrgsField} placeholder={T::OrgsPlaceholder}
                                 picked={(*org).clone()} multi=false scope={()} on_change={on_org} />
                    <Picker<Person> id="share-user" label={T::UserField} placeholder={T::UserPlaceholder}
                                    picked={(*people).clone()} scope={org.first().map(|o| o.key())}
                                    on_change={on_people} error={field_error} />
                </section>
                if let Some(e) = error {
                    <p class="alert" role="alert">{ e }</p>
                }
                <div class="dialog__buttons">
                    <button type="button" class="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>
                        { locale.t(T::Close) }
                    </button>
                    <button type="button" class="button button--primary" onclick={save}
                            disabled={*busy || people.is_empty()} data-testid="share-save">
                        { locale.t(if *busy { T::Saving } else { T::Save }) }
                    </button>
                </div>
            </div>
        </Dialog>
    }
}

#[derive(Properties, PartialEq)]
pub struct SharingProps {
    pub order: Rc<OrderView>,
    /// A fresher order to show (after a change made here).
    pub on_order: Callback<OrderView>,
}

/// Shows `visitors` at once, then the order as the server has it now (its
/// history has the change).
fn show_visitors(
    api: &Api,
    order: &OrderView,
    visitors: Vec<Person>,
    on_order: &Callback<OrderView>,
) {
    on_order.emit(OrderView {
        visitors,
        ..order.clone()
    });
    let (api, id, on_order) = (api.clone(), order.id, on_order.clone());
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(o) = api.order(id).await {
            on_order.emit(o);
        }
    });
}

/// «Посетители» of a booking: the owner, everyone it is shared with, and (while
/// the booking may be shared) «Поделиться» and removing a visitor.
#[component]
pub fn VisitorsBlock(props: &SharingProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let dialog = use_state(|| false);
    let removing = use_state(|| None::<Person>);
    let busy = use_state(|| false);
    let failed = use_state(|| None::<ApiError>);
    let notice = use_state(|| None::<String>);
    let block = use_node_ref();
    {
        // A removed visitor's × had the focus: «Поделиться» takes it.
        let (block, seen) = (block.clone(), use_mut_ref(|| None::<usize>));
        use_effect_with(props.order.visitors.len(), move |n| {
            // Not when the page opens: only after a change.
            if seen.borrow_mut().replace(*n).is_some() {
                refocus(&block, "[data-action=share], button")
            }
        });
    }
    let o = &props.order;
    if o.kind != kabinet_core::Kind::Booking {
        return html! {};
    }
    let can_share = o.actions.contains(&Action::Share);
    let open = {
        let (dialog, notice) = (dialog.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            dialog.set(true)
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: ()| dialog.set(false))
    };
    let saved = {
        let (api, order, on_order) = (api.clone(), o.clone(), props.on_order.clone());
        let (dialog, notice, lang) = (dialog.clone(), notice.clone(), locale.lang);
        Callback::from(move |(all, added): (Vec<Person>, Vec<Person>)| {
            dialog.set(false);
            notice.set(Some(format!(
                "{}: {}",
                T::AccessGiven.text(lang),
                names(&added)
            )));
            show_visitors(&api, &order, all, &on_order);
        })
    };
    let remove = {
        let (api, order, on_order) = (api.clone(), o.clone(), props.on_order.clone());
        let (removing, busy, failed, notice, lang) = (
            removing.clone(),
            busy.clone(),
            failed.clone(),
            notice.clone(),
            locale.lang,
        );
        Callback::from(move |_: MouseEvent| {
            let Some(p) = (*removing).clone() else { return };
            let (api, order, on_order) = (api.clone(), order.clone(), on_order.clone());
            let (removing, busy, failed, notice) = (
                removing.clone(),
                busy.clone(),
                failed.clone(),
                notice.clone(),
            );
            busy.set(true);
            failed.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let r = api.remove_visitor(order.id, p.id).await;
                busy.set(false);
                match r {
                    Ok(v) => {
                        removing.set(None);
                        notice.set(Some(format!("{}: {}", T::AccessRemoved.text(lang), p.name)));
                        show_visitors(&api, &order, v.visitors, &on_order);
                    }
                    Err(e) => failed.set(Some(e)),
                }
            });
        })
    };
    let keep = {
        let (removing, failed) = (removing.clone(), failed.clone());
        Callback::from(move |_: ()| {
            failed.set(None);
            removing.set(None)
        })
    };
    html! {
        <CollapsibleBlock name="visitors" title={locale.t(T::BlockVisitors)}>
            <div ref={block}>
            <ul class="people">
                { for o.visitors.iter().enumerate().map(|(i, p)| {
                    let ask = {
                        let (removing, p) = (removing.clone(), p.clone());
                        Callback::from(move |_: MouseEvent| removing.set(Some(p.clone())))
                    };
                    html! {
                        <li class="people__item" key={p.id} data-person={p.id.to_string()}>
                            <span class="avatar" aria-hidden="true">{ p.name.chars().next().unwrap_or('?') }</span>
                            <span>
                                <span class="people__name">{ &p.name }</span>
                                if let Some(c) = &p.company { <span class="muted">{ c }</span> }
                            </span>
                            if i == 0 {
                                <span class="badge">{ locale.t(T::Owner) }</span>
                            } else if can_share {
                                <button type="button" class="button button--ghost people__remove" onclick={ask}
                                        aria-label={locale.t(T::RemoveAccess).replace("{name}", &p.name)}
                                        title={locale.t(T::RemoveAccess).replace("{name}", &p.name)}>{ "×" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
            if can_share {
                <button type="button" class="button" onclick={open} data-action="share">
                    { action_label(Action::Share, o.kind, locale.lang) }
                </button>
            }
            if let Some(n) = &*notice {
                <p class="note note--success" role="status" data-testid="visitors-notice">{ n }</p>
            }
            if *dialog {
                <ShareDialog order_id={o.id} on_close={close} on_saved={saved} />
            }
            if let Some(p) = &*removing {
                <Dialog title={locale.t(T::RemoveAccessTitle)} on_close={keep.clone()}>
                    <p>{ locale.t(T::RemoveAccessText).replace("{name}", &p.name) }</p>
                    if let Some(e) = &*failed {
                        <p class="alert" role="alert">{ error_text(e, &locale) }</p>
                    }
                    <div class="dialog__buttons">
                        <button type="button" class="button" onclick={keep.reform(|_: MouseEvent| ())} disabled={*busy}>
                            { locale.t(T::Cancel) }
                        </button>
                        <button type="button" class="button button--primary" onclick={remove}
                                disabled={*busy} data-testid="remove-yes">
                            { locale.t(T::RemoveAccessYes) }
                        </button>
                    </div>
                </Dialog>
            }
            </div>
        </CollapsibleBlock>
    }
}

#[derive(Properties, PartialEq)]
pub struct TransferDialogProps {
    pub order: Rc<OrderView>,
    pub on_close: Callback<()>,
    /// The ticket went to someone: the order as it is now.
    pub on_done: Callback<OrderView>,
}

/// «Отправить билет»: a one-time link for someone not registered yet, or a
/// registered user found by name.
#[component]
pub fn TransferDialog(props: &TransferDialogProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let to = use_state(Vec::<Person>::new);
    let busy = use_state(|| false);
    let failed = use_state(|| None::<ApiError>);
    let o = &props.order;
    let send = {
        let (api, to, busy, failed) = (api.clone(), to.clone(), busy.clone(), failed.clone());
        let (id, on_done) = (o.id, props.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(p) = to.first().cloned() else { return };
            let (api, busy, failed, on_done) =
                (api.clone(), busy.clone(), failed.clone(), on_done.clone());
            busy.set(true);
            failed.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match api.transfer_ticket(id, p.id).await {
                    Ok(o) => on_done.emit(o),
                    Err(e) => {
                        busy.set(false);
                        failed.set(Some(e));
                    }
                }
            });
        })
    };
    let on_to = {
        let (to, failed) = (to.clone(), failed.clone());
        Callback::from(move |v: Vec<Person>| {
            failed.set(None);
            to.set(v)
        })
    };
    let (field_error, error) = split_error(failed.as_ref(), "user_id", &locale);
    html! {
        <Dialog title={action_label(Action::TransferTicket, o.kind, locale.lang)} on_close={props.on_close.clone()}>
            <div class="share" data-testid="transfer-dialog">
                <LinkPanel order_id={o.id} kind={LinkKind::Transfer} />
                <section class="share__people">
                    <h3 class="dialog__section">{ locale.t(T::TransferToUser) }</h3>
                    <Picker<Person> id="transfer-user" label={T::UserField} placeholder={T::UserPlaceholder}
                                    picked={(*to).clone()} multi=false scope={None::<String>}
                                    on_change={on_to} error={field_error} />
                    if let Some(p) = to.first() {
                        <p class="share__confirm" data-testid="transfer-to">
                            { locale.t(T::TicketWillGo).replace("{name}", &with_detail(p, locale.lang)) }
                        </p>
                    }
                </section>
                if let Some(e) = error {
                    <p class="alert" role="alert">{ e }</p>
                }
                <div class="dialog__buttons">
                    <button type="button" class="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>
                        { locale.t(T::Close) }
                    </button>
                    <button type="button" class="button button--primary" onclick={send}
                            disabled={*busy || to.is_empty()} data-testid="transfer-send">
                        { locale.t(if *busy { T::Sending } else { T::Send }) }
                    </button>
                </div>
            </div>
        </Dialog>
    }
}

/// «Билет» of a coworking order, with «Отправить билет» while it may be passed on.
#[component]
pub fn TicketBlock(props: &SharingProps) -> Html {
    let locale = use_locale();
    let dialog = use_state(|| false);
    let notice = use_state(|| None::<String>);
    let o = &props.order;
    let Some(t) = &o.ticket else { return html! {} };
    let row = |label: T, value: Html| {
        html! { <div class="rows__row"><dt>{ locale.t(label) }</dt><dd>{ value }</dd></div> }
    };
    let open = {
        let (dialog, notice) = (dialog.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            dialog.set(true)
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: ()| dialog.set(false))
    };
    let done = {
        let (dialog, notice, on_order, lang) = (
            dialog.clone(),
            notice.clone(),
            props.on_order.clone(),
            locale.lang,
        );
        Callback::from(move |o: OrderView| {
            dialog.set(false);
            if let Some(t) = &o.ticket {
                notice.set(Some(format!(
                    "{}: {}",
                    T::NoteTicketPassedOn.text(lang),
                    t.visitor.name
                )));
            }
            on_order.emit(o);
        })
    };
    html! {
        <Block name="ticket" title={locale.t(T::BlockTicket)}>
            <dl class="rows">
                { row(T::Visitor, html! { <span data-testid="ticket-visitor">{ &t.visitor.name }</span> }) }
                { row(T::Tariff, html! { { &t.tariff } }) }
                { row(T::ValidFrom, html! { <DateText iso={t.valid_from.clone()} /> }) }
                { row(T::ValidTo, html! { <DateText iso={t.valid_to.clone()} /> }) }
                if let Some(p) = &t.place { { row(T::Place, html! { { p } }) } }
            </dl>
            if o.actions.contains(&Action::TransferTicket) {
                <button type="button" class="button" onclick={open} data-action="transfer_ticket">
                    { action_label(Action::TransferTicket, o.kind, locale.lang) }
                </button>
            }
            if let Some(n) = &*notice {
                <p class="note note--success" role="status" data-testid="ticket-notice">{ n }</p>
            }
            if *dialog {
                <TransferDialog order={o.clone()} on_close={close} on_done={done} />
            }
        </Block>
    }
}
