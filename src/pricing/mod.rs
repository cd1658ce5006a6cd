//! Pricing: the 2026 national price book, the therapy catalog it carries, and the estimate model
//! built on them.

pub mod catalog;
pub mod schedule;

pub use catalog::{TherapyCatalog, TherapyEntry};
pub use schedule::{CenterPrices, PriceRange};
