//! Importing a national directory from CMS's NPPES data dissemination file
//! (`npidata_pfile_*.csv`, several gigabytes, about 9 million rows): each active provider in
//! the chosen NUCC taxonomies becomes a directory row at its ZIP code's centroid.
//!
//! The file is streamed one record at a time and each kept center is written as soon as it is
//! read, so memory stays bounded whatever the file's size. Columns are found by name (the
//! header of the layout this was written against is `nppes/npidata_pfile_header.csv`), so an
//! older or newer layout imports, or fails naming the column it lacks.
//!
//! A taxonomy says what a provider trained in, not that it offers stem-cell therapy, so an
//! imported center lists no therapies: it is found by location, not by a therapy filter, until
//! whoever manages it says what it offers. Nothing is invented: no kind of provider (NPPES
//! does not give one), coordinates at ZIP precision (the file has addresses, not points),
//! `last_verified` from the record's own `Last Update Date`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{Read, Write};

use chrono::NaiveDate;

use super::center::{Center, CenterFlags, CenterLocation, Precision};
use super::file::FORMAT_VERSION;
use super::identifiers::{CenterId, Npi, Phone, Taxonomy};
use super::us_state::StateCode;
use super::validate::check_row;
use super::zips::ZipTable;
use crate::zip::ZipCode;

/// The taxonomies imported when none are chosen, with their names in the NUCC Health Care
/// Provider Taxonomy code set: the specialties and clinics that treat knee and back pain.
pub const DEFAULT_TAXONOMIES: [(&str, &str); 9] = [
    ("207X00000X", "Orthopaedic Surgery"),
    ("207XX0005X", "Orthopaedic Surgery, Sports Medicine"),
    ("207QS0010X", "Family Medicine, Sports Medicine"),
    ("208100000X", "Physical Medicine & Rehabilitation"),
    (
        "2081P2900X",
        "Physical Medicine & Rehabilitation, Pain Medicine",
    ),
    (
        "2081S0010X",
        "Physical Medicine & Rehabilitation, Sports Medicine",
    ),
    ("208VP0000X", "Pain Medicine, Pain Medicine"),
    ("208VP0014X", "Pain Medicine, Interventional Pain Medicine"),
    ("261QP3300X", "Clinic/Center, Pain"),
];

/// Which providers to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Keep a provider with any of these among its taxonomy codes.
    pub taxonomies: BTreeSet<Taxonomy>,
    /// Keep only practice locations in these states; every state when empty.
    pub states: BTreeSet<StateCode>,
    /// Also import individual providers (`Entity Type Code` 1), not only organizations.
    pub individuals: bool,
    /// The imported file's name, written into every row's `source`.
    pub file_name: String,
}

impl ImportOptions {
    /// Organizations in the [`DEFAULT_TAXONOMIES`], in every state, from `file_name`.
    pub fn new(file_name: impl Into<String>) -> Self {
        ImportOptions {
            taxonomies: DEFAULT_TAXONOMIES
                .iter()
                .filter_map(|(code, _)| Taxonomy::parse(code).ok())
                .collect(),
            states: BTreeSet::new(),
            individuals: false,
            file_name: file_name.into(),
        }
    }
}

/// What an import read, wrote and skipped, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records read (not counting the header).
    pub rows: u64,
    /// Centers written.
    pub written: u64,
    /// Deactivated NPIs (a deactivation date and no later reactivation).
    pub deactivated: u64,
    /// Individuals, when only organizations are imported (or an unknown entity type).
    pub not_an_organization: u64,
    /// None of the record's taxonomy codes was chosen.
    pub other_taxonomy: u64,
    /// The practice location is outside the chosen states.
    pub other_state: u64,
    /// The NPI is not 10 digits or its check digit is wrong.
    pub bad_npi: u64,
    /// The practice location's ZIP code is missing or not in the ZIP table (e.g. abroad).
    pub unknown_zip: u64,
    /// Records that failed a directory check, by field (e.g. a ZIP in another state).
    pub invalid: BTreeMap<String, u64>,
}

impl ImportReport {
    /// Every record skipped, for whatever reason.
    pub fn skipped(&self) -> u64 {
        self.rows - self.written
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "records read:               {}", self.rows)?;
        writeln!(f, "centers written:            {}", self.written)?;
        writeln!(f, "skipped, deactivated:       {}", self.deactivated)?;
        writeln!(
            f,
            "skipped, not organization:  {}",
            self.not_an_organization
        )?;
        writeln!(f, "skipped, other taxonomy:    {}", self.other_taxonomy)?;
        writeln!(f, "skipped, other state:       {}", self.other_state)?;
        writeln!(f, "skipped, bad NPI:           {}", self.bad_npi)?;
        writeln!(f, "skipped, unknown ZIP:       {}", self.unknown_zip)?;
        for (field, n) in &self.invalid {
            writeln!(f, "skipped, invalid {field}: {n}")?;
        }
        Ok(())
    }
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The header lacks a column the import reads.
    #[error("the NPPES file has no column `{0}`; is it an npidata_pfile_*.csv?")]
    MissingColumn(String),
    /// The CSV could not be read.
    #[error("reading the NPPES file: {0}")]
    Csv(#[from] csv::Error),
    /// The directory could not be written.
    #[error("writing the directory: {0}")]
    Write(#[from] std::io::Error),
    /// A center could not be serialised (not expected: every field is plain data).
    #[error("writing the directory: {0}")]
    Json(#[from] serde_json::Error),
}

const TAXONOMY_SLOTS: usize = 15;

/// The positions of the columns the import reads.
struct Columns {
    npi: usize,
    entity: usize,
    organization: usize,
    last_name: usize,
    first_name: usize,
    credential: usize,
    street: [usize; 2],
    city: usize,
    state: usize,
    postal_code: usize,
    phone: usize,
    last_update: usize,
    deactivated: usize,
    reactivated: usize,
    taxonomies: [usize; TAXONOMY_SLOTS],
}

impl Columns {
    fn find(header: &csv::ByteRecord) -> Result<Self, ImportError> {
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_owned())
            .collect();
        let col = |name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| ImportError::MissingColumn(name.to_owned()))
        };
        let place = |what: &str| format!("Provider Business Practice Location Address {what}");
        let mut taxonomies = [0; TAXONOMY_SLOTS];
        for (i, slot) in taxonomies.iter_mut().enumerate() {
            *slot = col(&format!("Healthcare Provider Taxonomy Code_{}", i + 1))?;
        }
        Ok(Columns {
            npi: col("NPI")?,
            entity: col("Entity Type Code")?,
            organization: col("Provider Organization Name (Legal Business Name)")?,
            last_name: col("Provider Last Name (Legal Name)")?,
            first_name: col("Provider First Name")?,
            credential: col("Provider Credential Text")?,
            street: [
                col("Provider First Line Business Practice Location Address")?,
                col("Provider Second Line Business Practice Location Address")?,
            ],
            city: col(&place("City Name"))?,
            state: col(&place("State Name"))?,
            postal_code: col(&place("Postal Code"))?,
            phone: col(&place("Telephone Number"))?,
            last_update: col("Last Update Date")?,
            deactivated: col("NPI Deactivation Date")?,
            reactivated: col("NPI Reactivation Date")?,
            taxonomies,
        })
    }
}

/// Streams the NPPES CSV `input` and writes a directory file (format version 1) of the
/// providers `options` chooses to `out`.
pub fn import_nppes<R: Read, W: Write>(
    input: R,
    mut out: W,
    options: &ImportOptions,
    zips: &ZipTable,
) -> Result<ImportReport, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let columns = Columns::find(reader.byte_headers()?)?;
    let source = format!(
        "CMS NPPES data dissemination file {}: the provider's NPI, legal name, practice \
         location, telephone and first chosen taxonomy code as registered, and last_verified from its Last Update Date. \
         Coordinates are the centroid of the practice location's ZIP code (us-zip-codes.csv), \
         not the address. A taxonomy code does not say which therapies a provider offers, so \
         none are listed.",
        options.file_name
    );
    let mut report = ImportReport::default();
    let mut record = csv::ByteRecord::new();
    write!(out, "{{\"format_version\":{FORMAT_VERSION},\"centers\":[")?;
    while reader.read_byte_record(&mut record)? {
        report.rows += 1;
        match read_center(&record, &columns, options, zips, &source) {
            Ok(center) => {
                out.write_all(if report.written == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut out, &center)?;
                report.written += 1;
            }
            Err(skip) => skip.count(&mut report),
        }
    }
    writeln!(out, "\n]}}")?;
    out.flush()?;
    Ok(report)
}

/// Why one record was not imported.
enum Skip {
    Deactivated,
    NotAnOrganization,
    OtherTaxonomy,
    OtherState,
    BadNpi,
    UnknownZip,
    Invalid(String),
}

impl Skip {
    fn count(self, report: &mut ImportReport) {
        match self {
            Skip::Deactivated => report.deactivated += 1,
            Skip::NotAnOrganization => report.not_an_organization += 1,
            Skip::OtherTaxonomy => report.other_taxonomy += 1,
            Skip::OtherState => report.other_state += 1,
            Skip::BadNpi => report.bad_npi += 1,
            Skip::UnknownZip => report.unknown_zip += 1,
            Skip::Invalid(field) => *report.invalid.entry(field).or_default() += 1,
        }
    }
}

/// One record as a center, or why it is skipped. The cheap checks come first: most records
/// of the national file are dropped by their taxonomy before any text is decoded.
fn read_center(
    record: &csv::ByteRecord,
    columns: &Columns,
    options: &ImportOptions,
    zips: &ZipTable,
    source: &str,
) -> Result<Center, Skip> {
    let raw = |i: usize| record.get(i).map_or(&b""[..], <[u8]>::trim_ascii);
    let text = |i: usize| String::from_utf8_lossy(raw(i)).into_owned();
    if !raw(columns.deactivated).is_empty() && raw(columns.reactivated).is_empty() {
        return Err(Skip::Deactivated);
    }
    let individual = match raw(columns.entity) {
        b"2" => false,
        b"1" if options.individuals => true,
        _ => return Err(Skip::NotAnOrganization),
    };
    let taxonomy = columns
        .taxonomies
        .iter()
        .filter_map(|&i| std::str::from_utf8(raw(i)).ok())
        .filter_map(|code| Taxonomy::parse(code).ok())
        .find(|code| options.taxonomies.contains(code))
        .ok_or(Skip::OtherTaxonomy)?;
    let state = StateCode::parse_postal(&text(columns.state)).ok_or(Skip::UnknownZip)?;
    if !options.states.is_empty() && !options.states.contains(&state) {
        return Err(Skip::OtherState);
    }
    let npi = Npi::parse(&text(columns.npi)).map_err(|_| Skip::BadNpi)?;
    let postal = text(columns.postal_code);
    let zip: ZipCode = postal
        .get(..5)
        .and_then(|five| five.parse().ok())
        .ok_or(Skip::UnknownZip)?;
    let point = zips
        .resolve(&zip)
        .and_then(|place| place.point)
        .ok_or(Skip::UnknownZip)?;
    let name = if individual {
        let mut name = format!("{} {}", text(columns.first_name), text(columns.last_name));
        let credential = text(columns.credential);
        if !credential.is_empty() {
            name = format!("{name}, {credential}");
        }
        name
    } else {
        text(columns.organization)
    };
    let street = columns
        .street
        .iter()
        .map(|&i| text(i))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let center = Center {
        id: CenterId::parse(&format!("npi-{npi}")).map_err(|_| Skip::BadNpi)?,
        name,
        kind: None,
        city: text(columns.city),
        state,
        zip: Some(zip),
        street_address: (!street.is_empty()).then_some(street),
        location: CenterLocation::new(point, Precision::Zip),
        therapies: Vec::new(),
        flags: CenterFlags::default(),
        npi: Some(npi),
        taxonomy: Some(taxonomy),
        place_of_service: None,
        tin: None,
        website: None,
        phone: Phone::parse(&text(columns.phone)).ok(),
        last_verified: NaiveDate::parse_from_str(&text(columns.last_update), "%m/%d/%Y").ok(),
        source: source.to_owned(),
        prices: BTreeMap::new(),
    };
    check_row(&center, zips).map_err(|(field, _)| Skip::Invalid(field))?;
    Ok(center)
}

mod synthetic;
pub use synthetic::{NPPES_HEADER, SyntheticMix, write_synthetic_nppes};

#[cfg(test)]
mod tests;
