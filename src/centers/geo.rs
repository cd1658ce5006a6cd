//! Points on the Earth and the distances between them: validated WGS84 coordinates, the
//! great-circle distance reported to patients, and the unit-sphere vectors the spatial index
//! stores.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Mean Earth radius in miles (IUGG mean radius R1 = 6,371.0088 km). A spherical Earth is
/// accurate to about 0.5 %, far finer than "within 50 miles" needs.
pub const EARTH_RADIUS_MILES: f64 = 3_958.761_3;

/// A WGS84 position in decimal degrees, latitude in -90..=90 and longitude in -180..=180.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "RawPoint")]
#[schema(example = json!({"lat": 32.7589, "lon": -97.328}))]
pub struct GeoPoint {
    /// Latitude in decimal degrees, -90 to 90.
    lat: f64,
    /// Longitude in decimal degrees, -180 to 180.
    lon: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoint {
    lat: f64,
    lon: f64,
}

/// A coordinate outside its range (or not a finite number).
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum GeoError {
    /// The latitude is not a finite number from -90 to 90.
    #[error("lat must be a number from -90 to 90 (got {0})")]
    Latitude(f64),
    /// The longitude is not a finite number from -180 to 180.
    #[error("lon must be a number from -180 to 180 (got {0})")]
    Longitude(f64),
}

impl GeoError {
    /// The offending input field: `lat` or `lon`.
    pub fn field(&self) -> &'static str {
        match self {
            GeoError::Latitude(_) => "lat",
            GeoError::Longitude(_) => "lon",
        }
    }
}

/// `lat` as a latitude, or the error naming it.
pub fn check_latitude(lat: f64) -> Result<f64, GeoError> {
    if lat.is_finite() && (-90.0..=90.0).contains(&lat) {
        Ok(lat)
    } else {
        Err(GeoError::Latitude(lat))
    }
}

/// `lon` as a longitude, or the error naming it.
pub fn check_longitude(lon: f64) -> Result<f64, GeoError> {
    if lon.is_finite() && (-180.0..=180.0).contains(&lon) {
        Ok(lon)
    } else {
        Err(GeoError::Longitude(lon))
    }
}

impl GeoPoint {
    /// A point, or the error naming the coordinate that is out of range.
    pub fn new(lat: f64, lon: f64) -> Result<Self, GeoError> {
        Ok(GeoPoint {
            lat: check_latitude(lat)?,
            lon: check_longitude(lon)?,
        })
    }

    /// A point from coordinates the caller has already range-checked.
    pub(super) fn from_checked(lat: f64, lon: f64) -> Self {
        GeoPoint { lat, lon }
    }

    /// Latitude in decimal degrees.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude in decimal degrees.
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Great-circle distance to `other` in miles (haversine formula, which stays accurate
    /// for the short distances a patient searches over).
    pub fn miles_to(self, other: GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.lon - self.lon).to_radians();
        let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_MILES * h.sqrt().min(1.0).asin()
    }

    /// The point as a vector on the unit sphere. Straight-line (chord) distance between two
    /// such vectors grows monotonically with great-circle distance, so a Euclidean R-tree
    /// over them answers great-circle radius and nearest-first queries without distortion
    /// at any latitude.
    pub fn unit_vector(self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }
}

impl TryFrom<RawPoint> for GeoPoint {
    type Error = GeoError;
    fn try_from(raw: RawPoint) -> Result<Self, Self::Error> {
        GeoPoint::new(raw.lat, raw.lon)
    }
}

/// The unit-sphere chord length spanning `miles` of great-circle distance.
pub fn chord_for_miles(miles: f64) -> f64 {
    // Beyond half the circumference the chord stops growing; clamp so the bound stays valid.
    let angle = (miles / EARTH_RADIUS_MILES).min(std::f64::consts::PI);
    2.0 * (angle / 2.0).sin()
}

/// A distance rounded to the tenth of a mile that responses report.
pub fn round_to_tenth(miles: f64) -> f64 {
    (miles * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn point(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn out_of_range_or_non_finite_coordinates_name_their_field() {
        for (lat, lon, field) in [
            (90.5, 0.0, "lat"),
            (-91.0, 0.0, "lat"),
            (f64::NAN, 0.0, "lat"),
            (0.0, 180.01, "lon"),
            (0.0, f64::NEG_INFINITY, "lon"),
        ] {
            assert_eq!(GeoPoint::new(lat, lon).unwrap_err().field(), field);
        }
        assert!(GeoPoint::new(90.0, -180.0).is_ok());
    }

    #[test]
    fn fort_worth_to_manhattan_is_about_1400_miles() {
        // ZIP centroids of 76102 (Fort Worth) and 10016 (Manhattan); published road-atlas
        // great-circle figure for DFW to NYC is roughly 1,370-1,400 miles.
        let d = point(32.7589, -97.328).miles_to(point(40.7443, -73.9781));
        assert!((1_350.0..1_420.0).contains(&d), "{d}");
    }

    #[test]
    fn one_degree_of_latitude_is_about_69_miles() {
        let d = point(40.0, -100.0).miles_to(point(41.0, -100.0));
        assert!((d - 69.09).abs() < 0.05, "{d}");
    }

    #[test]
    fn deserializing_a_point_rejects_out_of_range_latitude() {
        let err = serde_json::from_str::<GeoPoint>(r#"{"lat": 95, "lon": 0}"#).unwrap_err();
        assert!(err.to_string().contains("lat must be"), "{err}");
    }

    #[test]
    fn distances_round_to_the_nearest_tenth() {
        assert_eq!(round_to_tenth(12.345), 12.3);
        assert_eq!(round_to_tenth(12.35), 12.4);
        assert_eq!(round_to_tenth(0.04), 0.0);
    }

    proptest! {
        #[test]
        fn chord_order_matches_great_circle_order(
            a in (-60.0f64..70.0, -179.0f64..179.0),
            b in (-60.0f64..70.0, -179.0f64..179.0),
            c in (-60.0f64..70.0, -179.0f64..179.0),
        ) {
            let (a, b, c) = (point(a.0, a.1), point(b.0, b.1), point(c.0, c.1));
            let chord = |p: GeoPoint, q: GeoPoint| {
                let (u, v) = (p.unit_vector(), q.unit_vector());
                ((u[0] - v[0]).powi(2) + (u[1] - v[1]).powi(2) + (u[2] - v[2]).powi(2)).sqrt()
            };
            let (gb, gc) = (a.miles_to(b), a.miles_to(c));
            if (gb - gc).abs() > 1e-6 {
                prop_assert_eq!(gb < gc, chord(a, b) < chord(a, c));
            }
            prop_assert!((chord(a, b) - chord_for_miles(gb)).abs() < 1e-9);
        }
    }
}
