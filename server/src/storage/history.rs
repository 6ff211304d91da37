//! An order's history: every change, who made it and when.

use rusqlite::{params, Connection, Row};

use kabinet_core::{HistoryAction, Status};

use super::users::{person_columns, PersonRow};
use super::StoreResult;

#[derive(Clone, Debug)]
pub struct HistoryRow {
    pub at: i64,
    pub actor: Option<PersonRow>,
    pub action: HistoryAction,
    pub from_status: Option<Status>,
    pub to_status: Status,
    /// Sharing and transfers: whom the entry concerns.
    pub subject: Option<PersonRow>,
}

pub fn record(
    c: &Connection,
    order_id: i64,
    actor_id: Option<i64>,
    action: HistoryAction,
    from: Option<Status>,
    to: Status,
    at: i64,
) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO order_history (order_id, actor_id, action, from_status, to_status, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![order_id, actor_id, action, from, to, at])?;
    Ok(())
}

/// An entry that changes no status but concerns a person: access given or taken
/// away, a ticket passed on.
pub fn record_about(
    c: &Connection,
    order_id: i64,
    actor_id: i64,
    action: HistoryAction,
    status: Status,
    subject_id: i64,
    at: i64,
) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO order_history (order_id, actor_id, action, from_status, to_status, at, subject_id)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
    )?
    .execute(params![order_id, actor_id, action, status, at, subject_id])?;
    Ok(())
}

fn history_row(r: &Row<'_>) -> rusqlite::Result<HistoryRow> {
    Ok(HistoryRow {
        at: r.get("at")?,
        actor: person_columns(r, "actor_")?,
        action: r.get("action")?,
        from_status: r.get("from_status")?,
        to_status: r.get("to_status")?,
        subject: person_columns(r, "subject_")?,
    })
}

/// An order's changes, oldest first.
pub fn of_order(c: &Connection, order_id: i64) -> StoreResult<Vec<HistoryRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT h.at, h.action, h.from_status, h.to_status, u.id AS actor_id,
                u.first_name AS actor_first_name, u.last_name AS actor_last_name,
                co.name AS actor_company, s.id AS subject_id,
                s.first_name AS subject_first_name, s.last_name AS subject_last_name,
                sc.name AS subject_company
           FROM order_history h LEFT JOIN users u ON u.id = h.actor_id
           LEFT JOIN companies co ON co.id = u.company_id
           LEFT JOIN users s ON s.id = h.subject_id
           LEFT JOIN companies sc ON sc.id = s.company_id
          WHERE h.order_id = ?1 ORDER BY h.id",
    )?;
    let rows = stmt.query_map([order_id], history_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
