//! The table of stable error codes: each code's HTTP status, title and description, in one
//! place. The problem bodies, the `code` schema and every operation's documented problem
//! responses are written from it, so a new code documents itself.

use actix_web::http::StatusCode;
use serde::Serialize;

macro_rules! error_codes {
    ($($code:ident = $name:literal, $status:ident, $title:literal, $description:literal;)*) => {
        /// Stable, machine-readable error codes. Clients may program against them; a client
        /// should treat a code it does not know by the HTTP status it came with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum ErrorCode {
            $(
                #[doc = $description]
                #[serde(rename = $name)]
                $code,
            )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$code),*];

            /// The snake_case wire name.
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$code => $name,)* }
            }

            /// The HTTP status a problem with this code answers.
            pub const fn status(self) -> StatusCode {
                match self { $(ErrorCode::$code => StatusCode::$status,)* }
            }

            /// The short summary of the problem type.
            pub const fn title(self) -> &'static str {
                match self { $(ErrorCode::$code => $title,)* }
            }

            /// When the code is answered and what the client can do about it.
            pub const fn description(self) -> &'static str {
                match self { $(ErrorCode::$code => $description,)* }
            }
        }
    };
}

error_codes! {
    MalformedJson = "malformed_json", BAD_REQUEST, "Malformed JSON body",
        "The body is not well-formed JSON.";
    BadRequest = "bad_request", BAD_REQUEST, "Bad request",
        "The request failed for a reason other than a named field, such as a body that could \
         not be read.";
    UnsupportedMediaType = "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE,
        "Unsupported media type",
        "The body was not sent as `application/json`.";
    PayloadTooLarge = "payload_too_large", PAYLOAD_TOO_LARGE, "Request body too large",
        "The body is larger than the configured limit.";
    NotFound = "not_found", NOT_FOUND, "Not found",
        "No such resource, or none this API key may see.";
    MethodNotAllowed = "method_not_allowed", METHOD_NOT_ALLOWED, "Method not allowed",
        "The path exists but not for this method; `Allow` lists the methods it takes.";
    NotAcceptable = "not_acceptable", NOT_ACCEPTABLE, "Not acceptable",
        "The answer cannot be given in any media type `Accept` allows.";
    ValidationFailed = "validation_failed", UNPROCESSABLE_ENTITY, "Request failed validation",
        "One or more fields are invalid; `errors` names each, with what is accepted.";
    UnknownZip = "unknown_zip", UNPROCESSABLE_ENTITY, "Unknown ZIP code",
        "The ZIP code is well formed but not a known US ZIP code.";
    Unauthorized = "unauthorized", UNAUTHORIZED, "Missing or invalid API key",
        "No API key, or one that is malformed, unknown or has a wrong secret.";
    Forbidden = "forbidden", FORBIDDEN, "API key not allowed to do this",
        "The API key is valid but may not do this: a publishable key asked for a secret \
         key's work, or was used outside its allowed origins.";
    OriginNotAllowed = "origin_not_allowed", FORBIDDEN, "Origin not allowed",
        "The request's `Origin` is not allowed to call the API from a browser: neither in \
         `cors.allowed_origins` nor an allowed origin of a publishable key.";
    Conflict = "conflict", CONFLICT, "Request in progress",
        "A request with this `Idempotency-Key` is still running, or the request conflicted \
         with another; retry after `Retry-After` seconds.";
    AlreadyExists = "already_exists", CONFLICT, "Already exists",
        "A resource with this id exists already (a center id is unique across the directory \
         and every account); choose another id.";
    PreconditionFailed = "precondition_failed", PRECONDITION_FAILED, "Precondition failed",
        "`If-Match` names a version that is no longer the current one, or `If-None-Match: *` \
         was sent where a version exists: someone published since you read it. Read the \
         current version (its `ETag`), reapply your change and send again.";
    PreconditionRequired = "precondition_required", PRECONDITION_REQUIRED,
        "Precondition required",
        "A write that replaces a versioned resource must say which version it replaces: send \
         `If-Match` with the current `ETag`, or `If-None-Match: *` for the first version.";
    LimitReached = "limit_reached", CONFLICT, "Limit reached",
        "The account has as many of these as the operator allows (webhook endpoints: \
         `webhooks.max_endpoints_per_account`; centers it manages: `centers.max_per_account`); \
         delete or retire one it no longer uses first.";
    QuoteNotActive = "quote_not_active", CONFLICT, "Quote no longer active",
        "The quote has expired or was superseded, so its prices no longer stand and no Good \
         Faith Estimate is written from it; the detail names the quote that replaced it, if \
         one did. Ask for a new quote.";
    EstimateIncomplete = "estimate_incomplete", UNPROCESSABLE_ENTITY,
        "Good Faith Estimate incomplete",
        "The FHIR Good Faith Estimate needs required elements the service does not hold (an NPI, \
         a service code, a taxonomy code, …); `missing_elements` lists each and where it is \
         supplied. Nothing is invented: supply them, or ask for a draft with `draft=true`.";
    IdempotencyKeyReused = "idempotency_key_reused", UNPROCESSABLE_ENTITY,
        "Idempotency-Key reused with a different body",
        "This `Idempotency-Key` was used with a different body; use a new key for a new \
         request.";
    RateLimited = "rate_limited", TOO_MANY_REQUESTS, "Too many requests",
        "Too many requests from this caller; retry after `Retry-After` seconds.";
    RequestTimeout = "request_timeout", REQUEST_TIMEOUT, "Request timeout",
        "The client took too long to send the request.";
    InternalError = "internal_error", INTERNAL_SERVER_ERROR, "Internal error",
        "An unexpected failure inside the service; the cause is logged, not shown. Quote the \
         `request_id` when reporting it.";
    ServiceUnavailable = "service_unavailable", SERVICE_UNAVAILABLE, "Service unavailable",
        "A dependency such as the database is unavailable; retry after `Retry-After` seconds.";
    HandlerTimeout = "handler_timeout", SERVICE_UNAVAILABLE, "Request took too long",
        "The request took longer than the service allows; retry after `Retry-After` seconds.";
}

impl ErrorCode {
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
            412 => ErrorCode::PreconditionFailed,
            428 => ErrorCode::PreconditionRequired,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            422 => ErrorCode::ValidationFailed,
            429 => ErrorCode::RateLimited,
            503 => ErrorCode::ServiceUnavailable,
            _ => ErrorCode::InternalError,
        }
    }
}

/// The `code` property: an open string. The known codes are listed, but a client generated
/// from the document still parses a code added after it was generated.
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        let known: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|c| {
                format!(
                    "- `{}` ({}): {}",
                    c.as_str(),
                    c.status().as_u16(),
                    c.description()
                )
            })
            .collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[a-z][a-z0-9_]*$"))
            .description(Some(format!(
                "Stable snake_case error code. Known codes:\n\n{}\n\nNew codes may be added; \
                 treat an unknown code by its HTTP status.",
                known.join("\n")
            )))
            .examples(["validation_failed"])
            .into()
    }
}

impl utoipa::ToSchema for ErrorCode {}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_code_is_a_distinct_snake_case_name_with_an_error_status_and_words() {
        let names: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for &code in ErrorCode::ALL {
            let status = code.status();
            assert!(
                status.is_client_error() || status.is_server_error(),
                "{code:?}"
            );
            assert!(
                !code.title().is_empty() && code.description().ends_with('.'),
                "{code:?}"
            );
            assert!(
                code.as_str()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
            );
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    #[test]
    fn a_bare_status_maps_to_a_code_with_that_status() {
        for status in [
            400, 401, 403, 404, 405, 406, 408, 409, 413, 415, 422, 429, 500, 503,
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(ErrorCode::for_status(status).status(), status);
        }
    }

    #[test]
    fn the_code_schema_is_an_open_string_listing_every_known_code() {
        let schema = serde_json::to_value(<ErrorCode as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(schema["type"], "string");
        assert!(schema.get("enum").is_none(), "{schema}");
        let description = schema["description"].as_str().unwrap();
        for code in ErrorCode::ALL {
            assert!(
                description.contains(&format!("`{}`", code.as_str())),
                "{code:?}"
            );
        }
    }
}
