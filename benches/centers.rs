//! Center search speed as the directory grows: a 50-mile radius search around downtown Fort
//! Worth (ZIP 76102) over 10k, 100k and 1M synthetic centers, unfiltered and filtered by
//! therapy (the search a patient's page makes); and start-up cost of loading a directory
//! file (parse, validate, index) of 10k and 100k centers.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use regenquote::centers::{CenterQuery, Directory, ZipTable, synthetic, write_directory};
use regenquote::therapy::TherapyCode;

fn radius_search(c: &mut Criterion) {
    let zips = ZipTable::embedded().expect("the shipped ZIP table loads");
    let near = zips
        .resolve(&"76102".parse().expect("a valid ZIP"))
        .and_then(|place| place.point);
    let mut group = c.benchmark_group("centers_50_mile_search_near_76102");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for size in [10_000usize, 100_000, 1_000_000] {
        let dir = Directory::new(synthetic(size, 2026), &zips).expect("synthetic rows are valid");
        for (label, therapy) in [
            ("any_therapy", None),
            ("knee_msc_injection", Some(TherapyCode::KneeMscInjection)),
        ] {
            let query = CenterQuery {
                near,
                radius_miles: Some(50.0),
                therapy,
                ..Default::default()
            };
            let page = dir.search(&query).expect("a valid query");
            eprintln!(
                "{size} centers, {label}: {} within 50 miles, page of {}",
                page.total,
                page.centers.len()
            );
            group.bench_with_input(BenchmarkId::new(label, size), &query, |b, q| {
                b.iter(|| dir.search(black_box(q)))
            });
        }
    }
    group.finish();
}

fn load_directory(c: &mut Criterion) {
    let zips = ZipTable::embedded().expect("the shipped ZIP table loads");
    let mut group = c.benchmark_group("centers_load_directory_file");
    group.sample_size(10);
    for size in [10_000usize, 100_000] {
        let mut text = Vec::new();
        write_directory(&mut text, &synthetic(size, 2026)).expect("writing to memory");
        let text = String::from_utf8(text).expect("JSON is UTF-8");
        eprintln!("{size} centers: directory file of {} bytes", text.len());
        group.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, t| {
            b.iter(|| Directory::from_json_str(black_box(t), &zips).map(|d| d.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, radius_search, load_directory);
criterion_main!(benches);
