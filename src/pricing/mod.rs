//! Pricing: the 2026 national price book, the therapy catalog it carries, and the estimate model
//! built on them.

pub mod catalog;
pub mod estimate;
pub mod price_book;
pub mod price_list;
pub mod schedule;
mod translate;

pub use catalog::{TherapyCatalog, TherapyEntry};
pub use estimate::{Estimate, EstimateError, EstimateRequest, estimate};
pub use price_book::{PriceBook, PriceBookError};
pub use schedule::{CenterPrices, PriceRange};
pub use translate::translate;
