//! Background jobs. The auto-confirm sweep turns orders that waited too long for
//! the user's confirmation into done; it reads only the database and the clock, so
//! it survives restarts and tests run it directly after moving the clock.

use std::time::Duration;

use kabinet_core::Status;

use crate::error::AppError;
use crate::storage::Store;
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
        let changed = state
            .store
            .write(move |c| {
                Store::set_status(
                    c,
                    id,
                    version,
                    Status::AwaitingConfirmation,
                    Status::Done,
                    None,
                    "auto_confirm",
                    now,
                )
            })
            .await?;
        done += usize::from(changed);
    }
    Ok(done)
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
        }
    });
}
