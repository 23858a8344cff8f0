//! Benchmarks for the scoring core and the `ziping` CLI. Prints numbers; run with
//! `cargo bench --bench score`. Figures go to BENCHMARKS.md.
//!
//! - score one form of 100 and of 300 indicators (engine only, form already read);
//! - read + score + serialize one 100-indicator form from JSON text (what the CLI does per file);
//! - the CLI over 10,000 generated 100-indicator files, on every core (the budget: ≥ 8,000
//!   forms/s on the 2-core machine), and pinned to one core when `taskset` exists.

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;
use common::time_per_iter;

use ziping::{engine, example};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo test --all-targets` runs this binary without `--bench`: a quick smoke run only.
    if !std::env::args().any(|a| a == "--bench") {
        let r = engine::score(&example::generated(100, 7));
        assert!(r.complete, "the generated form is complete: {:?}", r.issues.first());
        println!("bench smoke: 1 passed, 0 failed");
        return;
    }
    for n in [100usize, 300] {
        let form = example::generated(n, 7);
        let t = time_per_iter(|| {
            black_box(engine::score(black_box(&form)));
        });
        println!("score/{n}-indicators: {:.1} µs per form", t.as_secs_f64() * 1e6);
    }
    let text = example::generated(100, 7).to_json_pretty();
    let t = time_per_iter(|| {
        let r = engine::score_json(black_box(&text)).ok().unwrap();
        black_box(r.to_json_line());
    });
    println!(
        "read+score+serialize/100-indicators ({} KB JSON): {:.1} µs per form = {:.0} forms/s on one thread",
        text.len() / 1024,
        t.as_secs_f64() * 1e6,
        1.0 / t.as_secs_f64()
    );

    // The CLI over 10,000 files.
    let dir = std::env::temp_dir().join(format!("ziping-bench-{}", std::process::id()));
    let count = 10_000;
    example::write_generated(&dir, 0..count).unwrap();
    // The CLI this build made, or another one to compare (ZIPING_BIN=path/to/ziping).
    let exe = std::env::var("ZIPING_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ziping").to_string());
    let taskset = Command::new("taskset").arg("--version").output().is_ok();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for one_core in [false, true] {
        if one_core && !taskset {
            continue;
        }
        let mut cmd = if one_core {
            let mut c = Command::new("taskset");
            c.args(["-c", "0", &exe]);
            c
        } else {
            Command::new(&exe)
        };
        cmd.arg("score").arg(&dir).stdout(std::process::Stdio::null());
        // Once to warm the page cache, then five measured runs: the best and the median.
        cmd.status().unwrap();
        let mut runs: Vec<f64> = (0..5)
            .map(|_| {
                let start = Instant::now();
                let status = cmd.status().unwrap();
                assert!(status.success(), "ziping score failed");
                start.elapsed().as_secs_f64()
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        println!(
            "cli/score {count} files of 100 indicators on {} with {exe}: best {:.3} s = {:.0} forms/s, median {:.3} s = {:.0} forms/s",
            if one_core { "one core (taskset -c 0)".to_string() } else { format!("all {cores} cores") },
            runs[0],
            count as f64 / runs[0],
            runs[2],
            count as f64 / runs[2],
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
