//! `ApiError`: network, HTTP and decode failures kept apart. Pure data, so the
//! reducers that hold it are host-tested.

use kabinet_core::{ErrorBody, ErrorCode, ErrorReason};

/// The `Network` message of a request that was given up on.
pub const TIMED_OUT: &str = "timed out";

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (offline, server down).
    Network(String),
    /// The server answered with an error status and (usually) its JSON body.
    Http { status: u16, body: Box<ErrorBody> },
    /// The answer could not be read.
    Decode(String),
}

impl ApiError {
    /// A request given up on after its time (connected, but nothing comes
    /// back): the same as no network, so a scan waits and is sent again.
    pub fn timed_out() -> ApiError {
        ApiError::Network(TIMED_OUT.to_string())
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn reason(&self) -> Option<ErrorReason> {
        match self {
            ApiError::Http { body, .. } => Some(body.reason),
            _ => None,
        }
    }

    pub fn is_network(&self) -> bool {
        matches!(self, ApiError::Network(_))
    }

    /// Worth sending again later with the same scan id: no answer at all, or the
    /// server's own failure (a retry is answered once, whatever happened).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Http { status, .. } => *status >= 500 || *status == 429,
            ApiError::Decode(_) => false,
        }
    }

    /// An HTTP error from its status and body text: the server's body, or a
    /// stand-in from the status when there is none we can read (a reason this
    /// build does not know yet reads as the status's).
    pub fn from_http(status: u16, text: &str) -> ApiError {
        let body = serde_json::from_str::<ErrorBody>(text).unwrap_or_else(|_| {
            let (code, reason) = match status {
                401 => (ErrorCode::Unauthorized, ErrorReason::SignInRequired),
                403 => (ErrorCode::Forbidden, ErrorReason::Forbidden),
                404 => (ErrorCode::NotFound, ErrorReason::NotFound),
                429 => (ErrorCode::TooManyRequests, ErrorReason::RateLimited),
                s if s >= 500 => (ErrorCode::Internal, ErrorReason::Internal),
                _ => (ErrorCode::BadRequest, ErrorReason::MalformedRequest),
            };
            ErrorBody {
                code,
                reason,
                message: format!("HTTP {status}"),
                field: None,
                status: None,
                file_name: None,
                limit: None,
                request_id: None,
            }
        });
        ApiError::Http {
            status,
            body: Box::new(body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_reason_is_kept_and_a_missing_body_falls_back_to_the_status() {
        let e = ApiError::from_http(
            409,
            r#"{"code":"conflict","reason":"annul_too_late","message":"x"}"#,
        );
        assert_eq!(e.reason(), Some(ErrorReason::AnnulTooLate));
        assert_eq!(
            ApiError::from_http(403, "").reason(),
            Some(ErrorReason::Forbidden)
        );
        assert_eq!(
            ApiError::from_http(502, "<html>").reason(),
            Some(ErrorReason::Internal)
        );
    }

    #[test]
    fn only_failures_without_an_answer_are_sent_again() {
        assert!(ApiError::Network("offline".into()).is_transient());
        assert!(ApiError::timed_out().is_transient() && ApiError::timed_out().is_network());
        assert!(ApiError::from_http(503, "").is_transient());
        assert!(!ApiError::from_http(422, "").is_transient());
        assert!(!ApiError::from_http(404, "").is_transient());
        assert!(!ApiError::Decode("x".into()).is_transient());
    }
}
