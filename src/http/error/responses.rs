//! The problem responses of the OpenAPI document, written from the code table. A handler
//! names the codes it can answer with [`problems!`](crate::problems); the document then has
//! one response per status, describing each code, with an example problem body per code and
//! the headers that come with it. The codes every operation can answer are added by
//! [`crate::http::openapi`] with [`add_problem`].

use std::collections::BTreeMap;

use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

use super::{ErrorCode, PROBLEM_JSON, Problem};

/// The request id every example problem carries.
const EXAMPLE_REQUEST_ID: &str = "6f1c1a52-3f9e-4d0b-9d8e-0a4c2b1f7e11";

/// Declares a type standing for the problem responses a handler can answer, for its
/// `#[utoipa::path(responses(...))]`: `problems!(CreateQuoteProblems: Unauthorized, Forbidden);`
#[macro_export]
macro_rules! problems {
    ($(#[$doc:meta])* $vis:vis $name:ident: $($code:ident),+ $(,)?) => {
        $(#[$doc])*
        $vis struct $name;

        impl $name {
            /// The codes this operation documents.
            #[allow(dead_code)]
            pub const CODES: &[$crate::http::error::ErrorCode] =
                &[$($crate::http::error::ErrorCode::$code),+];
        }

        impl utoipa::IntoResponses for $name {
            fn responses() -> std::collections::BTreeMap<
                String,
                utoipa::openapi::RefOr<utoipa::openapi::response::Response>,
            > {
                $crate::http::error::responses::problem_responses(Self::CODES)
            }
        }
    };
}

/// One response per status for `codes`.
pub fn problem_responses(codes: &[ErrorCode]) -> BTreeMap<String, RefOr<Response>> {
    let mut responses = BTreeMap::new();
    for &code in codes {
        add_problem(&mut responses, code);
    }
    responses
}

/// Adds `code` to `responses`: a response for its status if there is none, else the code's
/// description, example and headers joined to the one there. A response that is not a
/// problem (a success) is left alone.
pub fn add_problem(responses: &mut BTreeMap<String, RefOr<Response>>, code: ErrorCode) {
    let status = code.status().as_u16().to_string();
    let line = format!("`{}`: {}", code.as_str(), code.description());
    let response = responses.entry(status).or_insert_with(|| {
        RefOr::T(
            ResponseBuilder::new()
                .description(String::new())
                .content(
                    PROBLEM_JSON,
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build(),
        )
    });
    let RefOr::T(response) = response else {
        return;
    };
    let Some(RefOr::T(content)) = response.content.get_mut(PROBLEM_JSON) else {
        return;
    };
    if content.examples.contains_key(code.as_str()) {
        return;
    }
    content.examples.insert(
        code.as_str().to_owned(),
        RefOr::T(
            ExampleBuilder::new()
                .summary(code.title())
                .value(serde_json::to_value(example(code)).ok())
                .build(),
        ),
    );
    response.description = if response.description.is_empty() {
        line
    } else {
        format!("{}\n\n{line}", response.description)
    };
    for (name, description) in headers(code) {
        response
            .headers
            .entry((*name).to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                        .description(Some(*description))
                        .build(),
                )
            });
    }
}

/// A problem body of `code` as the service answers it.
fn example(code: ErrorCode) -> Problem {
    let mut problem = Problem::new(code, code.description());
    problem.request_id = EXAMPLE_REQUEST_ID.to_owned();
    if matches!(code, ErrorCode::ValidationFailed | ErrorCode::UnknownZip) {
        let (field, detail) = match code {
            ErrorCode::UnknownZip => ("zip", "ZIP 00000 is not a known US ZIP code"),
            _ => (
                "joints",
                "joints must be from 1 to 2 for knee_msc_injection; got 3",
            ),
        };
        problem.detail = detail.to_owned();
        problem.errors = vec![super::FieldError::body(format!("/{field}"), detail)];
    }
    if code == ErrorCode::EstimateIncomplete {
        use crate::gfe::document::{ElementKind, MissingElement};
        problem.detail = "the FHIR Bundle lacks 1 required element(s): npi".to_owned();
        problem.missing_elements = vec![MissingElement {
            element: ElementKind::Npi,
            required: true,
            provider_id: Some("regenerative-orthopedics-fort-worth".into()),
            line_code: None,
            detail: "The National Provider Identifier (NPI) of Regenerative Orthopedics.".into(),
            supplied_by: "centers: npi".into(),
        }];
    }
    problem
}

/// The headers a response with `code` carries besides `x-request-id`.
fn headers(code: ErrorCode) -> &'static [(&'static str, &'static str)] {
    match code {
        ErrorCode::Unauthorized => &[("WWW-Authenticate", "`Bearer`: send an API key.")],
        ErrorCode::MethodNotAllowed => &[("Allow", "The methods the path takes.")],
        ErrorCode::RateLimited => &[
            ("Retry-After", "Seconds to wait before the next request."),
            (
                "RateLimit",
                "The caller's limit now (IETF draft RateLimit header fields): requests \
                 remaining `r` and seconds until the limit resets `t`, e.g. \
                 `\"default\";r=0;t=1`.",
            ),
            (
                "RateLimit-Policy",
                "The caller's quota `q` per window of `w` seconds, e.g. \
                 `\"default\";q=100;w=5`.",
            ),
        ],
        ErrorCode::Conflict | ErrorCode::ServiceUnavailable | ErrorCode::HandlerTimeout => {
            &[("Retry-After", "Seconds to wait before retrying.")]
        }
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_one_status_share_one_response_with_an_example_each() {
        let responses = problem_responses(&[
            ErrorCode::ValidationFailed,
            ErrorCode::UnknownZip,
            ErrorCode::NotFound,
        ]);
        assert_eq!(responses.keys().collect::<Vec<_>>(), ["404", "422"]);
        let value = serde_json::to_value(&responses["422"]).unwrap();
        let examples = &value["content"][PROBLEM_JSON]["examples"];
        assert_eq!(examples["unknown_zip"]["value"]["code"], "unknown_zip");
        assert_eq!(examples["validation_failed"]["value"]["status"], 422);
        let description = value["description"].as_str().unwrap();
        assert!(
            description.contains("`validation_failed`") && description.contains("`unknown_zip`")
        );
    }

    #[test]
    fn every_code_documents_itself_with_its_status_title_and_headers() {
        for &code in ErrorCode::ALL {
            let responses = problem_responses(&[code]);
            let status = code.status().as_u16().to_string();
            let value = serde_json::to_value(&responses[&status]).unwrap();
            let example = &value["content"][PROBLEM_JSON]["examples"][code.as_str()];
            assert_eq!(example["summary"], code.title(), "{code:?}");
            assert_eq!(
                example["value"]["type"],
                format!("urn:regenquote:problem:{}", code.as_str())
            );
            assert!(
                value["description"]
                    .as_str()
                    .unwrap()
                    .contains(code.description())
            );
        }
        let limited =
            serde_json::to_value(&problem_responses(&[ErrorCode::RateLimited])["429"]).unwrap();
        for header in ["Retry-After", "RateLimit", "RateLimit-Policy"] {
            assert!(limited["headers"][header].is_object(), "{header}");
        }
    }

    #[test]
    fn adding_a_code_twice_changes_nothing() {
        let mut responses = problem_responses(&[ErrorCode::RateLimited]);
        let before = serde_json::to_value(&responses).unwrap();
        add_problem(&mut responses, ErrorCode::RateLimited);
        assert_eq!(serde_json::to_value(&responses).unwrap(), before);
    }
}
