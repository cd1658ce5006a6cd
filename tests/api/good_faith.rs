//! `POST /v1/quotes/{id}/good-faith-estimate` (and who may reconcile), on SQLite and (when
//! configured) PostgreSQL.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

pub use crate::helpers::us_earliest_today;
use crate::helpers::{
    CLINIC_ORIGIN, TestApp, assert_problem, scheduled_date, spawn_app, spawn_apps,
};

pub const FORT_WORTH: &str = "regenerative-orthopedics-fort-worth";

fn patient() -> Value {
    json!({"name": "Jordan A. Rivera", "date_of_birth": "1961-04-09"})
}

fn gfe_body() -> Value {
    json!({"patient": patient()})
}

/// A knee-injection quote at Fort Worth, created by the clinic's back office.
pub async fn quote(app: &TestApp) -> Value {
    let body = json!({"therapy": "knee_msc_injection", "zip": "76102", "center_id": FORT_WORTH,
                      "scheduled_date": scheduled_date().to_string()});
    let res = app
        .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

pub fn gfe_path(quote: &Value) -> String {
    format!(
        "/v1/quotes/{}/good-faith-estimate",
        quote["id"].as_str().unwrap()
    )
}

pub fn reconcile_path(quote: &Value) -> String {
    format!("/v1/quotes/{}/reconcile", quote["id"].as_str().unwrap())
}

/// Issues a Good Faith Estimate for `quote` with the clinic's back-office key; its answer.
pub async fn issue(app: &TestApp, quote: &Value) -> Value {
    let res = app
        .post_as(&app.keys.clinic_office, &gfe_path(quote), &gfe_body())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", app.database);
    res.json().await.unwrap()
}

#[tokio::test]
async fn keys_decide_who_may_write_estimates_and_reconcile() {
    for app in spawn_apps().await {
        let q = quote(&app).await;
        let gfe = issue(&app, &q).await;
        let bill = json!({"good_faith_estimate_id": gfe["id"],
                          "bills": [{"provider_id": FORT_WORTH, "billed_cents": 1,
                                     "bill_date": us_earliest_today().to_string()}]});
        for (path, body) in [(gfe_path(&q), gfe_body()), (reconcile_path(&q), bill)] {
            let k = &app.keys;
            let cases: [(Option<&str>, Option<&str>, u16, &str); 8] = [
                (None, None, 401, "unauthorized"),
                (
                    Some("Bearer rq_sk_clinic-office_00"),
                    None,
                    401,
                    "unauthorized",
                ),
                (
                    Some("Basic YWxhZGRpbjpvcGVuc2VzYW1l"),
                    None,
                    401,
                    "unauthorized",
                ),
                (Some(&k.clinic_web), Some(CLINIC_ORIGIN), 403, "forbidden"),
                (
                    Some(&k.clinic_office),
                    Some("https://evil.example"),
                    403,
                    "origin_not_allowed",
                ),
                (Some(&k.other_office), None, 404, "not_found"),
                (Some(&k.clinic_office), None, 200, ""),
                (Some(&k.lender), None, 200, ""),
            ];
            for (key, origin, status, code) in cases {
                let mut req = app.client.post(app.url(&path)).json(&body);
                req = match key {
                    Some(k) if k.starts_with("rq_") => req.bearer_auth(k),
                    Some(raw) => req.header("authorization", raw),
                    None => req,
                };
                if let Some(o) = origin {
                    req = req.header("origin", o);
                }
                let res = req.send().await.unwrap();
                let label = format!("{} {path} {key:?} {origin:?}", app.database);
                if status == 200 {
                    assert_eq!(res.status(), 200, "{label}");
                    assert_eq!(res.headers()["cache-control"], "no-store", "{label}");
                    assert!(
                        res.headers()
                            .keys()
                            .all(|h| !h.as_str().starts_with("access-control-"))
                    );
                } else {
                    assert_problem(res, status, code).await;
                }
            }
            for id in ["q_aaaaaaaaaaaaaaaaaaaaaaaaaa", "1"] {
                let other = path.replace(q["id"].as_str().unwrap(), id);
                let res = app
                    .post_as(&app.keys.lender, &other, &body)
                    .send()
                    .await
                    .unwrap();
                assert_problem(res, 404, "not_found").await;
            }
        }
    }
}

#[tokio::test]
async fn the_estimate_has_every_required_element_and_lists_what_is_missing() {
    for app in spawn_apps().await {
        let q = quote(&app).await;
        let body = json!({"patient": patient(), "diagnosis_codes": ["m1711"],
                          "lines": {"base": {"service_code": "20610"}}});
        let res = app
            .post_as(&app.keys.clinic_office, &gfe_path(&q), &body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", app.database);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let doc: Value = res.json().await.unwrap();
        assert!(
            doc["id"].as_str().unwrap().starts_with("gfe_"),
            "{}",
            doc["id"]
        );
        assert_eq!(doc["draft"], true, "the shipped center has no NPI or TIN");
        assert!(
            !doc["issued_at"].as_str().unwrap().contains('.'),
            "whole seconds: {}",
            doc["issued_at"]
        );
        assert_eq!(doc["patient"], patient());
        assert_eq!(
            doc["primary_service"]["scheduled_date"],
            scheduled_date().to_string()
        );
        assert!(
            doc["primary_service"]["description"]
                .as_str()
                .unwrap()
                .contains("MSC injection")
        );
        assert_eq!(doc["diagnosis_codes"], json!(["M17.11"]));
        let provider = &doc["providers"][0];
        assert_eq!(provider["provider_id"], FORT_WORTH);
        assert_eq!(provider["name"], "Regenerative Orthopedics");
        assert_eq!(provider["location"]["city"], "Fort Worth");
        assert_eq!(provider["location"]["state"], "TX");
        assert_eq!(
            (&provider["npi"], &provider["tin"]),
            (&Value::Null, &Value::Null)
        );
        let items = provider["items"].as_array().unwrap();
        assert_eq!(items[0]["service_code"], "20610");
        assert_eq!(items[1]["service_code"], Value::Null, "never invented");
        for item in items {
            assert_eq!(item["expected_charge_cents"], item["typical_cents"]);
            assert_eq!(item["diagnosis_codes"], json!(["M17.11"]));
            assert_eq!(item["service_location"], provider["location"]);
        }
        assert_eq!(provider["contact"]["phone"], Value::Null);
        assert_eq!(
            provider["expected_charges_cents"],
            q["total"]["typical_cents"]
        );
        assert_eq!(
            doc["total_expected_charges_cents"],
            q["total"]["typical_cents"]
        );
        assert!(doc["expected_charge_basis"].get("figure").is_none());
        let codes: Vec<&str> = doc["disclaimers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            [
                "additional_items",
                "estimate_only",
                "dispute_resolution",
                "not_a_contract"
            ]
        );
        assert_eq!(doc["dispute_resolution"]["threshold_cents"], 40_000);
        assert_eq!(doc["dispute_resolution"]["window_days"], 120);
        assert_eq!(
            doc["dispute_resolution"]["help_desk_phone"],
            "1-800-985-3059"
        );
        assert_eq!(doc["dispute_resolution"]["fee_cents"], 2_500);
        assert_eq!(
            doc["right_to_estimate"]["code"],
            "right_to_good_faith_estimate"
        );
        assert!(doc["separately_scheduled"]["disclaimer"].is_string());
        let missing: Vec<(String, Value)> = doc["missing_elements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["required"] == true)
            .map(|m| {
                (
                    m["element"].as_str().unwrap().to_owned(),
                    m["line_code"].clone(),
                )
            })
            .collect();
        let expected = [
            ("npi", Value::Null),
            ("tin", Value::Null),
            ("street_address", Value::Null),
            ("zip", Value::Null),
            ("provider_charge", json!("base")),
            ("service_code", json!("imaging_and_post_care")),
            ("provider_charge", json!("imaging_and_post_care")),
        ];
        assert_eq!(
            missing,
            expected.map(|(e, l)| (e.to_owned(), l)),
            "{}",
            app.database
        );
    }
}

#[tokio::test]
async fn the_documented_examples_have_the_shape_of_live_answers() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    let body = json!({"patient": patient(), "diagnosis_codes": ["M17.11"],
                      "lines": {"base": {"service_code": "20610"}}});
    let live: Value = app
        .post_as(&app.keys.clinic_office, &gfe_path(&q), &body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bill = json!({"good_faith_estimate_id": live["id"],
                      "bills": [{"provider_id": FORT_WORTH, "billed_cents": 1_250_000,
                                 "bill_date": us_earliest_today().to_string()}]});
    let answer: Value = app
        .post_as(&app.keys.clinic_office, &reconcile_path(&q), &bill)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let spec = serde_json::to_value(regenquote::http::openapi::document()).unwrap();
    let example = |path: &str| {
        spec["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["example"]
            .clone()
    };
    assert_eq!(
        shape(&example("/v1/quotes/{id}/good-faith-estimate")),
        shape(&live)
    );
    assert_eq!(shape(&example("/v1/quotes/{id}/reconcile")), shape(&answer));
}

/// The keys of every object, recursively (arrays by their first element).
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        _ => Value::Null,
    }
}

#[tokio::test]
async fn the_printable_page_escapes_every_text_and_is_not_cached() {
    for app in spawn_apps().await {
        let q = quote(&app).await;
        let body = json!({"patient": {"name": "<script>alert('x')</script> & \"Co\"", "date_of_birth": "1961-04-09"}});
        let res = app
            .post_as(&app.keys.clinic_office, &gfe_path(&q), &body)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
        assert_eq!(res.headers()["cache-control"], "no-store");
        assert!(res.headers()["vary"].to_str().unwrap().contains("Accept"));
        assert!(
            res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .starts_with("default-src 'none'")
        );
        let page = res.text().await.unwrap();
        assert!(page.starts_with("<!doctype html>"));
        assert!(!page.contains("<script>"), "{page}");
        assert!(
            page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;")
        );
        for element in [
            "April 9, 1961",
            "Regenerative Orthopedics",
            "<span class=\"blank\">National Provider Identifier</span>",
            "1-800-985-3059",
            "not a contract",
            ">DRAFT<",
            "$25.00 fee",
        ] {
            assert!(page.contains(element), "{element}");
        }
        for developer in ["1961-04-09", "lines.", "service_code", "geometric"] {
            assert!(!page.contains(developer), "{developer}");
        }
    }
}

#[tokio::test]
async fn an_accept_header_the_page_cannot_meet_is_406() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    for accept in [
        "application/pdf",
        "image/png, text/plain",
        "text/html;q=0, application/json;q=0",
    ] {
        let res = app
            .post_as(&app.keys.clinic_office, &gfe_path(&q), &gfe_body())
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_problem(res, 406, "not_acceptable").await;
    }
    for (accept, media) in [("*/*", "application/json"), ("text/*", "text/html")] {
        let res = app
            .post_as(&app.keys.clinic_office, &gfe_path(&q), &gfe_body())
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(media),
            "{accept}"
        );
    }
}

#[tokio::test]
async fn bad_estimate_requests_are_422_naming_the_field() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    let tomorrow = (Utc::now() + TimeDelta::days(2)).date_naive().to_string();
    let cases = [
        (
            json!({"patient": {"name": "", "date_of_birth": "1961-04-09"}}),
            "/patient/name",
        ),
        (
            json!({"patient": {"name": "J", "date_of_birth": tomorrow}}),
            "/patient/date_of_birth",
        ),
        (
            json!({"patient": {"name": "J", "date_of_birth": "09/04/1961"}}),
            "/patient/date_of_birth",
        ),
        (json!({"patient": {"name": "J"}}), "/patient/date_of_birth"),
        (
            json!({"patient": patient(), "diagnosis_codes": ["knee"]}),
            "/diagnosis_codes/0",
        ),
        (
            json!({"patient": patient(), "lines": {"base": {"service_code": "XYZ"}}}),
            "/lines/base/service_code",
        ),
        (
            json!({"patient": patient(), "lines": {"prp": {}}}),
            "/lines/prp",
        ),
        (
            json!({"patient": patient(), "expected_basis": "high"}),
            "/expected_basis",
        ),
        (
            json!({"patient": {"name": "Jordan\u{202E}navir", "date_of_birth": "1961-04-09"}}),
            "/patient/name",
        ),
        (
            json!({"patient": {"name": "Jor\u{200B}dan", "date_of_birth": "1961-04-09"}}),
            "/patient/name",
        ),
        (
            json!({"patient": {"name": "J", "date_of_birth": "-262143-01-01"}}),
            "/patient/date_of_birth",
        ),
        (
            json!({"patient": {"name": "J", "date_of_birth": "1961-4-9"}}),
            "/patient/date_of_birth",
        ),
        (json!({"patient": patient(), "ssn": "000-00-0000"}), "/ssn"),
    ];
    for (body, pointer) in cases {
        let res = app
            .post_as(&app.keys.clinic_office, &gfe_path(&q), &body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{body}");
        assert!(!problem.to_string().contains("Rivera"), "{problem}");
    }
}

#[tokio::test]
async fn a_superseded_quote_gets_no_estimate_but_a_conflict_naming_its_replacement() {
    let app = &spawn_app().await;
    let old = quote(app).await;
    let body = json!({"therapy": "knee_msc_injection", "center_id": FORT_WORTH,
                      "replaces": old["id"]});
    let res = app
        .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let new: Value = res.json().await.unwrap();
    let res = app
        .post_as(&app.keys.clinic_office, &gfe_path(&old), &gfe_body())
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    let problem = assert_problem(res, 409, "quote_not_active").await;
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("superseded"), "{detail}");
    assert!(detail.contains(new["id"].as_str().unwrap()), "{detail}");
    issue(app, &new).await;
}

#[tokio::test]
async fn each_estimate_is_kept_under_its_id_without_the_patient() {
    for app in spawn_apps().await {
        let q = quote(&app).await;
        let body = json!({"patient": patient(), "diagnosis_codes": ["M17.11"]});
        let first: Value = app
            .post_as(&app.keys.clinic_office, &gfe_path(&q), &body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let second = issue(&app, &q).await;
        assert_ne!(first["id"], second["id"], "every estimate has its own id");
        let kept = app.dump("good_faith_estimates").await;
        for id in [&first["id"], &second["id"]] {
            assert!(kept.contains(id.as_str().unwrap()), "{}", app.database);
        }
        for personal in ["Jordan", "Rivera", "1961", "M17"] {
            assert!(
                !kept.contains(personal),
                "{}: {personal} in {kept}",
                app.database
            );
        }
    }
}

#[tokio::test]
async fn errors_raised_while_the_body_is_read_are_no_store_and_repeat_no_patient_value() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    let url = app.url(&format!(
        "/v1/quotes/{}/good-faith-estimate",
        q["id"].as_str().unwrap()
    ));
    let name = "Jane Q. Patient";
    let bodies = [
        // Malformed JSON, a value of the wrong type, a value where a code is expected, a key
        // given twice, a patient where a list is expected, an unknown key.
        format!(r#"{{"patient": {{"name": "{name}""#),
        format!(r#"{{"patient": "{name}"}}"#),
        format!(r#"{{"patient": {{"name": ["{name}"], "date_of_birth": "1961-04-09"}}}}"#),
        format!(
            r#"{{"patient": {{"name": "J", "date_of_birth": "1961-04-09"}}, "diagnosis_codes": "{name}"}}"#
        ),
        format!(
            r#"{{"patient": {{"name": "{name}", "name": "{name}", "date_of_birth": "1961-04-09"}}}}"#
        ),
        format!(
            r#"{{"patient": {{"name": "J", "date_of_birth": "1961-04-09"}}, "lines": {{"base": {{"service_code": "{name}"}}}}}}"#
        ),
        format!(r#"{{"patient": {{"name": "J", "date_of_birth": {{"{name}": 1}}}}}}"#),
    ];
    for body in bodies {
        let res = app
            .client
            .post(&url)
            .bearer_auth(&app.keys.clinic_office)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert!(status == 400 || status == 422, "{status} for {body}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{body}");
        let text = res.text().await.unwrap();
        assert!(!text.contains("Jane"), "{text}");
    }
    let res = app
        .client
        .post(&url)
        .bearer_auth(&app.keys.clinic_office)
        .header("content-type", "text/plain")
        .body(name.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_problem(res, 415, "unsupported_media_type").await;
}
