//! The order chat's rows: messages and system lines, and read marks.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use kabinet_core::{Role, Status};

use super::uploads::{attachment_row, AttachmentRow};
use super::users::{person_columns, PersonRow};
use super::StoreResult;

#[derive(Clone, Debug)]
pub struct MessageRow {
    pub seq: i64,
    pub id: String,
    pub order_id: i64,
    pub author: Option<PersonRow>,
    pub author_role: Option<Role>,
    pub body: String,
    pub status: Option<Status>,
    pub created_at: i64,
    pub attachments: Vec<AttachmentRow>,
}

/// Who wrote the message with this client id, and in which order (to answer a
/// retry, or refuse an id taken elsewhere): (seq, order id, author id).
pub fn owner_of(c: &Connection, id: &str) -> StoreResult<Option<(i64, i64, Option<i64>)>> {
    Ok(
        c.prepare_cached("SELECT seq, order_id, author_id FROM messages WHERE id = ?1")?
            .query_row([id], |r| {
                Ok((r.get("seq")?, r.get("order_id")?, r.get("author_id")?))
            })
            .optional()?,
    )
}

/// Adds a message (or a system line, with `status`); answers its seq.
pub fn insert(
    c: &Connection,
    id: &str,
    order_id: i64,
    author_id: Option<i64>,
    body: &str,
    status: Option<Status>,
    now: i64,
) -> StoreResult<i64> {
    c.prepare_cached(
        "INSERT INTO messages (id, order_id, author_id, body, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, order_id, author_id, body, status, now])?;
    Ok(c.last_insert_rowid())
}

/// A page of a chat, oldest first: before `before`, or after `after`, or the newest.
pub fn page(
    c: &Connection,
    order_id: i64,
    before: Option<i64>,
    after: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<MessageRow>> {
    const SELECT: &str = "SELECT m.seq, m.id, m.order_id, m.body, m.status, m.created_at,
                u.id AS author_id, u.first_name AS author_first_name,
                u.last_name AS author_last_name, co.name AS author_company, u.role AS author_role
           FROM messages m LEFT JOIN users u ON u.id = m.author_id
           LEFT JOIN companies co ON co.id = u.company_id";
    let (sql, bound) = match after {
        Some(a) => (
            format!("{SELECT} WHERE m.order_id = ?1 AND m.seq > ?2 ORDER BY m.seq LIMIT ?3"),
            a,
        ),
        None => (
            format!(
                "SELECT * FROM ({SELECT} WHERE m.order_id = ?1 AND m.seq < ?2 ORDER BY m.seq DESC LIMIT ?3)
                  ORDER BY seq"
            ),
            before.unwrap_or(i64::MAX),
        ),
    };
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![order_id, bound, limit], |r| {
        Ok(MessageRow {
            seq: r.get("seq")?,
            id: r.get("id")?,
            order_id: r.get("order_id")?,
            author: person_columns(r, "author_")?,
            author_role: r.get("author_role")?,
            body: r.get("body")?,
            status: r.get("status")?,
            created_at: r.get("created_at")?,
            attachments: Vec::new(),
        })
    })?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    if out.is_empty() {
        return Ok(out);
    }
    // The page's attachments in one query.
    let placeholders = vec!["?"; out.len()].join(",");
    let mut stmt = c.prepare_cached(&format!(
        "SELECT message_seq, id, file_name, content_type, size, sha256 FROM attachments
          WHERE message_seq IN ({placeholders}) ORDER BY id"
    ))?;
    let seqs: Vec<i64> = out.iter().map(|m| m.seq).collect();
    let rows = stmt.query_map(params_from_iter(seqs.iter()), |r| {
        Ok((r.get::<_, i64>("message_seq")?, attachment_row(r)?))
    })?;
    for row in rows {
        let (seq, a) = row?;
        if let Some(m) = out.iter_mut().find(|m| m.seq == seq) {
            m.attachments.push(a);
        }
    }
    Ok(out)
}

/// One message by seq.
pub fn one(c: &Connection, order_id: i64, seq: i64) -> StoreResult<Option<MessageRow>> {
    Ok(page(c, order_id, None, Some(seq - 1), 1)?
        .into_iter()
        .find(|m| m.seq == seq))
}

/// Whether there are lines older than `seq`.
pub fn has_older(c: &Connection, order_id: i64, seq: i64) -> StoreResult<bool> {
    Ok(
        c.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM messages WHERE order_id = ?1 AND seq < ?2)",
        )?
        .query_row([order_id, seq], |r| r.get(0))?,
    )
}

pub fn read_seq(c: &Connection, order_id: i64, user_id: i64) -> StoreResult<i64> {
    Ok(
        c.prepare_cached(
            "SELECT last_seq FROM message_reads WHERE order_id = ?1 AND user_id = ?2",
        )?
        .query_row([order_id, user_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0),
    )
}

/// Moves the read mark forward to `seq` (never back, never past the last line).
pub fn mark_read(c: &Connection, order_id: i64, user_id: i64, seq: i64) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO message_reads (order_id, user_id, last_seq)
         VALUES (?1, ?2, min(?3, (SELECT coalesce(max(seq), 0) FROM messages WHERE order_id = ?1)))
         ON CONFLICT (order_id, user_id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
    )?
    .execute([order_id, user_id, seq])?;
    Ok(())
}

/// Chat lines of people other than `user_id` after their read mark (system lines
/// are not counted: the user is notified of status changes anyway).
pub fn unread_count(c: &Connection, order_id: i64, user_id: i64) -> StoreResult<u32> {
    Ok(c.prepare_cached(
        "SELECT count(*) FROM messages m
              WHERE m.order_id = ?1 AND m.author_id IS NOT NULL AND m.author_id <> ?2
                AND m.seq > coalesce((SELECT last_seq FROM message_reads
                                       WHERE order_id = ?1 AND user_id = ?2), 0)",
    )?
    .query_row([order_id, user_id], |r| r.get(0))?)
}

/// [`unread_count`] for several users at once: (user id, count), in one query.
pub fn unread_counts(
    c: &Connection,
    order_id: i64,
    user_ids: &[i64],
) -> StoreResult<Vec<(i64, u32)>> {
    let ids = serde_json::to_string(user_ids)?;
    let mut stmt = c.prepare_cached(
        "SELECT u.value AS user_id,
                (SELECT count(*) FROM messages m
                  WHERE m.order_id = ?1 AND m.author_id IS NOT NULL AND m.author_id <> u.value
                    AND m.seq > coalesce((SELECT last_seq FROM message_reads
                                           WHERE order_id = ?1 AND user_id = u.value), 0)) AS unread
           FROM json_each(?2) u",
    )?;
    let rows = stmt.query_map(params![order_id, ids], |r| {
        Ok((r.get("user_id")?, r.get("unread")?))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
