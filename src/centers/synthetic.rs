//! Synthetic test data: made-up centers ("Synthetic Center 000123") spread over the US ZIP
//! centroids, for benchmarks, tests and large API test fixtures. Never shipped as data:
//! every synthetic row's `source` says it is synthetic, and none carries a price, NPI, TIN,
//! phone or website.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::center::{Center, CenterFlags, CenterKind, CenterLocation, Precision};
use super::file::save_directory;
use super::geo::GeoPoint;
use super::identifiers::CenterId;
use super::zips::{ZipPlace, ZipTable};
use crate::therapy::TherapyCode;

/// The ZIP places synthetic centers are spread over: those with a centroid, in a state, DC
/// or territory.
pub(in crate::centers) fn zip_places() -> &'static [ZipPlace] {
    static PLACES: OnceLock<Vec<ZipPlace>> = OnceLock::new();
    PLACES.get_or_init(|| {
        // The embedded table is checked by its own tests; if it ever failed to load, the
        // synthetic set would simply be empty.
        ZipTable::embedded()
            .map(|table| {
                table
                    .places()
                    .iter()
                    .filter(|p| p.point.is_some() && p.state.is_state_or_territory())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// `n` synthetic centers, reproducible from `seed`. Each sits within about half a mile of a
/// ZIP centroid chosen at random, with ZIP-level precision, a random kind, a random non-empty
/// set of therapies and random (possibly unknown) flags. Ids are
/// `synthetic-center-000000`, `synthetic-center-000001`, ….
pub fn synthetic(n: usize, seed: u64) -> Vec<Center> {
    let places = zip_places();
    if places.is_empty() {
        return Vec::new();
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let last_verified = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let source = format!("synthetic test data (seed {seed}); not a real center");
    (0..n)
        .filter_map(|i| {
            let place = &places[rng.random_range(0..places.len())];
            let centroid = place.point?;
            let jitter = |rng: &mut StdRng| rng.random_range(-0.005..0.005);
            let point = GeoPoint::new(
                centroid.lat() + jitter(&mut rng),
                centroid.lon() + jitter(&mut rng),
            )
            .unwrap_or(centroid);
            let mask: u32 = rng.random_range(1..(1 << TherapyCode::ALL.len()));
            let maybe = |rng: &mut StdRng| [None, Some(true), Some(false)][rng.random_range(0..3)];
            Some(Center {
                id: CenterId::parse(&format!("synthetic-center-{i:06}")).ok()?,
                name: format!("Synthetic Center {i:06}"),
                kind: Some(CenterKind::ALL[rng.random_range(0..CenterKind::ALL.len())]),
                city: place.city.clone(),
                state: place.state,
                zip: Some(place.zip),
                street_address: None,
                location: CenterLocation::new(point, Precision::Zip),
                therapies: TherapyCode::ALL
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1 << bit) != 0)
                    .map(|(_, t)| *t)
                    .collect(),
                flags: CenterFlags {
                    gmp_lab: maybe(&mut rng),
                    outpatient: maybe(&mut rng),
                },
                npi: None,
                tin: None,
                taxonomy: None,
                place_of_service: None,
                website: None,
                phone: None,
                last_verified: Some(last_verified),
                source: source.clone(),
                prices: Default::default(),
            })
        })
        .collect()
}

/// Writes a directory file of `n` synthetic centers (e.g. a 100,000-center fixture for API
/// load tests) to `path`.
pub fn write_synthetic_directory(path: &Path, n: usize, seed: u64) -> std::io::Result<()> {
    save_directory(path, &synthetic(n, seed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::centers::Directory;

    #[test]
    fn synthetic_centers_are_reproducible_and_clearly_fake() {
        let a = synthetic(50, 7);
        assert_eq!(a, synthetic(50, 7));
        assert_ne!(a, synthetic(50, 8));
        assert_eq!(a[3].name, "Synthetic Center 000003");
        assert_eq!(a[3].id.as_str(), "synthetic-center-000003");
        assert!(
            a.iter()
                .all(|c| c.source.contains("synthetic") && c.prices.is_empty() && c.npi.is_none())
        );
    }

    #[test]
    fn synthetic_centers_pass_directory_validation() {
        let zips = ZipTable::embedded().unwrap();
        let dir = Directory::new(synthetic(2_000, 1), &zips).unwrap();
        assert_eq!(dir.len(), 2_000);
    }

    #[test]
    fn a_written_synthetic_directory_loads_back_identically() {
        let path =
            std::env::temp_dir().join(format!("regenquote-synthetic-{}.json", std::process::id()));
        write_synthetic_directory(&path, 300, 3).unwrap();
        let zips = ZipTable::embedded().unwrap();
        let dir = Directory::from_path(&path, &zips);
        std::fs::remove_file(&path).ok();
        assert_eq!(
            dir.unwrap().centers().collect::<Vec<_>>(),
            synthetic(300, 3)
        );
    }
}
