//! One error type for the whole API, answered as an RFC 9457 `application/problem+json` body
//! with a stable `code` from one table ([`codes`]) that gives each code its status, title and
//! description, which the OpenAPI document is written from ([`responses`]). Domain errors
//! become API errors in one place ([`domain`]). Internal causes go to the log, never to the
//! client.

mod codes;
mod domain;
pub mod responses;

pub use codes::ErrorCode;

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The longest `detail` an error carries, in bytes.
const MAX_DETAIL: usize = 1024;
/// The longest field name or pointer an error carries, in bytes.
const MAX_NAME: usize = 128;

/// `text` cut to at most `max` bytes (on a character boundary, marked with `…`), so that no
/// error echoes more than a bounded part of any input.
fn bounded(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max - '…'.len_utf8();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut cut = text;
    cut.truncate(end);
    cut.push('…');
    cut
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
        let pointer = bounded(pointer.into(), MAX_NAME);
        let field = pointer
            .rsplit('/')
            .find(|s| !s.is_empty() && s.parse::<usize>().is_err())
            .unwrap_or("")
            .to_owned();
        FieldError {
            location: FieldLocation::Body,
            field,
            pointer: Some(pointer),
            detail: bounded(detail.into(), MAX_DETAIL / 2),
        }
    }

    /// An invalid query parameter.
    pub fn query(name: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            location: FieldLocation::Query,
            field: bounded(name.into(), MAX_NAME),
            pointer: None,
            detail: bounded(detail.into(), MAX_DETAIL / 2),
        }
    }

    /// An invalid path segment.
    pub fn path(name: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            location: FieldLocation::Path,
            field: bounded(name.into(), MAX_NAME),
            pointer: None,
            detail: bounded(detail.into(), MAX_DETAIL / 2),
        }
    }

    /// An invalid header.
    pub fn header(name: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            location: FieldLocation::Header,
            field: bounded(name.into(), MAX_NAME),
            pointer: None,
            detail: bounded(detail.into(), MAX_DETAIL / 2),
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
    /// The required elements a document lacks, for `estimate_incomplete`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_elements: Vec<crate::gfe::document::MissingElement>,
}

impl Problem {
    /// A problem of `code` with `detail`; the request id is filled in on the way out.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Problem {
            type_uri: format!("urn:regenquote:problem:{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status().as_u16(),
            detail: bounded(detail.into(), MAX_DETAIL),
            code,
            request_id: String::new(),
            errors: Vec::new(),
            missing_elements: Vec::new(),
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
    pub fn with_missing_elements(
        mut self,
        missing: Vec<crate::gfe::document::MissingElement>,
    ) -> Self {
        self.problem.missing_elements = missing;
        self
    }

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
        f.write_str(self.problem.code.as_str())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.problem.code.status()
    }

    /// A complete problem+json response. The problem also travels in the response's extensions
    /// so the problem middleware can rewrite the body with the request id.
    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.content_type(PROBLEM_JSON);
        res.insert_header((
            actix_web::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
        let mut res = res.body(serde_json::to_vec(&*self.problem).unwrap_or_default());
        res.extensions_mut().insert((*self.problem).clone());
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_field_error_names_the_last_key_of_its_pointer() {
        assert_eq!(FieldError::body("/add_ons/2", "x").field, "add_ons");
        assert_eq!(FieldError::body("/joints", "x").field, "joints");
    }

    #[test]
    fn no_error_echoes_more_than_a_bounded_part_of_its_input() {
        let long = "é".repeat(60_000);
        let e = ApiError::field(FieldError::body(
            format!("/{long}"),
            format!("`{long}` is unknown"),
        ));
        let p = e.problem();
        assert!(p.detail.len() <= MAX_DETAIL, "{}", p.detail.len());
        assert!(p.errors[0].detail.len() <= MAX_DETAIL / 2);
        assert!(p.errors[0].pointer.as_ref().unwrap().len() <= MAX_NAME);
        assert!(p.errors[0].field.len() <= MAX_NAME);
        assert!(p.detail.ends_with('…'));
        let q = FieldError::query(long.clone(), long.clone());
        assert!(q.field.len() <= MAX_NAME && q.detail.len() <= MAX_DETAIL / 2);
        assert_eq!(bounded("short".into(), 10), "short");
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
