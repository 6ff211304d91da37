//! `ApiError`: network, HTTP and decode failures kept apart. Pure data (no browser
//! calls), so the reducers that hold it are host-tested.

use kabinet_core::{ErrorBody, ErrorCode, ErrorReason};

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (offline, server down).
    Network(String),
    /// The server answered with an error status and (usually) its JSON body.
    Http { status: u16, body: ErrorBody },
    /// The answer could not be decoded.
    Decode(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's reason, for HTTP errors.
    pub fn reason(&self) -> Option<ErrorReason> {
        match self {
            ApiError::Http { body, .. } => Some(body.reason),
            _ => None,
        }
    }

    /// The input field the server blamed, for 422.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Http { body, .. } => body.field.as_deref(),
            _ => None,
        }
    }

    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    pub fn is_network(&self) -> bool {
        matches!(self, ApiError::Network(_))
    }

    /// An HTTP error from its status and body text: the server's body, or a
    /// stand-in when it sent none we can read.
    pub fn from_http(status: u16, text: &str) -> ApiError {
        let body = serde_json::from_str::<ErrorBody>(text).unwrap_or_else(|_| {
            let (code, reason) = match status {
                401 => (ErrorCode::Unauthorized, ErrorReason::SignInRequired),
                403 => (ErrorCode::Forbidden, ErrorReason::Forbidden),
                404 => (ErrorCode::NotFound, ErrorReason::NotFound),
                413 => (ErrorCode::PayloadTooLarge, ErrorReason::TooLarge),
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
        ApiError::Http { status, body }
    }

    /// A test and stand-in helper: an HTTP error with just a reason.
    pub fn reason_only(status: u16, reason: ErrorReason) -> ApiError {
        let mut e = ApiError::from_http(status, "");
        if let ApiError::Http { body, .. } = &mut e {
            body.reason = reason;
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_error_body_still_has_a_reason_from_its_status() {
        assert_eq!(
            ApiError::from_http(404, "<html>").reason(),
            Some(ErrorReason::NotFound)
        );
        assert_eq!(
            ApiError::from_http(502, "").reason(),
            Some(ErrorReason::Internal)
        );
        let e = ApiError::from_http(
            422,
            r#"{"code":"validation","reason":"file_type_refused","message":"x","file_name":"a.exe"}"#,
        );
        assert_eq!(e.reason(), Some(ErrorReason::FileTypeRefused));
        assert!(!e.is_network() && !e.is_unauthorized());
    }
}
