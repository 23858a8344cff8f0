//! The issue codes of the engine are exactly the codes of `scoring.md` §8, and each is written
//! the same way by serde, `as_str` and `Display`.

use std::collections::BTreeSet;
use ziping::result::IssueCode;

/// The codes listed in the table of `scoring.md` §8 (every `name` in backquotes in its rows).
fn spec_codes() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/scoring.md");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the spec {path} ({e}): the codes are checked against its §8"));
    let section = text
        .split("\n## ")
        .find(|s| s.starts_with("8. Issue codes"))
        .unwrap_or_else(|| panic!("{path} has no section \"## 8. Issue codes\""));
    let mut codes = BTreeSet::new();
    for row in section.lines().filter(|l| l.starts_with('|')) {
        for (k, quoted) in row.split('`').enumerate() {
            if k % 2 == 1 {
                codes.insert(quoted.to_string());
            }
        }
    }
    assert!(codes.len() > 20, "§8 of {path} lists only {codes:?}");
    codes
}

#[test]
fn the_codes_are_those_of_scoring_md() {
    let ours: BTreeSet<String> = IssueCode::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(ours.len(), IssueCode::ALL.len(), "a code is listed twice");
    let spec = spec_codes();
    let missing: Vec<_> = spec.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&spec).collect();
    assert!(missing.is_empty() && extra.is_empty(), "not in IssueCode: {missing:?}; not in scoring.md §8: {extra:?}");
}

#[test]
fn serde_as_str_and_display_agree() {
    for &c in IssueCode::ALL {
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::Value::from(c.as_str()), "{c:?}");
        assert_eq!(serde_json::from_value::<IssueCode>(c.as_str().into()).unwrap(), c);
        assert_eq!(c.to_string(), c.as_str());
        assert_eq!(IssueCode::from_name(c.as_str()), Some(c));
    }
    assert_eq!(IssueCode::ExecutionBelow90.as_str(), "execution_below_90");
    assert_eq!(IssueCode::from_name("execution_below90"), None);
}
