//! Reading a form from any bytes never panics, reading straight from the text and through the
//! JSON tree agree, and what reads back scores and round-trips.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let read = ziping::model::Form::from_json_str(s);
    let tree = serde_json::from_str::<serde_json::Value>(s.strip_prefix('\u{feff}').unwrap_or(s))
        .ok()
        .and_then(|v| ziping::model::Form::from_json_value(v).ok());
    if !s.trim().is_empty() {
        assert_eq!(read.as_ref().ok(), tree.as_ref(), "the direct and the tree reading disagree");
    }
    if let Ok(form) = read {
        let result = ziping::engine::score(&form);
        let again = ziping::model::Form::from_json_str(&form.to_json_pretty()).expect("an exported form reads back");
        assert_eq!(form, again);
        assert_eq!(result, ziping::engine::score(&again));
    }
});
