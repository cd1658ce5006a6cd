//! Who pays: the kinds of payer a coverage question can be asked for. The set is part of
//! the v1 surface, so it is a closed enum and an unknown payer never reaches the rules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kind of payer a coverage question is asked for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(example = "commercial")]
pub enum Payer {
    /// Medicare: Original Medicare (fee-for-service) or a Medicare Advantage plan.
    Medicare,
    /// Medicaid: a state Medicaid program or one of its managed-care plans.
    Medicaid,
    /// Private (commercial) health insurance, through an employer or bought individually.
    Commercial,
    /// No insurer is billed: the patient is uninsured or chooses not to bill a plan, and
    /// pays the provider directly.
    SelfPay,
}

impl Payer {
    /// Every payer, in the order answers list them.
    pub const ALL: [Payer; 4] = [
        Payer::Medicare,
        Payer::Medicaid,
        Payer::Commercial,
        Payer::SelfPay,
    ];

    /// The wire name, e.g. `self_pay`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Payer::Medicare => "medicare",
            Payer::Medicaid => "medicaid",
            Payer::Commercial => "commercial",
            Payer::SelfPay => "self_pay",
        }
    }

    /// Whether an insurer stands behind the patient (every payer but `self_pay`).
    pub const fn is_insurer(self) -> bool {
        !matches!(self, Payer::SelfPay)
    }

    /// The accepted names as one human-readable list, for error messages.
    pub fn accepted() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for Payer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input named no known payer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown payer `{0}`; accepted: {accepted}", accepted = Payer::accepted())]
pub struct UnknownPayer(pub String);

impl UnknownPayer {
    /// The request field that held the bad value.
    pub const fn field(&self) -> &'static str {
        "payer"
    }

    /// The values that would have been accepted.
    pub fn accepted(&self) -> Vec<&'static str> {
        Payer::ALL.map(Payer::as_str).to_vec()
    }
}

impl FromStr for Payer {
    type Err = UnknownPayer;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPayer(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_payer_round_trips_through_its_wire_name() {
        for payer in Payer::ALL {
            assert_eq!(payer.as_str().parse::<Payer>(), Ok(payer));
            assert_eq!(
                serde_json::to_value(payer).unwrap(),
                serde_json::Value::String(payer.as_str().into())
            );
        }
    }

    #[test]
    fn unknown_payer_error_names_the_field_and_every_accepted_value() {
        let err = "Medicare".parse::<Payer>().unwrap_err();
        assert_eq!(err.field(), "payer");
        assert_eq!(
            err.accepted(),
            ["medicare", "medicaid", "commercial", "self_pay"]
        );
        let text = err.to_string();
        for name in err.accepted() {
            assert!(text.contains(name), "{text}");
        }
        assert!(text.contains("`Medicare`"), "{text}");
    }

    #[test]
    fn only_self_pay_has_no_insurer() {
        let uninsured: Vec<Payer> = Payer::ALL.into_iter().filter(|p| !p.is_insurer()).collect();
        assert_eq!(uninsured, [Payer::SelfPay]);
    }
}
