//! The loaded center directory: validated rows kept compactly, plus the indexes built once at
//! start-up (by id, in listing order, and spatially).
//!
//! A directory of 100,000 centers is held for the life of the process, so a row is kept
//! small: strings that repeat across centers (city, source) and therapy lists are stored once
//! and shared, every row's id and name sit end to end in one string, the fields few rows have
//! sit behind one pointer, and the location is kept only in `points`. [`Center`] is what goes
//! in (the file's rows) and out (`get`).

use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::center::{Center, CenterFlags, CenterKind, CenterLocation, Precision};
use super::file::{
    DirectoryError, EMBEDDED_DIRECTORY_JSON, RowError, read_directory_text, read_rows,
};
use super::geo::GeoPoint;
use super::identifiers::{CenterId, Npi, Phone, PlaceOfService, Taxonomy, Tin, Website};
use super::page::CenterSummary;
use super::spatial::{SpatialIndex, kind_bit, therapy_bit};
use super::us_state::StateCode;
use super::validate::check_row;
use super::zips::ZipTable;
use crate::pricing::CenterPrices;
use crate::therapy::TherapyCode;
use crate::zip::ZipCode;

/// The facts a search filters on, packed beside the rows for cache-friendly scans.
#[derive(Debug, Clone, Copy)]
pub(super) struct Traits {
    pub therapies: u32,
    pub kind: Option<CenterKind>,
    pub state: StateCode,
}

/// A center as the directory keeps it; its id and name are in [`Directory::text`], its
/// location in [`Directory::points`].
#[derive(Debug)]
pub(super) struct Row {
    /// Where the id starts in the text; the name follows it.
    text_start: usize,
    id_len: u32,
    name_len: u32,
    /// Shared with every other row of the same city.
    pub city: Arc<str>,
    /// Shared with every other row citing the same source.
    pub source: Arc<str>,
    /// Shared with every other row offering the same therapies in the same order.
    pub therapies: Arc<[TherapyCode]>,
    /// `None` when the row has none of these fields.
    pub rare: Option<Box<Rare>>,
    pub zip: Option<ZipCode>,
    pub last_verified: Option<NaiveDate>,
    pub flags: CenterFlags,
    pub kind: Option<CenterKind>,
    pub state: StateCode,
    pub precision: Precision,
}

/// The fields most rows leave out.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Rare {
    pub street_address: Option<String>,
    pub npi: Option<Npi>,
    pub tin: Option<Tin>,
    pub taxonomy: Option<Taxonomy>,
    pub place_of_service: Option<PlaceOfService>,
    pub website: Option<Website>,
    pub phone: Option<Phone>,
    pub prices: BTreeMap<TherapyCode, CenterPrices>,
}

static NO_PRICES: BTreeMap<TherapyCode, CenterPrices> = BTreeMap::new();

impl Row {
    fn rare(&self) -> Option<&Rare> {
        self.rare.as_deref()
    }

    /// The center's own price book (empty when it has published none).
    pub fn prices(&self) -> &BTreeMap<TherapyCode, CenterPrices> {
        self.rare().map_or(&NO_PRICES, |r| &r.prices)
    }

    fn id<'t>(&self, text: &'t str) -> &'t str {
        &text[self.text_start..self.text_start + self.id_len as usize]
    }

    fn name<'t>(&self, text: &'t str) -> &'t str {
        let start = self.text_start + self.id_len as usize;
        &text[start..start + self.name_len as usize]
    }

    fn to_center(&self, text: &str, point: GeoPoint) -> Center {
        let rare = self.rare();
        Center {
            id: CenterId::from_valid(self.id(text)),
            name: String::from(self.name(text)),
            kind: self.kind,
            city: String::from(&*self.city),
            state: self.state,
            zip: self.zip,
            street_address: rare.and_then(|r| r.street_address.clone()),
            location: CenterLocation::new(point, self.precision),
            therapies: self.therapies.to_vec(),
            flags: self.flags,
            npi: rare.and_then(|r| r.npi.clone()),
            tin: rare.and_then(|r| r.tin.clone()),
            taxonomy: rare.and_then(|r| r.taxonomy.clone()),
            place_of_service: rare.and_then(|r| r.place_of_service.clone()),
            website: rare.and_then(|r| r.website.clone()),
            phone: rare.and_then(|r| r.phone.clone()),
            last_verified: self.last_verified,
            source: String::from(&*self.source),
            prices: self.prices().clone(),
        }
    }

    fn summary(&self, text: &str, point: GeoPoint, distance_miles: Option<f64>) -> CenterSummary {
        let rare = self.rare();
        CenterSummary {
            id: CenterId::from_valid(self.id(text)),
            name: String::from(self.name(text)),
            kind: self.kind,
            city: String::from(&*self.city),
            state: self.state,
            location: CenterLocation::new(point, self.precision),
            therapies: self.therapies.to_vec(),
            website: rare.and_then(|r| r.website.clone()),
            phone: rare.and_then(|r| r.phone.clone()),
            last_verified: self.last_verified,
            has_price_book: !self.prices().is_empty(),
            distance_miles,
        }
    }
}

/// Every center the service knows, indexed for search. Build it once at start-up and share
/// it read-only.
#[derive(Debug)]
pub struct Directory {
    pub(super) rows: Vec<Row>,
    /// Every row's id and name, end to end, in one allocation rather than two per row.
    text: String,
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
        Self::from_json_str(&read_directory_text(path)?, zips)
    }

    /// A directory file's text. Rows are kept as they are read, so the file's centers never
    /// exist all at once in their full form.
    pub fn from_json_str(text: &str, zips: &ZipTable) -> Result<Self, DirectoryError> {
        let mut builder = Builder::new(zips, 0);
        read_rows(text, |center| builder.push(center))?;
        builder.finish()
    }

    /// Validates `centers` against each other and the ZIP table, then builds the indexes.
    pub fn new(centers: Vec<Center>, zips: &ZipTable) -> Result<Self, DirectoryError> {
        let mut builder = Builder::new(zips, centers.len());
        centers.into_iter().for_each(|center| builder.push(center));
        builder.finish()
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|i| self.id(*i as usize).cmp(id))
            .ok()
            .map(|pos| self.by_id[pos] as usize)
    }

    /// The center with this id.
    pub fn get(&self, id: &str) -> Option<Center> {
        self.position(id).map(|i| self.center(i))
    }

    /// The own price book of the center with this id (empty when it has published none), or
    /// `None` when no center has this id.
    pub fn prices(&self, id: &str) -> Option<&BTreeMap<TherapyCode, CenterPrices>> {
        self.position(id).map(|i| self.rows[i].prices())
    }

    /// The therapies the center with this id offers, or `None` when no center has it.
    pub fn therapies(&self, id: &str) -> Option<&[TherapyCode]> {
        self.position(id).map(|i| &*self.rows[i].therapies)
    }

    /// Every center, in file order.
    pub fn centers(&self) -> impl ExactSizeIterator<Item = Center> + '_ {
        (0..self.rows.len()).map(|i| self.center(i))
    }

    /// Number of centers.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the directory has no centers.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn center(&self, i: usize) -> Center {
        self.rows[i].to_center(&self.text, self.points[i])
    }

    /// Row `i` as listed in search results.
    pub(super) fn summary(&self, i: usize, distance_miles: Option<f64>) -> CenterSummary {
        self.rows[i].summary(&self.text, self.points[i], distance_miles)
    }

    /// Row `i`'s id.
    pub(super) fn id(&self, i: usize) -> &str {
        self.rows[i].id(&self.text)
    }

    /// Listing order without a location: state code, city, name, id (ids are unique, so the
    /// order is total).
    pub(super) fn listing_key(&self, i: usize) -> (&str, &str, &str, &str) {
        listing_key(&self.rows[i], &self.text)
    }
}

fn listing_key<'a>(r: &'a Row, text: &'a str) -> (&'a str, &'a str, &'a str, &'a str) {
    (r.state.as_str(), &r.city, r.name(text), r.id(text))
}

/// Hands out one shared copy of each distinct value it is given.
#[derive(Debug)]
pub(super) struct Interner<T: ?Sized>(HashSet<Arc<T>>);

impl<T: ?Sized + Hash + Eq> Interner<T>
where
    for<'a> Arc<T>: From<&'a T>,
{
    pub fn new() -> Self {
        Interner(HashSet::new())
    }

    /// The shared copy of `value`.
    pub fn intern(&mut self, value: &T) -> Arc<T> {
        if let Some(shared) = self.0.get(value) {
            return Arc::clone(shared);
        }
        let shared = Arc::<T>::from(value);
        self.0.insert(Arc::clone(&shared));
        shared
    }
}

/// Turns centers into rows one at a time, checking each as it comes; cross-row checks and
/// the indexes wait for [`Builder::finish`].
struct Builder<'z> {
    zips: &'z ZipTable,
    rows: Vec<Row>,
    text: String,
    points: Vec<GeoPoint>,
    traits: Vec<Traits>,
    strings: Interner<str>,
    therapy_lists: Interner<[TherapyCode]>,
    /// The first row that failed its own checks.
    failure: Option<RowError>,
}

impl<'z> Builder<'z> {
    fn new(zips: &'z ZipTable, capacity: usize) -> Self {
        Builder {
            zips,
            rows: Vec::with_capacity(capacity),
            text: String::new(),
            points: Vec::with_capacity(capacity),
            traits: Vec::with_capacity(capacity),
            strings: Interner::new(),
            therapy_lists: Interner::new(),
            failure: None,
        }
    }

    fn push(&mut self, c: Center) {
        if self.failure.is_none()
            && let Err((field, problem)) = check_row(&c, self.zips)
        {
            self.failure = Some(RowError {
                row: self.rows.len(),
                id: Some(c.id.as_str().to_owned()),
                field,
                problem,
            });
        }
        self.points.push(c.point());
        self.traits.push(Traits {
            therapies: c.therapies.iter().fold(0, |m, t| m | therapy_bit(*t)),
            kind: c.kind,
            state: c.state,
        });
        let rare = Rare {
            street_address: c.street_address,
            npi: c.npi,
            tin: c.tin,
            taxonomy: c.taxonomy,
            place_of_service: c.place_of_service,
            website: c.website,
            phone: c.phone,
            prices: c.prices,
        };
        let text_start = self.text.len();
        self.text.push_str(c.id.as_str());
        self.text.push_str(&c.name);
        // A name too long for u32 fails `check_row` (at most 200 characters), so the row never
        // reaches a directory.
        let len = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX);
        self.rows.push(Row {
            text_start,
            id_len: len(c.id.as_str()),
            name_len: len(&c.name),
            city: self.strings.intern(&c.city),
            source: self.strings.intern(&c.source),
            therapies: self.therapy_lists.intern(&c.therapies),
            rare: (rare != Rare::default()).then(|| Box::new(rare)),
            zip: c.zip,
            last_verified: c.last_verified,
            flags: c.flags,
            kind: c.kind,
            state: c.state,
            precision: c.location.precision(),
        });
    }

    /// The directory, or the first row (in file order) that fails a check: its own, or
    /// reusing an earlier row's id.
    fn finish(self) -> Result<Directory, DirectoryError> {
        let Builder {
            mut rows,
            mut text,
            mut points,
            mut traits,
            failure,
            ..
        } = self;
        if u32::try_from(rows.len()).is_err() {
            return Err(DirectoryError::File {
                field: "centers".into(),
                problem: format!("at most {} centers are supported", u32::MAX),
            });
        }
        // Lengths fit in u32 (checked above).
        let all: Vec<u32> = (0..rows.len() as u32).collect();
        let mut by_id = all.clone();
        // Equal ids end up side by side, in row order.
        let id = |i: u32| rows[i as usize].id(&text);
        by_id.sort_unstable_by(|a, b| id(*a).cmp(id(*b)).then(a.cmp(b)));
        let reused = by_id
            .windows(2)
            .filter(|w| id(w[0]) == id(w[1]))
            .min_by_key(|w| w[1]);
        if let Some(&[first, row]) = reused
            && failure.as_ref().is_none_or(|f| row as usize <= f.row)
        {
            let (first, row) = (first as usize, row as usize);
            return Err(RowError {
                row,
                id: Some(rows[row].id(&text).to_owned()),
                field: "id".into(),
                problem: format!("the id is already used by row {first}"),
            }
            .into());
        }
        if let Some(failure) = failure {
            return Err(failure.into());
        }
        rows.shrink_to_fit();
        text.shrink_to_fit();
        points.shrink_to_fit();
        traits.shrink_to_fit();
        let mut listing = all;
        listing.sort_unstable_by(|a, b| {
            listing_key(&rows[*a as usize], &text).cmp(&listing_key(&rows[*b as usize], &text))
        });
        let masks: Vec<u32> = traits
            .iter()
            .map(|t| t.therapies | t.kind.map_or(0, kind_bit))
            .collect();
        let spatial = SpatialIndex::build(&points, &masks);
        Ok(Directory {
            rows,
            text,
            points,
            traits,
            by_id,
            listing,
            spatial,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::centers::synthetic;

    #[test]
    fn interning_gives_one_shared_copy_of_equal_values() {
        let mut strings = Interner::<str>::new();
        let a = strings.intern("Fort Worth");
        let b = strings.intern(&String::from("Fort Worth"));
        let c = strings.intern("Fort Worth ");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!((&*a, &*c), ("Fort Worth", "Fort Worth "));
        assert!(!Arc::ptr_eq(&a, &c));
        let mut lists = Interner::<[TherapyCode]>::new();
        let x = lists.intern(&[TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp]);
        let y = lists.intern(&[TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp]);
        let z = lists.intern(&[TherapyCode::KneeMscPrp, TherapyCode::KneeMscInjection]);
        assert!(Arc::ptr_eq(&x, &y));
        assert!(!Arc::ptr_eq(&x, &z));
        assert_eq!(z[0], TherapyCode::KneeMscPrp);
    }

    #[test]
    fn rows_share_repeated_strings_and_keep_rare_fields_only_when_present() {
        let zips = ZipTable::embedded().unwrap();
        let centers = synthetic(3_000, 5);
        let dir = Directory::new(centers.clone(), &zips).unwrap();
        let mut shared_cities = 0;
        for (i, row) in dir.rows.iter().enumerate() {
            assert!(Arc::ptr_eq(&row.source, &dir.rows[0].source));
            assert!(row.rare.is_none());
            let same_city = dir.rows[..i].iter().find(|r| r.city == row.city);
            if let Some(earlier) = same_city {
                assert!(Arc::ptr_eq(&earlier.city, &row.city));
                shared_cities += 1;
            }
            let same_list = dir.rows[..i].iter().find(|r| r.therapies == row.therapies);
            if let Some(earlier) = same_list {
                assert!(Arc::ptr_eq(&earlier.therapies, &row.therapies));
            }
        }
        assert!(shared_cities > 0);
        assert_eq!(dir.centers().collect::<Vec<_>>(), centers);
    }
}
