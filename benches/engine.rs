//! Engine benchmarks (issue 8): the seven examples, a large generated scenario, re-analysis
//! after one edit, and pathological inputs at several sizes. Run with `scripts/bench.sh`
//! (or `cargo bench --bench engine`); `scripts/bench.sh --smoke` runs each once.
//!
//! Budgets (native): a request of an example ≤ 2 µs median; the large scenario's full report
//! ≤ 5 ms median. These are measured here, never asserted in `cargo test`.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod gen;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kmsplay::engine::{arn, eval, examples::EXAMPLES, lint, matrix, wildcard, Analysis, PolicyKind};
use serde_json::Value;

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("example is JSON")
}

/// Parse + full report of each example; per-request `evaluate` and per-cell `decision`.
fn examples(c: &mut Criterion) {
    let mut report = c.benchmark_group("example/report");
    for (id, text) in EXAMPLES {
        let value = parse(text);
        report.bench_function(*id, |b| b.iter(|| Analysis::new(black_box(&value)).unwrap().report()));
    }
    report.finish();

    // One iteration answers every request of the example; throughput gives the time per request.
    let mut evaluate = c.benchmark_group("example/evaluate");
    for (id, text) in EXAMPLES {
        let analysis = Analysis::new(&parse(text)).unwrap();
        let sc = analysis.scenario();
        evaluate.throughput(Throughput::Elements(sc.requests.len() as u64));
        evaluate.bench_function(*id, |b| {
            b.iter(|| {
                for r in &sc.requests {
                    black_box(eval::evaluate(sc, black_box(r)));
                }
            })
        });
    }
    evaluate.finish();

    let mut decision = c.benchmark_group("example/decision");
    for (id, text) in EXAMPLES {
        let analysis = Analysis::new(&parse(text)).unwrap();
        let sc = analysis.scenario();
        decision.throughput(Throughput::Elements(sc.requests.len() as u64));
        decision.bench_function(*id, |b| {
            b.iter(|| {
                for r in &sc.requests {
                    black_box(eval::decision(sc, black_box(r)));
                }
            })
        });
    }
    decision.finish();

    // The whole matrix of each example: one `decision` per cell.
    let mut cells = c.benchmark_group("example/matrix");
    for (id, text) in EXAMPLES {
        let analysis = Analysis::new(&parse(text)).unwrap();
        let m = analysis.matrix();
        cells.throughput(Throughput::Elements((m.rows.len() * m.actions.len()) as u64));
        cells.bench_function(*id, |b| b.iter(|| matrix::build(black_box(analysis.scenario()))));
    }
    cells.finish();
}

/// The large generated scenario: full report, its parts, and re-analysis after one edit.
fn large(c: &mut Criterion) {
    let value = gen::large_scenario();
    let analysis = Analysis::new(&value).unwrap();
    let mut g = c.benchmark_group("large");
    g.sample_size(30);
    g.bench_function("parse", |b| b.iter(|| Analysis::new(black_box(&value)).unwrap()));
    g.bench_function("report", |b| b.iter(|| black_box(&analysis).report()));
    g.bench_function("parse+report", |b| b.iter(|| Analysis::new(black_box(&value)).unwrap().report()));
    // What the wasm figure measures (`analyzeCells`): the scenario as JSON text, read by
    // serde_json, analysed without a copy, and reported; and the serde_json read alone.
    let text = value.to_string();
    g.bench_function("json-text", |b| b.iter(|| serde_json::from_str::<Value>(black_box(&text)).unwrap()));
    g.bench_function("text+report", |b| {
        b.iter(|| Analysis::from_value(serde_json::from_str(black_box(&text)).unwrap()).unwrap().report())
    });
    g.bench_function("matrix", |b| b.iter(|| black_box(&analysis).matrix()));
    g.bench_function("findings", |b| b.iter(|| black_box(&analysis).findings()));
    let sc = analysis.scenario();
    g.bench_function("evaluate-requests", |b| {
        b.iter(|| {
            for r in &sc.requests {
                black_box(eval::evaluate(sc, black_box(r)));
            }
        })
    });
    // What the app does on each keystroke: analyse the edited scenario, reusing the policies
    // that did not change (`Analysis::update`), then the report.
    let edited = gen::large_scenario_edited(3);
    g.bench_function("reanalyse-after-edit", |b| {
        b.iter(|| black_box(&analysis).update(black_box(&edited)).unwrap().report())
    });
    g.bench_function("reparse-after-edit", |b| b.iter(|| black_box(&analysis).update(black_box(&edited)).unwrap()));
    g.finish();
}

/// Pathological inputs, each at three sizes so growth is visible.
fn pathological(c: &mut Criterion) {
    let mut g = c.benchmark_group("pathological/glob");
    for n in [1_000usize, 4_000, 16_000] {
        // `*a*a…*a b` (10 stars) against n characters: worst case for a backtracking matcher.
        let pattern = gen::star_pattern(10);
        let text = "a".repeat(n);
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_with_input(BenchmarkId::new("10-stars", n), &n, |b, _| {
            b.iter(|| wildcard::glob_match(black_box(&pattern), black_box(&text)))
        });
    }
    for n in [250usize, 1_000, 4_000] {
        // A pattern of n stars against an ARN of n characters: the quadratic bound.
        let pattern =
            wildcard::Pattern::glob(&format!("arn:aws:kms:*:{}:key/{}", gen::KEY_ACCOUNT, gen::star_pattern(n)));
        let arn = gen::long_arn(n);
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_with_input(BenchmarkId::new("n-stars-arn", n), &n, |b, _| {
            b.iter(|| arn::arn_match(black_box(&pattern), black_box(&arn)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("pathological/wildcard-request");
    for n in [1_000usize, 4_000, 16_000] {
        let value = gen::wildcard_scenario(10, n);
        let analysis = Analysis::new(&value).unwrap();
        let sc = analysis.scenario();
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| eval::evaluate(sc, black_box(&sc.requests[0])))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("pathological/nesting");
    for depth in [16usize, 32, 64] {
        // 200 statements each nested `depth` levels: the reader at its depth limit.
        let text = gen::nested_scenario_text(depth, 200);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("lint-200-statements", depth), &depth, |b, _| {
            b.iter(|| lint(black_box(&text), PolicyKind::Key))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("pathological/condition-values");
    for n in [1_000usize, 4_000, 16_000] {
        let value = gen::many_values_scenario(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("parse+report", n), &n, |b, _| {
            b.iter(|| Analysis::new(black_box(&value)).unwrap().report())
        });
        let analysis = Analysis::new(&value).unwrap();
        let sc = analysis.scenario();
        g.bench_with_input(BenchmarkId::new("evaluate", n), &n, |b, _| {
            b.iter(|| eval::evaluate(sc, black_box(&sc.requests[0])))
        });
    }
    g.finish();
}

criterion_group!(benches, examples, large, pathological);
criterion_main!(benches);
