//! The catalogue: services with their settings and additional services, a
//! service's order form and what is free.

use axum::extract::State;
use kabinet_core::{Availability, ErrorBody, OrderFormSpec, Service};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::storage::services;
use crate::{domain, views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(services_list))
        .routes(routes!(services_get))
        .routes(routes!(services_form))
        .routes(routes!(services_availability))
}

/// Everything the order form of a service needs: what is on sale, the form's
/// fields, a booking's hours, the company's saved places, who may pay, the event's
/// dates, and the days that can be chosen.
#[utoipa::path(get, path = "/services/{id}/form", tag = "catalog", params(("id" = i64, Path, description = "Service id")),
    security(("bearer" = [])),
    responses((status = 200, body = OrderFormSpec), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn services_form(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<OrderFormSpec>> {
    let now = state.clock.now();
    let spec = domain::ordering::form_spec(&state.store, &state.tz, now, &auth.user, id).await?;
    Ok(AppJson(spec))
}

/// The days of an availability query. Text, parsed by hand, so that a bad value is
/// answered 422 naming its field.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AvailabilityQuery {
    /// The first day, `YYYY-MM-DD` (today when left out).
    from: Option<String>,
    /// The last day, `YYYY-MM-DD`, at most 62 days after `from` (two weeks when
    /// left out).
    to: Option<String>,
}

/// What is free from `from` to `to`: a booking's hours, coworking seats and hotel
/// rooms left per offer each day, places left per ticket type at each event date
/// that starts on one of these days and is still ahead (absent `left` is no
/// limit).
#[utoipa::path(get, path = "/services/{id}/availability", tag = "catalog",
    params(("id" = i64, Path, description = "Service id"), AvailabilityQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Availability),
              (status = 400, body = ErrorBody, description = "The query string is malformed"),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "A day is not a date, out of range, or the span too long")))]
pub async fn services_availability(
    State(state): State<AppState>,
    _auth: AuthUser,
    AppPath(id): AppPath<i64>,
    AppQuery(query): AppQuery<AvailabilityQuery>,
) -> AppResult<AppJson<Availability>> {
    let now = state.clock.now();
    let a = domain::ordering::availability(&state.store, &state.tz, now, id, query.from, query.to)
        .await?;
    Ok(AppJson(a))
}

/// Every service (without their additional-service blocks).
#[utoipa::path(get, path = "/services", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = Vec<Service>), (status = 401, body = ErrorBody)))]
pub async fn services_list(
    State(state): State<AppState>,
    _auth: AuthUser,
) -> AppResult<AppJson<Vec<Service>>> {
    let rows = state.store.call(|c| services::all(c)).await?;
    Ok(AppJson(
        rows.iter().map(|s| views::service(s, &[])).collect(),
    ))
}

/// One service with its settings and «Дополнительные услуги».
#[utoipa::path(get, path = "/services/{id}", tag = "catalog", params(("id" = i64, Path, description = "Service id")),
    security(("bearer" = [])),
    responses((status = 200, body = Service), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn services_get(
    State(state): State<AppState>,
    _auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Service>> {
    let (s, additional) = state
        .store
        .call(move |c| -> AppResult<_> {
            let s = services::get(c, id)?.ok_or_else(AppError::not_found)?;
            Ok((s, services::additional(c, id)?))
        })
        .await?;
    Ok(AppJson(views::service(&s, &additional)))
}
