//! The order chat panel: the lines with a separator for each day and one name
//! per run of one author (older lines load as the user scrolls up; long messages
//! fold), each message's files (pictures as thumbnails that open in a viewer, PDFs
//! in the browser, the rest to download), messages on their way with upload
//! progress, "not sent" with «Повторить», a refused file named until removed, and
//! the composer (paperclip, drag-and-drop, paste; Enter sends, Shift+Enter breaks
//! the line; a counter near the length limit; a draft kept per order). The newest
//! line stays in view unless the reader scrolled up («Новые сообщения ↓»).

use std::cell::Cell;
use std::rc::Rc;

use gloo_storage::{SessionStorage, Storage};
use kabinet_core::{Attachment, ChatMessage, MESSAGE_MAX};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::{error_text, msg_text, Dialog};
use crate::format::{self, DateStyle};
use crate::hooks::chat::{use_chat, ChatPhase, Pending, SendState};
use crate::hooks::{use_locale, use_paint_mark, Locale};
use crate::i18n::{status_label, Msg, T};
use crate::state::chat::{folds, layout, length_of, Length, LineLook};

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
) -> (Vec<web_sys::File>, Vec<Msg>) {
    let mut errors = Vec::new();
    picked.retain(|f| {
        let ok = (f.size() as u64) <= max_bytes;
        if !ok {
            errors.push(Msg::FileTooBig {
                name: f.name(),
                limit: max_bytes,
            });
        }
        ok
    });
    let room = max_files.saturating_sub(already);
    if picked.len() > room {
        errors.push(Msg::TooManyFiles(max_files as u32));
        picked.truncate(room);
    }
    (picked, errors)
}

fn draft_key(order_id: i64) -> String {
    format!("kabinet.draft.{order_id}")
}

/// How close to the bottom counts as "at the newest line".
const STICK_PX: i32 = 40;

fn scroll_to_bottom(el: &HtmlElement) {
    el.set_scroll_top(el.scroll_height());
}

/// To the bottom now and again on the next frame, when lines laid out lazily
/// have settled their height.
fn scroll_to_bottom_settled(el: &HtmlElement, stick: Rc<Cell<bool>>) {
    scroll_to_bottom(el);
    let el = el.clone();
    let later = Closure::once_into_js(move || {
        if stick.get() {
            scroll_to_bottom(&el);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(later.unchecked_ref());
    }
}

#[component]
pub fn ChatPanel(props: &ChatPanelProps) -> Html {
    let locale = use_locale();
    let order_id = props.order_id;
    let chat = use_chat(order_id);
    let state = chat.state.clone();
    // The draft survives leaving the order and coming back (this tab).
    let text = use_state(|| SessionStorage::get::<String>(draft_key(order_id)).unwrap_or_default());
    let attached = use_state(Vec::<web_sys::File>::new);
    let pick_errors = use_state(Vec::<Msg>::new);
    let too_long = use_state(|| false);
    let dragging = use_state(|| false);
    let viewer = use_state(|| None::<usize>);
    let below = use_state_eq(|| false);
    let scroller = use_node_ref();
    let content = use_node_ref();
    // Scroll height before older lines were put on top, to keep the view still.
    let anchor = use_mut_ref(|| None::<i32>);
    // The reader is at the newest line: new lines and late layout keep it there.
    let stick = use_memo((), |_| Cell::new(true));

    use_paint_mark("kabinet:chat", state.phase == ChatPhase::Ready);
    let (max_bytes, max_files) = chat
        .limits
        .as_ref()
        .map(|c| (c.max_file_bytes, c.max_files as usize))
        .unwrap_or((
            kabinet_core::megabytes(kabinet_core::DEFAULT_MAX_FILE_MB),
            kabinet_core::DEFAULT_MAX_FILES as usize,
        ));

    // Lines settle their height late (pictures, lines laid out lazily): while the
    // reader is at the bottom, follow every change of the content's size.
    {
        let (scroller, content, stick) = (scroller.clone(), content.clone(), stick.clone());
        use_effect_with((), move |_| {
            let mut keep = None;
            if let (Some(el), Some(inner)) = (
                scroller.cast::<HtmlElement>(),
                content.cast::<web_sys::Element>(),
            ) {
                let cb = Closure::<dyn Fn()>::new(move || {
                    if stick.get() {
                        scroll_to_bottom(&el);
                    }
                });
                if let Ok(o) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
                    o.observe(&inner);
                    keep = Some((o, cb));
                }
            }
            move || {
                if let Some((o, _cb)) = keep {
                    o.disconnect();
                }
            }
        });
    }
    // Keep the view: at the bottom for new lines (if the reader was there, else
    // offer «Новые сообщения ↓»), still when older lines come in on top.
    {
        let (scroller, anchor, stick, below) = (
            scroller.clone(),
            anchor.clone(),
            stick.clone(),
            below.clone(),
        );
        let count = state.messages.len() + state.pending.len();
        let last = state.last_seq();
        let more = state.older.is_some() && !state.loading_older && state.phase == ChatPhase::Ready;
        let load_older = chat.load_older.clone();
        // The newest line is the reader's own (just sent, maybe from another
        // tab): it comes into view wherever the reader was.
        let own = state.pending.is_empty() && state.messages.last().is_some_and(|m| m.mine);
        use_effect_with((count, last), move |_| {
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
                } else if stick.get() || own {
                    stick.set(true);
                    below.set(false);
                    scroll_to_bottom_settled(&el, stick.clone());
                } else if count > 0 {
                    below.set(true);
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
        let (load_older, anchor, stick, below, state) = (
            chat.load_older.clone(),
            anchor.clone(),
            stick.clone(),
            below.clone(),
            state.clone(),
        );
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            let at_bottom = el.scroll_height() - el.scroll_top() - el.client_height() < STICK_PX;
            stick.set(at_bottom);
            if at_bottom {
                below.set(false);
            }
            if el.scroll_top() < 200 && state.older.is_some() && !state.loading_older {
                *anchor.borrow_mut() = Some(el.scroll_height());
                load_older.emit(());
            }
        })
    };
    let to_newest = {
        let (scroller, stick, below) = (scroller.clone(), stick.clone(), below.clone());
        Callback::from(move |_: MouseEvent| {
            stick.set(true);
            below.set(false);
            if let Some(el) = scroller.cast::<HtmlElement>() {
                scroll_to_bottom(&el);
            }
        })
    };
    let add_files = {
        let (attached, pick_errors) = (attached.clone(), pick_errors.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            let (ok, errors) = check_files(files, attached.len(), max_bytes, max_files);
            let mut all = (*attached).clone();
            all.extend(ok);
            attached.set(all);
            pick_errors.set(errors);
        })
    };
    let submit = {
        let (text, attached, pick_errors, send, stick, too_long) = (
            text.clone(),
            attached.clone(),
            pick_errors.clone(),
            chat.send.clone(),
            stick.clone(),
            too_long.clone(),
        );
        Callback::from(move |_: ()| {
            let body = text.trim().to_string();
            if body.is_empty() && attached.is_empty() {
                return;
            }
            // Past the limit: refused here, with the reason, nothing cut.
            if matches!(length_of(&body), Length::Over(_)) {
                too_long.set(true);
                return;
            }
            // The sender wants to see what they sent.
            stick.set(true);
            send.emit((body, (*attached).clone()));
            SessionStorage::delete(draft_key(order_id));
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
        let (text, too_long) = (text.clone(), too_long.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            if v.is_empty() {
                SessionStorage::delete(draft_key(order_id));
            } else {
                let _ = SessionStorage::set(draft_key(order_id), &v);
            }
            if !matches!(length_of(&v), Length::Over(_)) {
                too_long.set(false);
            }
            text.set(v);
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
    // Days and author runs, worked out again only when the lines or the language
    // change (not on every keystroke in the composer).
    let looks = {
        let messages = state.messages.clone();
        let key = (
            messages.len(),
            messages.first().map(|m| m.seq),
            messages.last().map(|m| m.seq),
            locale.lang,
            locale.time_zone.clone(),
        );
        use_memo(key, move |(_, _, _, lang, tz)| {
            let day = |iso: &str| format::date(iso, *lang, tz, DateStyle::Date);
            layout(&messages, &day)
        })
    };

    // Sending again (a retry, or the refused file removed) is sending: the newest
    // line comes into view as the message goes.
    let retry = {
        let (retry, stick) = (chat.retry.clone(), stick.clone());
        Callback::from(move |id: String| {
            stick.set(true);
            retry.emit(id)
        })
    };
    let remove_file = {
        let (remove, stick) = (chat.remove_file.clone(), stick.clone());
        Callback::from(move |what: (String, u32)| {
            stick.set(true);
            remove.emit(what)
        })
    };
    let offline = matches!(&state.phase, ChatPhase::Failed(e) if e.is_network());
    let lines = html! {
        <>
            if state.older.is_some() {
                <button type="button" class="button button--ghost chat__older" onclick={chat.load_older.reform(|_: MouseEvent| ())}
                        disabled={state.loading_older}>
                    { locale.t(if state.loading_older { T::LoadingMore } else { T::LoadOlder }) }
                </button>
            }
            if state.phase == ChatPhase::Ready && state.messages.is_empty() && state.pending.is_empty() {
                <p class="muted chat__empty">{ locale.t(T::ChatEmpty) }</p>
            }
            { for line_groups(&state.messages, &looks).into_iter().map(|(key, lines)| html! {
                <LineGroup {key} {lines} on_image={open_image.clone()} />
            }) }
            { for state.pending.iter().map(|p| html! {
                <PendingLine key={p.id.clone()} pending={p.clone()} on_retry={retry.clone()}
                             on_discard={chat.discard.clone()} on_remove_file={remove_file.clone()} />
            }) }
        </>
    };
    let status = match &state.phase {
        ChatPhase::Loading => crate::components::remote_view::spinner(&locale),
        ChatPhase::Failed(_) if offline => html! {
            <p class="note note--warning chat__offline" role="status" data-testid="chat-offline">{ locale.t(T::ChatOffline) }</p>
        },
        ChatPhase::Failed(e) => html! {
            <crate::components::ErrorBox error={e.clone()} on_retry={chat.reload.clone()} />
        },
        ChatPhase::Ready => html! {},
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
    let length = length_of(&text);
    let counter = match length {
        Length::Fine => None,
        Length::Near(n) | Length::Over(n) => Some(n),
    };
    html! {
        <section class={classes!("chat", dragging.then_some("chat--drop"))} aria-label={locale.t(T::Chat)}
                 id="chat-panel" data-testid="chat" {ondragover} {ondragleave} {ondrop}>
            <h2 class="block__title chat__title">{ locale.t(T::Chat) }</h2>
            { status }
            <div class="chat__lines" ref={scroller} {onscroll} role="log" aria-live="polite" aria-relevant="additions">
                <div class="chat__content" ref={content}>{ lines }</div>
            </div>
            if *below {
                <div class="chat__below-wrap">
                    <button type="button" class="button chat__below" onclick={to_newest} data-testid="chat-below">
                        { locale.t(T::NewMessagesBelow) }
                    </button>
                </div>
            }
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
                { for pick_errors.iter().map(|e| html! { <p class="field__error" role="alert" data-testid="file-error">{ msg_text(e, &locale) }</p> }) }
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
                    <textarea id="chat-input" class="composer__input" rows="2"
                              placeholder={locale.t(T::MessagePlaceholder)} value={(*text).clone()}
                              aria-invalid={(*too_long).to_string()}
                              {oninput} {onkeydown} {onpaste} aria-describedby="chat-hint chat-count" />
                    <button type="submit" class="button button--primary" data-testid="chat-send">{ locale.t(T::Send) }</button>
                </div>
                if let Some(n) = counter {
                    <p id="chat-count" data-testid="chat-count"
                       class={classes!("composer__count", matches!(length, Length::Over(_)).then_some("composer__count--over"))}>
                        { locale.t(T::CharCount).replace("{n}", &n.to_string()).replace("{max}", &MESSAGE_MAX.to_string()) }
                    </p>
                }
                if *too_long {
                    <p class="field__error" role="alert" data-testid="chat-too-long">
                        { locale.t(T::MessageTooLong).replace("{n}", &MESSAGE_MAX.to_string()) }
                    </p>
                }
                <p id="chat-hint" class="muted composer__hint">{ locale.t(T::ChatHint) }</p>
            </form>
            { viewer_dialog }
        </section>
    }
}

/// A line and how it is laid out.
type LaidLine = (Rc<ChatMessage>, LineLook);

/// Lines grouped by their seq (64 seqs a group), each with its look. A line's
/// group never changes, so when older lines come in on top or a new one at the
/// bottom, the other groups are left as they are — the page stays quick with
/// thousands of lines.
fn line_groups(messages: &[Rc<ChatMessage>], looks: &[LineLook]) -> Vec<(i64, Vec<LaidLine>)> {
    let mut groups: Vec<(i64, Vec<LaidLine>)> = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let look = looks.get(i).cloned().unwrap_or(LineLook {
            day: None,
            first_of_run: true,
        });
        let bucket = m.seq.div_euclid(64);
        match groups.last_mut() {
            Some((b, list)) if *b == bucket => list.push((m.clone(), look)),
            _ => groups.push((bucket, vec![(m.clone(), look)])),
        }
    }
    groups
}

#[derive(Properties, PartialEq)]
pub struct LineGroupProps {
    pub lines: Vec<LaidLine>,
    pub on_image: Callback<i64>,
}

#[component]
fn LineGroup(props: &LineGroupProps) -> Html {
    html! {
        <div class="chat-group">
            { for props.lines.iter().map(|(m, look)| html! {
                <Line key={m.seq} message={m.clone()} first={look.first_of_run} day={look.day.clone()}
                      on_image={props.on_image.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LineProps {
    pub message: Rc<ChatMessage>,
    /// The first of its author's run: it carries the name.
    #[prop_or(true)]
    pub first: bool,
    /// The day this line starts, shown as a separator above it.
    #[prop_or_default]
    pub day: Option<String>,
    pub on_image: Callback<i64>,
}

/// One line: a system line about the status, or a message with its files (the
/// time only: the day stands in the separator above).
#[component]
pub fn Line(props: &LineProps) -> Html {
    let locale = use_locale();
    let unfolded = use_state(|| false);
    let m = &props.message;
    // A long chat renders its lines again as it grows: each line's time is
    // formatted once (Intl is slow at thousands of lines), not on every render.
    let time = {
        let key = (m.created_at.clone(), locale.lang, locale.time_zone.clone());
        let t = use_memo(key, |(iso, lang, tz)| {
            format::date(iso, *lang, tz, DateStyle::Time)
        });
        html! { <time datetime={m.created_at.clone()}>{ (*t).clone() }</time> }
    };
    let day = props.day.as_ref().map(|d| {
        html! {
            <p class="chat-day" role="separator" data-testid="chat-day">{ d }</p>
        }
    });
    if let Some(status) = m.status {
        return html! {
            <>
            { for day }
            <p class="chat-line chat-line--system" data-seq={m.seq.to_string()}>
                { locale.t(T::StatusLine) }{ ": «" }{ status_label(status, locale.lang) }{ "» · " }
                { time.clone() }
            </p>
            </>
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
    let folded = !*unfolded && folds(&m.body);
    let unfold = {
        let unfolded = unfolded.clone();
        Callback::from(move |_: MouseEvent| unfolded.set(true))
    };
    html! {
        <>
        { for day }
        <article class={classes!("chat-line", m.mine.then_some("chat-line--mine"), m.from_staff.then_some("chat-line--staff"),
                                 (!props.first).then_some("chat-line--cont"))}
                 data-seq={m.seq.to_string()} data-id={m.id.clone()}>
            <p class="chat-line__meta muted">
                if props.first {
                    <span class="chat-line__who">{ who }</span>{ " · " }
                } else {
                    <span class="visually-hidden">{ who }{ " · " }</span>
                }
                { time.clone() }
            </p>
            if !m.body.is_empty() {
                <p class={classes!("chat-line__body", folded.then_some("chat-line__body--folded"))}>{ &m.body }</p>
                if folded {
                    <button type="button" class="button button--ghost chat-line__more" onclick={unfold}
                            data-testid="chat-unfold">{ locale.t(T::ShowFull) }</button>
                }
            }
            if !m.attachments.is_empty() {
                <ul class="chat-files">
                    { for m.attachments.iter().map(|a| html! { <FileItem attachment={a.clone()} on_image={props.on_image.clone()} /> }) }
                </ul>
            }
            if m.mine { <span class="visually-hidden">{ locale.t(T::MessageSent) }</span> }
        </article>
        </>
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
    /// Takes a refused file out (message id, file key).
    #[prop_or_default]
    pub on_remove_file: Callback<(String, u32)>,
}

/// A message on its way: "sending" with each file's progress; held back with the
/// refused file named and «Убрать файл»; or "not sent" with «Повторить».
#[component]
pub fn PendingLine(props: &PendingLineProps) -> Html {
    let locale = use_locale();
    let p = &props.pending;
    let failed = match &p.state {
        SendState::Failed(e) => Some(e.clone()),
        _ => None,
    };
    let blocked = p.state == SendState::Blocked;
    let retry = {
        let (id, cb) = (p.id.clone(), props.on_retry.clone());
        Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
    };
    let discard = {
        let (id, cb) = (p.id.clone(), props.on_discard.clone());
        Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
    };
    let state = if failed.is_some() {
        "failed"
    } else if blocked {
        "blocked"
    } else {
        "sending"
    };
    html! {
        <article class={classes!("chat-line", "chat-line--mine", "chat-line--pending", (failed.is_some() || blocked).then_some("chat-line--failed"))}
                 data-id={p.id.clone()} data-state={state}>
            <p class="chat-line__meta muted">
                { locale.t(T::You) }{ " · " }
                { locale.t(if failed.is_some() || blocked { T::MessageNotSent } else { T::MessageSending }) }
            </p>
            if !p.body.is_empty() { <p class="chat-line__body">{ &p.body }</p> }
            if !p.files.is_empty() {
                <ul class="chat-files">
                    { for p.files.iter().map(|f| {
                        let remove = {
                            let (cb, id, key) = (props.on_remove_file.clone(), p.id.clone(), f.key);
                            Callback::from(move |_: MouseEvent| cb.emit((id.clone(), key)))
                        };
                        html! {
                            <li class="chat-file" key={f.key}>
                                <span class="chat-file__name">{ &f.name }</span>
                                <span class="muted">{ format::bytes(f.size, locale.lang) }</span>
                                if let Some(e) = &f.refused {
                                    <span class="field__error" role="alert" data-testid="file-refused">{ refused_text(e, &f.name, &locale) }</span>
                                    <button type="button" class="button button--ghost" onclick={remove} data-testid="remove-refused"
                                            aria-label={format!("{}: {}", locale.t(T::RemoveFile), f.name)}>{ locale.t(T::RemoveFile) }</button>
                                } else {
                                    <progress max="100" value={((f.progress * 100.0).round() as u32).to_string()} aria-label={f.name.clone()}></progress>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if blocked {
                <p class="chat-line__failed" role="status">{ locale.t(T::RemoveToSend) }</p>
            }
            if let Some(e) = failed {
                <div class="chat-line__failed" role="alert">
                    <span>{ error_text(&e, &locale) }</span>
                    <button type="button" class="button" onclick={retry} data-testid="chat-retry">{ locale.t(T::Retry) }</button>
                    <button type="button" class="button button--ghost" onclick={discard}>{ locale.t(T::Discard) }</button>
                </div>
            }
        </article>
    }
}

/// Why a file was refused, naming it even if the server did not.
fn refused_text(e: &crate::api::ApiError, name: &str, locale: &Locale) -> String {
    let mut e = e.clone();
    if let crate::api::ApiError::Http { body, .. } = &mut e {
        if body.file_name.is_none() {
            body.file_name = Some(name.to_string());
        }
    }
    error_text(&e, locale)
}
