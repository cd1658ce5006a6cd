//! `GET /v1/centers` and `GET /v1/centers/{id}`, and center prices in estimates.

use serde_json::{Value, json};

use crate::helpers::{ScratchDir, assert_problem, spawn_app, spawn_app_with};

const FORT_WORTH: &str = "regenerative-orthopedics-fort-worth";
const NYU: &str = "nyu-langone-regenerative-orthopedic-medicine";

async fn first_near(app: &crate::helpers::TestApp, zip: &str) -> Value {
    let res = app
        .get(&format!("/v1/centers?zip={zip}&radius_miles=500"))
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["centers"][0].clone()
}

#[tokio::test]
async fn a_search_near_76102_finds_regenerative_orthopedics_first() {
    let app = spawn_app().await;
    let first = first_near(&app, "76102").await;
    assert_eq!(first["id"], FORT_WORTH);
    assert!(first["distance_miles"].as_f64().unwrap() < 5.0, "{first}");
}

#[tokio::test]
async fn a_search_near_10016_finds_nyu_langone_first() {
    let app = spawn_app().await;
    let first = first_near(&app, "10016").await;
    assert_eq!(first["id"], NYU);
}

#[tokio::test]
async fn without_a_location_centers_are_sorted_by_state_and_have_no_distance() {
    let app = spawn_app().await;
    let body: Value = app.get("/v1/centers").await.json().await.unwrap();
    let states: Vec<&str> = body["centers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["NY", "TX"]);
    assert!(body["centers"][0].get("distance_miles").is_none());
    assert_eq!(body["total"], 2);
}

#[tokio::test]
async fn one_center_is_found_by_id_and_an_unknown_id_is_404() {
    let app = spawn_app().await;
    let body: Value = app
        .get(&format!("/v1/centers/{FORT_WORTH}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["state"], "TX");
    assert!(
        body["therapies"]
            .as_array()
            .unwrap()
            .contains(&json!("knee_msc_injection"))
    );
    assert_problem(app.get("/v1/centers/nowhere").await, 404, "not_found").await;
}

#[tokio::test]
async fn an_unknown_zip_is_422_unknown_zip() {
    let app = spawn_app().await;
    let body = assert_problem(app.get("/v1/centers?zip=00000").await, 422, "unknown_zip").await;
    assert_eq!(body["errors"][0]["field"], "zip");
    let res = app
        .post_json(
            "/v1/estimates",
            &json!({"therapy": "knee_msc_injection", "zip": "00000"}),
        )
        .await;
    assert_problem(res, 422, "unknown_zip").await;
}

#[tokio::test]
async fn bad_search_parameters_are_422_naming_the_field() {
    let app = spawn_app().await;
    let cases = [
        ("lat=40.7", "lon"),
        ("lon=-73.9", "lat"),
        ("lat=91&lon=0", "lat"),
        ("lat=0&lon=181", "lon"),
        ("lat=abc&lon=0", "lat"),
        ("lat=NaN&lon=0", "lat"),
        ("zip=76102&radius_miles=-1", "radius_miles"),
        ("zip=76102&radius_miles=100000", "radius_miles"),
        ("zip=76102&radius_miles=0", "radius_miles"),
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("limit=-3", "limit"),
        ("cursor=garbage", "cursor"),
        ("therapy=knee", "therapy"),
        ("state=XX", "state"),
        ("kind=spa", "kind"),
        ("zip=7610", "zip"),
        ("colour=red", "colour"),
    ];
    for (query, field) in cases {
        let res = app.get(&format!("/v1/centers?{query}")).await;
        let body = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
}

#[tokio::test]
async fn a_cursor_from_one_search_is_refused_by_another() {
    let app = spawn_app().await;
    let body: Value = app.get("/v1/centers?limit=1").await.json().await.unwrap();
    let cursor = body["next_cursor"]
        .as_str()
        .expect("a second page exists")
        .to_owned();
    let next: Value = app
        .get(&format!("/v1/centers?limit=1&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next["centers"][0]["state"], "TX");
    let res = app
        .get(&format!("/v1/centers?state=TX&cursor={cursor}"))
        .await;
    assert_problem(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_100k_center_directory_loads_at_start_up_and_pages_through_every_match_once() {
    let dir = ScratchDir::new();
    let path = dir.0.join("centers.json");
    regenquote::centers::write_synthetic_directory(&path, 100_000, 7).unwrap();
    let app = spawn_app_with(|s| s.data.centers = Some(path.clone())).await;
    let mut seen = std::collections::HashSet::new();
    let mut last = 0.0f64;
    let mut url = "/v1/centers?zip=76102&radius_miles=25&limit=100".to_owned();
    let total = loop {
        let body: Value = app.get(&url).await.json().await.unwrap();
        for c in body["centers"].as_array().unwrap() {
            let d = c["distance_miles"].as_f64().unwrap();
            assert!(
                d >= last && d <= 25.05,
                "nearest first within the radius: {d}"
            );
            last = d;
            assert!(
                seen.insert(c["id"].as_str().unwrap().to_owned()),
                "each center once"
            );
        }
        match body["next_cursor"].as_str() {
            Some(cursor) => {
                url = format!("/v1/centers?zip=76102&radius_miles=25&limit=100&cursor={cursor}")
            }
            None => break body["total"].as_u64().unwrap(),
        }
    };
    assert!(total > 0);
    assert_eq!(seen.len() as u64, total);
}

/// A remembered page is byte for byte the page the service finds afresh, for searches with and
/// without a location, with filters, and page after page through cursors.
#[tokio::test]
async fn remembered_pages_are_the_pages_found_afresh() {
    let dir = ScratchDir::new();
    let path = dir.0.join("centers.json");
    regenquote::centers::write_synthetic_directory(&path, 5_000, 11).unwrap();
    let cached = spawn_app_with(|s| s.data.centers = Some(path.clone())).await;
    let fresh = spawn_app_with(|s| {
        s.data.centers = Some(path.clone());
        s.answer_cache.centers_bytes = 0;
    })
    .await;
    let mut queries: Vec<String> = [
        "zip=76102&limit=20",
        "zip=76102&radius_miles=200&therapy=knee_msc_injection&limit=5",
        "lat=40.74&lon=-73.98&radius_miles=100",
        "state=TX&limit=50",
        "",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let mut pages = 0;
    while let Some(query) = queries.pop() {
        let url = format!("/v1/centers?{query}");
        let first = cached.get(&url).await;
        assert_eq!(first.status(), 200, "{url}");
        let first = first.bytes().await.unwrap();
        let again = cached.get(&url).await.bytes().await.unwrap();
        let afresh = fresh.get(&url).await.bytes().await.unwrap();
        assert_eq!(first, again, "{url}: a repeat");
        assert_eq!(first, afresh, "{url}: remembered and afresh");
        let page: Value = serde_json::from_slice(&first).unwrap();
        pages += 1;
        if let Some(cursor) = page["next_cursor"].as_str()
            && pages < 40
        {
            let base = query.split("&cursor=").next().unwrap_or_default();
            queries.push(format!("{base}&cursor={cursor}"));
        }
    }
    assert!(pages > 5, "{pages} pages compared");
    // A refused search after a good one with the same location is still refused.
    let res = cached.get("/v1/centers?zip=76102&limit=0").await;
    assert_problem(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_bad_directory_file_stops_start_up_naming_the_row_and_field() {
    let dir = ScratchDir::new();
    let path = dir.0.join("centers.json");
    let mut file: Value =
        serde_json::from_str(include_str!("../../src/centers/directory.json")).unwrap();
    file["centers"][1]["location"]["lat"] = json!(123.0);
    std::fs::write(&path, file.to_string()).unwrap();
    let db = ScratchDir::new();
    let mut settings = crate::helpers::test_settings(&db);
    settings.data.centers = Some(path);
    let err = match regenquote::app::startup::Application::build(settings).await {
        Ok(_) => panic!("a bad directory must stop start-up"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        err.contains("row 1") && err.contains("location.lat"),
        "{err}"
    );
}

#[tokio::test]
async fn an_estimate_at_a_center_with_its_own_prices_uses_them() {
    let dir = ScratchDir::new();
    let path = dir.0.join("centers.json");
    let mut file: Value =
        serde_json::from_str(include_str!("../../src/centers/directory.json")).unwrap();
    file["centers"][1]["prices"] = json!({
        "knee_msc_injection": {
            "base": {"low_cents": 600000, "high_cents": 900000},
            "source": "test fixture price list",
            "as_of": "2026-06-01"
        }
    });
    std::fs::write(&path, file.to_string()).unwrap();
    let app = spawn_app_with(|s| s.data.centers = Some(path.clone())).await;
    let body = json!({"therapy": "knee_msc_injection", "center_id": FORT_WORTH, "add_ons": []});
    let res: Value = app
        .post_json("/v1/estimates", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(res["priced_by"]["kind"], "center", "{res}");
    assert_eq!(res["total"]["low_cents"], 600_000);
    assert_eq!(res["total"]["high_cents"], 900_000);
    // A center without its own prices is priced from the national book.
    let body = json!({"therapy": "knee_msc_injection", "center_id": NYU});
    let res: Value = app
        .post_json("/v1/estimates", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(res["priced_by"]["kind"], "national_book", "{res}");
}
