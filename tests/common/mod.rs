//! Helpers shared by the native spec tests: small forms built as JSON, run through the public
//! API, and assertions on issues. Amounts stay decimal here too.
#![allow(dead_code)]

use rust_decimal::Decimal;
use serde_json::{json, Value};
use ziping::engine;
use ziping::model::Form;
use ziping::result::{IndicatorResult, IssueCode, ScoreResult, Severity};

/// A form with a budget row of 10 at 100 % execution (score 10), year 2021, profile mof.
pub fn base() -> Value {
    json!({
        "schema": "ziping.self-eval/1",
        "year": 2021,
        "project": "测试项目",
        "department": "测试部门",
        "implementer": "测试单位",
        "profile": "mof",
        "settings": {},
        "funds": {
            "weight": "10",
            "total": { "initial": "100", "annual": "100", "executed": "100" },
            "sources": [],
            "reason": ""
        },
        "goals": { "expected": "", "achieved": "" },
        "indicators": []
    })
}

/// An indicator row under 产出指标 / 数量指标.
pub fn row(target: &str, actual: &str, weight: &str) -> Value {
    json!({
        "level1": "产出指标", "level2": "数量指标", "name": "测试指标",
        "target": target, "actual": actual, "weight": weight,
        "method": "auto", "tier": null, "score": null, "reason": ""
    })
}

pub fn set(mut v: Value, key: &str, val: Value) -> Value {
    v.as_object_mut().unwrap().insert(key.into(), val);
    v
}

pub fn weight_of(r: &Value) -> Decimal {
    match &r["weight"] {
        Value::String(s) => s.parse().unwrap_or_default(),
        Value::Number(n) => n.to_string().parse().unwrap_or_default(),
        _ => Decimal::ZERO,
    }
}

/// `rows` first (so that they keep indices 0, 1, …), then full-scoring qualitative fillers that
/// bring 产出 / 效益 / 满意度 to 50 / 30 / 10, so that Σ 分值 = 100 with the budget row.
pub fn filled(rows: Vec<Value>) -> Vec<Value> {
    let mut out = rows.clone();
    for (key, l1, l2, expected) in [
        ("产出", "产出指标", "数量指标", 50),
        ("效益", "效益指标", "社会效益指标", 30),
        ("满意", "满意度指标", "服务对象满意度指标", 10),
    ] {
        let got: Decimal = rows
            .iter()
            .filter(|r| {
                let l = r["level1"].as_str().unwrap_or("");
                l.contains(key) || (key == "产出" && l.contains("成本"))
            })
            .map(weight_of)
            .sum();
        let rest = Decimal::from(expected) - got;
        if rest > Decimal::ZERO {
            let mut f = row("完成", "完成", &rest.normalize().to_string());
            f["level1"] = json!(l1);
            f["level2"] = json!(l2);
            f["name"] = json!("填充指标");
            out.push(f);
        }
    }
    out
}

/// A form holding `rows` plus fillers (weights sum to 100).
pub fn form_with(rows: Vec<Value>) -> Value {
    let mut f = base();
    f["indicators"] = Value::Array(filled(rows));
    f
}

pub fn run(v: Value) -> ScoreResult {
    let form = Form::from_json_value(v).expect("a valid form");
    engine::score(&form)
}

pub fn ind(r: &ScoreResult, index: usize) -> &IndicatorResult {
    r.indicators.iter().find(|x| x.index == index).unwrap_or_else(|| panic!("no result for indicator {index}: {r:#?}"))
}

pub fn dump(r: &ScoreResult) -> String {
    r.issues
        .iter()
        .map(|i| format!("  {:?} {} @ {} — {}", i.severity, i.code, i.path, i.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `code`, once checked to be a code of `scoring.md` §8: a misspelt code would make a check
/// for its absence pass.
#[track_caller]
fn known(code: &str) -> &str {
    assert!(IssueCode::from_name(code).is_some(), "{code} is not an issue code (scoring.md §8)");
    code
}

#[track_caller]
pub fn has(r: &ScoreResult, sev: Severity, code: &str, path: &str) -> bool {
    let code = known(code);
    r.issues.iter().any(|i| i.severity == sev && i.code.as_str() == code && i.path == path)
}

#[track_caller]
pub fn assert_issue(r: &ScoreResult, sev: Severity, code: &str, path: &str) {
    assert!(has(r, sev, code, path), "expected {sev:?} {code} @ {path}; issues:\n{}", dump(r));
}

#[track_caller]
pub fn assert_no_code(r: &ScoreResult, code: &str) {
    let code = known(code);
    assert!(!r.issues.iter().any(|i| i.code.as_str() == code), "unexpected {code}; issues:\n{}", dump(r));
}

/// The issues of indicator `i` (path `indicators[i]` or below), sorted.
pub fn row_issues(r: &ScoreResult, i: usize) -> Vec<(Severity, String, String)> {
    let p = format!("indicators[{i}]");
    let mut v: Vec<_> = r
        .issues
        .iter()
        .filter(|x| x.path == p || x.path.starts_with(&format!("{p}.")))
        .map(|x| (x.severity, x.code.to_string(), x.path.clone()))
        .collect();
    v.sort();
    v
}

#[track_caller]
pub fn iss(sev: Severity, code: &str, path: &str) -> (Severity, String, String) {
    let code = known(code);
    (sev, code.to_string(), path.to_string())
}

#[track_caller]
pub fn assert_row_issues(r: &ScoreResult, i: usize, mut expected: Vec<(Severity, String, String)>) {
    expected.sort();
    assert_eq!(row_issues(r, i), expected, "issues of indicators[{i}]; all issues:\n{}", dump(r));
}
