//! Answers every request of one example `N` times with `eval::decision`: the loop that
//! `scripts/bench.sh --instructions` runs under callgrind to count instructions per request,
//! a figure that, unlike time, does not move with the load of a shared machine.
//!
//! `cargo run --profile perf --example decisions -- cross-account-assume-role 400`
//! (`--list` prints the example ids).

#![allow(missing_docs)]

use std::hint::black_box;
use std::process::ExitCode;

use kmsplay::engine::{eval, examples::EXAMPLES, Analysis};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        for (id, _) in EXAMPLES {
            println!("{id}");
        }
        return ExitCode::SUCCESS;
    }
    let (Some(id), Some(times)) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: decisions EXAMPLE-ID TIMES");
        return ExitCode::from(2);
    };
    let Some((_, text)) = EXAMPLES.iter().find(|(name, _)| name == id) else {
        eprintln!("decisions: no example {id}");
        return ExitCode::from(2);
    };
    let analysis = match serde_json::from_str(text)
        .map_err(|e| e.to_string())
        .and_then(|v| Analysis::new(&v).map_err(|e| e.message))
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("decisions: {e}");
            return ExitCode::from(2);
        }
    };
    let scenario = analysis.scenario();
    for _ in 0..times {
        for request in &scenario.requests {
            black_box(eval::decision(scenario, black_box(request)));
        }
    }
    println!("{}", scenario.requests.len());
    ExitCode::SUCCESS
}
