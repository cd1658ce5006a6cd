//! The documented examples of the Good Faith Estimate and reconciliation answers: real answers
//! for the shipped Fort Worth center (a knee injection quote, codes given for the procedure
//! line), kept as JSON beside this file. An API test checks they have the shape of live answers.

/// A Good Faith Estimate as `application/json`.
pub fn document() -> serde_json::Value {
    serde_json::from_str(include_str!("example_document.json")).unwrap_or_default()
}

/// The start of the same document as `text/html`.
pub fn page() -> serde_json::Value {
    serde_json::Value::String(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Good Faith \
         Estimate (draft)</title>…</head><body><div class=\"watermark\" aria-hidden=\"true\">DRAFT\
         </div><p class=\"draft\" role=\"note\">DRAFT: this Good Faith Estimate is not complete. \
         …</p><h1>Good Faith Estimate for Health Care Items and Services</h1><p>Issued November \
         30, 2026 · Estimate number gfe_3vq6x2m7kd4hbn5rpt6yc2faew · Quote number \
         q_7kd2mzq4xw3hbn5rpt6vyc2fae</p><h2>Patient</h2><dl><dt>Name</dt><dd>Jordan A. \
         Rivera</dd><dt>Date of birth</dt><dd>April 9, 1961</dd></dl>…</body></html>"
            .to_owned(),
    )
}

/// The same estimate as a Da Vinci PCT GFE Bundle (`application/fhir+json`), for the synthetic
/// test center of `tests/api/fixtures/fhir-test-directory.json` (its identifiers are test data).
pub fn bundle() -> serde_json::Value {
    serde_json::from_str(include_str!("example_bundle.json")).unwrap_or_default()
}

/// A reconciliation of one bill.
pub fn reconciliation() -> serde_json::Value {
    serde_json::from_str(include_str!("example_reconciliation.json")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_files_are_json_objects() {
        assert!(super::document()["providers"][0]["items"].is_array());
        assert!(super::reconciliation()["providers"][0]["dispute_eligible"].is_boolean());
    }
}
