//! An order's chat as the app holds it: the lines loaded so far (newest page
//! first, older ones on demand), new ones merged as they arrive, and messages on
//! their way — shown at once with their files' upload progress, held back while a
//! file the server refused is still in them, marked "not sent" on failure and
//! retried under the same id (so never stored twice). Also how lines are laid out
//! (day separators, one author's run) and the composer's length limit.

use std::rc::Rc;

use kabinet_core::{ChatMessage, MessagePage, MESSAGE_MAX};
use yew::Reducible;

use crate::api::ApiError;

/// A file picked for a message (the browser's `File` stays with the hook, by key).
#[derive(Clone, Debug, PartialEq)]
pub struct PickedFile {
    pub key: u32,
    pub name: String,
    pub size: u64,
    /// 0..=1 while uploading.
    pub progress: f64,
    /// Set once uploaded.
    pub upload_id: Option<String>,
    /// Why the server refused it: the message waits until the user removes it.
    pub refused: Option<ApiError>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SendState {
    Sending,
    /// A file was refused: not sent until the user removes it.
    Blocked,
    Failed(ApiError),
}

/// A message on its way.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub id: String,
    pub body: String,
    pub files: Vec<PickedFile>,
    pub state: SendState,
}

impl Pending {
    /// Failed for want of a network: sent again by itself when the network is back.
    pub fn waits_for_network(&self) -> bool {
        matches!(&self.state, SendState::Failed(e) if e.is_network())
    }
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

impl Default for ChatState {
    fn default() -> Self {
        ChatState {
            messages: Vec::new(),
            pending: Vec::new(),
            phase: ChatPhase::Loading,
            older: None,
            loading_older: false,
            unread: 0,
            read_seq: 0,
        }
    }
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
        error: ApiError,
    },
    /// Every file is uploaded or refused; refused ones hold the message back.
    Blocked(String),
    /// The user took a refused file out of the message.
    RemoveFile {
        id: String,
        key: u32,
    },
    SendFailed {
        id: String,
        error: ApiError,
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

    fn file_mut(&mut self, id: &str, key: u32) -> Option<&mut PickedFile> {
        self.pending_mut(id)
            .and_then(|p| p.files.iter_mut().find(|f| f.key == key))
    }

    pub fn last_seq(&self) -> i64 {
        self.messages.last().map(|m| m.seq).unwrap_or(0)
    }

    pub fn apply(&mut self, action: ChatAction) {
        match action {
            ChatAction::Loaded(p) => {
                self.merge(p.items);
                self.older = p.next_before;
                self.unread = p.unread;
                self.read_seq = p.read_seq;
                self.phase = ChatPhase::Ready;
            }
            // Lines already shown stay; a failed reload only says so.
            ChatAction::Failed(e) => self.phase = ChatPhase::Failed(e),
            ChatAction::LoadingOlder => self.loading_older = true,
            ChatAction::Older(p) => {
                self.merge(p.items);
                self.older = p.next_before;
                self.loading_older = false;
            }
            ChatAction::OlderFailed => self.loading_older = false,
            ChatAction::Arrived(items) => self.merge(items),
            ChatAction::Unread(n) => self.unread = n,
            ChatAction::Read(seq) => {
                self.read_seq = self.read_seq.max(seq);
                self.unread = 0;
            }
            ChatAction::Queue(p) => self.pending.push(p),
            ChatAction::Progress { id, key, progress } => {
                if let Some(f) = self.file_mut(&id, key) {
                    f.progress = progress;
                }
            }
            ChatAction::Uploaded { id, key, upload_id } => {
                if let Some(f) = self.file_mut(&id, key) {
                    f.progress = 1.0;
                    f.upload_id = Some(upload_id);
                }
            }
            ChatAction::Refused { id, key, error } => {
                if let Some(f) = self.file_mut(&id, key) {
                    f.refused = Some(error);
                }
            }
            ChatAction::Blocked(id) => {
                if let Some(p) = self.pending_mut(&id) {
                    p.state = SendState::Blocked;
                }
            }
            ChatAction::RemoveFile { id, key } => {
                if let Some(p) = self.pending_mut(&id) {
                    p.files.retain(|f| f.key != key);
                }
                // Nothing left to send: the message goes away with its last file.
                self.pending
                    .retain(|p| p.id != id || !p.body.trim().is_empty() || !p.files.is_empty());
            }
            ChatAction::SendFailed { id, error } => {
                if let Some(p) = self.pending_mut(&id) {
                    p.state = SendState::Failed(error);
                }
            }
            ChatAction::Retry(id) => {
                if let Some(p) = self.pending_mut(&id) {
                    p.state = SendState::Sending;
                }
            }
            ChatAction::Sent(m) => self.merge(vec![m]),
            ChatAction::Discard(id) => self.pending.retain(|p| p.id != id),
        }
    }
}

impl Reducible for ChatState {
    type Action = ChatAction;

    fn reduce(self: Rc<Self>, action: ChatAction) -> Rc<Self> {
        let mut s = (*self).clone();
        s.apply(action);
        Rc::new(s)
    }
}

/// How a line is laid out among its neighbours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineLook {
    /// The day this line starts (a separator goes above it).
    pub day: Option<String>,
    /// The first of one author's run: it carries the author's name.
    pub first_of_run: bool,
}

/// Who wrote a line, for grouping: the reader, a person, or the system.
fn author_key(m: &ChatMessage) -> Option<(bool, i64)> {
    if m.status.is_some() {
        return None;
    }
    Some((m.mine, m.author.as_ref().map(|a| a.id).unwrap_or(-1)))
}

/// Day separators and author runs: `day_of` names the day of a line's time (in
/// the site's time zone).
pub fn layout(messages: &[Rc<ChatMessage>], day_of: &dyn Fn(&str) -> String) -> Vec<LineLook> {
    let mut out = Vec::with_capacity(messages.len());
    let mut prev: Option<(String, Option<(bool, i64)>)> = None;
    for m in messages {
        let day = day_of(&m.created_at);
        let who = author_key(m);
        let new_day = prev.as_ref().is_none_or(|(d, _)| *d != day);
        let first_of_run = new_day || who.is_none() || prev.as_ref().is_none_or(|(_, w)| *w != who);
        out.push(LineLook {
            day: new_day.then(|| day.clone()),
            first_of_run,
        });
        prev = Some((day, who));
    }
    out
}

/// How far the composer's text is from the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Length {
    Fine,
    /// Close to the limit: the counter shows.
    Near(usize),
    /// Past it: refused, with a message.
    Over(usize),
}

/// Characters before the limit at which the counter appears.
pub const COUNTER_FROM: usize = MESSAGE_MAX - 500;

pub fn length_of(text: &str) -> Length {
    let n = text.chars().count();
    if n > MESSAGE_MAX {
        Length::Over(n)
    } else if n >= COUNTER_FROM {
        Length::Near(n)
    } else {
        Length::Fine
    }
}

/// A message this long folds, with «Показать полностью».
pub fn folds(body: &str) -> bool {
    body.chars().count() > 700 || body.lines().count() > 12
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::{ErrorReason, Person, Status};

    fn line(seq: i64, who: Option<i64>, mine: bool, at: &str) -> ChatMessage {
        ChatMessage {
            seq,
            id: format!("m{seq}"),
            order_id: 7,
            author: who.map(|id| Person {
                id,
                name: format!("P{id}"),
                company: None,
            }),
            from_staff: !mine,
            mine,
            body: format!("text {seq}"),
            status: None,
            attachments: vec![],
            created_at: at.into(),
        }
    }

    fn page(items: Vec<ChatMessage>, older: Option<i64>) -> MessagePage {
        MessagePage {
            items,
            next_before: older,
            read_seq: 0,
            unread: 1,
        }
    }

    fn file(key: u32) -> PickedFile {
        PickedFile {
            key,
            name: format!("f{key}"),
            size: 10,
            progress: 0.0,
            upload_id: None,
            refused: None,
        }
    }

    fn pending(id: &str, body: &str, files: Vec<PickedFile>) -> Pending {
        Pending {
            id: id.into(),
            body: body.into(),
            files,
            state: SendState::Sending,
        }
    }

    #[test]
    fn lines_merge_in_order_once_and_a_sent_message_leaves_pending() {
        let mut s = ChatState::default();
        s.apply(ChatAction::Loaded(page(
            vec![line(5, Some(1), false, "2026-11-27T07:00:00Z")],
            Some(5),
        )));
        assert_eq!(s.phase, ChatPhase::Ready);
        s.apply(ChatAction::Older(page(
            vec![line(3, Some(1), false, "2026-11-27T06:00:00Z")],
            None,
        )));
        s.apply(ChatAction::Arrived(vec![
            line(6, Some(2), true, "2026-11-27T08:00:00Z"),
            line(5, Some(1), false, "2026-11-27T07:00:00Z"),
        ]));
        assert_eq!(
            s.messages.iter().map(|m| m.seq).collect::<Vec<_>>(),
            [3, 5, 6]
        );
        s.apply(ChatAction::Queue(pending("m7", "hi", vec![])));
        assert_eq!(s.pending.len(), 1);
        s.apply(ChatAction::Sent(line(
            7,
            Some(2),
            true,
            "2026-11-27T08:01:00Z",
        )));
        assert!(s.pending.is_empty());
        assert_eq!(s.last_seq(), 7);
    }

    #[test]
    fn a_refused_file_holds_the_message_until_removed() {
        let mut s = ChatState::default();
        s.apply(ChatAction::Queue(pending(
            "p",
            "смотрите",
            vec![file(1), file(2)],
        )));
        s.apply(ChatAction::Uploaded {
            id: "p".into(),
            key: 1,
            upload_id: "u1".into(),
        });
        s.apply(ChatAction::Refused {
            id: "p".into(),
            key: 2,
            error: ApiError::reason_only(422, ErrorReason::FileTypeRefused),
        });
        s.apply(ChatAction::Blocked("p".into()));
        assert_eq!(s.pending[0].state, SendState::Blocked);
        s.apply(ChatAction::RemoveFile {
            id: "p".into(),
            key: 2,
        });
        assert_eq!(s.pending[0].files.len(), 1, "the accepted file stays");
        assert_eq!(s.pending[0].files[0].upload_id.as_deref(), Some("u1"));
        // A message that was only a refused file goes away with it.
        s.apply(ChatAction::Queue(pending("q", " ", vec![file(3)])));
        s.apply(ChatAction::RemoveFile {
            id: "q".into(),
            key: 3,
        });
        assert!(s.pending.iter().all(|p| p.id != "q"));
    }

    #[test]
    fn a_message_written_offline_is_kept_and_waits_for_the_network() {
        let mut s = ChatState::default();
        s.apply(ChatAction::Failed(ApiError::Network("offline".into())));
        s.apply(ChatAction::Queue(pending("p", "пока нет связи", vec![])));
        s.apply(ChatAction::SendFailed {
            id: "p".into(),
            error: ApiError::Network("offline".into()),
        });
        assert!(s.pending[0].waits_for_network());
        // A refusal is not retried by itself.
        s.apply(ChatAction::Queue(pending("r", "x", vec![])));
        s.apply(ChatAction::SendFailed {
            id: "r".into(),
            error: ApiError::reason_only(422, ErrorReason::TooLong),
        });
        assert!(!s.pending[1].waits_for_network());
        s.apply(ChatAction::Retry("p".into()));
        assert_eq!(s.pending[0].state, SendState::Sending);
        // The chat loads again when the network is back; the message is still there.
        s.apply(ChatAction::Loaded(page(vec![], None)));
        assert_eq!(s.phase, ChatPhase::Ready);
        assert_eq!(s.pending.len(), 2);
    }

    #[test]
    fn days_get_a_separator_and_one_authors_run_one_name() {
        let mut system = line(4, None, false, "2026-11-27T10:00:00Z");
        system.status = Some(Status::Done);
        let lines: Vec<Rc<ChatMessage>> = [
            line(1, Some(1), false, "2026-11-26T10:00:00Z"),
            line(2, Some(1), false, "2026-11-27T09:00:00Z"),
            line(3, Some(1), false, "2026-11-27T09:01:00Z"),
            system,
            line(5, Some(1), false, "2026-11-27T10:01:00Z"),
            line(6, Some(2), true, "2026-11-27T10:02:00Z"),
            line(7, Some(2), true, "2026-11-27T10:03:00Z"),
        ]
        .into_iter()
        .map(Rc::new)
        .collect();
        let day_of = |iso: &str| iso[..10].to_string();
        let look = layout(&lines, &day_of);
        let days: Vec<Option<&str>> = look.iter().map(|l| l.day.as_deref()).collect();
        assert_eq!(
            days,
            [
                Some("2026-11-26"),
                Some("2026-11-27"),
                None,
                None,
                None,
                None,
                None
            ]
        );
        let firsts: Vec<bool> = look.iter().map(|l| l.first_of_run).collect();
        assert_eq!(firsts, [true, true, false, true, true, true, false]);
    }

    #[test]
    fn the_length_limit_is_counted_near_and_refused_past() {
        assert_eq!(length_of("привет"), Length::Fine);
        let near = "я".repeat(COUNTER_FROM);
        assert_eq!(length_of(&near), Length::Near(COUNTER_FROM));
        let over = "я".repeat(MESSAGE_MAX + 1);
        assert_eq!(length_of(&over), Length::Over(MESSAGE_MAX + 1));
        assert!(folds(&"слово ".repeat(200)));
        assert!(folds(&"строка\n".repeat(20)));
        assert!(!folds("коротко"));
    }
}
