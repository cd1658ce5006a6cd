//! The import on small synthetic files with the real NPPES header: every name below is made up
//! and marked so, every NPI is computed here.

use std::collections::BTreeSet;

use super::*;
use crate::centers::{Directory, ZipTable};

fn header() -> Vec<String> {
    csv::Reader::from_reader(NPPES_HEADER.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

/// A valid NPI whose first nine digits are `prefix`.
fn npi(prefix: u32) -> String {
    Npi::with_check_digit(prefix).unwrap().to_string()
}

/// One record: every column empty but the ones given, by header name.
fn record(fields: &[(&str, &str)]) -> Vec<String> {
    let names = header();
    let mut row = vec![String::new(); names.len()];
    for (name, value) in fields {
        let i = names.iter().position(|n| n == name).expect(name);
        row[i] = (*value).to_owned();
    }
    row
}

const ORG: &str = "Provider Organization Name (Legal Business Name)";
const CITY: &str = "Provider Business Practice Location Address City Name";
const STATE: &str = "Provider Business Practice Location Address State Name";
const POSTAL: &str = "Provider Business Practice Location Address Postal Code";
const PHONE: &str = "Provider Business Practice Location Address Telephone Number";
const STREET: &str = "Provider First Line Business Practice Location Address";
const TAXONOMY_1: &str = "Healthcare Provider Taxonomy Code_1";

fn organization(n: u32, name: &str, state: &str, postal: &str, taxonomy: &str) -> Vec<String> {
    record(&[
        ("NPI", &npi(n)),
        ("Entity Type Code", "2"),
        (ORG, name),
        (STREET, "100 EXAMPLE ST"),
        (CITY, "EXAMPLE CITY"),
        (STATE, state),
        (POSTAL, postal),
        (PHONE, "8175550100"),
        ("Last Update Date", "07/08/2025"),
        (TAXONOMY_1, taxonomy),
    ])
}

fn csv_file(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    w.write_record(header()).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.into_inner().unwrap()
}

/// The sample: one record for each way a record is kept or skipped.
fn sample() -> Vec<Vec<String>> {
    let mut reactivated = organization(
        3,
        "SYNTHETIC PAIN CLINIC, LLC",
        "NY",
        "100071234",
        "363L00000X",
    );
    let names = header();
    let set = |row: &mut Vec<String>, name: &str, value: &str| {
        row[names.iter().position(|n| n == name).unwrap()] = value.to_owned();
    };
    // The chosen taxonomy in a later slot; deactivated once, then reactivated.
    set(
        &mut reactivated,
        "Healthcare Provider Taxonomy Code_3",
        "261QP3300X",
    );
    set(&mut reactivated, "NPI Deactivation Date", "01/02/2020");
    set(&mut reactivated, "NPI Reactivation Date", "03/04/2020");
    let mut bad_check_digit = organization(6, "SYNTHETIC BAD NPI", "TX", "76102", "207X00000X");
    let last = bad_check_digit[0].pop().unwrap();
    bad_check_digit[0].push(char::from(
        b'0' + (last.to_digit(10).unwrap() as u8 + 1) % 10,
    ));
    vec![
        organization(
            1,
            "SYNTHETIC ORTHOPAEDIC GROUP \"NORTH\", PA",
            "TX",
            "761021234",
            "207X00000X",
        ),
        record(&[("NPI", &npi(2)), ("NPI Deactivation Date", "05/06/2021")]),
        reactivated,
        record(&[
            ("NPI", &npi(4)),
            ("Entity Type Code", "1"),
            ("Provider Last Name (Legal Name)", "SYNTHETIC"),
            ("Provider First Name", "PAT"),
            ("Provider Credential Text", "M.D."),
            (CITY, "FORT WORTH"),
            (STATE, "TX"),
            (POSTAL, "76102"),
            (TAXONOMY_1, "207XX0005X"),
        ]),
        organization(5, "SYNTHETIC NURSING GROUP", "TX", "76102", "363L00000X"),
        bad_check_digit,
        organization(7, "SYNTHETIC ABROAD", "ZZ", "K1A0B1", "207X00000X"),
        organization(8, "SYNTHETIC MISMATCH", "TX", "10007", "207X00000X"),
    ]
}

fn run(options: &ImportOptions, rows: &[Vec<String>]) -> (ImportReport, Vec<Center>) {
    let zips = ZipTable::embedded().unwrap();
    let mut out = Vec::new();
    let report = import_nppes(&csv_file(rows)[..], &mut out, options, &zips).unwrap();
    let text = String::from_utf8(out).unwrap();
    let directory = Directory::from_json_str(&text, &zips).expect("the output is a directory");
    (report, directory.centers().collect())
}

fn options() -> ImportOptions {
    ImportOptions::new("npidata_pfile_synthetic.csv")
}

#[test]
fn active_organizations_in_the_chosen_taxonomies_are_written_and_the_rest_counted() {
    let (report, centers) = run(&options(), &sample());
    let ids: Vec<&str> = centers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [format!("npi-{}", npi(1)), format!("npi-{}", npi(3))],
        "{report}"
    );
    assert_eq!(
        report,
        ImportReport {
            rows: 8,
            written: 2,
            deactivated: 1,
            not_an_organization: 1,
            other_taxonomy: 1,
            other_state: 0,
            bad_npi: 1,
            unknown_zip: 1,
            invalid: [("zip".to_owned(), 1)].into(),
        }
    );
    assert_eq!(report.skipped(), 6);
}

#[test]
fn an_imported_center_states_only_what_the_record_says() {
    let (_, centers) = run(&options(), &sample());
    let c = &centers[0];
    assert_eq!(c.name, "SYNTHETIC ORTHOPAEDIC GROUP \"NORTH\", PA");
    assert_eq!(c.npi.as_ref().map(Npi::as_str), Some(npi(1).as_str()));
    assert_eq!(c.state.as_str(), "TX");
    assert_eq!(c.zip.map(|z| z.to_string()).as_deref(), Some("76102"));
    assert_eq!(c.street_address.as_deref(), Some("100 EXAMPLE ST"));
    assert_eq!(c.city, "EXAMPLE CITY");
    assert_eq!(c.phone.as_ref().map(Phone::as_str), Some("+18175550100"));
    assert_eq!(
        c.last_verified,
        NaiveDate::from_ymd_opt(2025, 7, 8),
        "from Last Update Date"
    );
    assert_eq!(c.location.precision(), Precision::Zip);
    let zips = ZipTable::embedded().unwrap();
    let centroid = zips.resolve(&"76102".parse().unwrap()).unwrap().point;
    assert_eq!(Some(c.point()), centroid);
    assert!(c.therapies.is_empty(), "a taxonomy names no therapy");
    assert_eq!(
        c.taxonomy.as_ref().map(Taxonomy::as_str),
        Some("207X00000X")
    );
    assert_eq!(
        centers[1].taxonomy.as_ref().map(Taxonomy::as_str),
        Some("261QP3300X"),
        "the chosen code, not the first one"
    );
    assert_eq!(c.kind, None);
    assert_eq!(c.tin, None, "the public file suppresses the EIN");
    assert!(
        c.source.contains("npidata_pfile_synthetic.csv"),
        "{}",
        c.source
    );
}

#[test]
fn individuals_are_imported_only_when_asked() {
    let options = ImportOptions {
        individuals: true,
        ..options()
    };
    let (report, centers) = run(&options, &sample());
    assert_eq!(report.written, 3);
    assert_eq!(report.not_an_organization, 0);
    assert!(centers.iter().any(|c| c.name == "PAT SYNTHETIC, M.D."));
}

#[test]
fn a_state_filter_keeps_only_its_states() {
    let options = ImportOptions {
        states: BTreeSet::from(["NY".parse().unwrap()]),
        ..options()
    };
    let (report, centers) = run(&options, &sample());
    assert_eq!(centers.len(), 1);
    assert_eq!(centers[0].state.as_str(), "NY");
    // The Texas records that would have been kept, or failed a later check.
    assert_eq!(report.other_state, 3);
}

#[test]
fn chosen_taxonomies_replace_the_defaults() {
    let options = ImportOptions {
        taxonomies: BTreeSet::from([Taxonomy::parse("363L00000X").unwrap()]),
        ..options()
    };
    let (_, centers) = run(&options, &sample());
    let names: Vec<&str> = centers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["SYNTHETIC PAIN CLINIC, LLC", "SYNTHETIC NURSING GROUP"]
    );
}

#[test]
fn a_file_without_a_needed_column_fails_naming_it() {
    let text = "\"NPI\",\"Entity Type Code\"\n\"1234567893\",\"2\"\n";
    let zips = ZipTable::embedded().unwrap();
    let err = import_nppes(text.as_bytes(), Vec::new(), &options(), &zips).unwrap_err();
    assert!(
        err.to_string()
            .contains("no column `Healthcare Provider Taxonomy Code_1`"),
        "{err}"
    );
}

#[test]
fn an_empty_file_writes_an_empty_directory() {
    let (report, centers) = run(&options(), &[]);
    assert_eq!(report, ImportReport::default());
    assert!(centers.is_empty());
}

#[test]
fn every_default_taxonomy_is_a_well_formed_code() {
    assert!(
        DEFAULT_TAXONOMIES
            .iter()
            .all(|(code, _)| Taxonomy::parse(code).is_ok())
    );
    assert_eq!(options().taxonomies.len(), DEFAULT_TAXONOMIES.len());
}

#[test]
fn a_synthetic_file_imports_exactly_its_intended_mix() {
    let zips = ZipTable::embedded().unwrap();
    let mut file = Vec::new();
    let mix = write_synthetic_nppes(&mut file, 1_000, 9).unwrap();
    assert_eq!(
        mix,
        SyntheticMix {
            kept: 150,
            deactivated: 50,
            individuals: 50,
            other_taxonomy: 700,
            bad_npi: 50,
        }
    );
    let mut out = Vec::new();
    let report = import_nppes(&file[..], &mut out, &options(), &zips).unwrap();
    assert_eq!(
        report,
        ImportReport {
            rows: 1_000,
            written: mix.kept,
            deactivated: mix.deactivated,
            not_an_organization: mix.individuals,
            other_taxonomy: mix.other_taxonomy,
            bad_npi: mix.bad_npi,
            ..ImportReport::default()
        }
    );
    let directory = Directory::from_json_str(std::str::from_utf8(&out).unwrap(), &zips).unwrap();
    assert_eq!(directory.len(), 150);
    assert!(
        directory
            .centers()
            .all(|c| c.name.starts_with("SYNTHETIC ORGANIZATION") && c.therapies.is_empty())
    );
}
