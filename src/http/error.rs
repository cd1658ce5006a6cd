//! One error type for the whole API and one table mapping each stable error `code` to its HTTP
//! status and title. Every non-2xx response is an RFC 9457 `application/problem+json` body;
//! internal causes go to the log, never to the client.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Stable, machine-readable error codes. Clients may program against them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not well-formed JSON.
    MalformedJson,
    /// A request failed for a reason other than a named field.
    BadRequest,
    /// The body was not sent as `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the configured limit.
    PayloadTooLarge,
    /// No such resource.
    NotFound,
    /// The path exists but not for this method; see `Allow`.
    MethodNotAllowed,
    /// The response cannot be produced in any media type the client accepts.
    NotAcceptable,
    /// One or more fields are invalid; see `errors`.
    ValidationFailed,
    /// The ZIP code is well formed but not a known US ZIP code.
    UnknownZip,
    /// A missing or unrecognised API key.
    Unauthorized,
    /// The API key is valid but not allowed to do this.
    Forbidden,
    /// The browser origin is not allowed to call the API.
    OriginNotAllowed,
    /// The request conflicts with one still in progress.
    Conflict,
    /// An `Idempotency-Key` was reused with a different body.
    IdempotencyKeyReused,
    /// Too many requests; see `Retry-After`.
    RateLimited,
    /// The client took too long to send the request.
    RequestTimeout,
    /// An unexpected failure inside the service.
    InternalError,
    /// A dependency (such as the database) is unavailable.
    ServiceUnavailable,
    /// The request took longer than the handler timeout.
    HandlerTimeout,
}

impl ErrorCode {
    /// The single table: code → (status, title).
    pub fn status_and_title(self) -> (StatusCode, &'static str) {
        use ErrorCode::*;
        match self {
            MalformedJson => (StatusCode::BAD_REQUEST, "Malformed JSON body"),
            BadRequest => (StatusCode::BAD_REQUEST, "Bad request"),
            UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
            PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "Request body too large"),
            NotFound => (StatusCode::NOT_FOUND, "Not found"),
            MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "Method not allowed"),
            NotAcceptable => (StatusCode::NOT_ACCEPTABLE, "Not acceptable"),
            ValidationFailed => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Request failed validation",
            ),
            UnknownZip => (StatusCode::UNPROCESSABLE_ENTITY, "Unknown ZIP code"),
            Unauthorized => (StatusCode::UNAUTHORIZED, "Missing or invalid API key"),
            Forbidden => (StatusCode::FORBIDDEN, "API key not allowed to do this"),
            OriginNotAllowed => (StatusCode::FORBIDDEN, "Origin not allowed"),
            Conflict => (StatusCode::CONFLICT, "Request in progress"),
            IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Idempotency-Key reused with a different body",
            ),
            RateLimited => (StatusCode::TOO_MANY_REQUESTS, "Too many requests"),
            RequestTimeout => (StatusCode::REQUEST_TIMEOUT, "Request timeout"),
            InternalError => (StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
            ServiceUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "Service unavailable"),
            HandlerTimeout => (StatusCode::SERVICE_UNAVAILABLE, "Request took too long"),
        }
    }

    /// The snake_case wire name.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The code a bare framework response with this status stands for.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status.as_u16() {
            400 => ErrorCode::BadRequest,
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            406 => ErrorCode::NotAcceptable,
            408 => ErrorCode::RequestTimeout,
            409 => ErrorCode::Conflict,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            422 => ErrorCode::ValidationFailed,
            429 => ErrorCode::RateLimited,
            503 => ErrorCode::ServiceUnavailable,
            _ => ErrorCode::InternalError,
        }
    }
}

/// Where an invalid value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldLocation {
    /// The JSON body; `pointer` locates the value.
    Body,
    /// A query-string parameter.
    Query,
    /// A path segment.
    Path,
    /// A request header.
    Header,
}

/// One invalid field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where the field is.
    #[schema(example = "body")]
    pub location: FieldLocation,
    /// The field's name (a query parameter, header, or the last key of the body pointer).
    #[schema(example = "joints")]
    pub field: String,
    /// RFC 6901 JSON pointer into the body, for body fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "/joints")]
    pub pointer: Option<String>,
    /// What is wrong and what would be accepted.
    #[schema(example = "must be an integer from 1 to 2")]
    pub detail: String,
}

impl FieldError {
    /// An invalid body field at `pointer` (e.g. `/add_ons/1`).
    pub fn body(pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        let pointer = pointer.into();
        let field = pointer
            .rsplit('/')
            .find(|s| !s.is_empty() && s.parse::<usize>().is_err())
            .unwrap_or("")
            .to_owned();
        FieldError {
            location: FieldLocation::Body,
            field,
            pointer: Some(pointer),
            detail: detail.into(),
        }
    }

    /// An invalid query parameter.
    pub fn query(name: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            location: FieldLocation::Query,
            field: name.into(),
            pointer: None,
            detail: detail.into(),
        }
    }

    /// An invalid path segment.
    pub fn path(name: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            location: FieldLocation::Path,
            field: name.into(),
            pointer: None,
            detail: detail.into(),
        }
    }

    /// An invalid header.
    pub fn header(name: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            location: FieldLocation::Header,
            field: name.into(),
            pointer: None,
            detail: detail.into(),
        }
    }
}

/// RFC 9457 problem details, as every error response carries them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:regenquote:problem:validation_failed",
    "title": "Request failed validation",
    "status": 422,
    "detail": "joints: must be an integer from 1 to 2",
    "code": "validation_failed",
    "request_id": "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11",
    "errors": [{"location": "body", "field": "joints", "pointer": "/joints",
                "detail": "must be an integer from 1 to 2"}]
}))]
pub struct Problem {
    /// A URI naming the problem type: `urn:regenquote:problem:{code}`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, in words.
    pub detail: String,
    /// Stable snake_case error code.
    pub code: ErrorCode,
    /// The request's id, also sent as the `x-request-id` header; quote it when asking for help.
    pub request_id: String,
    /// The invalid fields, for `validation_failed` and similar codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem of `code` with `detail`; the request id is filled in on the way out.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        let (status, title) = code.status_and_title();
        Problem {
            type_uri: format!("urn:regenquote:problem:{}", code.as_str()),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code,
            request_id: String::new(),
            errors: Vec::new(),
        }
    }
}

/// The API's error: a problem to show the client, extra headers, and (for internal errors) a
/// cause that is logged but never shown.
pub struct ApiError {
    problem: Box<Problem>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    /// An error of `code` with a client-facing `detail`.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        ApiError {
            problem: Box::new(Problem::new(code, detail)),
            headers: Vec::new(),
        }
    }

    /// 422 listing the invalid fields.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.detail))
            .collect::<Vec<_>>()
            .join("; ");
        let mut err = ApiError::new(ErrorCode::ValidationFailed, detail);
        err.problem.errors = errors;
        err
    }

    /// Attaches the invalid fields to an error of another code (e.g. `unknown_zip`).
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.problem.errors = errors;
        self
    }

    /// 422 for one invalid field.
    pub fn field(error: FieldError) -> Self {
        ApiError::validation(vec![error])
    }

    /// 404 with a detail naming what was not found.
    pub fn not_found(detail: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::NotFound, detail)
    }

    /// 500: the cause is logged here, the client sees a generic detail.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error.cause = %cause, "internal error");
        ApiError::new(
            ErrorCode::InternalError,
            "The service failed to handle this request. Quote the request_id when reporting it.",
        )
    }

    /// Fills in the request id (for errors answered outside the problem middleware's reach).
    pub fn with_request_id(mut self, request_id: &str) -> Self {
        self.problem.request_id = request_id.to_owned();
        if let Ok(value) = HeaderValue::from_str(request_id) {
            self.headers
                .push((HeaderName::from_static("x-request-id"), value));
        }
        self
    }

    /// Adds a response header (e.g. `Allow`, `Retry-After`).
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.problem.code
    }

    /// The problem body (without request id).
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Debug for ApiError {
    /// The code and status only: the request logger prints errors with `{:?}`, and the detail
    /// and field errors may echo client input (ZIP codes, ids), which must not reach the logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("code", &self.problem.code)
            .field("status", &self.problem.status)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the code: details may echo client input, which must not reach the logs.
        f.write_str(&self.problem.code.as_str())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.problem.code.status_and_title().0
    }

    /// A complete problem+json response. The problem also travels in the response's extensions
    /// so the problem middleware can rewrite the body with the request id.
    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.content_type(PROBLEM_JSON);
        let mut res = res.body(serde_json::to_vec(&*self.problem).unwrap_or_default());
        res.extensions_mut().insert((*self.problem).clone());
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_a_client_or_server_error_status() {
        use ErrorCode::*;
        for code in [
            MalformedJson,
            BadRequest,
            UnsupportedMediaType,
            PayloadTooLarge,
            NotFound,
            MethodNotAllowed,
            NotAcceptable,
            ValidationFailed,
            UnknownZip,
            Unauthorized,
            Forbidden,
            Conflict,
            OriginNotAllowed,
            IdempotencyKeyReused,
            RateLimited,
            RequestTimeout,
            InternalError,
            ServiceUnavailable,
            HandlerTimeout,
        ] {
            let (status, title) = code.status_and_title();
            assert!(
                status.is_client_error() || status.is_server_error(),
                "{code:?}"
            );
            assert!(!title.is_empty());
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
        }
    }

    #[test]
    fn body_field_error_names_the_last_key_of_its_pointer() {
        assert_eq!(FieldError::body("/add_ons/2", "x").field, "add_ons");
        assert_eq!(FieldError::body("/joints", "x").field, "joints");
    }

    #[test]
    fn display_never_includes_the_client_facing_detail() {
        let e = ApiError::field(FieldError::body("/zip", "76102 is unknown"));
        assert_eq!(e.to_string(), "validation_failed");
    }

    #[test]
    fn debug_output_never_includes_the_detail_or_field_errors() {
        let e = ApiError::field(FieldError::body("/zip", "76102 is unknown"));
        let debug = format!("{e:?}");
        assert!(!debug.contains("76102"), "{debug}");
        assert!(debug.contains("ValidationFailed"), "{debug}");
    }
}
