//! `AppError`: the one error type of the handlers, answered as the shared JSON
//! `ErrorBody`. Internal details are logged, never sent.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kabinet_core::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub enum AppError {
    BadRequest(String),
    Unauthorized,
    /// Login with a wrong e-mail or password.
    BadCredentials,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict(String),
    TooLarge(String),
    Validation {
        field: String,
        message: String,
    },
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> AppError {
        AppError::Validation {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message, field) = match self {
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest, m, None),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "Sign in to continue".to_string(),
                None,
            ),
            AppError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "Wrong e-mail or password".to_string(),
                None,
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "You do not have access to this".to_string(),
                None,
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                "Not found".to_string(),
                None,
            ),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "This method is not allowed here".to_string(),
                None,
            ),
            AppError::Conflict(m) => (StatusCode::CONFLICT, ErrorCode::Conflict, m, None),
            AppError::TooLarge(m) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                m,
                None,
            ),
            AppError::Validation { field, message } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Validation,
                message,
                Some(field),
            ),
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    "Something went wrong on our side; please try again".to_string(),
                    None,
                )
            }
        };
        (
            status,
            Json(ErrorBody {
                code,
                message,
                field,
            }),
        )
            .into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => AppError::BadRequest(
                "Send the body as JSON (Content-Type: application/json)".into(),
            ),
            JsonRejection::JsonSyntaxError(_) => {
                AppError::BadRequest("The body is not valid JSON".into())
            }
            JsonRejection::JsonDataError(e) => {
                // serde's message names the field and what was wrong, nothing internal:
                // "missing field `password` at ..." or "email: invalid type: ...".
                let text = e.body_text();
                let text = text
                    .trim_start_matches(
                        "Failed to deserialize the JSON body into the target type: ",
                    )
                    .to_string();
                let field = if let Some(rest) = text.strip_prefix("missing field `") {
                    rest.split('`').next().unwrap_or("body").to_string()
                } else {
                    text.split_once(": ")
                        .map(|(path, _)| path)
                        .filter(|p| !p.is_empty() && p.len() < 64 && !p.contains(' '))
                        .unwrap_or("body")
                        .to_string()
                };
                AppError::Validation {
                    field,
                    message: text,
                }
            }
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::TooLarge(format!(
                    "The request body is larger than the {} MB limit",
                    crate::BODY_LIMIT / (1024 * 1024)
                ))
            }
            _ => AppError::BadRequest("The body could not be read".into()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(_: QueryRejection) -> Self {
        AppError::BadRequest("The query string is malformed".into())
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        // A malformed id names nothing that exists.
        AppError::NotFound
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
