//! Scoring and ranking speed: a generated province (200 units) and a generated country
//! (100,000 units × the built-in rubric's leaves), explanations included; and the input limits'
//! scan against reading the country's JSON text.

// Sums here are counts of nodes and items in memory, which cannot overflow (`core/clippy.toml`
// disallows `sum` for the engine's points).
#![allow(clippy::disallowed_methods)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use parindex::api::{Kind, Limits};
use parindex::builtin;
use parindex::internal::{generate, score_unit, Context};

fn bench(c: &mut Criterion) {
    let rs = builtin::ruleset(builtin::DEFAULT_RULESET).expect("built-in rule set");

    let province = generate(&rs, 200, 7);
    let mut g = c.benchmark_group("province_200");
    g.throughput(Throughput::Elements(province.len() as u64));
    g.bench_function("score_and_rank", |b| {
        b.iter_batched(
            || province.clone(),
            |units| rs.score(units),
            BatchSize::SmallInput,
        )
    });
    let text = serde_json::to_string(&parindex::BatchInput {
        format_version: 1,
        ruleset: None,
        title: None,
        synthetic: true,
        units: province.clone(),
    })
    .expect("serialise");
    g.bench_function("parse_score_rank_json", |b| b.iter(|| rs.score_json(&text)));
    // Explanations are kept as compact rows and rendered when asked for: the cost of rendering
    // every node of every unit of the province.
    let scored = rs.score(province.clone());
    g.bench_function("render_every_explanation", |b| {
        b.iter(|| {
            scored
                .units
                .iter()
                .map(|u| u.nodes.iter().filter(|n| n.lost_reason.is_some()).count())
                .sum::<usize>()
        })
    });
    let one = province[0].clone();
    let ctx = Context::from_units(&rs, std::iter::once(&one));
    g.bench_function("rescore_one_unit", |b| {
        b.iter_batched(
            || one.clone(),
            |u| score_unit(&rs, u, &ctx, "$"),
            BatchSize::SmallInput,
        )
    });
    g.finish();

    // Generated on first use, so that running only the province benches does not pay for it.
    let country = std::sync::OnceLock::new();
    let country = || {
        country.get_or_init(|| {
            let units = generate(&rs, 100_000, 11);
            let leaves: usize = units.iter().map(|u| u.items.len()).sum();
            println!("country: {} units, {} leaf inputs", units.len(), leaves);
            units
        })
    };
    let mut g = c.benchmark_group("country_100k");
    g.sample_size(10);
    g.throughput(Throughput::Elements(100_000));
    // Every unit's node-by-node explanation is kept in the result (compact rows per node plus the
    // unit's inputs; `render_every_explanation` above measures rendering them).
    g.bench_function("score_and_rank", |b| {
        b.iter_batched(
            || country().clone(),
            |units| rs.score(units),
            BatchSize::PerIteration,
        )
    });
    // Explanations dropped as each unit is scored (with the unit's inputs, which a kept explanation
    // holds on to); totals, indices and ranking kept.
    g.bench_function("score_and_rank_summaries", |b| {
        b.iter_batched(
            || country().clone(),
            |units| {
                rs.score_with(
                    units,
                    parindex::BatchOptions {
                        keep_nodes: false,
                        ..Default::default()
                    },
                )
            },
            BatchSize::PerIteration,
        )
    });
    // The input limits' scan runs before every JSON text is read: its cost against reading,
    // scoring and ranking the same text (the scan included), on the country as JSON text.
    let text = serde_json::to_string(&parindex::BatchInput {
        format_version: 1,
        ruleset: None,
        title: None,
        synthetic: true,
        units: country().clone(),
    })
    .expect("serialise");
    let unlimited = Limits {
        max_input_bytes: usize::MAX,
        max_units: usize::MAX,
        ..Limits::DEFAULT
    };
    g.bench_function("limits_scan_json", |b| {
        b.iter(|| {
            unlimited
                .scan(&text, Kind::Batch, "$")
                .map(|s| s.duplicates.len())
        })
    });
    g.bench_function("parse_score_rank_json_summaries", |b| {
        b.iter(|| {
            rs.score_json_with(
                &text,
                parindex::BatchOptions {
                    keep_nodes: false,
                    limits: unlimited,
                },
            )
            .map(|r| r.units.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
