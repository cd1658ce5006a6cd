//! `POST /v1/quotes/{id}/good-faith-estimate` with `Accept: application/fhir+json`: the Da Vinci
//! PCT GFE Bundle, on SQLite and (when configured) PostgreSQL.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::good_faith::{FORT_WORTH, gfe_path};
use crate::helpers::{
    CLINIC_ORIGIN, TestApp, assert_problem, scheduled_date, skip, spawn_app_with,
};

const FHIR: &str = "application/fhir+json";
/// The synthetic center of the test directory (test data: no real provider).
const SYNTHETIC: &str = "synthetic-test-clinic-fort-worth";

fn test_directory() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/api/fixtures/fhir-test-directory.json")
}

/// Apps whose directory is the shipped one plus nothing else: the test directory, on SQLite
/// and, when `TEST_DATABASE_URL` is set, PostgreSQL.
async fn synthetic_apps() -> Vec<TestApp> {
    let mut apps = vec![spawn_app_with(|s| s.data.centers = Some(test_directory())).await];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => apps.push(
            spawn_app_with(|s| {
                s.data.centers = Some(test_directory());
                s.database.url = url;
            })
            .await,
        ),
        _ => skip("PostgreSQL run (TEST_DATABASE_URL is not set)"),
    }
    apps
}

async fn quote_at(app: &TestApp, center: &str, scheduled: bool) -> Value {
    let mut body = json!({"therapy": "knee_msc_injection", "zip": "76102", "center_id": center});
    if scheduled {
        body["scheduled_date"] = json!(scheduled_date().to_string());
    }
    let res = app
        .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// A request coding every line of `quote`.
fn coded_body(quote: &Value) -> Value {
    let lines: serde_json::Map<String, Value> = quote["content"]["estimate"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["code"].as_str().unwrap().to_owned(),
                json!({"service_code": "20610"}),
            )
        })
        .collect();
    json!({"patient": {"name": "Jordan A. Rivera", "date_of_birth": "1961-04-09"},
           "diagnosis_codes": ["M17.11"], "lines": lines})
}

async fn ask(app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    app.post_as(&app.keys.clinic_office, path, body)
        .header("accept", FHIR)
        .send()
        .await
        .unwrap()
}

fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| match (k.as_str(), v) {
            ("reference", Value::String(r)) => out.push(r.clone()),
            _ => references(v, out),
        }),
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

fn cents(money: &Value) -> u64 {
    let text = money["value"].to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "0"));
    whole.parse::<u64>().unwrap() * 100 + format!("{frac:0<2}").parse::<u64>().unwrap()
}

/// Summary first, every reference resolves to a fullUrl, totals add up.
fn assert_invariants(bundle: &Value) {
    let entries = bundle["entry"].as_array().unwrap();
    let first = &entries[0]["resource"];
    assert_eq!(first["type"]["coding"][0]["code"], "estimate-summary");
    let urls: BTreeSet<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), entries.len());
    let mut refs = Vec::new();
    references(bundle, &mut refs);
    assert!(refs.iter().all(|r| urls.contains(r.as_str())), "{refs:?}");
    let claims: Vec<&Value> = entries
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == "Claim")
        .collect();
    let providers: u64 = claims[1..]
        .iter()
        .map(|c| {
            let items: u64 = c["item"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| cents(&i["net"]))
                .sum();
            assert_eq!(items, cents(&c["total"]));
            items
        })
        .sum();
    assert_eq!(providers, cents(&first["total"]));
}

#[tokio::test]
async fn a_complete_quote_answers_a_pct_bundle_as_fhir_json() {
    for app in synthetic_apps().await {
        let q = quote_at(&app, SYNTHETIC, true).await;
        let res = ask(&app, &gfe_path(&q), &coded_body(&q)).await;
        assert_eq!(res.status(), 200, "{}", app.database);
        assert_eq!(res.headers()["content-type"], FHIR);
        assert_eq!(res.headers()["cache-control"], "no-store");
        let vary = res.headers()["vary"].to_str().unwrap();
        assert!(vary.split(", ").any(|v| v == "Accept"), "{vary}");
        let bundle: Value = res.json().await.unwrap();
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "collection");
        assert!(bundle["meta"].get("tag").is_none(), "not a draft");
        assert_invariants(&bundle);
        let text = bundle.to_string();
        for expected in ["1999999992", "00-0000000", "207X00000X", "20610", "M17.11"] {
            assert!(text.contains(expected), "{expected}");
        }
        // The estimate the Bundle carries is kept, so a bill can be reconciled against it.
        let id = bundle["identifier"]["value"].as_str().unwrap();
        let bill = json!({"good_faith_estimate_id": id, "bills": [{"provider_id": SYNTHETIC,
            "billed_cents": 1, "bill_date": crate::helpers::us_earliest_today().to_string()}]});
        let res = app
            .post_as(
                &app.keys.clinic_office,
                &crate::good_faith::reconcile_path(&q),
                &bill,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", app.database);
        let kept = app.dump("good_faith_estimates").await;
        assert!(kept.contains(id), "{}", app.database);
        for personal in ["Jordan", "Rivera", "1961", "M17"] {
            assert!(!kept.contains(personal), "{}: {personal}", app.database);
        }
    }
}

#[tokio::test]
async fn an_incomplete_bundle_keeps_no_estimate() {
    let app = crate::helpers::spawn_app().await;
    let q = crate::good_faith::quote(&app).await;
    let before = app.dump("good_faith_estimates").await;
    let res = ask(&app, &gfe_path(&q), &coded_body(&q)).await;
    assert_problem(res, 422, "estimate_incomplete").await;
    assert_eq!(app.dump("good_faith_estimates").await, before);
    let res = ask(
        &app,
        &format!("{}?draft=true", gfe_path(&q)),
        &coded_body(&q),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_ne!(
        app.dump("good_faith_estimates").await,
        before,
        "a draft given out is kept"
    );
}

#[tokio::test]
async fn an_incomplete_quote_answers_422_with_every_missing_element() {
    let app = crate::helpers::spawn_app().await;
    let q = crate::good_faith::quote(&app).await;
    assert_eq!(q["content"]["center"]["id"], FORT_WORTH);
    let res = ask(&app, &gfe_path(&q), &coded_body(&q)).await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    let problem = assert_problem(res, 422, "estimate_incomplete").await;
    let missing: BTreeSet<&str> = problem["missing_elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["element"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        BTreeSet::from([
            "npi",
            "tin",
            "street_address",
            "zip",
            "taxonomy",
            "place_of_service",
            "provider_charge"
        ])
    );
    assert!(problem["detail"].as_str().unwrap().contains("npi"));
    assert!(
        !problem.to_string().contains("Rivera"),
        "the patient is not echoed"
    );
}

#[tokio::test]
async fn an_unscheduled_quote_lacks_the_date_of_service() {
    let app = spawn_app_with(|s| s.data.centers = Some(test_directory())).await;
    let q = quote_at(&app, SYNTHETIC, false).await;
    let problem = assert_problem(
        ask(&app, &gfe_path(&q), &coded_body(&q)).await,
        422,
        "estimate_incomplete",
    )
    .await;
    assert_eq!(problem["missing_elements"][0]["element"], "service_date");
    assert_eq!(problem["missing_elements"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_draft_asked_for_explicitly_answers_a_bundle_marked_draft() {
    let app = crate::helpers::spawn_app().await;
    let q = crate::good_faith::quote(&app).await;
    let path = format!("{}?draft=true", gfe_path(&q));
    let body = json!({"patient": {"name": "Jordan A. Rivera", "date_of_birth": "1961-04-09"}});
    let res = ask(&app, &path, &body).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], FHIR);
    let bundle: Value = res.json().await.unwrap();
    assert_eq!(bundle["meta"]["tag"][0]["code"], "draft");
    assert_invariants(&bundle);
    for entry in bundle["entry"].as_array().unwrap() {
        if entry["resource"]["resourceType"] == "Claim" {
            assert_eq!(entry["resource"]["status"], "draft");
        }
    }
    // draft=false is the default: refused.
    let path = format!("{}?draft=false", gfe_path(&q));
    assert_problem(ask(&app, &path, &body).await, 422, "estimate_incomplete").await;
}

#[tokio::test]
async fn a_draft_flag_that_is_not_a_boolean_is_refused_naming_it() {
    let app = crate::helpers::spawn_app().await;
    let q = crate::good_faith::quote(&app).await;
    for query in ["draft=yes", "draft=1", "drafts=true"] {
        let path = format!("{}?{query}", gfe_path(&q));
        let problem = assert_problem(
            ask(&app, &path, &coded_body(&q)).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["location"], "query", "{query}");
        assert!(
            problem["errors"][0]["field"]
                .as_str()
                .unwrap()
                .starts_with("draft")
        );
    }
}

#[tokio::test]
async fn json_and_html_documents_are_unchanged_by_the_fhir_export() {
    let app = spawn_app_with(|s| s.data.centers = Some(test_directory())).await;
    let q = quote_at(&app, SYNTHETIC, true).await;
    for (accept, media) in [
        ("application/json", "application/json"),
        ("application/*", "application/json"),
        ("*/*", "application/json"),
        ("text/html", "text/html; charset=utf-8"),
    ] {
        let res = app
            .post_as(&app.keys.clinic_office, &gfe_path(&q), &coded_body(&q))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(res.headers()["content-type"], media, "{accept}");
    }
    let res = app
        .post_as(&app.keys.clinic_office, &gfe_path(&q), &coded_body(&q))
        .header("accept", "application/pdf")
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 406, "not_acceptable").await;
    assert!(problem["detail"].as_str().unwrap().contains(FHIR));
}

#[tokio::test]
async fn keys_decide_who_may_export_a_bundle() {
    let app = spawn_app_with(|s| s.data.centers = Some(test_directory())).await;
    let q = quote_at(&app, SYNTHETIC, true).await;
    let path = gfe_path(&q);
    let body = coded_body(&q);
    let k = &app.keys;
    let cases: [(Option<&str>, Option<&str>, u16, &str); 6] = [
        (None, None, 401, "unauthorized"),
        (Some("rq_sk_clinic-office_00"), None, 401, "unauthorized"),
        (Some(&k.clinic_web), Some(CLINIC_ORIGIN), 403, "forbidden"),
        (Some(&k.other_office), None, 404, "not_found"),
        (Some(&k.clinic_office), None, 200, ""),
        (Some(&k.lender), None, 200, ""),
    ];
    for (key, origin, status, code) in cases {
        let mut req = app
            .client
            .post(app.url(&path))
            .header("accept", FHIR)
            .json(&body);
        if let Some(key) = key {
            req = req.bearer_auth(key);
        }
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        let res = req.send().await.unwrap();
        if status == 200 {
            assert_eq!(res.status(), 200, "{key:?}");
            assert_eq!(res.headers()["content-type"], FHIR);
        } else {
            assert_problem(res, status, code).await;
        }
    }
}

/// Writes the documented example Bundle when `WRITE_FHIR_EXAMPLE` names a path (used to refresh
/// `src/http/routes/good_faith/example_bundle.json`); otherwise checks the committed example has
/// the shape of a live answer.
#[tokio::test]
async fn the_documented_example_bundle_has_the_shape_of_a_live_one() {
    let app = spawn_app_with(|s| s.data.centers = Some(test_directory())).await;
    let q = quote_at(&app, SYNTHETIC, true).await;
    let live: Value = ask(&app, &gfe_path(&q), &coded_body(&q))
        .await
        .json()
        .await
        .unwrap();
    if let Ok(path) = std::env::var("WRITE_FHIR_EXAMPLE") {
        std::fs::write(path, serde_json::to_string_pretty(&live).unwrap()).unwrap();
    }
    let example: Value = serde_json::from_str(include_str!(
        "../../src/http/routes/good_faith/example_bundle.json"
    ))
    .unwrap();
    let kinds = |b: &Value| -> Vec<String> {
        b["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"]["resourceType"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(kinds(&example), kinds(&live));
    assert_invariants(&example);
}
