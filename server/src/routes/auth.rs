//! Sign in, register, sign out, and who am I.

use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::{ErrorBody, LoginRequest, LoginResponse, RegisterRequest, User};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::error::{AppJson, AppResult};
use crate::throttle::ClientAddr;
use crate::{domain, views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth_login))
        .routes(routes!(auth_register))
        .routes(routes!(auth_logout))
        .routes(routes!(me_get))
}

/// Signs in with e-mail and password; answers a bearer token.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn auth_login(
    State(state): State<AppState>,
    AppJson(req): AppJson<LoginRequest>,
) -> AppResult<AppJson<LoginResponse>> {
    let (token, user) = domain::sessions::sign_in(&state.store, state.clock.now(), req).await?;
    Ok(AppJson(LoginResponse {
        token,
        user: views::user(&user),
    }))
}

/// Registers a tenant (first name, last name, e-mail, password of at least 8
/// characters) and signs them in. An e-mail registered already, whatever its case,
/// is 422 `email_taken`. One client address may register only so many accounts
/// an hour (429 `rate_limited` with Retry-After).
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = LoginResponse), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn auth_register(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    AppJson(req): AppJson<RegisterRequest>,
) -> AppResult<(StatusCode, AppJson<LoginResponse>)> {
    state.throttle.register(from)?;
    let (token, user) = domain::sessions::register(&state.store, state.clock.now(), req).await?;
    state.directory.forget();
    Ok((
        StatusCode::CREATED,
        AppJson(LoginResponse {
            token,
            user: views::user(&user),
        }),
    ))
}

/// Signs out: the token stops working at once.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn auth_logout(State(state): State<AppState>, auth: AuthUser) -> AppResult<StatusCode> {
    // The row goes first: a request in between cannot cache the session again.
    domain::sessions::sign_out(&state.store, auth.token_hash.clone()).await?;
    state.sessions.forget(&auth.token_hash);
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn me_get(auth: AuthUser) -> AppJson<User> {
    AppJson(views::user(&auth.user))
}
