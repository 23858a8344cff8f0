#![cfg(not(target_arch = "wasm32"))]
//! Edge cases of `scoring.md` §1–§10 and `format.md`, black-box through the public API.

use serde_json::{json, Value};
use ziping::engine;
use ziping::model::Form;
use ziping::result::{RowStatus, ScoreResult, Severity};
use ziping::value;

mod common;
use common::*;

fn under(mut v: Value, level1: &str, level2: &str) -> Value {
    v["level1"] = json!(level1);
    v["level2"] = json!(level2);
    v
}

fn with_settings(mut f: Value, settings: Value) -> Value {
    f["settings"] = settings;
    f
}

fn with_funds(mut f: Value, annual: &str, executed: &str) -> Value {
    f["funds"]["total"] = json!({ "initial": annual, "annual": annual, "executed": executed });
    f
}

fn with_profile(mut f: Value, p: &str) -> Value {
    f["profile"] = json!(p);
    f
}

/// One row plus fillers, scored; returns the result.
fn run_row(r: Value) -> ScoreResult {
    run(form_with(vec![r]))
}

fn row_pendings(r: &ScoreResult, i: usize) -> Vec<(Severity, String, String)> {
    row_issues(r, i).into_iter().filter(|x| x.1 == "row_pending").collect()
}

#[track_caller]
fn assert_pending_at(r: &ScoreResult, i: usize, field: &str) {
    let x = ind(r, i);
    assert_eq!(x.status, RowStatus::Pending, "row {i}: {x:?}");
    assert_eq!(x.score, None, "row {i}: {x:?}");
    assert_eq!(
        row_pendings(r, i),
        vec![iss(Severity::Info, "row_pending", &format!("indicators[{i}].{field}"))],
        "exactly one row_pending at .{field}; all issues:\n{}",
        dump(r)
    );
    assert!(!r.complete, "a pending row makes the form incomplete");
}

#[track_caller]
fn assert_scored(r: &ScoreResult, i: usize, method: &str, score: &str) {
    let x = ind(r, i);
    assert_eq!(x.method, Some(method), "method of row {i}: {x:?}\n{}", dump(r));
    assert_eq!(x.status, RowStatus::Scored, "status of row {i}: {x:?}\n{}", dump(r));
    assert_eq!(x.score.as_deref(), Some(score), "score of row {i}: {x:?}\n{}", dump(r));
    assert!(!x.explanation.trim().is_empty() && !x.explanation.contains('\n'), "one-line explanation: {x:?}");
}

fn count_code(r: &ScoreResult, code: &str) -> usize {
    r.issues.iter().filter(|i| i.code.as_str() == code).count()
}

// =============================================================================================
// Budget row (§2) and funds (§1, §10 Funds)

/// A row worth 8 of 10 with a reason, so that the indicators score 88 of 90.
fn eighty_eight() -> Vec<Value> {
    vec![set(row("≥100%", "80%", "10"), "reason", json!("说明"))]
}

#[test]
fn zero_budget_na_excludes_and_rescales() {
    let f = with_funds(form_with(eighty_eight()), "0", "0");
    let r = run(f);
    assert_eq!(ind(&r, 0).score.as_deref(), Some("8"));
    assert_eq!(r.execution_rate, None);
    assert_eq!(r.budget_score, None);
    // 88 / 90 × 100 = 97.77… → 97.8
    assert_eq!(r.total.as_deref(), Some("97.8"));
    assert_no_code(&r, "weights_sum");
    assert!(r.complete, "{}", dump(&r));
}

#[test]
fn zero_budget_na_is_the_default_and_explicit() {
    let f = with_settings(with_funds(form_with(eighty_eight()), "0", "0"), json!({ "zero_budget": "na" }));
    let r = run(f);
    assert_eq!(r.budget_score, None);
    assert_eq!(r.total.as_deref(), Some("97.8"));
}

#[test]
fn zero_budget_full() {
    let f = with_settings(with_funds(form_with(eighty_eight()), "0", "0"), json!({ "zero_budget": "full" }));
    let r = run(f);
    assert_eq!(r.execution_rate, None, "执行率 is \"—\" whatever the setting");
    assert_eq!(r.budget_score.as_deref(), Some("10"));
    assert_eq!(r.total.as_deref(), Some("98"));
}

#[test]
fn zero_budget_zero() {
    let f = with_settings(with_funds(form_with(eighty_eight()), "0", "0"), json!({ "zero_budget": "zero" }));
    let r = run(f);
    assert_eq!(r.execution_rate, None);
    assert_eq!(r.budget_score.as_deref(), Some("0"));
    assert_eq!(r.total.as_deref(), Some("88"));
}

#[test]
fn zero_budget_full_uses_budget_weight() {
    let mut f = with_settings(with_funds(form_with(vec![]), "0", "0"), json!({ "zero_budget": "full" }));
    f["funds"]["weight"] = json!("10.0");
    let r = run(f);
    // Full marks show W_b without trailing zeros.
    assert_eq!(r.budget_score.as_deref(), Some("10"));
}

#[test]
fn zero_budget_rescale_denominator_holds_pending_rows() {
    // §10: the rescale denominator holds every row not excluded (pending rows too).
    let rows = vec![under(row("完善", "基本完善", "30"), "效益指标", "社会效益指标")];
    let r = run(with_funds(form_with(rows), "0", "0"));
    assert_eq!(ind(&r, 0).status, RowStatus::Pending);
    // (50 + 10) / 90 × 100 = 66.66… → 66.7
    assert_eq!(r.total.as_deref(), Some("66.7"));
    assert_eq!(r.grade.as_deref(), Some("中"));
    assert!(!r.complete);
}

#[test]
fn execution_without_budget() {
    let r = run(with_funds(form_with(vec![]), "0", "5"));
    assert!(
        r.issues.iter().any(|i| i.code.as_str() == "execution_without_budget" && i.severity == Severity::Error),
        "{}",
        dump(&r)
    );
    assert_eq!(r.budget_score, None);
    assert!(!r.complete);
}

#[test]
fn execution_above_budget_capped_at_weight() {
    let r = run(with_funds(form_with(vec![]), "100", "110"));
    assert_eq!(r.execution_rate.as_deref(), Some("110.00"));
    assert_eq!(r.budget_score.as_deref(), Some("10"));
    assert_issue(&r, Severity::Warning, "execution_above_budget", "funds");
}

#[test]
fn execution_above_budget_with_other_budget_weight() {
    let mut f = with_funds(form_with(vec![set(row("≥95%", "100%", "45"), "level2", json!("质量指标"))]), "100", "150");
    f["funds"]["weight"] = json!("5");
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("150.00"));
    assert_eq!(r.budget_score.as_deref(), Some("5"));
}

#[test]
fn execution_exactly_100_and_90_raise_nothing() {
    let r = run(with_funds(form_with(vec![]), "100", "100"));
    assert_eq!(r.execution_rate.as_deref(), Some("100.00"));
    assert!(r.issues.is_empty(), "{}", dump(&r));
    let r = run(with_funds(form_with(vec![]), "100", "90"));
    assert_eq!(r.execution_rate.as_deref(), Some("90.00"));
    assert_eq!(r.budget_score.as_deref(), Some("9"));
    assert_no_code(&r, "execution_below_90");
    assert_no_code(&r, "reason_missing");
}

#[test]
fn decisions_use_the_printed_rate() {
    // 89.995 %: truncated 89.99 (below 90), half-up 90.00 (not below 90).
    let r = run(with_funds(form_with(vec![]), "100", "89.995"));
    assert_eq!(r.execution_rate.as_deref(), Some("89.99"));
    assert_issue(&r, Severity::Warning, "execution_below_90", "funds");
    // 10 × 89.99 % = 8.999 → 9
    assert_eq!(r.budget_score.as_deref(), Some("9"));

    let r = run(with_settings(with_funds(form_with(vec![]), "100", "89.995"), json!({ "rate_rounding": "half_up" })));
    assert_eq!(r.execution_rate.as_deref(), Some("90.00"));
    assert_no_code(&r, "execution_below_90");

    // 100.004 % truncated prints 100.00: not above budget.
    let r = run(with_funds(form_with(vec![]), "100", "100.004"));
    assert_eq!(r.execution_rate.as_deref(), Some("100.00"));
    assert_no_code(&r, "execution_above_budget");
    // 100.005 % half-up prints 100.01: above budget.
    let r = run(with_settings(with_funds(form_with(vec![]), "100", "100.005"), json!({ "rate_rounding": "half_up" })));
    assert_eq!(r.execution_rate.as_deref(), Some("100.01"));
    assert_issue(&r, Severity::Warning, "execution_above_budget", "funds");
}

#[test]
fn rate_decimals_zero_truncates() {
    let r = run(with_settings(with_funds(form_with(vec![]), "100", "89.99"), json!({ "rate_decimals": 0 })));
    assert_eq!(r.execution_rate.as_deref(), Some("89"));
    assert_eq!(r.budget_score.as_deref(), Some("8.9"));
    assert_issue(&r, Severity::Warning, "execution_below_90", "funds");
}

#[test]
fn rounding_3925_at_one_and_two_decimals() {
    // 10 × 39.25 % = 3.925 → 3.9 (1 decimal) and 3.93 (2 decimals, exact half-up).
    let r = run(with_funds(form_with(vec![]), "100", "39.25"));
    assert_eq!(r.execution_rate.as_deref(), Some("39.25"));
    assert_eq!(r.budget_score.as_deref(), Some("3.9"));
    let r = run(with_settings(with_funds(form_with(vec![]), "100", "39.25"), json!({ "score_decimals": 2 })));
    assert_eq!(r.budget_score.as_deref(), Some("3.93"));
}

#[test]
fn rate_truncated_vs_half_up_39_25_39_26() {
    let r = run(with_funds(form_with(vec![]), "8.89", "3.49"));
    assert_eq!(r.execution_rate.as_deref(), Some("39.25"));
    let r = run(with_settings(with_funds(form_with(vec![]), "8.89", "3.49"), json!({ "rate_rounding": "half_up" })));
    assert_eq!(r.execution_rate.as_deref(), Some("39.26"));
}

#[test]
fn negative_amount_in_total() {
    let r = run(with_funds(form_with(vec![]), "-5", "3"));
    assert_issue(&r, Severity::Error, "negative_amount", "funds.total.annual");
    assert_eq!(r.budget_score, None);
    assert_eq!(r.execution_rate, None);
    assert_issue(&r, Severity::Info, "row_pending", "funds.total.annual");
    assert!(!r.complete);
}

#[test]
fn negative_amount_in_source() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": null, "annual": "10", "executed": "5" });
    f["funds"]["sources"] = json!([
        { "label": "当年财政拨款", "initial": null, "annual": "10", "executed": "-1" },
        { "label": "上年结转资金", "initial": null, "annual": null, "executed": "6" }
    ]);
    let r = run(f);
    assert_issue(&r, Severity::Error, "negative_amount", "funds.sources[0].executed");
    assert_eq!(r.budget_score, None);
    assert_issue(&r, Severity::Info, "row_pending", "funds.total.executed");
    assert!(!r.complete);
}

#[test]
fn invalid_amount_letters() {
    let r = run(with_funds(form_with(vec![]), "100", "abc"));
    assert_issue(&r, Severity::Error, "invalid_amount", "funds.total.executed");
    assert_eq!(r.budget_score, None);
    assert_issue(&r, Severity::Info, "row_pending", "funds.total.executed");
    assert!(!r.complete);
}

#[test]
fn invalid_amount_more_than_six_decimals() {
    let r = run(with_funds(form_with(vec![]), "100", "1.1234567"));
    assert_issue(&r, Severity::Error, "invalid_amount", "funds.total.executed");
    assert_eq!(r.budget_score, None);
}

#[test]
fn invalid_amount_trailing_zeros_count() {
    let r = run(with_funds(form_with(vec![]), "100.0000000", "100"));
    assert_issue(&r, Severity::Error, "invalid_amount", "funds.total.annual");
    assert_eq!(r.budget_score, None);
}

#[test]
fn six_decimals_are_fine() {
    let r = run(with_funds(form_with(vec![]), "100.000000", "99.123456"));
    assert_no_code(&r, "invalid_amount");
    assert_eq!(r.execution_rate.as_deref(), Some("99.12"));
    assert_eq!(r.budget_score.as_deref(), Some("9.9"));
}

#[test]
fn invalid_amount_in_source_cell() {
    let mut f = form_with(vec![]);
    f["funds"]["sources"] = json!([{ "label": "当年财政拨款", "initial": null, "annual": "10万", "executed": "10" }]);
    let r = run(f);
    assert_issue(&r, Severity::Error, "invalid_amount", "funds.sources[0].annual");
    assert_eq!(r.budget_score, None);
}

#[test]
fn fund_total_mismatch_uses_derived_sum() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": null, "annual": "90", "executed": "50" });
    f["funds"]["sources"] = json!([
        { "label": "当年财政拨款", "initial": null, "annual": "60", "executed": "30" },
        { "label": "上年结转资金", "initial": null, "annual": "40", "executed": "20" },
        { "label": "其他资金", "initial": null, "annual": null, "executed": null }
    ]);
    f["funds"]["reason"] = json!("说明");
    let r = run(f);
    assert!(
        r.issues.iter().any(|i| i.code.as_str() == "fund_total_mismatch" && i.severity == Severity::Warning),
        "{}",
        dump(&r)
    );
    // 50 / (60 + 40), not 50 / 90.
    assert_eq!(r.execution_rate.as_deref(), Some("50.00"));
    assert_eq!(r.budget_score.as_deref(), Some("5"));
    assert_eq!(count_code(&r, "fund_total_mismatch"), 1, "only the annual column differs:\n{}", dump(&r));
}

#[test]
fn column_with_all_sources_empty_uses_typed_total() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": null, "annual": "100", "executed": "95" });
    f["funds"]["sources"] = json!([
        { "label": "当年财政拨款", "initial": null, "annual": "60", "executed": null },
        { "label": "上年结转资金", "initial": null, "annual": "40", "executed": "" }
    ]);
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("95.00"));
    assert_eq!(r.budget_score.as_deref(), Some("9.5"));
    assert_no_code(&r, "fund_total_mismatch");
}

#[test]
fn derived_column_without_typed_total() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": null, "annual": null, "executed": null });
    f["funds"]["sources"] = json!([
        { "label": "当年财政拨款", "initial": "5.4", "annual": "5.4", "executed": "0" },
        { "label": "上年结转资金", "initial": "3.49", "annual": "3.49", "executed": "3.49" }
    ]);
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("39.25"));
    assert_no_code(&r, "fund_total_mismatch");
}

#[test]
fn empty_funds_weight_is_ten() {
    let mut f = form_with(vec![]);
    f["funds"]["weight"] = Value::Null;
    let r = run(f);
    assert_eq!(r.budget_score.as_deref(), Some("10"));
    assert_no_code(&r, "weights_sum");
    assert_no_code(&r, "invalid_weight");
}

#[test]
fn budget_pending_when_annual_or_executed_empty() {
    let r = run(with_funds(form_with(vec![]), "", "5"));
    assert_eq!(r.budget_score, None);
    assert_eq!(r.execution_rate, None);
    assert_eq!(count_code(&r, "row_pending"), 1, "{}", dump(&r));
    assert_issue(&r, Severity::Info, "row_pending", "funds.total.annual");
    assert!(!r.complete);

    let r = run(with_funds(form_with(vec![]), "5", ""));
    assert_eq!(r.budget_score, None);
    assert_eq!(count_code(&r, "row_pending"), 1, "{}", dump(&r));
    assert_issue(&r, Severity::Info, "row_pending", "funds.total.executed");
    assert!(!r.complete);
}

#[test]
fn sichuan_reason_below_90_required_is_an_error() {
    let f = with_profile(with_funds(form_with(vec![]), "8.89", "3.49"), "sichuan");
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("39.26"), "sichuan rounds the rate half-up");
    assert_eq!(r.budget_score.as_deref(), Some("3.9"));
    assert_issue(&r, Severity::Warning, "execution_below_90", "funds");
    assert_issue(&r, Severity::Error, "reason_missing", "funds.reason");
    assert!(!r.complete);

    let mut f = with_profile(with_funds(form_with(vec![]), "8.89", "3.49"), "sichuan");
    f["funds"]["reason"] = json!("年底一次性支付");
    let r = run(f);
    assert_issue(&r, Severity::Info, "execution_below_90", "funds");
    assert_no_code(&r, "reason_missing");
    assert!(r.complete, "{}", dump(&r));
}

#[test]
fn reason_below_90_required_setting_under_mof() {
    let r = run(with_settings(with_funds(form_with(vec![]), "100", "50"), json!({ "reason_below_90": "required" })));
    assert_issue(&r, Severity::Error, "reason_missing", "funds.reason");
}

#[test]
fn reason_below_90_required_does_not_apply_above_100() {
    // The profile's rule is about execution below 90 %; above 100 % the missing reason stays a warning.
    let r = run(with_profile(with_funds(form_with(vec![]), "100", "105"), "sichuan"));
    assert_issue(&r, Severity::Warning, "reason_missing", "funds.reason");
}

// =============================================================================================
// Placeholders (§1)

#[test]
fn placeholder_rows_ignored_and_index_kept() {
    let placeholder = json!({
        "level1": "产出指标", "level2": "数量指标", "name": "指标 2:",
        "target": "", "actual": null, "weight": null,
        "method": "auto", "tier": null, "score": null, "reason": ""
    });
    let r = run(form_with(vec![
        row("≥95%", "100%", "10"),
        placeholder,
        set(row("≥90%", "90%", "5"), "name", json!("第三行")),
    ]));
    assert!(r.indicators.iter().all(|x| x.index != 1), "{:#?}", r.indicators);
    assert_scored(&r, 0, "positive", "10");
    assert_scored(&r, 2, "positive", "5");
    assert_row_issues(&r, 1, vec![]);
    assert!(r.issues.is_empty(), "{}", dump(&r));
    assert!(r.complete);
    assert_eq!(r.total.as_deref(), Some("100"));
}

#[test]
fn placeholder_whatever_its_name_and_labels() {
    let placeholder = json!({ "level1": "效益指标", "level2": "社会效益指标", "name": "很重要的指标" });
    let r = run(form_with(vec![placeholder]));
    assert!(r.indicators.iter().all(|x| x.index != 0));
    assert!(r.issues.is_empty(), "{}", dump(&r));
}

// =============================================================================================
// Units (§3)

#[test]
fn unit_mismatch_is_an_error() {
    let r = run_row(row("≥40家", "40人", "10"));
    assert_issue(&r, Severity::Error, "unit_mismatch", "indicators[0].actual");
    assert_pending_at(&r, 0, "actual");
}

#[test]
fn units_fold_wan_and_yi() {
    let r = run_row(row("≥5万元", "50000元", "10"));
    assert_scored(&r, 0, "positive", "10");
    assert_no_code(&r, "unit_mismatch");
    let r = run_row(row("=1亿元", "10000万元", "10"));
    assert_scored(&r, 0, "equal", "10");
    assert_no_code(&r, "unit_mismatch");
}

#[test]
fn actual_unit_missing_on_actual() {
    let r = run_row(row("≥95%", "96", "10"));
    assert_scored(&r, 0, "positive", "10");
    assert_row_issues(&r, 0, vec![iss(Severity::Warning, "actual_unit_missing", "indicators[0].actual")]);
    // "90" under "≥95%" is 90 %: 10 × 90 / 95 = 9.47… → 9.5
    let r = run_row(row("≥95%", "90", "10"));
    assert_scored(&r, 0, "positive", "9.5");
}

#[test]
fn actual_unit_missing_on_target() {
    let r = run_row(row("95", "96%", "10"));
    assert_scored(&r, 0, "positive", "10");
    assert_issue(&r, Severity::Warning, "actual_unit_missing", "indicators[0].target");
    assert!(!has(&r, Severity::Warning, "actual_unit_missing", "indicators[0].actual"));
}

#[test]
fn unitless_actual_takes_magnitude() {
    // "4" under "≥5万元" is 4万元: 10 × 4 / 5 = 8.
    let r = run_row(row("≥5万元", "4", "10"));
    assert_scored(&r, 0, "positive", "8");
    assert_issue(&r, Severity::Warning, "actual_unit_missing", "indicators[0].actual");
}

// =============================================================================================
// Qualitative rows and tiers (§3)

#[test]
fn qualitative_pending_without_tier() {
    let r = run_row(row("完善", "基本完善", "10"));
    assert_eq!(ind(&r, 0).method, Some("qualitative"));
    assert_pending_at(&r, 0, "tier");
}

#[test]
fn qualitative_equal_after_normalising_is_achieved() {
    let r = run_row(row("完善。", " 完 善 ", "10"));
    assert_scored(&r, 0, "qualitative", "10");
    assert_row_issues(&r, 0, vec![]);
}

#[test]
fn qualitative_tier_defaults() {
    let r = run_row(set(row("完善", "基本完善", "10"), "tier", json!("achieved")));
    assert_scored(&r, 0, "qualitative", "10");
    let r = run_row(set(row("完善", "基本完善", "10"), "tier", json!("not_achieved")));
    assert_scored(&r, 0, "qualitative", "3");
    let r = run_row(set(row("完善", "基本完善", "7"), "tier", json!("partial")));
    assert_scored(&r, 0, "qualitative", "4.9");
    let r = run_row(set(row("完善", "基本完善", "7"), "tier", json!("not_achieved")));
    assert_scored(&r, 0, "qualitative", "2.1");
}

#[test]
fn chosen_tier_wins_over_equal_actual() {
    let r = run_row(set(row("完善", "完善", "10"), "tier", json!("partial")));
    assert_scored(&r, 0, "qualitative", "7");
}

#[test]
fn tier_with_empty_actual_stays_pending() {
    let r = run_row(set(row("完善", "", "10"), "tier", json!("achieved")));
    assert_pending_at(&r, 0, "actual");
}

#[test]
fn invalid_tier() {
    let r = run_row(set(row("完善", "基本完善", "10"), "tier", json!("great")));
    assert_issue(&r, Severity::Error, "invalid_tier", "indicators[0].tier");
    // Read as no tier: pending.
    assert_pending_at(&r, 0, "tier");
}

// =============================================================================================
// Manual scores (§3, §10)

#[test]
fn manual_score_out_of_tier() {
    // partial is [0.6w, 0.8w): 9 and 8 are outside; the computed 7 stands.
    for s in ["9", "8", "5.9"] {
        let r = run_row(set(set(row("完善", "基本完善", "10"), "tier", json!("partial")), "score", json!(s)));
        assert_issue(&r, Severity::Error, "manual_score_out_of_tier", "indicators[0].score");
        assert_scored(&r, 0, "qualitative", "7");
        assert!(!r.complete);
    }
}

#[test]
fn manual_score_inside_tier() {
    let r = run_row(set(set(row("完善", "基本完善", "10"), "tier", json!("partial")), "score", json!("6")));
    let x = ind(&r, 0);
    assert_eq!(x.status, RowStatus::Manual);
    assert_eq!(x.score.as_deref(), Some("6"));
    assert_no_code(&r, "manual_score_out_of_tier");
    assert_issue(&r, Severity::Warning, "manual_score_differs", "indicators[0].score");
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");
    // The achieved tier includes 0.8w.
    let r = run_row(set(set(row("完善", "基本完善", "10"), "tier", json!("achieved")), "score", json!("8")));
    assert_eq!(ind(&r, 0).status, RowStatus::Manual);
    assert_eq!(ind(&r, 0).score.as_deref(), Some("8"));
    assert_no_code(&r, "manual_score_out_of_tier");
}

#[test]
fn manual_score_out_of_range() {
    for s in ["11", "-1"] {
        let r = run_row(set(row("≥95%", "100%", "10"), "score", json!(s)));
        assert_issue(&r, Severity::Error, "manual_score_out_of_range", "indicators[0].score");
        assert_scored(&r, 0, "positive", "10");
        assert!(!r.complete);
    }
}

#[test]
fn manual_score_invalid() {
    let r = run_row(set(row("≥95%", "100%", "10"), "score", json!("很好")));
    assert_issue(&r, Severity::Error, "manual_score_invalid", "indicators[0].score");
    assert_scored(&r, 0, "positive", "10");
    assert!(!r.complete);
}

#[test]
fn manual_score_differs_warning_then_info() {
    let r = run_row(set(row("≥95%", "100%", "10"), "score", json!("9")));
    let x = ind(&r, 0);
    assert_eq!(x.status, RowStatus::Manual);
    assert_eq!(x.score.as_deref(), Some("9"));
    assert_row_issues(
        &r,
        0,
        vec![
            iss(Severity::Warning, "manual_score_differs", "indicators[0].score"),
            iss(Severity::Warning, "reason_missing", "indicators[0].reason"),
        ],
    );
    assert!(r.complete, "warnings only: {}", dump(&r));
    assert_eq!(r.total.as_deref(), Some("99"));

    let r = run_row(set(set(row("≥95%", "100%", "10"), "score", json!("9")), "reason", json!("资料不全，酌情扣分")));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("9"));
    assert_row_issues(&r, 0, vec![iss(Severity::Info, "manual_score_differs", "indicators[0].score")]);
}

#[test]
fn manual_score_equal_to_computed() {
    let r = run_row(set(row("≥95%", "100%", "10"), "score", json!("10")));
    let x = ind(&r, 0);
    assert_eq!(x.status, RowStatus::Manual);
    assert_eq!(x.score.as_deref(), Some("10"));
    assert_row_issues(&r, 0, vec![]);
}

#[test]
fn manual_score_rounded_before_comparing() {
    // 9.96 → 10.0 = the computed 10: no difference; 9.94 → 9.9 differs.
    let r = run_row(set(row("≥95%", "100%", "10"), "score", json!("9.96")));
    assert_eq!(ind(&r, 0).status, RowStatus::Manual);
    assert_eq!(ind(&r, 0).score.as_deref(), Some("10"));
    assert_no_code(&r, "manual_score_differs");
    let r = run_row(set(row("≥95%", "100%", "10"), "score", json!("9.94")));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("9.9"));
    assert_issue(&r, Severity::Warning, "manual_score_differs", "indicators[0].score");
}

#[test]
fn manual_score_downward_on_over_achievement() {
    let r = run_row(set(set(row("40家", "60家", "10"), "score", json!("8")), "reason", json!("指标值设定偏低")));
    let x = ind(&r, 0);
    assert_eq!(x.status, RowStatus::Manual);
    assert_eq!(x.score.as_deref(), Some("8"));
    assert_issue(&r, Severity::Info, "over_achievement", "indicators[0].actual");
    assert_issue(&r, Severity::Info, "manual_score_differs", "indicators[0].score");
}

#[test]
fn manual_score_replaces_pending_tier() {
    let r = run_row(set(row("完善", "基本完善", "10"), "score", json!("8")));
    let x = ind(&r, 0);
    assert_eq!(x.status, RowStatus::Manual);
    assert_eq!(x.score.as_deref(), Some("8"));
    assert_no_code(&r, "manual_score_differs");
    assert_no_code(&r, "row_pending");
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");
}

#[test]
fn empty_actual_keeps_row_pending_whatever_else() {
    let r = run_row(set(row("≥95%", "", "10"), "score", json!("9")));
    assert_pending_at(&r, 0, "actual");
}

// =============================================================================================
// Pending rows and the one row_pending (§10)

#[test]
fn row_pending_at_first_missing_field() {
    // Weight missing (and target, actual): only .weight, with invalid_weight.
    let r = run_row(set(row("", "", ""), "score", json!("5")));
    assert_issue(&r, Severity::Error, "invalid_weight", "indicators[0].weight");
    assert_pending_at(&r, 0, "weight");

    // Target and actual missing: .target, with target_empty.
    let r = run_row(row("", "", "10"));
    assert_issue(&r, Severity::Error, "target_empty", "indicators[0].target");
    assert_pending_at(&r, 0, "target");

    // Actual missing only.
    let r = run_row(row("≥95%", "", "10"));
    assert_pending_at(&r, 0, "actual");
    assert_row_issues(&r, 0, vec![iss(Severity::Info, "row_pending", "indicators[0].actual")]);
}

#[test]
fn invalid_weight_values() {
    for w in ["abc", "0", "-5"] {
        let r = run_row(row("≥95%", "100%", w));
        assert_issue(&r, Severity::Error, "invalid_weight", "indicators[0].weight");
        assert_pending_at(&r, 0, "weight");
    }
}

#[test]
fn complete_flag() {
    // Warnings only → complete.
    let r = run_row(row("≥95%", "90%", "10"));
    assert!(r.warnings().count() > 0);
    assert!(r.complete);
    assert_eq!(r.pending, 0);
    // A pending row → incomplete, total provisional but present.
    let r = run_row(row("完善", "基本完善", "10"));
    assert!(!r.complete);
    assert_eq!(r.pending, 1);
    // An error without pending rows → incomplete.
    let mut f = form_with(vec![]);
    f["funds"]["weight"] = json!("15");
    let r = run(f);
    assert_eq!(r.pending, 0);
    assert!(!r.complete);
}

// =============================================================================================
// Weights (§5)

#[test]
fn weights_sum_error() {
    let mut f = form_with(vec![]);
    f["funds"]["weight"] = json!("15");
    let r = run(f);
    assert_issue(&r, Severity::Error, "weights_sum", "weights");
    assert_eq!(count_code(&r, "weights_sum"), 1);
    // The total is still Σ of the rounded scores.
    assert_eq!(r.total.as_deref(), Some("105"));
}

#[test]
fn weights_sum_counts_weights_of_not_applicable_rows() {
    let rows = vec![set(row("", "", "10"), "method", json!("not_applicable"))];
    let r = run(form_with(rows));
    assert_no_code(&r, "weights_sum");
}

fn level1_form(out: &str, eff: &str, sat: &str) -> Value {
    let mut f = base();
    f["indicators"] = json!([
        row("完成", "完成", out),
        under(row("完成", "完成", eff), "效益指标", "社会效益指标"),
        under(row("完成", "完成", sat), "满意度指标", "服务对象满意度指标"),
    ]);
    f
}

#[test]
fn level1_weights_warning() {
    let r = run(level1_form("45", "35", "10"));
    assert_no_code(&r, "weights_sum");
    assert!(
        r.issues.iter().any(|i| i.code.as_str() == "level1_weights" && i.severity == Severity::Warning),
        "{}",
        dump(&r)
    );
    assert!(r.complete, "a warning only");
    let r = run(level1_form("50", "30", "10"));
    assert_no_code(&r, "level1_weights");
}

#[test]
fn level1_weights_off() {
    let r = run(with_settings(level1_form("45", "35", "10"), json!({ "level1_weights_check": "off" })));
    assert_no_code(&r, "level1_weights");
    let r = run(with_profile(level1_form("45", "35", "10"), "sichuan"));
    assert_no_code(&r, "level1_weights");
}

#[test]
fn level1_weights_with_cost_level1() {
    // 产出 40 + 成本 10 = 50.
    let mut f = level1_form("40", "30", "10");
    f["indicators"].as_array_mut().unwrap().push(under(row("≤100万元", "90万元", "10"), "成本指标", "经济成本指标"));
    let r = run(f);
    assert_no_code(&r, "level1_weights");
    assert_no_code(&r, "weights_sum");
}

#[test]
fn subtotals_per_level1_not_rescaled() {
    let rows = vec![
        set(row("≥100%", "90%", "40"), "reason", json!("说明")),
        set(row("", "", "10"), "method", json!("not_applicable")),
    ];
    let r = run(form_with(rows));
    let s = r.subtotals.iter().find(|s| s.level1 == "产出指标").expect("a 产出 subtotal");
    assert_eq!(s.weight, "50", "subtotal weights include not_applicable rows");
    assert_eq!(s.score, "36");
}

// =============================================================================================
// Rounding of rows (§3) and grades (§5)

#[test]
fn row_score_8125() {
    // 10 × 65 / 80 = 8.125 → 8.1 (1 decimal), 8.13 (2 decimals), 8 (0 decimals).
    let r = run_row(row("≥80", "65", "10"));
    assert_scored(&r, 0, "positive", "8.1");
    let r = run(with_settings(form_with(vec![row("≥80", "65", "10")]), json!({ "score_decimals": 2 })));
    assert_scored(&r, 0, "positive", "8.13");
    let r = run(with_settings(form_with(vec![row("≥80", "65", "10")]), json!({ "score_decimals": 0 })));
    assert_scored(&r, 0, "positive", "8");
}

#[test]
fn row_score_half_up_at_zero_decimals() {
    let r = run(with_settings(form_with(vec![row("≥100", "85", "10")]), json!({ "score_decimals": 0 })));
    assert_scored(&r, 0, "positive", "9");
}

#[test]
fn total_is_sum_of_rounded_scores() {
    // Three rows of 10 × 2/3 = 6.67 → 6.7 each: 20.1, not round(20.0).
    let rows = vec![row("≥3", "2", "10"), row("≥3", "2", "10"), row("≥3", "2", "10")];
    let r = run(form_with(rows));
    for i in 0..3 {
        assert_eq!(ind(&r, i).score.as_deref(), Some("6.7"));
    }
    // 10 (budget) + 3 × 6.7 + 20 + 30 + 10 = 90.1
    assert_eq!(r.total.as_deref(), Some("90.1"));
}

fn zero_rows(n: usize, extra: Option<Value>) -> Value {
    let mut rows: Vec<Value> = (0..n).map(|_| set(row("≥100%", "0%", "10"), "reason", json!("未完成"))).collect();
    rows.extend(extra);
    form_with(rows)
}

#[test]
fn grade_bounds_inclusive() {
    let nine_nine = || Some(set(row("≥100%", "99%", "10"), "reason", json!("说明")));
    let cases: Vec<(Value, &str, &str)> = vec![
        (zero_rows(1, None), "90", "优"),
        (zero_rows(1, nine_nine()), "89.9", "良"),
        (zero_rows(2, None), "80", "良"),
        (zero_rows(2, nine_nine()), "79.9", "中"),
        (zero_rows(4, None), "60", "中"),
        (zero_rows(4, nine_nine()), "59.9", "差"),
    ];
    for (f, total, grade) in cases {
        let r = run(f);
        assert_eq!(r.total.as_deref(), Some(total));
        assert_eq!(r.grade.as_deref(), Some(grade), "total {total}");
    }
}

#[test]
fn grade_bands_setting() {
    let r = run(with_settings(zero_rows(1, None), json!({ "grade_bands": [95, 85, 70] })));
    assert_eq!(r.total.as_deref(), Some("90"));
    assert_eq!(r.grade.as_deref(), Some("良"));
    let r = run(with_settings(zero_rows(1, None), json!({ "grade_bands": ["95", "85", "70"] })));
    assert_eq!(r.grade.as_deref(), Some("良"));
    assert_no_code(&r, "invalid_setting");
}

#[test]
fn grade_bands_invalid() {
    for bad in [json!([80, 90, 60]), json!([90, 80]), json!([110, 80, 60]), json!([90, 80, 0])] {
        let r = run(with_settings(zero_rows(1, None), json!({ "grade_bands": bad })));
        assert_issue(&r, Severity::Error, "invalid_setting", "settings.grade_bands");
        assert_eq!(r.grade.as_deref(), Some("优"), "default bands used for {bad}");
    }
}

// =============================================================================================
// Settings and profiles (§7)

#[test]
fn unknown_profile_uses_mof() {
    let r = run(with_profile(form_with(vec![row("≤1%", "1.5%", "10")]), "beijing"));
    assert_issue(&r, Severity::Error, "unknown_profile", "profile");
    assert_scored(&r, 0, "reverse", "6.7");
    assert!(!r.complete);
}

#[test]
fn empty_profile_is_mof() {
    let r = run(with_profile(form_with(vec![row("≤1%", "1.5%", "10")]), ""));
    assert_no_code(&r, "unknown_profile");
    assert_scored(&r, 0, "reverse", "6.7");
    let mut f = form_with(vec![]);
    f.as_object_mut().unwrap().remove("profile");
    let r = run(f);
    assert!(r.issues.is_empty(), "{}", dump(&r));
}

#[test]
fn invalid_setting_uses_profile_value() {
    let r = run(with_settings(form_with(vec![row("≥95%", "90%", "10")]), json!({ "score_decimals": 5 })));
    assert_issue(&r, Severity::Error, "invalid_setting", "settings.score_decimals");
    assert_scored(&r, 0, "positive", "9.5");

    let r = run(with_settings(form_with(vec![]), json!({ "rate_rounding": "up" })));
    assert_issue(&r, Severity::Error, "invalid_setting", "settings.rate_rounding");

    let r = run(with_settings(form_with(vec![row("40家", "50家", "10")]), json!({ "over_threshold": "1" })));
    assert_issue(&r, Severity::Error, "invalid_setting", "settings.over_threshold");
    assert_issue(&r, Severity::Warning, "over_achievement", "indicators[0].actual");

    for (k, v) in [
        ("rate_decimals", json!(5)),
        ("reverse_mode", json!("square")),
        ("equal_mode", json!("linear")),
        ("zero_budget", json!("maybe")),
        ("reason_below_90", json!("error")),
        ("level1_weights_check", json!("sometimes")),
        ("score_decimals", json!("1.5")),
    ] {
        let r = run(with_settings(form_with(vec![]), json!({ k: v })));
        assert_issue(&r, Severity::Error, "invalid_setting", &format!("settings.{k}"));
    }
}

#[test]
fn invalid_setting_keeps_profile_value_not_mof() {
    let f = with_settings(
        with_profile(with_funds(form_with(vec![]), "8.89", "3.49"), "sichuan"),
        json!({ "rate_rounding": "bogus" }),
    );
    let r = run(f);
    assert_issue(&r, Severity::Error, "invalid_setting", "settings.rate_rounding");
    assert_eq!(r.execution_rate.as_deref(), Some("39.26"));
}

#[test]
fn unknown_settings_ignored() {
    let r = run(with_settings(form_with(vec![]), json!({ "colour": "red", "score_decimals": "1" })));
    assert!(r.issues.is_empty(), "{}", dump(&r));
}

#[test]
fn form_settings_override_profile() {
    let f = with_settings(
        with_profile(with_funds(form_with(vec![]), "8.89", "3.49"), "sichuan"),
        json!({ "rate_rounding": "truncate" }),
    );
    assert_eq!(run(f).execution_rate.as_deref(), Some("39.25"));
}

#[test]
fn hebei_reverse_miss_is_manual() {
    let r = run(with_profile(form_with(vec![row("≤1%", "1.5%", "10")]), "hebei"));
    assert_eq!(ind(&r, 0).method, Some("reverse"));
    assert_issue(&r, Severity::Info, "manual_score_required", "indicators[0].score");
    assert_pending_at(&r, 0, "score");

    let r = run(with_profile(
        form_with(vec![set(set(row("≤1%", "1.5%", "10"), "score", json!("6")), "reason", json!("说明"))]),
        "hebei",
    ));
    let x = ind(&r, 0);
    assert_eq!(x.status, RowStatus::Manual);
    assert_eq!(x.score.as_deref(), Some("6"));
    assert_no_code(&r, "row_pending");
    assert_no_code(&r, "manual_score_required");
}

#[test]
fn hebei_equal_miss_is_manual() {
    let r = run(with_profile(form_with(vec![row("=100%", "98%", "5")]), "hebei"));
    assert_eq!(ind(&r, 0).method, Some("equal"));
    assert_issue(&r, Severity::Info, "manual_score_required", "indicators[0].score");
    assert_pending_at(&r, 0, "score");
}

#[test]
fn hebei_hits_and_positive_rows_unaffected() {
    let r = run(with_profile(form_with(vec![row("≤1%", "0.5%", "10"), row("≥95%", "90%", "10")]), "hebei"));
    assert_scored(&r, 0, "reverse", "10");
    assert_scored(&r, 1, "positive", "9.5");
}

#[test]
fn hebei_zero_target_rules_still_apply() {
    // §10: at t = 0 the rules of §3 apply under every mode, manual modes included.
    let r = run(with_profile(
        form_with(vec![row("≤0件", "1件", "5"), row("0起", "1起", "5"), row("0起", "0起", "5")]),
        "hebei",
    ));
    assert_scored(&r, 0, "reverse", "0");
    assert_scored(&r, 1, "equal", "0");
    assert_scored(&r, 2, "equal", "5");
    assert_no_code(&r, "manual_score_required");
}

#[test]
fn reverse_mode_manual_setting() {
    let r = run(with_settings(form_with(vec![row("≤1%", "1.5%", "10")]), json!({ "reverse_mode": "manual" })));
    assert_pending_at(&r, 0, "score");
}

#[test]
fn guangxi_over_threshold() {
    // mof: 50 ≥ 40 × 1.2 = 48 → over_achievement; guangxi: 50 < 52 → none; 52 ≥ 52 → fires.
    let r = run(form_with(vec![row("40家", "50家", "10")]));
    assert_issue(&r, Severity::Warning, "over_achievement", "indicators[0].actual");
    let r = run(with_profile(form_with(vec![row("40家", "50家", "10")]), "guangxi"));
    assert_no_code(&r, "over_achievement");
    assert_row_issues(&r, 0, vec![]);
    let r = run(with_profile(form_with(vec![row("40家", "52家", "10")]), "guangxi"));
    assert_issue(&r, Severity::Warning, "over_achievement", "indicators[0].actual");
    assert_scored(&r, 0, "positive", "10");
}

#[test]
fn over_threshold_is_inclusive_and_below_is_silent() {
    let r = run(form_with(vec![row("40家", "48家", "10")]));
    assert_issue(&r, Severity::Warning, "over_achievement", "indicators[0].actual");
    let r = run(form_with(vec![row("40家", "47家", "10")]));
    assert_no_code(&r, "over_achievement");
}

// =============================================================================================
// Methods (§3)

#[test]
fn invalid_method_read_as_auto() {
    let r = run_row(set(row("≥95%", "100%", "10"), "method", json!("foo")));
    assert_issue(&r, Severity::Error, "invalid_method", "indicators[0].method");
    assert_scored(&r, 0, "positive", "10");
    assert!(!r.complete);
}

#[test]
fn target_empty_error() {
    let r = run_row(row("", "5个", "10"));
    assert_issue(&r, Severity::Error, "target_empty", "indicators[0].target");
    assert_pending_at(&r, 0, "target");
}

#[test]
fn target_empty_not_on_manual_or_not_applicable_rows() {
    let rows = vec![
        set(set(row("", "完成", "10"), "method", json!("manual")), "score", json!("10")),
        set(row("", "", "10"), "method", json!("not_applicable")),
    ];
    let r = run(form_with(rows));
    assert_no_code(&r, "target_empty");
    assert_eq!(ind(&r, 0).status, RowStatus::Manual);
    assert_eq!(ind(&r, 0).score.as_deref(), Some("10"));
    assert_eq!(ind(&r, 1).status, RowStatus::NotApplicable);
}

#[test]
fn target_not_numeric_for_explicit_method() {
    for m in ["positive", "reverse", "equal"] {
        let r = run_row(set(row("完善", "完善", "10"), "method", json!(m)));
        assert_issue(&r, Severity::Error, "target_not_numeric", "indicators[0].target");
        assert_pending_at(&r, 0, "target");
    }
}

#[test]
fn target_not_range_for_explicit_method() {
    let r = run_row(set(row("≥95%", "96%", "10"), "method", json!("range")));
    assert_issue(&r, Severity::Error, "target_not_range", "indicators[0].target");
    assert_pending_at(&r, 0, "target");
}

#[test]
fn target_not_date_for_explicit_method() {
    let r = run_row(set(row("完善", "2021年6月", "10"), "method", json!("deadline")));
    assert_issue(&r, Severity::Error, "target_not_date", "indicators[0].target");
    assert_pending_at(&r, 0, "target");
}

#[test]
fn explicit_method_overrides_detection() {
    // "≥95%" chosen as reverse: 96 % > 95 % → ratio 95 / 96 × 10 = 9.89… → 9.9.
    let r = run_row(set(row("≥95%", "96%", "10"), "method", json!("reverse")));
    assert_scored(&r, 0, "reverse", "9.9");
    // A numeric target chosen as qualitative with a tier.
    let r = run_row(set(set(row("≥95%", "90%", "10"), "method", json!("qualitative")), "tier", json!("partial")));
    assert_scored(&r, 0, "qualitative", "7");
}

#[test]
fn actual_unparseable() {
    let r = run_row(row("≥95%", "较好", "10"));
    assert_issue(&r, Severity::Error, "actual_unparseable", "indicators[0].actual");
    assert_pending_at(&r, 0, "actual");
}

#[test]
fn negative_actual_read_as_zero() {
    let r = run_row(set(row("≥10个", "-2个", "10"), "reason", json!("说明")));
    assert_scored(&r, 0, "positive", "0");
    assert_issue(&r, Severity::Warning, "negative_actual", "indicators[0].actual");
    let r = run_row(row("≤5件", "-1件", "5"));
    assert_scored(&r, 0, "reverse", "5");
    assert_issue(&r, Severity::Warning, "negative_actual", "indicators[0].actual");
}

#[test]
fn not_applicable_row_excluded_and_total_rescaled() {
    let rows = vec![
        set(row("≥100%", "90%", "40"), "reason", json!("说明")),
        set(row("≥95%", "10%", "10"), "method", json!("not_applicable")),
    ];
    let r = run(form_with(rows));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("36"));
    let x = ind(&r, 1);
    assert_eq!(x.status, RowStatus::NotApplicable);
    assert_eq!(x.method, Some("not_applicable"));
    assert_eq!(x.score, None);
    assert_row_issues(&r, 1, vec![]);
    // (10 + 36 + 30 + 10) / 90 × 100 = 95.55… → 95.6
    assert_eq!(r.total.as_deref(), Some("95.6"));
    assert_no_code(&r, "weights_sum");
    assert!(r.complete, "{}", dump(&r));
}

#[test]
fn equal_with_bare_zero() {
    let r = run_row(row("0起", "0起", "5"));
    assert_scored(&r, 0, "equal", "5");
    assert_row_issues(&r, 0, vec![]);
    let r = run_row(row("0起", "1起", "5"));
    assert_scored(&r, 0, "equal", "0");
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");
    let r = run_row(row("0%", "0%", "5"));
    assert_scored(&r, 0, "equal", "5");
    // A bare 0 is equal under 成本指标 too.
    let r = run_row(under(row("0", "0", "5"), "产出指标", "成本指标"));
    assert_scored(&r, 0, "equal", "5");
}

#[test]
fn equal_above_target_deviation() {
    let r = run_row(row("=10个", "11个", "10"));
    assert_scored(&r, 0, "equal", "10");
    assert_row_issues(
        &r,
        0,
        vec![
            iss(Severity::Warning, "deviation", "indicators[0].actual"),
            iss(Severity::Warning, "reason_missing", "indicators[0].reason"),
        ],
    );
    let r = run_row(row("=10个", "12个", "10"));
    assert_issue(&r, Severity::Warning, "deviation", "indicators[0].actual");
    assert_issue(&r, Severity::Warning, "over_achievement", "indicators[0].actual");
    let r = run_row(set(row("等于10个", "11个", "10"), "reason", json!("说明")));
    assert_scored(&r, 0, "equal", "10");
    assert_row_issues(&r, 0, vec![iss(Severity::Info, "deviation", "indicators[0].actual")]);
}

#[test]
fn reverse_under_cost_for_bare_number() {
    let r = run_row(set(under(row("50万元", "60万元", "10"), "产出指标", "成本指标"), "reason", json!("说明")));
    // 50 / 60 × 10 = 8.33… → 8.3
    assert_scored(&r, 0, "reverse", "8.3");
    let mut f = base();
    f["indicators"] = json!([
        under(row("100", "80", "10"), "成本指标", "经济成本指标"),
        row("完成", "完成", "40"),
        under(row("完成", "完成", "30"), "效益指标", "社会效益指标"),
        under(row("完成", "完成", "10"), "满意度指标", "服务对象满意度指标"),
    ]);
    let r = run(f);
    assert_scored(&r, 0, "reverse", "10");
    assert!(r.issues.is_empty(), "{}", dump(&r));
}

#[test]
fn explicit_operator_wins_under_cost() {
    let r = run_row(under(row("≥100", "120", "10"), "产出指标", "成本指标"));
    assert_eq!(ind(&r, 0).method, Some("positive"));
    // Outside 成本指标 a bare number is positive.
    let r = run_row(row("100", "80", "10"));
    assert_scored(&r, 0, "positive", "8");
}

#[test]
fn positive_zero_target() {
    let r = run_row(row("≥0个", "0个", "5"));
    assert_scored(&r, 0, "positive", "5");
}

#[test]
fn reverse_zero_target_hit() {
    let r = run_row(row("≤0件", "0件", "5"));
    assert_scored(&r, 0, "reverse", "5");
}

#[test]
fn range_rows() {
    let r = run_row(row("90%-100%", "95%", "10"));
    assert_scored(&r, 0, "range", "10");
    assert_row_issues(&r, 0, vec![]);
    // Below: 10 × 81 / 90 = 9.
    let r = run_row(row("90%-100%", "81%", "10"));
    assert_scored(&r, 0, "range", "9");
    // Above: w plus deviation.
    let r = run_row(row("90%~100%", "105%", "10"));
    assert_scored(&r, 0, "range", "10");
    assert_issue(&r, Severity::Warning, "deviation", "indicators[0].actual");
    assert_no_code(&r, "over_achievement");
    // Far above: over_achievement too (t is the upper bound).
    let r = run_row(row("90%至100%", "120%", "10"));
    assert_issue(&r, Severity::Warning, "over_achievement", "indicators[0].actual");
    // One unit for both sides: "1-2万元" is 1万元 to 2万元.
    let r = run_row(row("1-2万元", "15000元", "10"));
    assert_scored(&r, 0, "range", "10");
    // 5000元 is below 1万元: 10 × 5000 / 10000 = 5.
    let r = run_row(set(row("1-2万元", "5000元", "10"), "reason", json!("说明")));
    assert_scored(&r, 0, "range", "5");
}

#[test]
fn quantitative_other_is_manual() {
    let r = run_row(row("定量（其他）", "完成", "10"));
    assert_eq!(ind(&r, 0).method, Some("manual"));
    assert_issue(&r, Severity::Info, "manual_score_required", "indicators[0].score");
    assert_pending_at(&r, 0, "score");

    let r = run_row(set(row("定量（其他）：培训覆盖", "完成", "10"), "score", json!("8")));
    let x = ind(&r, 0);
    assert_eq!(x.method, Some("manual"));
    assert_eq!(x.status, RowStatus::Manual);
    assert_eq!(x.score.as_deref(), Some("8"));
    // §10: a manual-method row needs a reason when its score is below w.
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");

    let r = run_row(set(row("定量（其他）", "完成", "10"), "score", json!("10")));
    assert_eq!(ind(&r, 0).status, RowStatus::Manual);
    assert_row_issues(&r, 0, vec![]);
}

#[test]
fn negative_target_is_manual() {
    let r = run_row(row("-5", "-3", "10"));
    assert_eq!(ind(&r, 0).method, Some("manual"));
    assert_pending_at(&r, 0, "score");
}

#[test]
fn deadline_late_with_tier() {
    let r = run_row(set(row("2021年6月底前", "2021年8月", "10"), "tier", json!("partial")));
    assert_scored(&r, 0, "deadline", "7");
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");
    let r = run_row(row("2021年6月底前", "2021年8月", "10"));
    assert_eq!(ind(&r, 0).method, Some("deadline"));
    assert_pending_at(&r, 0, "tier");
}

#[test]
fn deadline_on_time_words() {
    for a in ["按时完成", "按期完成", "如期完成", "提前完成"] {
        let r = run_row(row("2021年12月底前", a, "5"));
        assert_scored(&r, 0, "deadline", "5");
    }
}

#[test]
fn deadline_without_year_takes_form_year() {
    let r = run_row(row("12月底前", "2021年11月", "5"));
    assert_scored(&r, 0, "deadline", "5");
    let r = run_row(row("年底前", "2022年1月", "5"));
    assert_eq!(ind(&r, 0).method, Some("deadline"));
    assert_pending_at(&r, 0, "tier");
}

#[test]
fn deadline_end_of_period() {
    let r = run_row(row("2021年6月30日前", "2021-06-30", "5"));
    assert_scored(&r, 0, "deadline", "5");
    let r = run_row(row("2021年6月30日前", "2021-07-01", "5"));
    assert_pending_at(&r, 0, "tier");
    // "2021年6月" is read as June 30.
    let r = run_row(row("2021年6月30日前", "2021年6月", "5"));
    assert_scored(&r, 0, "deadline", "5");
    // "2021年" is read as December 31: late for a June deadline.
    let r = run_row(row("2021年6月底前", "2021年", "5"));
    assert_pending_at(&r, 0, "tier");
    let r = run_row(row("2022年前", "2022.12", "5"));
    assert_scored(&r, 0, "deadline", "5");
}

#[test]
fn tier_ignored_on_numeric_rows() {
    // §10: `tier` is read only on rows scored by tier.
    let r = run_row(set(row("≥95%", "90%", "10"), "tier", json!("bogus")));
    assert_no_code(&r, "invalid_tier");
    assert_scored(&r, 0, "positive", "9.5");
}

// =============================================================================================
// Reading values (§6) through the engine

#[test]
fn operator_words() {
    let cases = [
        ("不低于95%", "90%", "positive", "9.5"),
        ("95%以上", "90%", "positive", "9.5"),
        ("95%及以上", "90%", "positive", "9.5"),
        (">95%", "95%", "positive", "10"),
        ("达到95%", "95%", "positive", "10"),
        ("不超过3天", "2天", "reverse", "10"),
        ("控制在5%以内", "4%", "reverse", "10"),
        ("<5%", "5%", "reverse", "10"),
        ("3天以下", "6天", "reverse", "5"),
        ("≧95%", "90%", "positive", "9.5"),
        ("≥95%(含)", "96%", "positive", "10"),
    ];
    for (t, a, m, s) in cases {
        let r = run_row(row(t, a, "10"));
        assert_eq!(ind(&r, 0).method, Some(m), "{t}");
        assert_eq!(ind(&r, 0).score.as_deref(), Some(s), "{t} / {a}\n{}", dump(&r));
        assert_no_code(&r, "unit_mismatch");
    }
}

#[test]
fn prefix_and_suffix_disagree_is_qualitative() {
    let r = run_row(row("≥95%以内", "96%", "10"));
    assert_eq!(ind(&r, 0).method, Some("qualitative"));
}

#[test]
fn normalisation_full_width_and_thousands() {
    let r = run_row(row("≥９５％", "９６％", "10"));
    assert_scored(&r, 0, "positive", "10");
    let r = run_row(row("10,148人", "10148人", "8"));
    assert_scored(&r, 0, "positive", "8");
    let r = run_row(row("1万人", "10,000人", "8"));
    assert_scored(&r, 0, "positive", "8");
}

#[test]
fn value_parse_never_panics_on_odd_input() {
    for s in [
        "",
        " ",
        "。",
        "≥",
        "≥%",
        "%",
        "1-",
        "-",
        "--1",
        "1--2",
        "2-1",
        "9999999999999999999999999999999万亿",
        "年底前",
        "13月底前",
        "2021年2月30日前",
        "0.0000000000000000000000000001",
        "∞",
        "≥≤5",
        "１２３４５６７８９０",
        "5万-",
        "1e9999",
        "1,23",
        "1,234,567",
        "至",
        "～",
        "前",
        "\u{0}",
        "🙂5个",
    ] {
        let _ = value::parse(s);
        let _ = run_row(row(s, s, "10"));
    }
}

// =============================================================================================
// The exchange format (format.md)

#[test]
fn missing_schema_is_current() {
    let mut f = form_with(vec![]);
    f.as_object_mut().unwrap().remove("schema");
    let form = Form::from_json_value(f).expect("a form without schema reads");
    assert_eq!(form.schema, "ziping.self-eval/1");
    let r = engine::score(&form);
    assert_eq!(r.total.as_deref(), Some("100"));
    assert!(r.issues.is_empty(), "{}", dump(&r));
}

#[test]
fn unknown_schema_is_an_error() {
    let mut f = form_with(vec![]);
    f["schema"] = json!("ziping.self-eval/99");
    let text = serde_json::to_string(&f).unwrap();
    let e = Form::from_json_str(&text).expect_err("an unknown schema is refused");
    assert_eq!(e.code.as_str(), "unknown_schema");
    assert_eq!(e.path, "schema");
    let e2 = engine::score_json(&text).expect_err("nothing is scored");
    assert_eq!(e2.code.as_str(), "unknown_schema");
    let r = engine::unreadable(&e2);
    assert_eq!(r.execution_rate, None);
    assert_eq!(r.budget_score, None);
    assert_eq!(r.total, None);
    assert_eq!(r.grade, None);
    assert!(r.indicators.iter().all(|x| x.score.is_none()));
    assert!(!r.complete);
    assert!(r.issues.iter().any(|i| i.code.as_str() == "unknown_schema" && i.severity == Severity::Error));
}

#[test]
fn json_numbers_for_amounts_are_exact() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = serde_json::from_str(r#"{ "initial": 8.89, "annual": 8.89, "executed": 3.49 }"#).unwrap();
    f["funds"]["weight"] = json!(10);
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("39.25"));
    assert_eq!(r.budget_score.as_deref(), Some("3.9"));

    // The same through text, with numeric weights and score.
    let text = r#"{
        "schema": "ziping.self-eval/1", "year": 2021,
        "funds": { "weight": 10, "total": { "initial": 8.89, "annual": 8.89, "executed": 3.49 }, "sources": [] },
        "indicators": [
            { "level1": "产出指标", "level2": "数量指标", "target": "≥95%", "actual": "100%", "weight": 50, "score": 50 },
            { "level1": "效益指标", "level2": "社会效益指标", "target": "完善", "actual": "完善", "weight": 30 },
            { "level1": "满意度指标", "level2": "服务对象满意度指标", "target": "≥95%", "actual": "100%", "weight": 10.0 }
        ]
    }"#;
    let r = engine::score_json(text).map_err(|e| e.to_string()).unwrap();
    assert_eq!(r.execution_rate.as_deref(), Some("39.25"));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("50"));
    assert_eq!(ind(&r, 2).score.as_deref(), Some("10"));
    assert_no_code(&r, "weights_sum");
    assert_eq!(r.total.as_deref(), Some("93.9"));
}

#[test]
fn wrong_json_types_name_the_path() {
    let mut f = form_with(vec![
        row("≥95%", "100%", "10"),
        row("≥95%", "100%", "10"),
        row("≥95%", "100%", "10"),
        row("≥95%", "100%", "10"),
    ]);
    f["indicators"][3]["weight"] = json!(true);
    let e = Form::from_json_str(&f.to_string()).expect_err("a boolean weight is refused");
    assert_eq!(e.code.as_str(), "invalid_form");
    assert!(e.to_string().contains("indicators[3].weight"), "{e}");

    let mut f = form_with(vec![]);
    f["funds"]["total"]["annual"] = json!([1]);
    let e = Form::from_json_value(f).expect_err("a list amount is refused");
    assert!(e.to_string().contains("funds.total.annual"), "{e}");

    let mut f = form_with(vec![]);
    f["indicators"] = json!({ "a": 1 });
    let e = Form::from_json_value(f).expect_err("indicators must be a list");
    assert!(e.to_string().contains("indicators"), "{e}");

    let mut f = form_with(vec![]);
    f["funds"]["sources"] = json!([{ "label": "x", "annual": {} }]);
    let e = Form::from_json_value(f).expect_err("an object amount is refused");
    assert!(e.to_string().contains("funds.sources[0].annual"), "{e}");
}

#[test]
fn not_json_is_invalid_form() {
    let e = Form::from_json_str("{ not json").expect_err("not JSON");
    assert_eq!(e.code.as_str(), "invalid_form");
    let e = Form::from_json_str("[]").expect_err("not an object");
    assert_eq!(e.code.as_str(), "invalid_form");
}

#[test]
fn unknown_fields_kept_on_round_trip() {
    let mut f = form_with(vec![row("≥95%", "100%", "10")]);
    f["x_portal"] = json!({ "id": 7, "tags": ["a", "b"] });
    f["funds"]["x_note"] = json!("备注");
    f["funds"]["total"]["x_total"] = json!(1);
    f["funds"]["sources"] =
        json!([{ "label": "当年财政拨款", "initial": null, "annual": "100", "executed": "100", "x_src": true }]);
    f["goals"]["x_goal"] = json!("目标");
    f["indicators"][0]["x_code"] = json!("A-01");
    f["report"] = json!("自评报告正文");
    let form = Form::from_json_value(f).expect("unknown fields never make an import fail");
    let text = form.to_json_pretty();
    for k in ["x_portal", "x_note", "x_total", "x_src", "x_goal", "x_code", "自评报告正文"] {
        assert!(text.contains(k), "{k} lost on writing:\n{text}");
    }
    let again = Form::from_json_str(&text).expect("the written form reads back");
    assert_eq!(form, again);
    assert_eq!(again.to_json_pretty(), text);
    assert_eq!(engine::score(&again), engine::score(&form));
}

#[test]
fn round_trip_keeps_values_as_typed() {
    let mut f = form_with(vec![set(row("≥95%", "90%", "10.0"), "score", json!("9.50"))]);
    f["funds"]["total"] = json!({ "initial": "8.890", "annual": "8.890", "executed": "3.49" });
    let form = Form::from_json_value(f).unwrap();
    assert_eq!(form.indicators[0].weight, "10.0");
    assert_eq!(form.indicators[0].score, "9.50");
    let again = Form::from_json_str(&form.to_json_pretty()).unwrap();
    assert_eq!(form, again);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// §6: a parse never panics; §3/§10: no row score ever exceeds w or is negative.
        #[test]
        fn any_target_and_actual(t in "\\PC{0,12}", a in "\\PC{0,12}", w in 1u32..20) {
            let _ = value::parse(&t);
            let r = run_row(row(&t, &a, &w.to_string()));
            if let Some(s) = ind(&r, 0).score.as_deref() {
                let s: rust_decimal::Decimal = s.parse().unwrap();
                prop_assert!(s >= rust_decimal::Decimal::ZERO && s <= rust_decimal::Decimal::from(w));
            }
        }

        #[test]
        fn numeric_rows_stay_in_bounds(t in 0u32..1000, a in 0u32..2000, w in 1u32..20, op in 0usize..4) {
            let ops = ["≥", "≤", "=", ""];
            let r = run_row(row(&format!("{}{}个", ops[op], t), &format!("{}个", a), &w.to_string()));
            let x = ind(&r, 0);
            prop_assert_eq!(x.status, RowStatus::Scored);
            let s: rust_decimal::Decimal = x.score.as_deref().unwrap().parse().unwrap();
            prop_assert!(s >= rust_decimal::Decimal::ZERO && s <= rust_decimal::Decimal::from(w));
            // A full row shows w itself.
            if s == rust_decimal::Decimal::from(w) {
                prop_assert_eq!(x.score.as_deref().unwrap(), w.to_string());
            }
        }
    }
}

// =============================================================================================
// Further edge rules (§3, §4, §10)

#[test]
fn tier_not_read_on_deadline_row_on_time() {
    // §10: `tier` is read only on rows scored by tier (qualitative, and a late deadline).
    // An on-time deadline row is not scored by tier: an invalid tier there is not an error.
    let r = run_row(set(row("2021年12月底前", "2021年11月", "5"), "tier", json!("bogus")));
    assert_no_code(&r, "invalid_tier");
    assert_scored(&r, 0, "deadline", "5");
    assert!(r.complete, "{}", dump(&r));
}

#[test]
fn manual_score_on_deadline_row_on_time_ignores_tier() {
    // §3: a manual score must lie inside the tier "if a tier is chosen"; §10: the tier is not read
    // on a row not scored by tier (an on-time deadline), so 2 of 5 is a valid manual score.
    let r = run_row(set(
        set(set(row("2021年12月底前", "2021年11月", "5"), "tier", json!("achieved")), "score", json!("2")),
        "reason",
        json!("说明"),
    ));
    assert_no_code(&r, "manual_score_out_of_tier");
    let x = ind(&r, 0);
    assert_eq!(x.status, RowStatus::Manual, "{}", dump(&r));
    assert_eq!(x.score.as_deref(), Some("2"));
}

#[test]
fn late_deadline_reads_tier() {
    let r = run_row(set(row("2021年6月底前", "2021年8月", "10"), "tier", json!("bogus")));
    assert_issue(&r, Severity::Error, "invalid_tier", "indicators[0].tier");
    assert_pending_at(&r, 0, "tier");
    let r = run_row(set(set(row("2021年6月底前", "2021年8月", "10"), "tier", json!("partial")), "score", json!("9")));
    assert_issue(&r, Severity::Error, "manual_score_out_of_tier", "indicators[0].score");
    assert_scored(&r, 0, "deadline", "7");
}

#[test]
fn weights_sum_counts_every_weight_that_parses_as_a_number() {
    // §10: Σ 分值 counts every weight that parses as a number. "-5" is an invalid weight (error,
    // row pending) but it parses as a number: 10 + (−5) + 55 + 30 + 10 = 100.
    let r = run(form_with(vec![row("≥95%", "100%", "-5")]));
    assert_issue(&r, Severity::Error, "invalid_weight", "indicators[0].weight");
    assert_no_code(&r, "weights_sum");
}

#[test]
fn deadline_without_any_year_is_qualitative() {
    let mut f = form_with(vec![row("年底前", "2021年11月", "5")]);
    f["year"] = Value::Null;
    let r = run(f);
    assert_eq!(ind(&r, 0).method, Some("qualitative"));
    let mut f = form_with(vec![row("12月底前", "11月", "5")]);
    f["year"] = Value::Null;
    let r = run(f);
    assert_eq!(ind(&r, 0).method, Some("qualitative"));
}

#[test]
fn deadline_within_the_year() {
    let r = run_row(row("年内", "2021年10月", "5"));
    assert_scored(&r, 0, "deadline", "5");
    let r = run_row(row("2021年6月底前", "2021年6月15日", "5"));
    assert_scored(&r, 0, "deadline", "5");
    let r = run_row(row("2021年6月底前", "2021/06/30", "5"));
    assert_scored(&r, 0, "deadline", "5");
}

#[test]
fn equal_mode_manual_only_for_a_miss_below() {
    // a > t → w plus deviation, whatever equal_mode says.
    let r = run(with_profile(form_with(vec![row("=100%", "101%", "5")]), "hebei"));
    assert_scored(&r, 0, "equal", "5");
    assert_issue(&r, Severity::Warning, "deviation", "indicators[0].actual");
    assert_no_code(&r, "manual_score_required");
    // equal_mode manual as a form setting under mof.
    let r = run(with_settings(form_with(vec![row("=100%", "98%", "5")]), json!({ "equal_mode": "manual" })));
    assert_pending_at(&r, 0, "score");
}

#[test]
fn tier_defaults_are_rounded() {
    // 1.5 × 0.7 = 1.05 → 1.1; 0.5 × 0.3 = 0.15 → 0.2 (half-up, 1 decimal).
    let r = run_row(set(row("完善", "基本完善", "1.5"), "tier", json!("partial")));
    assert_scored(&r, 0, "qualitative", "1.1");
    let r = run_row(set(row("完善", "基本完善", "0.5"), "tier", json!("not_achieved")));
    assert_scored(&r, 0, "qualitative", "0.2");
}

#[test]
fn indicator_reason_missing_stays_a_warning_under_sichuan() {
    let r = run(with_profile(form_with(vec![row("≥95%", "90%", "10")]), "sichuan"));
    assert_issue(&r, Severity::Warning, "reason_missing", "indicators[0].reason");
    assert!(!has(&r, Severity::Error, "reason_missing", "indicators[0].reason"));
}

#[test]
fn scored_budget_row_has_an_explanation() {
    let r = run(with_funds(form_with(vec![]), "8.89", "3.49"));
    assert!(!r.budget_explanation.trim().is_empty());
    assert!(!r.budget_explanation.contains('\n'));
}

#[test]
fn manual_method_chosen_by_user() {
    let r = run_row(set(row("≥95%", "100%", "10"), "method", json!("manual")));
    assert_eq!(ind(&r, 0).method, Some("manual"));
    assert_issue(&r, Severity::Info, "manual_score_required", "indicators[0].score");
    assert_pending_at(&r, 0, "score");
    let r = run_row(set(set(row("≥95%", "100%", "10"), "method", json!("manual")), "score", json!("12")));
    assert_issue(&r, Severity::Error, "manual_score_out_of_range", "indicators[0].score");
    assert_pending_at(&r, 0, "score");
}

/// Numbers at the edge of what a decimal holds (28–29 digits) in every cell of a row, under
/// every method and setting that does arithmetic with them: the engine reports, never panics
/// (a fuzzer found `t × over_threshold` overflowing).
#[test]
fn numbers_near_the_decimal_limit_never_panic() {
    let huge = ["79228162514264337593543950335", "77777777777777777448867777887", "7922816251426433759354395033.5"];
    let tiny = ["0.0000000000000000000000000001", "0.0001", "1"];
    let mut forms = 0;
    for method in ["auto", "positive", "reverse", "equal", "range", "qualitative"] {
        for mode in [json!({}), json!({"reverse_mode": "linear"}), json!({"over_threshold": "1.3"})] {
            let negative = ("-0.0000000000000000000000000001", "-79228162514264337593543950335");
            for (t, a) in [
                (huge[0], huge[1]),
                (tiny[0], huge[0]),
                (huge[1], tiny[1]),
                (tiny[2], huge[2]),
                (huge[2], tiny[0]),
                negative,
            ] {
                for w in [huge[0], huge[2], "10"] {
                    let rows = vec![
                        set(row(&format!("≥{t}"), a, w), "method", json!(method)),
                        set(row(&format!("{t}-{a}"), a, w), "method", json!(method)),
                        under(set(row(&format!("≤{t}"), a, w), "method", json!(method)), "成本指标", "经济成本指标"),
                        under(set(row(t, a, w), "method", json!(method)), "产出指标", "质量指标"),
                        under(set(row(a, t, w), "method", json!(method)), "效益指标", "社会效益指标"),
                    ];
                    let mut f = base();
                    f["indicators"] = Value::Array(rows);
                    f = with_settings(f, mode.clone());
                    f["funds"]["weight"] = json!(w);
                    f = with_funds(f, t, a);
                    let r = run(f);
                    assert!(r.issues.iter().all(|i| !i.message.is_empty()));
                    forms += 1;
                }
            }
        }
    }
    assert_eq!(forms, 6 * 3 * 6 * 3);
}
