//! The conditions a coverage question can name. They come from the 2026 disease table
//! (seed `000_d9be3b6bbdbe24f3.txt`, "Stem‑Cell Applications Across Diseases"), plus back
//! pain (the same seed's access table and paragraph) and the one indication an MSC product
//! is FDA-approved for. Each condition's row in `rules.toml` cites where it comes from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A condition a therapy may be used for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(example = "knee_osteoarthritis")]
pub enum Condition {
    /// Knee osteoarthritis.
    KneeOsteoarthritis,
    /// Age-related frailty.
    AgeRelatedFrailty,
    /// Rheumatoid arthritis.
    RheumatoidArthritis,
    /// Multiple sclerosis.
    MultipleSclerosis,
    /// Hematologic (blood) malignancies.
    HematologicMalignancy,
    /// Focal cartilage defects.
    CartilageDefect,
    /// Back pain.
    BackPain,
    /// Steroid-refractory acute graft-versus-host disease in children (2 months and older):
    /// the indication of remestemcel-L (Ryoncil).
    SteroidRefractoryAcuteGvhdPediatric,
}

impl Condition {
    /// Every condition, in the order of the disease table, then the later additions.
    pub const ALL: [Condition; 8] = [
        Condition::KneeOsteoarthritis,
        Condition::AgeRelatedFrailty,
        Condition::RheumatoidArthritis,
        Condition::MultipleSclerosis,
        Condition::HematologicMalignancy,
        Condition::CartilageDefect,
        Condition::BackPain,
        Condition::SteroidRefractoryAcuteGvhdPediatric,
    ];

    /// The wire name, e.g. `knee_osteoarthritis`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Condition::KneeOsteoarthritis => "knee_osteoarthritis",
            Condition::AgeRelatedFrailty => "age_related_frailty",
            Condition::RheumatoidArthritis => "rheumatoid_arthritis",
            Condition::MultipleSclerosis => "multiple_sclerosis",
            Condition::HematologicMalignancy => "hematologic_malignancy",
            Condition::CartilageDefect => "cartilage_defect",
            Condition::BackPain => "back_pain",
            Condition::SteroidRefractoryAcuteGvhdPediatric => {
                "steroid_refractory_acute_gvhd_pediatric"
            }
        }
    }

    /// The accepted names as one human-readable list, for error messages.
    pub fn accepted() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input named no known condition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown condition `{0}`; accepted: {accepted}", accepted = Condition::accepted())]
pub struct UnknownCondition(pub String);

impl UnknownCondition {
    /// The request field that held the bad value.
    pub const fn field(&self) -> &'static str {
        "condition"
    }

    /// The values that would have been accepted.
    pub fn accepted(&self) -> Vec<&'static str> {
        Condition::ALL.map(Condition::as_str).to_vec()
    }
}

impl FromStr for Condition {
    type Err = UnknownCondition;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCondition(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_condition_round_trips_through_its_wire_name() {
        for condition in Condition::ALL {
            assert_eq!(condition.as_str().parse::<Condition>(), Ok(condition));
            assert_eq!(
                serde_json::to_value(condition).unwrap(),
                serde_json::Value::String(condition.as_str().into())
            );
        }
    }

    #[test]
    fn unknown_condition_error_names_the_field_and_every_accepted_value() {
        let err = "arthritis".parse::<Condition>().unwrap_err();
        assert_eq!(err.field(), "condition");
        assert_eq!(err.accepted().len(), Condition::ALL.len());
        let text = err.to_string();
        for name in err.accepted() {
            assert!(text.contains(name), "{text}");
        }
        assert!(text.contains("`arthritis`"), "{text}");
    }
}
