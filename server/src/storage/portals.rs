//! Rows of embedding: which Kabinet user a portal's user is, and the launch
//! tokens already used.

use rusqlite::{params, Connection, OptionalExtension};

use super::StoreResult;

/// The Kabinet user a portal's `sub` is linked to.
pub fn user_of(c: &Connection, portal: &str, sub: &str) -> StoreResult<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT user_id FROM portal_users WHERE portal_id = ?1 AND sub = ?2")?
            .query_row(params![portal, sub], |r| r.get(0))
            .optional()?,
    )
}

pub fn link(c: &Connection, portal: &str, sub: &str, user_id: i64) -> StoreResult<()> {
    c.prepare_cached("INSERT INTO portal_users (portal_id, sub, user_id) VALUES (?1, ?2, ?3)")?
        .execute(params![portal, sub, user_id])?;
    Ok(())
}

/// Marks a launch token used; false when it was used already.
pub fn use_token(c: &Connection, portal: &str, jti: &str, expires_at: i64) -> StoreResult<bool> {
    let n = c
        .prepare_cached(
            "INSERT OR IGNORE INTO launch_tokens_used (portal_id, jti, expires_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![portal, jti, expires_at])?;
    Ok(n == 1)
}

/// Forgets used launch tokens that have expired (they are refused as expired).
pub fn prune_used_tokens(c: &Connection, now: i64) -> StoreResult<usize> {
    Ok(
        c.prepare_cached("DELETE FROM launch_tokens_used WHERE expires_at < ?1")?
            .execute([now])?,
    )
}

/// A portal user's name and company, as their latest launch token says.
pub fn update_user(
    c: &Connection,
    user_id: i64,
    first: &str,
    last: &str,
    company_id: Option<i64>,
) -> StoreResult<()> {
    c.prepare_cached(
        "UPDATE users SET first_name = ?2, last_name = ?3, search_name = ?4, company_id = ?5 WHERE id = ?1",
    )?
    .execute(params![
        user_id,
        first,
        last,
        super::search_text(&[first, last]),
        company_id
    ])?;
    Ok(())
}

/// The company called `name`, made when there is none.
pub fn company_named(c: &Connection, name: &str) -> StoreResult<i64> {
    if let Some(id) = c
        .prepare_cached("SELECT id FROM companies WHERE name = ?1 ORDER BY id LIMIT 1")?
        .query_row([name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    super::users::insert_company(c, name)
}
