//! Cost of pricing one estimate with the shipped 2026 price book: the pure pricing function
//! (no HTTP, no financing) on the requests a patient's page sends most, from the cheapest
//! (all defaults) to the busiest (two joints, several sessions, every priced add-on), plus the
//! JSON serialisation of the answer, which the route pays on every estimate.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use regenquote::pricing::{EstimateRequest, PriceBook, estimate};

/// Named, representative requests, as JSON the way a client sends them.
const REQUESTS: [(&str, &str); 5] = [
    ("knee_defaults", r#"{"therapy":"knee_msc_injection"}"#),
    (
        "knee_adipose_prp_zip",
        r#"{"therapy":"knee_msc_injection","joints":1,"sessions":1,"cell_source":"adipose","add_ons":["prp"],"zip":"76102"}"#,
    ),
    (
        "knee_two_joints_six_sessions_all_add_ons",
        r#"{"therapy":"knee_msc_injection","joints":2,"sessions":6,"cell_source":"bone_marrow","add_ons":["prp","imaging_guidance","post_procedure_care","exosomes","collateral_ligament_sites"]}"#,
    ),
    (
        "scaffold",
        r#"{"therapy":"scaffold_construct","cell_source":"bone_marrow"}"#,
    ),
    ("back", r#"{"therapy":"back_msc_prp"}"#),
];

fn requests() -> Vec<(&'static str, EstimateRequest)> {
    REQUESTS
        .iter()
        .map(|(name, json)| {
            let request = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("bench request {name} does not parse: {e}"));
            (*name, request)
        })
        .collect()
}

fn price_estimates(c: &mut Criterion) {
    let book = PriceBook::embedded().expect("the shipped price book loads");
    let mut group = c.benchmark_group("pricing_estimate");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, request) in requests() {
        // A request the book refuses would measure the error path: fail loudly instead.
        let answer = estimate(&book, &request, None)
            .unwrap_or_else(|e| panic!("bench request {name} is refused: {e}"));
        eprintln!(
            "{name}: {} lines, {} bytes of JSON",
            answer.lines.len(),
            serde_json::to_vec(&answer).map_or(0, |v| v.len())
        );
        group.bench_with_input(BenchmarkId::new("price", name), &request, |b, r| {
            b.iter(|| estimate(&book, black_box(r), None))
        });
        group.bench_with_input(
            BenchmarkId::new("price_and_serialise", name),
            &request,
            |b, r| {
                b.iter(|| {
                    estimate(&book, black_box(r), None)
                        .map(|e| serde_json::to_vec(&e).map(|v| v.len()))
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, price_estimates);
criterion_main!(benches);
