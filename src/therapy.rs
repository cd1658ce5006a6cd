//! The catalog's therapy codes and the options a patient chooses. Codes are part of the v1
//! surface, so they are a closed enum: an unknown code cannot reach a handler.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A therapy in the catalog.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TherapyCode {
    /// Single-knee mesenchymal stem-cell (MSC) injection.
    KneeMscInjection,
    /// MSC + platelet-rich plasma (PRP) combination injection.
    KneeMscPrp,
    /// Scaffold-based or bioprinted MSC construct.
    ScaffoldConstruct,
    /// Back-pain MSC/PRP therapy (experimental).
    BackMscPrp,
    /// Hematopoietic stem-cell transplant (coverage only; no cash price in the tables).
    Hsct,
    /// Remestemcel-L (Ryoncil), the first FDA-approved MSC product, for pediatric
    /// steroid-refractory acute graft-versus-host disease (coverage only; no cash price).
    RemestemcelL,
}

impl TherapyCode {
    /// Every code, in catalog order.
    pub const ALL: [TherapyCode; 6] = [
        TherapyCode::KneeMscInjection,
        TherapyCode::KneeMscPrp,
        TherapyCode::ScaffoldConstruct,
        TherapyCode::BackMscPrp,
        TherapyCode::Hsct,
        TherapyCode::RemestemcelL,
    ];

    /// The wire name, e.g. `knee_msc_injection`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TherapyCode::KneeMscInjection => "knee_msc_injection",
            TherapyCode::KneeMscPrp => "knee_msc_prp",
            TherapyCode::ScaffoldConstruct => "scaffold_construct",
            TherapyCode::BackMscPrp => "back_msc_prp",
            TherapyCode::Hsct => "hsct",
            TherapyCode::RemestemcelL => "remestemcel_l",
        }
    }

    /// The accepted codes as one human-readable list, for error messages.
    pub fn accepted() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for TherapyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input named no catalog therapy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown therapy `{0}`; accepted: {accepted}", accepted = TherapyCode::accepted())]
pub struct UnknownTherapy(pub String);

impl FromStr for TherapyCode {
    type Err = UnknownTherapy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownTherapy(s.to_owned()))
    }
}

/// Where the stem cells come from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CellSource {
    /// Autologous bone-marrow aspirate.
    BoneMarrow,
    /// Autologous adipose (fat) tissue.
    Adipose,
    /// Allogeneic umbilical-cord tissue.
    UmbilicalCord,
}

/// An optional item added to a procedure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AddOn {
    /// Platelet-rich plasma added to the injection.
    Prp,
    /// Exosomes added to the regenerative solution.
    Exosomes,
    /// Treating the medial and lateral collateral-ligament attachment sites too.
    CollateralLigamentSites,
    /// Imaging (ultrasound or fluoroscopic) guidance of the injection.
    ImagingGuidance,
    /// Post-procedure care and therapy.
    PostProcedureCare,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_wire_name() {
        for code in TherapyCode::ALL {
            assert_eq!(code.as_str().parse::<TherapyCode>(), Ok(code));
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
        }
    }

    #[test]
    fn unknown_code_error_lists_the_accepted_codes() {
        let err = "knee".parse::<TherapyCode>().unwrap_err().to_string();
        assert!(
            err.contains("knee_msc_injection") && err.contains("hsct"),
            "{err}"
        );
    }
}
