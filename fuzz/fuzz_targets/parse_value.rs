//! The value parser and everything that reads a cell never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = ziping::value::parse(s);
    let _ = ziping::value::parse_date(s);
    let _ = ziping::value::says_on_time(s);
    // scoring.md §11's readings: zero in words, not applicable, a tier written as the actual.
    let _ = ziping::value::says_zero(s);
    let _ = ziping::value::says_not_applicable(s);
    let _ = ziping::value::named_tier(s);
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
        // §11 rows: a 其中 breakdown row, a `/` row, a bare date under 时效指标.
        form.indicators[2].name = format!("其中{s}");
        form.indicators[2].weight = String::new();
        form.indicators[3].weight = "/".into();
        form.indicators[3].actual = s.to_string();
        form.indicators[4].level2 = "时效指标".into();
        form.indicators[4].target = s.to_string();
        let _ = ziping::engine::score(&form);
    }
});
