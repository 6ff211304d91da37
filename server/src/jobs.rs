//! Background jobs. The auto-confirm sweep turns orders that waited too long for
//! the user's confirmation into done; it reads only the database and the clock, so
//! it survives restarts and tests run it directly after moving the clock.

use std::time::Duration;

use kabinet_core::Status;

use crate::error::AppError;
use crate::storage::{live, Store, StoreError};
use crate::AppState;

/// How often the sweep runs.
const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Confirms every order whose auto-confirm time has passed; answers how many.
pub async fn auto_confirm(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    let due = state.store.due_auto_confirm(now).await?;
    let mut done = 0;
    for (id, version) in due {
        // A user who confirmed or returned it meanwhile wins: the version moved on.
        let woken = state
            .store
            .write(move |c| -> Result<Vec<i64>, StoreError> {
                let Some(order) = Store::order_row(c, id)? else {
                    return Ok(Vec::new());
                };
                if order.version != version
                    || !Store::set_status(
                        c,
                        id,
                        version,
                        Status::AwaitingConfirmation,
                        Status::Done,
                        None,
                        "auto_confirm",
                        now,
                    )?
                {
                    return Ok(Vec::new());
                }
                live::status_changed(c, &order, Status::Done, None, "auto_confirm", now)
            })
            .await?;
        done += usize::from(!woken.is_empty());
        state.hub.wake(woken);
    }
    Ok(done)
}

/// The live stream keeps a week of events; a client away longer reloads.
const KEEP_EVENTS: i64 = 7 * 24 * 3600;

/// Drops live events older than a week; answers how many.
pub async fn prune_events(state: &AppState) -> Result<usize, AppError> {
    let before = state.clock.now() - KEEP_EVENTS;
    Ok(state
        .store
        .write(move |c| live::prune_events(c, before))
        .await?)
}

/// Uploads never sent are kept a day.
const KEEP_UPLOADS: i64 = 24 * 3600;

/// Forgets uploads nobody sent.
pub async fn expire_uploads(state: &AppState) -> Result<usize, AppError> {
    let before = state.clock.now() - KEEP_UPLOADS;
    Ok(state
        .store
        .write(move |c| crate::storage::chat::expire_uploads(c, before))
        .await?)
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
            if let Err(e) = prune_events(&state).await {
                tracing::warn!(?e, "pruning live events failed");
            }
            if let Err(e) = expire_uploads(&state).await {
                tracing::warn!(?e, "expiring uploads failed");
            }
        }
    });
}
