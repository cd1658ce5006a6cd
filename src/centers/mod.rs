//! The center directory: which centers offer which therapies, where they are, and the
//! search patients use to find the nearest ones. Also the ZIP geocoder that turns a
//! patient's ZIP code into a point.
//!
//! Both reference tables are files beside this module, embedded in the binary, replaceable
//! by an operator's file, and parsed and validated once at start-up:
//!
//! - `us-zip-codes.csv` (with its BSD licence `us-zip-codes.LICENSE`): see [`ZipTable`].
//! - `directory.json`: the center directory, format below.
//!
//! # Directory file format (version 1)
//!
//! A JSON object `{"format_version": 1, "centers": [ … ]}`; each center is an object with:
//!
//! | field | required | meaning |
//! |---|---|---|
//! | `id` | yes | stable slug: lowercase `a-z`, `0-9`, single hyphens, 1-80 chars; unique |
//! | `name` | yes | the center's name, 1-200 chars |
//! | `kind` | no | when a source states it: `academic_center`, `hospital`, `private_clinic` or `pain_management_clinic` |
//! | `city` | yes | city name |
//! | `state` | yes | USPS code of a state, DC or territory (AS, GU, MP, PR, VI), upper case |
//! | `zip` | no | five-digit ZIP; must be in the ZIP table and in `state` |
//! | `street_address` | no | street address |
//! | `location` | yes | `{"lat": …, "lon": …, "precision": "address" \| "zip" \| "city"}`; `address` needs `street_address`, `zip` needs `zip` |
//! | `therapies` | yes | list of catalog therapy codes, no repeats; empty when not known (an NPPES import) |
//! | `flags` | no | `{"gmp_lab": bool, "outpatient": bool}`, each optional; absent means unknown |
//! | `npi` | no | 10-digit NPI, Luhn-checked with the 80840 prefix |
//! | `tin` | no | the center's EIN, `NN-NNNNNNN` |
//! | `taxonomy` | no | NUCC provider taxonomy code, e.g. `207X00000X` (FHIR Good Faith Estimates) |
//! | `place_of_service` | no | CMS place-of-service code, `01`–`99`, e.g. `11` office (FHIR Good Faith Estimates) |
//! | `website` | no | absolute `http(s)://` URL |
//! | `phone` | no | US number; stored as E.164 `+1…` |
//! | `last_verified` | no | `YYYY-MM-DD`, when the source dates its facts |
//! | `source` | yes | where the row's facts come from |
//! | `prices` | no | map therapy code → the center's own price book ([`crate::pricing::CenterPrices`]); only for offered therapies |
//!
//! Unknown fields are refused. A bad file fails start-up with the row index, the row's id
//! and the field path, e.g. `center directory row 3 (id `x`), field `location.lat`: …`.
//! The file is read with plain `serde_json`, one row at a time: each row is checked and stored
//! compactly as soon as it is read (repeated strings shared, rarely-present fields behind one
//! pointer), then the directory is indexed once. A 100,000-center file (40 MB) loads,
//! validates and indexes in about a quarter of a second in a release build, and adds about
//! 23 MB to the service's resident memory. Write one with [`save_directory`] (or
//! [`write_synthetic_directory`] for test fixtures).
//!
//! # Centers accounts manage
//!
//! Beside the file, accounts create, edit and retire centers and publish price lists through
//! the API; those live in the database, and each replica reads them into a [`CenterOverlay`]
//! held by [`LiveCenters`] (module `live`). The file's spatial tree is built once and never
//! rebuilt for a write: search runs over the tree and a small index of the overlay's open
//! centers side by side and merges the two pages by the search's sort key, the same key the
//! cursor carries, so pagination stays exact across both; the file's copies of centers that
//! have a database row are hidden (`search::search_merged`).

mod center;
mod cursor;
mod directory;
mod file;
mod geo;
mod identifiers;
mod live;
mod nppes;
mod page;
mod query;
mod search;
mod spatial;
mod synthetic;
mod us_state;
mod validate;
mod zips;

pub use center::{Center, CenterFlags, CenterKind, CenterLocation, Precision, UnknownKind};
pub use cursor::{CursorError, MAX_CURSOR_CHARS};
pub use directory::Directory;
pub use file::{
    DirectoryError, EMBEDDED_DIRECTORY_JSON, FORMAT_VERSION, RowError, parse_directory,
    read_directory, save_directory, to_pretty_json, write_directory,
};
pub use geo::{EARTH_RADIUS_MILES, GeoError, GeoPoint};
pub use identifiers::{CenterId, Malformed, Npi, Phone, PlaceOfService, Taxonomy, Tin, Website};
pub use live::{CenterOverlay, LiveCenters, Manager, OwnedCenter, PriceListVersion};
pub use nppes::{
    DEFAULT_TAXONOMIES, ImportError, ImportOptions, ImportReport, NPPES_HEADER, SyntheticMix,
    import_nppes, write_synthetic_nppes,
};
pub use page::{CenterPage, CenterSummary};
pub use query::{
    CenterQuery, CenterSearchParams, DEFAULT_LIMIT, DEFAULT_RADIUS_MILES, MAX_LIMIT,
    MAX_RADIUS_MILES, NAME_FILTER_CHARS, SearchError,
};
pub use synthetic::{synthetic, write_synthetic_directory};
pub use us_state::{StateCode, StateKind, UnknownState};
pub use zips::{EMBEDDED_ZIP_CSV, ZipFileError, ZipPlace, ZipTable};
