//! Prints a generated form of N indicator rows as pretty JSON on standard output:
//! `gen_form [N] [SEED]` (default 300 rows, seed 1), `ziping::example::generated(N, SEED)`.
//! The print test (tests/e2e/print.test.mjs) renders such a form to check pagination.
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let seed: u64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    print!("{}", ziping::example::generated(n, seed).to_json_pretty());
}
