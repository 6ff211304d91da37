//! HTTP plumbing shared by the routers: optional numbers and page sizes from the
//! query string, the Idempotency-Key extractor, and answering a write.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use kabinet_core::ErrorReason;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::once::{Answer, Once};
use crate::error::{AppError, AppJson, AppResult};

/// An optional number from the query string: absent or empty is `None`; anything
/// else must parse and pass `ok`, or it is 422 naming `field`.
pub fn number<T: std::str::FromStr>(
    value: Option<&str>,
    field: &str,
    ok: impl Fn(&T) -> bool,
    message: &str,
) -> AppResult<Option<T>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<T>()
            .ok()
            .filter(|n| ok(n))
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, message)),
    }
}

/// Page sizes: what a list answers without `limit`, and the most it allows.
#[derive(Clone, Copy)]
pub struct PageSize {
    pub default: u32,
    pub max: u32,
}

/// Lists of orders and chat lines.
pub const ORDERS_PAGE: PageSize = PageSize {
    default: 50,
    max: 100,
};
/// The notification centre.
pub const NOTIFICATIONS_PAGE: PageSize = PageSize {
    default: 20,
    max: 100,
};

impl PageSize {
    /// The `limit` parameter: 1 to `max`, `default` when absent.
    pub fn limit(self, value: Option<&str>) -> AppResult<u32> {
        Ok(number::<u32>(
            value,
            "limit",
            |n| (1..=self.max).contains(n),
            &format!("limit is a number from 1 to {}", self.max),
        )?
        .unwrap_or(self.default))
    }
}

/// A JSON body sent with an optional `Idempotency-Key` header. The fingerprint the
/// stored answer is checked against is a hash of the method, the path and the body.
pub struct Idempotent<T> {
    pub key: Option<String>,
    pub fingerprint: String,
    pub body: T,
}

impl<T> Idempotent<T> {
    /// The key and fingerprint, for `user_id`, and the body.
    pub fn split(self, user_id: i64) -> (Once, T) {
        (
            Once {
                user_id,
                key: self.key,
                fingerprint: self.fingerprint,
            },
            self.body,
        )
    }
}

impl<S, T> FromRequest<S> for Idempotent<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let key = match req.headers().get("idempotency-key") {
            None => None,
            Some(v) => Some(
                v.to_str()
                    .ok()
                    .map(str::trim)
                    .filter(|k| (1..=200).contains(&k.len()))
                    .map(String::from)
                    .ok_or_else(|| {
                        AppError::invalid(
                            "Idempotency-Key",
                            "The key is 1 to 200 visible characters",
                        )
                    })?,
            ),
        };
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::too_large(crate::BODY_LIMIT as u64, "The request body is too large")
                } else {
                    AppError::bad_request(ErrorReason::MalformedBody, "The body could not be read")
                }
            })?;
        let mut hash = Sha256::new();
        hash.update(parts.method.as_str());
        hash.update(b" ");
        hash.update(parts.uri.path());
        hash.update(b"\n");
        hash.update(&bytes);
        // axum's own JSON extractor reads it, so both write paths answer a bad body
        // alike (content type, syntax, the field at fault).
        let rebuilt = Request::from_parts(parts, axum::body::Body::from(bytes));
        let AppJson(body) = AppJson::<T>::from_request(rebuilt, state).await?;
        Ok(Idempotent {
            key,
            fingerprint: hash.finalize().iter().map(|b| format!("{b:02x}")).collect(),
            body,
        })
    }
}

/// Answers a write: the fresh value as JSON with its status, or the stored answer
/// of an earlier try as it was.
pub fn respond<T: Serialize>(answer: Answer<T>) -> Response {
    match answer {
        Answer::Fresh { status, value } => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            AppJson(value),
        )
            .into_response(),
        Answer::Replay(stored) => (
            StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, "application/json")],
            stored.body,
        )
            .into_response(),
    }
}
