//! The typed snapshot reads what today's code writes and what the first version wrote.

use crate::quoting::fixtures::{FORT_WORTH, snapshot};
use crate::quoting::{QuoteSnapshot, SNAPSHOT_VERSION};

/// A snapshot as the first version stored it (before `snapshot_version`), taken from a
/// running service: keys sorted, the center as its directory row, offers repeating their
/// plan.
const VERSION_ONE: &str = include_str!("../../../tests/api/fixtures/quote-snapshot-v1.json");

#[test]
fn a_snapshot_reads_back_as_it_was_written() {
    let written = snapshot();
    let text = serde_json::to_string(&written).unwrap();
    let read: QuoteSnapshot = serde_json::from_str(&text).unwrap();
    assert_eq!(read, written);
    assert!(
        text.starts_with(&format!(r#"{{"snapshot_version":{SNAPSHOT_VERSION},"#)),
        "{text}"
    );
}

#[test]
fn a_version_one_snapshot_reads_as_version_one_with_every_figure() {
    let read: QuoteSnapshot = serde_json::from_str(VERSION_ONE).expect("version 1 reads");
    assert_eq!(read.snapshot_version, 1);
    assert_eq!(
        read.center.as_ref().map(|c| c.id.as_str()),
        Some(FORT_WORTH)
    );
    assert_eq!(read.scheduled_date, "2026-12-14".parse().ok());
    let raw: serde_json::Value = serde_json::from_str(VERSION_ONE).unwrap();
    let total = &raw["estimate"]["total"];
    assert_eq!(
        read.estimate.estimate.total.typical_cents.get(),
        total["typical_cents"].as_u64().unwrap()
    );
    assert_eq!(
        read.estimate.estimate.lines.len(),
        raw["estimate"]["lines"].as_array().unwrap().len()
    );
    assert_eq!(
        read.estimate.financing.options.len(),
        raw["estimate"]["financing"]["options"]
            .as_array()
            .unwrap()
            .len()
    );
    assert_eq!(
        serde_json::to_value(&read.coverage).unwrap(),
        raw["coverage"]
    );
}

#[test]
fn debug_output_shows_no_patient_detail() {
    let printed = format!("{:?}", snapshot());
    assert!(!printed.contains("76102"), "{printed}");
    assert!(printed.contains("KneeMscInjection"), "{printed}");
}
