//! Answers stored under an Idempotency-Key, per user, so that a retried request is
//! applied once and answered the same.

use rusqlite::{params, Connection, OptionalExtension};

use super::StoreResult;

#[derive(Clone, Debug)]
pub struct StoredAnswer {
    /// The fingerprint of the request the key was used for.
    pub request: String,
    pub status: u16,
    pub body: String,
}

pub fn get(c: &Connection, user_id: i64, key: &str) -> StoreResult<Option<StoredAnswer>> {
    Ok(c.prepare_cached(
        "SELECT request, status, response FROM idempotency_keys WHERE user_id = ?1 AND key = ?2",
    )?
    .query_row(params![user_id, key], |r| {
        Ok(StoredAnswer {
            request: r.get("request")?,
            status: r.get("status")?,
            body: r.get("response")?,
        })
    })
    .optional()?)
}

pub fn put(
    c: &Connection,
    user_id: i64,
    key: &str,
    answer: &StoredAnswer,
    now: i64,
) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO idempotency_keys (user_id, key, request, status, response, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        user_id,
        key,
        answer.request,
        answer.status,
        answer.body,
        now
    ])?;
    Ok(())
}

/// Forgets answers stored before `before`; answers how many.
pub fn prune(c: &Connection, before: i64) -> StoreResult<usize> {
    Ok(
        c.prepare_cached("DELETE FROM idempotency_keys WHERE created_at < ?1")?
            .execute([before])?,
    )
}
