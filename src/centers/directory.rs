//! The loaded center directory: validated rows plus the indexes built once at start-up (by
//! id, in listing order, and spatially).

use std::cmp::Ordering;
use std::path::Path;

use super::center::{Center, CenterKind};
use super::file::{DirectoryError, EMBEDDED_DIRECTORY_JSON, parse_directory, read_directory};
use super::geo::GeoPoint;
use super::spatial::{SpatialIndex, therapy_bit};
use super::state::StateCode;
use super::validate::validate_centers;
use super::zips::ZipTable;

/// The facts a search filters on, packed beside the rows for cache-friendly scans.
#[derive(Debug, Clone, Copy)]
pub(super) struct Traits {
    pub therapies: u32,
    pub kind: CenterKind,
    pub state: StateCode,
}

/// Every center the service knows, indexed for search. Build it once at start-up and share
/// it read-only.
#[derive(Debug)]
pub struct Directory {
    pub(super) centers: Vec<Center>,
    pub(super) points: Vec<GeoPoint>,
    pub(super) traits: Vec<Traits>,
    /// Row indexes sorted by id, for `get`.
    by_id: Vec<u32>,
    /// Row indexes in listing order: state, city, name, id.
    pub(super) listing: Vec<u32>,
    pub(super) spatial: SpatialIndex,
}

impl Directory {
    /// The directory shipped in the binary (`directory.json` beside this module).
    pub fn embedded(zips: &ZipTable) -> Result<Self, DirectoryError> {
        Self::from_json_str(EMBEDDED_DIRECTORY_JSON, zips)
    }

    /// An operator's directory file.
    pub fn from_path(path: &Path, zips: &ZipTable) -> Result<Self, DirectoryError> {
        Self::new(read_directory(path)?, zips)
    }

    /// A directory file's text.
    pub fn from_json_str(text: &str, zips: &ZipTable) -> Result<Self, DirectoryError> {
        Self::new(parse_directory(text)?, zips)
    }

    /// Validates `centers` against each other and the ZIP table, then builds the indexes.
    pub fn new(centers: Vec<Center>, zips: &ZipTable) -> Result<Self, DirectoryError> {
        if u32::try_from(centers.len()).is_err() {
            return Err(DirectoryError::File {
                field: "centers".into(),
                problem: format!("at most {} centers are supported", u32::MAX),
            });
        }
        validate_centers(&centers, zips).map_err(DirectoryError::from)?;
        let points: Vec<GeoPoint> = centers.iter().map(Center::point).collect();
        let traits: Vec<Traits> = centers
            .iter()
            .map(|c| Traits {
                therapies: c.therapies.iter().fold(0, |m, t| m | therapy_bit(*t)),
                kind: c.kind,
                state: c.state,
            })
            .collect();
        // Lengths fit in u32 (checked above).
        let all: Vec<u32> = (0..centers.len() as u32).collect();
        let mut by_id = all.clone();
        by_id.sort_unstable_by(|a, b| centers[*a as usize].id.cmp(&centers[*b as usize].id));
        let mut listing = all;
        listing.sort_unstable_by(|a, b| listing_cmp(&centers[*a as usize], &centers[*b as usize]));
        let masks: Vec<u32> = traits.iter().map(|t| t.therapies).collect();
        let spatial = SpatialIndex::build(&points, &masks);
        Ok(Directory {
            centers,
            points,
            traits,
            by_id,
            listing,
            spatial,
        })
    }

    /// The center with this id.
    pub fn get(&self, id: &str) -> Option<&Center> {
        self.by_id
            .binary_search_by(|i| self.centers[*i as usize].id.as_str().cmp(id))
            .ok()
            .map(|pos| &self.centers[self.by_id[pos] as usize])
    }

    /// Every center, in file order.
    pub fn centers(&self) -> &[Center] {
        &self.centers
    }

    /// Number of centers.
    pub fn len(&self) -> usize {
        self.centers.len()
    }

    /// True when the directory has no centers.
    pub fn is_empty(&self) -> bool {
        self.centers.is_empty()
    }
}

/// Listing order without a location: state code, city, name, id (ids are unique, so the
/// order is total).
pub(super) fn listing_key(c: &Center) -> (&str, &str, &str, &str) {
    (c.state.as_str(), &c.city, &c.name, c.id.as_str())
}

fn listing_cmp(a: &Center, b: &Center) -> Ordering {
    listing_key(a).cmp(&listing_key(b))
}
