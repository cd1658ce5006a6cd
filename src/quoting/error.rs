//! Why a request cannot be estimated or quoted. Each variant knows the request field it
//! concerns, so the HTTP layer answers one 422 naming it.

use crate::centers::CenterId;
use crate::pricing::EstimateError;
use crate::zip::ZipCode;

/// A request the quoting service refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotingError {
    /// The ZIP code is well formed but is not a known US ZIP code.
    #[error("ZIP {0} is not a known US ZIP code")]
    UnknownZip(ZipCode),
    /// No center has this id.
    #[error("no center has the id `{0}`; see GET /v1/centers")]
    UnknownCenter(CenterId),
    /// The price book (or the center's price list) cannot price the request.
    #[error(transparent)]
    Estimate(#[from] EstimateError),
}

impl QuotingError {
    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            QuotingError::UnknownZip(_) => "zip",
            QuotingError::UnknownCenter(_) => "center_id",
            QuotingError::Estimate(e) => e.field(),
        }
    }
}
