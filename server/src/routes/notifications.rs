//! The notification centre: the caller's notifications, newest first, and marking
//! them read (listed ones, an order's, or all).

use axum::extract::State;
use kabinet_core::{ErrorBody, MarkRead, NotificationPage, UnreadCount};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::domain::notify;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::routes::http::{number, NOTIFICATIONS_PAGE};
use crate::storage::notifications::{self, Marked};
use crate::{views, AppState};

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
    let limit = NOTIFICATIONS_PAGE.limit(query.limit.as_deref())?;
    let user_id = auth.user.id;
    let (rows, unread) = state
        .store
        .call(move |c| -> AppResult<_> {
            let rows = notifications::list(c, user_id, before, limit + 1)?;
            Ok((rows, notifications::unread(c, user_id)?))
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

/// Marks notifications read: the listed ones, every one about `order_id`, or all of
/// them with `all: true`. Ids that are not the caller's are ignored. Answers the
/// unread count.
#[utoipa::path(post, path = "/notifications/read", tag = "notifications", request_body = MarkRead,
    security(("bearer" = [])),
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notifications_read(
    State(state): State<AppState>,
    auth: AuthUser,
    AppJson(req): AppJson<MarkRead>,
) -> AppResult<AppJson<UnreadCount>> {
    let which = match (req.all, req.order_id) {
        (true, _) => Marked::All,
        (false, Some(order_id)) => Marked::Order(order_id),
        (false, None) if req.ids.is_empty() => {
            return Err(AppError::required(
                "ids",
                "Name the notifications to mark read, an order, or all",
            ))
        }
        (false, None) if req.ids.len() > MARK_MAX => {
            return Err(AppError::validation(
                "ids",
                kabinet_core::ErrorReason::TooLong,
                format!("At most {MARK_MAX} notifications at a time"),
            )
            .with_limit(MARK_MAX as u64))
        }
        (false, None) => Marked::Ids(req.ids),
    };
    let user_id = auth.user.id;
    let now = state.clock.now();
    let unread = state
        .store
        .write(move |c| notify::mark_read(c, user_id, &which, now))
        .await?;
    state.hub.wake(vec![user_id]);
    Ok(AppJson(UnreadCount { unread }))
}
