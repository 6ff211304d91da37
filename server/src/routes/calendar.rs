//! «Мой календарь», «Мои бронирования» and door access.

use axum::extract::State;
use kabinet_core::{AccessGrants, Bookings, Calendar, ErrorBody};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::{domain, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(calendar_get))
        .routes(routes!(bookings_list))
        .routes(routes!(access_list))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CalendarParams {
    /// Start of the window, RFC 3339 (`2026-11-23T00:00:00+03:00`).
    from: Option<String>,
    /// End of the window (exclusive), at most 92 days after `from`.
    to: Option<String>,
}

/// The caller's own bookings, coworking days, hotel stays and event tickets, the
/// bookings shared with them («Доступ в помещение») and the tickets passed to them,
/// overlapping the window, by start. Only their own orders' cards carry an order id.
#[utoipa::path(get, path = "/calendar", tag = "calendar", params(CalendarParams), security(("bearer" = [])),
    responses((status = 200, body = Calendar), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn calendar_get(
    State(state): State<AppState>,
    auth: AuthUser,
    AppQuery(p): AppQuery<CalendarParams>,
) -> AppResult<AppJson<Calendar>> {
    let from = p
        .from
        .ok_or_else(|| AppError::required("from", "Give the start of the window"))?;
    let to =
        p.to.ok_or_else(|| AppError::required("to", "Give the end of the window"))?;
    let cal = domain::calendar::calendar(&state.store, auth.user.id, &from, &to).await?;
    Ok(AppJson(cal))
}

/// «Мои бронирования»: the bookings and tickets the caller holds, own and received;
/// upcoming soonest first, then past ones latest first.
#[utoipa::path(get, path = "/bookings", tag = "calendar", security(("bearer" = [])),
    responses((status = 200, body = Bookings), (status = 401, body = ErrorBody)))]
pub async fn bookings_list(
    State(state): State<AppState>,
    auth: AuthUser,
) -> AppResult<AppJson<Bookings>> {
    let b = domain::calendar::bookings(&state.store, auth.user.id, state.clock.now()).await?;
    Ok(AppJson(b))
}

/// The caller's current and upcoming door grants, as a door app reads them: the
/// owner and visitors of a booking for its time, a coworking ticket's holder for
/// its day.
#[utoipa::path(get, path = "/access", tag = "calendar", security(("bearer" = [])),
    responses((status = 200, body = AccessGrants), (status = 401, body = ErrorBody)))]
pub async fn access_list(
    State(state): State<AppState>,
    auth: AuthUser,
) -> AppResult<AppJson<AccessGrants>> {
    let g = domain::calendar::access(&state.store, auth.user.id, state.clock.now()).await?;
    Ok(AppJson(g))
}
