//! Sharing a booking and passing a coworking ticket on: the search of people and
//! organisations behind a picker (what was typed, what was found, which row the
//! arrows are on), the picks shown as chips, and the link a dialog manages.

use std::rc::Rc;

use kabinet_core::{InviteLink, Person};
use serde::Deserialize;
use yew::Reducible;

use crate::api::ApiError;

/// One find of a picker: a person (`GET /users`: `Person`, with their company) or
/// an organisation (`GET /orgs`: `Org`, with its kind). One shape for both
/// answers, so the app decodes and shows one type.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Pick {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub company: Option<String>,
    /// An organisation's kind (`company`, `community`); absent for a person.
    #[serde(default)]
    pub kind: Option<String>,
}

/// `PeoplePage` and `OrgPage` as the app reads them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Picks {
    pub items: Vec<Pick>,
}

impl Pick {
    /// Unique among a picker's finds; for an organisation, its `org=` value
    /// (`Org::key()`: `company:3`).
    pub fn key(&self) -> String {
        match &self.kind {
            Some(k) => format!("{k}:{}", self.id),
            None => self.id.to_string(),
        }
    }
}

impl From<&Person> for Pick {
    fn from(p: &Person) -> Pick {
        Pick {
            id: p.id,
            name: p.name.clone(),
            company: p.company.clone(),
            kind: None,
        }
    }
}

/// The picks after choosing `item`: added once (several allowed), or alone.
pub fn pick(picked: &[Pick], item: Pick, multi: bool) -> Vec<Pick> {
    if !multi {
        return vec![item];
    }
    let mut v = picked.to_vec();
    if !v.iter().any(|p| p.key() == item.key()) {
        v.push(item);
    }
    v
}

/// The picks without the one keyed `key`.
pub fn unpick(picked: &[Pick], key: &str) -> Vec<Pick> {
    picked.iter().filter(|p| p.key() != key).cloned().collect()
}

/// What the search has to show under the field.
#[derive(Clone, Debug, PartialEq)]
pub enum Found<T> {
    /// Nothing asked yet (or the field was emptied).
    Idle,
    /// Typed too little to search.
    Short,
    Searching,
    Ready(Vec<T>),
    Failed(ApiError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Search<T> {
    /// The text as typed (kept on errors).
    pub query: String,
    /// The search the answers must belong to; older answers are dropped.
    pub seq: u32,
    pub found: Found<T>,
    /// The row the arrow keys are on.
    pub active: Option<usize>,
    /// Whether the list of answers is shown.
    pub open: bool,
}

impl<T> Default for Search<T> {
    fn default() -> Self {
        Search {
            query: String::new(),
            seq: 0,
            found: Found::Idle,
            active: None,
            open: false,
        }
    }
}

pub enum SearchMsg<T> {
    /// Typed text; `seq` names the search that will be sent for it, if `enough`.
    Type {
        query: String,
        seq: u32,
        enough: bool,
    },
    /// A search was sent (after the pause).
    Sent(u32),
    /// The answer to search `seq`.
    Answer(u32, Result<Vec<T>, ApiError>),
    /// Arrow down (+1) or up (-1): opens the list and moves along it, wrapping.
    Move(i32),
    /// Something was picked: the field starts over.
    Picked,
    /// Escape, or focus left: the list hides, the text stays.
    Close,
}

/// The trimmed query, if it has at least `min` characters.
pub fn searchable(text: &str, min: usize) -> Option<String> {
    let q = text.trim();
    (q.chars().count() >= min).then(|| q.to_string())
}

impl<T: Clone> Search<T> {
    pub fn apply(&mut self, msg: SearchMsg<T>) {
        match msg {
            SearchMsg::Type { query, seq, enough } => {
                self.seq = seq;
                self.active = None;
                self.found = if query.trim().is_empty() {
                    Found::Idle
                } else if enough {
                    // Keeps the last answers on screen until the new ones come.
                    match &self.found {
                        Found::Ready(v) => Found::Ready(v.clone()),
                        _ => Found::Searching,
                    }
                } else {
                    Found::Short
                };
                self.open = !matches!(self.found, Found::Idle);
                self.query = query;
            }
            SearchMsg::Sent(seq) if seq == self.seq => {
                if !matches!(self.found, Found::Ready(_)) {
                    self.found = Found::Searching;
                }
                self.open = true;
            }
            SearchMsg::Answer(seq, r) if seq == self.seq => {
                self.active = None;
                self.found = match r {
                    Ok(v) => Found::Ready(v),
                    Err(e) => Found::Failed(e),
                };
            }
            SearchMsg::Sent(_) | SearchMsg::Answer(..) => {}
            SearchMsg::Move(step) => {
                self.open = true;
                if let Found::Ready(v) = &self.found {
                    let n = v.len() as i32;
                    if n > 0 {
                        let now = self.active.map(|i| i as i32);
                        let next = match now {
                            None if step > 0 => 0,
                            None => n - 1,
                            Some(i) => (i + step).rem_euclid(n),
                        };
                        self.active = Some(next as usize);
                    }
                }
            }
            SearchMsg::Picked => {
                *self = Search {
                    seq: self.seq + 1,
                    ..Search::default()
                };
            }
            SearchMsg::Close => {
                self.open = false;
                self.active = None;
            }
        }
    }

    /// The row Enter would pick.
    pub fn current(&self) -> Option<&T> {
        match (&self.found, self.active, self.open) {
            (Found::Ready(v), Some(i), true) => v.get(i),
            _ => None,
        }
    }
}

impl<T: Clone> Reducible for Search<T> {
    type Action = SearchMsg<T>;

    fn reduce(self: Rc<Self>, msg: SearchMsg<T>) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(msg);
        Rc::new(next)
    }
}

/// A question a link dialog asks before it acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// «Удалить»: the link stops working for everyone who has not used it.
    Delete,
    /// «Создать новую ссылку»: the old one stops working.
    Renew,
}

/// How copying went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Copied {
    No,
    Yes,
    /// The browser refused the clipboard: the link is shown to copy by hand.
    Refused,
}

/// The link a dialog manages: asked for when the dialog opens, then created,
/// copied and deleted.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkBox {
    /// `None` until the first answer.
    pub link: Option<Option<InviteLink>>,
    pub busy: bool,
    pub confirm: Option<Confirm>,
    pub copied: Copied,
    pub error: Option<ApiError>,
}

impl Default for LinkBox {
    fn default() -> Self {
        LinkBox {
            link: None,
            busy: false,
            confirm: None,
            copied: Copied::No,
            error: None,
        }
    }
}

pub enum LinkMsg {
    /// A request is on its way.
    Start,
    /// The link as it stands now (read, created, or `None` once deleted).
    Is(Option<InviteLink>),
    Failed(ApiError),
    Ask(Confirm),
    /// «Отмена» of a question.
    Keep,
    Copied(bool),
}

impl LinkBox {
    pub fn apply(&mut self, msg: LinkMsg) {
        match msg {
            LinkMsg::Start => {
                self.busy = true;
                self.error = None;
            }
            LinkMsg::Is(link) => {
                // A different link (or none) is not the one copied before.
                let same = self
                    .link
                    .as_ref()
                    .and_then(|l| l.as_ref())
                    .map(|l| &l.token)
                    == link.as_ref().map(|l| &l.token);
                if !same {
                    self.copied = Copied::No;
                }
                self.link = Some(link);
                self.busy = false;
                self.confirm = None;
                self.error = None;
            }
            LinkMsg::Failed(e) => {
                self.busy = false;
                self.confirm = None;
                self.error = Some(e);
            }
            LinkMsg::Ask(c) => {
                self.confirm = Some(c);
                self.error = None;
            }
            LinkMsg::Keep => self.confirm = None,
            LinkMsg::Copied(ok) => {
                self.busy = false;
                self.copied = if ok { Copied::Yes } else { Copied::Refused };
            }
        }
    }

    /// The working link, once known.
    pub fn current(&self) -> Option<&InviteLink> {
        self.link.as_ref().and_then(|l| l.as_ref())
    }
}

impl Reducible for LinkBox {
    type Action = LinkMsg;

    fn reduce(self: Rc<Self>, msg: LinkMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(msg);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::ErrorReason;

    fn person(id: i64, name: &str) -> Pick {
        Pick::from(&Person {
            id,
            name: name.into(),
            company: Some("Бета".into()),
        })
    }

    fn link(token: &str) -> InviteLink {
        InviteLink {
            token: token.into(),
            path: format!("/invite/{token}"),
            expires_at: "2026-12-01T10:00:00Z".into(),
        }
    }

    #[test]
    fn picks_are_added_once_replaced_when_single_and_removed_by_key() {
        let (vera, boris) = (person(3, "Вера Смирнова"), person(2, "Борис Петров"));
        let v = pick(&[], vera.clone(), true);
        let v = pick(&v, boris.clone(), true);
        let v = pick(&v, vera.clone(), true);
        assert_eq!(v, [vera.clone(), boris.clone()]);
        let ids = |v: Vec<Pick>| v.iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(ids(pick(&v, boris.clone(), false)), [2]);
        assert_eq!(ids(unpick(&v, "3")), [2]);
    }

    #[test]
    fn people_and_organisations_read_as_one_shape_keyed_apart() {
        let people: Picks =
            serde_json::from_str(r#"{"items":[{"id":3,"name":"Вера","company":"Бета"}]}"#).unwrap();
        let orgs: Picks = serde_json::from_str(
            r#"{"items":[{"kind":"company","id":3,"name":"Бета"},{"kind":"community","id":3,"name":"Клуб"}]}"#,
        )
        .unwrap();
        assert_eq!(people.items[0].key(), "3");
        assert_eq!(people.items[0].company.as_deref(), Some("Бета"));
        let keys: Vec<String> = orgs.items.iter().map(Pick::key).collect();
        assert_eq!(keys, ["company:3", "community:3"]);
        // The same value the server reads back.
        assert_eq!(
            kabinet_core::Org::parse_key(&keys[1]),
            Some((kabinet_core::OrgKind::Community, 3))
        );
    }

    #[test]
    fn a_search_needs_enough_text_and_keeps_only_the_latest_answer() {
        assert_eq!(searchable("  в ", 2), None);
        assert_eq!(searchable(" ве ", 2).as_deref(), Some("ве"));
        assert_eq!(searchable("", 0).as_deref(), Some(""));
        let mut s = Search::<Pick>::default();
        s.apply(SearchMsg::Type {
            query: "в".into(),
            seq: 1,
            enough: false,
        });
        assert_eq!(s.found, Found::Short);
        assert!(s.open);
        s.apply(SearchMsg::Type {
            query: "ве".into(),
            seq: 2,
            enough: true,
        });
        assert_eq!(s.found, Found::Searching);
        s.apply(SearchMsg::Type {
            query: "вер".into(),
            seq: 3,
            enough: true,
        });
        // The answer to the older search comes late: dropped.
        s.apply(SearchMsg::Answer(2, Ok(vec![person(9, "Венера")])));
        assert_eq!(s.found, Found::Searching);
        s.apply(SearchMsg::Answer(3, Ok(vec![person(3, "Вера Смирнова")])));
        assert_eq!(s.found, Found::Ready(vec![person(3, "Вера Смирнова")]));
        let e = ApiError::reason_only(422, ErrorReason::TooShort);
        s.apply(SearchMsg::Type {
            query: "вера".into(),
            seq: 4,
            enough: true,
        });
        s.apply(SearchMsg::Answer(4, Err(e.clone())));
        assert_eq!(s.found, Found::Failed(e));
        assert_eq!(s.query, "вера", "the text typed is kept");
        s.apply(SearchMsg::Type {
            query: " ".into(),
            seq: 5,
            enough: false,
        });
        assert_eq!(s.found, Found::Idle);
        assert!(!s.open);
    }

    #[test]
    fn arrows_move_round_the_answers_and_picking_starts_over() {
        let mut s = Search::<Pick>::default();
        s.apply(SearchMsg::Type {
            query: "ан".into(),
            seq: 1,
            enough: true,
        });
        s.apply(SearchMsg::Answer(
            1,
            Ok(vec![
                person(1, "Анна"),
                person(2, "Антон"),
                person(3, "Жанна"),
            ]),
        ));
        assert_eq!(s.current(), None);
        s.apply(SearchMsg::Move(1));
        assert_eq!(s.current().map(|p| p.id), Some(1));
        s.apply(SearchMsg::Move(-1));
        assert_eq!(s.current().map(|p| p.id), Some(3), "wraps");
        s.apply(SearchMsg::Move(1));
        assert_eq!(s.current().map(|p| p.id), Some(1));
        s.apply(SearchMsg::Close);
        assert_eq!(s.current(), None);
        assert_eq!(s.query, "ан");
        s.apply(SearchMsg::Move(-1));
        assert_eq!(s.current().map(|p| p.id), Some(3), "arrows reopen the list");
        s.apply(SearchMsg::Picked);
        assert_eq!(s.query, "");
        assert_eq!(s.found, Found::Idle);
        assert_eq!(s.seq, 2, "an answer still on its way is dropped");
    }

    #[test]
    fn a_link_is_created_copied_and_deleted_after_a_question() {
        let mut b = LinkBox::default();
        assert_eq!(b.current(), None);
        b.apply(LinkMsg::Is(None));
        assert_eq!(b.link, Some(None));
        b.apply(LinkMsg::Start);
        assert!(b.busy);
        b.apply(LinkMsg::Is(Some(link("a"))));
        assert_eq!(b.current().map(|l| l.path.as_str()), Some("/invite/a"));
        b.apply(LinkMsg::Copied(true));
        assert_eq!(b.copied, Copied::Yes);
        b.apply(LinkMsg::Ask(Confirm::Delete));
        assert_eq!(b.confirm, Some(Confirm::Delete));
        b.apply(LinkMsg::Keep);
        assert_eq!(b.confirm, None);
        assert_eq!(b.copied, Copied::Yes);
        b.apply(LinkMsg::Ask(Confirm::Delete));
        b.apply(LinkMsg::Start);
        b.apply(LinkMsg::Is(None));
        assert_eq!(
            (b.current(), b.confirm, &b.copied),
            (None, None, &Copied::No)
        );
        b.apply(LinkMsg::Is(Some(link("b"))));
        b.apply(LinkMsg::Copied(false));
        assert_eq!(b.copied, Copied::Refused);
        // A new link replaces the old one: it has not been copied yet.
        b.apply(LinkMsg::Ask(Confirm::Renew));
        b.apply(LinkMsg::Start);
        b.apply(LinkMsg::Is(Some(link("c"))));
        assert_eq!(b.copied, Copied::No);
        let e = ApiError::reason_only(409, ErrorReason::NotAllowedNow);
        b.apply(LinkMsg::Start);
        b.apply(LinkMsg::Failed(e.clone()));
        assert_eq!((b.busy, b.error.as_ref()), (false, Some(&e)));
        assert_eq!(b.current().map(|l| l.token.as_str()), Some("c"));
    }
}
