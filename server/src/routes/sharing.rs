//! Sharing a booking (its link and its visitors) and passing a coworking ticket on
//! (directly or by a link). Only the order's owner may; anyone who may not see the
//! order gets 404.

use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::{
    AddVisitors, ErrorBody, InvitePurpose, LinkState, OrderView, TransferTicket, Visitors,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppJson, AppPath, AppResult};
use crate::{domain, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            share_link_get,
            share_link_create,
            share_link_delete
        ))
        .routes(routes!(visitors_create))
        .routes(routes!(visitors_delete))
        .routes(routes!(ticket_transfer_create))
        .routes(routes!(
            transfer_link_get,
            transfer_link_create,
            transfer_link_delete
        ))
}

async fn link_get(
    state: AppState,
    auth: AuthUser,
    id: i64,
    purpose: InvitePurpose,
) -> AppResult<AppJson<LinkState>> {
    let now = state.clock.now();
    let link = domain::sharing::link_get(
        &state.store,
        state.link_key.clone(),
        &auth.user,
        id,
        purpose,
        now,
    )
    .await?;
    Ok(AppJson(link))
}

async fn link_create(
    state: AppState,
    auth: AuthUser,
    id: i64,
    purpose: InvitePurpose,
) -> AppResult<(StatusCode, AppJson<LinkState>)> {
    let now = state.clock.now();
    let (made, link) = domain::sharing::link_create(
        &state.store,
        state.link_key.clone(),
        &auth.user,
        id,
        purpose,
        now,
    )
    .await?;
    let status = if made {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, AppJson(link)))
}

async fn link_delete(
    state: AppState,
    auth: AuthUser,
    id: i64,
    purpose: InvitePurpose,
) -> AppResult<StatusCode> {
    domain::sharing::link_delete(&state.store, &auth.user, id, purpose, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The booking's share link, if it has one that works («Скопировать ссылку» again).
#[utoipa::path(get, path = "/orders/{id}/share-link", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 200, body = LinkState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn share_link_get(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<LinkState>> {
    link_get(state, auth, id, InvitePurpose::Share).await
}

/// «Создать ссылку»: the booking's share link (201 when made, 200 with the one that
/// works already). Anyone signed in who opens it may join until the booking ends.
#[utoipa::path(post, path = "/orders/{id}/share-link", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 201, body = LinkState), (status = 200, body = LinkState), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn share_link_create(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<LinkState>)> {
    link_create(state, auth, id, InvitePurpose::Share).await
}

/// «Удалить»: the link stops working for everyone who has not joined yet; those
/// who joined keep their access.
#[utoipa::path(delete, path = "/orders/{id}/share-link", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn share_link_delete(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    link_delete(state, auth, id, InvitePurpose::Share).await
}

/// Gives registered people access to the booking («Сохранить»); each is notified.
/// Answers «Посетители».
#[utoipa::path(post, path = "/orders/{id}/visitors", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    request_body = AddVisitors, security(("bearer" = [])),
    responses((status = 200, body = Visitors), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn visitors_create(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<AddVisitors>,
) -> AppResult<AppJson<Visitors>> {
    let now = state.clock.now();
    let v =
        domain::sharing::visitors_add(&state.store, &state.hub, &auth.user, id, req.user_ids, now)
            .await?;
    Ok(AppJson(v))
}

/// Takes a visitor's access away. Answers «Посетители».
#[utoipa::path(delete, path = "/orders/{id}/visitors/{user_id}", tag = "sharing",
    params(("id" = i64, Path, description = "Order id"), ("user_id" = i64, Path, description = "The visitor")),
    security(("bearer" = [])),
    responses((status = 200, body = Visitors), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn visitors_delete(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath((id, user_id)): AppPath<(i64, i64)>,
) -> AppResult<AppJson<Visitors>> {
    let now = state.clock.now();
    let v = domain::sharing::visitor_remove(&state.store, &state.hub, &auth.user, id, user_id, now)
        .await?;
    Ok(AppJson(v))
}

/// «Отправить»: passes the coworking ticket to a registered user at once. The
/// buyer keeps the order; the previous holder loses the ticket; both sides are told.
#[utoipa::path(post, path = "/orders/{id}/ticket/transfer", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    request_body = TransferTicket, security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn ticket_transfer_create(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<TransferTicket>,
) -> AppResult<AppJson<OrderView>> {
    let now = state.clock.now();
    let view =
        domain::sharing::transfer(&state.store, &state.hub, &auth.user, id, req.user_id, now)
            .await?;
    Ok(AppJson(view))
}

/// The ticket's transfer link, if it has one that works.
#[utoipa::path(get, path = "/orders/{id}/ticket/transfer-link", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 200, body = LinkState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn transfer_link_get(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<LinkState>> {
    link_get(state, auth, id, InvitePurpose::Transfer).await
}

/// A new transfer link for someone not registered yet: it works once, for 7 days
/// or until the ticket's day ends; the previous link stops working.
#[utoipa::path(post, path = "/orders/{id}/ticket/transfer-link", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 201, body = LinkState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn transfer_link_create(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<LinkState>)> {
    link_create(state, auth, id, InvitePurpose::Transfer).await
}

/// Deletes the ticket's transfer link.
#[utoipa::path(delete, path = "/orders/{id}/ticket/transfer-link", tag = "sharing", params(("id" = i64, Path, description = "Order id")),
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn transfer_link_delete(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    link_delete(state, auth, id, InvitePurpose::Transfer).await
}
