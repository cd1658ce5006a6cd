//! What a center search asks for: the query-string parameters as received, the validated
//! query, the limits that apply, and the errors that name the offending field.

use serde::Deserialize;
use utoipa::IntoParams;

use super::center::{CenterKind, UnknownKind};
use super::cursor::CursorError;
use super::geo::{GeoError, GeoPoint};
use super::us_state::{StateCode, UnknownState};
use super::zips::ZipTable;
use crate::therapy::{TherapyCode, UnknownTherapy};
use crate::zip::ZipCode;

/// Radius used when a location is given without `radius_miles`.
pub const DEFAULT_RADIUS_MILES: f64 = 50.0;
/// Largest accepted `radius_miles`.
pub const MAX_RADIUS_MILES: f64 = 500.0;
/// Page size used when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest accepted `limit`.
pub const MAX_LIMIT: usize = 100;
/// Fewest and most characters of a `name` filter.
pub const NAME_FILTER_CHARS: (usize, usize) = (2, 100);

/// A validated-on-search center query. With `near`, results are the centers within the
/// radius, nearest first (ties by id); without, all matching centers ordered by state, city,
/// name and id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CenterQuery {
    /// Search around this point.
    pub near: Option<GeoPoint>,
    /// Radius around `near` in miles; default [`DEFAULT_RADIUS_MILES`], at most
    /// [`MAX_RADIUS_MILES`]. Only meaningful with `near`.
    pub radius_miles: Option<f64>,
    /// Only centers offering this therapy.
    pub therapy: Option<TherapyCode>,
    /// Only centers in this state or territory.
    pub state: Option<StateCode>,
    /// Only centers in this city (case-insensitive, otherwise exact).
    pub city: Option<String>,
    /// Only centers of this kind.
    pub kind: Option<CenterKind>,
    /// Only centers whose name contains this text (case-insensitive).
    pub name: Option<String>,
    /// Page size; default [`DEFAULT_LIMIT`], 1 to [`MAX_LIMIT`].
    pub limit: Option<usize>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Query-string parameters of a center search, as the route receives them.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CenterSearchParams {
    /// Search around this five-digit ZIP code's centroid (instead of `lat`/`lon`).
    #[param(pattern = "^[0-9]{5}$", example = "76102")]
    pub zip: Option<String>,
    /// Search around this latitude (decimal degrees, -90 to 90; needs `lon`).
    #[param(minimum = -90, maximum = 90, example = 32.7589)]
    pub lat: Option<f64>,
    /// Search around this longitude (decimal degrees, -180 to 180; needs `lat`).
    #[param(minimum = -180, maximum = 180, example = -97.328)]
    pub lon: Option<f64>,
    /// Radius in miles around the location: more than 0, at most 500; default 50.
    #[param(exclusive_minimum = 0, maximum = 500, example = 50)]
    pub radius_miles: Option<f64>,
    /// Only centers offering this therapy code.
    #[param(value_type = Option<TherapyCode>)]
    pub therapy: Option<String>,
    /// Only centers in this state or territory (USPS code, e.g. `TX`).
    #[param(pattern = "^[A-Za-z]{2}$", example = "TX")]
    pub state: Option<String>,
    /// Only centers in this city (case-insensitive exact match).
    #[param(pattern = "\\S", example = "Fort Worth")]
    pub city: Option<String>,
    /// Only centers of this kind.
    #[param(value_type = Option<CenterKind>)]
    pub kind: Option<String>,
    /// Only centers whose name contains this text, ignoring case: 2 to 100 characters. Finds a
    /// center imported from NPPES, which lists no therapies, by the name it registered.
    #[param(min_length = 2, max_length = 100, example = "Orthopedics")]
    pub name: Option<String>,
    /// Page size, 1 to 100; default 20.
    #[param(minimum = 1, maximum = 100, example = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` from the previous page, passed back unchanged.
    pub cursor: Option<String>,
}

/// A search input was refused; [`SearchError::field`] names the parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SearchError {
    /// A coordinate is out of range.
    #[error(transparent)]
    Coordinate(#[from] GeoError),
    /// Only one of `lat` and `lon` was given.
    #[error("{missing} is missing: give lat and lon together, or a zip")]
    HalfCoordinate {
        /// The missing one: `lat` or `lon`.
        missing: &'static str,
    },
    /// Both a ZIP and coordinates were given.
    #[error("give either zip or lat/lon, not both")]
    TwoLocations,
    /// The ZIP is not five digits.
    #[error("a zip is exactly five digits, e.g. 76102 (got `{0}`)")]
    MalformedZip(String),
    /// The ZIP is not in the ZIP table.
    #[error("ZIP {0} is not a known US ZIP code")]
    UnknownZip(ZipCode),
    /// The ZIP is known but has no centroid (military APO/FPO and a few data errors).
    #[error("ZIP {0} has no known location; search by lat/lon or a nearby ZIP")]
    ZipWithoutLocation(ZipCode),
    /// The radius is not more than 0 and at most the maximum.
    #[error("radius_miles must be more than 0 and at most {MAX_RADIUS_MILES} (got {0})")]
    Radius(f64),
    /// A radius was given without a location.
    #[error("radius_miles needs a location: give a zip or lat and lon")]
    RadiusWithoutLocation,
    /// The limit is not from 1 to the maximum.
    #[error("limit must be from 1 to {MAX_LIMIT} (got {0})")]
    Limit(usize),
    /// Unknown therapy code.
    #[error(transparent)]
    Therapy(#[from] UnknownTherapy),
    /// Unknown state code.
    #[error(transparent)]
    State(#[from] UnknownState),
    /// Unknown center kind.
    #[error(transparent)]
    Kind(#[from] UnknownKind),
    /// The city filter is blank.
    #[error("city must not be empty")]
    EmptyCity,
    /// The name filter is too short or too long.
    #[error("name must be 2 to 100 characters (got {0})")]
    Name(usize),
    /// The cursor was refused.
    #[error(transparent)]
    Cursor(#[from] CursorError),
}

impl SearchError {
    /// The query parameter at fault.
    pub fn field(&self) -> &'static str {
        match self {
            SearchError::Coordinate(e) => e.field(),
            SearchError::HalfCoordinate { missing } => missing,
            SearchError::TwoLocations
            | SearchError::MalformedZip(_)
            | SearchError::UnknownZip(_)
            | SearchError::ZipWithoutLocation(_) => "zip",
            SearchError::Radius(_) | SearchError::RadiusWithoutLocation => "radius_miles",
            SearchError::Limit(_) => "limit",
            SearchError::Therapy(_) => "therapy",
            SearchError::State(_) => "state",
            SearchError::Kind(_) => "kind",
            SearchError::EmptyCity => "city",
            SearchError::Name(_) => "name",
            SearchError::Cursor(_) => "cursor",
        }
    }
}

impl CenterSearchParams {
    /// The query these parameters ask for, resolving a ZIP through `zips`. Range checks on
    /// radius, limit and cursor happen in [`super::Directory::search`].
    pub fn to_query(&self, zips: &ZipTable) -> Result<CenterQuery, SearchError> {
        let near = match (&self.zip, self.lat, self.lon) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => return Err(SearchError::TwoLocations),
            (Some(zip), None, None) => Some(locate_zip(zip, zips)?),
            (None, Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon)?),
            (None, Some(_), None) => return Err(SearchError::HalfCoordinate { missing: "lon" }),
            (None, None, Some(_)) => return Err(SearchError::HalfCoordinate { missing: "lat" }),
            (None, None, None) => None,
        };
        Ok(CenterQuery {
            near,
            radius_miles: self.radius_miles,
            therapy: self.therapy.as_deref().map(str::parse).transpose()?,
            state: self.state.as_deref().map(str::parse).transpose()?,
            city: self.city.clone(),
            kind: self.kind.as_deref().map(str::parse).transpose()?,
            name: self.name.clone(),
            limit: self.limit.map(|l| l as usize),
            cursor: self.cursor.clone(),
        })
    }
}

fn locate_zip(text: &str, zips: &ZipTable) -> Result<GeoPoint, SearchError> {
    let zip: ZipCode = text
        .parse()
        .map_err(|_| SearchError::MalformedZip(text.to_owned()))?;
    let place = zips.resolve(&zip).ok_or(SearchError::UnknownZip(zip))?;
    place.point.ok_or(SearchError::ZipWithoutLocation(zip))
}

/// The checked radius in miles, or `None` without a location.
pub(super) fn effective_radius(q: &CenterQuery) -> Result<Option<f64>, SearchError> {
    match (q.near, q.radius_miles) {
        (None, Some(_)) => Err(SearchError::RadiusWithoutLocation),
        (None, None) => Ok(None),
        (Some(_), None) => Ok(Some(DEFAULT_RADIUS_MILES)),
        (Some(_), Some(r)) if r.is_finite() && r > 0.0 && r <= MAX_RADIUS_MILES => Ok(Some(r)),
        (Some(_), Some(r)) => Err(SearchError::Radius(r)),
    }
}

/// The checked page size.
pub(super) fn effective_limit(q: &CenterQuery) -> Result<usize, SearchError> {
    match q.limit {
        None => Ok(DEFAULT_LIMIT),
        Some(l) if (1..=MAX_LIMIT).contains(&l) => Ok(l),
        Some(l) => Err(SearchError::Limit(l)),
    }
}
