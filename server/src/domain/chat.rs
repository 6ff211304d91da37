//! The order chat: sending a message (stored once per client-made id, with the
//! files uploaded for it) and taking an uploaded file (checked by its content and
//! size, stored by content hash).

use std::path::{Path, PathBuf};

use kabinet_core::{ErrorReason, SendMessage, MESSAGE_MAX};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::domain::access;
use crate::domain::notify::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::files;
use crate::live::Hub;
use crate::storage::chat::{self, MessageRow};
use crate::storage::uploads::{self, FileRow};
use crate::storage::users::UserRow;
use crate::storage::{orders, Store};
use crate::tokens::new_token;

/// A message id made by an app: 1 to 64 letters, digits or dashes (system lines
/// use a colon, so an app can never take their ids).
fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Sends a message: text, files uploaded for it, or both. The same id sent again
/// (a retry) is answered with the stored message and `false`; the other side is
/// notified and everyone in the chat sees it live.
pub async fn send(
    store: &Store,
    hub: &Hub,
    now: i64,
    user: &UserRow,
    order_id: i64,
    req: SendMessage,
    max_files: usize,
) -> AppResult<(MessageRow, bool)> {
    if !valid_id(&req.id) {
        return Err(AppError::invalid(
            "id",
            "The message id is 1 to 64 letters, digits or dashes",
        ));
    }
    let body = req.body.trim().to_string();
    if body.chars().count() > MESSAGE_MAX {
        return Err(AppError::too_long("body", MESSAGE_MAX));
    }
    // Each file once, in the order given.
    let mut seen = std::collections::HashSet::new();
    let mut upload_ids = req.uploads;
    upload_ids.retain(|id| seen.insert(id.clone()));
    if body.is_empty() && upload_ids.is_empty() {
        return Err(AppError::required(
            "body",
            "Write a message or attach a file",
        ));
    }
    if upload_ids.len() > max_files {
        return Err(AppError::validation(
            "uploads",
            ErrorReason::TooManyFiles,
            format!("At most {max_files} files in one message"),
        )
        .with_limit(max_files as u64));
    }
    let (id, author) = (req.id, user.clone());
    // One trip to the writer: the access check and the answer's read are cheap
    // lookups by key, and each hop between threads costs more than they do.
    let (row, created, woken) = store
        .write(move |c| -> AppResult<(MessageRow, bool, Vec<i64>)> {
            let order = access::require_chat(&author, orders::get(c, order_id)?)?;
            let stored = |seq: i64| -> AppResult<MessageRow> {
                chat::one(c, order_id, seq)?
                    .ok_or_else(|| AppError::internal("the message just stored is missing"))
            };
            if let Some((seq, oid, by)) = chat::owner_of(c, &id)? {
                if oid == order_id && by == Some(author.id) {
                    return Ok((stored(seq)?, false, Vec::new()));
                }
                return Err(AppError::conflict(
                    ErrorReason::MessageIdTaken,
                    "This message id is already used",
                ));
            }
            let files = uploads::of_user(c, author.id, order_id, &upload_ids)?;
            if files.len() != upload_ids.len() {
                return Err(AppError::validation(
                    "uploads",
                    ErrorReason::UploadMissing,
                    "A file of this message was not found; attach it again",
                ));
            }
            let seq = chat::insert(c, &id, order_id, Some(author.id), &body, None, now)?;
            uploads::attach(c, seq, &files)?;
            // The sender has read everything up to their own message.
            chat::mark_read(c, order_id, author.id, seq)?;
            let actor = Actor::of(&author);
            let woken = notify::message_added(c, &order, seq, Some(&actor), &body, now)?;
            Ok((stored(seq)?, true, woken))
        })
        .await?;
    hub.wake(woken);
    Ok((row, created))
}

/// Moves the user's read mark of the order's chat to `seq`; answers their unread
/// count.
pub async fn mark_read(store: &Store, user: &UserRow, order_id: i64, seq: i64) -> AppResult<u32> {
    let reader = user.clone();
    store
        .write(move |c| -> AppResult<u32> {
            access::require_chat(&reader, orders::get(c, order_id)?)?;
            chat::mark_read(c, order_id, reader.id, seq)?;
            Ok(chat::unread_count(c, order_id, reader.id)?)
        })
        .await
}

/// Text files are checked whole for being text; bigger undetected files are refused.
const TEXT_MAX: u64 = 2 * 1024 * 1024;

/// A file arriving in chunks: written to a temporary file while its size, hash and
/// head are taken, then accepted (moved to its content's place) or dropped.
pub struct UploadSink {
    data_dir: PathBuf,
    tmp: PathBuf,
    out: tokio::fs::File,
    file_name: String,
    limit: u64,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    text: Option<Vec<u8>>,
}

impl UploadSink {
    pub async fn new(data_dir: &Path, file_name: String, limit: u64) -> AppResult<UploadSink> {
        let dir = data_dir.join("files").join("tmp");
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| AppError::internal(e.to_string()))?;
        let tmp = dir.join(new_token().0);
        let out = tokio::fs::File::create(&tmp)
            .await
            .map_err(|e| AppError::internal(e.to_string()))?;
        Ok(UploadSink {
            data_dir: data_dir.to_path_buf(),
            tmp,
            out,
            file_name,
            limit,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            text: Some(Vec::new()),
        })
    }

    /// 413 naming the limit and the file.
    pub fn too_large(&self) -> AppError {
        too_large(self.limit).with_file(self.file_name.clone())
    }

    pub async fn push(&mut self, chunk: &[u8]) -> AppResult<()> {
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(self.too_large());
        }
        if self.head.len() < 8192 {
            let n = chunk.len().min(8192 - self.head.len());
            self.head.extend_from_slice(&chunk[..n]);
        }
        if self.size > TEXT_MAX || chunk.contains(&0) {
            self.text = None;
        } else if let Some(t) = &mut self.text {
            t.extend_from_slice(chunk);
        }
        self.hasher.update(chunk);
        self.out
            .write_all(chunk)
            .await
            .map_err(|e| AppError::internal(e.to_string()))
    }

    /// Drops what was written (an upload that failed).
    pub async fn discard(self) {
        drop(self.out);
        let _ = tokio::fs::remove_file(&self.tmp).await;
    }

    /// Checks the whole file and stores it by content; answers its row.
    pub async fn finish(mut self) -> AppResult<FileRow> {
        self.out
            .flush()
            .await
            .map_err(|e| AppError::internal(e.to_string()))?;
        let refuse = |reason, message: String| {
            AppError::validation("file", reason, message).with_file(self.file_name.clone())
        };
        if self.size == 0 {
            let e = refuse(
                ErrorReason::FileEmpty,
                format!("«{}» is empty", self.file_name),
            );
            self.discard().await;
            return Err(e);
        }
        let is_text = self
            .text
            .as_deref()
            .is_some_and(|t| std::str::from_utf8(t).is_ok());
        let Some(content_type) = files::accept(&self.head, is_text) else {
            let e = refuse(
                ErrorReason::FileTypeRefused,
                format!(
                    "«{}» is not accepted: send pictures, PDF, office documents, archives or text",
                    self.file_name
                ),
            );
            self.discard().await;
            return Err(e);
        };
        let sha256: String = self
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let path = files::path_of(&self.data_dir, &sha256);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|e| AppError::internal(e.to_string()))?;
        }
        // Same content, same name: renaming over an existing copy changes nothing.
        if let Err(e) = tokio::fs::rename(&self.tmp, &path).await {
            let _ = tokio::fs::remove_file(&self.tmp).await;
            return Err(AppError::internal(e.to_string()));
        }
        Ok(FileRow {
            file_name: self.file_name,
            content_type: content_type.to_string(),
            size: self.size as i64,
            sha256,
        })
    }
}

/// 413 for a file over `limit` bytes.
pub fn too_large(limit: u64) -> AppError {
    AppError::too_large(
        limit,
        format!("A file may be at most {} MB", limit / (1024 * 1024)),
    )
}

/// Stages an accepted file for a message of `user` on `order_id` (or for an order
/// they are placing: `None`); answers its id.
pub async fn stage(
    store: &Store,
    now: i64,
    user_id: i64,
    order_id: Option<i64>,
    row: FileRow,
) -> AppResult<String> {
    let id = new_token().0;
    let upload_id = id.clone();
    store
        .write(move |c| uploads::insert(c, &upload_id, user_id, order_id, &row, now))
        .await?;
    Ok(id)
}
