//! Loops over one generated 100-indicator form, for `perf record`:
//! `profile_score read|score|write|all N`.
use std::hint::black_box;

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let n: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(3000);
    let form = ziping::example::generated(100, 7);
    let text = form.to_json_pretty(); // as the CLI reads files (and the bench writes them)
    let result = ziping::engine::score(&form);
    let start = std::time::Instant::now();
    for _ in 0..n {
        match mode.as_str() {
            "read" => drop(black_box(ziping::model::Form::from_json_str(black_box(&text)).unwrap())),
            "score" => drop(black_box(ziping::engine::score(black_box(&form)))),
            "write" => drop(black_box(result.to_json_line())),
            _ => drop(black_box(ziping::engine::score_json(black_box(&text)).ok().unwrap().to_json_line())),
        }
    }
    println!("{mode}: {:.1} µs per form ({} bytes JSON)", start.elapsed().as_secs_f64() * 1e6 / n as f64, text.len());
}
