//! Signing in and out: the password checked against its argon2 hash (as slowly
//! for an unknown e-mail as for a known one), a session stored under the hash of a
//! new bearer token, and the session deleted on sign-out. Registration makes a
//! tenant account (the e-mail unique whatever its case) and signs them in.

use kabinet_core::{
    ErrorReason, LoginRequest, RegisterRequest, Role, EMAIL_MAX, NAME_MAX, PASSWORD_MIN,
};

use crate::error::{AppError, AppResult};
use crate::passwords::{hash_password, verify_password};
use crate::storage::users::{self, NewUser, UserRow};
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
    let email = req.email.trim().to_lowercase();
    if email.is_empty() || email.len() > EMAIL_MAX || !email.contains('@') {
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

/// A name as given, trimmed: required, at most `NAME_MAX` characters, no control
/// characters.
pub(crate) fn name(field: &str, value: &str) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::required(field, "Fill this in"));
    }
    if v.chars().count() > NAME_MAX {
        return Err(AppError::too_long(field, NAME_MAX));
    }
    // Control characters, and the invisible ones that turn text around or hide
    // in it (bidi overrides, zero-width joiners), would let a name pose as another.
    let sneaky = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
    };
    if v.chars().any(sneaky) {
        return Err(AppError::invalid(
            field,
            "A name has letters, not control characters",
        ));
    }
    Ok(v.to_string())
}

/// A plausible e-mail address, lower-cased: one `@`, something before it, a dot
/// in the domain, no spaces.
pub(crate) fn email(value: &str) -> AppResult<String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(AppError::required("email", "Enter your e-mail address"));
    }
    if v.len() > EMAIL_MAX {
        return Err(AppError::too_long("email", EMAIL_MAX));
    }
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if !ok {
        return Err(AppError::invalid(
            "email",
            "This does not look like an e-mail address",
        ));
    }
    Ok(v)
}

fn email_taken() -> AppError {
    AppError::validation(
        "email",
        ErrorReason::EmailTaken,
        "An account with this e-mail exists; sign in instead",
    )
}

/// Registers a tenant and signs them in: answers a bearer token and the user.
pub async fn register(
    store: &Store,
    now: i64,
    req: RegisterRequest,
) -> AppResult<(String, UserRow)> {
    let first = name("first_name", &req.first_name)?;
    let last = name("last_name", &req.last_name)?;
    let email = email(&req.email)?;
    if req.password.trim().is_empty() {
        return Err(AppError::required("password", "Choose a password"));
    }
    if req.password.chars().count() < PASSWORD_MIN {
        return Err(AppError::too_short("password", PASSWORD_MIN));
    }
    if req.password.chars().count() > PASSWORD_MAX {
        return Err(AppError::too_long("password", PASSWORD_MAX));
    }
    let e = email.clone();
    if store.call(move |c| users::by_email(c, &e)).await?.is_some() {
        return Err(email_taken());
    }
    let password = req.password;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::internal(e.to_string()))??;
    let (token, token_hash) = new_token();
    let user = store
        .write(move |c| -> AppResult<UserRow> {
            // Checked again in the write: two registrations at once make one account.
            if users::by_email(c, &email)?.is_some() {
                return Err(email_taken());
            }
            let id = users::insert(
                c,
                &NewUser {
                    email: &email,
                    password_hash: &hash,
                    first_name: &first,
                    last_name: &last,
                    role: Role::Tenant,
                    company_id: None,
                },
                now,
            )?;
            users::create_session(c, &token_hash, id, now, now + SESSION_SECONDS)?;
            users::by_email(c, &email)?.ok_or_else(|| AppError::internal("the new user is missing"))
        })
        .await?;
    Ok((token, user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_refuse_characters_that_disguise_them() {
        assert_eq!(name("first_name", " Анна ").unwrap(), "Анна");
        assert!(name("first_name", "Анна\u{202E}авонавИ").is_err());
        assert!(name("first_name", "А\u{200B}нна").is_err());
        assert!(name("first_name", "   ").is_err());
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(email(" Ivan@Example.RU ").unwrap(), "ivan@example.ru");
        for bad in [
            "ivan",
            "@example.ru",
            "ivan@example",
            "iv an@example.ru",
            "a@b@c.ru",
            "a@.ru",
            "a@b..ru",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
