//! API types of embedding (spec section 14): a portal's launch token exchanged
//! for a short-lived Kabinet session.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::types::User;

/// A launch token lives at most this long after it was issued (seconds).
pub const LAUNCH_TOKEN_MAX_SECS: i64 = 120;
/// An embedded session lasts this long; the app then asks the portal again.
pub const EMBED_SESSION_SECS: i64 = 30 * 60;
/// The longest launch token accepted, and the longest `sub`, `jti`, name part.
pub const LAUNCH_TOKEN_MAX: usize = 4096;
pub const LAUNCH_CLAIM_MAX: usize = 200;

/// `POST /api/embed/session`: a launch token the portal's backend signed (a JWT:
/// `iss` the portal id, `aud` "kabinet", `sub` the user's id in the portal,
/// `name`, `email`, `company`, `iat`, `exp` at most 120 s after `iat`, `jti` used
/// once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EmbedSessionRequest {
    pub token: String,
}

/// A Kabinet session for the framed app; keep it in memory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EmbedSession {
    /// The bearer token of the session.
    pub token: String,
    pub user: User,
    /// When the session ends (RFC 3339); ask the portal for a new launch token.
    pub expires_at: String,
}
