//! Pricing: the 2026 price book and the estimate model built on it.

pub mod schedule;

pub use schedule::{CenterPrices, PriceRange};
