//! Where a realistic center search spends its time, without HTTP: 20,000 searches over a
//! 100,000-center synthetic directory, each from a random ZIP centroid with the radius, page
//! size and filter mix of `scripts/wrk/centers-mix.lua`; prints the search and serialisation
//! cost per query, then the search cost by radius and by filter.
//!
//! ```sh
//! cargo run --release --example search_mix
//! ```

use regenquote::centers::{CenterKind, CenterQuery, Directory, ZipTable, synthetic};
use regenquote::therapy::TherapyCode;
use std::time::Instant;
fn main() {
    let zips = ZipTable::embedded().unwrap();
    let dir = Directory::new(synthetic(100_000, 2026), &zips).unwrap();
    let places: Vec<_> = zips
        .places()
        .iter()
        .filter_map(|p| p.point)
        .filter(|p| p.lat() != 0.0)
        .collect();
    let radii = [10.0, 25.0, 50.0, 50.0, 100.0, 250.0];
    let limits = [10, 20, 20, 50];
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let queries: Vec<CenterQuery> = (0..20_000)
        .map(|_| {
            let draw = next(4);
            CenterQuery {
                near: Some(places[next(places.len())]),
                radius_miles: Some(radii[next(6)]),
                limit: Some(limits[next(4)]),
                therapy: (draw == 0).then(|| TherapyCode::ALL[next(TherapyCode::ALL.len())]),
                kind: (draw == 1).then(|| CenterKind::ALL[next(4)]),
                ..Default::default()
            }
        })
        .collect();
    let t = Instant::now();
    let pages: Vec<_> = queries.iter().map(|q| dir.search(q).unwrap()).collect();
    let search = t.elapsed();
    let t = Instant::now();
    let mut bytes = 0;
    for p in &pages {
        bytes += serde_json::to_vec(p).unwrap().len();
    }
    let ser = t.elapsed();
    let totals: usize = pages.iter().map(|p| p.total).sum();
    println!(
        "search {:.1} us/q, serialize {:.1} us/q, {} bytes/q, mean total {}",
        search.as_secs_f64() * 1e6 / 20000.0,
        ser.as_secs_f64() * 1e6 / 20000.0,
        bytes / 20000,
        totals / 20000
    );
    for r in radii {
        let qs: Vec<_> = queries
            .iter()
            .filter(|q| q.radius_miles == Some(r))
            .collect();
        let t = Instant::now();
        for q in &qs {
            dir.search(q).unwrap();
        }
        println!(
            "radius {r}: {:.1} us/q over {}",
            t.elapsed().as_secs_f64() * 1e6 / qs.len() as f64,
            qs.len()
        );
    }
    for (name, f) in [("no filter", 0), ("therapy", 1), ("kind", 2)] {
        let qs: Vec<_> = queries
            .iter()
            .filter(|q| match f {
                0 => q.therapy.is_none() && q.kind.is_none(),
                1 => q.therapy.is_some(),
                _ => q.kind.is_some(),
            })
            .collect();
        let t = Instant::now();
        for q in &qs {
            dir.search(q).unwrap();
        }
        println!(
            "{name}: {:.1} us/q over {}",
            t.elapsed().as_secs_f64() * 1e6 / qs.len() as f64,
            qs.len()
        );
    }
}
