//! Taking an action on an order: which dialog is open, the close dialog's choice,
//! the request on its way (with the idempotency key a retry reuses), and what the
//! user is told afterwards.

use std::rc::Rc;

use kabinet_core::{Action, CloseOutcome, ErrorReason};
use yew::Reducible;

use crate::api::ApiError;
use crate::i18n::T;

/// How a note looks: a success and a warning never share one look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Success,
    Warning,
}

/// What the user is told after an action.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// It went through.
    Done(T),
    /// The order changed under the user; the fresh one is shown. Worded from the
    /// server's reason (e.g. stale_version with the status now).
    Changed(ApiError),
}

impl Notice {
    pub fn tone(&self) -> Tone {
        match self {
            Notice::Done(_) => Tone::Success,
            Notice::Changed(_) => Tone::Warning,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActState {
    /// The dialog open for this action (close, cancel).
    pub dialog: Option<Action>,
    /// The choice in the close dialog.
    pub outcome: Option<CloseOutcome>,
    pub busy: bool,
    /// Kept across a failed send so that «Повторить» is the same request.
    pub key: Option<String>,
    /// What went wrong, and the action «Повторить» resends.
    pub failed: Option<(Action, ApiError)>,
    pub notice: Option<Notice>,
}

pub enum ActMsg {
    Open(Action),
    Choose(CloseOutcome),
    Dismiss,
    Start(String),
    Done(Action),
    Failed(Action, ApiError),
}

/// How the actions are taken: at once, or after a dialog (the destructive ones).
pub fn needs_dialog(a: Action) -> bool {
    matches!(a, Action::Close | Action::Cancel | Action::StaffCancel)
}

/// What the user is told after an action went through.
pub fn done_notice(a: Action) -> T {
    match a {
        Action::ReturnToWork => T::ReturnedInviteChat,
        Action::ConfirmCompletion => T::ConfirmedThanks,
        _ => T::StatusChanged,
    }
}

/// A refusal that means "the order is not what you saw": show the fresh one and
/// say so, rather than offer «Повторить».
pub fn is_changed(e: &ApiError) -> bool {
    e.status() == Some(409)
        || matches!(
            e.reason(),
            Some(ErrorReason::StaleVersion | ErrorReason::NotAllowedNow)
        )
}

impl ActState {
    pub fn apply(&mut self, msg: ActMsg) {
        match msg {
            ActMsg::Open(a) => {
                *self = ActState {
                    dialog: Some(a),
                    ..ActState::default()
                }
            }
            ActMsg::Choose(o) => self.outcome = Some(o),
            ActMsg::Dismiss => *self = ActState::default(),
            ActMsg::Start(key) => {
                self.busy = true;
                self.key = Some(key);
                self.failed = None;
                self.notice = None;
            }
            ActMsg::Done(a) => {
                *self = ActState {
                    notice: Some(Notice::Done(done_notice(a))),
                    ..ActState::default()
                }
            }
            ActMsg::Failed(a, e) if is_changed(&e) => {
                // The dialog closes: what it asked about may not apply any more.
                *self = ActState {
                    notice: Some(Notice::Changed(e)),
                    ..ActState::default()
                };
                let _ = a;
            }
            ActMsg::Failed(a, e) => {
                self.busy = false;
                self.failed = Some((a, e));
            }
        }
    }

    /// «Да» of the dialog may be pressed: not busy, and the close dialog has a choice.
    pub fn ready(&self) -> bool {
        !self.busy && (self.dialog != Some(Action::Close) || self.outcome.is_some())
    }
}

impl Reducible for ActState {
    type Action = ActMsg;

    fn reduce(self: Rc<Self>, msg: ActMsg) -> Rc<Self> {
        let mut s = (*self).clone();
        s.apply(msg);
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_close_dialog_waits_for_a_choice_then_sends_once() {
        let mut s = ActState::default();
        s.apply(ActMsg::Open(Action::Close));
        assert_eq!(s.dialog, Some(Action::Close));
        assert!(!s.ready(), "«Да» waits for «Выполнен» or «Неактуален»");
        s.apply(ActMsg::Choose(CloseOutcome::NotRelevant));
        assert!(s.ready());
        s.apply(ActMsg::Start("k1".into()));
        assert!(s.busy && !s.ready(), "never twice at once");
        assert_eq!(s.outcome, Some(CloseOutcome::NotRelevant));
        s.apply(ActMsg::Done(Action::Close));
        assert_eq!(s.dialog, None);
        assert_eq!(s.notice, Some(Notice::Done(T::StatusChanged)));
        assert_eq!(s.notice.as_ref().unwrap().tone(), Tone::Success);
        assert_eq!(s.key, None, "the next action gets a new key");
    }

    #[test]
    fn a_network_failure_keeps_the_key_for_retry() {
        let mut s = ActState::default();
        s.apply(ActMsg::Start("k1".into()));
        s.apply(ActMsg::Failed(
            Action::ConfirmCompletion,
            ApiError::Network("down".into()),
        ));
        assert!(!s.busy);
        assert_eq!(s.key.as_deref(), Some("k1"));
        assert!(matches!(s.failed, Some((Action::ConfirmCompletion, _))));
        // «Повторить»: the same key goes again and the failure clears.
        s.apply(ActMsg::Start("k1".into()));
        assert_eq!(s.failed, None);
    }

    #[test]
    fn a_change_made_meanwhile_is_a_warning_not_a_retry() {
        let mut s = ActState::default();
        s.apply(ActMsg::Open(Action::Cancel));
        s.apply(ActMsg::Start("k".into()));
        s.apply(ActMsg::Failed(
            Action::Cancel,
            ApiError::reason_only(409, ErrorReason::StaleVersion),
        ));
        assert_eq!(s.dialog, None, "the dialog closes");
        assert_eq!(s.failed, None, "nothing to retry");
        assert_eq!(s.notice.as_ref().unwrap().tone(), Tone::Warning);
    }

    #[test]
    fn destructive_actions_ask_first() {
        assert!(needs_dialog(Action::Cancel));
        assert!(needs_dialog(Action::Close));
        assert!(needs_dialog(Action::StaffCancel));
        assert!(!needs_dialog(Action::ConfirmCompletion));
        assert_eq!(done_notice(Action::ReturnToWork), T::ReturnedInviteChat);
    }
}
