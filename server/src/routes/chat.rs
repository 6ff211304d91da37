//! The order chat: its lines a page at a time, sending (text and uploaded files,
//! stored once per client-made id), read marks, uploads, and file downloads by
//! signed link. Only the order's owner and staff take part; anyone else gets 404.

use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kabinet_core::{
    ChatMessage, ErrorBody, MessagePage, ReadUpTo, Role, SendMessage, UnreadCount, Upload,
    MESSAGE_MAX,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{new_token, AuthUser};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::storage::chat::{self, FileRow};
use crate::storage::live::{self, Actor};
use crate::storage::{OrderRow, Store, UserRow};
use crate::{files, views, AppState};

const PAGE_DEFAULT: u32 = 50;
const PAGE_MAX: u32 = 100;
/// Text files are checked whole for being text; bigger undetected files are refused.
const TEXT_MAX: u64 = 2 * 1024 * 1024;

pub fn router(max_file_bytes: u64) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(chat_list, chat_send))
        .routes(routes!(chat_read))
        .routes(routes!(chat_file))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(chat_upload))
                // Room for the multipart framing around one file of the largest size.
                .layer(DefaultBodyLimit::max(max_file_bytes as usize + 64 * 1024)),
        )
}

/// The order, if `user` takes part in its chat (its owner, or staff).
async fn chat_order(state: &AppState, user: &UserRow, id: i64) -> AppResult<OrderRow> {
    let order = state
        .store
        .call(move |c| Store::order_row(c, id))
        .await?
        .ok_or(AppError::NotFound)?;
    if order.user_id == user.id || user.role == Role::Staff {
        Ok(order)
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ChatQuery {
    /// Older lines: those before this seq.
    before: Option<String>,
    /// Newer lines: those after this seq (what the live stream announced).
    after: Option<String>,
    /// Page size, 1 to 100 (default 50).
    limit: Option<String>,
}

fn seq_param(v: Option<&str>, field: &str) -> AppResult<Option<i64>> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| AppError::validation(field, format!("{field} is a message seq"))),
    }
}

/// Lines of the chat, oldest first: the newest page, or older than `before`, or
/// newer than `after`. With the reader's read mark and unread count.
#[utoipa::path(get, path = "/orders/{id}/messages", tag = "chat",
    params(("id" = i64, Path, description = "Order id"), ChatQuery), security(("bearer" = [])),
    responses((status = 200, body = MessagePage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn chat_list(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
    AppQuery(q): AppQuery<ChatQuery>,
) -> AppResult<AppJson<MessagePage>> {
    let before = seq_param(q.before.as_deref(), "before")?;
    let after = seq_param(q.after.as_deref(), "after")?;
    let limit = match q.limit.as_deref().map(str::trim) {
        None | Some("") => PAGE_DEFAULT,
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=PAGE_MAX).contains(n))
            .ok_or_else(|| AppError::validation("limit", "limit is a number from 1 to 100"))?,
    };
    let user = auth.user;
    chat_order(&state, &user, id).await?;
    let user_id = user.id;
    let (rows, older, read_seq, unread) = state
        .store
        .call(move |c| {
            let rows = chat::messages(c, id, before, after, limit)?;
            let older = match (after, rows.first()) {
                (None, Some(first)) => chat::has_older(c, id, first.seq)?,
                _ => false,
            };
            let read = chat::read_seq(c, id, user_id)?;
            let unread = crate::storage::unread_count(c, id, user_id)?;
            Ok((rows, older, read, unread))
        })
        .await?;
    let next_before = if older {
        rows.first().map(|m| m.seq)
    } else {
        None
    };
    let now = state.clock.now();
    let items = rows
        .into_iter()
        .map(|m| views::chat_message(m, &user, &state.file_secret, now))
        .collect();
    Ok(AppJson(MessagePage {
        items,
        next_before,
        read_seq,
        unread,
    }))
}

fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Sends a message: text, files uploaded for it, or both. The same `id` sent again
/// (a retry) is answered with the stored message and stored once. The other side
/// is notified; everyone in the chat sees it live.
#[utoipa::path(post, path = "/orders/{id}/messages", tag = "chat",
    params(("id" = i64, Path, description = "Order id")), request_body = SendMessage, security(("bearer" = [])),
    responses((status = 201, body = ChatMessage), (status = 200, body = ChatMessage, description = "A retry"),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn chat_send(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(order_id): AppPath<i64>,
    AppJson(req): AppJson<SendMessage>,
) -> AppResult<Response> {
    if !valid_id(&req.id) {
        return Err(AppError::validation(
            "id",
            "The message id is 1 to 64 letters, digits or dashes",
        ));
    }
    let body = req.body.trim().to_string();
    if body.chars().count() > MESSAGE_MAX {
        return Err(AppError::validation(
            "body",
            "A message is at most 5000 characters",
        ));
    }
    let mut uploads = req.uploads.clone();
    uploads.dedup();
    if body.is_empty() && uploads.is_empty() {
        return Err(AppError::validation(
            "body",
            "Write a message or attach a file",
        ));
    }
    let max_files = state.config.max_files as usize;
    if uploads.len() > max_files {
        return Err(AppError::validation(
            "uploads",
            format!("At most {max_files} files in one message"),
        ));
    }
    let user = auth.user;
    let now = state.clock.now();
    let (id, author) = (req.id.clone(), user.clone());
    // One trip to the writer: the access check and the answer's read are cheap
    // lookups by key, and each hop between threads costs more than they do.
    let (row, created, woken) = state
        .store
        .write(move |c| -> AppResult<(chat::MessageRow, bool, Vec<i64>)> {
            let order = Store::order_row(c, order_id)?.ok_or(AppError::NotFound)?;
            if order.user_id != author.id && author.role != Role::Staff {
                return Err(AppError::NotFound);
            }
            let stored = |seq: i64| -> AppResult<chat::MessageRow> {
                chat::messages(c, order_id, None, Some(seq - 1), 1)?
                    .into_iter()
                    .next()
                    .ok_or_else(|| AppError::Internal("the message just stored is missing".into()))
            };
            if let Some((seq, oid, by)) = chat::message_owner(c, &id)? {
                if oid == order_id && by == Some(author.id) {
                    return Ok((stored(seq)?, false, Vec::new()));
                }
                return Err(AppError::Conflict("This message id is already used".into()));
            }
            let files = chat::uploads(c, author.id, order_id, &uploads)?;
            if files.len() != uploads.len() {
                return Err(AppError::validation(
                    "uploads",
                    "A file of this message was not found; attach it again",
                ));
            }
            let seq = chat::insert_message(c, &id, order_id, Some(author.id), &body, None, now)?;
            chat::attach(c, seq, &files)?;
            // The sender has read everything up to their own message.
            chat::mark_read(c, order_id, author.id, seq)?;
            let woken = live::message_added(c, &order, seq, Some(&Actor::of(&author)), now)?;
            Ok((stored(seq)?, true, woken))
        })
        .await?;
    state.hub.wake(woken);
    let message = views::chat_message(row, &user, &state.file_secret, now);
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, AppJson(message)).into_response())
}

/// Marks the chat read up to `seq`; answers the reader's unread count.
#[utoipa::path(post, path = "/orders/{id}/messages/read", tag = "chat",
    params(("id" = i64, Path, description = "Order id")), request_body = ReadUpTo, security(("bearer" = [])),
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn chat_read(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(order_id): AppPath<i64>,
    AppJson(req): AppJson<ReadUpTo>,
) -> AppResult<AppJson<UnreadCount>> {
    if req.seq < 0 {
        return Err(AppError::validation("seq", "seq is a message seq"));
    }
    let user = auth.user;
    chat_order(&state, &user, order_id).await?;
    let user_id = user.id;
    let unread = state
        .store
        .write(move |c| -> AppResult<u32> {
            chat::mark_read(c, order_id, user_id, req.seq)?;
            Ok(crate::storage::unread_count(c, order_id, user_id)?)
        })
        .await?;
    Ok(AppJson(UnreadCount { unread }))
}

/// A file name as shown and sent back: no folders, no control characters, not empty.
fn clean_name(raw: Option<&str>) -> String {
    let base = raw.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string();
    if name.is_empty() || name == "." || name == ".." {
        "file".to_string()
    } else {
        name
    }
}

fn too_large(state: &AppState) -> AppError {
    AppError::TooLarge(format!(
        "A file may be at most {} MB",
        state.config.max_file_mb
    ))
}

/// Uploads one file (multipart field `file`) for a message about to be sent.
/// Refused with 413 above the size limit and 422 when its content is not of an
/// accepted type (pictures, PDF, office documents, archives, text).
#[utoipa::path(post, path = "/orders/{id}/uploads", tag = "chat",
    params(("id" = i64, Path, description = "Order id")),
    request_body(content_type = "multipart/form-data", description = "One file in the field `file`"),
    security(("bearer" = [])),
    responses((status = 201, body = Upload), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn chat_upload(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(order_id): AppPath<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, AppJson<Upload>)> {
    let user = auth.user;
    let mut multipart = multipart.map_err(|_| {
        AppError::validation(
            "file",
            "Send the file as multipart/form-data in the field «file»",
        )
    })?;
    chat_order(&state, &user, order_id).await?;
    let limit = state.config.max_file_bytes();
    let multipart_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(&state)
        } else {
            AppError::validation("file", "The upload could not be read; try again")
        }
    };
    let mut field = loop {
        match multipart.next_field().await.map_err(multipart_error)? {
            Some(f) if f.name() == Some("file") => break f,
            Some(_) => continue,
            None => return Err(AppError::validation("file", "Attach a file")),
        }
    };
    let file_name = clean_name(field.file_name());
    let dir = state.config.data_dir.join("files");
    tokio::fs::create_dir_all(dir.join("tmp"))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let tmp = dir.join("tmp").join(new_token().0);
    let mut out = tokio::fs::File::create(&tmp)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head: Vec<u8> = Vec::new();
    let mut text_ok = true;
    let mut text: Vec<u8> = Vec::new();
    let result: AppResult<()> = async {
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            size += chunk.len() as u64;
            if size > limit {
                return Err(too_large(&state));
            }
            if head.len() < 8192 {
                head.extend_from_slice(&chunk[..chunk.len().min(8192 - head.len())]);
            }
            if text_ok {
                if size > TEXT_MAX || chunk.contains(&0) {
                    text_ok = false;
                    text = Vec::new();
                } else {
                    text.extend_from_slice(&chunk);
                }
            }
            hasher.update(&chunk);
            out.write_all(&chunk)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
        }
        out.flush()
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(())
    }
    .await;
    drop(out);
    let cleanup = |tmp: std::path::PathBuf| async move {
        let _ = tokio::fs::remove_file(tmp).await;
    };
    if let Err(e) = result {
        cleanup(tmp).await;
        return Err(e);
    }
    if size == 0 {
        cleanup(tmp).await;
        return Err(AppError::validation(
            "file",
            format!("«{file_name}» is empty"),
        ));
    }
    let is_text = text_ok && std::str::from_utf8(&text).is_ok();
    let Some(accepted) = files::accept(&head, is_text) else {
        cleanup(tmp).await;
        return Err(AppError::validation(
            "file",
            format!(
                "«{file_name}» is not accepted: send pictures, PDF, office documents, archives or text"
            ),
        ));
    };
    let sha256 = hex(&hasher.finalize());
    let path = files::path_of(&state.config.data_dir, &sha256);
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    // Same content, same name: renaming over an existing copy changes nothing.
    tokio::fs::rename(&tmp, &path)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let row = FileRow {
        file_name: file_name.clone(),
        content_type: accepted.content_type.to_string(),
        size: size as i64,
        sha256,
    };
    let id = new_token().0;
    let now = state.clock.now();
    let (upload_id, user_id) = (id.clone(), user.id);
    state
        .store
        .write(move |c| chat::insert_upload(c, &upload_id, user_id, order_id, &row, now))
        .await?;
    Ok((
        StatusCode::CREATED,
        AppJson(Upload {
            id,
            file_name,
            content_type: accepted.content_type.to_string(),
            size,
        }),
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct FileQuery {
    /// The reader the link was made for.
    u: Option<String>,
    /// When the link expires (unix seconds).
    e: Option<String>,
    /// The signature.
    s: Option<String>,
    /// Any value: download even what could be shown in place.
    download: Option<String>,
}

/// A chat file, by the signed link of a message. Pictures and PDFs are shown in
/// place; everything else is downloaded. A bad, expired or foreign link is 404.
#[utoipa::path(get, path = "/files/{id}", tag = "chat", params(("id" = i64, Path, description = "Attachment id"), FileQuery),
    responses((status = 200, description = "The file"), (status = 404, body = ErrorBody)))]
pub async fn chat_file(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Response> {
    // Whatever is wrong with a file link — made up, changed, expired — it is 404.
    let (Ok(Path(id)), Ok(Query(q))) = (path, query) else {
        return Err(AppError::NotFound);
    };
    let number = |v: Option<&str>| v.and_then(|v| v.parse::<i64>().ok());
    let (Some(id), Some(user_id), Some(expires), Some(sig)) = (
        number(Some(&id)),
        number(q.u.as_deref()),
        number(q.e.as_deref()),
        q.s.as_deref(),
    ) else {
        return Err(AppError::NotFound);
    };
    if expires < state.clock.now() || !files::verify(&state.file_secret, id, user_id, expires, sig)
    {
        return Err(AppError::NotFound);
    }
    let (order, file, role) = state
        .store
        .call(move |c| {
            let Some((order_id, file)) = chat::attachment(c, id)? else {
                return Ok(None);
            };
            let order = Store::order_row(c, order_id)?;
            let role = chat::user_role(c, user_id)?;
            Ok(order.zip(role).map(|(o, r)| (o, file, r)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    // The reader must still take part in the chat.
    if order.user_id != user_id && role != Role::Staff {
        return Err(AppError::NotFound);
    }
    let bytes = tokio::fs::read(files::path_of(&state.config.data_dir, &file.sha256))
        .await
        .map_err(|_| AppError::NotFound)?;
    let inline = files::shown_inline(&file.content_type) && q.download.is_none();
    let content_type = if file.content_type == "text/plain" {
        "text/plain; charset=utf-8".to_string()
    } else {
        file.content_type.clone()
    };
    let mut resp = Response::new(Body::from(bytes));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&files::disposition(inline, &file.file_name))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=86400"),
    );
    // A file runs nothing, even opened in place. (PDFs are left out: the
    // browser's PDF viewer does not run in a sandboxed document.)
    let csp = if file.content_type == "application/pdf" {
        "default-src 'none'; frame-ancestors 'self'"
    } else {
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    };
    h.insert(
        header::HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static(csp),
    );
    Ok(resp)
}
