//! The order rules (spec sections 2, 6-12): which statuses a kind has, which status
//! an action leads to, and which actions a viewer may take now. Pure functions: the
//! server enforces them, the app shows what they allow.

use crate::types::{Action, CancelBlock, CloseOutcome, ErrorReason, Kind, Status};

/// How the person looking at an order relates to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// The tenant who placed the order.
    Owner,
    /// Management company staff.
    Staff,
    /// Checks visitors in at events.
    EventManager,
}

/// What the rules need to know about one order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderFacts {
    pub kind: Kind,
    pub status: Status,
    /// Money already paid, minor units.
    pub paid: i64,
    /// Money still to pay after a prepayment, minor units.
    pub remainder: i64,
    /// The service allows the user to cancel.
    pub cancellable: bool,
    /// The service's cancellation deadline has passed.
    pub cancel_deadline_passed: bool,
    /// The booked time, or the ticket's day, is over.
    pub service_over: bool,
}

/// Why an action was refused; `message` is shown to the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// This kind of order never allows the action.
    NotForKind,
    /// Not in the order's current status.
    NotInStatus,
    /// The viewer may not take this action.
    NotYours,
    NotCancellable,
    DeadlinePassed,
    CheckedIn,
    NothingToPay,
    /// The booked time or the ticket's day is over.
    ServiceOver,
}

impl RuleError {
    /// The stable reason the API answers with.
    pub fn reason(self) -> ErrorReason {
        match self {
            RuleError::NotForKind => ErrorReason::NotForKind,
            RuleError::NotInStatus => ErrorReason::NotAllowedNow,
            RuleError::NotYours => ErrorReason::NotYours,
            RuleError::NotCancellable => ErrorReason::NotCancellable,
            RuleError::DeadlinePassed => ErrorReason::CancelDeadlinePassed,
            RuleError::CheckedIn => ErrorReason::CheckedIn,
            RuleError::NothingToPay => ErrorReason::NothingToPay,
            RuleError::ServiceOver => ErrorReason::NotAllowedNow,
        }
    }

    /// An English sentence for API clients; the app words the reason itself.
    pub fn message(self) -> &'static str {
        match self {
            RuleError::NotForKind => "This action is not available for this kind of order",
            RuleError::NotInStatus => "This action is not available in the order's current status",
            RuleError::NotYours => "You may not take this action on this order",
            RuleError::NotCancellable => {
                "This service cannot be cancelled online; write in the order's chat"
            }
            RuleError::DeadlinePassed => {
                "The cancellation deadline has passed; write in the order's chat"
            }
            RuleError::CheckedIn => "The visitor has already been checked in",
            RuleError::NothingToPay => "There is nothing left to pay",
            RuleError::ServiceOver => "The booked time is over",
        }
    }
}

/// Service and request: the kinds staff «complete» and the user confirms.
pub fn is_confirmable_kind(kind: Kind) -> bool {
    matches!(kind, Kind::Service | Kind::Request)
}

/// The kinds the user cancels (with a refund) rather than closes.
pub fn is_cancellable_kind(kind: Kind) -> bool {
    !is_confirmable_kind(kind)
}

/// The kinds that are paid for and so have a «Оплата» block.
pub fn is_paid_kind(kind: Kind) -> bool {
    is_cancellable_kind(kind)
}

/// The kinds that show a service date and time in the header.
pub fn has_service_time(kind: Kind) -> bool {
    matches!(kind, Kind::Goods | Kind::Booking | Kind::Event)
}

/// The kinds with an «Дополнительные услуги» block (all but event tickets).
pub fn has_additional_services(kind: Kind) -> bool {
    kind != Kind::Event
}

/// Every status an order of `kind` can be in.
pub fn statuses_for(kind: Kind) -> &'static [Status] {
    if is_confirmable_kind(kind) {
        &[
            Status::New,
            Status::InProgress,
            Status::AwaitingConfirmation,
            Status::Done,
            Status::Cancelled,
        ]
    } else {
        &[
            Status::New,
            Status::InProgress,
            Status::Done,
            Status::Cancelled,
            Status::RefundPending,
        ]
    }
}

/// Extra input a transition may need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TransitionInput {
    /// For [`Action::Close`].
    pub close_outcome: Option<CloseOutcome>,
}

/// A cancelled order with money paid waits for the refund (only paid kinds take money).
fn cancelled_status(facts: &OrderFacts) -> Status {
    if is_paid_kind(facts.kind) && facts.paid > 0 {
        Status::RefundPending
    } else {
        Status::Cancelled
    }
}

/// The status `action` leads to from the order's current status, or why it may not
/// be taken. Actions that change no status answer the current one. Who may act is
/// checked separately by [`check_action`].
pub fn next_status(
    facts: &OrderFacts,
    action: Action,
    input: TransitionInput,
) -> Result<Status, RuleError> {
    use Status::*;
    let kind = facts.kind;
    let status = facts.status;
    let active = status.group() == crate::types::StatusGroup::Active;
    match action {
        Action::ConfirmCompletion | Action::ReturnToWork => {
            if !is_confirmable_kind(kind) {
                return Err(RuleError::NotForKind);
            }
            if status != AwaitingConfirmation {
                return Err(RuleError::NotInStatus);
            }
            Ok(if action == Action::ConfirmCompletion {
                Done
            } else {
                InProgress
            })
        }
        Action::Close => {
            if !is_confirmable_kind(kind) {
                return Err(RuleError::NotForKind);
            }
            if !matches!(status, New | InProgress) {
                return Err(RuleError::NotInStatus);
            }
            Ok(match input.close_outcome.unwrap_or(CloseOutcome::Done) {
                CloseOutcome::Done => Done,
                CloseOutcome::NotRelevant => Cancelled,
            })
        }
        Action::Cancel => {
            if !is_cancellable_kind(kind) {
                return Err(RuleError::NotForKind);
            }
            if kind == Kind::Event && status == Done {
                return Err(RuleError::CheckedIn);
            }
            if !matches!(status, New | InProgress) {
                return Err(RuleError::NotInStatus);
            }
            if !facts.cancellable {
                return Err(RuleError::NotCancellable);
            }
            if facts.cancel_deadline_passed {
                return Err(RuleError::DeadlinePassed);
            }
            Ok(cancelled_status(facts))
        }
        Action::Repeat => {
            if matches!(kind, Kind::Goods | Kind::Booking) {
                Ok(status)
            } else {
                Err(RuleError::NotForKind)
            }
        }
        Action::Pay => {
            if !is_paid_kind(kind) {
                return Err(RuleError::NotForKind);
            }
            if !active {
                return Err(RuleError::NotInStatus);
            }
            if facts.remainder <= 0 {
                return Err(RuleError::NothingToPay);
            }
            Ok(status)
        }
        Action::Share | Action::TransferTicket => {
            let kind_ok = match action {
                Action::Share => kind == Kind::Booking,
                _ => kind == Kind::Coworking,
            };
            if !kind_ok {
                return Err(RuleError::NotForKind);
            }
            if !active {
                return Err(RuleError::NotInStatus);
            }
            if facts.service_over {
                return Err(RuleError::ServiceOver);
            }
            Ok(status)
        }
        Action::ShowQr => {
            if kind != Kind::Event {
                return Err(RuleError::NotForKind);
            }
            if !active {
                return Err(RuleError::NotInStatus);
            }
            Ok(status)
        }
        Action::TakeIntoWork => {
            if status != New {
                return Err(RuleError::NotInStatus);
            }
            Ok(InProgress)
        }
        Action::MarkAwaitingConfirmation => {
            if !is_confirmable_kind(kind) {
                return Err(RuleError::NotForKind);
            }
            if !matches!(status, New | InProgress) {
                return Err(RuleError::NotInStatus);
            }
            Ok(AwaitingConfirmation)
        }
        Action::Complete => {
            // An event ticket is «Выполнен» when its visitor is checked in at the
            // door, never by a staff member's say-so.
            if kind == Kind::Event {
                return Err(RuleError::NotForKind);
            }
            if !active {
                return Err(RuleError::NotInStatus);
            }
            Ok(Done)
        }
        Action::StaffCancel => {
            if !active {
                return Err(RuleError::NotInStatus);
            }
            Ok(cancelled_status(facts))
        }
        Action::CompleteRefund => {
            if status != RefundPending {
                return Err(RuleError::NotInStatus);
            }
            Ok(Cancelled)
        }
        Action::CheckIn => {
            if kind != Kind::Event {
                return Err(RuleError::NotForKind);
            }
            if status == Done {
                return Err(RuleError::CheckedIn);
            }
            if !active {
                return Err(RuleError::NotInStatus);
            }
            Ok(Done)
        }
    }
}

/// Whether the action moves the order to another status (through
/// `POST /api/orders/{id}/actions`); the others have endpoints of their own.
pub fn changes_status(action: Action) -> bool {
    !matches!(
        action,
        Action::Repeat | Action::Pay | Action::Share | Action::TransferTicket | Action::ShowQr
    )
}

/// Which viewer an action belongs to.
pub fn actor_of(action: Action) -> Viewer {
    match action {
        Action::ConfirmCompletion
        | Action::ReturnToWork
        | Action::Close
        | Action::Cancel
        | Action::Repeat
        | Action::Pay
        | Action::Share
        | Action::TransferTicket
        | Action::ShowQr => Viewer::Owner,
        Action::TakeIntoWork
        | Action::MarkAwaitingConfirmation
        | Action::Complete
        | Action::StaffCancel
        | Action::CompleteRefund => Viewer::Staff,
        Action::CheckIn => Viewer::EventManager,
    }
}

/// May `viewer` take `action` now? The answer is the status it leads to.
pub fn check_action(
    facts: &OrderFacts,
    viewer: Viewer,
    action: Action,
    input: TransitionInput,
) -> Result<Status, RuleError> {
    if actor_of(action) != viewer {
        return Err(RuleError::NotYours);
    }
    next_status(facts, action, input)
}

/// The actions the rules allow `viewer` now, in display order.
pub fn possible_actions(facts: &OrderFacts, viewer: Viewer) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|&a| check_action(facts, viewer, a, TransitionInput::default()).is_ok())
        .collect()
}

/// The actions `viewer` may take now: what the UI offers and the server accepts.
pub fn allowed_actions(facts: &OrderFacts, viewer: Viewer) -> Vec<Action> {
    possible_actions(facts, viewer)
}

/// Why the owner cannot cancel an order of a cancellable kind now, if that is for
/// a reason the user should be told (not simply a finished order).
pub fn cancel_block(facts: &OrderFacts) -> Option<CancelBlock> {
    match next_status(facts, Action::Cancel, TransitionInput::default()) {
        Err(RuleError::NotCancellable) => Some(CancelBlock::NotCancellable),
        Err(RuleError::DeadlinePassed) => Some(CancelBlock::DeadlinePassed),
        Err(RuleError::CheckedIn) => Some(CancelBlock::CheckedIn),
        _ => None,
    }
}

/// The actions that live in the ⋮ menu. The menu is not shown at all on finished
/// orders (spec section 8); «Повторить заказ» is then a plain button.
pub fn is_menu_action(action: Action) -> bool {
    matches!(action, Action::Close | Action::Cancel | Action::Repeat)
}

/// Whether the ⋮ menu is shown for an order in `status`.
pub fn shows_menu(status: Status) -> bool {
    !matches!(
        status,
        Status::Done | Status::Cancelled | Status::RefundPending
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(kind: Kind, status: Status) -> OrderFacts {
        OrderFacts {
            kind,
            status,
            paid: 0,
            remainder: 0,
            cancellable: true,
            cancel_deadline_passed: false,
            service_over: false,
        }
    }

    /// The expected owner actions, written out independently of `next_status` as
    /// the spec states them, for every kind and status.
    fn expected_owner(f: &OrderFacts) -> Vec<Action> {
        use Kind::*;
        use Status::*;
        let mut v = Vec::new();
        let active = matches!(f.status, New | InProgress | AwaitingConfirmation);
        let confirmable = matches!(f.kind, Service | Request);
        if confirmable && f.status == AwaitingConfirmation {
            v.push(Action::ConfirmCompletion);
            v.push(Action::ReturnToWork);
        }
        if confirmable && matches!(f.status, New | InProgress) {
            v.push(Action::Close);
        }
        if !confirmable
            && matches!(f.status, New | InProgress)
            && f.cancellable
            && !f.cancel_deadline_passed
        {
            v.push(Action::Cancel);
        }
        if matches!(f.kind, Goods | Booking) {
            v.push(Action::Repeat);
        }
        if matches!(f.kind, Booking | Goods | Coworking | Hotel | Event)
            && active
            && f.remainder > 0
        {
            v.push(Action::Pay);
        }
        if f.kind == Booking && active && !f.service_over {
            v.push(Action::Share);
        }
        if f.kind == Coworking && active && !f.service_over {
            v.push(Action::TransferTicket);
        }
        if f.kind == Event && active {
            v.push(Action::ShowQr);
        }
        v
    }

    #[test]
    fn owner_actions_for_every_kind_and_status() {
        for kind in Kind::ALL {
            for &status in statuses_for(kind) {
                for (cancellable, deadline, remainder, over) in [
                    (true, false, 0, false),
                    (false, false, 0, false),
                    (true, true, 0, false),
                    (true, false, 50_000, false),
                    (true, true, 0, true),
                ] {
                    let f = OrderFacts {
                        cancellable,
                        cancel_deadline_passed: deadline,
                        remainder,
                        service_over: over,
                        ..facts(kind, status)
                    };
                    assert_eq!(
                        possible_actions(&f, Viewer::Owner),
                        expected_owner(&f),
                        "{kind:?} {status:?} cancellable={cancellable} deadline={deadline} remainder={remainder} over={over}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_kind_action_and_status_has_a_defined_answer() {
        // Each (kind, status, action) either leads to a status the kind can have or
        // is refused: no transition leaves the kind's status set.
        for kind in Kind::ALL {
            for &status in statuses_for(kind) {
                for action in Action::ALL {
                    for paid in [0, 100] {
                        let f = OrderFacts {
                            paid,
                            ..facts(kind, status)
                        };
                        if let Ok(next) = next_status(&f, action, TransitionInput::default()) {
                            assert!(
                                statuses_for(kind).contains(&next),
                                "{kind:?} {status:?} {action:?} -> {next:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn confirm_and_return_from_awaiting_confirmation() {
        for kind in [Kind::Service, Kind::Request] {
            let f = facts(kind, Status::AwaitingConfirmation);
            let ok = |a| check_action(&f, Viewer::Owner, a, TransitionInput::default());
            assert_eq!(ok(Action::ConfirmCompletion), Ok(Status::Done));
            assert_eq!(ok(Action::ReturnToWork), Ok(Status::InProgress));
        }
        let f = facts(Kind::Goods, Status::InProgress);
        assert_eq!(
            next_status(&f, Action::ConfirmCompletion, TransitionInput::default()),
            Err(RuleError::NotForKind)
        );
    }

    #[test]
    fn close_outcomes() {
        for status in [Status::New, Status::InProgress] {
            let f = facts(Kind::Request, status);
            let close = |o| {
                next_status(
                    &f,
                    Action::Close,
                    TransitionInput {
                        close_outcome: Some(o),
                    },
                )
            };
            assert_eq!(close(CloseOutcome::Done), Ok(Status::Done));
            assert_eq!(close(CloseOutcome::NotRelevant), Ok(Status::Cancelled));
        }
        for kind in [Kind::Booking, Kind::Goods, Kind::Coworking, Kind::Hotel] {
            assert_eq!(
                next_status(
                    &facts(kind, Status::New),
                    Action::Close,
                    TransitionInput::default()
                ),
                Err(RuleError::NotForKind)
            );
        }
    }

    #[test]
    fn cancel_refunds_when_paid() {
        let mut f = facts(Kind::Booking, Status::InProgress);
        assert_eq!(
            next_status(&f, Action::Cancel, TransitionInput::default()),
            Ok(Status::Cancelled)
        );
        f.paid = 1;
        assert_eq!(
            next_status(&f, Action::Cancel, TransitionInput::default()),
            Ok(Status::RefundPending)
        );
    }

    #[test]
    fn cancel_blocks_are_reported() {
        let mut f = facts(Kind::Hotel, Status::New);
        assert_eq!(cancel_block(&f), None);
        f.cancellable = false;
        assert_eq!(cancel_block(&f), Some(CancelBlock::NotCancellable));
        f.cancellable = true;
        f.cancel_deadline_passed = true;
        assert_eq!(cancel_block(&f), Some(CancelBlock::DeadlinePassed));
        let checked_in = facts(Kind::Event, Status::Done);
        assert_eq!(cancel_block(&checked_in), Some(CancelBlock::CheckedIn));
        // A finished booking is simply finished: no reason to explain.
        assert_eq!(cancel_block(&facts(Kind::Booking, Status::Done)), None);
        // Confirmable kinds are closed, not cancelled.
        assert_eq!(cancel_block(&facts(Kind::Service, Status::New)), None);
    }

    #[test]
    fn every_allowed_action_is_offered() {
        for kind in Kind::ALL {
            for &status in statuses_for(kind) {
                let f = OrderFacts {
                    remainder: 50_000,
                    ..facts(kind, status)
                };
                let offered = allowed_actions(&f, Viewer::Owner);
                assert_eq!(offered, expected_owner(&f), "{kind:?} {status:?}");
            }
        }
    }

    #[test]
    fn staff_and_event_manager_actions() {
        let f = facts(Kind::Service, Status::New);
        assert_eq!(
            allowed_actions(&f, Viewer::Staff),
            vec![
                Action::TakeIntoWork,
                Action::MarkAwaitingConfirmation,
                Action::Complete,
                Action::StaffCancel
            ]
        );
        let refund = facts(Kind::Goods, Status::RefundPending);
        assert_eq!(
            allowed_actions(&refund, Viewer::Staff),
            vec![Action::CompleteRefund]
        );
        let ev = facts(Kind::Event, Status::InProgress);
        assert_eq!(
            allowed_actions(&ev, Viewer::EventManager),
            vec![Action::CheckIn]
        );
        assert_eq!(
            check_action(
                &facts(Kind::Event, Status::Done),
                Viewer::EventManager,
                Action::CheckIn,
                TransitionInput::default()
            ),
            Err(RuleError::CheckedIn)
        );
        // A tenant can never take a staff action, nor staff an owner's.
        assert_eq!(
            check_action(
                &f,
                Viewer::Owner,
                Action::TakeIntoWork,
                TransitionInput::default()
            ),
            Err(RuleError::NotYours)
        );
        assert_eq!(
            check_action(&f, Viewer::Staff, Action::Close, TransitionInput::default()),
            Err(RuleError::NotYours)
        );
    }

    #[test]
    fn no_menu_on_finished_orders() {
        assert!(shows_menu(Status::New));
        assert!(shows_menu(Status::AwaitingConfirmation));
        assert!(!shows_menu(Status::Done));
        assert!(!shows_menu(Status::Cancelled));
        assert!(!shows_menu(Status::RefundPending));
    }
}
