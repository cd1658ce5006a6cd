//! Centers an account manages and their versioned price lists, on SQLite and (when configured)
//! PostgreSQL. Every center and price here is synthetic, made up for the test.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, scheduled_date, skip, spawn_app_with, spawn_apps};

/// A directory center of the shipped file (operator's).
const FORT_WORTH: &str = "regenerative-orthopedics-fort-worth";

/// An id no other test (or earlier run on a shared PostgreSQL database) uses.
fn fresh_id(prefix: &str) -> String {
    use std::hash::{BuildHasher, RandomState};
    let n = RandomState::new().hash_one(std::time::SystemTime::now());
    format!("{prefix}-{:012x}", n & 0xffff_ffff_ffff)
}

/// A synthetic clinic in Fort Worth offering the knee injection.
fn new_center(id: &str) -> Value {
    json!({
        "id": id,
        "name": "Synthetic Test Clinic",
        "kind": "private_clinic",
        "city": "Fort Worth",
        "state": "TX",
        "zip": "76102",
        "location": {"lat": 32.7555, "lon": -97.3308, "precision": "zip"},
        "therapies": ["knee_msc_injection"],
        "flags": {},
        "source": "Synthetic test data"
    })
}

/// A synthetic list: one knee-injection price, an imaging add-on, a session price.
fn price_list(cents: u64) -> Value {
    json!({
        "source": "Synthetic test price sheet",
        "therapies": [{
            "therapy": "knee_msc_injection",
            "price": {"cents": cents},
            "per_additional_session": {"cents": 100000},
            "add_ons": [{"add_on": "imaging_guidance", "price": {"cents": 20000}}]
        }]
    })
}

async fn create_center(app: &TestApp, key: &str, id: &str) -> reqwest::Response {
    app.post_as(key, "/v1/centers", &new_center(id))
        .send()
        .await
        .unwrap()
}

/// PUT a price list with `precondition` (`("if-match", "\"1\"")`, …).
async fn publish(
    app: &TestApp,
    key: &str,
    id: &str,
    precondition: Option<(&str, &str)>,
    body: &Value,
) -> reqwest::Response {
    let mut req = app
        .client
        .put(app.url(&format!("/v1/centers/{id}/price-list")))
        .bearer_auth(key)
        .json(body);
    if let Some((name, value)) = precondition {
        req = req.header(name, value);
    }
    req.send().await.unwrap()
}

fn etag(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned())
}

async fn estimate(app: &TestApp, id: &str) -> Value {
    let res = app
        .post_json(
            "/v1/estimates",
            &json!({"therapy": "knee_msc_injection", "center_id": id}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", app.database);
    res.json().await.unwrap()
}

fn base_line(estimate: &Value) -> &Value {
    estimate["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "base")
        .expect("a base line")
}

#[tokio::test]
async fn an_account_publishes_a_center_and_its_price_list_and_quotes_pin_the_version() {
    for app in spawn_apps().await {
        let id = fresh_id("synthetic-clinic");
        let office = app.keys.clinic_office.clone();

        let res = create_center(&app, &office, &id).await;
        assert_eq!(res.status(), 201, "{}", app.database);
        assert_eq!(
            res.headers()["location"].to_str().unwrap(),
            format!("/v1/centers/{id}")
        );
        let center: Value = app
            .get(&format!("/v1/centers/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(center["name"], "Synthetic Test Clinic");

        // Without a list, the center is priced from the national book.
        let national = estimate(&app, &id).await;
        assert_eq!(national["priced_by"]["kind"], "national_book");

        // The first version needs If-None-Match: *.
        let res = publish(&app, &office, &id, None, &price_list(400_000)).await;
        assert_problem(res, 428, "precondition_required").await;
        let res = publish(
            &app,
            &office,
            &id,
            Some(("if-match", "\"1\"")),
            &price_list(400_000),
        )
        .await;
        assert_problem(res, 412, "precondition_failed").await;
        let res = publish(
            &app,
            &office,
            &id,
            Some(("if-none-match", "*")),
            &price_list(400_000),
        )
        .await;
        assert_eq!(res.status(), 201, "{}", app.database);
        assert_eq!(etag(&res).as_deref(), Some("\"1\""));
        let v1: Value = res.json().await.unwrap();
        assert_eq!(v1["version"], 1);
        assert_eq!(v1["created_by_key"], "clinic-office");

        // Public read of the version in effect.
        let res = app.get(&format!("/v1/centers/{id}/price-list")).await;
        assert_eq!(res.status(), 200);
        assert_eq!(etag(&res).as_deref(), Some("\"1\""));

        // An estimate and a quote use it.
        let priced = estimate(&app, &id).await;
        assert_eq!(priced["priced_by"]["kind"], "center", "{priced}");
        assert_eq!(priced["priced_by"]["price_list_version"], 1);
        assert_eq!(base_line(&priced)["low_cents"], 400_000);
        assert_eq!(base_line(&priced)["high_cents"], 400_000);
        let quote_body = json!({"therapy": "knee_msc_injection", "center_id": id,
                                "scheduled_date": scheduled_date().to_string()});
        let res = app
            .post_as(&office, "/v1/quotes", &quote_body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let quote: Value = res.json().await.unwrap();
        let quote_id = quote["id"].as_str().unwrap().to_owned();
        let pinned = &quote["content"]["estimate"]["priced_by"];
        assert_eq!(pinned["center_id"], id.as_str(), "{quote}");
        assert_eq!(pinned["price_list_version"], 1, "{quote}");
        let total_v1 = quote["total"].clone();
        // The signed payload pins the version too.
        let token = quote["signed_quote"].as_str().expect("a signed quote");
        let payload = token.split('.').nth(1).unwrap();
        let claims: Value = {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap();
            serde_json::from_slice(&bytes).unwrap()
        };
        assert_eq!(claims["center_id"], id.as_str(), "{claims}");
        assert_eq!(claims["price_list_version"], 1, "{claims}");

        // A new version with a discount; a stale If-Match is refused and changes nothing.
        let mut v2 = price_list(500_000);
        v2["discounts"] =
            json!([{"label": "Paid in full up front (synthetic)", "percent_off": 10}]);
        let res = publish(&app, &office, &id, Some(("if-match", "\"1\"")), &v2).await;
        assert_eq!(res.status(), 201);
        assert_eq!(etag(&res).as_deref(), Some("\"2\""));
        let res = publish(
            &app,
            &office,
            &id,
            Some(("if-match", "\"1\"")),
            &price_list(1),
        )
        .await;
        assert_eq!(
            etag(&res).as_deref(),
            Some("\"2\""),
            "412 says the current version"
        );
        assert_problem(res, 412, "precondition_failed").await;
        let res = publish(
            &app,
            &office,
            &id,
            Some(("if-none-match", "*")),
            &price_list(1),
        )
        .await;
        assert_problem(res, 412, "precondition_failed").await;

        // The next estimate shows the new prices (no stale remembered answer), discounted.
        let priced = estimate(&app, &id).await;
        assert_eq!(priced["priced_by"]["price_list_version"], 2);
        assert_eq!(base_line(&priced)["low_cents"], 450_000);

        // The old quote is untouched.
        let res = app.get_as(&office, &format!("/v1/quotes/{quote_id}")).await;
        let stored: Value = res.json().await.unwrap();
        assert_eq!(stored["total"], total_v1);
        assert_eq!(
            stored["content"]["estimate"]["priced_by"]["price_list_version"],
            1
        );

        // The history, with who and when.
        let res = app
            .get_as(&office, &format!("/v1/centers/{id}/price-list/versions"))
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(etag(&res).as_deref(), Some("\"2\""));
        let versions: Value = res.json().await.unwrap();
        let versions = versions.as_array().unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(
            versions[0]["list"]["therapies"][0]["price"]["cents"],
            400_000
        );
        assert!(versions[1]["created_at"].is_string());

        // A Good Faith Estimate for a quote priced from the list charges the list, discounted.
        let res = app
            .post_as(&office, "/v1/quotes", &quote_body)
            .send()
            .await
            .unwrap();
        let quote2: Value = res.json().await.unwrap();
        let res = app
            .post_as(
                &office,
                &format!(
                    "/v1/quotes/{}/good-faith-estimate",
                    quote2["id"].as_str().unwrap()
                ),
                &json!({"patient": {"name": "Synthetic Patient", "date_of_birth": "1970-01-01"}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", app.database);
        let gfe: Value = res.json().await.unwrap();
        let items = gfe["providers"][0]["items"].as_array().unwrap();
        assert!(!items.is_empty());
        for item in items {
            assert_eq!(item["expected_charge_basis"], "center_price_list", "{item}");
        }
        let base = items
            .iter()
            .find(|i| i["line_code"] == "base")
            .unwrap_or(&items[0]);
        assert_eq!(base["expected_charge_cents"], 450_000, "{base}");
    }
}

#[tokio::test]
async fn a_future_version_waits_for_its_day() {
    for app in spawn_apps().await {
        let id = fresh_id("synthetic-future");
        let office = app.keys.clinic_office.clone();
        assert_eq!(create_center(&app, &office, &id).await.status(), 201);
        let res = publish(
            &app,
            &office,
            &id,
            Some(("if-none-match", "*")),
            &price_list(300_000),
        )
        .await;
        assert_eq!(res.status(), 201);
        let mut later = price_list(350_000);
        let day = chrono::Utc::now() + chrono::TimeDelta::days(30);
        later["effective_from"] = json!(day.to_rfc3339());
        let res = publish(&app, &office, &id, Some(("if-match", "\"1\"")), &later).await;
        assert_eq!(res.status(), 201);
        let res = app.get(&format!("/v1/centers/{id}/price-list")).await;
        assert_eq!(
            etag(&res).as_deref(),
            Some("\"1\""),
            "still the first until its day"
        );
        let priced = estimate(&app, &id).await;
        assert_eq!(base_line(&priced)["low_cents"], 300_000);
        let mut past = price_list(1);
        past["effective_from"] = json!("2020-01-01T00:00:00Z");
        let res = publish(&app, &office, &id, Some(("if-match", "\"2\"")), &past).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], "/effective_from");
    }
}

#[tokio::test]
async fn every_write_needs_the_managing_accounts_secret_key() {
    for app in spawn_apps().await {
        let id = fresh_id("synthetic-keys");
        let office = app.keys.clinic_office.clone();
        assert_eq!(create_center(&app, &office, &id).await.status(), 201);
        let center = format!("/v1/centers/{id}");
        let list = format!("/v1/centers/{id}/price-list");
        let versions = format!("/v1/centers/{id}/price-list/versions");
        let body = price_list(1);

        // POST /v1/centers
        let res = app
            .post_json("/v1/centers", &new_center(&fresh_id("x")))
            .await;
        assert_problem(res, 401, "unauthorized").await;
        let res = create_center(&app, "rq_sk_nobody_abc", &fresh_id("x")).await;
        assert_problem(res, 401, "unauthorized").await;
        let res = create_center(&app, &app.keys.clinic_web, &fresh_id("x")).await;
        assert_problem(res, 403, "forbidden").await;

        for (method, path) in [
            ("PATCH", center.as_str()),
            ("DELETE", center.as_str()),
            ("PUT", list.as_str()),
            ("GET", versions.as_str()),
        ] {
            let send = |key: Option<&str>| {
                let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let mut req = app.client.request(m, app.url(path));
                if method != "GET" && method != "DELETE" {
                    let b = if method == "PATCH" {
                        json!({"name": "Other"})
                    } else {
                        body.clone()
                    };
                    req = req.json(&b).header("if-none-match", "*");
                }
                if let Some(key) = key {
                    req = req.bearer_auth(key);
                    if key.starts_with("rq_pk_") {
                        req = req.header("origin", crate::helpers::CLINIC_ORIGIN);
                    }
                }
                req.send()
            };
            assert_problem(send(None).await.unwrap(), 401, "unauthorized").await;
            assert_problem(
                send(Some("rq_sk_nobody_abc")).await.unwrap(),
                401,
                "unauthorized",
            )
            .await;
            assert_problem(
                send(Some(&app.keys.clinic_web)).await.unwrap(),
                403,
                "forbidden",
            )
            .await;
            let res = send(Some(&app.keys.other_office)).await.unwrap();
            assert_problem(res, 404, "not_found").await;
            // The operator's directory centers are no account's.
            let operator = path.replace(&id, FORT_WORTH);
            let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let mut req = app
                .client
                .request(m, app.url(&operator))
                .bearer_auth(&office);
            if method != "GET" && method != "DELETE" {
                let b = if method == "PATCH" {
                    json!({"name": "Other"})
                } else {
                    body.clone()
                };
                req = req.json(&b).header("if-none-match", "*");
            }
            assert_problem(req.send().await.unwrap(), 404, "not_found").await;
        }
        // Nothing changed.
        let c: Value = app.get(&center).await.json().await.unwrap();
        assert_eq!(c["name"], "Synthetic Test Clinic");
        assert_eq!(app.get(&list).await.status(), 404);
    }
}

#[tokio::test]
async fn bad_input_is_422_naming_the_field_and_stores_nothing() {
    for app in spawn_apps().await {
        let id = fresh_id("synthetic-bad");
        let office = app.keys.clinic_office.clone();

        let mut body = new_center(&id);
        body["zip"] = json!("10001");
        let res = app
            .post_as(&office, "/v1/centers", &body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["pointer"], "/zip", "{p}");

        let mut body = new_center(&id);
        body["therapies"] = json!(["knee_msc_injection", "knee_msc_injection"]);
        let res = app
            .post_as(&office, "/v1/centers", &body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["pointer"], "/therapies/1", "{p}");

        let mut body = new_center(&id);
        body["prices"] = json!({});
        body["prices"]["knee_msc_injection"] = json!({"base": {"low_cents": 1, "high_cents": 2},
            "source": "x", "as_of": "2026-01-01"});
        let res = app
            .post_as(&office, "/v1/centers", &body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["pointer"], "/prices", "{p}");

        let res = create_center(&app, &office, FORT_WORTH).await;
        assert_problem(res, 409, "already_exists").await;
        assert_eq!(app.get(&format!("/v1/centers/{id}")).await.status(), 404);

        assert_eq!(create_center(&app, &office, &id).await.status(), 201);
        let res = create_center(&app, &office, &id).await;
        assert_problem(res, 409, "already_exists").await;

        // Price lists: every bad row named; nothing stored.
        let bad = json!({"therapies": [
            {"therapy": "knee_msc_injection", "price": {"low_cents": 5, "high_cents": 4}},
            {"therapy": "back_msc_prp", "price": {"cents": 1}},
            {"therapy": "knee_msc_injection", "price": {"cents": 100000001}}
        ], "discounts": [{"label": "x", "percent_off": 0}]});
        let res = publish(&app, &office, &id, Some(("if-none-match", "*")), &bad).await;
        let p = assert_problem(res, 422, "validation_failed").await;
        let pointers: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["pointer"].as_str().unwrap())
            .collect();
        for expected in [
            "/therapies/0/price/low_cents",
            "/therapies/1/therapy",
            "/therapies/2/therapy",
            "/therapies/2/price/cents",
            "/discounts/0/percent_off",
        ] {
            assert!(pointers.contains(&expected), "{expected} in {pointers:?}");
        }
        let res = publish(
            &app,
            &office,
            &id,
            Some(("if-none-match", "*")),
            &json!({"therapies": [{"therapy": "knee_msc_injection", "price": {"cents": "1"}}]}),
        )
        .await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["pointer"], "/therapies/0/price/cents", "{p}");
        let res = publish(&app, &office, &id, Some(("if-none-match", "*")),
            &json!({"therapies": [{"therapy": "knee_msc_injection", "price": {"cents": 1}, "x": 1}]})).await;
        assert_problem(res, 422, "validation_failed").await;
        let res = publish(
            &app,
            &office,
            &id,
            Some(("if-none-match", "3")),
            &price_list(1),
        )
        .await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["field"], "If-None-Match");
        assert_eq!(
            app.get(&format!("/v1/centers/{id}/price-list"))
                .await
                .status(),
            404
        );
        let v: Value = app
            .get_as(&office, &format!("/v1/centers/{id}/price-list/versions"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v, json!([]));

        // A PATCH that would break the center, or change its id, changes nothing.
        let patch = |body: Value| {
            app.client
                .patch(app.url(&format!("/v1/centers/{id}")))
                .bearer_auth(&office)
                .json(&body)
                .send()
        };
        let p = assert_problem(
            patch(json!({"id": "another-id"})).await.unwrap(),
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["pointer"], "/id");
        let p = assert_problem(
            patch(json!({"state": "ZZ"})).await.unwrap(),
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["pointer"], "/state", "{p}");
        let p = assert_problem(
            patch(json!({"zip": null})).await.unwrap(),
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["pointer"], "/location/precision", "{p}");
        let p = assert_problem(patch(json!([1])).await.unwrap(), 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["pointer"], "/", "{p}");
        let c: Value = app
            .get(&format!("/v1/centers/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(c, new_center(&id));
    }
}

/// Whether a search near the center's ZIP, by a name holding its id, lists center `id`.
async fn listed(app: &TestApp, id: &str) -> bool {
    let page: Value = app
        .get(&format!(
            "/v1/centers?zip=76102&radius_miles=5&name={id}&limit=100"
        ))
        .await
        .json()
        .await
        .unwrap();
    page["centers"]
        .as_array()
        .unwrap_or_else(|| panic!("{page}"))
        .iter()
        .any(|c| c["id"] == id)
}

#[tokio::test]
async fn an_edit_changes_what_is_quoted_and_a_retired_center_is_hidden_but_kept() {
    for app in spawn_apps().await {
        let id = fresh_id("synthetic-edit");
        let office = app.keys.clinic_office.clone();
        assert_eq!(create_center(&app, &office, &id).await.status(), 201);
        let quote_body = |therapy: &str| {
            json!({"therapy": therapy, "center_id": id,
            "scheduled_date": scheduled_date().to_string()})
        };
        // Quoting a therapy the center does not offer is a 422 naming center_id.
        let res = app
            .post_as(&office, "/v1/quotes", &quote_body("knee_msc_prp"))
            .send()
            .await
            .unwrap();
        let p = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["pointer"], "/center_id");

        let res = app
            .client
            .patch(app.url(&format!("/v1/centers/{id}")))
            .bearer_auth(&office)
            .json(&json!({"name": format!("Synthetic Test Clinic {id}"),
                          "therapies": ["knee_msc_injection", "knee_msc_prp"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(
            listed(&app, &id).await,
            "an account's center is found by search"
        );
        let res = app
            .post_as(&office, "/v1/quotes", &quote_body("knee_msc_prp"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let quote: Value = res.json().await.unwrap();
        assert_eq!(
            quote["content"]["center"]["name"],
            format!("Synthetic Test Clinic {id}")
        );

        let res = app
            .client
            .delete(app.url(&format!("/v1/centers/{id}")))
            .bearer_auth(&office)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
        assert_eq!(app.get(&format!("/v1/centers/{id}")).await.status(), 404);
        assert!(
            !listed(&app, &id).await,
            "a retired center is hidden from search"
        );
        let res = app
            .post_json(
                "/v1/estimates",
                &json!({"therapy": "knee_msc_injection", "center_id": id}),
            )
            .await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(p["errors"][0]["pointer"], "/center_id");
        // Kept for the quote that names it; the id stays taken; a second retire is 404.
        let res = app
            .get_as(
                &office,
                &format!("/v1/quotes/{}", quote["id"].as_str().unwrap()),
            )
            .await;
        let stored: Value = res.json().await.unwrap();
        assert_eq!(
            stored["content"]["center"]["name"],
            format!("Synthetic Test Clinic {id}")
        );
        assert_problem(
            create_center(&app, &office, &id).await,
            409,
            "already_exists",
        )
        .await;
        let res = app
            .client
            .delete(app.url(&format!("/v1/centers/{id}")))
            .bearer_auth(&office)
            .send()
            .await
            .unwrap();
        assert_problem(res, 404, "not_found").await;
    }
}

#[tokio::test]
async fn a_directory_center_handed_to_an_account_is_managed_by_it() {
    let app = spawn_app_with(|s| {
        s.centers.handoff = vec![regenquote::app::configuration::Handoff {
            center_id: FORT_WORTH.into(),
            account: "clinic".into(),
        }];
    })
    .await;
    let path = format!("/v1/centers/{FORT_WORTH}");
    let patch = |key: String| {
        app.client
            .patch(app.url(&path))
            .bearer_auth(key)
            .json(&json!({"phone": "+18175550123"}))
            .send()
    };
    assert_problem(
        patch(app.keys.other_office.clone()).await.unwrap(),
        404,
        "not_found",
    )
    .await;
    let res = patch(app.keys.clinic_office.clone()).await.unwrap();
    assert_eq!(res.status(), 200);
    let center: Value = app.get(&path).await.json().await.unwrap();
    assert_eq!(center["phone"], "+18175550123");
    assert_eq!(
        center["name"], "Regenerative Orthopedics",
        "the rest is the directory's"
    );
    let res = publish(
        &app,
        &app.keys.clinic_office,
        FORT_WORTH,
        Some(("if-none-match", "*")),
        &price_list(420_000),
    )
    .await;
    assert_eq!(res.status(), 201);
    let priced = estimate(&app, FORT_WORTH).await;
    assert_eq!(base_line(&priced)["low_cents"], 420_000);
}

/// Polls `probe` until it answers true, for at most `limit`; answers how long it took.
async fn within<F, Fut>(limit: Duration, mut probe: F) -> Option<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() <= limit {
        if probe().await {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

#[tokio::test]
async fn two_replicas_on_one_postgresql_see_a_new_version_within_two_seconds() {
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => return skip("two replicas on PostgreSQL (TEST_DATABASE_URL is not set)"),
    };
    let a = spawn_app_with(|s| s.database.url = url.clone()).await;
    let b = spawn_app_with(|s| s.database.url = url.clone()).await;
    let id = fresh_id("synthetic-replicas");
    let office = a.keys.clinic_office.clone();
    assert_eq!(create_center(&a, &office, &id).await.status(), 201);
    let res = publish(
        &a,
        &office,
        &id,
        Some(("if-none-match", "*")),
        &price_list(410_000),
    )
    .await;
    assert_eq!(res.status(), 201);
    let seen = within(Duration::from_secs(2), || async {
        let res = b.get(&format!("/v1/centers/{id}/price-list")).await;
        etag(&res).as_deref() == Some("\"1\"")
    })
    .await;
    assert!(seen.is_some(), "replica b did not see version 1 within 2 s");

    // b remembers an estimate at version 1; a second version written through a replaces it.
    assert_eq!(base_line(&estimate(&b, &id).await)["low_cents"], 410_000);
    let res = publish(
        &a,
        &office,
        &id,
        Some(("if-match", "\"1\"")),
        &price_list(430_000),
    )
    .await;
    assert_eq!(res.status(), 201);
    let seen = within(Duration::from_secs(2), || async {
        base_line(&estimate(&b, &id).await)["low_cents"] == 430_000
    })
    .await;
    assert!(
        seen.is_some(),
        "replica b did not price version 2 within 2 s"
    );
    eprintln!("replica b priced version 2 after {:?}", seen.unwrap());

    // And b refuses a write that is stale against what a wrote.
    let res = publish(
        &b,
        &office,
        &id,
        Some(("if-match", "\"1\"")),
        &price_list(1),
    )
    .await;
    assert_problem(res, 412, "precondition_failed").await;
}

#[tokio::test]
async fn a_good_faith_estimate_for_a_nationally_priced_quote_flags_every_line() {
    for app in spawn_apps().await {
        // The shipped directory center publishes no prices: the national book prices it.
        let body = json!({"therapy": "knee_msc_injection", "center_id": FORT_WORTH,
                          "scheduled_date": scheduled_date().to_string()});
        let res = app
            .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let quote: Value = res.json().await.unwrap();
        let res = app
            .post_as(
                &app.keys.clinic_office,
                &format!(
                    "/v1/quotes/{}/good-faith-estimate",
                    quote["id"].as_str().unwrap()
                ),
                &json!({"patient": {"name": "Synthetic Patient", "date_of_birth": "1970-01-01"}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", app.database);
        let gfe: Value = res.json().await.unwrap();
        let items = gfe["providers"][0]["items"].as_array().unwrap();
        assert!(items.len() > 1, "{gfe}");
        for item in items {
            assert_eq!(
                item["expected_charge_basis"], "national_reference",
                "{item}"
            );
        }
    }
}

#[tokio::test]
async fn of_two_writes_naming_the_same_version_exactly_one_is_stored() {
    for app in spawn_apps().await {
        let id = fresh_id("synthetic-race");
        let office = app.keys.clinic_office.clone();
        assert_eq!(create_center(&app, &office, &id).await.status(), 201);
        let first = Some(("if-none-match", "*"));
        let (x, y) = (price_list(100_000), price_list(200_000));
        let (a, b) = tokio::join!(
            publish(&app, &office, &id, first, &x),
            publish(&app, &office, &id, first, &y),
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 412], "{}", app.database);
        let next = Some(("if-match", "\"1\""));
        let (x, y) = (price_list(300_000), price_list(400_000));
        let (a, b) = tokio::join!(
            publish(&app, &office, &id, next, &x),
            publish(&app, &office, &id, next, &y),
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 412], "{}", app.database);
        let versions: Value = app
            .get_as(&office, &format!("/v1/centers/{id}/price-list/versions"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(versions.as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn an_account_manages_at_most_the_configured_number_of_open_centers() {
    // SQLite only: on PostgreSQL the other tests' centers of the same account share the count.
    let app = spawn_app_with(|s| s.centers.max_per_account = 2).await;
    let office = app.keys.clinic_office.clone();
    let first = fresh_id("synthetic-limit-a");
    assert_eq!(create_center(&app, &office, &first).await.status(), 201);
    let second = fresh_id("synthetic-limit-b");
    assert_eq!(create_center(&app, &office, &second).await.status(), 201);
    let third = fresh_id("synthetic-limit-c");
    let p = assert_problem(
        create_center(&app, &office, &third).await,
        409,
        "limit_reached",
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("max_per_account"),
        "{p}"
    );
    let res = app
        .client
        .get(app.url(&format!("/v1/centers/{third}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "a refused create stores nothing");
    // A retired center no longer counts.
    let res = app
        .client
        .delete(app.url(&format!("/v1/centers/{first}")))
        .bearer_auth(&office)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(create_center(&app, &office, &third).await.status(), 201);
}
