//! regenquote: prices regenerative-medicine procedures for self-pay patients.

pub mod centers;
pub mod coverage;
pub mod financing;
pub mod money;
pub mod pricing;
pub mod therapy;
pub mod zip;
