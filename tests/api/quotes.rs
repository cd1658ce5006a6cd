//! `POST /v1/quotes` and `GET /v1/quotes/{id}`, on SQLite and (when configured) PostgreSQL.

use serde_json::{Value, json};

use crate::helpers::{
    CLINIC_ORIGIN, TestApp, assert_problem, scheduled_date, spawn_app, spawn_apps,
    us_earliest_today,
};

fn knee() -> Value {
    json!({"therapy": "knee_msc_injection", "zip": "76102", "center_id": "regenerative-orthopedics-fort-worth",
           "scheduled_date": scheduled_date().to_string()})
}

async fn create(
    app: &TestApp,
    key: &str,
    body: &Value,
) -> (reqwest::StatusCode, Option<String>, Value) {
    let res = app.post_as(key, "/v1/quotes", body).send().await.unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (res.status(), location, res.json().await.unwrap())
}

#[tokio::test]
async fn a_quote_at_a_center_that_does_not_offer_the_therapy_is_422_and_stores_nothing() {
    for app in spawn_apps().await {
        let before = app.count_quotes().await;
        let mut body = knee();
        body["therapy"] = json!("back_msc_prp");
        let res = app
            .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], "/center_id", "{problem}");
        assert!(
            problem["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("does not offer back_msc_prp"),
            "{problem}"
        );
        // A PostgreSQL database is shared with tests running beside this one: count on SQLite.
        if app.database == "sqlite" {
            assert_eq!(app.count_quotes().await, before, "nothing stored");
        }
    }
}

#[tokio::test]
async fn a_created_quote_is_201_with_location_and_reads_back_unchanged() {
    for app in spawn_apps().await {
        let (status, location, body) = create(&app, &app.keys.clinic_web, &knee()).await;
        assert_eq!(status, 201, "{}: {body}", app.database);
        let id = body["id"].as_str().unwrap();
        assert!(id.starts_with("q_") && id.len() >= 28, "{id}");
        assert_eq!(
            location.as_deref(),
            Some(format!("/v1/quotes/{id}").as_str())
        );
        assert_eq!(body["status"], "active");
        assert_eq!(body["price_book_version"], "2026");
        let content = &body["content"];
        assert!(
            content["estimate"]["lines"]
                .as_array()
                .is_some_and(|l| !l.is_empty())
        );
        assert!(content["coverage"]["status"].is_string());
        assert_eq!(
            content["center"]["id"],
            "regenerative-orthopedics-fort-worth"
        );
        assert!(content["estimate"]["financing"]["options"].is_array());
        let read = app
            .get_as(&app.keys.clinic_office, &format!("/v1/quotes/{id}"))
            .await;
        assert_eq!(read.status(), 200);
        assert_eq!(read.headers()["cache-control"], "no-store");
        let read: Value = read.json().await.unwrap();
        assert_eq!(read["content"], body["content"], "{}", app.database);
        assert_eq!(read["total"], body["total"]);
    }
}

#[tokio::test]
async fn quote_ids_are_random_not_sequential() {
    let app = &spawn_app().await;
    let mut ids = std::collections::HashSet::new();
    for _ in 0..5 {
        let (_, _, body) = create(app, &app.keys.clinic_office, &knee()).await;
        assert!(ids.insert(body["id"].as_str().unwrap().to_owned()));
    }
}

#[tokio::test]
async fn a_replacing_quote_supersedes_the_old_one_without_editing_it() {
    for app in spawn_apps().await {
        let (_, _, old) = create(&app, &app.keys.clinic_office, &knee()).await;
        let old_id = old["id"].as_str().unwrap();
        let mut body = knee();
        body["joints"] = json!(2);
        body["replaces"] = json!(old_id);
        let (status, _, new) = create(&app, &app.keys.clinic_office, &body).await;
        assert_eq!(status, 201, "{new}");
        assert_eq!(new["replaces"], old_id);
        let read: Value = app
            .get_as(&app.keys.clinic_office, &format!("/v1/quotes/{old_id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(read["status"], "superseded");
        assert_eq!(read["superseded_by"], new["id"]);
        assert_eq!(
            read["content"], old["content"],
            "the old snapshot is unchanged"
        );
        // Replacing it again, or replacing another account's quote, is refused.
        let (status, _, _) = create(&app, &app.keys.clinic_office, &body).await;
        assert_eq!(status, 422);
        let mut foreign = knee();
        foreign["replaces"] = new["id"].clone();
        let (status, _, _) = create(&app, &app.keys.other_office, &foreign).await;
        assert_eq!(status, 422);
    }
}

#[tokio::test]
async fn a_publishable_key_may_not_supersede_a_quote_even_of_its_own_account() {
    for app in spawn_apps().await {
        let (_, _, office) = create(&app, &app.keys.clinic_office, &knee()).await;
        let (_, _, web) = create(&app, &app.keys.clinic_web, &knee()).await;
        for old in [&office, &web] {
            let mut body = knee();
            body["replaces"] = old["id"].clone();
            let res = app
                .post_as(&app.keys.clinic_web, "/v1/quotes", &body)
                .send()
                .await
                .unwrap();
            let problem = assert_problem(res, 403, "forbidden").await;
            assert_eq!(problem["errors"][0]["pointer"], "/replaces", "{problem}");
            let read: Value = app
                .get_as(
                    &app.keys.clinic_office,
                    &format!("/v1/quotes/{}", old["id"].as_str().unwrap()),
                )
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(read["status"], "active", "{}", app.database);
        }
    }
}

#[tokio::test]
async fn a_quote_past_its_expiry_reads_as_expired() {
    use regenquote::quoting::QuoteDraft;
    use regenquote::storage::quotes::{QuotePolicy, QuoteStore};
    // Issue a quote 40 days ago straight into a database file, then read it through the API.
    let dir = crate::helpers::ScratchDir::new();
    let url = format!("sqlite://{}", dir.0.join("expired.sqlite").display());
    let settings = crate::helpers::test_settings(&dir);
    let db = regenquote::storage::Database::connect(&regenquote::storage::DatabaseSettings {
        url: url.clone(),
        max_connections: 2,
    })
    .await
    .unwrap();
    let store = QuoteStore::new(&db, QuotePolicy::try_from(&settings.quotes).unwrap());
    let quoting = regenquote::app::reference::quoting(&settings).unwrap();
    let issued = chrono::Utc::now() - chrono::TimeDelta::days(40);
    let mut body = knee();
    body.as_object_mut().unwrap().remove("scheduled_date");
    let window = regenquote::quoting::QuoteWindow::new(issued, chrono::TimeDelta::days(30));
    let snapshot = quoting
        .quote(&serde_json::from_value(body.clone()).unwrap(), window)
        .unwrap();
    let draft = QuoteDraft {
        snapshot,
        owner_key_id: Some("clinic-office".parse().unwrap()),
        account: None,
        replaces: None,
    };
    let created = store
        .create(None, issued, || Ok::<_, std::convert::Infallible>(draft))
        .await
        .unwrap();
    let regenquote::storage::quotes::Created::Stored(quote) = created else {
        panic!("stored");
    };
    let app = crate::helpers::spawn_app_with(|s| s.database.url = url.clone()).await;
    let read: Value = app
        .get_as(&app.keys.clinic_office, &format!("/v1/quotes/{}", quote.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["status"], "expired", "{read}");
    assert_eq!(read["content"]["request"], body);
}

/// A quote as the first version of the service stored it (before the snapshot had a
/// version), with the answer that version gave when it was read.
const FIRST_VERSION_SNAPSHOT: &str = include_str!("fixtures/quote-snapshot-v1.json");
const FIRST_VERSION_VIEW: &str = include_str!("fixtures/quote-view-v1.json");

#[tokio::test]
async fn a_quote_stored_by_the_first_version_reads_exactly_as_before() {
    for app in spawn_apps().await {
        let before: Value = serde_json::from_str(FIRST_VERSION_VIEW).unwrap();
        let id = format!("q_{}", &crate::helpers::random_quote_body());
        let total = &before["total"];
        let columns = format!(
            "'{id}', {{created}}, {{expires}}, NULL, 'clinic-office', '2026', 'knee_msc_injection', {}, {}, {}, '{}'",
            total["low_cents"],
            total["typical_cents"],
            total["high_cents"],
            FIRST_VERSION_SNAPSHOT.replace('\'', "''")
        );
        let (created, expires) = (
            before["created_at"].as_str().unwrap(),
            before["expires_at"].as_str().unwrap(),
        );
        let sql = if app.database == "sqlite" {
            let ms = |t: &str| {
                chrono::DateTime::parse_from_rfc3339(t)
                    .unwrap()
                    .timestamp_millis()
                    .to_string()
            };
            columns
                .replace("{created}", &ms(created))
                .replace("{expires}", &ms(expires))
        } else {
            columns
                .replace("{created}", &format!("'{created}'"))
                .replace("{expires}", &format!("'{expires}'"))
        };
        app.execute(&format!(
            "INSERT INTO quotes (id, created_at, expires_at, replaces, owner_key_id, \
             price_book_version, therapy, total_low_cents, total_typical_cents, total_high_cents, \
             snapshot) VALUES ({sql})"
        ))
        .await;
        let res = app
            .get_as(&app.keys.clinic_office, &format!("/v1/quotes/{id}"))
            .await;
        assert_eq!(res.status(), 200, "{}", app.database);
        let read: Value = res.json().await.unwrap();
        assert_eq!(read["content"], before["content"], "{}", app.database);
        assert!(
            read.get("signed_quote").is_none(),
            "a quote stored before quotes were signed has no signature: {read}"
        );
        for field in [
            "created_at",
            "expires_at",
            "therapy",
            "price_book_version",
            "total",
        ] {
            assert_eq!(read[field], before[field], "{field} on {}", app.database);
        }
        // The Good Faith Estimate reads it as the typed snapshot.
        let gfe = app
            .post_as(
                &app.keys.clinic_office,
                &format!("/v1/quotes/{id}/good-faith-estimate"),
                &json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(gfe.status(), 200, "{}", app.database);
        let gfe: Value = gfe.json().await.unwrap();
        assert_eq!(
            gfe["total_expected_charges_cents"],
            before["total"]["typical_cents"]
        );
    }
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_answer_the_same_quote_once() {
    for app in spawn_apps().await {
        let key = format!("k-{}", rand_suffix());
        let send = || {
            app.post_as(&app.keys.clinic_office, "/v1/quotes", &knee())
                .header("idempotency-key", &key)
                .send()
        };
        let first = send().await.unwrap();
        assert_eq!(first.status(), 201);
        assert!(!first.headers().contains_key("idempotent-replayed"));
        let first: Value = first.json().await.unwrap();
        let again = send().await.unwrap();
        assert_eq!(again.status(), 201);
        assert!(again.headers().contains_key("location"));
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: Value = again.json().await.unwrap();
        assert_eq!(first, again, "{}", app.database);
        // Another body with the same key is refused.
        let mut other = knee();
        other["joints"] = json!(2);
        let res = app
            .post_as(&app.keys.clinic_office, "/v1/quotes", &other)
            .header("idempotency-key", &key)
            .send()
            .await
            .unwrap();
        assert_problem(res, 422, "idempotency_key_reused").await;
        // Another key's holder with the same key string is a different request.
        let res = app
            .post_as(&app.keys.other_office, "/v1/quotes", &knee())
            .header("idempotency-key", &key)
            .send()
            .await
            .unwrap();
        let theirs: Value = res.json().await.unwrap();
        assert_ne!(theirs["id"], first["id"]);
    }
}

#[tokio::test]
async fn twenty_concurrent_posts_with_one_key_store_exactly_one_quote() {
    for app in spawn_apps().await {
        let key = format!("burst-{}", rand_suffix());
        let requests = (0..20).map(|_| {
            app.post_as(&app.keys.clinic_office, "/v1/quotes", &knee())
                .header("idempotency-key", &key)
                .send()
        });
        let responses = futures_util::future::join_all(requests).await;
        let mut ids = std::collections::HashSet::new();
        for res in responses {
            let res = res.unwrap();
            match res.status().as_u16() {
                201 => {
                    let body: Value = res.json().await.unwrap();
                    ids.insert(body["id"].as_str().unwrap().to_owned());
                }
                409 => {
                    assert_problem(res, 409, "conflict").await;
                }
                other => panic!("unexpected {other} on {}", app.database),
            };
        }
        assert_eq!(
            ids.len(),
            1,
            "{}: exactly one quote for one key",
            app.database
        );
    }
}

#[tokio::test]
async fn keys_decide_who_may_create_and_read() {
    for app in spawn_apps().await {
        // No key, a bad key: 401.
        let res = app
            .client
            .post(app.url("/v1/quotes"))
            .json(&knee())
            .send()
            .await
            .unwrap();
        assert!(res.headers().contains_key("www-authenticate"));
        assert_problem(res, 401, "unauthorized").await;
        let res = app
            .post_as("rq_sk_clinic-office_00", "/v1/quotes", &knee())
            .send()
            .await
            .unwrap();
        assert_problem(res, 401, "unauthorized").await;
        let res = app
            .client
            .post(app.url("/v1/quotes"))
            .header("authorization", "Basic abc")
            .json(&knee())
            .send()
            .await
            .unwrap();
        assert_problem(res, 401, "unauthorized").await;
        // A publishable key outside its origins: 403.
        let res = app
            .client
            .post(app.url("/v1/quotes"))
            .bearer_auth(&app.keys.clinic_web)
            .json(&knee())
            .send()
            .await
            .unwrap();
        assert_problem(res, 403, "forbidden").await;
        let (_, _, quote) = create(&app, &app.keys.clinic_web, &knee()).await;
        let path = format!("/v1/quotes/{}", quote["id"].as_str().unwrap());
        // Reading: publishable 403, another account 404, the same account and the lender 200.
        assert_problem(
            app.get_as(&app.keys.clinic_web, &path).await,
            403,
            "forbidden",
        )
        .await;
        assert_problem(
            app.get_as(&app.keys.other_office, &path).await,
            404,
            "not_found",
        )
        .await;
        assert_eq!(
            app.get_as(&app.keys.clinic_office, &path).await.status(),
            200
        );
        assert_eq!(app.get_as(&app.keys.lender, &path).await.status(), 200);
        assert_problem(
            app.client.get(app.url(&path)).send().await.unwrap(),
            401,
            "unauthorized",
        )
        .await;
        // Unknown and malformed ids: 404 alike.
        assert_problem(
            app.get_as(&app.keys.lender, "/v1/quotes/q_aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .await,
            404,
            "not_found",
        )
        .await;
        assert_problem(
            app.get_as(&app.keys.lender, "/v1/quotes/1").await,
            404,
            "not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn reading_a_quote_sends_no_cors_headers_even_to_an_allowed_origin() {
    let app = &spawn_app().await;
    let (_, _, quote) = create(app, &app.keys.clinic_web, &knee()).await;
    let path = format!("/v1/quotes/{}", quote["id"].as_str().unwrap());
    let res = app
        .client
        .get(app.url(&path))
        .bearer_auth(&app.keys.lender)
        .header("origin", CLINIC_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()
            .keys()
            .all(|h| !h.as_str().starts_with("access-control-")),
        "{:?}",
        res.headers()
    );
    let res = app
        .client
        .request(reqwest::Method::OPTIONS, app.url(&path))
        .header("origin", CLINIC_ORIGIN)
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()
            .keys()
            .all(|h| !h.as_str().starts_with("access-control-"))
    );
}

#[tokio::test]
async fn a_post_from_an_origin_that_is_not_allowed_stores_nothing() {
    let app = &spawn_app().await;
    let before = app.count_quotes().await;
    let res = app
        .client
        .post(app.url("/v1/quotes"))
        .bearer_auth(&app.keys.clinic_web)
        .header("origin", "https://evil.example")
        .json(&knee())
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "origin_not_allowed").await;
    assert_eq!(app.count_quotes().await, before, "nothing stored");
}

#[tokio::test]
async fn a_scheduled_date_in_the_past_after_the_quote_or_outside_the_price_book_is_refused() {
    let app = &spawn_app().await;
    let therapies: Value = app.get("/v1/therapies").await.json().await.unwrap();
    let book_end: chrono::NaiveDate = therapies["price_book"]["effective_to"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let today = us_earliest_today();
    let yesterday = today - chrono::TimeDelta::days(1);
    // Quotes are valid 30 days; the book ends on its own date.
    let after_quote = today + chrono::TimeDelta::days(32);
    let after_book = book_end + chrono::TimeDelta::days(1);
    for date in [
        yesterday.to_string(),
        after_quote.to_string(),
        after_book.to_string(),
        "1999-01-01".to_owned(),
    ] {
        let body = json!({"therapy": "knee_msc_injection", "scheduled_date": date});
        let res = app
            .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], "/scheduled_date", "{date}");
        let detail = problem["errors"][0]["detail"].as_str().unwrap();
        assert!(detail.contains("price book"), "{date}: {detail}");
    }
    for written in [
        "-262143-01-01",
        "+262142-12-31",
        "2026-2-30",
        "2026-12-14T00:00:00Z",
    ] {
        let body = json!({"therapy": "knee_msc_injection", "scheduled_date": written});
        let res = app
            .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(
            problem["errors"][0]["pointer"], "/scheduled_date",
            "{written}"
        );
        assert!(
            problem["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("YYYY-MM-DD"),
            "{problem}"
        );
    }
    let (status, _, _) = create(app, &app.keys.clinic_office, &knee()).await;
    assert_eq!(status, 201, "a week from today is a date the quote covers");
}

#[tokio::test]
async fn bad_quote_requests_are_4xx_naming_the_field() {
    let app = &spawn_app().await;
    let cases = [
        (json!({"therapy": "hsct"}), 422, "/therapy"),
        (
            json!({"therapy": "knee_msc_injection", "scheduled_date": "tomorrow"}),
            422,
            "/scheduled_date",
        ),
        (
            json!({"therapy": "knee_msc_injection", "payer": "aetna"}),
            422,
            "/payer",
        ),
        (
            json!({"therapy": "knee_msc_injection", "replaces": "nope"}),
            422,
            "/replaces",
        ),
        (
            json!({"therapy": "knee_msc_injection", "patient_name": "X"}),
            422,
            "/patient_name",
        ),
    ];
    for (body, status, pointer) in cases {
        let res = app
            .post_as(&app.keys.clinic_office, "/v1/quotes", &body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(res, status, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{body}");
    }
    let res = app
        .post_as(&app.keys.clinic_office, "/v1/quotes", &knee())
        .header("idempotency-key", "")
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key");
}

fn rand_suffix() -> String {
    use std::hash::{BuildHasher, RandomState};
    format!(
        "{:016x}",
        RandomState::new().hash_one(std::time::SystemTime::now())
    )
}
