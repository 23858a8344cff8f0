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
    for (target, actual) in
        [("10万-20万元", "15万元"), ("1万-2万元", "1.5万元"), ("90万~105万元", "100万元"), ("10万至20万元", "200000元")]
    {
        let r = one(row(target, actual, "10"));
        let x = ind(&r, 0);
        assert_eq!(
            (x.method, x.status, x.score.as_deref()),
            (Some("range"), RowStatus::Scored, Some("10")),
            "{target} / {actual}: {x:?}\n{}",
            dump(&r)
        );
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
    assert_eq!(
        (ind(&r, 0).status, ind(&r, 0).score.as_deref()),
        (RowStatus::Manual, Some("11.04")),
        "{:?}",
        ind(&r, 0)
    );
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
    assert_eq!(
        row_issues(&r, 0).iter().filter(|i| i.1 == "row_pending").collect::<Vec<_>>(),
        vec![&(Severity::Info, "row_pending".to_string(), "indicators[0].target".to_string())]
    );

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

// ---------------------------------------------------------------------------------------------
// §1: amount, 分值 and score cells are normalised

#[test]
fn amount_weight_and_score_cells_are_normalised() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": "1,000", "annual": "1,000", "executed": "９００" });
    let r = run(f);
    assert_eq!(r.execution_rate.as_deref(), Some("90.00"), "{}", dump(&r));
    assert_no_code(&r, "invalid_amount");

    let mut x = row("≥95%", "90%", "10.5分");
    x["score"] = json!("9分");
    x["reason"] = json!("原因");
    let r = one(x);
    assert_no_code(&r, "invalid_weight");
    assert_no_code(&r, "manual_score_invalid");
    assert_eq!(ind(&r, 0).score.as_deref(), Some("9"), "{:?}\n{}", ind(&r, 0), dump(&r));
    // Other text is still refused, each with its code.
    let r = one(row("≥95%", "90%", "10元"));
    assert_issue(&r, Severity::Error, "invalid_weight", "indicators[0].weight");
    let mut f = form_with(vec![]);
    f["funds"]["total"]["annual"] = json!("100万");
    assert_issue(&run(f), Severity::Error, "invalid_amount", "funds.total.annual");
}

#[test]
fn level1_weights_check_takes_booleans() {
    for (v, checked) in [
        (json!(false), false),
        (json!("false"), false),
        (json!(true), true),
        (json!("true"), true),
        (json!("off"), false),
    ] {
        let mut x = row("≥95%", "100%", "90");
        x["level1"] = json!("产出指标");
        let f = set(set(base(), "indicators", json!([x])), "settings", json!({ "level1_weights_check": v.clone() }));
        let r = run(f);
        assert_no_code(&r, "invalid_setting");
        assert_eq!(r.issues.iter().any(|i| i.code.as_str() == "level1_weights"), checked, "{v}: {}", dump(&r));
    }
}

// ---------------------------------------------------------------------------------------------
// §2: the budget reason

#[test]
fn a_required_budget_reason_is_an_error_at_funds_reason() {
    let mut f = form_with(vec![]);
    f["funds"]["total"] = json!({ "initial": "100", "annual": "100", "executed": "50" });
    f["profile"] = json!("sichuan");
    let r = run(f);
    assert_issue(&r, Severity::Error, "reason_missing", "funds.reason");
    assert_issue(&r, Severity::Warning, "execution_below_90", "funds");
}

// ---------------------------------------------------------------------------------------------
// §3: explanations show the exact quotient

#[test]
fn explanations_show_the_exact_quotient() {
    let r = one(row("≥100.00%", "97.30%", "2"));
    assert!(ind(&r, 0).explanation.ends_with("= 1.946 → 1.9"), "{}", ind(&r, 0).explanation);
    let r = one(row("≥3", "1", "10"));
    assert!(ind(&r, 0).explanation.ends_with("= 3.3333… → 3.3"), "{}", ind(&r, 0).explanation);
}

// ---------------------------------------------------------------------------------------------
// §11: readings seen on real forms

#[test]
fn operator_look_alikes() {
    for (target, method) in [
        ("═100%", "equal"),
        ("〓100%", "equal"),
        ("\u{2039}=5%", "reverse"),
        ("\u{203A}=95%", "positive"),
        ("≯5%", "reverse"),
        ("≮95%", "positive"),
    ] {
        let r = one(row(target, "100%", "10"));
        assert_eq!(ind(&r, 0).method, Some(method), "{target}: {:?}", ind(&r, 0));
    }
}

#[test]
fn an_actual_repeating_the_operator_is_the_number() {
    let r = one(row("≥250米", "≥266米", "10"));
    assert_eq!((ind(&r, 0).status, ind(&r, 0).score.as_deref()), (RowStatus::Scored, Some("10")));
    assert_no_code(&r, "actual_unparseable");
}

#[test]
fn zero_written_as_words() {
    for actual in ["无上访", "无", "未发生", "零", "没有", "无安全事故"] {
        let r = one(row("≤0次", actual, "10"));
        let x = ind(&r, 0);
        assert_eq!((x.status, x.score.as_deref()), (RowStatus::Scored, Some("10")), "{actual}: {x:?}\n{}", dump(&r));
        assert!(x.explanation.starts_with(&format!("实际完成值「{actual}」按 0 次计")), "{}", x.explanation);
    }
    let r = one(row("≥95%", "无", "10"));
    assert_eq!(ind(&r, 0).score.as_deref(), Some("0"));
    assert!(ind(&r, 0).explanation.starts_with("实际完成值「无」按 0% 计"), "{}", ind(&r, 0).explanation);
    // 无法… is no zero: it is text.
    let r = one(row("≤0次", "无法统计", "10"));
    assert_issue(&r, Severity::Error, "actual_unparseable", "indicators[0].actual");
    let r = one(row("≤0次", "无3次", "10"));
    assert_issue(&r, Severity::Error, "actual_unparseable", "indicators[0].actual");
}

#[test]
fn tiers_written_as_the_actual() {
    for (actual, score) in [
        ("达成预期指标", "10"),
        ("部分达成预期指标", "7"),
        ("未达成预期指标", "3"),
        ("未达成年度指标", "3"),
        ("已达成", "10"),
        ("全部达成", "10"),
        ("达成目标", "10"),
        ("达成预期指标，效果良好", "10"),
    ] {
        let mut x = row("服务质量提升", actual, "10");
        x["reason"] = json!("原因");
        let r = one(x);
        let x = ind(&r, 0);
        assert_eq!((x.status, x.score.as_deref()), (RowStatus::Scored, Some(score)), "{actual}: {x:?}");
        assert!(x.explanation.starts_with("实际完成值写作档次「"), "{}", x.explanation);
    }
    assert!(ind(&one(row("服务质量提升", "达成预期指标，效果良好", "10")), 0)
        .explanation
        .starts_with("实际完成值写作档次「达成预期指标」"));
    // 基本达成… names no tier: pending.
    let r = one(row("服务质量提升", "基本达成预期", "10"));
    assert_eq!(ind(&r, 0).status, RowStatus::Pending);
    // A chosen tier wins over the wording, and only a chosen tier bounds a typed score.
    let mut x = row("服务质量提升", "达成预期指标", "10");
    x["tier"] = json!("partial");
    x["reason"] = json!("原因");
    assert_eq!(ind(&one(x), 0).score.as_deref(), Some("7"));
    let mut x = row("服务质量提升", "达成预期指标", "10");
    x["score"] = json!("5");
    x["reason"] = json!("原因");
    let r = one(x);
    assert_no_code(&r, "manual_score_out_of_tier");
    assert_eq!((ind(&r, 0).status, ind(&r, 0).score.as_deref()), (RowStatus::Manual, Some("5")));
}

fn timely(target: &str, actual: &str) -> serde_json::Value {
    let mut x = row(target, actual, "10");
    x["level2"] = json!("时效指标");
    x
}

#[test]
fn bare_dates_are_deadlines_under_timeliness() {
    for (target, actual, score) in
        [("2023年12月", "2023年11月", "10"), ("12月底", "2021年12月", "10"), ("2022年6月30日", "2022年6月30日", "10")]
    {
        let mut f = form_with(vec![timely(target, actual)]);
        f["year"] = json!(2022);
        let r = run(f);
        assert_eq!(
            (ind(&r, 0).method, ind(&r, 0).score.as_deref()),
            (Some("deadline"), Some(score)),
            "{target}: {:?}",
            ind(&r, 0)
        );
    }
    // Outside 时效指标 a bare date stays qualitative.
    let r = one(row("2023年12月", "2023年11月", "10"));
    assert_eq!(ind(&r, 0).method, Some("qualitative"));
}

#[test]
fn more_actual_date_forms() {
    for actual in [
        "2021年12月底",
        "2021年底",
        "12月15号",
        "已于2021年11月完成",
        "2021年11月完成",
        "2021年11月前完成",
        "准时完成",
        "按期完成",
        "11月",
    ] {
        let r = one(timely("2021年12月底前", actual));
        let x = ind(&r, 0);
        assert_eq!((x.method, x.score.as_deref()), (Some("deadline"), Some("10")), "{actual}: {x:?}");
    }
    // Not on time when it also says 未, 没有 or 不.
    for actual in ["未按时完成", "没有按期完成", "不能按时完成"] {
        let r = one(timely("2021年12月底前", actual));
        assert_eq!(ind(&r, 0).status, RowStatus::Pending, "{actual}: {:?}", ind(&r, 0));
    }
}

#[test]
fn slash_rows_are_not_applicable_never_full_marks() {
    for target in ["/", "／", "—", "-", "无", "不适用"] {
        let r = one(row(target, "/", "5"));
        let x = ind(&r, 0);
        assert_eq!(
            (x.method, x.status, x.score.as_deref()),
            (Some("not_applicable"), RowStatus::NotApplicable, None),
            "{target}: {x:?}"
        );
        assert!(x.explanation.contains("不适用"), "{}", x.explanation);
    }
    // With an empty or `/` 分值 the row is ignored like a placeholder: no invalid_weight.
    for weight in ["", "/"] {
        let r = one(row("/", "/", weight));
        assert!(r.indicators.iter().all(|x| x.index != 0), "{:?}", r.indicators.first());
        assert_no_code(&r, "invalid_weight");
    }
}

#[test]
fn breakdown_rows_are_shown_never_scored() {
    let mut parent = row("≥2亩", "2亩", "10");
    parent["name"] = json!("种植面积");
    let mut detail = row("1.5亩", "1.5亩", "");
    detail["name"] = json!("其中桃树种植面积");
    detail["level1"] = json!("其他一级");
    let r = one_of(vec![parent, detail]);
    let x = ind(&r, 1);
    assert_eq!(
        (x.method, x.status, x.score.as_deref(), x.explanation.as_str()),
        (Some("not_applicable"), RowStatus::NotApplicable, None, "明细行，不计分")
    );
    assert!(row_issues(&r, 1).is_empty(), "{:?}", row_issues(&r, 1));
    assert!(r.subtotals.iter().all(|s| s.level1 != "其他一级"), "no subtotal entry: {:?}", r.subtotals);
    assert!(r.complete, "{}", dump(&r));
    assert_eq!(r.total.as_deref(), Some("100"));
}

fn one_of(rows: Vec<serde_json::Value>) -> ziping::result::ScoreResult {
    run(form_with(rows))
}

// ---------------------------------------------------------------------------------------------
// §3, §7: score_rounding

#[test]
fn score_rounding_down_cuts_toward_zero() {
    // 10 × 9.78 ÷ 10 = 9.78: 10 at 0 decimals half-up, 9 cut down (some provinces print 9).
    let mut x = row("≥10", "9.78", "10");
    x["reason"] = json!("原因");
    for (rounding, want) in [(json!("half_up"), "10"), (json!("down"), "9")] {
        let f = set(form_with(vec![x.clone()]), "settings", json!({ "score_decimals": 0, "score_rounding": rounding }));
        let r = run(f);
        assert_no_code(&r, "invalid_setting");
        assert_eq!(
            ind(&r, 0).score.as_deref(),
            Some(if want == "10" { "10" } else { "9" }),
            "{rounding}: {:?}",
            ind(&r, 0)
        );
    }
    // The budget row and the rescaled total follow it too: 10 × 39.25% = 3.925 → 3 (down, 0 decimals).
    let mut f = set(form_with(vec![]), "settings", json!({ "score_decimals": 0, "score_rounding": "down" }));
    f["funds"]["total"] = json!({ "initial": "8.89", "annual": "8.89", "executed": "3.49" });
    f["funds"]["reason"] = json!("原因");
    assert_eq!(run(f).budget_score.as_deref(), Some("3"));
    let f = set(form_with(vec![]), "settings", json!({ "score_rounding": "nearest" }));
    assert_issue(&run(f), Severity::Error, "invalid_setting", "settings.score_rounding");
}
