//! `POST /v1/quotes/{id}/reconcile`: the $400 and 120-day rules through the API, on SQLite and
//! (when configured) PostgreSQL.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::good_faith::{FORT_WORTH, gfe_path, issue, quote, reconcile_path, us_earliest_today};
use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_apps};

/// A quote of the clinic's back office issued `days` ago at Fort Worth, with the Good Faith
/// Estimate issued for it that day, written straight into the app's database (the API issues
/// both only now). Returns the quote's id and the estimate's.
async fn quoted_and_estimated_days_ago(app: &TestApp, days: i64) -> (Value, String, u64) {
    use regenquote::gfe::issued::{ChargesBasis, IssuedCharges, IssuedProvider};
    use regenquote::gfe::{EstimateId, IssuedEstimate};
    use regenquote::quoting::{QuoteDraft, QuoteWindow};
    use regenquote::storage::quotes::{Created, QuotePolicy, QuoteStore};
    let dir = crate::helpers::ScratchDir::new();
    let settings = crate::helpers::test_settings(&dir);
    let database = regenquote::storage::Database::connect(&regenquote::storage::DatabaseSettings {
        url: app.database_url.clone(),
        max_connections: 2,
    })
    .await
    .unwrap();
    let store = QuoteStore::new(&database, QuotePolicy::try_from(&settings.quotes).unwrap());
    let quoting = regenquote::app::reference::quoting(&settings).unwrap();
    let issued = Utc::now() - TimeDelta::days(days);
    let request =
        serde_json::from_value(json!({"therapy": "knee_msc_injection", "center_id": FORT_WORTH}))
            .unwrap();
    let snapshot = quoting
        .quote(&request, QuoteWindow::new(issued, TimeDelta::days(30)))
        .unwrap();
    let draft = QuoteDraft {
        snapshot,
        owner_key_id: Some("clinic-office".parse().unwrap()),
        account: None,
        replaces: None,
    };
    let Created::Stored(quote) = store
        .create(None, issued, || Ok::<_, std::convert::Infallible>(draft))
        .await
        .unwrap()
    else {
        panic!("stored");
    };
    let expected = quote.total.typical();
    let estimate = IssuedEstimate {
        id: EstimateId::generate(),
        quote_id: quote.id.clone(),
        issued_at: quote.created_at,
        charges: IssuedCharges {
            providers: vec![IssuedProvider {
                provider_id: Some(FORT_WORTH.parse().unwrap()),
                basis: ChargesBasis::NationalReference,
                expected_charges_cents: expected,
            }],
            total_expected_charges_cents: expected,
        },
    };
    store.record_estimate(estimate.clone()).await.unwrap();
    (
        json!({"id": quote.id.as_str()}),
        estimate.id.to_string(),
        expected.get(),
    )
}

#[tokio::test]
async fn reconciliation_applies_the_400_dollar_and_120_day_rules_even_after_the_quote_expired() {
    for app in spawn_apps().await {
        let (q, gfe_id, expected) = quoted_and_estimated_days_ago(&app, 130).await;
        // (cents over expected, days since the bill, eligible)
        let table = [
            (40_000i64, 0i64, true),
            (39_999, 0, false),
            (40_000, 120, true),
            (40_000, 121, false),
            (-100_000, 10, false),
            (1_000_000, 60, true),
        ];
        for (over, days, eligible) in table {
            let billed = expected.checked_add_signed(over).unwrap();
            let answer = loop {
                let today = us_earliest_today();
                let bill_date = today - TimeDelta::days(days);
                let body = json!({"good_faith_estimate_id": gfe_id,
                                  "bills": [{"provider_id": FORT_WORTH, "billed_cents": billed,
                                             "bill_date": bill_date.to_string()}]});
                let res = app
                    .post_as(&app.keys.clinic_office, &reconcile_path(&q), &body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200, "{}", app.database);
                assert_eq!(res.headers()["cache-control"], "no-store");
                let answer: Value = res.json().await.unwrap();
                // Retry if the date turned over while the request was in flight.
                if us_earliest_today() == today {
                    break answer;
                }
            };
            let p = &answer["providers"][0];
            let label = format!("{} over {over} after {days} days", app.database);
            assert_eq!(p["dispute_eligible"], eligible, "{label}: {p}");
            assert_eq!(p["expected_cents"], expected, "{label}");
            assert_eq!(p["difference_cents"], over, "{label}");
            assert_eq!(p["days_since_bill"], days, "{label}");
            assert_eq!(answer["any_eligible"], eligible);
            assert_eq!(answer["good_faith_estimate_id"], gfe_id.as_str());
        }
    }
}

#[tokio::test]
async fn a_bill_is_measured_against_the_estimate_the_patient_was_given() {
    for app in spawn_apps().await {
        let q = quote(&app).await;
        let gfe = issue(&app, &q).await;
        let expected = gfe["providers"][0]["expected_charges_cents"]
            .as_u64()
            .unwrap();
        assert_eq!(expected, q["total"]["typical_cents"].as_u64().unwrap());
        let body = json!({"good_faith_estimate_id": gfe["id"],
                          "bills": [{"provider_id": FORT_WORTH, "billed_cents": expected + 40_000,
                                     "bill_date": us_earliest_today().to_string()}]});
        let res = app
            .post_as(&app.keys.lender, &reconcile_path(&q), &body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", app.database);
        let answer: Value = res.json().await.unwrap();
        assert_eq!(answer["providers"][0]["expected_cents"], expected);
        assert_eq!(answer["providers"][0]["dispute_eligible"], true);
        assert_eq!(answer["issued_at"], gfe["issued_at"]);
    }
}

#[tokio::test]
async fn bad_bills_are_422_naming_the_field() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    let gfe = issue(app, &q).await;
    let other_quote = quote(app).await;
    let other_gfe = issue(app, &other_quote).await;
    let future = (Utc::now() + TimeDelta::days(2)).date_naive().to_string();
    let today = us_earliest_today().to_string();
    let before_quote = (us_earliest_today() - TimeDelta::days(3)).to_string();
    let bill = |provider: &str, cents: Value, date: &str| json!({"provider_id": provider, "billed_cents": cents, "bill_date": date});
    let ok = bill(FORT_WORTH, json!(1), &today);
    let with = |bills: Value| json!({"good_faith_estimate_id": gfe["id"], "bills": bills});
    let cases = [
        (
            with(json!([bill(FORT_WORTH, json!(1), &future)])),
            "/bills/0/bill_date",
        ),
        (
            with(json!([bill(FORT_WORTH, json!(1), &before_quote)])),
            "/bills/0/bill_date",
        ),
        (
            with(json!([bill(FORT_WORTH, json!(1), "-262143-01-01")])),
            "/bills/0/bill_date",
        ),
        (with(json!([])), "/bills"),
        (
            with(json!([bill(
                "nyu-langone-regenerative-orthopedic-medicine",
                json!(1),
                &today
            )])),
            "/bills/0/provider_id",
        ),
        (
            with(json!([ok.clone(), ok.clone()])),
            "/bills/1/provider_id",
        ),
        (
            with(json!([bill(FORT_WORTH, json!(-5), &today)])),
            "/bills/0/billed_cents",
        ),
        (
            with(json!([bill(FORT_WORTH, json!(u64::MAX), &today)])),
            "/bills/0/billed_cents",
        ),
        (
            json!({"good_faith_estimate_id": gfe["id"], "bills": [ok.clone()], "expected_basis": "high"}),
            "/expected_basis",
        ),
        (
            with(json!([bill(FORT_WORTH, json!(1), "last week")])),
            "/bills/0/bill_date",
        ),
        (json!({"bills": [ok.clone()]}), "/good_faith_estimate_id"),
        (
            json!({"good_faith_estimate_id": "gfe_aaaaaaaaaaaaaaaaaaaaaaaaaa", "bills": [ok.clone()]}),
            "/good_faith_estimate_id",
        ),
        (
            json!({"good_faith_estimate_id": "not-an-id", "bills": [ok.clone()]}),
            "/good_faith_estimate_id",
        ),
        // An estimate issued for another quote answers as an unknown one.
        (
            json!({"good_faith_estimate_id": other_gfe["id"], "bills": [ok.clone()]}),
            "/good_faith_estimate_id",
        ),
    ];
    for (body, pointer) in cases {
        let res = app
            .post_as(&app.keys.clinic_office, &reconcile_path(&q), &body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{body}");
    }
}

#[tokio::test]
async fn an_estimate_whose_quote_names_no_center_cannot_be_reconciled_and_says_why() {
    let app = &spawn_app().await;
    let res = app
        .post_as(
            &app.keys.clinic_office,
            "/v1/quotes",
            &json!({"therapy": "back_msc_prp"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let q: Value = res.json().await.unwrap();
    let gfe: Value = app
        .post_as(
            &app.keys.clinic_office,
            &gfe_path(&q),
            &json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let basis = gfe["providers"][0]["pricing_basis"].as_str().unwrap();
    assert!(
        basis.starts_with("No provider is named on the quote"),
        "{basis}"
    );
    let body = json!({"good_faith_estimate_id": gfe["id"],
                      "bills": [{"provider_id": FORT_WORTH, "billed_cents": 1,
                                 "bill_date": us_earliest_today().to_string()}]});
    let res = app
        .post_as(&app.keys.clinic_office, &reconcile_path(&q), &body)
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["pointer"], "/bills/0/provider_id");
    let detail = problem["errors"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("names no center"), "{detail}");
}
