//! Test fixtures: the quoting service over the shipped reference data and example plans, and
//! quotes made by it.

use std::sync::LazyLock;

use serde_json::json;

use crate::centers::{Directory, ZipTable};
use crate::coverage::CoverageRules;
use crate::pricing::PriceBook;
use crate::quoting::{QuoteRequest, QuoteSnapshot, Quoting};

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

/// A quote request from its JSON body.
pub fn request(body: serde_json::Value) -> QuoteRequest {
    serde_json::from_value(body).expect("a valid quote request")
}

/// The knee injection with its default add-ons at Fort Worth, scheduled, as quoted today.
pub fn snapshot() -> QuoteSnapshot {
    QUOTING
        .quote(&request(json!({
            "therapy": "knee_msc_injection",
            "zip": "76102",
            "center_id": FORT_WORTH,
            "scheduled_date": "2026-12-14",
        })))
        .expect("the fixture request is quoted")
}
