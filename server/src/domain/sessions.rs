//! Signing in and out: the password checked against its argon2 hash (as slowly
//! for an unknown e-mail as for a known one), a session stored under the hash of a
//! new bearer token, and the session deleted on sign-out.

use kabinet_core::LoginRequest;

use crate::error::{AppError, AppResult};
use crate::passwords::{hash_password, verify_password};
use crate::storage::users::{self, UserRow};
use crate::storage::Store;
use crate::tokens::new_token;

/// Sessions last this long.
pub const SESSION_SECONDS: i64 = 30 * 24 * 3600;

/// The longest password accepted (argon2 hashes anything; this bounds the work).
const PASSWORD_MAX: usize = 1024;

/// A fixed argon2 hash to verify against when the e-mail is unknown, so that the
/// answer takes as long as for a known one.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// Checks the e-mail and password; answers a new bearer token and the user.
pub async fn sign_in(store: &Store, now: i64, req: LoginRequest) -> AppResult<(String, UserRow)> {
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
    let found = store.call(move |c| users::by_email(c, &email)).await?;
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
    let user_id = user.id;
    store
        .write(move |c| users::create_session(c, &token_hash, user_id, now, now + SESSION_SECONDS))
        .await?;
    Ok((token, user))
}

/// Ends the session with this token hash.
pub async fn sign_out(store: &Store, token_hash: Vec<u8>) -> AppResult<()> {
    Ok(store
        .write(move |c| users::delete_session(c, &token_hash))
        .await?)
}
