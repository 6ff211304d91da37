//! The catalogue: services with their settings and additional services.

use axum::extract::State;
use kabinet_core::{ErrorBody, Service};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::storage::services;
use crate::{views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(services_list))
        .routes(routes!(services_get))
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
