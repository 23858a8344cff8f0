//! Reading a form from any bytes never panics, the typed reader (the native fast path) and the
//! tree reader agree, and what reads back scores, round-trips and writes the result line
//! exactly as serde_json would.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let read = ziping::model::Form::from_json_str(s);
    let tree = serde_json::from_str::<serde_json::Value>(s.strip_prefix('\u{feff}').unwrap_or(s))
        .ok()
        .and_then(|v| ziping::model::Form::from_json_value(v).ok());
    if !s.trim().is_empty() {
        assert_eq!(read.as_ref().ok(), tree.as_ref(), "the typed and the tree reader disagree");
    }
    if let Ok(form) = read {
        let result = ziping::engine::score(&form);
        assert_eq!(result.to_json_line(), serde_json::to_string(&result).unwrap());
        let again = ziping::model::Form::from_json_str(&form.to_json_pretty()).expect("an exported form reads back");
        assert_eq!(form, again);
        assert_eq!(result, ziping::engine::score(&again));
    }
});
