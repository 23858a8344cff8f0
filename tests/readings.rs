#![cfg(not(target_arch = "wasm32"))]
//! The readings `scoring.md` settles for real forms (§1, §2, §3, §10, §11) and the engine bugs
//! found against them, each from the spec's own example.

use serde_json::json;
use ziping::result::{RowStatus, Severity};

mod common;
use common::*;

fn one(r: serde_json::Value) -> ziping::result::ScoreResult {
    run(form_with(vec![r]))
}

// ---------------------------------------------------------------------------------------------
// Bug 1: ranges with 万 on both sides (§6.5)

#[test]
fn ranges_with_wan_on_both_sides_are_ranges() {
    for (target, actual) in [("10万-20万元", "15万元"), ("1万-2万元", "1.5万元"), ("90万~105万元", "100万元"), ("10万至20万元", "200000元")] {
        let r = one(row(target, actual, "10"));
        let x = ind(&r, 0);
        assert_eq!((x.method, x.status, x.score.as_deref()), (Some("range"), RowStatus::Scored, Some("10")), "{target} / {actual}: {x:?}\n{}", dump(&r));
    }
    // A side without a unit takes the other's unit and keeps its own 万; `1-2万` is 1万–2万.
    let r = one(row("1-2万", "1.5万", "10"));
    assert_eq!(ind(&r, 0).method, Some("range"));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("10"));
    let r = one(row("1-2万元", "0.5万元", "10"));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("5"), "{:?}", ind(&r, 0));
    let r = one(row("10万-20万元", "5万元", "10"));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("5"), "below the range: w × a ÷ lo");
}

// ---------------------------------------------------------------------------------------------
// Bug 2: the achieved tier shows full marks (§10)

#[test]
fn the_achieved_tier_scores_w_at_any_decimals() {
    let mut x = row("完善", "部分完善", "11.04");
    x["tier"] = json!("achieved");
    let f = set(form_with(vec![x.clone()]), "settings", json!({ "score_decimals": 0 }));
    let r = run(f);
    assert_eq!(ind(&r, 0).score.as_deref(), Some("11.04"), "{:?}", ind(&r, 0));
    assert_no_code(&r, "reason_missing");
    // A typed score equal to w shows w.
    x["tier"] = serde_json::Value::Null;
    x["score"] = json!("11.04");
    x["reason"] = json!("人工评定");
    let r = run(set(form_with(vec![x]), "settings", json!({ "score_decimals": 0 })));
    assert_eq!((ind(&r, 0).status, ind(&r, 0).score.as_deref()), (RowStatus::Manual, Some("11.04")), "{:?}", ind(&r, 0));
    assert_no_code(&r, "reason_missing");
}

// ---------------------------------------------------------------------------------------------
// Bug 3: the target's problems show before the actual is typed (§10)

#[test]
fn target_checks_run_before_the_actual_is_typed() {
    let mut x = row("2公里及以上", "", "10");
    x["method"] = json!("range");
    let r = one(x);
    assert_issue(&r, Severity::Error, "target_not_range", "indicators[0].target");
    assert_eq!(row_issues(&r, 0).iter().filter(|i| i.1 == "row_pending").collect::<Vec<_>>(), vec![&(Severity::Info, "row_pending".to_string(), "indicators[0].target".to_string())]);

    let mut x = row("完善", "", "10");
    x["tier"] = json!("Partial");
    let r = one(x);
    assert_issue(&r, Severity::Error, "invalid_tier", "indicators[0].tier");

    let mut x = row("完善", "", "90");
    x["level1"] = json!("产出指标");
    x["tier"] = json!("achieved");
    x["score"] = json!("45");
    let r = run(set(base(), "indicators", json!([x])));
    assert_issue(&r, Severity::Error, "manual_score_out_of_tier", "indicators[0].score");
    assert_eq!(ind(&r, 0).status, RowStatus::Pending, "an empty actual keeps the row pending");
    assert_issue(&r, Severity::Info, "row_pending", "indicators[0].actual");
}
