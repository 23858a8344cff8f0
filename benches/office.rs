//! Benchmarks for the office files (`ziping::office`): the seed and a 300-row form written as
//! `.xlsx` and read back, and the 自评报告 as `.docx`. Prints numbers; run with
//! `cargo bench --bench office`. Issue 14 sets no time budget; these say what a person waits
//! for (the browser module runs the same code, compiled to wasm, some times slower).
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does one quick smoke run.

use std::hint::black_box;

#[path = "common/mod.rs"]
mod common;
use common::time_per_iter;

use ziping::office::{docx_out, xlsx_in, xlsx_out};
use ziping::{engine, example};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let seed = example::chengde_2021();
    if !std::env::args().any(|a| a == "--bench") {
        let back = xlsx_in::import(&xlsx_out::to_xlsx(&seed)).expect("the export imports");
        assert_eq!(back.form, seed, "export → import is identical");
        assert_eq!(engine::score(&back.form).total.as_deref(), Some("93.9"));
        assert!(!docx_out::to_docx(&seed, "2022年3月7日").is_empty());
        println!("bench smoke: 1 passed, 0 failed");
        return;
    }
    let big = example::generated(300, 7);
    for (name, form) in [("seed", &seed), ("300-row", &big)] {
        let xlsx = xlsx_out::to_xlsx(form);
        let t = time_per_iter(|| {
            black_box(xlsx_out::to_xlsx(black_box(form)));
        });
        println!("office/{name} to_xlsx: {:.2} ms ({} bytes)", t.as_secs_f64() * 1e3, xlsx.len());
        let t = time_per_iter(|| {
            black_box(xlsx_in::import(black_box(&xlsx)).expect("imports"));
        });
        println!("office/{name} xlsx_in::import: {:.2} ms", t.as_secs_f64() * 1e3);
        let t = time_per_iter(|| {
            black_box(docx_out::to_docx(black_box(form), "2022年3月7日"));
        });
        println!("office/{name} to_docx: {:.2} ms", t.as_secs_f64() * 1e3);
    }
}
