//! The desk: the queue of everyone's orders for staff, and the event tickets for
//! the event manager (until check-in has its own page). Tenants get 403.

use axum::extract::State;
use kabinet_core::{Company, DeskOrder, DeskPage, ErrorBody};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::domain::access;
use crate::error::{AppJson, AppQuery, AppResult};
use crate::routes::http::number;
use crate::routes::orders::{page, ListQuery};
use crate::storage::orders::Scope;
use crate::storage::{payments, users};
use crate::{views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(desk_list))
        .routes(routes!(desk_companies))
}

/// Everyone's orders (the event manager: event tickets), newest first, with the
/// person who placed each.
#[utoipa::path(get, path = "/desk/orders", tag = "desk", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = DeskPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn desk_list(
    State(state): State<AppState>,
    auth: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> AppResult<AppJson<DeskPage>> {
    let kind = access::desk_kind(auth.user.role)?;
    let company_id = number::<i64>(
        query.company.as_deref(),
        "company",
        |_| true,
        "company is a company id",
    )?;
    let scope = Scope::Desk { company_id, kind };
    let (rows, next_cursor) = page(&state.store, auth.user.id, scope, query.filter()?).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let refund_failed = state
        .store
        .call(move |c| payments::refund_failed_among(c, &ids))
        .await?;
    let items = rows
        .into_iter()
        .filter_map(|mut r| {
            let owner = r.owner.take()?;
            Some(DeskOrder {
                owner: views::person(&owner),
                refund_failed: refund_failed.contains(&r.id),
                order: views::order_summary(r),
            })
        })
        .collect();
    Ok(AppJson(DeskPage { items, next_cursor }))
}

/// Every company, for the desk's filter.
#[utoipa::path(get, path = "/desk/companies", tag = "desk", security(("bearer" = [])),
    responses((status = 200, body = Vec<Company>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn desk_companies(
    State(state): State<AppState>,
    auth: AuthUser,
) -> AppResult<AppJson<Vec<Company>>> {
    access::desk_kind(auth.user.role)?;
    let rows = state.store.call(|c| users::companies(c)).await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|(id, name)| Company { id, name })
            .collect(),
    ))
}
