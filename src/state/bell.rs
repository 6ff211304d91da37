//! The notification bell: its unread count, whether its panel is open, and how
//! read marks and arriving notifications change the loaded list (which itself is
//! a `state::list` list, paged like the order lists).

use std::rc::Rc;

use kabinet_core::Notification;
use yew::Reducible;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BellState {
    pub unread: u32,
    pub open: bool,
}

pub enum BellAction {
    /// The server's count (with a page, an arrival or a read mark).
    Unread(u32),
    Toggle,
    Close,
}

impl BellState {
    pub fn apply(&mut self, action: BellAction) {
        match action {
            BellAction::Unread(n) => self.unread = n,
            BellAction::Toggle => self.open = !self.open,
            BellAction::Close => self.open = false,
        }
    }

    /// The count on the bell: "99+" past 99.
    pub fn badge(&self) -> Option<String> {
        match self.unread {
            0 => None,
            n if n > 99 => Some("99+".into()),
            n => Some(n.to_string()),
        }
    }
}

impl Reducible for BellState {
    type Action = BellAction;

    fn reduce(self: Rc<Self>, action: BellAction) -> Rc<Self> {
        let mut s = (*self).clone();
        s.apply(action);
        Rc::new(s)
    }
}

/// Which notifications a read mark covers.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadMark {
    Ids(Vec<i64>),
    Order(i64),
    All,
}

/// Marks the covered notification read (applied to each loaded one).
pub fn mark_read(n: &mut Notification, mark: &ReadMark) {
    let covered = match mark {
        ReadMark::Ids(ids) => ids.contains(&n.id),
        ReadMark::Order(id) => n.order_id == *id,
        ReadMark::All => true,
    };
    if covered {
        n.read = true;
    }
}

/// Whether a notification tells of a status the order has since left.
pub fn status_moved_on(n: &Notification) -> bool {
    n.kind == kabinet_core::NotificationKind::StatusChanged && n.current_status != n.status
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::{NotificationKind, Status};

    fn note(id: i64, order_id: i64) -> Notification {
        Notification {
            id,
            kind: NotificationKind::StatusChanged,
            order_id,
            order_number: format!("1000{order_id}"),
            service_name: "Пропуск".into(),
            status: Status::AwaitingConfirmation,
            current_status: Status::AwaitingConfirmation,
            actor: None,
            count: 0,
            preview: None,
            created_at: "2026-11-27T07:30:00Z".into(),
            read: false,
            opens_order: true,
            subject: None,
            service_at: None,
        }
    }

    #[test]
    fn the_panel_opens_closes_and_counts() {
        let mut s = BellState::default();
        assert_eq!(s.badge(), None);
        s.apply(BellAction::Toggle);
        assert!(s.open);
        s.apply(BellAction::Unread(120));
        assert_eq!(s.badge().as_deref(), Some("99+"));
        s.apply(BellAction::Unread(3));
        assert_eq!(s.badge().as_deref(), Some("3"));
        s.apply(BellAction::Close);
        assert!(!s.open);
    }

    #[test]
    fn read_marks_cover_ids_an_order_or_all() {
        let mut list = vec![note(1, 7), note(2, 8), note(3, 7)];
        for n in &mut list {
            mark_read(n, &ReadMark::Order(7));
        }
        assert_eq!(
            list.iter().map(|n| n.read).collect::<Vec<_>>(),
            [true, false, true]
        );
        mark_read(&mut list[1], &ReadMark::Ids(vec![9]));
        assert!(!list[1].read);
        mark_read(&mut list[1], &ReadMark::All);
        assert!(list[1].read);
    }

    #[test]
    fn a_status_that_has_since_changed_is_noticed() {
        let mut n = note(1, 7);
        assert!(!status_moved_on(&n));
        n.current_status = Status::Done;
        assert!(status_moved_on(&n));
    }
}
