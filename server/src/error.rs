//! `AppError`: the one error of the server, answered as the shared JSON `ErrorBody`
//! with a stable reason. Internal details are logged with the request id, never sent.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kabinet_core::{ErrorBody, ErrorCode, ErrorReason, Status};

use crate::storage::StoreError;

tokio::task_local! {
    /// The id of the request being answered (set by the request-id middleware), so
    /// that a 5xx body and its log line name the same request.
    pub static REQUEST_ID: String;
}

/// An error answer: its class, its reason, an English message for API clients, and
/// what the app needs to word it (field, status, file, limit).
#[derive(Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub reason: ErrorReason,
    pub message: String,
    pub field: Option<String>,
    pub status: Option<Status>,
    pub file_name: Option<String>,
    pub limit: Option<u64>,
    /// For 429: seconds until a retry may succeed (the Retry-After header).
    pub retry_after: Option<u32>,
    /// Logged, never sent.
    internal: Option<Box<str>>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, reason: ErrorReason, message: impl Into<String>) -> AppError {
        AppError {
            code,
            reason,
            message: message.into(),
            field: None,
            status: None,
            file_name: None,
            limit: None,
            retry_after: None,
            internal: None,
        }
    }

    /// 429 `rate_limited`: try again in `seconds` (sent as Retry-After too).
    pub fn rate_limited(seconds: u64) -> AppError {
        AppError {
            retry_after: Some(u32::try_from(seconds.max(1)).unwrap_or(u32::MAX)),
            ..AppError::new(
                ErrorCode::TooManyRequests,
                ErrorReason::RateLimited,
                format!("Too many attempts; try again in {} seconds", seconds.max(1)),
            )
        }
    }

    pub fn not_found() -> AppError {
        AppError::new(ErrorCode::NotFound, ErrorReason::NotFound, "Not found")
    }

    pub fn unauthorized() -> AppError {
        AppError::new(
            ErrorCode::Unauthorized,
            ErrorReason::SignInRequired,
            "Sign in to continue",
        )
    }

    pub fn bad_credentials() -> AppError {
        AppError::new(
            ErrorCode::Unauthorized,
            ErrorReason::BadCredentials,
            "Wrong e-mail or password",
        )
    }

    pub fn forbidden() -> AppError {
        AppError::new(
            ErrorCode::Forbidden,
            ErrorReason::Forbidden,
            "You do not have access to this",
        )
    }

    pub fn method_not_allowed() -> AppError {
        AppError::new(
            ErrorCode::MethodNotAllowed,
            ErrorReason::MethodNotAllowed,
            "This method is not allowed here",
        )
    }

    pub fn bad_request(reason: ErrorReason, message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::BadRequest, reason, message)
    }

    /// 409: the request is refused in the resource's current state.
    pub fn conflict(reason: ErrorReason, message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::Conflict, reason, message)
    }

    /// 409 `stale_version`: the order moved on since the caller saw it.
    pub fn stale(now: Status) -> AppError {
        AppError {
            status: Some(now),
            ..AppError::conflict(
                ErrorReason::StaleVersion,
                format!(
                    "The order has changed since you opened it; it is now «{now}». Reload it and try again."
                ),
            )
        }
    }

    /// 422 about one input field.
    pub fn validation(field: &str, reason: ErrorReason, message: impl Into<String>) -> AppError {
        AppError {
            field: Some(field.to_string()),
            ..AppError::new(ErrorCode::Validation, reason, message)
        }
    }

    /// 422 `required`.
    pub fn required(field: &str, message: impl Into<String>) -> AppError {
        AppError::validation(field, ErrorReason::Required, message)
    }

    /// 422 `invalid`.
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::validation(field, ErrorReason::Invalid, message)
    }

    /// 422 `too_long`, naming the limit in characters.
    pub fn too_long(field: &str, limit: usize) -> AppError {
        AppError::validation(
            field,
            ErrorReason::TooLong,
            format!("At most {limit} characters"),
        )
        .with_limit(limit as u64)
    }

    /// 422 `too_short`, naming the least number of characters.
    pub fn too_short(field: &str, limit: usize) -> AppError {
        AppError::validation(
            field,
            ErrorReason::TooShort,
            format!("At least {limit} characters"),
        )
        .with_limit(limit as u64)
    }

    /// 410: a link that was deleted, has expired or was used.
    pub fn gone(reason: ErrorReason, message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::Gone, reason, message)
    }

    /// 413 `too_large`, naming the limit in bytes.
    pub fn too_large(limit_bytes: u64, message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::PayloadTooLarge, ErrorReason::TooLarge, message)
            .with_limit(limit_bytes)
    }

    /// 500; `detail` goes to the log only.
    pub fn internal(detail: impl Into<String>) -> AppError {
        AppError {
            internal: Some(detail.into().into_boxed_str()),
            ..AppError::new(
                ErrorCode::Internal,
                ErrorReason::Internal,
                "Something went wrong on our side; please try again",
            )
        }
    }

    pub fn with_limit(mut self, limit: u64) -> AppError {
        self.limit = Some(limit);
        self
    }

    pub fn with_file(mut self, name: impl Into<String>) -> AppError {
        self.file_name = Some(name.into());
        self
    }

    pub fn http_status(&self) -> StatusCode {
        match self.code {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Gone => StatusCode::GONE,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::internal(e.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.http_status();
        let request_id = if status.is_server_error() {
            let id = REQUEST_ID.try_with(Clone::clone).ok();
            tracing::error!(
                request_id = id.as_deref().unwrap_or("-"),
                detail = self.internal.as_deref().unwrap_or(""),
                "internal error"
            );
            id
        } else {
            None
        };
        let body = ErrorBody {
            code: self.code,
            reason: self.reason,
            message: self.message,
            field: self.field,
            status: self.status,
            file_name: self.file_name,
            limit: self.limit,
            request_id,
        };
        let mut resp = (status, Json(body)).into_response();
        if let Some(s) = self.retry_after {
            resp.headers_mut().insert(header::RETRY_AFTER, s.into());
        }
        resp
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => AppError::bad_request(
                ErrorReason::MalformedBody,
                "Send the body as JSON (Content-Type: application/json)",
            ),
            JsonRejection::JsonSyntaxError(_) => {
                AppError::bad_request(ErrorReason::MalformedBody, "The body is not valid JSON")
            }
            JsonRejection::JsonDataError(e) => data_error(&e.body_text()),
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::too_large(
                    crate::BODY_LIMIT as u64,
                    format!(
                        "The request body is larger than the {} MB limit",
                        crate::BODY_LIMIT / (1024 * 1024)
                    ),
                )
            }
            _ => AppError::bad_request(ErrorReason::MalformedBody, "The body could not be read"),
        }
    }
}

/// A JSON body of the wrong shape: 422 naming the field. Serde's message names the
/// field and what was wrong, nothing internal: "missing field `password` at ..." or
/// "email: invalid type: ...".
fn data_error(text: &str) -> AppError {
    let text = text
        .trim_start_matches("Failed to deserialize the JSON body into the target type: ")
        .to_string();
    let (field, reason) = if let Some(rest) = text.strip_prefix("missing field `") {
        (
            rest.split('`').next().unwrap_or("body").to_string(),
            ErrorReason::Required,
        )
    } else {
        (
            text.split_once(": ")
                .map(|(path, _)| path)
                .filter(|p| !p.is_empty() && p.len() < 64 && !p.contains(' '))
                .unwrap_or("body")
                .to_string(),
            ErrorReason::Invalid,
        )
    };
    AppError::validation(&field, reason, text)
}

impl From<QueryRejection> for AppError {
    fn from(_: QueryRejection) -> Self {
        AppError::bad_request(
            ErrorReason::MalformedRequest,
            "The query string is malformed",
        )
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        // A malformed id names nothing that exists.
        AppError::not_found()
    }
}

/// `axum::Json` whose rejection is an [`AppError`].
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejection is an [`AppError`].
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct AppQuery<T>(pub T);

/// `axum::extract::Path` whose rejection is an [`AppError`].
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct AppPath<T>(pub T);
