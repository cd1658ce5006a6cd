//! The OpenAPI 3.1 document: generated from the registered routes, so a route cannot exist
//! without being documented. Each handler's attribute carries its own responses, links and
//! examples; this module keeps the metadata and the steps that are truly global: the problem
//! responses every operation can answer, the `x-request-id` header every response carries,
//! and one rewrite of how utoipa writes internally tagged enums. `regenquote openapi` prints
//! the document; `openapi/openapi.json` is the committed copy, kept equal by a test.

use std::collections::BTreeMap;

use actix_web::App;
use utoipa::OpenApi;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa_actix_web::AppExt;

use crate::http::error::responses::add_problem;
use crate::http::error::{ErrorCode, Problem};

/// Top-level document metadata, tags and shared components.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "regenquote",
        description = "Prices regenerative-medicine (stem-cell) procedures for patients who pay \
out of pocket: cost estimates from the 2026 price tables, honest insurance-coverage answers, \
nearby centers, stored quotes for financing partners, and financing options with their \
disclosures.\n\nMoney is always integer US cents in fields ending `_cents`. Errors are always \
`application/problem+json` (RFC 9457) with a stable `code` and the `request_id`; every response \
carries `x-request-id`. Operations need no API key unless they say so.",
        contact(name = "regenquote maintainers"),
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    servers((url = "http://127.0.0.1:8080", description = "A local instance on the default \
listen address; point clients at your own deployment")),
    tags(
        (name = "therapies", description = "The priced catalog: 2026 price ranges, coverage wording, \
attributes, evidence and sources."),
        (name = "estimates", description = "What a therapy will cost the patient, itemized, with every \
assumption and disclaimer."),
        (name = "coverage", description = "Whether insurance pays for a therapy, why, and what the \
patient can do instead."),
        (name = "centers", description = "Where a patient can get a therapy, nearest first."),
        (name = "quotes", description = "Stored, immutable quotes a financing partner can lend against."),
        (name = "signing", description = "The public keys that stored quotes' signatures verify \
            against, for checking a quote offline."),
        (name = "financing", description = "Monthly payments for an amount under the operator's \
financing plans, each with its Truth-in-Lending disclosure."),
        (name = "webhooks", description = "Signed webhooks (Standard Webhooks 1.0) when a quote is \
         created, superseded, about to expire or expired: the endpoints an account registers and \
         their deliveries."),
        (name = "health", description = "Liveness and readiness probes."),
        (name = "widget", description = "The embeddable quote widget: a page for an iframe on a \
clinic's website and the files it loads, served from the binary."),
    ),
    components(schemas(Problem)),
    modifiers(&Security),
)]
pub struct ApiDoc;

/// The full document: metadata plus every route registered by
/// [`crate::http::routes::configure`].
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::http::routes::configure)
        .split_for_parts();
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            add_global_problems(op);
            add_request_id_header(op);
            add_language_headers(op);
        }
    }
    tag_variants_in_place(&mut doc);
    doc
}

/// The document as pretty JSON with a trailing newline, as committed.
pub fn document_json() -> String {
    let mut json =
        serde_json::to_string_pretty(&document()).expect("the OpenAPI document serialises");
    json.push('\n');
    json
}

/// The API key scheme, and no key needed unless an operation says otherwise.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key: `rq_pk_…` (publishable, a clinic website: may create quotes \
                         from its allowed origins) or `rq_sk_…` (secret, a financing partner or \
                         back office: may create and read quotes, Good Faith Estimates and \
                         reconciliations).",
                    ))
                    .build(),
            ),
        );
        // An empty requirement: by default an operation needs no key.
        openapi.security = Some(vec![SecurityRequirement::default()]);
    }
}

/// What every operation can answer whatever it does: a browser origin that is not allowed
/// (the CORS layer refuses it before any handler), too many requests, a handler past its time
/// limit, an internal failure; and for a body, malformed JSON, a wrong media type, a body too
/// large or too slow to arrive.
fn add_global_problems(op: &mut Operation) {
    let mut codes = vec![
        ErrorCode::OriginNotAllowed,
        ErrorCode::RateLimited,
        ErrorCode::HandlerTimeout,
        ErrorCode::InternalError,
    ];
    if op.request_body.is_some() {
        codes.extend([
            ErrorCode::MalformedJson,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::PayloadTooLarge,
            ErrorCode::RequestTimeout,
        ]);
    }
    let mut responses: BTreeMap<String, RefOr<utoipa::openapi::Response>> =
        std::mem::take(&mut op.responses.responses)
            .into_iter()
            .collect();
    for code in codes {
        add_problem(&mut responses, code);
    }
    op.responses.responses = responses.into_iter().collect();
}

/// `x-request-id` on every response, errors and successes alike.
fn add_request_id_header(op: &mut Operation) {
    for response in op.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            response
                .headers
                .entry("x-request-id".to_owned())
                .or_insert_with(|| {
                    RefOr::T(
                        HeaderBuilder::new()
                            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                            .description(Some(
                                "The request's id, also in a problem's `request_id`; quote it \
                             when asking for help.",
                            ))
                            .build(),
                    )
                });
        }
    }
}

/// `Content-Language` and `Vary` on every response: the middleware states the answer's
/// language on all of them (see [`crate::http::language`]).
fn add_language_headers(op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let error = status.starts_with('4') || status.starts_with('5');
        let (description, example) = if error {
            (
                "`en`: problem bodies are written in English for developers.",
                "en",
            )
        } else {
            (
                "The language of the answer's text: `es` when `Accept-Language` prefers \
                 Spanish, else `en`. Codes, amounts, ids and field names are the same in both.",
                "es",
            )
        };
        response
            .headers
            .entry("Content-Language".to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .enum_values(Some(["en", "es"]))
                                .examples([example]),
                        ))
                        .description(Some(description))
                        .build(),
                )
            });
        response
            .headers
            .entry("Vary".to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                        .description(Some(
                            "Includes `Accept-Language`: the answer depends on it.",
                        ))
                        .build(),
                )
            });
    }
}

/// utoipa writes a variant of an internally tagged enum (`#[serde(tag = "status")]`) that
/// wraps a struct as `allOf: [{$ref: Variant}, {the tag property}]` inside the enum's
/// `oneOf`. Code generators handle a `oneOf` of references, not of `allOf`s, and a closed
/// variant (`additionalProperties: false`) cannot match such an `allOf` at all. So the tag is
/// moved into the variant's own schema, which only that enum references, and the `oneOf`
/// item becomes the reference.
fn tag_variants_in_place(doc: &mut utoipa::openapi::OpenApi) {
    let text = serde_json::to_string(&doc).unwrap_or_default();
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let mut tags: Vec<(String, utoipa::openapi::schema::Object)> = Vec::new();
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::OneOf(one_of)) = schema else {
            continue;
        };
        for item in &mut one_of.items {
            let RefOr::T(Schema::AllOf(all_of)) = item else {
                continue;
            };
            let [RefOr::Ref(variant), RefOr::T(Schema::Object(tag))] = all_of.items.as_slice()
            else {
                continue;
            };
            let reference = format!("\"{}\"", variant.ref_location);
            // Referenced anywhere else, the variant must stay as it is.
            if text.matches(&reference).count() != 1 {
                continue;
            }
            let name = variant
                .ref_location
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            tags.push((name.clone(), tag.clone()));
            *item = RefOr::Ref(Ref::from_schema_name(name));
        }
    }
    for (name, tag) in tags {
        if let Some(RefOr::T(Schema::Object(variant))) = components.schemas.get_mut(&name) {
            let mut properties = tag.properties;
            properties.extend(std::mem::take(&mut variant.properties));
            variant.properties = properties;
            let mut required = tag.required;
            required.extend(std::mem::take(&mut variant.required));
            variant.required = required;
        }
    }
}

#[cfg(test)]
mod tests;
