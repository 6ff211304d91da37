//! Background jobs. The auto-confirm sweep turns orders that waited too long for
//! the user's confirmation into done; it reads only the database and the clock, so
//! it survives restarts and tests run it directly after moving the clock. Orders
//! left unpaid are cancelled on the same sweep; refunds have a worker of their own.

use std::time::Duration;

use crate::error::AppError;
use crate::storage::{events, idempotency, uploads, users};
use crate::{domain, AppState};

/// How often the sweep runs.
const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Confirms every order whose auto-confirm time has passed; answers how many.
pub async fn auto_confirm(state: &AppState) -> Result<usize, AppError> {
    domain::orders::auto_confirm(&state.store, &state.hub, state.clock.now()).await
}

/// The live stream keeps a week of events; a client away longer reloads.
const KEEP_EVENTS: i64 = 7 * 24 * 3600;

/// Drops live events older than a week; answers how many.
pub async fn prune_events(state: &AppState) -> Result<usize, AppError> {
    let before = state.clock.now() - KEEP_EVENTS;
    Ok(state.store.write(move |c| events::prune(c, before)).await?)
}

/// Uploads never sent are kept a day.
const KEEP_UPLOADS: i64 = 24 * 3600;

/// Forgets uploads nobody sent.
pub async fn expire_uploads(state: &AppState) -> Result<usize, AppError> {
    let before = state.clock.now() - KEEP_UPLOADS;
    Ok(state
        .store
        .write(move |c| uploads::expire(c, before))
        .await?)
}

/// A retry comes within minutes; stored answers are kept a day.
const KEEP_ANSWERS: i64 = 24 * 3600;

/// Forgets ended sessions, old idempotent answers and the ids of expired launch
/// tokens; answers how many rows.
pub async fn prune_sessions_and_answers(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    Ok(state
        .store
        .write(move |c| -> crate::storage::StoreResult<usize> {
            Ok(users::prune_sessions(c, now)?
                + idempotency::prune(c, now - KEEP_ANSWERS)?
                // An expired launch token is refused as expired: its id need not
                // be kept (a minute's grace for clocks that differ).
                + crate::storage::portals::prune_used_tokens(c, now - 60)?)
        })
        .await?)
}

/// Asks the provider for requested refunds; answers how many changed.
pub async fn refunds(state: &AppState) -> Result<usize, AppError> {
    domain::payments::process_refunds(&state.store, &state.hub, &state.payments, state.clock.now())
        .await
}

/// Fetches again pending payments nothing was heard of for five minutes (their
/// webhook may be lost); answers how many had finished.
pub async fn refetch_payments(state: &AppState) -> Result<usize, AppError> {
    domain::payments::refetch_pending(&state.store, &state.hub, &state.payments, state.clock.now())
        .await
}

/// Cancels new orders holding capacity whose latest online payment attempt did
/// not succeed within 30 minutes (the provider is asked first).
pub async fn cancel_unpaid(state: &AppState) -> Result<usize, AppError> {
    domain::payments::cancel_unpaid(&state.store, &state.hub, &state.payments, state.clock.now())
        .await
}

/// The refund worker: runs when woken (an order was cancelled, money came in for
/// a cancelled one) and at every sweep interval, to retry what the provider did
/// not take and to fetch refunds whose webhook did not come.
pub fn spawn_refund_worker(state: AppState) {
    let due = state.payments.refunds_due.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = due.notified() => {}
                _ = tokio::time::sleep(SWEEP_EVERY) => {}
            }
            if let Err(e) = refunds(&state).await {
                tracing::warn!(?e, "the refund worker failed");
            }
        }
    });
}

/// Starts the periodic jobs.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            match auto_confirm(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "auto-confirmed orders"),
                Err(e) => tracing::warn!(?e, "auto-confirm sweep failed"),
            }
            match refetch_payments(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "pending payments found finished"),
                Err(e) => tracing::warn!(?e, "fetching pending payments again failed"),
            }
            match cancel_unpaid(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "cancelled orders left unpaid"),
                Err(e) => tracing::warn!(?e, "cancelling unpaid orders failed"),
            }
            if let Err(e) = prune_events(&state).await {
                tracing::warn!(?e, "pruning live events failed");
            }
            if let Err(e) = expire_uploads(&state).await {
                tracing::warn!(?e, "expiring uploads failed");
            }
            if let Err(e) = prune_sessions_and_answers(&state).await {
                tracing::warn!(?e, "pruning sessions and stored answers failed");
            }
        }
    });
}
