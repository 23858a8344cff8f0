//! Benchmarks for the printed documents (`ziping::render`): the seed's form and report, and a
//! 300-row form. Prints numbers; run with `cargo bench --bench render`. The budget: the seed's
//! form and report together in at most 5 ms natively.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one quick smoke run.

use std::hint::black_box;
use std::time::Duration;

#[path = "common/mod.rs"]
mod common;
use common::time_per_iter;

use ziping::render::{self, PrintOptions};
use ziping::{engine, example};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let seed = example::chengde_2021();
    let result = engine::score(&seed);
    let opts = PrintOptions::default();
    if !std::env::args().any(|a| a == "--bench") {
        let html = render::form_html(&seed, &result, &opts);
        let report = render::report_draft(&seed, &result, "2022年3月7日");
        let doc = render::report_html(&seed, &result, &report, &opts);
        assert!(html.contains("93.9") && doc.contains("93.9"), "the seed's total is printed");
        println!("bench smoke: 1 passed, 0 failed");
        return;
    }
    let t = time_per_iter(|| {
        black_box(render::form_html(black_box(&seed), black_box(&result), &opts));
    });
    println!("render/seed form_html: {:.1} µs", t.as_secs_f64() * 1e6);
    let t = time_per_iter(|| {
        black_box(render::report_draft(black_box(&seed), black_box(&result), "2022年3月7日"));
    });
    println!("render/seed report_draft: {:.1} µs", t.as_secs_f64() * 1e6);
    let report = render::report_draft(&seed, &result, "2022年3月7日");
    let t = time_per_iter(|| {
        black_box(render::report_html(black_box(&seed), black_box(&result), black_box(&report), &opts));
    });
    println!("render/seed report_html: {:.1} µs", t.as_secs_f64() * 1e6);
    let text = report.to_text();
    let t = time_per_iter(|| {
        black_box(render::Report::from_text(black_box(&text)));
    });
    println!("render/seed Report::from_text: {:.1} µs", t.as_secs_f64() * 1e6);
    let all = time_per_iter(|| {
        let r = engine::score(black_box(&seed));
        black_box(render::form_html(&seed, &r, &opts));
        let report = render::report_draft(&seed, &r, "2022年3月7日");
        black_box(render::report_html(&seed, &r, &report, &opts));
    });
    println!(
        "render/seed score + form + report draft + report html: {:.1} µs (budget 5 ms: {})",
        all.as_secs_f64() * 1e6,
        if all <= Duration::from_millis(5) { "met" } else { "MISSED" }
    );
    let big = example::generated(300, 7);
    let r = engine::score(&big);
    let t = time_per_iter(|| {
        black_box(render::form_html(black_box(&big), black_box(&r), &opts));
    });
    println!("render/300-row form_html: {:.1} µs", t.as_secs_f64() * 1e6);
    let t = time_per_iter(|| {
        let report = render::report_draft(&big, &r, "2022年3月7日");
        black_box(render::report_html(&big, &r, &report, &opts));
    });
    println!("render/300-row report draft + html: {:.1} µs", t.as_secs_f64() * 1e6);
}
