//! Synthetic NPPES files with the real header, for tests and the import benchmark. Every
//! provider is made up ("Synthetic Organization 000123") and every NPI computed; the mix of
//! records is fixed by the row number, so what an import must keep is known in advance.

use std::io::Write;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::DEFAULT_TAXONOMIES;
use crate::centers::identifiers::Npi;
use crate::centers::synthetic::zip_places;

/// The real NPPES header (330 columns), as in CMS's file.
pub const NPPES_HEADER: &str = include_str!("npidata_pfile_header.csv");

/// What [`write_synthetic_nppes`] wrote, by what a default import does with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyntheticMix {
    /// Active organizations in a default taxonomy (kept).
    pub kept: u64,
    /// Deactivated NPIs.
    pub deactivated: u64,
    /// Individuals in a default taxonomy.
    pub individuals: u64,
    /// Organizations in no default taxonomy.
    pub other_taxonomy: u64,
    /// Organizations in a default taxonomy whose NPI check digit is wrong.
    pub bad_npi: u64,
}

/// Row `i`'s kind, by `i % 20`: three in twenty are kept (one with the taxonomy in a later
/// slot), one in twenty each is deactivated, an individual, or has a bad check digit, and the
/// other fourteen are organizations in other taxonomies.
fn kind(i: usize) -> Kind {
    match i % 20 {
        0 | 10 => Kind::Kept { slot: 1 },
        5 => Kind::Kept { slot: 2 },
        1 => Kind::Deactivated,
        2 => Kind::Individual,
        19 => Kind::BadNpi,
        _ => Kind::OtherTaxonomy,
    }
}

enum Kind {
    Kept { slot: usize },
    Deactivated,
    Individual,
    OtherTaxonomy,
    BadNpi,
}

/// Writes a header and `rows` synthetic records, reproducible from `seed`, every value
/// quoted as in CMS's file.
pub fn write_synthetic_nppes<W: Write>(
    out: W,
    rows: usize,
    seed: u64,
) -> std::io::Result<SyntheticMix> {
    let header: Vec<&str> = NPPES_HEADER
        .trim_end()
        .split(',')
        .map(|h| h.trim_matches('"'))
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let place_col = |what: &str| {
        col(&format!(
            "Provider Business Practice Location Address {what}"
        ))
    };
    let (
        Some(npi_col),
        Some(entity),
        Some(org),
        Some(last),
        Some(first),
        Some(street),
        Some(city),
        Some(state),
        Some(postal),
        Some(phone),
        Some(updated),
        Some(deactivated),
        Some(taxonomy_1),
        Some(taxonomy_2),
    ) = (
        col("NPI"),
        col("Entity Type Code"),
        col("Provider Organization Name (Legal Business Name)"),
        col("Provider Last Name (Legal Name)"),
        col("Provider First Name"),
        col("Provider First Line Business Practice Location Address"),
        place_col("City Name"),
        place_col("State Name"),
        place_col("Postal Code"),
        place_col("Telephone Number"),
        col("Last Update Date"),
        col("NPI Deactivation Date"),
        col("Healthcare Provider Taxonomy Code_1"),
        col("Healthcare Provider Taxonomy Code_2"),
    )
    else {
        return Err(std::io::Error::other("the NPPES header lacks a column"));
    };
    let places = zip_places();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    w.write_record(&header)?;
    let mut mix = SyntheticMix::default();
    let mut record = vec![String::new(); header.len()];
    for i in 0..rows {
        record.iter_mut().for_each(String::clear);
        let prefix = 100_000_000 + u32::try_from(i).unwrap_or(0) % 900_000_000;
        let npi = Npi::with_check_digit(prefix).map_or_else(String::new, |n| n.to_string());
        record[npi_col] = npi;
        let chosen = DEFAULT_TAXONOMIES[i / 20 % DEFAULT_TAXONOMIES.len()].0;
        let kind = kind(i);
        if let Kind::Deactivated = kind {
            record[deactivated] = format!("{:02}/{:02}/2024", i % 12 + 1, i % 28 + 1);
            w.write_record(&record)?;
            mix.deactivated += 1;
            continue;
        }
        let place = &places[rng.random_range(0..places.len())];
        record[entity] = String::from(if let Kind::Individual = kind {
            "1"
        } else {
            "2"
        });
        match kind {
            Kind::Individual => {
                record[last] = format!("SYNTHETIC{i:07}");
                record[first] = String::from("PAT");
            }
            _ => record[org] = format!("SYNTHETIC ORGANIZATION {i:07}"),
        }
        record[street] = format!("{} EXAMPLE AVE", i % 9_000 + 100);
        record[city] = place.city.to_uppercase();
        record[state] = place.state.to_string();
        record[postal] = format!("{}{:04}", place.zip, i % 10_000);
        record[phone] = format!("{}555{:04}", 200 + i % 700, i % 10_000);
        record[updated] = format!("{:02}/{:02}/2025", i % 12 + 1, i % 28 + 1);
        match kind {
            Kind::Kept { slot } => {
                if slot == 2 {
                    record[taxonomy_1] = String::from("363L00000X");
                    record[taxonomy_2] = String::from(chosen);
                } else {
                    record[taxonomy_1] = String::from(chosen);
                }
                mix.kept += 1;
            }
            Kind::Individual => {
                record[taxonomy_1] = String::from(chosen);
                mix.individuals += 1;
            }
            Kind::BadNpi => {
                record[taxonomy_1] = String::from(chosen);
                let npi = &mut record[npi_col];
                if let Some(last) = npi.pop() {
                    let digit = last.to_digit(10).unwrap_or(0);
                    npi.push(char::from_digit((digit + 1) % 10, 10).unwrap_or('0'));
                }
                mix.bad_npi += 1;
            }
            Kind::OtherTaxonomy => {
                record[taxonomy_1] = String::from("363L00000X");
                mix.other_taxonomy += 1;
            }
            Kind::Deactivated => {}
        }
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(mix)
}
