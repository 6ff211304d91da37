//! Writes applied once per Idempotency-Key: the answer is stored in the same
//! transaction as the change, and a retry (even one racing its original) gets it
//! back; the key reused for another request is refused.

use rusqlite::Connection;
use serde::Serialize;

use kabinet_core::ErrorReason;

use crate::error::{AppError, AppResult};
use crate::storage::idempotency::{self, StoredAnswer};
use crate::storage::Store;

/// A request's key (if sent) and its fingerprint (a hash of method, path and body).
#[derive(Clone, Debug)]
pub struct Once {
    pub user_id: i64,
    pub key: Option<String>,
    pub fingerprint: String,
}

/// A write's answer: made now, or the one stored for an earlier try.
pub enum Answer<T> {
    Fresh { status: u16, value: T },
    Replay(StoredAnswer),
}

impl Once {
    /// The stored answer to an earlier try, read before doing any work.
    pub async fn stored<T>(&self, store: &Store) -> AppResult<Option<Answer<T>>> {
        let Some(key) = self.key.clone() else {
            return Ok(None);
        };
        let user_id = self.user_id;
        let found = store
            .call(move |c| idempotency::get(c, user_id, &key))
            .await?;
        found.map(|a| self.replay(a)).transpose()
    }

    /// The same, inside the write: the authoritative check.
    pub fn stored_in<T>(&self, c: &Connection) -> AppResult<Option<Answer<T>>> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        idempotency::get(c, self.user_id, key)?
            .map(|a| self.replay(a))
            .transpose()
    }

    fn replay<T>(&self, stored: StoredAnswer) -> AppResult<Answer<T>> {
        if stored.request != self.fingerprint {
            return Err(AppError::validation(
                "Idempotency-Key",
                ErrorReason::KeyReused,
                "This key was already used for another request",
            ));
        }
        Ok(Answer::Replay(stored))
    }

    /// Stores the answer (when a key was sent) and hands it back.
    pub fn remember<T: Serialize>(
        &self,
        c: &Connection,
        status: u16,
        value: T,
        now: i64,
    ) -> AppResult<Answer<T>> {
        if let Some(key) = &self.key {
            let body =
                serde_json::to_string(&value).map_err(|e| AppError::internal(e.to_string()))?;
            let answer = StoredAnswer {
                request: self.fingerprint.clone(),
                status,
                body,
            };
            idempotency::put(c, self.user_id, key, &answer, now)?;
        }
        Ok(Answer::Fresh { status, value })
    }
}
