//! Embedding: a portal's launch token exchanged for a session of the framed app.

use axum::extract::State;
use kabinet_core::{EmbedSession, EmbedSessionRequest, ErrorBody};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::{AppJson, AppResult};
use crate::{domain, views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(embed_session))
}

/// Exchanges a launch token signed by a registered portal for a short-lived
/// session of its user (linked, or created, by portal and `sub`). A forged,
/// expired, replayed, wrong-audience or unknown portal's token is 401
/// `launch_token_refused`, and no session comes of it.
#[utoipa::path(post, path = "/embed/session", tag = "embed", request_body = EmbedSessionRequest,
    responses((status = 200, body = EmbedSession), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn embed_session(
    State(state): State<AppState>,
    AppJson(req): AppJson<EmbedSessionRequest>,
) -> AppResult<AppJson<EmbedSession>> {
    let (token, user, expires_at) =
        domain::embed::start_session(&state.store, &state.portals, state.clock.now(), &req.token)
            .await?;
    Ok(AppJson(EmbedSession {
        token,
        user: views::user(&user),
        expires_at: views::ts(expires_at),
    }))
}
