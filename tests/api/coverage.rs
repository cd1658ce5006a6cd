//! `GET /v1/coverage`.

use crate::helpers::{assert_problem, spawn_app};

const THERAPIES: [&str; 6] = [
    "knee_msc_injection",
    "knee_msc_prp",
    "scaffold_construct",
    "back_msc_prp",
    "hsct",
    "remestemcel_l",
];
const PAYERS: [&str; 4] = ["medicare", "medicaid", "commercial", "self_pay"];
const ORTHOPEDIC: [&str; 4] = [
    "knee_msc_injection",
    "knee_msc_prp",
    "scaffold_construct",
    "back_msc_prp",
];

#[tokio::test]
async fn every_therapy_and_payer_answers_with_a_status_reason_and_source() {
    let app = spawn_app().await;
    for therapy in THERAPIES {
        for payer in PAYERS {
            let res = app
                .get(&format!("/v1/coverage?therapy={therapy}&payer={payer}"))
                .await;
            assert_eq!(res.status(), 200, "{therapy} {payer}");
            let body: serde_json::Value = res.json().await.unwrap();
            let status = body["status"].as_str().unwrap();
            assert!(
                ["covered", "may_be_covered", "rarely_covered", "not_covered"].contains(&status),
                "{therapy} {payer}: {status}"
            );
            assert!(
                !body["explanation"].as_str().unwrap().is_empty(),
                "{therapy} {payer}"
            );
            assert!(
                !body["sources"].as_array().unwrap().is_empty(),
                "{therapy} {payer}"
            );
            if ORTHOPEDIC.contains(&therapy) {
                assert_ne!(
                    status, "covered",
                    "{therapy} under {payer} must never be covered"
                );
            }
            let kinds: Vec<&str> = body["next_steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["kind"].as_str().unwrap())
                .collect();
            // The ABN is the Medicare Part B notice: outpatient injections only.
            let outpatient = ["knee_msc_injection", "knee_msc_prp", "back_msc_prp"];
            assert_eq!(
                kinds.contains(&"advance_beneficiary_notice"),
                payer == "medicare" && outpatient.contains(&therapy),
                "{therapy} {payer}: {kinds:?}"
            );
            if payer == "self_pay" {
                assert!(
                    kinds.contains(&"good_faith_estimate"),
                    "{therapy}: {kinds:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn hsct_for_a_hematologic_malignancy_may_be_covered_by_the_indication_not_covered_outright() {
    let app = spawn_app().await;
    for payer in ["medicare", "commercial"] {
        let url =
            format!("/v1/coverage?therapy=hsct&payer={payer}&condition=hematologic_malignancy");
        let body: serde_json::Value = app.get(&url).await.json().await.unwrap();
        assert_eq!(body["status"], "may_be_covered", "{payer}");
        let explanation = body["explanation"].as_str().unwrap();
        assert!(
            explanation.contains("established, curative transplant procedure"),
            "{explanation}"
        );
    }
}

#[tokio::test]
async fn remestemcel_l_for_its_approved_indication_may_be_covered() {
    let app = spawn_app().await;
    let url = "/v1/coverage?therapy=remestemcel_l&payer=commercial&condition=steroid_refractory_acute_gvhd_pediatric";
    let body: serde_json::Value = app.get(url).await.json().await.unwrap();
    assert_eq!(body["status"], "may_be_covered");
    assert_eq!(body["basis"], "fda_approved_indication");
}

#[tokio::test]
async fn unknown_or_missing_parameters_are_422_listing_the_accepted_values() {
    let app = spawn_app().await;
    let cases = [
        (
            "therapy=knee&payer=medicare",
            "therapy",
            "knee_msc_injection",
        ),
        ("payer=medicare", "therapy", "hsct"),
        ("therapy=hsct&payer=aetna", "payer", "commercial"),
        ("therapy=hsct", "payer", "self_pay"),
        (
            "therapy=hsct&payer=medicare&condition=flu",
            "condition",
            "knee_osteoarthritis",
        ),
        ("therapy=hsct&payer=medicare&zip=10016", "zip", ""),
    ];
    for (query, field, accepted) in cases {
        let res = app.get(&format!("/v1/coverage?{query}")).await;
        let body = assert_problem(res, 422, "validation_failed").await;
        let error = &body["errors"][0];
        assert_eq!(error["field"], field, "{query}");
        assert!(
            error["detail"].as_str().unwrap().contains(accepted),
            "{query}: {error}"
        );
    }
}
