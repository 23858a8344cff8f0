//! Funds and the budget row (`scoring.md` §1, §2, §10 "Funds").

use super::{fmt, fmt_fixed, half_up, read_plain_decimal, read_weight, Ctx, Weight};
use crate::model::{Column, Form};
use crate::result::{IssueCode, Severity};
use crate::settings::{ReasonPolicy, ZeroBudget};
use rust_decimal::Decimal;

/// The budget row, as computed.
pub(crate) struct Budget {
    /// The 分值 when it reads as a number (valid or not): it counts in sums and checks.
    pub(crate) weight: Option<Decimal>,
    pub(crate) rate: Option<String>,
    pub(crate) score: Option<Decimal>,
    pub(crate) excluded: bool,
    pub(crate) pending: bool,
    pub(crate) explanation: String,
}

/// Reads one amount cell; reports `invalid_amount` / `negative_amount` at `path()` (made only
/// then: the CLI reads twelve amount cells a form). `Err(())` = bad cell.
fn amount(ctx: &mut Ctx, text: &str, path: &dyn Fn() -> String) -> Result<Option<Decimal>, ()> {
    match read_plain_decimal(text, false) {
        Ok(None) => Ok(None),
        Ok(Some(d)) => {
            if d.scale() > 6 {
                ctx.error(
                    IssueCode::InvalidAmount,
                    path(),
                    format!("“{}”小数位数过多：金额以万元为单位，最多保留 6 位小数", text.trim()),
                );
                Err(())
            } else if d.is_sign_negative() && !d.is_zero() {
                ctx.error(IssueCode::NegativeAmount, path(), format!("金额不能为负数（“{}”）", text.trim()));
                Err(())
            } else {
                Ok(Some(d))
            }
        }
        Err(msg) => {
            ctx.error(IssueCode::InvalidAmount, path(), format!("{}：金额只填数字，单位为万元", msg));
            Err(())
        }
    }
}

/// Where a funds column's 年度资金总额 comes from (§1, §10): the typed total when no source cell
/// has a value, otherwise the sum of the sources; `Invalid` when a source cell does not read
/// as an amount (the column then has no value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnTotal {
    Typed,
    Sum(Decimal),
    Invalid,
}

/// How the engine takes a funds column, for display (the app shows a derived total as such).
/// The same code as scoring: a view can never disagree with the score.
pub fn column_total(form: &Form, col: Column) -> ColumnTotal {
    let mut scratch = Ctx { s: crate::settings::Settings::default(), year: None, issues: Vec::new() };
    funds_column(&mut scratch, form, col).1
}

/// The value of one funds column (derived from the sources when any has a value) and where it
/// comes from.
fn funds_column(ctx: &mut Ctx, form: &Form, col: Column) -> (Option<Decimal>, ColumnTotal) {
    let mut bad = false;
    let mut sum = Decimal::ZERO;
    let mut any = false;
    for (i, src) in form.funds.sources.iter().enumerate() {
        match amount(ctx, src.amounts.get(col), &|| format!("funds.sources[{}].{}", i, col.key())) {
            Ok(Some(v)) => match sum.checked_add(v) {
                Some(x) => {
                    sum = x;
                    any = true;
                }
                None => bad = true,
            },
            Ok(None) => {}
            Err(()) => bad = true,
        }
    }
    let source = if bad {
        ColumnTotal::Invalid
    } else if any {
        ColumnTotal::Sum(sum)
    } else {
        ColumnTotal::Typed
    };
    let total_path = || format!("funds.total.{}", col.key());
    let typed = amount(ctx, form.funds.total.get(col), &total_path);
    if bad || typed.is_err() {
        return (None, source);
    }
    let typed = typed.unwrap_or(None);
    if !any {
        return (typed, source);
    }
    if let Some(t) = typed {
        if t != sum {
            ctx.warning(
                IssueCode::FundTotalMismatch,
                total_path(),
                format!(
                    "年度资金总额的{}填写为 {}，但各资金来源合计为 {}；按合计 {} 计算",
                    col.label(),
                    fmt(t),
                    fmt(sum),
                    fmt(sum)
                ),
            );
        }
    }
    (Some(sum), source)
}

pub(crate) fn score_budget(ctx: &mut Ctx, form: &Form) -> Budget {
    let Weight { counted, valid: weight } =
        read_weight(ctx, &form.funds.weight, Some(Decimal::TEN), || "funds.weight".into(), &"预算执行率");
    let _initial = funds_column(ctx, form, Column::Initial);
    let annual = funds_column(ctx, form, Column::Annual).0;
    let executed = funds_column(ctx, form, Column::Executed).0;

    let mut b = Budget {
        weight: counted,
        rate: None,
        score: None,
        excluded: false,
        pending: false,
        explanation: String::new(),
    };
    let (a, e) = match (annual, executed) {
        (Some(a), Some(e)) => (a, e),
        (a, _) => {
            let (path, what) = if a.is_none() {
                ("funds.total.annual", "全年预算数")
            } else {
                ("funds.total.executed", "全年执行数")
            };
            ctx.info(IssueCode::RowPending, path, format!("待填：年度资金总额的{}", what));
            b.pending = true;
            b.explanation = format!("待填：{}", what);
            return b;
        }
    };
    let Some(w) = weight else {
        ctx.info(IssueCode::RowPending, "funds.weight", "待填：预算执行率的分值");
        b.pending = true;
        b.explanation = "待填：分值".into();
        return b;
    };
    if a.is_zero() {
        if e.is_zero() {
            b.explanation = match ctx.s.zero_budget {
                ZeroBudget::Na => {
                    b.excluded = true;
                    "全年预算数与执行数均为 0：执行率不适用，本行不计分，总分按其余分值折算".into()
                }
                ZeroBudget::Full => {
                    b.score = Some(w);
                    format!("全年预算数与执行数均为 0：按设置得满分 {}", fmt(w))
                }
                ZeroBudget::Zero => {
                    b.score = Some(Decimal::ZERO);
                    "全年预算数与执行数均为 0：按设置得 0 分".into()
                }
            };
        } else {
            ctx.error(
                IssueCode::ExecutionWithoutBudget,
                "funds",
                format!("全年预算数为 0，却有全年执行数 {} 万元：请核对预算数", fmt(e)),
            );
            b.explanation = "全年预算数为 0 而有执行数，无法计算执行率".into();
        }
        return b;
    }
    let Some(rate) = e.checked_div(a).and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED)) else {
        ctx.error(IssueCode::InvalidAmount, "funds.total.executed", "金额过大，无法计算执行率");
        b.pending = true;
        return b;
    };
    let dp = ctx.s.rate_decimals;
    let rate_out = rate.round_dp_with_strategy(dp, ctx.s.rate_rounding.strategy());
    let capped = rate_out.min(Decimal::ONE_HUNDRED);
    let raw = super::times_ratio(w, capped, Decimal::ONE_HUNDRED);
    let score = ctx.final_score(raw, w);
    let rate_text = fmt_fixed(rate_out, dp);
    let how = match ctx.s.rate_rounding {
        crate::settings::RateRounding::Truncate => "截断",
        crate::settings::RateRounding::HalfUp => "四舍五入",
    };
    b.explanation = super::cat(&[
        &fmt(e),
        " ÷ ",
        &fmt(a),
        " = ",
        &fmt(half_up(rate, dp + 2)),
        "% → ",
        &rate_text,
        "%（",
        how,
        "）；",
        &fmt(w),
        " × ",
        &fmt(capped),
        "% = ",
        &fmt(raw),
        " → ",
        &fmt(score),
    ]);
    b.rate = Some(rate_text.clone());
    b.score = Some(score);

    let has_reason = !form.funds.reason.trim().is_empty();
    let flag = if rate_out > Decimal::ONE_HUNDRED {
        Some((
            IssueCode::ExecutionAboveBudget,
            format!("预算执行率 {}% 超过 100%，得分按满分 {} 计", rate_text, fmt(w)),
        ))
    } else if rate_out < Decimal::from(90) {
        Some((IssueCode::ExecutionBelow90, format!("预算执行率 {}% 低于 90%", rate_text)))
    } else {
        None
    };
    if let Some((code, msg)) = flag {
        if has_reason {
            ctx.info(code, "funds", format!("{}（已说明原因）", msg));
        } else {
            ctx.warning(code, "funds", format!("{}，请说明原因", msg));
            let required = code == IssueCode::ExecutionBelow90 && ctx.s.reason_below_90 == ReasonPolicy::Required;
            let sev = if required { Severity::Error } else { Severity::Warning };
            ctx.push(
                sev,
                IssueCode::ReasonMissing,
                "funds.reason",
                format!("请填写预算执行偏差的原因（执行率 {}%）", rate_text),
            );
        }
    }
    b
}
