//! Sharing a booking and passing a coworking ticket on (spec sections 10 and 11):
//! the «Посетители» and «Билет» blocks, and the one dialog behind «Поделиться»
//! and «Отправить билет»: the order's link (create, copy, delete or replace) and
//! registered people found by name (for a booking, within a company or community).
//! Few component types on purpose: each one costs the app's size.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use kabinet_core::{Action, InviteLink, Kind, OrderView};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format::DateStyle;

use crate::api::{Api, ApiError, LinkOf};
use crate::components::{block, date_text, error_text, CollapsibleBlock, Dialog};
use crate::hooks::{use_locale, use_session};
use crate::i18n::{action_label, Lang, T};
use crate::state::sharing::{
    pick, searchable, unpick, Confirm, Copied, Found, LinkBox, LinkMsg, Pick, Search, SearchMsg,
};

/// What a picker searches.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// Registered people, optionally within an organisation (`Org::key()`).
    People(Option<String>),
    /// Companies and communities.
    Orgs,
}

impl Source {
    /// The fewest characters worth a search.
    fn min(&self) -> usize {
        match self {
            Source::People(_) => kabinet_core::SEARCH_MIN_CHARS,
            Source::Orgs => 1,
        }
    }

    async fn find(self, api: Api, q: String) -> Result<Vec<Pick>, ApiError> {
        let page = match &self {
            Source::People(org) => api.people(&q, org.as_deref()).await,
            Source::Orgs => api.orgs(&q).await,
        };
        page.map(|p| p.items)
    }
}

/// What is shown under a find's name: a person's company, an organisation's kind.
fn detail(p: &Pick, lang: Lang) -> Option<String> {
    match p.kind.as_deref() {
        Some("community") => Some(T::OrgCommunity.text(lang).into()),
        Some(_) => Some(T::FilterCompany.text(lang).into()),
        None => p.company.clone(),
    }
}

/// «Вера Смирнова (Бета)».
fn with_detail(p: &Pick, lang: Lang) -> String {
    match detail(p, lang) {
        Some(d) => format!("{} ({d})", p.name),
        None => p.name.clone(),
    }
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// The input's id (the list's ids derive from it).
    pub id: AttrValue,
    pub label: T,
    pub placeholder: T,
    pub source: Source,
    pub picked: Vec<Pick>,
    /// Several picks, or one that a new pick replaces.
    #[prop_or(true)]
    pub multi: bool,
    pub on_change: Callback<Vec<Pick>>,
    /// The server's word on this field.
    #[prop_or_default]
    pub error: Option<String>,
}

/// A search field with the finds under it (a combobox: arrows, Enter, Escape;
/// searched after a pause in typing) and the picks as removable chips.
#[component]
pub fn Picker(props: &PickerProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let search = use_reducer(Search::<Pick>::default);
    let seq = use_mut_ref(|| 0u32);
    let pause = use_mut_ref(|| None::<Timeout>);
    let min = props.source.min();
    // The text typed in: a search after `delay` ms, if there is enough of it.
    let start = {
        let (search, source) = (search.dispatcher(), props.source.clone());
        let (seq, pause) = (seq.clone(), pause.clone());
        Rc::new(move |text: String, delay: u32| {
            let n = {
                let mut s = seq.borrow_mut();
                *s += 1;
                *s
            };
            let q = searchable(&text, min);
            search.dispatch(SearchMsg::Type {
                query: text,
                seq: n,
                enough: q.is_some(),
            });
            let Some(q) = q else {
                *pause.borrow_mut() = None;
                return;
            };
            let (api, search, source) = (api.clone(), search.clone(), source.clone());
            *pause.borrow_mut() = Some(Timeout::new(delay, move || {
                search.dispatch(SearchMsg::Sent(n));
                wasm_bindgen_futures::spawn_local(async move {
                    search.dispatch(SearchMsg::Answer(n, source.find(api, q).await));
                });
            }));
        })
    };
    // Another organisation: the text is searched again.
    {
        let (start, query) = (start.clone(), search.query.clone());
        use_effect_with(props.source.clone(), move |_| {
            if searchable(&query, min).is_some() {
                start(query, 0);
            }
        });
    }
    let choose = {
        let (picked, multi, on_change) =
            (props.picked.clone(), props.multi, props.on_change.clone());
        let (search, seq) = (search.dispatcher(), seq.clone());
        Callback::from(move |p: Pick| {
            *seq.borrow_mut() += 1;
            search.dispatch(SearchMsg::Picked);
            on_change.emit(pick(&picked, p, multi));
        })
    };
    let oninput = Callback::from(move |e: InputEvent| {
        start(e.target_unchecked_into::<HtmlInputElement>().value(), 250)
    });
    let onkeydown = {
        let (search, choose) = (search.clone(), choose.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            match key.as_str() {
                "ArrowDown" | "ArrowUp" => {
                    e.prevent_default();
                    search.dispatch(SearchMsg::Move(if key == "ArrowDown" { 1 } else { -1 }));
                }
                "Enter" => {
                    e.prevent_default();
                    if let Some(p) = search.current() {
                        choose.emit(p.clone());
                    }
                }
                // The list closes first; the dialog on the next Escape.
                "Escape" if search.open => {
                    e.prevent_default();
                    e.stop_propagation();
                    search.dispatch(SearchMsg::Close);
                }
                _ => {}
            }
        })
    };
    let onblur = search
        .dispatcher()
        .to_callback()
        .reform(|_: FocusEvent| SearchMsg::Close);
    let id = &props.id;
    let list_id = format!("{id}-list");
    let option_id = |i: usize| format!("{id}-opt-{i}");
    let note = |t: String| html! { <p class="picker__note muted" role="status">{ t }</p> };
    let list = match &search.found {
        _ if !search.open => html! {},
        Found::Idle => html! {},
        Found::Short => note(locale.t(T::TypeMore).replace("{n}", &min.to_string())),
        Found::Searching => note(locale.t(T::Searching).into()),
        Found::Failed(e) => {
            html! { <p class="picker__note field__error" role="alert">{ error_text(e, &locale) }</p> }
        }
        Found::Ready(v) if v.is_empty() => note(locale.t(T::NothingFound).into()),
        Found::Ready(v) => html! {
            <ul id={list_id.clone()} class="picker__list" role="listbox" aria-label={locale.t(props.label)}>
                { for v.iter().enumerate().map(|(i, p)| {
                    let on = search.active == Some(i);
                    let chosen = props.picked.iter().any(|c| c.key() == p.key());
                    let onclick = choose.reform({ let p = p.clone(); move |_: MouseEvent| p.clone() });
                    html! {
                        <li id={option_id(i)} role="option" aria-selected={on.to_string()}
                            class={classes!("picker__option", on.then_some("picker__option--on"))}
                            // Focus stays in the field, so its blur does not close the list first.
                            onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())} {onclick}>
                            <span class="picker__name">{ &p.name }{ if chosen { " ✓" } else { "" } }</span>
                            if let Some(d) = detail(p, locale.lang) { <span class="muted">{ d }</span> }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    let expanded = search.open && matches!(&search.found, Found::Ready(v) if !v.is_empty());
    let error_id = format!("{id}-error");
    html! {
        <div class="field picker" data-testid={format!("picker-{id}")}>
            <label for={id.clone()}>{ locale.t(props.label) }</label>
            if !props.picked.is_empty() {
                <ul class="picks" aria-label={locale.t(props.label)}>
                    { for props.picked.iter().map(|p| {
                        let onclick = {
                            let (picked, on_change, key) = (props.picked.clone(), props.on_change.clone(), p.key());
                            Callback::from(move |_: MouseEvent| on_change.emit(unpick(&picked, &key)))
                        };
                        html! {
                            <li class="pick" key={p.key()}>
                                <span>{ with_detail(p, locale.lang) }</span>
                                <button type="button" class="pick__remove" {onclick}
                                        aria-label={locale.t(T::RemovePick).replace("{name}", &p.name)}>{ "×" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <div class="picker__box">
                <input id={id.clone()} type="text" role="combobox" autocomplete="off" maxlength="100"
                       aria-autocomplete="list" aria-expanded={expanded.to_string()}
                       aria-controls={list_id} aria-activedescendant={search.active.filter(|_| expanded).map(option_id)}
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
        let nav = Reflect::get(&w, &"navigator".into()).ok()?;
        let clip = Reflect::get(&nav, &"clipboard".into()).ok()?;
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

/// After a change made here: the order as the server has it now (visitors,
/// ticket and history).
fn reload(api: &Api, id: i64, on_order: &Callback<OrderView>) {
    let (api, on_order) = (api.clone(), on_order.clone());
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(o) = api.order(id).await {
            on_order.emit(o);
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub order_id: i64,
    /// Share a booking (`Share`) or pass a ticket on (`Transfer`).
    pub of: LinkOf,
    pub on_close: Callback<()>,
    /// It went through: the order as it is now, and what to tell the user.
    pub on_done: Callback<(Option<OrderView>, String)>,
}

/// «Поделиться» and «Отправить билет»: the link (for someone not registered yet),
/// and registered people found by name: several, within an organisation, given
/// access with «Сохранить»; or one, who gets the ticket with «Отправить».
#[component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let link = use_reducer(LinkBox::default);
    let org = use_state(Vec::<Pick>::new);
    let people = use_state(Vec::<Pick>::new);
    let busy = use_state(|| false);
    let failed = use_state(|| None::<ApiError>);
    let (id, of) = (props.order_id, props.of);
    let share = of == LinkOf::Share;
    {
        let (api, link) = (api.clone(), link.dispatcher());
        use_effect_with(id, move |_| {
            link.dispatch(LinkMsg::Start);
            wasm_bindgen_futures::spawn_local(async move {
                link.dispatch(match api.link(id, of).await {
                    Ok(s) => LinkMsg::Is(s.link),
                    Err(e) => LinkMsg::Failed(e),
                });
            });
        });
    }
    // Copies the link there is; `make`: a new one first (created for the share
    // dialog, created and copied for a ticket).
    let copy = {
        let (api, state, current) = (api.clone(), link.dispatcher(), link.current().cloned());
        Callback::from(move |make: bool| {
            let (api, state, current) = (api.clone(), state.clone(), current.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let l = match current.filter(|_| !make) {
                    Some(l) => l,
                    None => {
                        state.dispatch(LinkMsg::Start);
                        match api.create_link(id, of).await {
                            Ok(s) => {
                                state.dispatch(LinkMsg::Is(s.link.clone()));
                                match s.link {
                                    Some(l) if !share || !make => l,
                                    _ => return,
                                }
                            }
                            Err(e) => return state.dispatch(LinkMsg::Failed(e)),
                        }
                    }
                };
                state.dispatch(LinkMsg::Copied(copy_text(&full_url(&l)).await));
            });
        })
    };
    let delete = {
        let (api, state) = (api.clone(), link.dispatcher());
        Callback::from(move |_: MouseEvent| {
            let (api, state) = (api.clone(), state.clone());
            state.dispatch(LinkMsg::Start);
            wasm_bindgen_futures::spawn_local(async move {
                state.dispatch(match api.delete_link(id, of).await {
                    Ok(()) => LinkMsg::Is(None),
                    Err(e) => LinkMsg::Failed(e),
                });
            });
        })
    };
    let ask = |c: Confirm| {
        link.dispatcher()
            .to_callback()
            .reform(move |_: MouseEvent| LinkMsg::Ask(c))
    };
    let keep = link
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| LinkMsg::Keep);
    // The link copied by hand when the clipboard is refused: selected at once.
    let by_hand = use_node_ref();
    {
        let by_hand = by_hand.clone();
        use_effect_with(link.copied.clone(), move |c| {
            if let (Copied::Refused, Some(i)) = (c, by_hand.cast::<HtmlInputElement>()) {
                let _ = i.focus();
                i.select();
            }
        });
    }
    // The button that went away (replaced by others, or by a question) hands
    // its focus on.
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        let deps = (link.busy, link.confirm, link.current().is_some());
        use_effect_with(deps, move |_| refocus(&panel, "button:not([disabled])"));
    }
    let send = {
        let (api, people, busy, failed) =
            (api.clone(), people.clone(), busy.clone(), failed.clone());
        let (on_done, lang) = (props.on_done.clone(), locale.lang);
        Callback::from(move |_: MouseEvent| {
            let (api, picked, busy, failed, on_done) = (
                api.clone(),
                (*people).clone(),
                busy.clone(),
                failed.clone(),
                on_done.clone(),
            );
            busy.set(true);
            failed.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let names: Vec<&str> = picked.iter().map(|p| p.name.as_str()).collect();
                let r = if share {
                    let ids = picked.iter().map(|p| p.id).collect();
                    api.add_visitors(id, ids).await.map(|()| None)
                } else {
                    let to = picked.first().map_or(0, |p| p.id);
                    api.transfer_ticket(id, to).await.map(Some)
                };
                match r {
                    Ok(o) => {
                        let done = if share {
                            T::AccessGiven
                        } else {
                            T::NoteTicketPassedOn
                        };
                        on_done.emit((o, format!("{}: {}", done.text(lang), names.join(", "))));
                    }
                    Err(e) => {
                        busy.set(false);
                        failed.set(Some(e));
                    }
                }
            });
        })
    };
    let on_people = {
        let (people, failed) = (people.clone(), failed.clone());
        Callback::from(move |v: Vec<Pick>| {
            failed.set(None);
            people.set(v)
        })
    };
    // A refusal naming the people field is shown under it; others below.
    let field = if share { "user_ids" } else { "user_id" };
    let (field_error, error) = match failed.as_ref() {
        Some(e) if e.field() == Some(field) => (Some(error_text(e, &locale)), None),
        Some(e) => (None, Some(error_text(e, &locale))),
        None => (None, None),
    };

    let b = link.busy;
    let button = |label: T, primary: bool, onclick: Callback<MouseEvent>, test: &'static str| {
        html! {
            <button type="button" class={classes!("button", primary.then_some("button--primary"))}
                    disabled={b} {onclick} data-testid={test}>{ locale.t(label) }</button>
        }
    };
    let question = |text: T, yes: T, onclick: Callback<MouseEvent>, test: &'static str| {
        html! {
            <div class="link__ask" role="group" aria-label={locale.t(text)}>
                <p>{ locale.t(text) }</p>
                <div class="link__buttons">
                    { button(T::Cancel, false, keep.clone(), "link-keep") }
                    { button(yes, true, onclick, test) }
                </div>
            </div>
        }
    };
    let link_body = match (&link.link, link.confirm) {
        (None, _) if link.error.is_none() => {
            html! { <p class="muted" role="status">{ locale.t(T::Loading) }</p> }
        }
        // The first reading failed (said below): nothing to offer yet.
        (None, _) => html! {},
        (Some(_), Some(Confirm::Delete)) => question(
            T::DeleteLinkQuestion,
            T::DeleteLink,
            delete,
            "link-delete-yes",
        ),
        (Some(_), Some(Confirm::Renew)) => question(
            T::RenewLinkQuestion,
            T::NewLink,
            copy.reform(|_| true),
            "link-renew-yes",
        ),
        (Some(None), None) if share => {
            button(T::CreateLink, true, copy.reform(|_| true), "link-create")
        }
        (Some(None), None) => button(T::CopyLink, true, copy.reform(|_| false), "link-copy"),
        (Some(Some(l)), None) => html! {
            <>
                <div class="link__buttons">
                    { button(T::CopyLink, true, copy.reform(|_| false), "link-copy") }
                    if share {
                        { button(T::DeleteLink, false, ask(Confirm::Delete), "link-delete") }
                    } else {
                        { button(T::NewLink, false, ask(Confirm::Renew), "link-renew") }
                    }
                </div>
                <p class="muted link__until">
                    { locale.t(T::LinkWorksUntil) }{ " " }{ date_text(&l.expires_at, DateStyle::DateTime, &locale) }
                </p>
            </>
        },
    };
    let title = if share {
        locale.t(T::ShareTitle)
    } else {
        action_label(Action::TransferTicket, Kind::Coworking, locale.lang)
    };
    let (by_link, hint) = if share {
        (T::ShareByLink, T::ShareLinkHint)
    } else {
        (T::TransferByLink, T::TransferLinkHint)
    };
    html! {
        <Dialog title={title} on_close={props.on_close.clone()}>
            <div class="share" data-testid={if share { "share-dialog" } else { "transfer-dialog" }}>
                <section class="link" data-testid="link-panel" ref={panel}>
                    <h3 class="dialog__section">{ locale.t(by_link) }</h3>
                    <p class="muted">{ locale.t(hint) }</p>
                    { link_body }
                    if let Some(e) = &link.error {
                        <p class="alert" role="alert">{ error_text(e, &locale) }</p>
                    }
                    <div role="status" class="link__status">
                        if link.copied == Copied::Yes {
                            <p class="note note--success" data-testid="link-copied">{ locale.t(T::LinkCopied) }</p>
                        }
                    </div>
                    if let (Copied::Refused, Some(l)) = (&link.copied, link.current()) {
                        <div class="field">
                            <label for="link-by-hand">{ locale.t(T::CopyByHand) }</label>
                            <input id="link-by-hand" ref={by_hand} type="text" readonly=true value={full_url(l)} />
                        </div>
                    }
                </section>
                <section class="share__people">
                    <h3 class="dialog__section">{ locale.t(if share { T::SharePickPeople } else { T::TransferToUser }) }</h3>
                    if share {
                        <Picker id="share-org" label={T::OrgsField} placeholder={T::OrgsPlaceholder} source={Source::Orgs}
                                picked={(*org).clone()} multi=false on_change={Callback::from({ let org = org.clone(); move |v| org.set(v) })} />
                    }
                    <Picker id="share-user" label={T::UserField} placeholder={T::UserPlaceholder}
                            source={Source::People(org.first().map(Pick::key))} picked={(*people).clone()}
                            multi={share} on_change={on_people} error={field_error} />
                    if let (false, Some(p)) = (share, people.first()) {
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
                            disabled={*busy || people.is_empty()} data-testid="share-save">
                        { locale.t(match (*busy, share) {
                            (true, true) => T::Saving,
                            (true, false) => T::Sending,
                            (false, true) => T::Save,
                            (false, false) => T::Send,
                        }) }
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
    /// «Код для входа»: the holder opens the ticket's entry code.
    #[prop_or_default]
    pub on_code: Callback<()>,
}

/// The dialog's state for a block: open or not, and what the last change was.
#[hook]
fn use_share_dialog(
    order_id: i64,
    of: LinkOf,
    on_order: Callback<OrderView>,
) -> (Callback<MouseEvent>, Html, UseStateHandle<Option<String>>) {
    let api = use_session().api.clone();
    let open = use_state(|| false);
    let notice = use_state(|| None::<String>);
    let show = {
        let (open, notice) = (open.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            open.set(true)
        })
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_: ()| open.set(false))
    };
    let on_done = {
        let (open, notice) = (open.clone(), notice.clone());
        Callback::from(move |(o, text): (Option<OrderView>, String)| {
            open.set(false);
            notice.set(Some(text));
            match o {
                Some(o) => on_order.emit(o),
                None => reload(&api, order_id, &on_order),
            }
        })
    };
    let dialog = if *open {
        html! { <ShareDialog {order_id} {of} {on_close} {on_done} /> }
    } else {
        html! {}
    };
    (show, dialog, notice)
}

fn notice_html(n: &Option<String>) -> Html {
    html! {
        if let Some(n) = n {
            <p class="note note--success" role="status" data-testid="sharing-notice">{ n }</p>
        }
    }
}

/// «Посетители» of a booking: the owner, everyone it is shared with, and (while
/// the booking may be shared) «Поделиться» and removing a visitor.
#[component]
pub fn VisitorsBlock(props: &SharingProps) -> Html {
    let locale = use_locale();
    let api = use_session().api.clone();
    let o = &props.order;
    let (open, dialog, notice) = use_share_dialog(o.id, LinkOf::Share, props.on_order.clone());
    let removing = use_state(|| None::<(i64, String)>);
    let busy = use_state(|| false);
    let failed = use_state(|| None::<ApiError>);
    let block = use_node_ref();
    {
        // A removed visitor's × had the focus: «Поделиться» takes it (only after
        // a change, never when the page opens).
        let (block, seen) = (block.clone(), use_mut_ref(|| None::<usize>));
        use_effect_with(o.visitors.len(), move |n| {
            if seen.borrow_mut().replace(*n).is_some() {
                refocus(&block, "[data-action=share]")
            }
        });
    }
    if o.kind != Kind::Booking {
        return html! {};
    }
    let can_share = o.actions.contains(&Action::Share);
    let remove = {
        let (api, id, on_order) = (api.clone(), o.id, props.on_order.clone());
        let (removing, busy, failed) = (removing.clone(), busy.clone(), failed.clone());
        let (notice, lang) = (notice.clone(), locale.lang);
        Callback::from(move |_: MouseEvent| {
            let Some((user, name)) = (*removing).clone() else {
                return;
            };
            let (api, on_order, removing, busy, failed, notice) = (
                api.clone(),
                on_order.clone(),
                removing.clone(),
                busy.clone(),
                failed.clone(),
                notice.clone(),
            );
            busy.set(true);
            failed.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let r = api.remove_visitor(id, user).await;
                busy.set(false);
                match r {
                    Ok(()) => {
                        removing.set(None);
                        notice.set(Some(format!("{}: {name}", T::AccessRemoved.text(lang))));
                        reload(&api, id, &on_order);
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
                        let label = locale.t(T::RemoveAccess).replace("{name}", &p.name);
                        let ask = {
                            let (removing, who) = (removing.clone(), (p.id, p.name.clone()));
                            Callback::from(move |_: MouseEvent| removing.set(Some(who.clone())))
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
                                            aria-label={label.clone()} title={label}>{ "×" }</button>
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
                { notice_html(&notice) }
                { dialog }
                if let Some((_, name)) = &*removing {
                    <Dialog title={locale.t(T::RemoveAccessTitle)} on_close={keep.clone()}>
                        <p>{ locale.t(T::RemoveAccessText).replace("{name}", name) }</p>
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

/// «Билет» of a coworking order, with «Отправить билет» while it may be passed on.
#[component]
pub fn TicketBlock(props: &SharingProps) -> Html {
    let locale = use_locale();
    let o = &props.order;
    let (open, dialog, notice) = use_share_dialog(o.id, LinkOf::Transfer, props.on_order.clone());
    let Some(t) = &o.ticket else {
        return html! {};
    };
    let row = |label: T, value: Html| {
        html! { <div class="rows__row"><dt>{ locale.t(label) }</dt><dd>{ value }</dd></div> }
    };
    html! {
        { block("ticket", locale.t(T::BlockTicket).into(), html! { <>
            <dl class="rows">
                { row(T::Visitor, html! { <span data-testid="ticket-visitor">{ &t.visitor.name }</span> }) }
                { row(T::Tariff, html! { { &t.tariff } }) }
                { row(T::ValidFrom, date_text(&t.valid_from, DateStyle::DateTime, &locale)) }
                { row(T::ValidTo, date_text(&t.valid_to, DateStyle::DateTime, &locale)) }
                if let Some(p) = &t.place { { row(T::Place, html! { { p } }) } }
            </dl>
            <div class="block__buttons">
                // The buyer who still holds the ticket shows its code at the door.
                if o.actions.contains(&Action::TransferTicket) && t.visitor.id == o.owner.id {
                    <button type="button" class="button button--primary" data-action="entry_code"
                            onclick={props.on_code.reform(|_: MouseEvent| ())}>
                        { locale.t(T::EntryCode) }
                    </button>
                }
                if o.actions.contains(&Action::TransferTicket) {
                    <button type="button" class="button" onclick={open} data-action="transfer_ticket">
                        { action_label(Action::TransferTicket, o.kind, locale.lang) }
                    </button>
                }
            </div>
            { notice_html(&notice) }
            { dialog }
        </> }) }
    }
}
