//! Passwords (argon2), bearer tokens (random, stored hashed) and the `AuthUser`
//! extractor every protected handler takes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::storage::UserRow;
use crate::AppState;

/// Sessions last this long.
pub const SESSION_SECONDS: i64 = 30 * 24 * 3600;

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| AppError::Internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh bearer token (256 random bits) and the hash that is stored.
pub fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

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
/// lives at most `CACHE_SECONDS`; signing out removes it at once.
#[derive(Default)]
pub struct SessionCache {
    map: std::sync::RwLock<std::collections::HashMap<Vec<u8>, (UserRow, i64)>>,
}

/// How long a cached session is trusted without asking the database again.
const CACHE_SECONDS: i64 = 60;
/// More entries than this and the cache starts over (a crude bound on memory).
const CACHE_MAX: usize = 100_000;

impl SessionCache {
    fn get(&self, hash: &[u8], now: i64) -> Option<UserRow> {
        let map = self.map.read().ok()?;
        map.get(hash)
            .filter(|(_, until)| *until > now)
            .map(|(u, _)| u.clone())
    }

    fn put(&self, hash: Vec<u8>, user: UserRow, until: i64) {
        if let Ok(mut map) = self.map.write() {
            if map.len() >= CACHE_MAX {
                map.clear();
            }
            map.insert(hash, (user, until));
        }
    }

    pub fn forget(&self, hash: &[u8]) {
        if let Ok(mut map) = self.map.write() {
            map.remove(hash);
        }
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
        let token = bearer(parts).ok_or(AppError::Unauthorized)?;
        let hash = token_hash(token);
        let user = session_user(state, &hash).await?;
        Ok(AuthUser {
            user,
            token_hash: hash,
        })
    }
}

/// The user of a live session, by its token hash (401 when it ended or never was).
pub async fn session_user(state: &AppState, hash: &[u8]) -> Result<UserRow, AppError> {
    let now = state.clock.now();
    if let Some(user) = state.sessions.get(hash, now) {
        return Ok(user);
    }
    let (user, expires_at) = state
        .store
        .user_by_session(hash.to_vec(), now)
        .await?
        .ok_or(AppError::Unauthorized)?;
    state.sessions.put(
        hash.to_vec(),
        user.clone(),
        expires_at.min(now + CACHE_SECONDS),
    );
    Ok(user)
}
