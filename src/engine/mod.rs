//! The scoring engine (`scoring.md` §2–§10): budget row, indicator rows, reasons, totals,
//! grade and completeness. Exact decimal arithmetic throughout; every quotient is computed
//! once and rounded once.
//!
//! Choices where the spec is silent (documented here, as the spec asks):
//! - Amount cells accept what a person types around a number: full-width digits, spaces and
//!   thousands separators; anything else (units, 万) is `invalid_amount`. A 分值 may end in 分.
//! - `execution_without_budget` stands at `funds`; the budget row then has no score but still
//!   counts in the rescale denominator.
//! - On an equal or range row above the target, `deviation` is raised, and `over_achievement`
//!   as well once the threshold is reached: both describe the row, each asks for the reason.
//! - `invalid_tier` is reported only on rows scored by tier (elsewhere the tier is not read).
//! - A valid manual score replaces a computed score, and a score that could not be computed
//!   for want of a tier or of a manual-mode decision; it does not replace a row whose
//!   weight, target or actual is missing or unreadable (those are pending whatever is typed).
//! - The 一级 groups of the weight check are recognised by their label: 产出, 效益, 满意,
//!   成本 anywhere in it.
//! - §11 readings (what real forms write):
//!   - a zero written as words is shown as `实际完成值「无上访」按 0 次计` (a text unit gets a
//!     space before it, `%` none, as people write them); under a method that is not numeric
//!     (qualitative) the words are read as text, as written;
//!   - a tier named in the actual is shown with the actual's words up to the first
//!     punctuation (`达成预期指标，效果良好` → 「达成预期指标」), and selects the tier only
//!     where none is chosen; it never bounds a typed score;
//!   - a target that says 不适用 (`/`, `—`, …) with a 分值 is a not_applicable row (its 分值
//!     counts in Σ 分值, as a chosen 不适用 does); with an empty or `/` 分值 it is a
//!     placeholder (no result at all);
//!   - a breakdown row (其中…, empty 分值) gets a result (status not_applicable) so that the
//!     app and the print view show it under its parent; a 其中 row *with* a 分值 is an ordinary
//!     indicator (the unit scored it);
//!   - under 时效指标 a bare date (or a date that would read as a number, `12月底`) is a
//!     deadline whenever the form's year makes it a day; a bare `15号` without a month is not a
//!     date (nothing says which month).
//! - Full marks show w at any score_decimals (`11.04`), also for a typed score equal to w and
//!   the achieved tier; a form's total is then the sum as printed (`71.96` at 0 decimals).

//!
//! One file per concern: `budget` (funds and the budget row, §1–§2), `indicator` (one row, §3–§4,
//! §10), `totals` (sums, rescaling, grade and weight checks, §5).

mod budget;
pub use budget::{column_total, ColumnTotal};
mod indicator;
mod totals;

use crate::model::Form;
use crate::result::{IndicatorResult, Issue, IssueCode, ScoreResult, Severity};
use crate::settings::Settings;
use crate::value;
pub(crate) use crate::value::push_usize;
use rust_decimal::{Decimal, RoundingStrategy};

/// A scoring method (`scoring.md` §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Positive,
    Reverse,
    Equal,
    Range,
    Deadline,
    Qualitative,
    Manual,
    NotApplicable,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Positive,
        Method::Reverse,
        Method::Equal,
        Method::Range,
        Method::Deadline,
        Method::Qualitative,
        Method::Manual,
        Method::NotApplicable,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Method::Positive => "positive",
            Method::Reverse => "reverse",
            Method::Equal => "equal",
            Method::Range => "range",
            Method::Deadline => "deadline",
            Method::Qualitative => "qualitative",
            Method::Manual => "manual",
            Method::NotApplicable => "not_applicable",
        }
    }
    /// Chinese name for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Method::Positive => "正向（越高越好）",
            Method::Reverse => "反向（越低越好）",
            Method::Equal => "等于",
            Method::Range => "区间",
            Method::Deadline => "时限",
            Method::Qualitative => "定性（分档）",
            Method::Manual => "人工评分",
            Method::NotApplicable => "不适用",
        }
    }
    pub fn from_key(k: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == k)
    }
}

/// A qualitative tier (官方 three tiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Achieved,
    Partial,
    NotAchieved,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Achieved, Tier::Partial, Tier::NotAchieved];
    pub fn key(self) -> &'static str {
        match self {
            Tier::Achieved => "achieved",
            Tier::Partial => "partial",
            Tier::NotAchieved => "not_achieved",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Tier::Achieved => "达成年度指标",
            Tier::Partial => "部分达成年度指标并具有一定效果",
            Tier::NotAchieved => "未达成年度指标且效果较差",
        }
    }
    pub fn from_key(k: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.key() == k)
    }
    /// Default share of the weight: 1, 0.7, 0.3.
    fn default_share(self) -> Decimal {
        match self {
            Tier::Achieved => Decimal::ONE,
            Tier::Partial => Decimal::new(7, 1),
            Tier::NotAchieved => Decimal::new(3, 1),
        }
    }
    /// Whether `s` lies in the tier's range for weight `w`: [0.8w, w], [0.6w, 0.8w), [0, 0.6w).
    fn contains(self, s: Decimal, w: Decimal) -> bool {
        let (p8, p6) = (w * Decimal::new(8, 1), w * Decimal::new(6, 1));
        match self {
            Tier::Achieved => s >= p8 && s <= w,
            Tier::Partial => s >= p6 && s < p8,
            Tier::NotAchieved => s >= Decimal::ZERO && s < p6,
        }
    }
    fn range_text(self, w: Decimal) -> String {
        let (p8, p6) = (fmt(w * Decimal::new(8, 1)), fmt(w * Decimal::new(6, 1)));
        match self {
            Tier::Achieved => format!("{}–{}", p8, fmt(w)),
            Tier::Partial => format!("{}（含）至 {}（不含）", p6, p8),
            Tier::NotAchieved => format!("0 至 {}（不含）", p6),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/// A decimal without trailing zeros (`10`, `3.9`).
pub fn fmt(d: Decimal) -> String {
    if d.is_zero() {
        return "0".into();
    }
    d.normalize().to_string()
}

/// Concatenates the parts into one string.
pub(crate) fn cat(parts: &[&str]) -> String {
    parts.concat()
}

/// An exact intermediate value for an explanation: as it is, or cut after `places` places
/// and followed by `…` when it has more (`3.3333…`), never rounded (§3).
pub(crate) fn show_cut(d: Decimal, places: u32) -> String {
    let d = d.normalize();
    if d.scale() > places {
        format!("{}…", d.round_dp_with_strategy(places, RoundingStrategy::ToZero))
    } else {
        fmt(d)
    }
}

/// A decimal with exactly `dp` places (`39.25`, `110.00`).
pub fn fmt_fixed(d: Decimal, dp: u32) -> String {
    let mut x = half_up(d, dp);
    x.rescale(dp);
    if x.is_zero() {
        x = Decimal::ZERO;
        x.rescale(dp);
    }
    x.to_string()
}

/// `w × a ÷ t`, exact as written when the product fits in a decimal; for numbers near the
/// decimal's limit (28 digits) `(a ÷ t) × w` instead, and 0 when neither fits (only absurd
/// cells get there, e.g. a negative target with the method forced to 正向). Never panics.
/// Not inlined: the checked operations are kilobytes of the browser bundle at each call site.
#[inline(never)]
pub(crate) fn times_ratio(w: Decimal, a: Decimal, t: Decimal) -> Decimal {
    w.checked_mul(a)
        .and_then(|x| x.checked_div(t))
        .or_else(|| a.checked_div(t).and_then(|r| r.checked_mul(w)))
        .unwrap_or(Decimal::ZERO)
}

/// `a + b`, saturating at the decimal's limits (weights near 10²⁸ give a weights_sum error,
/// not an overflow).
pub(crate) fn add(a: Decimal, b: Decimal) -> Decimal {
    a.saturating_add(b)
}

pub(crate) fn half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Reads a plain decimal as people type it into an amount or score cell.
/// `Err` carries the Chinese reason.
pub(crate) fn read_plain_decimal(text: &str, allow_fen: bool) -> Result<Option<Decimal>, String> {
    let norm = value::normalized(text);
    let mut s: &str = &norm;
    if allow_fen {
        s = s.strip_suffix('分').unwrap_or(s);
    }
    if s.is_empty() {
        return Ok(None);
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits_ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let ok = match frac {
        None => digits_ok(int),
        Some(f) => digits_ok(f) && (int.is_empty() || digits_ok(int)),
    };
    if !ok {
        return Err(format!("“{}”不是有效数字", text.trim()));
    }
    s.strip_prefix('+')
        .unwrap_or(s)
        .parse::<Decimal>()
        .map(Some)
        .map_err(|_| format!("“{}”位数过多，无法精确计算", text.trim()))
}

/// A 分值 as typed. `counted` is any number (it counts in Σ 分值 and the checks, §10); `valid`
/// is one above 0, that a row can be scored with.
pub(crate) struct Weight {
    pub(crate) counted: Option<Decimal>,
    pub(crate) valid: Option<Decimal>,
}

/// Reads a 分值 for the row `who` names; an empty one is `default` (the budget row's 10) or,
/// without a default, an error like any weight that is not above 0: `invalid_weight` at `path`.
pub(crate) fn read_weight(
    ctx: &mut Ctx,
    text: &str,
    default: Option<Decimal>,
    path: impl FnOnce() -> String,
    who: &dyn std::fmt::Display,
) -> Weight {
    let parsed = read_plain_decimal(text, true);
    let counted = parsed.as_ref().ok().copied().flatten().or(default);
    let valid = match parsed {
        Ok(Some(w)) if w > Decimal::ZERO => Some(w),
        Ok(None) if default.is_some() => default,
        Ok(Some(w)) => {
            ctx.error(IssueCode::InvalidWeight, path(), format!("{}的分值应大于 0（“{}”）", who, fmt(w)));
            None
        }
        Ok(None) => {
            ctx.error(IssueCode::InvalidWeight, path(), format!("{}还没有填写分值", who));
            None
        }
        Err(msg) => {
            ctx.error(IssueCode::InvalidWeight, path(), format!("{}的分值{}", who, msg));
            None
        }
    };
    Weight { counted, valid }
}

// ---------------------------------------------------------------------------------------------
// The engine

pub(crate) struct Ctx {
    pub(crate) s: Settings,
    pub(crate) year: Option<i32>,
    pub(crate) issues: Vec<Issue>,
}

impl Ctx {
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        code: IssueCode,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.issues.push(Issue { severity, code, path: path.into(), message: message.into() });
    }
    pub(crate) fn error(&mut self, code: IssueCode, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, code, path, message)
    }
    pub(crate) fn warning(&mut self, code: IssueCode, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, code, path, message)
    }
    pub(crate) fn info(&mut self, code: IssueCode, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Info, code, path, message)
    }
    pub(crate) fn round(&self, d: Decimal) -> Decimal {
        d.round_dp_with_strategy(self.s.score_decimals, self.s.score_rounding.strategy())
    }
    /// A row score: rounded once, never below 0, never above the weight; full marks (or more)
    /// show the weight as it is, whatever the decimals (`11.04` at 0 decimals stays 11.04, §10).
    pub(crate) fn final_score(&self, raw: Decimal, w: Decimal) -> Decimal {
        if raw >= w {
            return w;
        }
        let r = self.round(raw);
        if r <= Decimal::ZERO {
            Decimal::ZERO
        } else if r > w {
            w
        } else {
            r
        }
    }
    /// A quotient shown in an explanation, exactly (§3: `= 1.946 → 1.9`, never `= 1.95`), cut
    /// after score_decimals + 3 places and followed by `…` when it has more (`3.3333…`).
    pub(crate) fn show_raw(&self, d: Decimal) -> String {
        show_cut(d, self.s.score_decimals + 3)
    }
}

/// Scores a form.
pub fn score(form: &Form) -> ScoreResult {
    let (s, issues) = Settings::resolve(&form.profile, &form.settings);
    let mut ctx = Ctx { s, year: form.year_number(), issues };

    let budget = budget::score_budget(&mut ctx, form);
    let mut rows: Vec<indicator::Row> = Vec::with_capacity(form.indicators.len());
    let mut results: Vec<IndicatorResult> = Vec::with_capacity(form.indicators.len());
    ctx.issues.reserve(8 + form.indicators.len() / 2);
    for (i, ind) in form.indicators.iter().enumerate() {
        if ind.is_placeholder() {
            continue;
        }
        // A breakdown row (其中…) is shown, never scored: no row for the totals (§11).
        if ind.is_breakdown() {
            results.push(IndicatorResult {
                index: i,
                method: Some(Method::NotApplicable.key()),
                status: crate::result::RowStatus::NotApplicable,
                score: None,
                explanation: "明细行，不计分".into(),
            });
            continue;
        }
        results.push(IndicatorResult::pending(i));
        let result = results.last_mut().expect("just pushed");
        rows.push(indicator::score_indicator(&mut ctx, i, ind, result));
    }
    totals::totals(ctx, budget, rows, results)
}

/// The result for a document that could not be read: nothing is scored.
pub fn unreadable(err: &crate::model::ReadError) -> ScoreResult {
    ScoreResult {
        execution_rate: None,
        budget_score: None,
        budget_explanation: String::new(),
        indicators: Vec::new(),
        subtotals: Vec::new(),
        level2_subtotals: Vec::new(),
        total: None,
        grade: None,
        complete: false,
        pending: 0,
        issues: vec![Issue {
            severity: Severity::Error,
            // A read error's code is always `invalid_form` or `unknown_schema`.
            code: err.code,
            path: err.path.clone(),
            message: err.message.clone(),
        }],
    }
}

/// Reads and scores a JSON document. For one that cannot be read, [`unreadable`] gives the
/// result that stands for it (nothing scored).
pub fn score_json(text: &str) -> Result<ScoreResult, crate::model::ReadError> {
    Form::from_json_str(text).map(|form| score(&form))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_matches_normalized_display() {
        for t in [
            "0",
            "0.000",
            "-0.0",
            "10",
            "10.00",
            "3.9",
            "3.90",
            "0.05",
            "-0.05",
            "123456.789000",
            "1e-7",
            "-12.5",
            "79228162514264337593543950335",
        ] {
            let d = Decimal::from_scientific(t).or_else(|_| t.parse::<Decimal>()).unwrap();
            let expected = if d.is_zero() { "0".to_string() } else { d.normalize().to_string() };
            assert_eq!(fmt(d), expected, "{t}");
        }
        assert_eq!(fmt_fixed("39.25".parse().unwrap(), 2), "39.25");
        assert_eq!(fmt_fixed("110".parse().unwrap(), 2), "110.00");
        assert_eq!(fmt_fixed("86".parse().unwrap(), 0), "86");
    }

    #[test]
    fn plain_decimals() {
        assert_eq!(read_plain_decimal("5.", false).map_err(|_| ()), Err(()));
        assert_eq!(read_plain_decimal("0.90", false), Ok(Some(Decimal::new(90, 2))));
    }

    #[test]
    fn rust_decimal_rounds_as_the_spec_needs() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(half_up(d("3.925"), 2), d("3.93"));
        assert_eq!(half_up(d("3.925"), 1), d("3.9"));
        assert_eq!(half_up(d("8.125"), 2), d("8.13"));
        assert_eq!(half_up(d("8.125"), 1), d("8.1"));
        assert_eq!(half_up(d("8.15"), 1), d("8.2"));
        assert_eq!(d("39.2576").round_dp_with_strategy(2, RoundingStrategy::ToZero), d("39.25"));
    }
}
