//! Writes N generated 100-indicator forms into DIR, the files `cargo bench --bench score`
//! measures: `gen_bench_files DIR N [FIRST]` (seeds FIRST.., default 0 as in the bench).
fn main() {
    let dir = std::env::args().nth(1).expect("DIR");
    let n: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let first: u64 = std::env::args().nth(3).and_then(|a| a.parse().ok()).unwrap_or(0);
    ziping::example::write_generated(std::path::Path::new(&dir), first..first + n).unwrap();
}
