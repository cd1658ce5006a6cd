//! Cost of the financing options shown with every estimate: `financing::options` over the
//! example plans shipped in `config/base.toml`, for amounts from below every plan's minimum to
//! above every plan's maximum, plus the JSON serialisation of the answer.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use regenquote::app::configuration::{self, Environment};
use regenquote::financing::options;
use regenquote::money::Cents;

/// Amounts in cents: too small for any plan, a typical knee estimate, the high end of the knee
/// range, the top of the scaffold range, and more than any plan finances.
const AMOUNTS: [(&str, u64); 5] = [
    ("100_dollars", 10_000),
    ("8724_dollars_typical_knee", 872_474),
    ("30000_dollars", 3_000_000),
    ("45000_dollars", 4_500_000),
    ("90000_dollars", 9_000_000),
];

fn financing_options(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let settings =
        configuration::load(&dir, Environment::Local, false).expect("the shipped config loads");
    let plans = settings.financing.plans;
    let mut group = c.benchmark_group("financing_options");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, cents) in AMOUNTS {
        let amount = Cents::new(cents);
        let answer = options(&plans, amount);
        eprintln!(
            "{name}: {} of {} plans available, {} bytes of JSON",
            answer
                .options
                .iter()
                .filter(|o| o.offer().is_some())
                .count(),
            plans.len(),
            serde_json::to_vec(&answer).map_or(0, |v| v.len())
        );
        group.bench_with_input(BenchmarkId::new("options", name), &amount, |b, a| {
            b.iter(|| options(&plans, black_box(*a)))
        });
        group.bench_with_input(
            BenchmarkId::new("options_and_serialise", name),
            &amount,
            |b, a| b.iter(|| serde_json::to_vec(&options(&plans, black_box(*a))).map(|v| v.len())),
        );
    }
    group.finish();
}

criterion_group!(benches, financing_options);
criterion_main!(benches);
