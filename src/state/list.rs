//! A list loaded a page at a time (keyset cursors): the order list, the desk and
//! the notification bell. Answers to older requests are dropped by generation.

use std::rc::Rc;

use yew::Reducible;

use crate::api::ApiError;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    LoadingMore,
    Idle,
    Failed(ApiError),
}

/// A change to apply to each item (it picks the one it is about).
pub type Patch<I> = Rc<dyn Fn(&mut I)>;

/// One page as the server answers it.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<I> {
    pub items: Vec<I>,
    pub next: Option<String>,
}

/// Items with a stable id, so a fresher copy replaces the one shown.
pub trait Keyed {
    fn key(&self) -> i64;
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListState<I> {
    pub items: Vec<I>,
    pub next: Option<String>,
    pub phase: Phase,
    /// Which request the state belongs to; late answers to older ones are dropped.
    pub generation: u32,
}

impl<I> Default for ListState<I> {
    fn default() -> Self {
        ListState {
            items: Vec::new(),
            next: None,
            phase: Phase::Loading,
            generation: 0,
        }
    }
}

pub enum ListAction<I> {
    /// Starts over (a new query): empty and loading.
    Reset(u32),
    LoadingMore,
    /// A page: appended, or (`replace`) the first page of a refresh.
    Loaded {
        generation: u32,
        page: Page<I>,
        replace: bool,
    },
    Failed {
        generation: u32,
        error: ApiError,
    },
    /// A refresh in place: the list stays while the first page is fetched again.
    Refreshing(u32),
    Patch(Patch<I>),
    /// A new or fresher item goes on top (replacing its older copy).
    Upsert(I),
}

impl<I: Keyed> ListState<I> {
    pub fn apply(&mut self, action: ListAction<I>) -> bool {
        match action {
            ListAction::Reset(generation) => {
                *self = ListState {
                    items: Vec::new(),
                    next: None,
                    phase: Phase::Loading,
                    generation,
                }
            }
            ListAction::Refreshing(generation) => self.generation = generation,
            ListAction::LoadingMore => self.phase = Phase::LoadingMore,
            ListAction::Loaded {
                generation,
                page,
                replace,
            } if generation == self.generation => {
                if replace {
                    self.items = page.items;
                } else {
                    // A row that moved between pages while paging is shown once.
                    let fresh: Vec<I> = page
                        .items
                        .into_iter()
                        .filter(|i| !self.items.iter().any(|o| o.key() == i.key()))
                        .collect();
                    self.items.extend(fresh);
                }
                self.next = page.next;
                self.phase = Phase::Idle;
            }
            ListAction::Failed { generation, error } if generation == self.generation => {
                self.phase = Phase::Failed(error)
            }
            ListAction::Patch(f) => self.items.iter_mut().for_each(|i| f(i)),
            ListAction::Upsert(item) => {
                self.items.retain(|i| i.key() != item.key());
                self.items.insert(0, item);
            }
            _ => return false,
        }
        true
    }
}

impl<I: Keyed + Clone> Reducible for ListState<I> {
    type Action = ListAction<I>;

    fn reduce(self: Rc<Self>, action: ListAction<I>) -> Rc<Self> {
        let mut s = (*self).clone();
        if s.apply(action) {
            Rc::new(s)
        } else {
            self
        }
    }
}

impl Keyed for kabinet_core::OrderSummary {
    fn key(&self) -> i64 {
        self.id
    }
}

impl Keyed for kabinet_core::DeskOrder {
    fn key(&self) -> i64 {
        self.order.id
    }
}

impl Keyed for kabinet_core::Notification {
    fn key(&self) -> i64 {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Row(i64, &'static str);

    impl Keyed for Row {
        fn key(&self) -> i64 {
            self.0
        }
    }

    fn page(items: Vec<Row>, next: Option<&str>) -> Page<Row> {
        Page {
            items,
            next: next.map(String::from),
        }
    }

    #[test]
    fn pages_append_and_a_late_answer_to_an_old_query_is_dropped() {
        let mut s = ListState::default();
        s.apply(ListAction::Reset(1));
        assert_eq!(s.phase, Phase::Loading);
        s.apply(ListAction::Loaded {
            generation: 1,
            page: page(vec![Row(3, "c"), Row(2, "b")], Some("2")),
            replace: false,
        });
        assert_eq!(s.items.len(), 2);
        assert_eq!(s.next.as_deref(), Some("2"));
        s.apply(ListAction::LoadingMore);
        assert_eq!(s.phase, Phase::LoadingMore);
        // A row that slid onto the next page is not shown twice.
        s.apply(ListAction::Loaded {
            generation: 1,
            page: page(vec![Row(2, "b"), Row(1, "a")], None),
            replace: false,
        });
        assert_eq!(s.items.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(s.phase, Phase::Idle);
        // The user changed the filter: the old query's answer arrives late.
        s.apply(ListAction::Reset(2));
        assert!(!s.apply(ListAction::Loaded {
            generation: 1,
            page: page(vec![Row(9, "old")], None),
            replace: false,
        }));
        assert!(s.items.is_empty());
        assert!(!s.apply(ListAction::Failed {
            generation: 1,
            error: ApiError::Network("x".into()),
        }));
        assert_eq!(s.phase, Phase::Loading);
    }

    #[test]
    fn a_refresh_swaps_the_first_page_in_without_loading() {
        let mut s = ListState::default();
        s.apply(ListAction::Reset(1));
        s.apply(ListAction::Loaded {
            generation: 1,
            page: page(vec![Row(1, "a")], None),
            replace: false,
        });
        s.apply(ListAction::Refreshing(2));
        assert_eq!(s.phase, Phase::Idle, "the rows stay while refreshing");
        assert_eq!(s.items.len(), 1);
        s.apply(ListAction::Loaded {
            generation: 2,
            page: page(vec![Row(2, "new"), Row(1, "a")], None),
            replace: true,
        });
        assert_eq!(s.items.len(), 2);
    }

    #[test]
    fn patches_and_upserts_change_rows_in_place() {
        let mut s = ListState::default();
        s.apply(ListAction::Reset(1));
        s.apply(ListAction::Loaded {
            generation: 1,
            page: page(vec![Row(2, "b"), Row(1, "a")], None),
            replace: false,
        });
        s.apply(ListAction::Patch(Rc::new(|r: &mut Row| {
            if r.0 == 1 {
                r.1 = "patched";
            }
        })));
        assert_eq!(s.items[1], Row(1, "patched"));
        s.apply(ListAction::Upsert(Row(1, "fresh")));
        assert_eq!(s.items, [Row(1, "fresh"), Row(2, "b")]);
        // A failed later page keeps the rows.
        s.apply(ListAction::Failed {
            generation: 1,
            error: ApiError::Network("x".into()),
        });
        assert_eq!(s.items.len(), 2);
        assert!(matches!(s.phase, Phase::Failed(_)));
    }
}
