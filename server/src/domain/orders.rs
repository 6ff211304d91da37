//! Acting on orders: the rules of `kabinet-core` applied against
//! the stored order, the change written with its history, events and the stored
//! idempotent answer in one transaction, and the answer read back inside it.

use kabinet_core::{
    changes_status, check_action, Action, ActionRequest, ErrorCode, ErrorReason, HistoryAction,
    OrderView, Status, TransitionInput, Viewer,
};

use crate::domain::access;
use crate::domain::notify::{self, Actor};
use crate::domain::once::{Answer, Once};
use crate::error::{AppError, AppResult};
use crate::live::Hub;
use crate::storage::bundle::{bundle, OrderBundle};
use crate::storage::checkin;
use crate::storage::orders::{self, OrderRow, StatusChange};
use crate::storage::payments::PaymentRow;
use crate::storage::services::ServiceRow;
use crate::storage::users::UserRow;
use crate::storage::Store;
use crate::views;

/// The order's bundle and how `user` sees it, read on a reader (404 for an order
/// they may not see).
async fn load(store: &Store, user: &UserRow, id: i64) -> AppResult<(OrderBundle, Viewer)> {
    let reader = user.id;
    let b = store
        .call(move |c| bundle(c, id, reader))
        .await?
        .ok_or_else(AppError::not_found)?;
    let viewer = access::require_viewer(user, &b.order)?;
    Ok((b, viewer))
}

/// One order as `user` sees it.
pub async fn view(store: &Store, user: &UserRow, id: i64, now: i64) -> AppResult<OrderView> {
    let (b, viewer) = load(store, user, id).await?;
    Ok(views::order_view(&b, viewer, now))
}

/// Takes an action that changes the order's status: confirm or return finished
/// work, close, cancel, the staff's moves and check-in. The order must still be at
/// the version the caller saw (409 `stale_version` otherwise).
#[allow(clippy::too_many_arguments)]
pub async fn act(
    store: &Store,
    hub: &Hub,
    pay: &crate::payments::Payments,
    now: i64,
    user: &UserRow,
    id: i64,
    req: ActionRequest,
    once: Once,
) -> AppResult<Answer<OrderView>> {
    let Some(action) = HistoryAction::of(req.action).filter(|_| changes_status(req.action)) else {
        return Err(AppError::invalid(
            "action",
            "This action is not taken through this endpoint",
        ));
    };
    if req.action == Action::CheckIn {
        // Every check-in is a scan at the door: logged, today's only, undoable.
        return Err(AppError::validation(
            "action",
            ErrorReason::NotForKind,
            "Check visitors in at the door: POST /api/checkin/redeem",
        ));
    }
    if req.action == Action::Close && req.close_outcome.is_none() {
        return Err(AppError::required(
            "close_outcome",
            "Choose «Выполнен» or «Неактуален»",
        ));
    }
    if let Some(previous) = once.stored(store).await? {
        return Ok(previous);
    }
    // Everything is checked on a reader first, so that refusals never queue on the
    // writer; the write checks the version again.
    let (b, viewer) = load(store, user, id).await?;
    if kabinet_core::actor_of(req.action) != viewer {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            ErrorReason::NotYours,
            "You may not take this action on this order",
        ));
    }
    let input = TransitionInput {
        close_outcome: req.close_outcome,
    };
    if let Err(e) = check(&b.order, &b.service, viewer, &req, input, now) {
        // A retry of a request that has just been applied: its answer is stored
        // by now (in the same transaction as the change).
        if let Some(previous) = once.stored(store).await? {
            return Ok(previous);
        }
        return Err(e);
    }
    let actor = Actor::of(user);
    // The service's settings do not change with the order.
    let service = b.service;
    let (answer, woken, closed) = store
        .write(
            move |c| -> AppResult<(Answer<OrderView>, Vec<i64>, Option<PaymentRow>)> {
                if let Some(previous) = once.stored_in(c)? {
                    return Ok((previous, Vec::new(), None));
                }
                let order = orders::get(c, id)?.ok_or_else(AppError::not_found)?;
                let to = check(&order, &service, viewer, &req, input, now)?;
                let change = status_change(&order, to, action, Some(actor.id), now);
                if !orders::set_status(
                    c,
                    &order,
                    req.version,
                    &change,
                    Some(actor.id),
                    action,
                    now,
                )? {
                    return Err(AppError::stale(order.status));
                }
                let mut closed = None;
                if matches!(to, Status::Cancelled | Status::RefundPending) {
                    // A cancelled ticket's entry code scans as cancelled from now on.
                    checkin::revoke_code(c, id, checkin::Revoked::Cancelled, now)?;
                    // The open payment closes; money paid online is requested back.
                    closed = crate::domain::payments::on_cancelled(c, id, to, now)?.payment;
                }
                // The answer as stored; the system line and notifications written
                // next do not change it (system lines are never unread).
                let b = bundle(c, id, actor.id)?.ok_or_else(AppError::not_found)?;
                let woken = notify::status_changed(c, &b.order, Some(&actor), action, now)?;
                let answer = once.remember(c, 200, views::order_view(&b, viewer, now), now)?;
                Ok((answer, woken, closed))
            },
        )
        .await?;
    hub.wake(woken);
    // After the commit (no network calls in the writer): the closed payment's
    // page at the provider no longer takes money for a cancelled order.
    if let Some(p) = closed {
        crate::domain::payments::abandon(pay, &p).await;
    }
    Ok(answer)
}

/// The status the action leads to, or why not: stale version first, then the rules.
fn check(
    order: &OrderRow,
    service: &ServiceRow,
    viewer: Viewer,
    req: &ActionRequest,
    input: TransitionInput,
    now: i64,
) -> AppResult<Status> {
    if order.version != req.version {
        return Err(AppError::stale(order.status));
    }
    let facts = views::facts(order, service, now);
    check_action(&facts, viewer, req.action, input)
        .map_err(|e| AppError::conflict(e.reason(), e.message()))
}

/// What a move to `to` sets besides the status: since when an order waits for
/// confirmation, when the visitor was checked in, who executes the order.
fn status_change(
    order: &OrderRow,
    to: Status,
    action: HistoryAction,
    actor_id: Option<i64>,
    now: i64,
) -> StatusChange {
    StatusChange {
        to,
        awaiting_since: (to == Status::AwaitingConfirmation).then_some(now),
        checked_in_at: if action == HistoryAction::CheckIn {
            Some(now)
        } else {
            order.checked_in_at
        },
        executor_id: if action == HistoryAction::TakeIntoWork {
            actor_id
        } else {
            order.executor_id
        },
    }
}

/// Confirms every order whose auto-confirm time has passed; answers how many.
pub async fn auto_confirm(store: &Store, hub: &Hub, now: i64) -> AppResult<usize> {
    let due = store
        .call(move |c| orders::due_auto_confirm(c, now))
        .await?;
    let mut done = 0;
    for (id, version) in due {
        // A user who confirmed or returned it meanwhile wins: the version moved on.
        let woken = store
            .write(move |c| -> AppResult<Vec<i64>> {
                let Some(order) = orders::get(c, id)? else {
                    return Ok(Vec::new());
                };
                let action = HistoryAction::AutoConfirm;
                let change = status_change(&order, Status::Done, action, None, now);
                if order.status != Status::AwaitingConfirmation
                    || !orders::set_status(c, &order, version, &change, None, action, now)?
                {
                    return Ok(Vec::new());
                }
                let after = orders::get(c, id)?.ok_or_else(AppError::not_found)?;
                Ok(notify::status_changed(c, &after, None, action, now)?)
            })
            .await?;
        done += usize::from(!woken.is_empty());
        hub.wake(woken);
    }
    Ok(done)
}
