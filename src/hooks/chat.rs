//! An order's chat as the app holds it: the lines loaded so far (newest page first,
//! older ones on demand), new ones fetched when the live stream announces them,
//! and messages being sent — shown at once, with their files' upload progress,
//! marked "not sent" on failure and retried under the same id (so never twice).

use std::rc::Rc;

use kabinet_core::{ChatMessage, LiveEvent, MessagePage, SendMessage, SiteConfig};
use yew::prelude::*;

use crate::api::{new_key, Api, ApiError};
use crate::hooks::{use_live_event, use_session};

/// A file picked for a message.
#[derive(Clone, Debug)]
pub struct PickedFile {
    pub key: u32,
    pub file: web_sys::File,
    pub name: String,
    pub size: u64,
    /// 0..=1 while uploading.
    pub progress: f64,
    /// Set once uploaded.
    pub upload_id: Option<String>,
    /// Why the server refused it (the others still go).
    pub refused: Option<String>,
}

impl PartialEq for PickedFile {
    fn eq(&self, o: &Self) -> bool {
        self.key == o.key
            && self.progress == o.progress
            && self.upload_id == o.upload_id
            && self.refused == o.refused
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SendState {
    Sending,
    Failed(String),
}

/// A message on its way.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub id: String,
    pub body: String,
    pub files: Vec<PickedFile>,
    pub state: SendState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ChatPhase {
    Loading,
    Ready,
    Failed(ApiError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChatState {
    /// Shared, so that copying the state (every action does) and handing a line
    /// to its component cost a pointer each, also with 5,000 lines.
    pub messages: Vec<Rc<ChatMessage>>,
    pub pending: Vec<Pending>,
    pub phase: ChatPhase,
    pub older: Option<i64>,
    pub loading_older: bool,
    pub unread: u32,
    pub read_seq: i64,
}

pub enum ChatAction {
    Loaded(MessagePage),
    Failed(ApiError),
    LoadingOlder,
    Older(MessagePage),
    OlderFailed,
    Arrived(Vec<ChatMessage>),
    Unread(u32),
    Read(i64),
    Queue(Pending),
    Progress {
        id: String,
        key: u32,
        progress: f64,
    },
    Uploaded {
        id: String,
        key: u32,
        upload_id: String,
    },
    Refused {
        id: String,
        key: u32,
        why: String,
    },
    SendFailed {
        id: String,
        why: String,
    },
    Retry(String),
    Sent(ChatMessage),
    Discard(String),
}

impl ChatState {
    fn merge(&mut self, new: Vec<ChatMessage>) {
        for m in new {
            self.pending.retain(|p| p.id != m.id);
            let at = self.messages.partition_point(|x| x.seq < m.seq);
            if self.messages.get(at).is_none_or(|x| x.seq != m.seq) {
                self.messages.insert(at, Rc::new(m));
            }
        }
    }

    fn pending_mut(&mut self, id: &str) -> Option<&mut Pending> {
        self.pending.iter_mut().find(|p| p.id == id)
    }

    pub fn last_seq(&self) -> i64 {
        self.messages.last().map(|m| m.seq).unwrap_or(0)
    }
}

impl Reducible for ChatState {
    type Action = ChatAction;

    fn reduce(self: Rc<Self>, action: ChatAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ChatAction::Loaded(p) => {
                s.merge(p.items);
                s.older = p.next_before;
                s.unread = p.unread;
                s.read_seq = p.read_seq;
                s.phase = ChatPhase::Ready;
            }
            ChatAction::Failed(e) => s.phase = ChatPhase::Failed(e),
            ChatAction::LoadingOlder => s.loading_older = true,
            ChatAction::Older(p) => {
                s.merge(p.items);
                s.older = p.next_before;
                s.loading_older = false;
            }
            ChatAction::OlderFailed => s.loading_older = false,
            ChatAction::Arrived(items) => s.merge(items),
            ChatAction::Unread(n) => s.unread = n,
            ChatAction::Read(seq) => {
                s.read_seq = s.read_seq.max(seq);
                s.unread = 0;
            }
            ChatAction::Queue(p) => s.pending.push(p),
            ChatAction::Progress { id, key, progress } => {
                if let Some(f) = s
                    .pending_mut(&id)
                    .and_then(|p| p.files.iter_mut().find(|f| f.key == key))
                {
                    f.progress = progress;
                }
            }
            ChatAction::Uploaded { id, key, upload_id } => {
                if let Some(f) = s
                    .pending_mut(&id)
                    .and_then(|p| p.files.iter_mut().find(|f| f.key == key))
                {
                    f.progress = 1.0;
                    f.upload_id = Some(upload_id);
                }
            }
            ChatAction::Refused { id, key, why } => {
                if let Some(f) = s
                    .pending_mut(&id)
                    .and_then(|p| p.files.iter_mut().find(|f| f.key == key))
                {
                    f.refused = Some(why);
                }
            }
            ChatAction::SendFailed { id, why } => {
                if let Some(p) = s.pending_mut(&id) {
                    p.state = SendState::Failed(why);
                }
            }
            ChatAction::Retry(id) => {
                if let Some(p) = s.pending_mut(&id) {
                    p.state = SendState::Sending;
                }
            }
            ChatAction::Sent(m) => s.merge(vec![m]),
            ChatAction::Discard(id) => s.pending.retain(|p| p.id != id),
        }
        Rc::new(s)
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
    pub mark_read: Callback<()>,
}

/// Uploads what is left to upload, then sends the message. Network trouble marks
/// it "not sent"; a file the server refuses is named and the rest still go.
async fn deliver(
    api: Api,
    order_id: i64,
    p: Pending,
    chat: UseReducerDispatcher<ChatState>,
    not_sent: String,
) {
    let mut uploads = Vec::new();
    for f in &p.files {
        if f.refused.is_some() {
            continue;
        }
        if let Some(u) = &f.upload_id {
            uploads.push(u.clone());
            continue;
        }
        let (id, key) = (p.id.clone(), f.key);
        let progress = chat
            .to_callback()
            .reform(move |progress: f64| ChatAction::Progress {
                id: id.clone(),
                key,
                progress,
            });
        match api.upload(order_id, &f.file, progress).await {
            Ok(u) => {
                uploads.push(u.id.clone());
                chat.dispatch(ChatAction::Uploaded {
                    id: p.id.clone(),
                    key,
                    upload_id: u.id,
                });
            }
            // Refused for what it is (too large, not an accepted type): named, and
            // the others still go.
            Err(ApiError::Http { status, body }) if status == 413 || status == 422 => chat
                .dispatch(ChatAction::Refused {
                    id: p.id.clone(),
                    key,
                    why: format!("«{}»: {}", f.name, body.message),
                }),
            Err(e) => {
                let why = match e {
                    ApiError::Http { body, .. } => body.message,
                    _ => not_sent,
                };
                chat.dispatch(ChatAction::SendFailed {
                    id: p.id.clone(),
                    why,
                });
                return;
            }
        }
    }
    if p.body.trim().is_empty() && uploads.is_empty() {
        // Every file was refused and there is no text: nothing left to send.
        chat.dispatch(ChatAction::SendFailed {
            id: p.id.clone(),
            why: not_sent,
        });
        return;
    }
    let req = SendMessage {
        id: p.id.clone(),
        body: p.body.clone(),
        uploads,
    };
    match api.send_message(order_id, &req).await {
        Ok(m) => chat.dispatch(ChatAction::Sent(m)),
        Err(ApiError::Http { body, .. }) => chat.dispatch(ChatAction::SendFailed {
            id: p.id.clone(),
            why: body.message,
        }),
        Err(_) => chat.dispatch(ChatAction::SendFailed {
            id: p.id.clone(),
            why: not_sent,
        }),
    }
}

#[hook]
pub fn use_chat(order_id: i64, not_sent: String) -> ChatHandle {
    let session = use_session();
    let api = session.api.clone();
    let state = use_reducer(|| ChatState {
        messages: Vec::new(),
        pending: Vec::new(),
        phase: ChatPhase::Loading,
        older: None,
        loading_older: false,
        unread: 0,
        read_seq: 0,
    });
    let limits = use_state(|| None::<SiteConfig>);
    let reloads = use_state(|| 0u32);
    {
        let (api, chat) = (api.clone(), state.dispatcher());
        use_effect_with((order_id, *reloads), move |(id, _)| {
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
    // New lines announced by the live stream (from anyone, this tab included).
    {
        let (api, chat, state) = (api.clone(), state.dispatcher(), state.clone());
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
            if *o != order_id || state.phase != ChatPhase::Ready {
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
        let (api, chat, not_sent) = (api.clone(), state.dispatcher(), not_sent.clone());
        Callback::from(move |(body, files): (String, Vec<web_sys::File>)| {
            let picked = files
                .into_iter()
                .map(|file| {
                    *key_counter.borrow_mut() += 1;
                    PickedFile {
                        key: *key_counter.borrow(),
                        name: file.name(),
                        size: file.size() as u64,
                        file,
                        progress: 0.0,
                        upload_id: None,
                        refused: None,
                    }
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
                chat.clone(),
                not_sent.clone(),
            ));
        })
    };
    let retry = {
        let (api, state) = (api.clone(), state.clone());
        Callback::from(move |id: String| {
            let Some(p) = state.pending.iter().find(|p| p.id == id).cloned() else {
                return;
            };
            state.dispatch(ChatAction::Retry(id));
            wasm_bindgen_futures::spawn_local(deliver(
                api.clone(),
                order_id,
                p,
                state.dispatcher(),
                not_sent.clone(),
            ));
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
    let reload = Callback::from(move |_: ()| reloads.set(*reloads + 1));
    ChatHandle {
        state,
        limits: (*limits).clone(),
        load_older,
        reload,
        send,
        retry,
        discard,
        mark_read,
    }
}
