//! The value parser and everything that reads a cell never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = ziping::value::parse(s);
    let _ = ziping::value::parse_date(s);
    let _ = ziping::value::says_on_time(s);
    // The same text in every cell of a row, under every method.
    for method in ["auto", "positive", "reverse", "equal", "range", "deadline", "qualitative", "manual"] {
        let mut form = ziping::example::chengde_2021();
        let row = &mut form.indicators[0];
        row.target = s.to_string();
        row.actual = s.chars().rev().collect();
        row.score = s.to_string();
        row.method = method.to_string();
        form.funds.total.executed = s.to_string();
        // And as weights: sums and products of 分值 near the decimal's limit.
        form.indicators[1].weight = s.to_string();
        form.funds.weight = s.to_string();
        let _ = ziping::engine::score(&form);
    }
});
