//! `GET /v1/therapies` and `GET /v1/therapies/{code}`.

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn the_catalog_lists_every_therapy_with_its_2026_price_book() {
    let app = spawn_app().await;
    let res = app.get("/v1/therapies").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["price_book"]["version"], "2026");
    let codes: Vec<&str> = body["therapies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    for code in [
        "knee_msc_injection",
        "knee_msc_prp",
        "scaffold_construct",
        "back_msc_prp",
        "hsct",
        "remestemcel_l",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[tokio::test]
async fn one_therapy_carries_its_ranges_coverage_wording_and_sources() {
    let app = spawn_app().await;
    let body: serde_json::Value = app
        .get("/v1/therapies/knee_msc_injection")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["code"], "knee_msc_injection");
    let text = body.to_string();
    for needle in [
        "350000",
        "2500000",
        "Rarely covered",
        "000_d9be3b6bbdbe24f3",
    ] {
        assert!(
            text.contains(needle),
            "{needle} in the knee injection entry"
        );
    }
    let hsct: serde_json::Value = app.get("/v1/therapies/hsct").await.json().await.unwrap();
    let price = &hsct["cash_price"];
    assert_eq!(price["status"], "no_cash_price", "{hsct}");
    assert!(
        price["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{hsct}"
    );
    assert!(
        price["source"].as_str().is_some_and(|s| !s.is_empty()),
        "{hsct}"
    );
    assert!(
        price.get("base").is_none(),
        "no figures without a price: {hsct}"
    );
}

#[tokio::test]
async fn an_unknown_therapy_code_is_404_problem() {
    let app = spawn_app().await;
    assert_problem(app.get("/v1/therapies/knee").await, 404, "not_found").await;
}
