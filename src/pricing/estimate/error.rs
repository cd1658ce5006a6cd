//! Why an estimate was refused. Every variant knows the request field it concerns and says what
//! would be accepted, so the route can answer a 422 naming the field.

use serde::Serialize;

use crate::money::Overflow;
use crate::pricing::catalog::wire_name;
use crate::therapy::{AddOn, CellSource, TherapyCode};

/// An estimate could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstimateError {
    /// The therapy has no cash price in the tables.
    #[error("{therapy} has no cash price: {reason}")]
    NoCashPrice {
        /// The therapy asked for.
        therapy: TherapyCode,
        /// Why the tables give none.
        reason: String,
    },
    /// `joints` is outside `1..=max`.
    #[error("joints must be from 1 to {max} for {therapy}; got {given}")]
    JointsOutOfRange {
        /// The therapy asked for.
        therapy: TherapyCode,
        /// The value given.
        given: u8,
        /// The most the therapy accepts.
        max: u8,
    },
    /// `sessions` is outside `1..=max`.
    #[error("sessions must be from 1 to {max} for {therapy}; got {given}")]
    SessionsOutOfRange {
        /// The therapy asked for.
        therapy: TherapyCode,
        /// The value given.
        given: u8,
        /// The most the therapy accepts.
        max: u8,
    },
    /// The therapy is not offered with this cell source.
    #[error(
        "cell_source `{given}` is not offered for {therapy}; accepted: {accepted}",
        given = wire_name(.given),
        accepted = accepted(.offered, "cell_source")
    )]
    CellSourceNotOffered {
        /// The therapy asked for.
        therapy: TherapyCode,
        /// The value given.
        given: CellSource,
        /// The cell sources the therapy is offered with.
        offered: Vec<CellSource>,
    },
    /// The therapy is not offered with this add-on.
    #[error(
        "add_ons: `{given}` is not offered for {therapy}; accepted: {accepted}",
        given = wire_name(.given),
        accepted = accepted(.offered, "add_ons")
    )]
    AddOnNotOffered {
        /// The therapy asked for.
        therapy: TherapyCode,
        /// The add-on given.
        given: AddOn,
        /// The add-ons the therapy is offered with.
        offered: Vec<AddOn>,
    },
    /// An add-on appears twice.
    #[error("add_ons lists `{name}` more than once; list each add-on once", name = wire_name(.add_on))]
    DuplicateAddOn {
        /// The repeated add-on.
        add_on: AddOn,
    },
    /// The center's own price list contradicts itself (a range whose low end is above its
    /// high end, or a typical price outside the range).
    #[error("the prices of center_id's price list are inconsistent: {problem}")]
    CenterPricesInvalid {
        /// What is wrong.
        problem: String,
    },
    /// An amount left the range of integer cents. Only a center's price list can be that large:
    /// the national book is checked at start-up.
    #[error("the prices are too large to total in cents")]
    Overflow,
}

impl EstimateError {
    /// The request field the error concerns.
    pub fn field(&self) -> &'static str {
        match self {
            EstimateError::NoCashPrice { .. } => "therapy",
            EstimateError::JointsOutOfRange { .. } => "joints",
            EstimateError::SessionsOutOfRange { .. } => "sessions",
            EstimateError::CellSourceNotOffered { .. } => "cell_source",
            EstimateError::AddOnNotOffered { .. } | EstimateError::DuplicateAddOn { .. } => {
                "add_ons"
            }
            EstimateError::CenterPricesInvalid { .. } | EstimateError::Overflow => "center_id",
        }
    }
}

impl From<Overflow> for EstimateError {
    fn from(_: Overflow) -> Self {
        EstimateError::Overflow
    }
}

/// The accepted values as a list, or how to leave the field out when there are none.
fn accepted<T: Serialize + std::fmt::Debug>(values: &[T], field: &str) -> String {
    if values.is_empty() {
        format!("none for this therapy; omit {field}")
    } else {
        values.iter().map(wire_name).collect::<Vec<_>>().join(", ")
    }
}
