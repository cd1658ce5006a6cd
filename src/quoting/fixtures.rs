//! Test fixtures: the quoting service over the shipped reference data and example plans, and
//! quotes made by it.

use std::sync::LazyLock;

use serde_json::json;

use crate::centers::{Directory, ZipTable};
use crate::coverage::CoverageRules;
use crate::pricing::PriceBook;
use crate::quoting::{QuoteRequest, QuoteSnapshot, QuoteWindow, Quoting};

/// The shipped Fort Worth center.
pub const FORT_WORTH: &str = "regenerative-orthopedics-fort-worth";

/// The service over everything the binary ships, loaded once for all tests.
pub static QUOTING: LazyLock<Quoting> = LazyLock::new(|| {
    let zips = ZipTable::embedded().expect("shipped ZIP table");
    let directory = Directory::embedded(&zips).expect("shipped directory");
    Quoting::new(
        PriceBook::embedded().expect("shipped price book"),
        CoverageRules::embedded().expect("shipped coverage rules"),
        zips,
        directory,
        crate::financing::fixtures::example_plans(),
    )
});

/// A synthetic center that publishes its own price list (test data: no real provider).
pub const PRICED_CENTER: &str = "synthetic-priced-clinic";

/// The service over the shipped data plus [`PRICED_CENTER`], whose own prices set the
/// expected charges of a Good Faith Estimate.
pub static QUOTING_PRICED: LazyLock<Quoting> = LazyLock::new(|| {
    let zips = ZipTable::embedded().expect("shipped ZIP table");
    let mut centers: Vec<crate::centers::Center> = Directory::embedded(&zips)
        .expect("shipped directory")
        .centers()
        .collect();
    centers.push(
        serde_json::from_value(json!({
            "id": PRICED_CENTER,
            "name": "Synthetic Priced Clinic (test data)",
            "city": "Fort Worth",
            "state": "TX",
            "zip": "76102",
            "location": {"lat": 32.7589, "lon": -97.328, "precision": "zip"},
            "therapies": ["knee_msc_injection", "knee_msc_prp"],
            "source": "TEST DATA ONLY: a synthetic center with a made-up price list.",
            "prices": {"knee_msc_injection": {
                "base": {"low_cents": 600_000, "high_cents": 600_000},
                "add_ons": {
                    "imaging_guidance": {"low_cents": 50_000, "high_cents": 50_000},
                    "post_procedure_care": {"low_cents": 40_000, "high_cents": 40_000}
                },
                "source": "TEST DATA ONLY: made-up price list",
                "as_of": "2026-01-15"
            }}
        }))
        .expect("the synthetic center"),
    );
    Quoting::new(
        PriceBook::embedded().expect("shipped price book"),
        CoverageRules::embedded().expect("shipped coverage rules"),
        zips.clone(),
        Directory::new(centers, &zips).expect("the directory with the synthetic center"),
        crate::financing::fixtures::example_plans(),
    )
});

/// The instant fixture quotes are issued: 2026-03-01, noon UTC.
pub fn issued() -> chrono::DateTime<chrono::Utc> {
    "2026-03-01T12:00:00Z".parse().expect("an instant")
}

/// The window of a quote issued at [`issued`], valid for 30 days (until 2026-03-31).
pub fn window() -> QuoteWindow {
    QuoteWindow::new(issued(), chrono::TimeDelta::days(30))
}

/// A quote request from its JSON body.
pub fn request(body: serde_json::Value) -> QuoteRequest {
    serde_json::from_value(body).expect("a valid quote request")
}

/// The knee injection with its default add-ons at Fort Worth, scheduled, as quoted today.
pub fn snapshot() -> QuoteSnapshot {
    QUOTING
        .quote(
            &request(json!({
                "therapy": "knee_msc_injection",
                "zip": "76102",
                "center_id": FORT_WORTH,
                "scheduled_date": "2026-03-20",
            })),
            window(),
        )
        .expect("the fixture request is quoted")
}
