//! Sign in, sign out, and who am I.

use axum::extract::State;
use axum::http::StatusCode;
use kabinet_core::{ErrorBody, LoginRequest, LoginResponse, User};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{hash_password, new_token, verify_password, AuthUser, SESSION_SECONDS};
use crate::error::{AppError, AppJson, AppResult};
use crate::storage::users;
use crate::{views, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth_login))
        .routes(routes!(auth_logout))
        .routes(routes!(me_get))
}

/// The longest password accepted (argon2 hashes anything; this bounds the work).
const PASSWORD_MAX: usize = 1024;

/// A fixed argon2 hash to verify against when the e-mail is unknown, so that the
/// answer takes as long as for a known one.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// Signs in with e-mail and password; answers a bearer token.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn auth_login(
    State(state): State<AppState>,
    AppJson(req): AppJson<LoginRequest>,
) -> AppResult<AppJson<LoginResponse>> {
    let email = req.email.trim().to_string();
    if email.is_empty() || email.len() > 254 || !email.contains('@') {
        return Err(AppError::required("email", "Enter your e-mail address"));
    }
    if req.password.is_empty() {
        return Err(AppError::required("password", "Enter your password"));
    }
    if req.password.chars().count() > PASSWORD_MAX {
        return Err(AppError::too_long("password", PASSWORD_MAX));
    }
    let found = state
        .store
        .call(move |c| users::by_email(c, &email))
        .await?;
    let hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let password = req.password;
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    let user = match (ok, found) {
        (true, Some(u)) => u,
        _ => return Err(AppError::bad_credentials()),
    };
    let (token, token_hash) = new_token();
    let now = state.clock.now();
    let user_id = user.id;
    state
        .store
        .write(move |c| users::create_session(c, &token_hash, user_id, now, now + SESSION_SECONDS))
        .await?;
    Ok(AppJson(LoginResponse {
        token,
        user: views::user(&user),
    }))
}

/// Signs out: the token stops working at once.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn auth_logout(State(state): State<AppState>, auth: AuthUser) -> AppResult<StatusCode> {
    // The row goes first: a request in between cannot cache the session again.
    let hash = auth.token_hash.clone();
    state
        .store
        .write(move |c| users::delete_session(c, &hash))
        .await?;
    state.sessions.forget(&auth.token_hash);
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn me_get(auth: AuthUser) -> AppJson<User> {
    AppJson(views::user(&auth.user))
}
