//! Prints the large generated scenario of the benchmarks (`benches/gen.rs`) as JSON, so the
//! browser benchmark (`tests/e2e/perf.mjs`, run by `scripts/bench.sh --browser`) times the
//! same input in wasm as `cargo bench` does natively.
//!
//! `cargo run --release --example large_scenario > large.json`

#[path = "../benches/gen.rs"]
mod gen;

fn main() {
    println!("{}", gen::large_scenario());
}
