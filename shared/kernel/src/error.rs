//! The one error type handlers return, rendered as RFC 9457 `application/problem+json`.
//!
//! Every variant has a stable `type` URI clients can switch on. Internal errors keep their source for the
//! log line but never put its text in the response.

use http::StatusCode;
use serde::Serialize;
use std::fmt;
use thiserror::Error;

/// Base of every problem `type`; the README lists each one.
pub const PROBLEM_BASE: &str = "https://enrich.dev/problems/";
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// Where an invalid value came from, so a client can point at the right input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Body,
    Query,
    Path,
    Header,
}

/// One invalid input, named by its field path (`contact.email`, `items[2].domain`, `cursor`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    #[serde(rename = "in")]
    #[schema(rename = "in")]
    pub location: Location,
    #[schema(value_type = String, example = "invalid")]
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(
        location: Location,
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            location,
            code,
            message: message.into(),
        }
    }

    pub fn body(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Location::Body, field, code, message)
    }
}

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, Error)]
pub enum ApiError {
    /// The request could not be read: malformed JSON, wrong types, bad parameters.
    #[error("bad request: {detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// The request was well-formed but its values break a rule (422).
    #[error("validation failed")]
    Validation { errors: Vec<FieldError> },
    #[error("authentication required")]
    Unauthenticated { detail: String },
    /// The password was right but the account has TOTP on and no (valid) code came with it.
    #[error("a second factor is required")]
    MfaRequired { detail: String },
    #[error("forbidden")]
    Forbidden { detail: String },
    #[error("not found: {detail}")]
    NotFound { detail: String },
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    #[error("conflict: {detail}")]
    Conflict { detail: String },
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
    #[error("rate limited")]
    TooManyRequests { retry_after_secs: u64 },
    /// A dependency (table, queue) did not answer; safe to retry later.
    #[error("service unavailable: {detail}")]
    Unavailable {
        detail: String,
        retry_after_secs: Option<u64>,
    },
    /// Anything unexpected. The source is logged, never returned.
    #[error("internal error")]
    Internal(#[source] Source),
}

impl ApiError {
    pub fn internal(err: impl Into<Source>) -> Self {
        Self::Internal(err.into())
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::BadRequest {
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub fn invalid_field(
        location: Location,
        field: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let message = message.into();
        Self::BadRequest {
            detail: format!("{field}: {message}"),
            errors: vec![FieldError::new(location, field, code, message)],
        }
    }

    /// A 422 naming one body field: the request was read, and this value breaks a rule.
    pub fn field(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Validation {
            errors: vec![FieldError::body(field, code, message)],
        }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::Validation { errors }
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::NotFound {
            detail: detail.into(),
        }
    }

    /// Whether the same operation may succeed if tried again unchanged: server-side failures,
    /// throttling and unavailability may pass; a refusal of the input or the state will not. Workers
    /// use this to retry or to record and acknowledge a message.
    pub fn is_retryable(&self) -> bool {
        let status = self.status();
        status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthenticated { .. } | Self::MfaRequired { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable slug behind `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "bad-request",
            Self::Validation { .. } => "validation-error",
            Self::Unauthenticated { .. } => "unauthenticated",
            Self::MfaRequired { .. } => "mfa-required",
            Self::Forbidden { .. } => "forbidden",
            Self::NotFound { .. } => "not-found",
            Self::MethodNotAllowed { .. } => "method-not-allowed",
            Self::Conflict { .. } => "conflict",
            Self::PayloadTooLarge { .. } => "payload-too-large",
            Self::UnsupportedMediaType { .. } => "unsupported-media-type",
            Self::TooManyRequests { .. } => "rate-limited",
            Self::Unavailable { .. } => "service-unavailable",
            Self::Internal(_) => "internal-error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "The request could not be read",
            Self::Validation { .. } => "The request has invalid values",
            Self::Unauthenticated { .. } => "Authentication is required",
            Self::MfaRequired { .. } => "A one-time code from the authenticator app is required",
            Self::Forbidden { .. } => "You do not have permission for this action",
            Self::NotFound { .. } => "Not found",
            Self::MethodNotAllowed { .. } => "Method not allowed",
            Self::Conflict { .. } => "Conflict with the current state",
            Self::PayloadTooLarge { .. } => "Request body too large",
            Self::UnsupportedMediaType { .. } => "Unsupported media type",
            Self::TooManyRequests { .. } => "Too many requests",
            Self::Unavailable { .. } => "Service temporarily unavailable",
            Self::Internal(_) => "Internal error",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::BadRequest { detail, .. }
            | Self::Unauthenticated { detail }
            | Self::MfaRequired { detail }
            | Self::Forbidden { detail }
            | Self::NotFound { detail }
            | Self::Conflict { detail }
            | Self::Unavailable { detail, .. } => detail.clone(),
            Self::Validation { errors } => match errors.as_slice() {
                [one] => format!("{}: {}", one.field, one.message),
                many => format!("{} fields are invalid", many.len()),
            },
            Self::MethodNotAllowed { allow } => format!("allowed methods: {}", allow.join(", ")),
            Self::PayloadTooLarge { limit } => format!("the body must be at most {limit} bytes"),
            Self::UnsupportedMediaType { expected } => format!("send the body as {expected}"),
            Self::TooManyRequests { retry_after_secs } => {
                format!("retry after {retry_after_secs} seconds")
            }
            Self::Internal(_) => {
                "an unexpected error occurred; quote the request_id when reporting it".into()
            }
        }
    }

    fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::BadRequest { errors, .. } | Self::Validation { errors } => errors,
            _ => &[],
        }
    }

    /// Extra headers the status code calls for (`Allow`, `Retry-After`, `WWW-Authenticate`).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::MethodNotAllowed { allow } => vec![("allow", allow.join(", "))],
            Self::TooManyRequests { retry_after_secs } => {
                vec![("retry-after", retry_after_secs.to_string())]
            }
            Self::Unavailable {
                retry_after_secs: Some(s),
                ..
            } => vec![("retry-after", s.to_string())],
            Self::Unauthenticated { .. } => vec![("www-authenticate", "Bearer".to_owned())],
            _ => Vec::new(),
        }
    }

    pub fn to_problem(&self, instance: &str, request_id: &str) -> Problem {
        Problem {
            r#type: format!("{PROBLEM_BASE}{}", self.kind()),
            title: self.title(),
            status: self.status().as_u16(),
            detail: self.detail(),
            instance: instance.to_owned(),
            request_id: request_id.to_owned(),
            errors: self.field_errors().to_vec(),
        }
    }
}

/// The RFC 9457 body.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[schema(example = "https://enrich.dev/problems/validation-error")]
    pub r#type: String,
    #[schema(value_type = String)]
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    pub instance: String,
    pub request_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.r#type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_leak_their_text() {
        let err = ApiError::internal("connection string postgres://secret@db");
        let problem = serde_json::to_string(&err.to_problem("/v1/x", "req-1")).unwrap();
        assert!(!problem.contains("secret"), "{problem}");
        assert!(problem.contains("\"status\":500"));
        assert!(problem.contains("internal-error"));
    }

    #[test]
    fn validation_names_each_field() {
        let err = ApiError::validation(vec![
            FieldError::body("email", "invalid_format", "not an email address"),
            FieldError::new(Location::Query, "limit", "out_of_range", "must be 1..=100"),
        ]);
        let v = serde_json::to_value(err.to_problem("/v1/people", "r")).unwrap();
        assert_eq!(v["status"], 422);
        assert_eq!(v["errors"][0]["field"], "email");
        assert_eq!(v["errors"][1]["in"], "query");
        assert_eq!(v["detail"], "2 fields are invalid");
    }

    #[test]
    fn method_not_allowed_carries_allow_header() {
        let err = ApiError::MethodNotAllowed {
            allow: vec!["GET".into(), "PATCH".into()],
        };
        assert_eq!(err.headers(), vec![("allow", "GET, PATCH".to_owned())]);
        assert_eq!(err.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
}
