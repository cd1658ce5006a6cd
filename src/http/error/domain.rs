//! Every domain error as the client sees it, in one place: a 422 naming the field for what
//! the request got wrong, 401/403 for keys, 409/503 for storage that cannot answer now, and
//! a 500 (cause logged, never shown) for stored data that cannot be read.

use actix_web::http::header::{self, HeaderValue};

use super::{ApiError, ErrorCode, FieldError};
use crate::auth::AuthError;
use crate::centers::SearchError;
use crate::gfe::GfeError;
use crate::quoting::QuotingError;
use crate::storage::quotes::{CreateError, StoreError};

impl From<QuotingError> for ApiError {
    fn from(err: QuotingError) -> Self {
        let field = FieldError::body(format!("/{}", err.field()), err.to_string());
        match err {
            QuotingError::UnknownZip(_) => {
                ApiError::new(ErrorCode::UnknownZip, err.to_string()).with_errors(vec![field])
            }
            _ => ApiError::field(field),
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> Self {
        let field = FieldError::query(err.field(), err.to_string());
        match err {
            SearchError::UnknownZip(_) => {
                ApiError::new(ErrorCode::UnknownZip, err.to_string()).with_errors(vec![field])
            }
            _ => ApiError::field(field),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        let code = match err {
            AuthError::Unauthorized => ErrorCode::Unauthorized,
            AuthError::Forbidden | AuthError::OriginNotAllowed => ErrorCode::Forbidden,
        };
        let e = ApiError::new(code, err.to_string())
            .with_errors(vec![FieldError::header(err.field(), err.to_string())]);
        if err == AuthError::Unauthorized {
            e.with_header(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))
        } else {
            e
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Unavailable(_) | StoreError::Schema(_) | StoreError::WriterStopped => {
                tracing::warn!(error.cause = %err, "quote storage unavailable");
                ApiError::new(
                    ErrorCode::ServiceUnavailable,
                    "Quote storage is unavailable; retry shortly.",
                )
                .with_header(header::RETRY_AFTER, HeaderValue::from_static("2"))
            }
            StoreError::LeaseLost => ApiError::new(
                ErrorCode::Conflict,
                "The request conflicted with another; retry.",
            )
            .with_header(header::RETRY_AFTER, HeaderValue::from_static("1")),
            StoreError::UnknownQuote { field, .. }
            | StoreError::AlreadySuperseded { field, .. } => ApiError::field(FieldError::body(
                format!("/{field}"),
                "that quote cannot be replaced: it is unknown or already superseded",
            )),
            StoreError::InvalidQuote(e) => {
                ApiError::field(FieldError::body(format!("/{}", e.field()), e.to_string()))
            }
            other => ApiError::internal(other),
        }
    }
}

impl<E: Into<ApiError>> From<CreateError<E>> for ApiError {
    fn from(err: CreateError<E>) -> Self {
        match err {
            CreateError::Build(e) => e.into(),
            CreateError::KeyReused => ApiError::new(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was used with a different body; use a new key for a new \
                 request.",
            ),
            CreateError::KeyInProgress => ApiError::new(
                ErrorCode::Conflict,
                "A request with this Idempotency-Key is still running; retry shortly.",
            )
            .with_header(header::RETRY_AFTER, HeaderValue::from_static("1")),
            CreateError::Store(e) => e.into(),
        }
    }
}

impl From<GfeError> for ApiError {
    /// 422 naming the field, 409 for a quote that is no longer active, or 500 for stored data
    /// that cannot be read (logged without its content: a snapshot can hold health data).
    fn from(err: GfeError) -> Self {
        if let GfeError::QuoteNotActive { .. } = err {
            return ApiError::new(ErrorCode::QuoteNotActive, err.to_string());
        }
        match err.pointer() {
            Some(pointer) => ApiError::field(FieldError::body(pointer, err.detail())),
            None => ApiError::internal(match err {
                GfeError::UnreadableQuote(_) => "a stored quote has no readable itemized estimate",
                _ => "an amount in a stored quote is out of range",
            }),
        }
    }
}

impl From<crate::gfe::fhir::Incomplete> for ApiError {
    /// 422 listing every missing element and where it is supplied.
    fn from(err: crate::gfe::fhir::Incomplete) -> Self {
        let names: Vec<String> = err
            .missing_elements
            .iter()
            .map(|m| match &m.line_code {
                Some(line) => format!("{} ({line})", element_name(m.element)),
                None => element_name(m.element),
            })
            .collect();
        ApiError::new(
            ErrorCode::EstimateIncomplete,
            format!("{err}: {}", names.join(", ")),
        )
        .with_missing_elements(err.missing_elements)
    }
}

fn element_name(kind: crate::gfe::document::ElementKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::EstimateError;
    use crate::therapy::TherapyCode;

    #[test]
    fn an_unknown_zip_is_its_own_code_and_names_the_field() {
        let e = ApiError::from(QuotingError::UnknownZip("00000".parse().unwrap()));
        assert_eq!(e.code(), ErrorCode::UnknownZip);
        assert_eq!(e.problem().errors[0].pointer.as_deref(), Some("/zip"));
    }

    #[test]
    fn an_estimate_refusal_names_its_field() {
        let e = ApiError::from(QuotingError::Estimate(EstimateError::JointsOutOfRange {
            therapy: TherapyCode::BackMscPrp,
            given: 2,
            max: 1,
        }));
        assert_eq!(e.code(), ErrorCode::ValidationFailed);
        assert_eq!(e.problem().errors[0].field, "joints");
    }

    #[test]
    fn a_missing_key_asks_for_a_bearer_token() {
        let e = ApiError::from(AuthError::Unauthorized);
        assert_eq!(e.code(), ErrorCode::Unauthorized);
        let res = actix_web::ResponseError::error_response(&e);
        assert_eq!(
            res.headers().get(header::WWW_AUTHENTICATE).unwrap(),
            "Bearer"
        );
    }

    #[test]
    fn an_estimate_of_a_quote_that_is_no_longer_active_is_a_conflict_naming_its_replacement() {
        let by = crate::quoting::QuoteId::generate();
        let e = ApiError::from(GfeError::QuoteNotActive {
            status: crate::quoting::QuoteStatus::Superseded,
            superseded_by: Some(by.clone()),
        });
        assert_eq!(e.code(), ErrorCode::QuoteNotActive);
        assert_eq!(e.code().status().as_u16(), 409);
        assert!(e.problem().detail.contains(by.as_str()));
    }

    #[test]
    fn storage_that_cannot_answer_now_is_retried_later() {
        let e = ApiError::from(StoreError::WriterStopped);
        assert_eq!(e.code(), ErrorCode::ServiceUnavailable);
        let res = actix_web::ResponseError::error_response(&e);
        assert!(res.headers().contains_key(header::RETRY_AFTER));
        let busy = ApiError::from(CreateError::<QuotingError>::KeyInProgress);
        assert_eq!(busy.code(), ErrorCode::Conflict);
    }

    #[test]
    fn an_incomplete_fhir_estimate_is_422_listing_each_missing_element_by_name() {
        use crate::gfe::document::{ElementKind, MissingElement};
        let gap = |element, line: Option<&str>| MissingElement {
            element,
            required: true,
            provider_id: Some("a-center".into()),
            line_code: line.map(str::to_owned),
            detail: "what is missing".into(),
            supplied_by: "somewhere".into(),
        };
        let e = ApiError::from(crate::gfe::fhir::Incomplete {
            missing_elements: vec![
                gap(ElementKind::PlaceOfService, None),
                gap(ElementKind::ServiceCode, Some("base")),
            ],
        });
        assert_eq!(e.code(), ErrorCode::EstimateIncomplete);
        assert_eq!(e.code().status().as_u16(), 422);
        assert!(
            e.problem()
                .detail
                .ends_with("2 required element(s): place_of_service, service_code (base)"),
            "{}",
            e.problem().detail
        );
        assert_eq!(e.problem().missing_elements.len(), 2);
    }
}
