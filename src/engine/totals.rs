//! Totals, subtotals, rescaling, the grade and the weight checks (`scoring.md` §5, §10 "Sums").

use super::budget::Budget;
use super::indicator::Row;
use super::{add, fmt, Ctx};
use crate::result::{IndicatorResult, IssueCode, Level2Subtotal, RowStatus, ScoreResult, Severity, Subtotal};
use rust_decimal::Decimal;

fn grade(total: Decimal, bands: &[Decimal; 3]) -> &'static str {
    if total >= bands[0] {
        "优"
    } else if total >= bands[1] {
        "良"
    } else if total >= bands[2] {
        "中"
    } else {
        "差"
    }
}

/// The 一级 groups of the weight check, by label.
const LEVEL1_GROUPS: &[(&str, &str, u32)] =
    &[("产出", "产出指标", 50), ("效益", "效益指标", 30), ("满意", "满意度指标", 10)];

pub(crate) fn totals(mut ctx: Ctx, budget: Budget, rows: Vec<Row>, results: Vec<IndicatorResult>) -> ScoreResult {
    // Each row is added once, to its 二级; the 一级 subtotals and the sums come from those
    // (a form has a dozen 二级 and hundreds of rows).
    let mut rescale = budget.excluded;
    let mut excluded_weights = Decimal::ZERO;
    let mut level2: Vec<(&str, &str, Decimal, Decimal)> = Vec::new();
    for r in &rows {
        let w = r.weight.unwrap_or(Decimal::ZERO);
        if r.excluded {
            rescale = true;
            excluded_weights = add(excluded_weights, w);
        }
        let s = r.score.unwrap_or(Decimal::ZERO);
        // Rows of a group usually follow each other: look at the last group first.
        match level2.iter_mut().rev().find(|x| x.1 == r.level2 && x.0 == r.level1) {
            Some(x) => {
                x.2 = add(x.2, w);
                x.3 = add(x.3, s);
            }
            None => level2.push((r.level1, r.level2, w, s)),
        }
    }
    let mut subtotals: Vec<(&str, Decimal, Decimal)> = Vec::new();
    for &(l1, _, w, s) in &level2 {
        match subtotals.iter_mut().find(|x| x.0 == l1) {
            Some(x) => {
                x.1 = add(x.1, w);
                x.2 = add(x.2, s);
            }
            None => subtotals.push((l1, w, s)),
        }
    }
    // Sums saturate: weights near the decimal's limit (28 digits) give a weights_sum error,
    // not an overflow.
    let mut all_weights = subtotals.iter().fold(Decimal::ZERO, |acc, x| add(acc, x.1));
    let mut sum = subtotals.iter().fold(Decimal::ZERO, |acc, x| add(acc, x.2));
    let mut denominator = add(all_weights, -excluded_weights);
    if let Some(w) = budget.weight {
        all_weights = add(all_weights, w);
        if !budget.excluded {
            denominator = add(denominator, w);
        }
    }
    if let Some(s) = budget.score {
        sum = add(sum, s);
    }

    // Weight checks.
    if all_weights != Decimal::ONE_HUNDRED {
        ctx.error(
            IssueCode::WeightsSum,
            "weights",
            format!(
                "分值合计为 {}（预算执行率 {} + 各项指标 {}），应为 100",
                fmt(all_weights),
                budget.weight.map(fmt).unwrap_or_else(|| "—".into()),
                fmt(add(all_weights, -budget.weight.unwrap_or_default()))
            ),
        );
    }
    if ctx.s.level1_weights_check {
        // Sum per group over the distinct 一级 labels (few), not per row.
        let group_sum = |key: &str| -> Decimal {
            subtotals.iter().filter(|x| x.0.contains(key)).fold(Decimal::ZERO, |acc, x| add(acc, x.1))
        };
        let cost = subtotals.iter().any(|x| x.0.contains("成本"));
        for (key, label, expected) in LEVEL1_GROUPS {
            let mut got = group_sum(key);
            let mut what = label.to_string();
            if *key == "产出" && cost {
                got = add(got, group_sum("成本"));
                what = "产出指标与成本指标".into();
            }
            if got != Decimal::from(*expected) {
                ctx.warning(
                    IssueCode::Level1Weights,
                    "weights",
                    format!("{}的分值合计为 {}，通常应为 {}", what, fmt(got), expected),
                );
            }
        }
    }

    let total = if rescale {
        if denominator > Decimal::ZERO {
            sum.checked_div(denominator).and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED)).map(|x| ctx.round(x))
        } else {
            None
        }
    } else {
        Some(sum)
    };
    let pending = results.iter().filter(|r| r.status == RowStatus::Pending).count() + usize::from(budget.pending);
    let complete = pending == 0 && !ctx.issues.iter().any(|i| i.severity == Severity::Error);
    ScoreResult {
        execution_rate: budget.rate,
        budget_score: budget.score.map(fmt),
        budget_explanation: budget.explanation,
        indicators: results,
        subtotals: subtotals
            .into_iter()
            .map(|(l, w, s)| Subtotal { level1: l.to_string(), weight: fmt(w), score: fmt(s) })
            .collect(),
        level2_subtotals: level2
            .into_iter()
            .map(|(l1, l2, w, s)| Level2Subtotal {
                level1: l1.to_string(),
                level2: l2.to_string(),
                weight: fmt(w),
                score: fmt(s),
            })
            .collect(),
        total: total.map(fmt),
        grade: total.map(|t| grade(t, &ctx.s.grade_bands).to_string()),
        complete,
        pending,
        issues: ctx.issues,
    }
}
