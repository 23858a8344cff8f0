#![cfg(not(target_arch = "wasm32"))]
//! The seed form (承德县 2021 社保工作专项经费) against `fixtures/chengde-2021.expected.json`.

use serde_json::Value;
use ziping::engine;
use ziping::model::Form;
use ziping::result::{RowStatus, ScoreResult, Severity};

mod common;
use common::dump;

const FORM: &str = include_str!("../fixtures/chengde-2021.json");
const EXPECTED: &str = include_str!("../fixtures/chengde-2021.expected.json");

fn seed() -> Form {
    Form::from_json_str(FORM).expect("the seed form reads")
}

fn scored() -> ScoreResult {
    engine::score(&seed())
}

fn expected() -> Value {
    serde_json::from_str(EXPECTED).expect("the expected file is JSON")
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

#[test]
fn execution_rate_matches_expected() {
    assert_eq!(scored().execution_rate, opt_str(&expected()["execution_rate"]));
}

#[test]
fn budget_score_matches_expected() {
    assert_eq!(scored().budget_score, opt_str(&expected()["budget_score"]));
}

#[test]
fn total_matches_expected() {
    assert_eq!(scored().total, opt_str(&expected()["total"]));
}

#[test]
fn grade_matches_expected() {
    assert_eq!(scored().grade, opt_str(&expected()["grade"]));
}

#[test]
fn complete_matches_expected() {
    let r = scored();
    assert_eq!(r.complete, expected()["complete"].as_bool().unwrap(), "issues:\n{}", dump(&r));
    assert_eq!(r.pending, 0);
}

#[test]
fn subtotals_match_expected() {
    let r = scored();
    let exp = expected();
    let exp_subs = exp["subtotals"].as_array().unwrap();
    assert_eq!(r.subtotals.len(), exp_subs.len(), "{:#?}", r.subtotals);
    for (got, want) in r.subtotals.iter().zip(exp_subs) {
        assert_eq!(got.level1, want["level1"].as_str().unwrap());
        assert_eq!(got.weight, want["weight"].as_str().unwrap(), "weight of {}", got.level1);
        assert_eq!(got.score, want["score"].as_str().unwrap(), "score of {}", got.level1);
    }
}

#[test]
fn every_indicator_scored_full() {
    let form = seed();
    let r = engine::score(&form);
    assert_eq!(r.indicators.len(), form.indicators.len());
    for (i, (x, input)) in r.indicators.iter().zip(&form.indicators).enumerate() {
        assert_eq!(x.index, i);
        assert_eq!(x.status, RowStatus::Scored, "row {i}: {x:?}");
        assert_eq!(x.score.as_deref(), Some(input.weight.as_str()), "row {i} ({}): {x:?}", input.name);
        assert!(!x.explanation.trim().is_empty(), "row {i} has no explanation");
    }
}

#[test]
fn detected_methods() {
    let r = scored();
    let methods: Vec<Option<&str>> = r.indicators.iter().map(|x| x.method).collect();
    assert_eq!(
        methods,
        vec![
            Some("positive"),    // 40家 (bare number)
            Some("positive"),    // 10148人
            Some("positive"),    // ≥95%
            Some("reverse"),     // ≤1%
            Some("positive"),    // ≥95%
            Some("positive"),    // ≥95%
            Some("qualitative"), // 完善
            Some("qualitative"), // 得到提升
            Some("qualitative"), // 得到提升
            Some("positive"),    // ≥95%
        ]
    );
}

#[test]
fn only_issue_is_execution_below_90_as_info() {
    let r = scored();
    assert_eq!(r.issues.len(), 1, "issues:\n{}", dump(&r));
    let i = &r.issues[0];
    assert_eq!(i.severity, Severity::Info);
    assert_eq!(i.code.as_str(), "execution_below_90");
    assert_eq!(i.path, "funds");
}

#[test]
fn without_the_budget_reason_it_is_a_warning_and_reason_missing() {
    let mut form = seed();
    form.funds.reason.clear();
    let r = engine::score(&form);
    assert!(
        r.issues
            .iter()
            .any(|i| i.severity == Severity::Warning && i.code.as_str() == "execution_below_90" && i.path == "funds"),
        "{}",
        dump(&r)
    );
    assert!(
        r.issues.iter().any(|i| i.severity == Severity::Warning
            && i.code.as_str() == "reason_missing"
            && i.path == "funds.reason"),
        "{}",
        dump(&r)
    );
    // Warnings do not make a form incomplete.
    assert!(r.complete);
    assert_eq!(r.total.as_deref(), Some("93.9"));
}

#[test]
fn seed_round_trips() {
    let form = seed();
    let again = Form::from_json_str(&form.to_json_pretty()).expect("the written form reads back");
    assert_eq!(form, again);
    assert_eq!(engine::score(&again), engine::score(&form));
}

#[test]
fn seed_with_half_up_rate_prints_39_26() {
    // §2: half-up would print 39.26 %; the score 3.926 still rounds to 3.9.
    let mut form = seed();
    form.settings.insert("rate_rounding".into(), Value::String("half_up".into()));
    let r = engine::score(&form);
    assert_eq!(r.execution_rate.as_deref(), Some("39.26"));
    assert_eq!(r.budget_score.as_deref(), Some("3.9"));
}

#[test]
fn seed_at_four_rate_decimals() {
    // 3.49 / 8.89 × 100 = 39.25759280…: truncated 39.2575, half-up 39.2576.
    let mut form = seed();
    form.settings.insert("rate_decimals".into(), Value::from(4));
    assert_eq!(engine::score(&form).execution_rate.as_deref(), Some("39.2575"));
    form.settings.insert("rate_rounding".into(), Value::String("half_up".into()));
    assert_eq!(engine::score(&form).execution_rate.as_deref(), Some("39.2576"));
}

#[test]
fn seed_at_two_score_decimals() {
    // 10 × 39.25 % = 3.925 → 3.93 half-up at 2 decimals (exact decimal, not f64).
    let mut form = seed();
    form.settings.insert("score_decimals".into(), Value::from(2));
    let r = engine::score(&form);
    assert_eq!(r.budget_score.as_deref(), Some("3.93"));
    assert_eq!(r.total.as_deref(), Some("93.93"));
}

#[test]
fn level2_subtotals() {
    let r = scored();
    let got: Vec<(&str, &str, &str, &str)> = r
        .level2_subtotals
        .iter()
        .map(|s| (s.level1.as_str(), s.level2.as_str(), s.weight.as_str(), s.score.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("产出指标", "数量指标", "18", "18"),
            ("产出指标", "质量指标", "16", "16"),
            ("产出指标", "时效指标", "16", "16"),
            ("效益指标", "经济效益指标", "10", "10"),
            ("效益指标", "社会效益指标", "10", "10"),
            ("效益指标", "可持续影响指标", "10", "10"),
            ("满意度指标", "服务对象满意度指标", "10", "10"),
        ]
    );
}

#[test]
fn budget_row_has_an_explanation() {
    let r = scored();
    assert!(!r.budget_explanation.trim().is_empty());
    assert!(!r.budget_explanation.contains('\n'));
}
