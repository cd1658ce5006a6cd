//! A Good Faith Estimate as it was issued, kept so that a bill is checked against the estimate
//! the patient was actually given: its id, when it was issued, the quote it came from, and each
//! provider's expected charges. It never holds the patient's name, date of birth or diagnoses,
//! which go into the document and nowhere else.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::centers::CenterId;
use crate::gfe::GoodFaithEstimate;
use crate::money::Cents;
use crate::quoting::QuoteId;
use crate::quoting::id::{is_id_body, random_id};

const PREFIX: &str = "gfe_";

/// The id of an issued Good Faith Estimate: `gfe_` and 26 random characters (130 bits).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(into = "String", try_from = "String")]
#[schema(value_type = String, example = "gfe_3vq6x2m7kd4hbn5rpt6yc2faew", pattern = "^gfe_[a-z2-7]{26}$")]
pub struct EstimateId(String);

/// The text is not an estimate id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a Good Faith Estimate id is `gfe_` followed by 26 characters from a-z and 2-7")]
pub struct InvalidEstimateId;

impl EstimateId {
    /// A fresh random id.
    pub fn generate() -> EstimateId {
        EstimateId(random_id(PREFIX))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for EstimateId {
    type Err = InvalidEstimateId;

    fn from_str(s: &str) -> Result<Self, InvalidEstimateId> {
        match s.strip_prefix(PREFIX) {
            Some(body) if is_id_body(body) => Ok(EstimateId(s.to_owned())),
            _ => Err(InvalidEstimateId),
        }
    }
}

impl TryFrom<String> for EstimateId {
    type Error = InvalidEstimateId;

    fn try_from(s: String) -> Result<Self, InvalidEstimateId> {
        s.parse()
    }
}

impl From<EstimateId> for String {
    fn from(id: EstimateId) -> String {
        id.0
    }
}

impl fmt::Display for EstimateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for EstimateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EstimateId({})", self.0)
    }
}

/// Whose prices a provider's expected charges are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChargesBasis {
    /// The national 2026 reference ranges: the quote names no center with a price list.
    NationalReference,
    /// The center's own price list.
    CenterPriceList,
}

/// A Good Faith Estimate as issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedEstimate {
    /// Its id.
    pub id: EstimateId,
    /// The quote it was written from.
    pub quote_id: QuoteId,
    /// When it was issued (whole seconds, UTC).
    pub issued_at: DateTime<Utc>,
    /// What each provider was expected to charge.
    pub charges: IssuedCharges,
}

/// The figures a bill is checked against, kept as one JSON record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedCharges {
    /// One entry per provider the estimate listed, in its order.
    pub providers: Vec<IssuedProvider>,
    /// The expected charges of every provider, added up.
    pub total_expected_charges_cents: Cents,
}

/// One provider on an issued estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedProvider {
    /// The center's directory id; absent when the quote named no center.
    pub provider_id: Option<CenterId>,
    /// Whose prices the expected charges are.
    pub basis: ChargesBasis,
    /// The provider's expected charges: the sum of its items' expected charges.
    pub expected_charges_cents: Cents,
}

impl From<&GoodFaithEstimate> for IssuedEstimate {
    /// What the service keeps of a document it issues: no name, date of birth or diagnosis.
    fn from(doc: &GoodFaithEstimate) -> IssuedEstimate {
        IssuedEstimate {
            id: doc.id.clone(),
            quote_id: doc.quote.id.clone(),
            issued_at: doc.issued_at,
            charges: IssuedCharges {
                providers: doc
                    .providers
                    .iter()
                    .map(|p| IssuedProvider {
                        provider_id: p.provider_id.clone(),
                        basis: p.charges_basis,
                        expected_charges_cents: p.expected_charges_cents,
                    })
                    .collect(),
                total_expected_charges_cents: doc.total_expected_charges_cents,
            },
        }
    }
}

impl IssuedEstimate {
    /// The provider the estimate listed with `id`.
    pub fn provider(&self, id: &CenterId) -> Option<&IssuedProvider> {
        self.charges
            .providers
            .iter()
            .find(|p| p.provider_id.as_ref() == Some(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_id_parses_back_and_malformed_ones_are_refused() {
        let id = EstimateId::generate();
        assert_eq!(id.as_str().len(), 30);
        assert_eq!(id.as_str().parse::<EstimateId>(), Ok(id));
        for bad in [
            "",
            "gfe_",
            "q_7kd2mzq4xw3hbn5rpt6vyc2fae",
            "gfe_7KD2mzq4xw3hbn5rpt6vyc2fae",
        ] {
            assert_eq!(bad.parse::<EstimateId>(), Err(InvalidEstimateId), "{bad}");
        }
    }

    #[test]
    fn the_record_holds_charges_and_nothing_about_the_patient() {
        let charges = IssuedCharges {
            providers: vec![IssuedProvider {
                provider_id: Some("regenerative-orthopedics-fort-worth".parse().unwrap()),
                basis: ChargesBasis::NationalReference,
                expected_charges_cents: Cents::new(750_000),
            }],
            total_expected_charges_cents: Cents::new(750_000),
        };
        let json = serde_json::to_value(&charges).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "providers": [{"provider_id": "regenerative-orthopedics-fort-worth",
                               "basis": "national_reference", "expected_charges_cents": 750000}],
                "total_expected_charges_cents": 750000
            })
        );
    }
}
