//! The ZIP geocoder: US ZIP code → city, state and centroid, from `us-zip-codes.csv` beside
//! this file (BSD licence in `us-zip-codes.LICENSE`; see that file before redistributing).
//!
//! File format: CSV with the header `zip,city,state,latitude,longitude`, one ZIP per row,
//! WGS84 decimal degrees. Two conventions of the source data are honoured rather than
//! repaired: a centroid of exactly (0, 0) means "no centroid" (military APO/FPO ZIPs), and a
//! centroid on the wrong side of the Earth for its state (ZIP 10200 lists longitude +73.95
//! for New York) is treated as missing too, rather than guessing the sign.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::geo::{GeoPoint, check_latitude, check_longitude};
use super::us_state::{StateCode, StateKind};
use crate::zip::ZipCode;

/// The shipped ZIP table, embedded in the binary.
pub const EMBEDDED_ZIP_CSV: &str = include_str!("us-zip-codes.csv");

const HEADER: [&str; 5] = ["zip", "city", "state", "latitude", "longitude"];

/// One ZIP code's place.
#[derive(Debug, Clone, PartialEq)]
pub struct ZipPlace {
    /// The ZIP code.
    pub zip: ZipCode,
    /// The USPS preferred city name.
    pub city: String,
    /// The USPS state code (may be a military or freely associated code).
    pub state: StateCode,
    /// The centroid, or `None` when the data has none we can trust.
    pub point: Option<GeoPoint>,
}

/// ZIP code → place, loaded once at start-up.
#[derive(Debug, Clone)]
pub struct ZipTable {
    // Sorted by ZIP: binary search is as fast as hashing at this size and keeps iteration
    // deterministic.
    places: Vec<ZipPlace>,
}

/// The ZIP file could not be read or a row is malformed.
#[derive(Debug, thiserror::Error)]
pub enum ZipFileError {
    /// The override file could not be read.
    #[error("cannot read ZIP file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A row (or the header) is malformed.
    #[error("ZIP file row {row} (line {line}, zip `{zip}`), field `{field}`: {problem}")]
    Row {
        /// 0-based data row index (the header is not a row).
        row: usize,
        /// 1-based line in the file.
        line: u64,
        /// The row's ZIP as written.
        zip: String,
        /// The offending column.
        field: &'static str,
        /// What is wrong and what is accepted.
        problem: String,
    },
    /// The header is not `zip,city,state,latitude,longitude`.
    #[error("ZIP file header must be `zip,city,state,latitude,longitude`")]
    Header,
}

impl ZipTable {
    /// The table shipped in the binary.
    pub fn embedded() -> Result<Self, ZipFileError> {
        Self::from_csv_str(EMBEDDED_ZIP_CSV)
    }

    /// An operator's replacement file, in the same format.
    pub fn from_path(path: &Path) -> Result<Self, ZipFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ZipFileError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_csv_str(&text)
    }

    /// Parses and validates the CSV text.
    pub fn from_csv_str(text: &str) -> Result<Self, ZipFileError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header_ok = reader
            .headers()
            .map(|h| h.iter().eq(HEADER.iter().copied()))
            .unwrap_or(false);
        if !header_ok {
            return Err(ZipFileError::Header);
        }
        let mut places: Vec<ZipPlace> = Vec::with_capacity(50_000);
        let mut seen = HashSet::with_capacity(50_000);
        for (row, record) in reader.records().enumerate() {
            let record = record.map_err(|e| ZipFileError::Row {
                row,
                line: e.position().map_or(0, |p| p.line()),
                zip: String::new(),
                field: "zip",
                problem: e.to_string(),
            })?;
            let row_error = |field, problem| ZipFileError::Row {
                row,
                line: record.position().map_or(0, |p| p.line()),
                zip: record.get(0).unwrap_or_default().to_owned(),
                field,
                problem,
            };
            let place = parse_row(&record).map_err(|(field, problem)| row_error(field, problem))?;
            if !seen.insert(place.zip) {
                return Err(row_error("zip", "the ZIP code is listed twice".into()));
            }
            places.push(place);
        }
        places.sort_by_key(|p| p.zip);
        Ok(ZipTable { places })
    }

    /// The place of a ZIP code, or `None` when the table does not know it.
    pub fn resolve(&self, zip: &ZipCode) -> Option<&ZipPlace> {
        self.places
            .binary_search_by(|p| p.zip.cmp(zip))
            .ok()
            .map(|i| &self.places[i])
    }

    /// Every place, in ZIP order.
    pub fn places(&self) -> &[ZipPlace] {
        &self.places
    }

    /// Number of ZIP codes.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

fn parse_row(record: &csv::StringRecord) -> Result<ZipPlace, (&'static str, String)> {
    if record.len() != HEADER.len() {
        return Err(("zip", format!("expected 5 columns, found {}", record.len())));
    }
    let zip: ZipCode = record[0].parse().map_err(|e| ("zip", format!("{e}")))?;
    let city = record[1].trim();
    if city.is_empty() {
        return Err(("city", "the city must not be empty".into()));
    }
    let state = StateCode::parse_postal(&record[2]).ok_or_else(|| {
        (
            "state",
            format!("`{}` is not a USPS state code", &record[2]),
        )
    })?;
    let lat = parse_coordinate(&record[3], check_latitude).map_err(|p| ("latitude", p))?;
    let lon = parse_coordinate(&record[4], check_longitude).map_err(|p| ("longitude", p))?;
    let point = if plausible(state, lat, lon) {
        GeoPoint::new(lat, lon).ok()
    } else {
        None
    };
    Ok(ZipPlace {
        zip,
        city: city.to_owned(),
        state,
        point,
    })
}

fn parse_coordinate(
    text: &str,
    check: fn(f64) -> Result<f64, super::geo::GeoError>,
) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a decimal number"))?;
    check(value).map_err(|e| e.to_string())
}

/// False for the source's "no centroid" marker (0, 0) and for a centroid that cannot be in
/// its state: every state, DC, PR and VI lies north of the equator, and all but Alaska and
/// Hawaii (whose outlying islands cross the antimeridian) lie west of Greenwich.
fn plausible(state: StateCode, lat: f64, lon: f64) -> bool {
    if lat == 0.0 && lon == 0.0 {
        return false;
    }
    let western = matches!(state.kind(), StateKind::State | StateKind::District)
        || matches!(state.as_str(), "PR" | "VI");
    if !western {
        return true;
    }
    lat > 0.0 && (lon < 0.0 || matches!(state.as_str(), "AK" | "HI"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip(s: &str) -> ZipCode {
        s.parse().unwrap()
    }

    #[test]
    fn shipped_table_loads_and_resolves_downtown_fort_worth() {
        let table = ZipTable::embedded().unwrap();
        assert!(table.len() > 40_000, "{}", table.len());
        let place = table.resolve(&zip("76102")).unwrap();
        assert_eq!(
            (place.city.as_str(), place.state.as_str()),
            ("Fort Worth", "TX")
        );
        let point = place.point.unwrap();
        assert_eq!((point.lat(), point.lon()), (32.7589, -97.328));
    }

    #[test]
    fn unknown_zip_resolves_to_nothing() {
        assert!(
            ZipTable::embedded()
                .unwrap()
                .resolve(&zip("00000"))
                .is_none()
        );
    }

    #[test]
    fn military_zip_without_centroid_resolves_with_no_point() {
        let table = ZipTable::embedded().unwrap();
        let place = table.resolve(&zip("09002")).unwrap();
        assert_eq!(place.state.as_str(), "AE");
        assert_eq!(place.point, None);
    }

    #[test]
    fn centroid_in_the_wrong_hemisphere_is_treated_as_missing() {
        let table = ZipTable::embedded().unwrap();
        assert_eq!(table.resolve(&zip("10200")).unwrap().point, None);
        // Guam and Wake Island are legitimately east of Greenwich.
        assert!(table.resolve(&zip("96910")).unwrap().point.is_some());
        assert!(table.resolve(&zip("96898")).unwrap().point.is_some());
    }

    #[test]
    fn bad_rows_fail_naming_row_zip_and_field() {
        let cases = [
            ("76102,Fort Worth,TX,95,-97.3", "latitude"),
            ("76102,Fort Worth,TX,32.7,-197.3", "longitude"),
            ("76102,Fort Worth,TX,north,-97.3", "latitude"),
            ("76102,,TX,32.7,-97.3", "city"),
            ("76102,Fort Worth,XX,32.7,-97.3", "state"),
            ("7610,Fort Worth,TX,32.7,-97.3", "zip"),
        ];
        for (row, field) in cases {
            let text =
                format!("zip,city,state,latitude,longitude\n10016,New York,NY,40.7,-73.9\n{row}\n");
            match ZipTable::from_csv_str(&text).unwrap_err() {
                ZipFileError::Row {
                    row: index,
                    field: f,
                    line,
                    ..
                } => {
                    assert_eq!((index, f, line), (1, field, 3), "{row}");
                }
                other => panic!("{row}: {other}"),
            }
        }
    }

    #[test]
    fn duplicate_zip_and_wrong_header_are_rejected() {
        let dup = "zip,city,state,latitude,longitude\n10016,New York,NY,40.7,-73.9\n10016,New York,NY,40.7,-73.9\n";
        let err = ZipTable::from_csv_str(dup).unwrap_err().to_string();
        assert!(
            err.contains("row 1 (line 3, zip `10016`)") && err.contains("listed twice"),
            "{err}"
        );
        let header = "zip,city,state,lat,lon\n";
        assert!(matches!(
            ZipTable::from_csv_str(header),
            Err(ZipFileError::Header)
        ));
    }
}
