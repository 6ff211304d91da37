//! `use_chat`: drives an order's chat (`state::chat`): loads the newest page and
//! older ones on demand, fetches new lines when the live stream announces them,
//! sends messages (files first, then the text, under a client id so a retry is
//! stored once), and recovers by itself after the network comes back: the chat
//! reloads and messages that failed for want of a network go out again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use kabinet_core::{LiveEvent, SendMessage, SiteConfig};
use yew::prelude::*;

use crate::api::{new_key, Api, ApiError};
use crate::hooks::{use_live_event, use_session};
pub use crate::state::chat::{ChatAction, ChatPhase, ChatState, Pending, PickedFile, SendState};

/// The browser's files of messages on their way, by the picked file's key.
type Files = Rc<RefCell<HashMap<u32, web_sys::File>>>;

/// A counter of reloads.
#[derive(PartialEq)]
struct Bump(u32);

impl Reducible for Bump {
    type Action = ();

    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Bump(self.0 + 1))
    }
}

/// What `use_chat` gives the chat panel.
#[derive(Clone)]
pub struct ChatHandle {
    pub state: UseReducerHandle<ChatState>,
    pub limits: Option<SiteConfig>,
    pub load_older: Callback<()>,
    pub reload: Callback<()>,
    /// Text and files: shown at once, then uploaded and sent.
    pub send: Callback<(String, Vec<web_sys::File>)>,
    pub retry: Callback<String>,
    pub discard: Callback<String>,
    /// Takes a refused file out of a message (which then goes out).
    pub remove_file: Callback<(String, u32)>,
    pub mark_read: Callback<()>,
}

/// Uploads what is left to upload, then sends the message. A file the server
/// refuses holds the message back (named, until the user removes it); network
/// trouble marks it "not sent".
async fn deliver(
    api: Api,
    order_id: i64,
    p: Pending,
    files: Files,
    chat: UseReducerDispatcher<ChatState>,
) {
    let mut uploads = Vec::new();
    let mut refused = false;
    for f in &p.files {
        if f.refused.is_some() {
            refused = true;
            continue;
        }
        if let Some(u) = &f.upload_id {
            uploads.push(u.clone());
            continue;
        }
        let Some(file) = files.borrow().get(&f.key).cloned() else {
            continue;
        };
        let (id, key) = (p.id.clone(), f.key);
        let progress = chat
            .to_callback()
            .reform(move |progress: f64| ChatAction::Progress {
                id: id.clone(),
                key,
                progress,
            });
        match api.upload(order_id, &file, progress).await {
            Ok(u) => {
                uploads.push(u.id.clone());
                chat.dispatch(ChatAction::Uploaded {
                    id: p.id.clone(),
                    key,
                    upload_id: u.id,
                });
            }
            // Refused for what it is (type, size, empty): named; the rest still upload.
            Err(
                error @ ApiError::Http {
                    status: 413 | 415 | 422,
                    ..
                },
            ) => {
                refused = true;
                chat.dispatch(ChatAction::Refused {
                    id: p.id.clone(),
                    key,
                    error,
                });
            }
            Err(error) => {
                chat.dispatch(ChatAction::SendFailed {
                    id: p.id.clone(),
                    error,
                });
                return;
            }
        }
    }
    if refused {
        chat.dispatch(ChatAction::Blocked(p.id.clone()));
        return;
    }
    let req = SendMessage {
        id: p.id.clone(),
        body: p.body.clone(),
        uploads,
    };
    match api.send_message(order_id, &req).await {
        Ok(m) => {
            for f in &p.files {
                files.borrow_mut().remove(&f.key);
            }
            chat.dispatch(ChatAction::Sent(m))
        }
        Err(error) => chat.dispatch(ChatAction::SendFailed {
            id: p.id.clone(),
            error,
        }),
    }
}

#[hook]
pub fn use_chat(order_id: i64) -> ChatHandle {
    let session = use_session();
    let api = session.api.clone();
    let state = use_reducer(ChatState::default);
    let files: Files = use_mut_ref(HashMap::new);
    let limits = use_state(|| None::<SiteConfig>);
    let reloads = use_reducer(|| Bump(0));
    {
        let (api, chat) = (api.clone(), state.dispatcher());
        use_effect_with((order_id, reloads.0), move |(id, _)| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                match api.messages(id, None, None).await {
                    Ok(p) => chat.dispatch(ChatAction::Loaded(p)),
                    Err(e) => chat.dispatch(ChatAction::Failed(e)),
                }
            });
        });
    }
    {
        let limits = limits.clone();
        // Usually already at hand: the locale asked for it when the app started.
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(cfg) = Api::default().config().await {
                    limits.set(Some(cfg));
                }
            });
        });
    }
    let reload = {
        // A reducer, not a state: a timer keeps this callback for many ticks, and
        // each tick must count from the latest value.
        let reloads = reloads.dispatcher();
        Callback::from(move |_: ()| reloads.dispatch(()))
    };
    // Sends again every message that failed for want of a network.
    let resend_waiting = {
        let (api, state, files) = (api.clone(), state.clone(), files.clone());
        Callback::from(move |_: ()| {
            for p in state.pending.iter().filter(|p| p.waits_for_network()) {
                state.dispatch(ChatAction::Retry(p.id.clone()));
                wasm_bindgen_futures::spawn_local(deliver(
                    api.clone(),
                    order_id,
                    p.clone(),
                    files.clone(),
                    state.dispatcher(),
                ));
            }
        })
    };
    // Back from «Нет связи» by itself: while the chat could not load for want of a
    // network, try again every few seconds and as soon as the browser says it is
    // online; once it loads, what waited goes out.
    {
        let offline = matches!(&state.phase, ChatPhase::Failed(e) if e.is_network());
        let reload = reload.clone();
        use_effect_with(offline, move |offline| {
            let mut keep: Option<(Interval, EventListener)> = None;
            if *offline {
                let again = reload.clone();
                let timer = Interval::new(4_000, move || again.emit(()));
                let online = web_sys::window().map(|w| {
                    let reload = reload.clone();
                    EventListener::new(&w, "online", move |_| reload.emit(()))
                });
                keep = online.map(|l| (timer, l));
            }
            move || drop(keep)
        });
    }
    {
        let ready = state.phase == ChatPhase::Ready;
        let waiting = state.pending.iter().any(|p| p.waits_for_network());
        let resend = resend_waiting.clone();
        use_effect_with((ready, reloads.0), move |(ready, _)| {
            if *ready && waiting {
                resend.emit(());
            }
        });
    }
    {
        // A message that failed offline while the chat itself stayed loaded. The
        // listener lives as long as the chat; it calls the latest callback (which
        // sees the latest messages).
        let latest = use_mut_ref(|| resend_waiting.clone());
        *latest.borrow_mut() = resend_waiting.clone();
        use_effect_with((), move |_| {
            let l = web_sys::window().map(|w| {
                EventListener::new(&w, "online", move |_| {
                    let resend = latest.borrow().clone();
                    resend.emit(())
                })
            });
            move || drop(l)
        });
    }
    // New lines announced by the live stream (from anyone, this tab included).
    {
        let (api, chat, state) = (api.clone(), state.dispatcher(), state.clone());
        let reload = reload.clone();
        use_live_event(move |e| {
            let LiveEvent::Message {
                order_id: o,
                seq,
                unread,
            } = e
            else {
                if *e == LiveEvent::Reset {
                    let (api, chat) = (api.clone(), chat.clone());
                    let after = state.last_seq();
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(p) = api.messages(order_id, None, Some(after)).await {
                            chat.dispatch(ChatAction::Arrived(p.items));
                        }
                    });
                }
                return;
            };
            if *o != order_id {
                return;
            }
            if state.phase != ChatPhase::Ready {
                // The stream is back before the chat: reload it now.
                reload.emit(());
                return;
            }
            chat.dispatch(ChatAction::Unread(*unread));
            let after = state.last_seq();
            if *seq <= after {
                return;
            }
            let (api, chat) = (api.clone(), chat.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(p) = api.messages(order_id, None, Some(after)).await {
                    chat.dispatch(ChatAction::Arrived(p.items));
                }
            });
        });
    }
    let load_older = {
        let (api, state) = (api.clone(), state.clone());
        Callback::from(move |_: ()| {
            let Some(before) = state.older else { return };
            if state.loading_older {
                return;
            }
            state.dispatch(ChatAction::LoadingOlder);
            let (api, chat) = (api.clone(), state.dispatcher());
            wasm_bindgen_futures::spawn_local(async move {
                match api.messages(order_id, Some(before), None).await {
                    Ok(p) => chat.dispatch(ChatAction::Older(p)),
                    Err(_) => chat.dispatch(ChatAction::OlderFailed),
                }
            });
        })
    };
    let key_counter = use_mut_ref(|| 0u32);
    let send = {
        let (api, chat, files) = (api.clone(), state.dispatcher(), files.clone());
        Callback::from(move |(body, picked): (String, Vec<web_sys::File>)| {
            let picked = picked
                .into_iter()
                .map(|file| {
                    *key_counter.borrow_mut() += 1;
                    let key = *key_counter.borrow();
                    let f = PickedFile {
                        key,
                        name: file.name(),
                        size: file.size() as u64,
                        progress: 0.0,
                        upload_id: None,
                        refused: None,
                    };
                    files.borrow_mut().insert(key, file);
                    f
                })
                .collect();
            let p = Pending {
                id: new_key(),
                body,
                files: picked,
                state: SendState::Sending,
            };
            chat.dispatch(ChatAction::Queue(p.clone()));
            wasm_bindgen_futures::spawn_local(deliver(
                api.clone(),
                order_id,
                p,
                files.clone(),
                chat.clone(),
            ));
        })
    };
    // Sends a message on its way again, under its own id.
    let resend = {
        let (api, state, files) = (api.clone(), state.clone(), files.clone());
        Rc::new(move |p: Pending| {
            state.dispatch(ChatAction::Retry(p.id.clone()));
            wasm_bindgen_futures::spawn_local(deliver(
                api.clone(),
                order_id,
                p,
                files.clone(),
                state.dispatcher(),
            ));
        })
    };
    let retry = {
        let (state, resend) = (state.clone(), resend.clone());
        Callback::from(move |id: String| {
            if let Some(p) = state.pending.iter().find(|p| p.id == id).cloned() {
                resend(p);
            }
        })
    };
    let remove_file = {
        let (state, files, resend) = (state.clone(), files.clone(), resend.clone());
        Callback::from(move |(id, key): (String, u32)| {
            files.borrow_mut().remove(&key);
            state.dispatch(ChatAction::RemoveFile {
                id: id.clone(),
                key,
            });
            // The last refused file gone: the message goes out as the user meant.
            let Some(mut p) = state.pending.iter().find(|p| p.id == id).cloned() else {
                return;
            };
            p.files.retain(|f| f.key != key);
            let empty = p.body.trim().is_empty() && p.files.is_empty();
            if p.state == SendState::Blocked
                && !empty
                && p.files.iter().all(|f| f.refused.is_none())
            {
                resend(p);
            }
        })
    };
    let discard = state.dispatcher().to_callback().reform(ChatAction::Discard);
    let mark_read = {
        let (api, state) = (api.clone(), state.clone());
        Callback::from(move |_: ()| {
            let last = state.last_seq();
            if last <= state.read_seq && state.unread == 0 {
                return;
            }
            state.dispatch(ChatAction::Read(last));
            let api = api.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api.mark_chat_read(order_id, last).await;
            });
        })
    };
    ChatHandle {
        state,
        limits: (*limits).clone(),
        load_older,
        reload,
        send,
        retry,
        discard,
        remove_file,
        mark_read,
    }
}
