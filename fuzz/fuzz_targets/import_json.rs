//! Reading a form from any bytes never panics, and what reads back scores and round-trips.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(form) = ziping::model::Form::from_json_str(s) {
        let result = ziping::engine::score(&form);
        let again = ziping::model::Form::from_json_str(&form.to_json_pretty()).expect("an exported form reads back");
        assert_eq!(form, again);
        assert_eq!(result, ziping::engine::score(&again));
    }
});
