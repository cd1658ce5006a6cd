//! What a caller sends for a Good Faith Estimate: the patient, and the codes it has, if any.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use utoipa::ToSchema;

use crate::gfe::{GfeError, Icd10Code, Patient, ServiceCode};

/// The most diagnosis codes one list takes: the twelve a CMS-1500 claim form has room for.
pub const MAX_DIAGNOSIS_CODES: usize = 12;

/// Ask for a Good Faith Estimate of a stored quote.
#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "patient": {"name": "Jordan A. Rivera", "date_of_birth": "1961-04-09"},
    "diagnosis_codes": ["M17.11"],
    "lines": {"base": {"service_code": "20610"}}
}))]
pub struct GoodFaithEstimateRequest {
    /// Who the estimate is for. Written into the document only: never stored or logged.
    pub patient: Patient,
    /// ICD-10-CM codes of the condition treated, if the caller has them (at most 12); they apply
    /// to every item that `lines` gives no codes of its own. Format-checked, never looked up.
    #[serde(default)]
    #[schema(max_items = 12)]
    pub diagnosis_codes: Vec<Icd10Code>,
    /// Codes for single items, keyed by the quote's line code (`base`, `imaging_and_post_care`,
    /// …), if the caller has them. The service never derives a code.
    #[serde(default)]
    pub lines: BTreeMap<String, LineCodes>,
}

/// The codes of one item, as the clinic bills it.
#[derive(Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"service_code": "20610", "diagnosis_codes": ["M17.11"]}))]
pub struct LineCodes {
    /// The CPT or HCPCS code the clinic bills the item under.
    #[serde(default)]
    pub service_code: Option<ServiceCode>,
    /// ICD-10-CM codes for this item (at most 12), replacing the request's `diagnosis_codes`.
    #[serde(default)]
    #[schema(max_items = 12)]
    pub diagnosis_codes: Vec<Icd10Code>,
}

impl GoodFaithEstimateRequest {
    /// Checks the lists' lengths (the patient's date of birth is checked with today's date).
    pub fn validate_lengths(&self) -> Result<(), GfeError> {
        let too_many = |pointer: String| GfeError::TooManyCodes {
            pointer,
            max: MAX_DIAGNOSIS_CODES,
        };
        if self.diagnosis_codes.len() > MAX_DIAGNOSIS_CODES {
            return Err(too_many("/diagnosis_codes".into()));
        }
        for (key, codes) in &self.lines {
            if codes.diagnosis_codes.len() > MAX_DIAGNOSIS_CODES {
                let key = key.replace('~', "~0").replace('/', "~1");
                return Err(too_many(format!("/lines/{key}/diagnosis_codes")));
            }
        }
        Ok(())
    }
}

// The request holds a name, a date of birth and diagnoses: `Debug` shows only their shape.
impl fmt::Debug for GoodFaithEstimateRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoodFaithEstimateRequest")
            .field("patient", &self.patient)
            .field("diagnosis_codes", &self.diagnosis_codes.len())
            .field("lines", &self.lines.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl fmt::Debug for LineCodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineCodes")
            .field("service_code", &self.service_code)
            .field("diagnosis_codes", &self.diagnosis_codes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(body: serde_json::Value) -> GoodFaithEstimateRequest {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn debug_output_never_shows_the_name_the_birth_date_or_a_diagnosis() {
        let req = request(json!({
            "patient": {"name": "Zebulon Quixote", "date_of_birth": "1961-04-09"},
            "diagnosis_codes": ["M17.11"],
            "lines": {"base": {"service_code": "20610", "diagnosis_codes": ["S83.511A"]}}
        }));
        let printed = format!("{req:?}");
        for secret in ["Zebulon", "Quixote", "1961", "04-09", "M17", "S83"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("base"), "{printed}");
    }

    #[test]
    fn only_the_patient_is_required() {
        let req = request(json!({"patient": {"name": "J", "date_of_birth": "1961-04-09"}}));
        assert!(req.diagnosis_codes.is_empty() && req.lines.is_empty());
    }

    #[test]
    fn no_caller_may_choose_another_figure_than_the_expected_charge() {
        let err = serde_json::from_value::<GoodFaithEstimateRequest>(json!({
            "patient": {"name": "J", "date_of_birth": "1961-04-09"}, "expected_basis": "high"
        }))
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown field `expected_basis`"),
            "{err}"
        );
    }

    #[test]
    fn more_than_twelve_diagnosis_codes_are_refused_naming_the_list() {
        let codes: Vec<String> = (10..23).map(|n| format!("M{n}")).collect();
        let req = request(
            json!({"patient": {"name": "J", "date_of_birth": "1961-04-09"},
                                 "lines": {"base": {"diagnosis_codes": codes}}}),
        );
        let err = req.validate_lengths().unwrap_err();
        assert_eq!(
            err.pointer().as_deref(),
            Some("/lines/base/diagnosis_codes")
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = serde_json::from_value::<GoodFaithEstimateRequest>(json!({
            "patient": {"name": "J", "date_of_birth": "1961-04-09"}, "insurance": "x"
        }))
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown field `insurance`"),
            "{err}"
        );
    }
}
