//! Chat files: uploads staged for a message not sent yet, attachments of sent
//! messages, and the secret file links are signed with.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::StoreResult;

/// A file's facts: as uploaded, or as attached.
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

fn file_row(r: &Row<'_>) -> rusqlite::Result<FileRow> {
    Ok(FileRow {
        file_name: r.get("file_name")?,
        content_type: r.get("content_type")?,
        size: r.get("size")?,
        sha256: r.get("sha256")?,
    })
}

pub fn attachment_row(r: &Row<'_>) -> rusqlite::Result<AttachmentRow> {
    Ok(AttachmentRow {
        id: r.get("id")?,
        file: file_row(r)?,
    })
}

/// Stages an upload for a message of `order_id`, or (`None`) for an order not
/// placed yet.
pub fn insert(
    c: &Connection,
    id: &str,
    user_id: i64,
    order_id: Option<i64>,
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
pub fn of_user(
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
            .query_row(params![id, user_id, order_id], file_row)
            .optional()?
        {
            out.push((id.clone(), f));
        }
    }
    Ok(out)
}

/// The user's uploads among `ids` not staged for any order yet (files sent with
/// an order being placed), in the order given.
pub fn staged_of_user(
    c: &Connection,
    user_id: i64,
    ids: &[String],
) -> StoreResult<Vec<(String, FileRow)>> {
    let mut stmt = c.prepare_cached(
        "SELECT file_name, content_type, size, sha256 FROM uploads
          WHERE id = ?1 AND user_id = ?2 AND order_id IS NULL",
    )?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(f) = stmt.query_row(params![id, user_id], file_row).optional()? {
            out.push((id.clone(), f));
        }
    }
    Ok(out)
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

/// The attachment's file and the order it belongs to.
pub fn attachment(c: &Connection, id: i64) -> StoreResult<Option<(i64, FileRow)>> {
    Ok(c.prepare_cached(
        "SELECT m.order_id, a.file_name, a.content_type, a.size, a.sha256
               FROM attachments a JOIN messages m ON m.seq = a.message_seq WHERE a.id = ?1",
    )?
    .query_row([id], |r| Ok((r.get("order_id")?, file_row(r)?)))
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
pub fn expire(c: &Connection, before: i64) -> StoreResult<usize> {
    Ok(
        c.prepare_cached("DELETE FROM uploads WHERE created_at < ?1")?
            .execute([before])?,
    )
}
