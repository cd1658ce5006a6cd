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
         Estimate</title>…</head><body><h1>Good Faith Estimate</h1>…<h2>Patient</h2><p>Jordan A. \
         Rivera<br>Date of birth: 1961-04-09</p>…</body></html>"
            .to_owned(),
    )
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
