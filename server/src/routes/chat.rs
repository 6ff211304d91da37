//! The order chat: its lines a page at a time, sending (text and uploaded files,
//! stored once per client-made id), read marks, uploads, and file downloads by
//! signed link. Only the order's owner and staff take part; anyone else gets 404.

use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kabinet_core::{
    ChatMessage, ErrorBody, MessagePage, ReadUpTo, SendMessage, UnreadCount, Upload,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::domain::access;
use crate::domain::chat::UploadSink;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::routes::http::{number, ORDERS_PAGE};
use crate::storage::orders::{self, OrderRow};
use crate::storage::users::{self, UserRow};
use crate::storage::{chat, uploads};
use crate::{domain, files, views, AppState};

pub fn router(max_file_bytes: u64) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(chat_list, chat_send))
        .routes(routes!(chat_read))
        .routes(routes!(chat_file))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(chat_upload))
                .routes(routes!(uploads_create))
                // Room for the multipart framing around one file of the largest size.
                .layer(DefaultBodyLimit::max(max_file_bytes as usize + 64 * 1024)),
        )
}

/// The order, if `user` takes part in its chat (404 otherwise).
async fn chat_order(state: &AppState, user: &UserRow, id: i64) -> AppResult<OrderRow> {
    let order = state.store.call(move |c| orders::get(c, id)).await?;
    access::require_chat(user, order)
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
    number::<i64>(v, field, |n| *n >= 0, &format!("{field} is a message seq"))
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
    let limit = ORDERS_PAGE.limit(q.limit.as_deref())?;
    let user = auth.user;
    let reader = user.clone();
    let user_id = user.id;
    let (rows, older, read_seq, unread) = state
        .store
        .call(move |c| -> AppResult<_> {
            access::require_chat(&reader, orders::get(c, id)?)?;
            let rows = chat::page(c, id, before, after, limit)?;
            let older = match (after, rows.first()) {
                (None, Some(first)) => chat::has_older(c, id, first.seq)?,
                _ => false,
            };
            let read = chat::read_seq(c, id, user_id)?;
            let unread = chat::unread_count(c, id, user_id)?;
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
    let now = state.clock.now();
    let max_files = state.config.max_files as usize;
    let user = auth.user;
    let (row, created) = domain::chat::send(
        &state.store,
        &state.hub,
        now,
        &user,
        order_id,
        req,
        max_files,
    )
    .await?;
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
        return Err(AppError::invalid("seq", "seq is a message seq"));
    }
    let unread = domain::chat::mark_read(&state.store, &auth.user, order_id, req.seq).await?;
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

/// Uploads one file (multipart field `file`) for a message about to be sent.
/// Refused with 413 above the size limit and 422 when its content is not of an
/// accepted type (pictures, PDF, office documents, archives, text); both name the
/// file.
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
    let multipart = multipart.map_err(|_| not_multipart())?;
    chat_order(&state, &user, order_id).await?;
    receive(&state, &user, Some(order_id), multipart).await
}

/// Uploads one file (multipart field `file`) for an order about to be placed: a
/// request's files, a form's file field (`PlaceOrder.uploads`, `fields`). The same
/// limits and checks as a chat upload. Tenants only.
#[utoipa::path(post, path = "/uploads", tag = "chat",
    request_body(content_type = "multipart/form-data", description = "One file in the field `file`"),
    security(("bearer" = [])),
    responses((status = 201, body = Upload), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn uploads_create(
    State(state): State<AppState>,
    auth: AuthUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, AppJson<Upload>)> {
    let user = auth.user;
    let multipart = multipart.map_err(|_| not_multipart())?;
    access::require_tenant(&user)?;
    receive(&state, &user, None, multipart).await
}

fn not_multipart() -> AppError {
    AppError::invalid(
        "file",
        "Send the file as multipart/form-data in the field «file»",
    )
}

/// Reads the field `file`, checks it, stores it and stages it for `order_id`.
async fn receive(
    state: &AppState,
    user: &UserRow,
    order_id: Option<i64>,
    mut multipart: Multipart,
) -> AppResult<(StatusCode, AppJson<Upload>)> {
    let unreadable = || AppError::invalid("file", "The upload could not be read; try again");
    let limit = state.config.max_file_bytes();
    let mut field = loop {
        match multipart.next_field().await {
            Ok(Some(f)) if f.name() == Some("file") => break f,
            Ok(Some(_)) => continue,
            Ok(None) => return Err(AppError::required("file", "Attach a file")),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(domain::chat::too_large(limit))
            }
            Err(_) => return Err(unreadable()),
        }
    };
    let file_name = clean_name(field.file_name());
    let mut sink = UploadSink::new(&state.config.data_dir, file_name.clone(), limit).await?;
    let received: AppResult<()> = async {
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => sink.push(&chunk).await?,
                Ok(None) => return Ok(()),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(sink.too_large())
                }
                Err(_) => return Err(unreadable()),
            }
        }
    }
    .await;
    if let Err(e) = received {
        sink.discard().await;
        return Err(e);
    }
    let row = sink.finish().await?;
    let (content_type, size) = (row.content_type.clone(), row.size.max(0) as u64);
    let now = state.clock.now();
    let id = domain::chat::stage(&state.store, now, user.id, order_id, row).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(Upload {
            id,
            file_name,
            content_type,
            size,
        }),
    ))
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
        return Err(AppError::not_found());
    };
    let number = |v: Option<&str>| v.and_then(|v| v.parse::<i64>().ok());
    let (Some(id), Some(user_id), Some(expires), Some(sig)) = (
        number(Some(&id)),
        number(q.u.as_deref()),
        number(q.e.as_deref()),
        q.s.as_deref(),
    ) else {
        return Err(AppError::not_found());
    };
    if expires < state.clock.now() || !files::verify(&state.file_secret, id, user_id, expires, sig)
    {
        return Err(AppError::not_found());
    }
    let (order, file, role) = state
        .store
        .call(move |c| -> AppResult<_> {
            let Some((order_id, file)) = uploads::attachment(c, id)? else {
                return Ok(None);
            };
            let order = orders::get(c, order_id)?;
            let role = users::role(c, user_id)?;
            Ok(order.zip(role).map(|(o, r)| (o, file, r)))
        })
        .await?
        .ok_or_else(AppError::not_found)?;
    // The reader must still take part in the chat.
    if !access::in_chat(user_id, role, &order) {
        return Err(AppError::not_found());
    }
    // Streamed from disk: a file may be as large as the upload limit.
    let disk = tokio::fs::File::open(files::path_of(&state.config.data_dir, &file.sha256))
        .await
        .map_err(|_| AppError::not_found())?;
    let inline = files::shown_inline(&file.content_type) && q.download.is_none();
    let content_type = if file.content_type == "text/plain" {
        "text/plain; charset=utf-8".to_string()
    } else {
        file.content_type.clone()
    };
    let mut resp = Response::new(Body::from_stream(tokio_util::io::ReaderStream::new(disk)));
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
