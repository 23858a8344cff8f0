#![cfg(not(target_arch = "wasm32"))]
//! The worked examples of `scoring.md` §9, each as a small form read through the public API.
//! Black-box: only `Form::from_json_value`/`from_json_str`, `engine::score` and the result.

use serde_json::json;
use ziping::engine;
use ziping::model::Form;
use ziping::result::{RowStatus, Severity};

mod common;
use common::*;

// ---------------------------------------------------------------------------------------------
// §9 example 1: the seed form

#[test]
fn example_01_seed_form() {
    let text = include_str!("../fixtures/chengde-2021.json");
    let r = engine::score(&Form::from_json_str(text).expect("the seed reads"));
    assert_eq!(r.execution_rate.as_deref(), Some("39.25"));
    assert_eq!(r.budget_score.as_deref(), Some("3.9"));
    let sub: Vec<(&str, &str)> = r.subtotals.iter().map(|s| (s.level1.as_str(), s.score.as_str())).collect();
    assert_eq!(sub, vec![("产出指标", "50"), ("效益指标", "30"), ("满意度指标", "10")]);
    assert_eq!(r.total.as_deref(), Some("93.9"));
    assert_eq!(r.grade.as_deref(), Some("优"));
    assert!(r.complete, "issues:\n{}", dump(&r));
}

#[test]
fn example_01_seed_via_score_json() {
    let text = include_str!("../fixtures/chengde-2021.json");
    let r = engine::score_json(text).map_err(|e| e.to_string()).expect("the seed scores");
    assert_eq!(r.total.as_deref(), Some("93.9"));
    assert_eq!(r.execution_rate.as_deref(), Some("39.25"));
}

// ---------------------------------------------------------------------------------------------
// §9 example 2: A 43.2, B 37.24, score_decimals 0, rate_decimals 0 → 86 %, budget 9

#[test]
fn example_02_budget_zero_decimals() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": "43.2", "annual": "43.2", "executed": "37.24" });
    f["settings"] = json!({ "score_decimals": 0, "rate_decimals": 0 });
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("86"));
    assert_eq!(r.budget_score.as_deref(), Some("9"));
    // 86 % < 90 % without a reason (§2, §4).
    assert_issue(&r, Severity::Warning, "execution_below_90", "funds");
    assert_issue(&r, Severity::Warning, "reason_missing", "funds.reason");
}

#[test]
fn example_02_with_numeric_string_settings() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": "43.2", "annual": "43.2", "executed": "37.24" });
    f["settings"] = json!({ "score_decimals": "0", "rate_decimals": "0" });
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("86"));
    assert_eq!(r.budget_score.as_deref(), Some("9"));
    assert_no_code(&r, "invalid_setting");
}

// ---------------------------------------------------------------------------------------------
// §9 example 3: ≥95%, actual 90%, w 10 → 9.5 (9.47 at 2 decimals), reason required

#[test]
fn example_03_positive_below_target() {
    let r = run(form_with(vec![row("≥95%", "90%", "10")]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("positive"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("9.5"));
    assert_row_issues(&r, 0, vec![iss(Severity::Warning, "reason_missing", "indicators[0].reason")]);
    assert_eq!(r.total.as_deref(), Some("99.5"));
}

#[test]
fn example_03_two_decimals() {
    let mut f = form_with(vec![row("≥95%", "90%", "10")]);
    f["settings"] = json!({ "score_decimals": 2 });
    let r = run(f);
    assert_eq!(ind(&r, 0).score.as_deref(), Some("9.47"));
}

#[test]
fn example_03_reason_given_clears_reason_missing() {
    let r = run(form_with(vec![set(row("≥95%", "90%", "10"), "reason", json!("年中政策调整"))]));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("9.5"));
    assert_row_issues(&r, 0, vec![]);
    assert!(r.complete, "issues:\n{}", dump(&r));
}

// ---------------------------------------------------------------------------------------------
// §9 example 4: 40家, actual 52家, w 10 → 10, over_achievement, reason required

#[test]
fn example_04_over_achievement() {
    let r = run(form_with(vec![row("40家", "52家", "10")]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("positive"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("10"));
    assert_row_issues(
        &r,
        0,
        vec![
            iss(Severity::Warning, "over_achievement", "indicators[0].actual"),
            iss(Severity::Warning, "reason_missing", "indicators[0].reason"),
        ],
    );
}

#[test]
fn example_04_over_achievement_with_reason_is_info() {
    let r = run(form_with(vec![set(row("40家", "52家", "10"), "reason", json!("年初指标值偏低"))]));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("10"));
    assert_row_issues(&r, 0, vec![iss(Severity::Info, "over_achievement", "indicators[0].actual")]);
}

// ---------------------------------------------------------------------------------------------
// §9 example 5: ≤1%, actual 1.5%, w 10 → ratio 6.7; linear 5

#[test]
fn example_05_reverse_ratio() {
    let r = run(form_with(vec![row("≤1%", "1.5%", "10")]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("reverse"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("6.7"));
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");
}

#[test]
fn example_05_reverse_linear() {
    let mut f = form_with(vec![row("≤1%", "1.5%", "10")]);
    f["settings"] = json!({ "reverse_mode": "linear" });
    let r = run(f);
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("reverse"));
    assert_eq!(x.score.as_deref(), Some("5"));
}

// ---------------------------------------------------------------------------------------------
// §9 example 6: ≤0件, actual 1件, w 5 → 0

#[test]
fn example_06_reverse_zero_target() {
    let r = run(form_with(vec![row("≤0件", "1件", "5")]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("reverse"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("0"));
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");
}

// ---------------------------------------------------------------------------------------------
// §9 example 7: =100%, actual 98%, w 5 → 4.9

#[test]
fn example_07_equal_below() {
    let r = run(form_with(vec![row("=100%", "98%", "5")]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("equal"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("4.9"));
    assert_row_issues(&r, 0, vec![iss(Severity::Warning, "reason_missing", "indicators[0].reason")]);
}

// ---------------------------------------------------------------------------------------------
// §9 example 8: 完善, actual 部分完善, tier partial, w 10 → 7

#[test]
fn example_08_qualitative_partial() {
    let r = run(form_with(vec![set(row("完善", "部分完善", "10"), "tier", json!("partial"))]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("qualitative"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("7"));
    assert_row_issues(&r, 0, vec![iss(Severity::Warning, "reason_missing", "indicators[0].reason")]);
}

// ---------------------------------------------------------------------------------------------
// §9 example 9: A 100, B 105 → 105.00 %, budget 10, execution_above_budget

#[test]
fn example_09_execution_above_budget() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": "100", "annual": "100", "executed": "105" });
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("105.00"));
    assert_eq!(r.budget_score.as_deref(), Some("10"));
    assert_issue(&r, Severity::Warning, "execution_above_budget", "funds");
    // §4: a reason is required on the budget row above 100 %.
    assert_issue(&r, Severity::Warning, "reason_missing", "funds.reason");
    assert_eq!(r.total.as_deref(), Some("100"));
}

#[test]
fn example_09_with_reason_is_info() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": "100", "annual": "100", "executed": "105" });
    f["funds"]["reason"] = json!("追加支出");
    let r = run(f);
    assert_issue(&r, Severity::Info, "execution_above_budget", "funds");
    assert_no_code(&r, "reason_missing");
    assert!(r.complete, "issues:\n{}", dump(&r));
}

// ---------------------------------------------------------------------------------------------
// §9 example 10: A 0, B 0, indicators scoring 85 of 90 → budget n/a, total 94.4

#[test]
fn example_10_zero_budget_rescaled() {
    let mut f = base();
    let mut out = set(row("≥100%", "90%", "50"), "reason", json!("部分任务顺延"));
    out["name"] = json!("产出");
    let mut eff = row("完成", "完成", "30");
    eff["level1"] = json!("效益指标");
    eff["level2"] = json!("社会效益指标");
    let mut sat = row("≥95%", "96%", "10");
    sat["level1"] = json!("满意度指标");
    sat["level2"] = json!("服务对象满意度指标");
    f["indicators"] = json!([out, eff, sat]);
    f["funds"]["total"] = json!({ "initial": "0", "annual": "0", "executed": "0" });
    let r = run(f);
    assert_eq!(ind(&r, 0).score.as_deref(), Some("45"));
    assert_eq!(r.execution_rate, None);
    assert_eq!(r.budget_score, None);
    assert_eq!(r.total.as_deref(), Some("94.4"));
    assert_eq!(r.grade.as_deref(), Some("优"));
    assert_no_code(&r, "weights_sum");
    assert!(r.complete, "issues:\n{}", dump(&r));
}

// ---------------------------------------------------------------------------------------------
// §9 example 11: 3个工作日内, actual 2个工作日, w 5 → reverse, 5

#[test]
fn example_11_reverse_by_suffix_word() {
    let r = run(form_with(vec![row("3个工作日内", "2个工作日", "5")]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("reverse"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("5"));
    assert_row_issues(&r, 0, vec![]);
}

// ---------------------------------------------------------------------------------------------
// §9 example 12: 2021年12月底前, actual 2021年12月, w 5 → deadline, 5

#[test]
fn example_12_deadline_on_time() {
    let r = run(form_with(vec![row("2021年12月底前", "2021年12月", "5")]));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("deadline"));
    assert_eq!(x.status, RowStatus::Scored);
    assert_eq!(x.score.as_deref(), Some("5"));
    assert_row_issues(&r, 0, vec![]);
}

// A sanity check of the helpers: the filler form alone is a clean, complete 100.
#[test]
fn filler_form_is_clean() {
    let r = run(form_with(vec![]));
    assert_eq!(r.total.as_deref(), Some("100"));
    assert_eq!(r.grade.as_deref(), Some("优"));
    assert!(r.issues.is_empty(), "issues:\n{}", dump(&r));
    assert!(r.complete);
}
