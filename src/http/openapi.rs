//! The OpenAPI 3.1 document: generated from the registered routes, so a route cannot exist
//! without being documented. `regenquote openapi` prints it; `openapi/openapi.json` is the
//! committed copy, kept equal by a test.

use actix_web::App;
use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa_actix_web::AppExt;

use crate::http::error::{PROBLEM_JSON, Problem};

/// Top-level document metadata, tags and shared components.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "regenquote",
        description = "Prices regenerative-medicine (stem-cell) procedures for patients who pay \
out of pocket: cost estimates from the 2026 price tables, honest insurance-coverage answers, \
nearby centers, stored quotes for financing partners, and financing options with their \
disclosures.\n\nMoney is always integer US cents in fields ending `_cents`. Errors are always \
`application/problem+json` (RFC 9457) with a stable `code` and the `request_id`.",
        contact(name = "regenquote maintainers"),
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "therapies", description = "The priced catalog: 2026 price ranges, coverage wording, \
attributes, evidence and sources."),
        (name = "estimates", description = "What a therapy will cost the patient, itemized, with every \
assumption and disclaimer."),
        (name = "coverage", description = "Whether insurance pays for a therapy, why, and what the \
patient can do instead."),
        (name = "centers", description = "Where a patient can get a therapy, nearest first."),
        (name = "quotes", description = "Stored, immutable quotes a financing partner can lend against."),
        (name = "financing", description = "Monthly payments for an amount under the operator's \
financing plans, each with its Truth-in-Lending disclosure."),
        (name = "health", description = "Liveness and readiness probes."),
        (name = "widget", description = "The embeddable quote widget: a page for an iframe on a \
clinic's website and the files it loads, served from the binary."),
    ),
    components(schemas(Problem), responses()),
    modifiers(&ProblemResponses),
)]
pub struct ApiDoc;

/// The full document: metadata plus every route registered by [`crate::http::routes::configure`].
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::http::routes::configure)
        .split_for_parts();
    let mut doc = doc;
    ProblemResponses::add_to_operations(&mut doc);
    close_tagged_variants(&mut doc);
    add_estimate_examples(&mut doc);
    add_quote_links(&mut doc);
    doc
}

/// What a client can do with a quote it has just stored, as OpenAPI links from the `201` of
/// `POST /v1/quotes` to the operations that take its `id`: read it back, issue its Good Faith
/// Estimate, check a bill against it. Clients and test generators can follow them.
fn add_quote_links(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::link::LinkBuilder;

    const LINKS: [(&str, &str, &str); 3] = [
        ("GetQuote", "get_quote", "Read the stored quote back."),
        (
            "CreateGoodFaithEstimate",
            "create_good_faith_estimate",
            "Issue the quote's Good Faith Estimate.",
        ),
        (
            "ReconcileBill",
            "reconcile_bill",
            "Check a bill against the quote's estimate.",
        ),
    ];
    let Some(RefOr::T(created)) = doc
        .paths
        .paths
        .get_mut("/v1/quotes")
        .and_then(|p| p.post.as_mut())
        .and_then(|op| op.responses.responses.get_mut("201"))
    else {
        return;
    };
    for (name, operation_id, description) in LINKS {
        let link = LinkBuilder::new()
            .operation_id(operation_id)
            .parameter("id", "$response.body#/id")
            .description(description)
            .build();
        created.links.insert(name.to_owned(), RefOr::T(link));
    }
}

/// An internally tagged enum (`#[serde(tag = "status")]`) is documented as a `oneOf` of
/// `allOf: [{$ref: Variant}, {the tag property}]`. When the variant denies unknown fields
/// (`additionalProperties: false`) no value can match that `allOf`: the tag is a property the
/// variant does not list. Such a variant is written out in place with the tag among its
/// properties, which keeps it closed and makes it match what is served; a component left
/// unreferenced by that is dropped.
fn close_tagged_variants(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{AdditionalProperties, Object, Schema};

    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let closed: std::collections::BTreeMap<String, Object> = components
        .schemas
        .iter()
        .filter_map(|(name, schema)| match schema {
            RefOr::T(Schema::Object(o))
                if matches!(
                    o.additional_properties.as_deref(),
                    Some(AdditionalProperties::FreeForm(false))
                ) =>
            {
                Some((name.clone(), o.clone()))
            }
            _ => None,
        })
        .collect();
    let mut inlined = Vec::new();
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
            let name = variant.ref_location.rsplit('/').next().unwrap_or_default();
            let Some(variant) = closed.get(name) else {
                continue;
            };
            let mut merged = tag.clone();
            merged.properties.extend(variant.properties.clone());
            merged.required.extend(variant.required.iter().cloned());
            merged.additional_properties = variant.additional_properties.clone();
            merged.description = all_of
                .description
                .clone()
                .or_else(|| variant.description.clone());
            inlined.push(name.to_owned());
            *item = RefOr::T(Schema::Object(merged));
        }
    }
    let text = serde_json::to_string(&doc).unwrap_or_default();
    if let Some(components) = doc.components.as_mut() {
        for name in inlined {
            if !text.contains(&format!("\"#/components/schemas/{name}\"")) {
                components.schemas.remove(&name);
            }
        }
    }
}

/// Request examples for `POST /v1/estimates`, one ready-to-run request per therapy, and the real
/// answer to the first, computed by the shipped price book and example financing plans, so the
/// documented examples cannot drift from what the service answers.
fn add_estimate_examples(doc: &mut utoipa::openapi::OpenApi) {
    use crate::pricing::{EstimateRequest, PriceBook, example_requests};
    use crate::therapy::TherapyCode;
    use utoipa::openapi::example::ExampleBuilder;

    let Some(op) = doc
        .paths
        .paths
        .get_mut("/v1/estimates")
        .and_then(|p| p.post.as_mut())
    else {
        return;
    };
    let mut requests: Vec<(String, String, EstimateRequest)> = example_requests()
        .into_iter()
        .map(|(name, req)| {
            (
                name.to_owned(),
                format!("{name}: a ready-to-run estimate"),
                req,
            )
        })
        .collect();
    for therapy in [TherapyCode::Hsct, TherapyCode::RemestemcelL] {
        let summary = format!("{therapy}: refused with 422, the tables give no cash price");
        requests.push((
            therapy.as_str().to_owned(),
            summary,
            EstimateRequest::for_therapy(therapy),
        ));
    }
    if let Some(RefOr::T(body)) = op.request_body.as_mut()
        && let Some(RefOr::T(content)) = body.content.get_mut("application/json")
    {
        for (name, summary, req) in &requests {
            let value = serde_json::to_value(req).ok();
            let example = ExampleBuilder::new()
                .summary(summary.as_str())
                .value(value)
                .build();
            content.examples.insert(name.clone(), RefOr::T(example));
        }
    }
    let (Ok(book), Some((_, _, first))) = (PriceBook::embedded(), requests.first()) else {
        return;
    };
    let plans: crate::app::configuration::ShippedFinancing =
        toml::from_str(include_str!("../../config/base.toml")).unwrap_or_default();
    let Ok(estimate) = crate::pricing::estimate(&book, first, None) else {
        return;
    };
    let financing = crate::financing::options(&plans.financing.plans, estimate.total.typical_cents);
    let answer = crate::http::routes::estimates::EstimateResponse {
        estimate,
        financing,
    };
    if let Some(RefOr::T(response)) = op.responses.responses.get_mut("200")
        && let Some(RefOr::T(content)) = response.content.get_mut("application/json")
    {
        content.example = serde_json::to_value(answer).ok();
    }
}

/// The document as pretty JSON with a trailing newline, as committed.
pub fn document_json() -> String {
    let mut json =
        serde_json::to_string_pretty(&document()).expect("the OpenAPI document serialises");
    json.push('\n');
    json
}

/// Shared problem+json responses, defined once in `components.responses` and referenced by every
/// operation that can produce them.
struct ProblemResponses;

/// (component name, status, description, only for operations with a request body)
const SHARED: [(&str, &str, &str, bool); 5] = [
    (
        "MalformedJson",
        "400",
        "The body is not well-formed JSON (`malformed_json`).",
        true,
    ),
    (
        "PayloadTooLarge",
        "413",
        "The body is larger than the configured limit (`payload_too_large`).",
        true,
    ),
    (
        "UnsupportedMediaType",
        "415",
        "The body was not sent as `application/json` (`unsupported_media_type`).",
        true,
    ),
    (
        "RateLimited",
        "429",
        "Too many requests (`rate_limited`); see `Retry-After`.",
        false,
    ),
    (
        "InternalError",
        "500",
        "An unexpected failure (`internal_error`); the cause is logged, not shown.",
        false,
    ),
];

impl utoipa::Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            utoipa::openapi::security::SecurityScheme::Http(
                utoipa::openapi::security::HttpBuilder::new()
                    .scheme(utoipa::openapi::security::HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key: `rq_pk_…` (publishable, a clinic website: may create quotes \
                         from its allowed origins) or `rq_sk_…` (secret, a financing partner or \
                         back office: may create and read quotes, Good Faith Estimates and \
                         reconciliations).",
                    ))
                    .build(),
            ),
        );
        for (name, _, description, _) in SHARED {
            let response = ResponseBuilder::new()
                .description(description)
                .content(
                    PROBLEM_JSON,
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build();
            components
                .responses
                .insert(name.to_owned(), RefOr::T(response));
        }
    }
}

impl ProblemResponses {
    fn add_to_operations(openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in ops.into_iter().flatten() {
                add_shared(op);
            }
        }
    }
}

fn add_shared(op: &mut Operation) {
    let has_body = op.request_body.is_some();
    for (name, status, _, body_only) in SHARED {
        if body_only && !has_body {
            continue;
        }
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_summary_a_tag_and_a_500_response() {
        let doc = serde_json::to_value(document()).unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                assert!(
                    op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                    "{method} {path}"
                );
                assert!(
                    op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                    "{method} {path}"
                );
                assert!(op["responses"]["500"].is_object(), "{method} {path}");
            }
        }
    }

    #[test]
    fn a_stored_quote_links_to_every_operation_on_its_id() {
        let doc = serde_json::to_value(document()).unwrap();
        let links = doc["paths"]["/v1/quotes"]["post"]["responses"]["201"]["links"]
            .as_object()
            .expect("links on 201");
        let mut linked: Vec<&str> = links
            .values()
            .map(|l| {
                assert_eq!(l["parameters"]["id"], "$response.body#/id");
                l["operationId"].as_str().unwrap()
            })
            .collect();
        linked.sort_unstable();
        // Every operation under /v1/quotes/{id} is linked, and every link names one of them.
        let mut expected: Vec<&str> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(path, _)| path.starts_with("/v1/quotes/{id}"))
            .flat_map(|(_, item)| item.as_object().unwrap().values())
            .map(|op| op["operationId"].as_str().unwrap())
            .collect();
        expected.sort_unstable();
        assert_eq!(linked, expected);
    }

    #[test]
    fn every_operation_says_whether_it_needs_an_api_key() {
        let doc = serde_json::to_value(document()).unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                assert!(op["security"].is_array(), "{method} {path}");
            }
        }
    }

    /// Every `allOf` whose `$ref` names a component closed with `additionalProperties: false`.
    fn closed_refs_in_all_of(node: &serde_json::Value, closed: &[String], found: &mut Vec<String>) {
        if let Some(parts) = node.get("allOf").and_then(|a| a.as_array()) {
            for part in parts {
                if let Some(r) = part.get("$ref").and_then(|r| r.as_str()) {
                    let name = r.rsplit('/').next().unwrap_or_default().to_owned();
                    if closed.contains(&name) {
                        found.push(name);
                    }
                }
            }
        }
        match node {
            serde_json::Value::Object(fields) => fields
                .values()
                .for_each(|v| closed_refs_in_all_of(v, closed, found)),
            serde_json::Value::Array(items) => items
                .iter()
                .for_each(|v| closed_refs_in_all_of(v, closed, found)),
            _ => {}
        }
    }

    #[test]
    fn no_closed_schema_is_combined_with_a_tag_it_would_refuse() {
        let doc = serde_json::to_value(document()).unwrap();
        let closed: Vec<String> = doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, s)| s["additionalProperties"] == serde_json::json!(false))
            .map(|(name, _)| name.clone())
            .collect();
        let mut found = Vec::new();
        closed_refs_in_all_of(&doc, &closed, &mut found);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_therapy_without_a_cash_price_is_documented_with_its_status() {
        let doc = serde_json::to_value(document()).unwrap();
        let variants = doc["components"]["schemas"]["CashPrice"]["oneOf"]
            .as_array()
            .unwrap();
        let no_price = variants
            .iter()
            .find(|v| v["properties"]["status"]["enum"][0] == "no_cash_price")
            .expect("the no_cash_price variant lists its tag");
        let required = no_price["required"].as_array().unwrap();
        for field in ["status", "reason", "source"] {
            assert!(required.contains(&serde_json::json!(field)), "{field}");
        }
    }

    #[test]
    fn no_api_path_ends_in_a_slash() {
        let doc = document();
        for path in doc.paths.paths.keys() {
            // The widget's page sits at /widget/ so its files resolve relative to it.
            if path != "/widget/" {
                assert!(!path.ends_with('/'), "{path}");
            }
        }
    }

    #[test]
    fn the_document_is_openapi_3_1() {
        let doc = serde_json::to_value(document()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    }
}
