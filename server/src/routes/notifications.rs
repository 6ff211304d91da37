//! The notification centre: the caller's notifications, newest first, and marking
//! them read.

use axum::extract::State;
use kabinet_core::{ErrorBody, MarkRead, NotificationPage, UnreadCount};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::storage::live;
use crate::{views, AppState};

const PAGE_DEFAULT: u32 = 20;
const PAGE_MAX: u32 = 100;
/// The most ids one request may mark read.
const MARK_MAX: usize = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(notifications_list))
        .routes(routes!(notifications_read))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct NotificationQuery {
    /// `next_before` of the previous page.
    before: Option<String>,
    /// Page size, 1 to 100 (default 20).
    limit: Option<String>,
}

fn number<T: std::str::FromStr>(
    value: Option<&str>,
    field: &str,
    ok: impl Fn(&T) -> bool,
    message: &str,
) -> AppResult<Option<T>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<T>()
            .ok()
            .filter(|n| ok(n))
            .map(Some)
            .ok_or_else(|| AppError::validation(field, message)),
    }
}

/// The caller's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/notifications", tag = "notifications", params(NotificationQuery),
    security(("bearer" = [])),
    responses((status = 200, body = NotificationPage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notifications_list(
    State(state): State<AppState>,
    auth: AuthUser,
    AppQuery(query): AppQuery<NotificationQuery>,
) -> AppResult<AppJson<NotificationPage>> {
    let before = number::<i64>(
        query.before.as_deref(),
        "before",
        |n| *n > 0,
        "before is a notification id",
    )?;
    let limit = number::<u32>(
        query.limit.as_deref(),
        "limit",
        |n| (1..=PAGE_MAX).contains(n),
        "limit is a number from 1 to 100",
    )?
    .unwrap_or(PAGE_DEFAULT);
    let user_id = auth.user.id;
    let (rows, unread) = state
        .store
        .call(move |c| {
            let rows = live::notifications(c, user_id, before, limit + 1)?;
            Ok((rows, live::unread_notifications(c, user_id)?))
        })
        .await?;
    let more = rows.len() > limit as usize;
    let items: Vec<_> = rows
        .into_iter()
        .take(limit as usize)
        .map(views::notification)
        .collect();
    let next_before = if more {
        items.last().map(|n| n.id)
    } else {
        None
    };
    Ok(AppJson(NotificationPage {
        items,
        unread,
        next_before,
    }))
}

/// Marks the listed notifications read, or all of them with `all: true`. Ids that
/// are not the caller's are ignored. Answers the unread count.
#[utoipa::path(post, path = "/notifications/read", tag = "notifications", request_body = MarkRead,
    security(("bearer" = [])),
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notifications_read(
    State(state): State<AppState>,
    auth: AuthUser,
    AppJson(req): AppJson<MarkRead>,
) -> AppResult<AppJson<UnreadCount>> {
    if !req.all && req.ids.is_empty() {
        return Err(AppError::validation(
            "ids",
            "Name the notifications to mark read, or all",
        ));
    }
    if req.ids.len() > MARK_MAX {
        return Err(AppError::validation(
            "ids",
            "At most 500 notifications at a time",
        ));
    }
    let user_id = auth.user.id;
    let now = state.clock.now();
    let unread = state
        .store
        .write(move |c| live::mark_read(c, user_id, &req.ids, req.all, now))
        .await?;
    state.hub.wake(vec![user_id]);
    Ok(AppJson(UnreadCount { unread }))
}
