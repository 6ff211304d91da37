//! Signing in inside a portal's frame (spec section 14): a launch token the portal
//! signed is checked (signature, audience, issuer, lifetime, used once) and
//! exchanged for a short-lived session of the portal's user, linked or created by
//! (portal, sub).

use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use kabinet_core::{
    ErrorCode, ErrorReason, Role, EMBED_SESSION_SECS, LAUNCH_CLAIM_MAX, LAUNCH_TOKEN_MAX,
    LAUNCH_TOKEN_MAX_SECS,
};
use serde::Deserialize;

use crate::domain::sessions;
use crate::error::{AppError, AppResult};
use crate::portals::Portals;
use crate::storage::portals as rows;
use crate::storage::users::{self, NewUser, UserRow};
use crate::storage::Store;
use crate::tokens::new_token;

/// Clocks of the portal and Kabinet may differ by this much (seconds).
const LEEWAY: i64 = 5;

#[derive(Deserialize)]
struct Issuer {
    iss: String,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    iat: i64,
    exp: i64,
    jti: String,
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    company: Option<String>,
}

/// Why a token is refused goes to the log; the caller learns only that it was.
fn refused(portal: Option<&str>, why: &str) -> AppError {
    tracing::warn!(portal, why, "launch token refused");
    AppError::new(
        ErrorCode::Unauthorized,
        ErrorReason::LaunchTokenRefused,
        "The launch token was refused",
    )
}

/// The portal and the checked claims of a launch token.
fn check(portals: &Portals, token: &str, now: i64) -> AppResult<(String, Claims)> {
    if token.len() > LAUNCH_TOKEN_MAX {
        return Err(refused(None, "too long"));
    }
    let header = decode_header(token).map_err(|_| refused(None, "not a JWT"))?;
    // Who claims to have signed it picks the key; nothing is trusted before the
    // signature is checked with that key.
    let mut peek = Validation::new(header.alg);
    peek.insecure_disable_signature_validation();
    peek.validate_exp = false;
    peek.validate_aud = false;
    peek.required_spec_claims.clear();
    let iss = decode::<Issuer>(token, &DecodingKey::from_secret(&[]), &peek)
        .map_err(|_| refused(None, "no issuer"))?
        .claims
        .iss;
    let portal = portals
        .get(&iss)
        .ok_or_else(|| refused(None, "unknown portal"))?;
    let id = Some(portal.id.as_str());
    if header.alg != portal.algorithm || !matches!(header.alg, Algorithm::EdDSA | Algorithm::HS256)
    {
        return Err(refused(id, "wrong algorithm"));
    }
    let mut v = Validation::new(portal.algorithm);
    v.set_audience(&["kabinet"]);
    v.set_issuer(&[&portal.id]);
    v.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    // Lifetimes are checked below against Kabinet's own clock.
    v.validate_exp = false;
    let claims = decode::<Claims>(token, &portal.key, &v)
        .map_err(|e| refused(id, &format!("rejected: {e}")))?
        .claims;
    if claims.exp < now - LEEWAY {
        return Err(refused(id, "expired"));
    }
    if claims.iat > now + LEEWAY || claims.exp <= claims.iat {
        return Err(refused(id, "issued in the future"));
    }
    if claims.exp - claims.iat > LAUNCH_TOKEN_MAX_SECS {
        return Err(refused(id, "lives too long"));
    }
    let fits = |s: &str| !s.trim().is_empty() && s.len() <= LAUNCH_CLAIM_MAX;
    if !fits(&claims.sub) || !fits(&claims.jti) {
        return Err(refused(id, "sub or jti missing or too long"));
    }
    Ok((portal.id.clone(), claims))
}

/// Exchanges a launch token for a session: answers its bearer token, the user and
/// when it ends.
pub async fn start_session(
    store: &Store,
    portals: &Portals,
    now: i64,
    token: &str,
) -> AppResult<(String, UserRow, i64)> {
    let (portal, claims) = check(portals, token, now)?;
    let full =
        sessions::name("name", &claims.name).map_err(|_| refused(Some(&portal), "bad name"))?;
    let (first, last) = match full.split_once(' ') {
        Some((f, l)) => (f.to_string(), l.trim().to_string()),
        None => (full.clone(), String::new()),
    };
    let email = claims
        .email
        .as_deref()
        .and_then(|e| sessions::email(e).ok());
    let company = match claims.company.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => {
            Some(sessions::name("company", c).map_err(|_| refused(Some(&portal), "bad company"))?)
        }
        _ => None,
    };
    let (session, session_hash) = new_token();
    let expires_at = now + EMBED_SESSION_SECS;
    let user = store
        .write(move |c| -> AppResult<UserRow> {
            if !rows::use_token(c, &portal, &claims.jti, claims.exp)? {
                return Err(refused(Some(&portal), "used before"));
            }
            let company_id = match &company {
                Some(name) => Some(rows::company_named(c, name)?),
                None => None,
            };
            let user_id = match rows::user_of(c, &portal, &claims.sub)? {
                Some(id) => {
                    // The portal is the authority on its people's names and companies.
                    rows::update_user(c, id, &first, &last, company_id)?;
                    id
                }
                None => {
                    // The portal's e-mail when no account has it; never a link to an
                    // existing account, which the portal does not vouch for.
                    let free = match &email {
                        Some(e) => users::by_email(c, e)?.is_none(),
                        None => false,
                    };
                    let address = match (&email, free) {
                        (Some(e), true) => e.clone(),
                        _ => format!("{}@{}.portal.invalid", sub_digest(&claims.sub), portal),
                    };
                    let id = users::insert(
                        c,
                        &NewUser {
                            email: &address,
                            // Not a hash: no password ever signs this user in.
                            password_hash: "!portal",
                            first_name: &first,
                            last_name: &last,
                            role: Role::Tenant,
                            company_id,
                        },
                        now,
                    )?;
                    rows::link(c, &portal, &claims.sub, id)?;
                    id
                }
            };
            users::create_session(c, &session_hash, user_id, now, expires_at)?;
            users::by_id(c, user_id)?
                .ok_or_else(|| AppError::internal("the portal user is missing"))
        })
        .await?;
    Ok((session, user, expires_at))
}

/// A stable, address-safe stand-in for a portal user's e-mail.
fn sub_digest(sub: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(sub.as_bytes());
    d.iter().take(12).map(|b| format!("{b:02x}")).collect()
}
