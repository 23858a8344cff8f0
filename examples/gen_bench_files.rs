//! Writes N generated 100-indicator forms into DIR, as `cargo bench --bench score` does:
//! `gen_bench_files DIR N [FIRST]` (seeds FIRST.., default 0 as in the bench).
fn main() {
    let dir = std::env::args().nth(1).expect("DIR");
    let n: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let first: u64 = std::env::args().nth(3).and_then(|a| a.parse().ok()).unwrap_or(0);
    std::fs::create_dir_all(&dir).unwrap();
    for i in first..first + n {
        let path = std::path::Path::new(&dir).join(format!("form-{i:05}.json"));
        std::fs::write(path, ziping::example::generated(100, i).to_json_pretty()).unwrap();
    }
}
