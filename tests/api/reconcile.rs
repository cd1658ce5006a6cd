//! `POST /v1/quotes/{id}/reconcile`: the $400 and 120-day rules through the API, on SQLite and
//! (when configured) PostgreSQL.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::good_faith::{FORT_WORTH, quote, reconcile_path, us_earliest_today};
use crate::helpers::{assert_problem, spawn_app, spawn_apps};

#[tokio::test]
async fn reconciliation_applies_the_400_dollar_and_120_day_rules() {
    for app in spawn_apps().await {
        let q = quote(&app).await;
        let expected = q["total"]["typical_cents"].as_u64().unwrap();
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
                let body = json!({"bills": [{"provider_id": FORT_WORTH, "billed_cents": billed,
                                             "bill_date": bill_date.to_string()}]});
                let res = app
                    .post_as(&app.keys.clinic_office, &reconcile_path(&q), &body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
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
        }
    }
}

#[tokio::test]
async fn bad_bills_are_422_naming_the_field() {
    let app = &spawn_app().await;
    let q = quote(app).await;
    let future = (Utc::now() + TimeDelta::days(2)).date_naive().to_string();
    let bill = |provider: &str, cents: Value, date: &str| json!({"provider_id": provider, "billed_cents": cents, "bill_date": date});
    let ok = bill(FORT_WORTH, json!(1), "2026-01-01");
    let cases = [
        (
            json!({"bills": [bill(FORT_WORTH, json!(1), &future)]}),
            "/bills/0/bill_date",
        ),
        (json!({"bills": []}), "/bills"),
        (
            json!({"bills": [bill("nyu-langone-regenerative-orthopedic-medicine", json!(1), "2026-01-01")]}),
            "/bills/0/provider_id",
        ),
        (
            json!({"bills": [ok.clone(), ok.clone()]}),
            "/bills/1/provider_id",
        ),
        (
            json!({"bills": [bill(FORT_WORTH, json!(-5), "2026-01-01")]}),
            "/bills/0/billed_cents",
        ),
        (
            json!({"bills": [bill(FORT_WORTH, json!(u64::MAX), "2026-01-01")]}),
            "/bills/0/billed_cents",
        ),
        (
            json!({"bills": [ok.clone()], "expected_basis": "mean"}),
            "/expected_basis",
        ),
        (
            json!({"bills": [bill(FORT_WORTH, json!(1), "last week")]}),
            "/bills/0/bill_date",
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
