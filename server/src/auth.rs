//! The `AuthUser` extractor every protected handler takes: the bearer token's
//! session, through a short cache.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::AppError;
use crate::storage::users::{self, UserRow};
use crate::AppState;

use crate::tokens::token_hash;

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 128)
}

/// Recently seen sessions, so that most requests skip the database lookup. An entry
/// is trusted for at most a minute (and never past the session's end); signing out
/// removes it at once.
pub struct SessionCache {
    cache: moka::sync::Cache<Vec<u8>, (UserRow, i64)>,
}

/// How long a cached session is trusted without asking the database again.
const CACHE_SECONDS: i64 = 60;

impl Default for SessionCache {
    fn default() -> Self {
        SessionCache {
            cache: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(std::time::Duration::from_secs(CACHE_SECONDS as u64))
                .build(),
        }
    }
}

impl SessionCache {
    /// The cached user, unless the entry is past its time by the server's clock.
    fn get(&self, hash: &[u8], now: i64) -> Option<UserRow> {
        self.cache
            .get(hash)
            .filter(|(_, until)| *until > now)
            .map(|(u, _)| u)
    }

    fn put(&self, hash: Vec<u8>, user: UserRow, until: i64) {
        self.cache.insert(hash, (user, until));
    }

    pub fn forget(&self, hash: &[u8]) {
        self.cache.invalidate(hash);
    }
}

/// The signed-in user, with the hash of the token they came with.
pub struct AuthUser {
    pub user: UserRow,
    pub token_hash: Vec<u8>,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or_else(AppError::unauthorized)?;
        let hash = token_hash(token);
        let user = session_user(state, &hash).await?;
        Ok(AuthUser {
            user,
            token_hash: hash,
        })
    }
}

/// A signed-in event manager or staff member: the door's endpoints take this, so
/// that a tenant is refused (403) before the request's body is even read.
pub struct DoorUser(pub UserRow);

impl FromRequestParts<AppState> for DoorUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let auth = AuthUser::from_request_parts(parts, state).await?;
        crate::domain::access::require_door(&auth.user)?;
        Ok(DoorUser(auth.user))
    }
}

/// The signed-in user if the request names a live session; pages that also work
/// signed out (an invite's preview) take this. A dead token counts as signed out.
pub struct MaybeUser(pub Option<UserRow>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer(parts) else {
            return Ok(MaybeUser(None));
        };
        match session_user(state, &token_hash(token)).await {
            Ok(u) => Ok(MaybeUser(Some(u))),
            Err(e) if e.code == kabinet_core::ErrorCode::Unauthorized => Ok(MaybeUser(None)),
            Err(e) => Err(e),
        }
    }
}

/// The user of a live session, by its token hash (401 when it ended or never was).
pub async fn session_user(state: &AppState, hash: &[u8]) -> Result<UserRow, AppError> {
    let now = state.clock.now();
    if let Some(user) = state.sessions.get(hash, now) {
        return Ok(user);
    }
    let key = hash.to_vec();
    let (user, expires_at) = state
        .store
        .call(move |c| users::by_session(c, &key, now))
        .await?
        .ok_or_else(AppError::unauthorized)?;
    state.sessions.put(
        hash.to_vec(),
        user.clone(),
        expires_at.min(now + CACHE_SECONDS),
    );
    Ok(user)
}
