//! Share and transfer links as the person who opens one sees them: a preview that
//! works signed out and changes nothing, and accepting it (signed in).

use axum::extract::State;
use kabinet_core::{CalendarEntry, ErrorBody, InvitePreview};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{AuthUser, MaybeUser};
use crate::error::{AppJson, AppPath, AppResult};
use crate::{domain, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(invites_get))
        .routes(routes!(invites_accept))
}

/// What the link gives (a room at a time, a coworking day) and who gives it, and
/// with a bearer token how the caller stands to it. No side effects. A deleted,
/// expired or used link is 410; an order that can no longer be shared is 409.
#[utoipa::path(get, path = "/invites/{token}", tag = "sharing", params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = InvitePreview), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 410, body = ErrorBody)))]
pub async fn invites_get(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    AppPath(token): AppPath<String>,
) -> AppResult<AppJson<InvitePreview>> {
    let preview = domain::sharing::preview(&state.store, token, user, state.clock.now()).await?;
    Ok(AppJson(preview))
}

/// «Подтвердить»: joins the booking, or takes the ticket (a transfer link works
/// once). Answers the card the user now has in «Мой календарь».
#[utoipa::path(post, path = "/invites/{token}/accept", tag = "sharing", params(("token" = String, Path, description = "The link's token")),
    security(("bearer" = [])),
    responses((status = 200, body = CalendarEntry), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody)))]
pub async fn invites_accept(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(token): AppPath<String>,
) -> AppResult<AppJson<CalendarEntry>> {
    let now = state.clock.now();
    let entry = domain::sharing::accept(&state.store, &state.hub, token, &auth.user, now).await?;
    Ok(AppJson(entry))
}
