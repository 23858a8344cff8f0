//! Shared by the benchmarks (`#[path]`-included by each).

use std::time::{Duration, Instant};

/// The mean time of one call of `f`: warmed up, then run for about a second (50 calls at
/// least).
pub fn time_per_iter<F: FnMut()>(mut f: F) -> Duration {
    for _ in 0..20 {
        f();
    }
    let mut iters = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || iters < 50 {
        f();
        iters += 1;
    }
    start.elapsed() / iters
}
