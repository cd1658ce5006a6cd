//! (filled in by the coverage work)
