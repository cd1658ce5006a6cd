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
