//! The staff desk: the queue of everyone's orders. Staff only; tenants and event
//! managers get 403.

use axum::extract::State;
use kabinet_core::{Company, DeskOrder, DeskPage, ErrorBody, Role};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::routes::orders::{page, ListQuery};
use crate::storage::Scope;
use crate::{views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(desk_list))
        .routes(routes!(desk_companies))
}

/// Everyone's orders, newest first, with the person who placed each.
#[utoipa::path(get, path = "/desk/orders", tag = "desk", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = DeskPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn desk_list(
    State(state): State<AppState>,
    auth: AuthUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> AppResult<AppJson<DeskPage>> {
    if auth.user.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    let company_id = match query.company.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(
            c.parse::<i64>()
                .map_err(|_| AppError::validation("company", "company is a company id"))?,
        ),
    };
    let (rows, next_cursor) = page(
        &state,
        auth.user.id,
        Scope::Desk { company_id },
        query.filter()?,
    )
    .await?;
    let items = rows
        .into_iter()
        .filter_map(|mut r| {
            let owner = r.owner.take()?;
            Some(DeskOrder {
                owner: views::person(&owner),
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
    if auth.user.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    let rows = state.store.companies().await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|(id, name)| Company { id, name })
            .collect(),
    ))
}
