//! Share and transfer links: their nonces, token hashes, expiry, deletion and use.

use rusqlite::{params, Connection, OptionalExtension, Row};

use kabinet_core::InvitePurpose;

use super::StoreResult;

#[derive(Clone, Debug)]
pub struct LinkRow {
    pub id: i64,
    pub order_id: i64,
    pub purpose: InvitePurpose,
    pub nonce: Vec<u8>,
    pub created_by: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub used_at: Option<i64>,
}

fn link_row(r: &Row<'_>) -> rusqlite::Result<LinkRow> {
    Ok(LinkRow {
        id: r.get("id")?,
        order_id: r.get("order_id")?,
        purpose: r.get("purpose")?,
        nonce: r.get("nonce")?,
        created_by: r.get("created_by")?,
        expires_at: r.get("expires_at")?,
        revoked_at: r.get("revoked_at")?,
        used_at: r.get("used_at")?,
    })
}

/// The order's link of this purpose that still works at `now`, if any.
pub fn open(
    c: &Connection,
    order_id: i64,
    purpose: InvitePurpose,
    now: i64,
) -> StoreResult<Option<LinkRow>> {
    Ok(c.prepare_cached(
        "SELECT * FROM order_links
          WHERE order_id = ?1 AND purpose = ?2 AND revoked_at IS NULL AND used_at IS NULL
            AND expires_at > ?3",
    )?
    .query_row(params![order_id, purpose, now], link_row)
    .optional()?)
}

/// Deletes the order's links of this purpose that were not used (expired ones
/// too, so that a new one can be made); answers how many.
pub fn revoke(
    c: &Connection,
    order_id: i64,
    purpose: InvitePurpose,
    now: i64,
) -> StoreResult<usize> {
    Ok(c.prepare_cached(
        "UPDATE order_links SET revoked_at = ?3
          WHERE order_id = ?1 AND purpose = ?2 AND revoked_at IS NULL AND used_at IS NULL",
    )?
    .execute(params![order_id, purpose, now])?)
}

/// A new link.
pub struct NewLink<'a> {
    pub order_id: i64,
    pub purpose: InvitePurpose,
    pub nonce: &'a [u8],
    pub token_hash: &'a [u8],
    pub created_by: i64,
    pub expires_at: i64,
}

pub fn insert(c: &Connection, l: &NewLink<'_>, now: i64) -> StoreResult<LinkRow> {
    c.prepare_cached(
        "INSERT INTO order_links (order_id, purpose, nonce, token_hash, created_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        l.order_id,
        l.purpose,
        l.nonce,
        l.token_hash,
        l.created_by,
        now,
        l.expires_at
    ])?;
    Ok(LinkRow {
        id: c.last_insert_rowid(),
        order_id: l.order_id,
        purpose: l.purpose,
        nonce: l.nonce.to_vec(),
        created_by: l.created_by,
        expires_at: l.expires_at,
        revoked_at: None,
        used_at: None,
    })
}

pub fn by_token_hash(c: &Connection, hash: &[u8]) -> StoreResult<Option<LinkRow>> {
    Ok(
        c.prepare_cached("SELECT * FROM order_links WHERE token_hash = ?1")?
            .query_row([hash], link_row)
            .optional()?,
    )
}

/// Uses a single-use link: true for the one caller that got it.
pub fn take(c: &Connection, id: i64, user_id: i64, now: i64) -> StoreResult<bool> {
    Ok(c.prepare_cached(
        "UPDATE order_links SET used_at = ?3, used_by = ?2
          WHERE id = ?1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?3",
    )?
    .execute(params![id, user_id, now])?
        == 1)
}

/// The ticket went to `user_id` another way: the order's open transfer link is
/// used up (it no longer gives the ticket, and says so).
pub fn use_up(c: &Connection, order_id: i64, user_id: i64, now: i64) -> StoreResult<usize> {
    Ok(c.prepare_cached(
        "UPDATE order_links SET used_at = ?3, used_by = ?2
          WHERE order_id = ?1 AND purpose = 'transfer' AND revoked_at IS NULL AND used_at IS NULL",
    )?
    .execute(params![order_id, user_id, now])?)
}
