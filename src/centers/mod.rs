//! (filled in by the centers work)
