//! Coverage: whether a payer will pay for a therapy, why, what the patient would pay, and
//! what they can do next.

mod condition;
mod payer;

pub use condition::{Condition, UnknownCondition};
pub use payer::{Payer, UnknownPayer};
