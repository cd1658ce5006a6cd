//! (filled in by the financing work)
