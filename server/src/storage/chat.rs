//! SQL of the order chat: messages and system lines, staged uploads that become
//! attachments when their message is sent, read marks, and the file-link secret.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use kabinet_core::{Role, Status};

use super::{parse_status, PersonRow, StoreResult};

/// A file uploaded for a message not sent yet (or an attachment's file facts).
#[derive(Clone, Debug)]
pub struct FileRow {
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

#[derive(Clone, Debug)]
pub struct AttachmentRow {
    pub id: i64,
    pub file: FileRow,
}

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

pub fn insert_upload(
    c: &Connection,
    id: &str,
    user_id: i64,
    order_id: i64,
    f: &FileRow,
    now: i64,
) -> StoreResult<()> {
    c.prepare_cached(
        "INSERT INTO uploads (id, user_id, order_id, file_name, content_type, size, sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![id, user_id, order_id, f.file_name, f.content_type, f.size, f.sha256, now])?;
    Ok(())
}

/// The user's uploads for this order among `ids`, in the order given.
pub fn uploads(
    c: &Connection,
    user_id: i64,
    order_id: i64,
    ids: &[String],
) -> StoreResult<Vec<(String, FileRow)>> {
    let mut stmt = c.prepare_cached(
        "SELECT file_name, content_type, size, sha256 FROM uploads
          WHERE id = ?1 AND user_id = ?2 AND order_id = ?3",
    )?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(f) = stmt
            .query_row(params![id, user_id, order_id], |r| {
                Ok(FileRow {
                    file_name: r.get(0)?,
                    content_type: r.get(1)?,
                    size: r.get(2)?,
                    sha256: r.get(3)?,
                })
            })
            .optional()?
        {
            out.push((id.clone(), f));
        }
    }
    Ok(out)
}

/// Who wrote the message with this client id, and in which order (to answer a
/// retry, or refuse an id taken elsewhere).
pub fn message_owner(c: &Connection, id: &str) -> StoreResult<Option<(i64, i64, Option<i64>)>> {
    Ok(
        c.prepare_cached("SELECT seq, order_id, author_id FROM messages WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?,
    )
}

/// Adds a message (or a system line, with `status`); answers its seq.
pub fn insert_message(
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
    .execute(params![
        id,
        order_id,
        author_id,
        body,
        status.map(|s| s.as_str()),
        now
    ])?;
    Ok(c.last_insert_rowid())
}

/// Turns uploads into the message's attachments.
pub fn attach(c: &Connection, seq: i64, uploads: &[(String, FileRow)]) -> StoreResult<()> {
    let mut add = c.prepare_cached(
        "INSERT INTO attachments (message_seq, file_name, content_type, size, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut done = c.prepare_cached("DELETE FROM uploads WHERE id = ?1")?;
    for (id, f) in uploads {
        add.execute(params![seq, f.file_name, f.content_type, f.size, f.sha256])?;
        done.execute([id])?;
    }
    Ok(())
}

/// A page of a chat, oldest first: before `before`, or after `after`, or the newest.
pub fn messages(
    c: &Connection,
    order_id: i64,
    before: Option<i64>,
    after: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<MessageRow>> {
    const SELECT: &str = "SELECT m.seq, m.id, m.order_id, m.body, m.status, m.created_at,
                u.id, u.first_name, u.last_name, co.name, u.role
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
                  ORDER BY 1"
            ),
            before.unwrap_or(i64::MAX),
        ),
    };
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![order_id, bound, limit], |r| {
        let author = super::person_at(r, 6)?;
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)?,
            author,
            r.get::<_, Option<String>>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, id, order_id, body, status, created_at, author, role) = row?;
        out.push(MessageRow {
            seq,
            id,
            order_id,
            author,
            author_role: role.as_deref().and_then(Role::parse),
            body,
            status: status.map(parse_status).transpose()?,
            created_at,
            attachments: Vec::new(),
        });
    }
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
        Ok((
            r.get::<_, i64>(0)?,
            AttachmentRow {
                id: r.get(1)?,
                file: FileRow {
                    file_name: r.get(2)?,
                    content_type: r.get(3)?,
                    size: r.get(4)?,
                    sha256: r.get(5)?,
                },
            },
        ))
    })?;
    for row in rows {
        let (seq, a) = row?;
        if let Some(m) = out.iter_mut().find(|m| m.seq == seq) {
            m.attachments.push(a);
        }
    }
    Ok(out)
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

/// The attachment's file and the order it belongs to.
pub fn attachment(c: &Connection, id: i64) -> StoreResult<Option<(i64, FileRow)>> {
    Ok(c.prepare_cached(
        "SELECT m.order_id, a.file_name, a.content_type, a.size, a.sha256
               FROM attachments a JOIN messages m ON m.seq = a.message_seq WHERE a.id = ?1",
    )?
    .query_row([id], |r| {
        Ok((
            r.get(0)?,
            FileRow {
                file_name: r.get(1)?,
                content_type: r.get(2)?,
                size: r.get(3)?,
                sha256: r.get(4)?,
            },
        ))
    })
    .optional()?)
}

/// The key file links are signed with.
pub fn file_secret(c: &Connection) -> StoreResult<Vec<u8>> {
    Ok(c.query_row(
        "SELECT value FROM secrets WHERE name = 'file_links'",
        [],
        |r| r.get(0),
    )?)
}

/// Drops uploads never sent, older than `before`; answers how many. (Their files
/// stay: files are stored by content and may be shared with other uploads.)
pub fn expire_uploads(c: &Connection, before: i64) -> StoreResult<usize> {
    Ok(
        c.prepare_cached("DELETE FROM uploads WHERE created_at < ?1")?
            .execute([before])?,
    )
}

pub fn user_role(c: &Connection, id: i64) -> StoreResult<Option<Role>> {
    Ok(c.prepare_cached("SELECT role FROM users WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?
        .as_deref()
        .and_then(Role::parse))
}
