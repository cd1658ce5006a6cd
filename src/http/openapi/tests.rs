use serde_json::{Value, json};

use super::*;

fn doc() -> Value {
    serde_json::to_value(document()).unwrap()
}

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            ops.push((method.clone(), path.clone(), op.clone()));
        }
    }
    ops
}

#[test]
fn every_operation_has_a_summary_a_tag_and_the_problems_any_request_can_meet() {
    let doc = doc();
    for (method, path, op) in operations(&doc) {
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{method} {path}"
        );
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{method} {path}"
        );
        let responses = &op["responses"];
        let examples = |status: &str| {
            responses[status]["content"]["application/problem+json"]["examples"].clone()
        };
        assert!(
            examples("403")["origin_not_allowed"].is_object(),
            "{method} {path}"
        );
        assert!(
            examples("429")["rate_limited"].is_object(),
            "{method} {path}"
        );
        assert!(
            examples("500")["internal_error"].is_object(),
            "{method} {path}"
        );
        for header in ["Retry-After", "RateLimit", "RateLimit-Policy"] {
            assert!(
                responses["429"]["headers"][header].is_object(),
                "{method} {path} {header}"
            );
        }
        if op.get("requestBody").is_some() {
            assert!(
                examples("400")["malformed_json"].is_object(),
                "{method} {path}"
            );
            assert!(
                examples("415")["unsupported_media_type"].is_object(),
                "{method} {path}"
            );
        }
    }
}

#[test]
fn every_response_carries_the_request_id_header() {
    let doc = doc();
    for (method, path, op) in operations(&doc) {
        for (status, response) in op["responses"].as_object().unwrap() {
            assert!(
                response["headers"]["x-request-id"].is_object(),
                "{method} {path} {status}"
            );
        }
    }
}

#[test]
fn every_problem_example_is_answered_with_its_codes_status() {
    let doc = doc();
    for (method, path, op) in operations(&doc) {
        for (status, response) in op["responses"].as_object().unwrap() {
            let Some(examples) =
                response["content"]["application/problem+json"]["examples"].as_object()
            else {
                continue;
            };
            for (code, example) in examples {
                assert_eq!(
                    example["value"]["status"].to_string(),
                    *status,
                    "{method} {path} {code}"
                );
                assert_eq!(example["value"]["code"], *code);
            }
        }
    }
}

#[test]
fn a_stored_quote_links_to_every_operation_on_its_id() {
    let doc = doc();
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
fn only_operations_that_take_a_key_name_a_security_requirement() {
    let doc = doc();
    assert_eq!(doc["security"], json!([{}]), "no key by default");
    for (method, path, op) in operations(&doc) {
        // A center's write operations and its price-list history take the managing account's
        // key; its search, detail and public price list do not.
        let center_write =
            path.starts_with("/v1/centers") && (method != "get" || path.ends_with("/versions"));
        let takes_key = path.starts_with("/v1/quotes")
            || path.starts_with("/v1/webhook-endpoints")
            || center_write;
        if takes_key {
            assert_eq!(op["security"], json!([{"api_key": []}]), "{method} {path}");
            assert!(op["responses"]["401"].is_object(), "{method} {path}");
        } else {
            assert!(op.get("security").is_none(), "{method} {path}");
        }
    }
}

#[test]
fn a_union_lists_references_not_combinations() {
    fn walk(node: &Value, at: &str, found: &mut Vec<String>) {
        if let Some(items) = node.get("oneOf").and_then(Value::as_array) {
            for item in items {
                if item.get("allOf").is_some() {
                    found.push(at.to_owned());
                }
            }
        }
        match node {
            Value::Object(fields) => fields
                .iter()
                .for_each(|(k, v)| walk(v, &format!("{at}/{k}"), found)),
            Value::Array(items) => items.iter().for_each(|v| walk(v, at, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(&doc(), "", &mut found);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_therapy_without_a_cash_price_is_documented_with_its_status() {
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    let variants: Vec<&str> = schemas["CashPrice"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["$ref"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(variants, ["PricedTherapy", "NoCashPrice"]);
    let no_price = &schemas["NoCashPrice"];
    assert_eq!(no_price["properties"]["status"]["enum"][0], "no_cash_price");
    for field in ["status", "reason", "source"] {
        assert!(
            no_price["required"]
                .as_array()
                .unwrap()
                .contains(&json!(field)),
            "{field}"
        );
    }
    assert!(
        schemas["PricedTherapy"]["required"]
            .as_array()
            .unwrap()
            .contains(&json!("status"))
    );
}

#[test]
fn a_stored_quotes_content_is_the_typed_snapshot() {
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["QuoteView"]["properties"]["content"]["$ref"],
        "#/components/schemas/QuoteSnapshot"
    );
    for field in ["request", "estimate", "coverage"] {
        assert!(
            schemas["QuoteSnapshot"]["required"]
                .as_array()
                .unwrap()
                .contains(&json!(field)),
            "{field}"
        );
    }
    assert!(
        !schemas["QuoteSnapshot"]["required"]
            .as_array()
            .unwrap()
            .contains(&json!("snapshot_version"))
    );
}

#[test]
fn the_code_of_a_problem_is_an_open_string() {
    let doc = doc();
    let code = &doc["components"]["schemas"]["ErrorCode"];
    assert_eq!(code["type"], "string");
    assert!(code.get("enum").is_none());
}

#[test]
fn the_document_names_a_server_and_is_openapi_3_1() {
    let doc = doc();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(
        doc["servers"][0]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http"))
    );
}

#[test]
fn no_api_path_ends_in_a_slash() {
    for path in document().paths.paths.keys() {
        // The widget's page sits at /widget/ so its files resolve relative to it.
        if path != "/widget/" {
            assert!(!path.ends_with('/'), "{path}");
        }
    }
}
