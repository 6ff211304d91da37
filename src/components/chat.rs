//! The order chat panel: the lines (older ones load as the user scrolls up), each
//! message's files (pictures as thumbnails that open in a viewer, PDFs in the
//! browser, the rest to download), messages on their way with upload progress,
//! "not sent" with «Повторить», and the composer (paperclip, drag-and-drop, paste;
//! Enter sends, Shift+Enter breaks the line).

use std::rc::Rc;

use kabinet_core::{Attachment, ChatMessage};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::{DateText, Dialog};
use crate::format::{self, DateStyle};
use crate::hooks::chat::{use_chat, ChatPhase, Pending, SendState};
use crate::hooks::{use_locale, use_paint_mark, Locale};
use crate::i18n::{status_label, T};

#[derive(Properties, PartialEq)]
pub struct ChatPanelProps {
    pub order_id: i64,
    /// Told the reader's unread count as it changes (for the «Чат» tab's badge).
    #[prop_or_default]
    pub on_unread: Callback<u32>,
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Files the user picked, checked against the server's limits before any upload:
/// the ones that fit, and what is wrong with the others (named).
fn check_files(
    mut picked: Vec<web_sys::File>,
    already: usize,
    max_bytes: u64,
    max_files: usize,
    locale: &Locale,
) -> (Vec<web_sys::File>, Vec<String>) {
    let mut errors = Vec::new();
    let limit = format::bytes(max_bytes, locale.lang);
    picked.retain(|f| {
        let ok = (f.size() as u64) <= max_bytes;
        if !ok {
            errors.push(format!(
                "«{}»: {} ({limit})",
                f.name(),
                locale.t(T::FileTooBig)
            ));
        }
        ok
    });
    let room = max_files.saturating_sub(already);
    if picked.len() > room {
        errors.push(
            locale
                .t(T::TooManyFiles)
                .replace("{n}", &max_files.to_string()),
        );
        picked.truncate(room);
    }
    (picked, errors)
}

#[component]
pub fn ChatPanel(props: &ChatPanelProps) -> Html {
    let locale = use_locale();
    let chat = use_chat(props.order_id, locale.t(T::MessageNotSent).to_string());
    let state = chat.state.clone();
    let text = use_state(String::new);
    let attached = use_state(Vec::<web_sys::File>::new);
    let pick_errors = use_state(Vec::<String>::new);
    let dragging = use_state(|| false);
    let viewer = use_state(|| None::<usize>);
    let scroller = use_node_ref();
    // Scroll height before older lines were put on top, to keep the view still.
    let anchor = use_mut_ref(|| None::<i32>);
    let at_bottom = use_mut_ref(|| true);

    use_paint_mark("kabinet:chat", state.phase == ChatPhase::Ready);
    let (max_bytes, max_files) = chat
        .limits
        .as_ref()
        .map(|c| (c.max_file_bytes, c.max_files as usize))
        .unwrap_or((20 * 1024 * 1024, 10));

    // Keep the view: at the bottom for new lines (if the reader was there), still
    // when older lines come in on top.
    {
        let (scroller, anchor, at_bottom) = (scroller.clone(), anchor.clone(), at_bottom.clone());
        let count = state.messages.len() + state.pending.len();
        let more = state.older.is_some() && !state.loading_older && state.phase == ChatPhase::Ready;
        let load_older = chat.load_older.clone();
        use_effect_with(count, move |_| {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                // Taken out first: the borrow must end before the body borrows again.
                let kept = anchor.borrow_mut().take();
                if let Some(before) = kept {
                    el.set_scroll_top(el.scroll_top() + el.scroll_height() - before);
                    // Still at the top (short lines, or the reader kept going): the
                    // next page, without waiting for a scroll that may not come.
                    if more && el.scroll_top() < 200 {
                        *anchor.borrow_mut() = Some(el.scroll_height());
                        load_older.emit(());
                    }
                } else if *at_bottom.borrow() {
                    el.set_scroll_top(el.scroll_height());
                    // Lines off screen are laid out lazily (content-visibility), so
                    // the height settles a frame later: follow it once more.
                    let later = wasm_bindgen::closure::Closure::once_into_js(move || {
                        el.set_scroll_top(el.scroll_height());
                    });
                    if let Some(w) = web_sys::window() {
                        let _ = w.request_animation_frame(later.unchecked_ref());
                    }
                }
            }
        });
    }
    // Reading the chat marks it read; the tab badge follows.
    {
        let (mark, on_unread) = (chat.mark_read.clone(), props.on_unread.clone());
        let (last, unread, ready) = (
            state.last_seq(),
            state.unread,
            state.phase == ChatPhase::Ready,
        );
        use_effect_with((last, unread, ready), move |(_, unread, ready)| {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| !d.hidden());
            if *ready && visible {
                mark.emit(());
                on_unread.emit(0);
            } else {
                on_unread.emit(*unread);
            }
        });
    }

    let onscroll = {
        let (load_older, anchor, at_bottom, state) = (
            chat.load_older.clone(),
            anchor.clone(),
            at_bottom.clone(),
            state.clone(),
        );
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            *at_bottom.borrow_mut() =
                el.scroll_height() - el.scroll_top() - el.client_height() < 40;
            if el.scroll_top() < 200 && state.older.is_some() && !state.loading_older {
                *anchor.borrow_mut() = Some(el.scroll_height());
                load_older.emit(());
            }
        })
    };
    let add_files = {
        let (attached, pick_errors, locale) =
            (attached.clone(), pick_errors.clone(), locale.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            let (ok, errors) = check_files(files, attached.len(), max_bytes, max_files, &locale);
            let mut all = (*attached).clone();
            all.extend(ok);
            attached.set(all);
            pick_errors.set(errors);
        })
    };
    let submit = {
        let (text, attached, pick_errors, send, at_bottom) = (
            text.clone(),
            attached.clone(),
            pick_errors.clone(),
            chat.send.clone(),
            at_bottom.clone(),
        );
        Callback::from(move |_: ()| {
            let body = text.trim().to_string();
            if body.is_empty() && attached.is_empty() {
                return;
            }
            *at_bottom.borrow_mut() = true;
            send.emit((body, (*attached).clone()));
            text.set(String::new());
            attached.set(Vec::new());
            pick_errors.set(Vec::new());
        })
    };
    let onsubmit = submit.reform(|e: SubmitEvent| e.prevent_default());
    let onkeydown = {
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && !e.shift_key() && !e.is_composing() {
                e.prevent_default();
                submit.emit(());
            }
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onchange_files = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            add_files.emit(files_of(input.files()));
            input.set_value("");
        })
    };
    let picker = use_node_ref();
    let open_picker = {
        let picker = picker.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = picker.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let onpaste = {
        let add_files = add_files.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let files = files_of(e.clipboard_data().and_then(|d| d.files()));
            if !files.is_empty() {
                e.prevent_default();
                add_files.emit(files);
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let (dragging, add_files) = (dragging.clone(), add_files.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            add_files.emit(files_of(e.data_transfer().and_then(|d| d.files())));
        })
    };

    // Every picture of the chat, in order, for the viewer's arrows.
    let images: Rc<Vec<Attachment>> = Rc::new(
        state
            .messages
            .iter()
            .flat_map(|m| m.attachments.iter().filter(|a| a.image).cloned())
            .collect(),
    );
    // One callback for the panel's whole life: a new one each render would make
    // every line (thousands, in a long chat) render again.
    let images_now = use_mut_ref(|| Rc::new(Vec::<Attachment>::new()));
    *images_now.borrow_mut() = images.clone();
    let open_image = {
        let set_viewer = viewer.setter();
        use_callback((), move |id: i64, _| {
            set_viewer.set(images_now.borrow().iter().position(|a| a.id == id))
        })
    };

    let lines = match &state.phase {
        ChatPhase::Loading => html! { <crate::components::remote_view::Spinner /> },
        ChatPhase::Failed(e) => html! {
            <crate::components::ErrorBox error={e.clone()} on_retry={chat.reload.clone()} />
        },
        ChatPhase::Ready => html! {
            <>
                if state.older.is_some() {
                    <button type="button" class="button button--ghost chat__older" onclick={chat.load_older.reform(|_: MouseEvent| ())}
                            disabled={state.loading_older}>
                        { locale.t(if state.loading_older { T::LoadingMore } else { T::LoadOlder }) }
                    </button>
                }
                if state.messages.is_empty() && state.pending.is_empty() {
                    <p class="muted chat__empty">{ locale.t(T::ChatEmpty) }</p>
                }
                { for line_groups(&state.messages).into_iter().map(|(key, messages)| html! {
                    <LineGroup {key} {messages} on_image={open_image.clone()} />
                }) }
                { for state.pending.iter().map(|p| html! {
                    <PendingLine key={p.id.clone()} pending={p.clone()} on_retry={chat.retry.clone()} on_discard={chat.discard.clone()} />
                }) }
            </>
        },
    };

    let viewer_dialog = match *viewer {
        Some(i) if i < images.len() => {
            let a = &images[i];
            let close = {
                let viewer = viewer.clone();
                Callback::from(move |_: ()| viewer.set(None))
            };
            let go = |to: usize| {
                let viewer = viewer.clone();
                Callback::from(move |_: MouseEvent| viewer.set(Some(to)))
            };
            let n = images.len();
            let onkeydown = {
                let viewer = viewer.clone();
                Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                    "ArrowLeft" if i > 0 => viewer.set(Some(i - 1)),
                    "ArrowRight" if i + 1 < n => viewer.set(Some(i + 1)),
                    _ => {}
                })
            };
            html! {
                <Dialog title={a.file_name.clone()} on_close={close.clone()}>
                    <div class="viewer" {onkeydown} data-testid="image-viewer">
                        <img class="viewer__img" src={a.url.clone()} alt={a.file_name.clone()} />
                        <div class="viewer__bar">
                            <button type="button" class="button" onclick={go(i.saturating_sub(1))} disabled={i == 0}
                                    aria-label={locale.t(T::Previous)}>{ "←" }</button>
                            <span class="muted">{ format!("{} / {}", i + 1, n) }</span>
                            <button type="button" class="button" onclick={go(i + 1)} disabled={i + 1 >= n}
                                    aria-label={locale.t(T::Next)}>{ "→" }</button>
                            <a class="button" href={format!("{}&download=1", a.url)} download={a.file_name.clone()}>{ locale.t(T::Download) }</a>
                            <button type="button" class="button button--primary" onclick={close.reform(|_: MouseEvent| ())}>{ locale.t(T::Close) }</button>
                        </div>
                    </div>
                </Dialog>
            }
        }
        _ => html! {},
    };

    let remove = |i: usize| {
        let attached = attached.clone();
        Callback::from(move |_: MouseEvent| {
            let mut all = (*attached).clone();
            if i < all.len() {
                all.remove(i);
            }
            attached.set(all);
        })
    };
    html! {
        <section class={classes!("chat", dragging.then_some("chat--drop"))} aria-label={locale.t(T::Chat)}
                 id="chat-panel" data-testid="chat" {ondragover} {ondragleave} {ondrop}>
            <h2 class="block__title chat__title">{ locale.t(T::Chat) }</h2>
            <div class="chat__lines" ref={scroller} {onscroll} role="log" aria-live="polite" aria-relevant="additions">
                { lines }
            </div>
            if *dragging {
                <p class="chat__drop-hint" aria-hidden="true">{ locale.t(T::DropToAttach) }</p>
            }
            <form class="composer" {onsubmit}>
                if !attached.is_empty() {
                    <ul class="composer__files">
                        { for attached.iter().enumerate().map(|(i, f)| html! {
                            <li class="file-chip">
                                <span class="file-chip__name">{ f.name() }</span>
                                <span class="muted">{ format::bytes(f.size() as u64, locale.lang) }</span>
                                <button type="button" class="button button--ghost file-chip__remove" onclick={remove(i)}
                                        aria-label={format!("{}: {}", locale.t(T::RemoveFile), f.name())}>{ "×" }</button>
                            </li>
                        }) }
                    </ul>
                }
                { for pick_errors.iter().map(|e| html! { <p class="field__error" role="alert" data-testid="file-error">{ e }</p> }) }
                <div class="composer__row">
                    <button type="button" class="button button--icon composer__clip" onclick={open_picker}
                            title={locale.t(T::Attach)} aria-label={locale.t(T::Attach)} data-testid="chat-attach">
                        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                            <path d="M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l8-8a4 4 0 0 0-5.7-5.7l-8.2 8.2a6 6 0 0 0 8.5 8.5l6.5-6.5"
                                  fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
                        </svg>
                    </button>
                    // Out of the tab order: the paperclip is the way to it.
                    <input ref={picker.clone()} type="file" multiple=true hidden=true
                           onchange={onchange_files} data-testid="chat-file" />
                    <label for="chat-input" class="visually-hidden">{ locale.t(T::MessagePlaceholder) }</label>
                    <textarea id="chat-input" class="composer__input" rows="2" maxlength="5000"
                              placeholder={locale.t(T::MessagePlaceholder)} value={(*text).clone()}
                              {oninput} {onkeydown} {onpaste} aria-describedby="chat-hint" />
                    <button type="submit" class="button button--primary" data-testid="chat-send">{ locale.t(T::Send) }</button>
                </div>
                <p id="chat-hint" class="muted composer__hint">{ locale.t(T::ChatHint) }</p>
            </form>
            { viewer_dialog }
        </section>
    }
}

/// Lines grouped by their seq (64 seqs a group). A line's group never changes, so
/// when older lines come in on top or a new one at the bottom, the other groups
/// are left as they are — the page stays quick with thousands of lines.
fn line_groups(messages: &[Rc<ChatMessage>]) -> Vec<(i64, Vec<Rc<ChatMessage>>)> {
    let mut groups: Vec<(i64, Vec<Rc<ChatMessage>>)> = Vec::new();
    for m in messages {
        let bucket = m.seq.div_euclid(64);
        match groups.last_mut() {
            Some((b, list)) if *b == bucket => list.push(m.clone()),
            _ => groups.push((bucket, vec![m.clone()])),
        }
    }
    groups
}

#[derive(Properties, PartialEq)]
pub struct LineGroupProps {
    pub messages: Vec<Rc<ChatMessage>>,
    pub on_image: Callback<i64>,
}

#[component]
fn LineGroup(props: &LineGroupProps) -> Html {
    html! {
        <div class="chat-group">
            { for props.messages.iter().map(|m| html! {
                <Line key={m.seq} message={m.clone()} on_image={props.on_image.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LineProps {
    pub message: Rc<ChatMessage>,
    pub on_image: Callback<i64>,
}

/// One line: a system line about the status, or a message with its files.
#[component]
pub fn Line(props: &LineProps) -> Html {
    let locale = use_locale();
    let m = &props.message;
    if let Some(status) = m.status {
        return html! {
            <p class="chat-line chat-line--system" data-seq={m.seq.to_string()}>
                { locale.t(T::StatusLine) }{ ": «" }{ status_label(status, locale.lang) }{ "» · " }
                <DateText iso={m.created_at.clone()} style={DateStyle::DateTime} />
            </p>
        };
    }
    let who = if m.mine {
        locale.t(T::You).to_string()
    } else {
        m.author
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_else(|| locale.t(T::StaffName).to_string())
    };
    html! {
        <article class={classes!("chat-line", m.mine.then_some("chat-line--mine"), m.from_staff.then_some("chat-line--staff"))}
                 data-seq={m.seq.to_string()} data-id={m.id.clone()}>
            <p class="chat-line__meta muted">
                <span class="chat-line__who">{ who }</span>{ " · " }
                <DateText iso={m.created_at.clone()} style={DateStyle::DateTime} />
            </p>
            if !m.body.is_empty() {
                <p class="chat-line__body">{ &m.body }</p>
            }
            if !m.attachments.is_empty() {
                <ul class="chat-files">
                    { for m.attachments.iter().map(|a| html! { <FileItem attachment={a.clone()} on_image={props.on_image.clone()} /> }) }
                </ul>
            }
            if m.mine { <span class="visually-hidden">{ locale.t(T::MessageSent) }</span> }
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct FileItemProps {
    pub attachment: Attachment,
    pub on_image: Callback<i64>,
}

#[component]
fn FileItem(props: &FileItemProps) -> Html {
    let locale = use_locale();
    let a = &props.attachment;
    let size = format::bytes(a.size, locale.lang);
    if a.image {
        let id = a.id;
        let onclick = props.on_image.reform(move |_: MouseEvent| id);
        return html! {
            <li class="chat-file chat-file--image">
                <button type="button" class="chat-file__thumb" {onclick} aria-label={a.file_name.clone()}>
                    <img src={a.url.clone()} alt={a.file_name.clone()} loading="lazy" />
                </button>
            </li>
        };
    }
    let (href, target, download) = if a.content_type == "application/pdf" {
        (a.url.clone(), Some("_blank"), None)
    } else {
        (
            format!("{}&download=1", a.url),
            None,
            Some(a.file_name.clone()),
        )
    };
    html! {
        <li class="chat-file">
            <a class="chat-file__link" {href} {target} rel="noopener" {download}>
                <span class="chat-file__name">{ &a.file_name }</span>
                <span class="muted">{ size }</span>
            </a>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct PendingLineProps {
    pub pending: Pending,
    pub on_retry: Callback<String>,
    pub on_discard: Callback<String>,
}

/// A message on its way: "sending" with each file's progress, or "not sent" with
/// «Повторить».
#[component]
pub fn PendingLine(props: &PendingLineProps) -> Html {
    let locale = use_locale();
    let p = &props.pending;
    let failed = match &p.state {
        SendState::Failed(why) => Some(why.clone()),
        SendState::Sending => None,
    };
    let retry = {
        let (id, cb) = (p.id.clone(), props.on_retry.clone());
        Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
    };
    let discard = {
        let (id, cb) = (p.id.clone(), props.on_discard.clone());
        Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
    };
    html! {
        <article class={classes!("chat-line", "chat-line--mine", "chat-line--pending", failed.is_some().then_some("chat-line--failed"))}
                 data-id={p.id.clone()} data-state={if failed.is_some() { "failed" } else { "sending" }}>
            <p class="chat-line__meta muted">
                { locale.t(T::You) }{ " · " }
                { locale.t(if failed.is_some() { T::MessageNotSent } else { T::MessageSending }) }
            </p>
            if !p.body.is_empty() { <p class="chat-line__body">{ &p.body }</p> }
            if !p.files.is_empty() {
                <ul class="chat-files">
                    { for p.files.iter().map(|f| html! {
                        <li class="chat-file" key={f.key}>
                            <span class="chat-file__name">{ &f.name }</span>
                            <span class="muted">{ format::bytes(f.size, locale.lang) }</span>
                            if let Some(why) = &f.refused {
                                <span class="field__error" role="alert">{ why }</span>
                            } else {
                                <progress max="1" value={f.progress.to_string()} aria-label={f.name.clone()}></progress>
                            }
                        </li>
                    }) }
                </ul>
            }
            if let Some(why) = failed {
                <div class="chat-line__failed" role="alert">
                    <span>{ why }</span>
                    <button type="button" class="button" onclick={retry} data-testid="chat-retry">{ locale.t(T::Retry) }</button>
                    <button type="button" class="button button--ghost" onclick={discard}>{ locale.t(T::Discard) }</button>
                </div>
            }
        </article>
    }
}
