//! Each user's live event log: what the stream sends, in order, kept a week. The
//! payload is JSON made by the domain; here it is only text.

use rusqlite::{params, Connection};

use super::StoreResult;

/// Appends an event to a user's log.
pub fn push(c: &Connection, user_id: i64, payload: &str, now: i64) -> StoreResult<()> {
    c.prepare_cached("INSERT INTO events (user_id, payload, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![user_id, payload, now])?;
    Ok(())
}

/// The newest event id of a user's log (0 if none): where a fresh stream starts.
pub fn last_id(c: &Connection, user_id: i64) -> StoreResult<i64> {
    Ok(
        c.prepare_cached("SELECT coalesce(max(id), 0) FROM events WHERE user_id = ?1")?
            .query_row([user_id], |r| r.get(0))?,
    )
}

/// What a resuming stream missed: `None` when events after `after` were pruned
/// (the client must reload), else up to `limit` events in order.
pub fn after(
    c: &Connection,
    user_id: i64,
    after: i64,
    limit: u32,
) -> StoreResult<Option<Vec<(i64, String)>>> {
    let pruned_below: i64 = c
        .prepare_cached("SELECT pruned_below FROM live_meta WHERE id = 1")?
        .query_row([], |r| r.get(0))?;
    if after + 1 < pruned_below {
        return Ok(None);
    }
    let mut stmt = c.prepare_cached(
        "SELECT id, payload FROM events WHERE user_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![user_id, after, limit], |r| {
        Ok((r.get("id")?, r.get("payload")?))
    })?;
    Ok(Some(rows.collect::<Result<Vec<_>, _>>()?))
}

/// Drops events older than `before` (unix seconds); answers how many.
pub fn prune(c: &Connection, before: i64) -> StoreResult<usize> {
    let Some(keep_from): Option<i64> = c
        .prepare_cached("SELECT min(id) FROM events WHERE created_at >= ?1")?
        .query_row([before], |r| r.get(0))?
    else {
        // Nothing recent: keep the newest id as the watermark.
        let top: Option<i64> = c.query_row("SELECT max(id) FROM events", [], |r| r.get(0))?;
        let Some(top) = top else { return Ok(0) };
        let n = c.execute("DELETE FROM events WHERE id <= ?1", [top])?;
        c.execute(
            "UPDATE live_meta SET pruned_below = ?1 WHERE id = 1",
            [top + 1],
        )?;
        return Ok(n);
    };
    let n = c.execute("DELETE FROM events WHERE id < ?1", [keep_from])?;
    if n > 0 {
        c.execute(
            "UPDATE live_meta SET pruned_below = ?1 WHERE id = 1",
            [keep_from],
        )?;
    }
    Ok(n)
}
