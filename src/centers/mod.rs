//! The center directory: which centers offer which therapies, where they are, and the
//! search patients use to find the nearest ones. Also the ZIP geocoder that turns a
//! patient's ZIP code into a point.

mod geo;
mod state;
mod zips;

pub use geo::{EARTH_RADIUS_MILES, GeoError, GeoPoint};
pub use state::{StateCode, StateKind, UnknownState};
pub use zips::{EMBEDDED_ZIP_CSV, ZipFileError, ZipPlace, ZipTable};
