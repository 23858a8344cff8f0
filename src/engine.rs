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

use crate::model::{Column, Form, Indicator};
use crate::result::{IndicatorResult, Issue, Level2Subtotal, RowStatus, ScoreResult, Severity, Subtotal};
use crate::settings::{EqualMode, ReasonPolicy, ReverseMode, Settings, ZeroBudget};
use crate::value::{self, Op, Quantity, Value};
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
    // Written by hand from mantissa and scale into a stack buffer: Decimal's Display is a hot
    // spot when a form of hundreds of rows is scored on every keystroke.
    let (m, mut scale) = (d.mantissa(), d.scale() as usize);
    if m == 0 {
        return "0".into();
    }
    let Ok(mut u) = u64::try_from(m.unsigned_abs()) else {
        return d.normalize().to_string();
    };
    while scale > 0 && u % 10 == 0 {
        u /= 10;
        scale -= 1;
    }
    // 39 digits, a point, leading zeros up to the scale (≤ 28) and a sign.
    let mut buf = [0u8; 72];
    let mut i = buf.len();
    let mut written = 0;
    while u > 0 || written <= scale {
        if written == scale && scale > 0 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        written += 1;
        if u == 0 && written > scale {
            break;
        }
    }
    if m < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    String::from_utf8_lossy(&buf[i..]).into_owned()
}

/// Concatenates the parts into one string, allocated once (explanations are built on every
/// keystroke, and `format!` costs several times more).
fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// A decimal with exactly `dp` places (`39.25`, `110.00`).
pub fn fmt_fixed(d: Decimal, dp: u32) -> String {
    let mut x = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    x.rescale(dp);
    if x.is_zero() {
        x = Decimal::ZERO;
        x.rescale(dp);
    }
    x.to_string()
}

fn half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Reads a plain decimal as people type it into an amount or score cell.
/// `Err` carries the Chinese reason.
fn read_plain_decimal(text: &str, allow_fen: bool) -> Result<Option<Decimal>, String> {
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
    s.strip_prefix('+').unwrap_or(s).parse::<Decimal>().map(Some).map_err(|_| format!("“{}”位数过多，无法精确计算", text.trim()))
}

// ---------------------------------------------------------------------------------------------
// The engine

struct Ctx {
    s: Settings,
    year: Option<i32>,
    issues: Vec<Issue>,
}

impl Ctx {
    fn push(&mut self, severity: Severity, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue { severity, code, path: path.into(), message: message.into() });
    }
    fn error(&mut self, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, code, path, message)
    }
    fn warning(&mut self, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, code, path, message)
    }
    fn info(&mut self, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Info, code, path, message)
    }
    fn round(&self, d: Decimal) -> Decimal {
        half_up(d, self.s.score_decimals)
    }
    /// A row score: rounded once, never below 0, never above the weight.
    fn final_score(&self, raw: Decimal, w: Decimal) -> Decimal {
        let r = self.round(raw);
        if r <= Decimal::ZERO {
            Decimal::ZERO
        } else if r > w {
            w
        } else {
            r
        }
    }
    /// A quotient shown in an explanation: one place more than a score.
    fn show_raw(&self, d: Decimal) -> String {
        fmt(half_up(d, self.s.score_decimals + 1))
    }
}

/// The budget row, as computed.
struct Budget {
    /// The 分值 when it reads as a number (valid or not): it counts in sums and checks.
    weight: Option<Decimal>,
    rate: Option<String>,
    score: Option<Decimal>,
    excluded: bool,
    pending: bool,
    explanation: String,
}

/// Scores a form.
pub fn score(form: &Form) -> ScoreResult {
    let (s, issues) = Settings::resolve(&form.profile, &form.settings);
    let mut ctx = Ctx { s, year: form.year_number(), issues };

    let budget = score_budget(&mut ctx, form);
    let mut rows: Vec<Row> = Vec::new();
    for (i, ind) in form.indicators.iter().enumerate() {
        if ind.is_placeholder() {
            continue;
        }
        rows.push(score_indicator(&mut ctx, i, ind));
    }
    totals(ctx, budget, rows)
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
        issues: vec![Issue { severity: Severity::Error, code: err.code, path: err.path.clone(), message: err.message.clone() }],
    }
}

/// Reads and scores a JSON document; an unreadable one gives [`unreadable`]'s result.
pub fn score_json(text: &str) -> Result<ScoreResult, (crate::model::ReadError, ScoreResult)> {
    match Form::from_json_str(text) {
        Ok(form) => Ok(score(&form)),
        Err(e) => {
            let r = unreadable(&e);
            Err((e, r))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Funds and the budget row (§1, §2)

/// Reads one amount cell; reports `invalid_amount` / `negative_amount`. `Err(())` = bad cell.
fn amount(ctx: &mut Ctx, text: &str, path: &str) -> Result<Option<Decimal>, ()> {
    match read_plain_decimal(text, false) {
        Ok(None) => Ok(None),
        Ok(Some(d)) => {
            if d.scale() > 6 {
                ctx.error("invalid_amount", path, format!("“{}”小数位数过多：金额以万元为单位，最多保留 6 位小数", text.trim()));
                Err(())
            } else if d.is_sign_negative() && !d.is_zero() {
                ctx.error("negative_amount", path, format!("金额不能为负数（“{}”）", text.trim()));
                Err(())
            } else {
                Ok(Some(d))
            }
        }
        Err(msg) => {
            ctx.error("invalid_amount", path, format!("{}：金额只填数字，单位为万元", msg));
            Err(())
        }
    }
}

/// The value of one funds column: derived from the sources when any has a value.
fn funds_column(ctx: &mut Ctx, form: &Form, col: Column) -> Option<Decimal> {
    let mut bad = false;
    let mut sum = Decimal::ZERO;
    let mut any = false;
    for (i, src) in form.funds.sources.iter().enumerate() {
        match amount(ctx, src.amounts.get(col), &format!("funds.sources[{}].{}", i, col.key())) {
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
    let total_path = format!("funds.total.{}", col.key());
    let typed = amount(ctx, form.funds.total.get(col), &total_path);
    if bad || typed.is_err() {
        return None;
    }
    let typed = typed.unwrap_or(None);
    if !any {
        return typed;
    }
    if let Some(t) = typed {
        if t != sum {
            ctx.warning(
                "fund_total_mismatch",
                total_path,
                format!("年度资金总额的{}填写为 {}，但各资金来源合计为 {}；按合计 {} 计算", col.label(), fmt(t), fmt(sum), fmt(sum)),
            );
        }
    }
    Some(sum)
}

fn score_budget(ctx: &mut Ctx, form: &Form) -> Budget {
    let weight = match read_plain_decimal(&form.funds.weight, true) {
        Ok(None) => Some(Decimal::TEN),
        Ok(Some(w)) if w > Decimal::ZERO => Some(w),
        Ok(Some(w)) => {
            ctx.error("invalid_weight", "funds.weight", format!("预算执行率的分值应大于 0（“{}”）", fmt(w)));
            None
        }
        Err(msg) => {
            ctx.error("invalid_weight", "funds.weight", format!("预算执行率的分值{}", msg));
            None
        }
    };
    let _initial = funds_column(ctx, form, Column::Initial);
    let annual = funds_column(ctx, form, Column::Annual);
    let executed = funds_column(ctx, form, Column::Executed);

    let counted = match read_plain_decimal(&form.funds.weight, true) {
        Ok(None) => Some(Decimal::TEN),
        other => other.ok().flatten(),
    };
    let mut b = Budget { weight: counted, rate: None, score: None, excluded: false, pending: false, explanation: String::new() };
    let (a, e) = match (annual, executed) {
        (Some(a), Some(e)) => (a, e),
        (a, _) => {
            let (path, what) = if a.is_none() { ("funds.total.annual", "全年预算数") } else { ("funds.total.executed", "全年执行数") };
            ctx.info("row_pending", path, format!("待填：年度资金总额的{}", what));
            b.pending = true;
            b.explanation = format!("待填：{}", what);
            return b;
        }
    };
    let Some(w) = weight else {
        ctx.info("row_pending", "funds.weight", "待填：预算执行率的分值");
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
                "execution_without_budget",
                "funds",
                format!("全年预算数为 0，却有全年执行数 {} 万元：请核对预算数", fmt(e)),
            );
            b.explanation = "全年预算数为 0 而有执行数，无法计算执行率".into();
        }
        return b;
    }
    let Some(rate) = e.checked_div(a).and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED)) else {
        ctx.error("invalid_amount", "funds.total.executed", "金额过大，无法计算执行率");
        b.pending = true;
        return b;
    };
    let dp = ctx.s.rate_decimals;
    let rate_out = rate.round_dp_with_strategy(dp, ctx.s.rate_rounding.strategy());
    let capped = rate_out.min(Decimal::ONE_HUNDRED);
    let raw = w * capped / Decimal::ONE_HUNDRED;
    let score = ctx.final_score(raw, w);
    let rate_text = fmt_fixed(rate_out, dp);
    let how = match ctx.s.rate_rounding {
        crate::settings::RateRounding::Truncate => "截断",
        crate::settings::RateRounding::HalfUp => "四舍五入",
    };
    b.explanation = format!(
        "{} ÷ {} = {}% → {}%（{}）；{} × {}% = {} → {}",
        fmt(e),
        fmt(a),
        fmt(half_up(rate, dp + 2)),
        rate_text,
        how,
        fmt(w),
        fmt(capped),
        fmt(raw),
        fmt(score)
    );
    b.rate = Some(rate_text.clone());
    b.score = Some(score);

    let has_reason = !form.funds.reason.trim().is_empty();
    let flag = if rate_out > Decimal::ONE_HUNDRED {
        Some(("execution_above_budget", format!("预算执行率 {}% 超过 100%，得分按满分 {} 计", rate_text, fmt(w))))
    } else if rate_out < Decimal::from(90) {
        Some(("execution_below_90", format!("预算执行率 {}% 低于 90%", rate_text)))
    } else {
        None
    };
    if let Some((code, msg)) = flag {
        if has_reason {
            ctx.info(code, "funds", format!("{}（已说明原因）", msg));
        } else {
            ctx.warning(code, "funds", format!("{}，请说明原因", msg));
            let required = code == "execution_below_90" && ctx.s.reason_below_90 == ReasonPolicy::Required;
            let sev = if required { Severity::Error } else { Severity::Warning };
            ctx.push(sev, "reason_missing", "funds.reason", format!("请填写预算执行偏差的原因（执行率 {}%）", rate_text));
        }
    }
    b
}

// ---------------------------------------------------------------------------------------------
// Indicator rows (§3, §4)

/// A scored indicator row, for the totals.
struct Row<'a> {
    result: IndicatorResult,
    score: Option<Decimal>,
    level1: &'a str,
    level2: &'a str,
    /// The 分值 when it reads as a number (valid or not): it counts in sums and checks.
    weight: Option<Decimal>,
    excluded: bool,
}

/// Fields in the order in which a pending row names what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Weight,
    Target,
    Actual,
    Tier,
    Score,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Weight => "weight",
            Field::Target => "target",
            Field::Actual => "actual",
            Field::Tier => "tier",
            Field::Score => "score",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Field::Weight => "分值",
            Field::Target => "年度指标值",
            Field::Actual => "实际完成值",
            Field::Tier => "定性评价档次",
            Field::Score => "人工得分",
        }
    }
}

/// What the rule of a method gave before manual scores and reasons.
enum Outcome {
    /// A score before rounding, with the explanation up to the arrow.
    Score(Decimal, String),
    /// Full marks (no arithmetic), with the explanation up to the arrow.
    Full(String),
    /// Needs something first.
    Blocked(Field),
}

/// A finding that asks for a reason: a warning while the reason is empty, info once given.
struct Flag {
    code: &'static str,
    /// What was found.
    what: String,
    /// What the person should do about it.
    ask: &'static str,
}

impl Flag {
    fn new(code: &'static str, what: String, ask: &'static str) -> Flag {
        Flag { code, what, ask }
    }
}

/// `indicators[i]`, formatted only when an issue is raised.
#[derive(Clone, Copy)]
struct RowPath(usize);

impl std::fmt::Display for RowPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "indicators[{}]", self.0)
    }
}

/// How messages name a row: “失业动态监测企业数”, or 第 3 行 when it has no name.
#[derive(Clone, Copy)]
struct RowName<'a>(usize, &'a str);

impl std::fmt::Display for RowName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.1.is_empty() {
            write!(f, "第 {} 行", self.0 + 1)
        } else {
            write!(f, "“{}”", self.1)
        }
    }
}

struct RowCtx<'a> {
    p: RowPath,
    ind: &'a Indicator,
    w: Decimal,
    /// Flags that ask for a reason.
    flags: Vec<Flag>,
    /// The tier, once read (only on rows scored by tier).
    tier: Option<Tier>,
}

fn under_cost(ind: &Indicator) -> bool {
    ind.level1.contains("成本指标") || ind.level2.contains("成本指标")
}

fn detect(t: &Value, ind: &Indicator, year: Option<i32>) -> Option<Method> {
    Some(match t {
        Value::Empty => return None,
        Value::Deadline(p) => {
            if p.end(year).is_some() {
                Method::Deadline
            } else {
                Method::Qualitative
            }
        }
        Value::Range { lo, .. } => {
            if lo.value.is_sign_negative() && !lo.value.is_zero() {
                Method::Manual
            } else {
                Method::Range
            }
        }
        Value::Number { op, qty } => {
            if qty.value < Decimal::ZERO {
                Method::Manual
            } else {
                match op {
                    Some(Op::Ge) => Method::Positive,
                    Some(Op::Le) => Method::Reverse,
                    Some(Op::Eq) => Method::Equal,
                    None if qty.value.is_zero() => Method::Equal,
                    None if under_cost(ind) => Method::Reverse,
                    None => Method::Positive,
                }
            }
        }
        Value::Text(s) => {
            if s.contains("定量(其他)") {
                Method::Manual
            } else {
                Method::Qualitative
            }
        }
    })
}

/// Target and actual read as comparable numbers, with unit checks (§3 "Units").
struct Pair<'t> {
    t: Decimal,
    a: Decimal,
    t_text: &'t str,
    a_text: String,
}

fn read_actual_number<'t>(ctx: &mut Ctx, rc: &RowCtx, target: &'t Quantity) -> Result<Pair<'t>, Field> {
    let qty = match value::parse(&rc.ind.actual) {
        Value::Number { qty, .. } => qty,
        _ => {
            ctx.error(
                "actual_unparseable",
                format!("{}.actual", rc.p),
                format!("实际完成值“{}”不是数字，无法与年度指标值“{}”比较", rc.ind.actual.trim(), target.text),
            );
            return Err(Field::Actual);
        }
    };
    let (t, a) = match (target.has_unit(), qty.has_unit()) {
        (true, true) => {
            if target.unit != qty.unit {
                ctx.error(
                    "unit_mismatch",
                    format!("{}.actual", rc.p),
                    format!("单位不一致：年度指标值“{}”与实际完成值“{}”，请统一单位", target.text, qty.text),
                );
                return Err(Field::Actual);
            }
            (target.value, qty.value)
        }
        (true, false) => {
            let Some(a) = qty.value_in_unit_of(target) else { return Err(Field::Actual) };
            ctx.warning(
                "actual_unit_missing",
                format!("{}.actual", rc.p),
                format!("实际完成值“{}”没有单位，按年度指标值的单位读作 {}{}", qty.text, qty.text, unit_suffix(target)),
            );
            (target.value, a)
        }
        (false, true) => {
            let Some(t) = target.value_in_unit_of(&qty) else { return Err(Field::Target) };
            ctx.warning(
                "actual_unit_missing",
                format!("{}.target", rc.p),
                format!("年度指标值“{}”没有单位，按实际完成值的单位读作 {}{}", target.text, target.text, unit_suffix(&qty)),
            );
            (t, qty.value)
        }
        (false, false) => (target.value, qty.value),
    };
    let mut a = a;
    if a < Decimal::ZERO {
        ctx.warning("negative_actual", format!("{}.actual", rc.p), format!("实际完成值“{}”为负数，按 0 计", qty.text));
        a = Decimal::ZERO;
    }
    Ok(Pair { t, a, t_text: &target.text, a_text: qty.text })
}

/// The unit and magnitude word of `q` as written (`万元`, `%`).
fn unit_suffix(q: &Quantity) -> String {
    let mag = if q.scale == Decimal::from(10_000) {
        "万"
    } else if q.scale == Decimal::from(100_000_000) {
        "亿"
    } else {
        ""
    };
    format!("{}{}", mag, q.unit.as_str())
}

fn over_achievement(ctx: &Ctx, rc: &mut RowCtx, t: Decimal, a: Decimal) {
    if t > Decimal::ZERO && a >= t * ctx.s.over_threshold {
        rc.flags.push(Flag::new("over_achievement", "完成值高于指标值较多".into(), "请分析是否年初指标值设定偏低"));
    }
}

/// The numeric target of a positive/reverse/equal row.
fn numeric_target(ctx: &mut Ctx, rc: &RowCtx, t: &Value, m: Method) -> Result<Quantity, Field> {
    match t {
        Value::Number { qty, .. } => Ok(qty.clone()),
        _ => {
            ctx.error(
                "target_not_numeric",
                format!("{}.target", rc.p),
                format!("计分方法为“{}”，但年度指标值“{}”不是数字", m.label(), rc.ind.target.trim()),
            );
            Err(Field::Target)
        }
    }
}

fn rule_positive(ctx: &mut Ctx, rc: &mut RowCtx, tq: &Quantity) -> Outcome {
    let pr = match read_actual_number(ctx, rc, tq) {
        Ok(p) => p,
        Err(f) => return Outcome::Blocked(f),
    };
    let w = rc.w;
    if pr.t.is_zero() || pr.a >= pr.t {
        over_achievement(ctx, rc, pr.t, pr.a);
        return Outcome::Full(cat(&[&pr.a_text, " ≥ ", pr.t_text]));
    }
    let raw = w * pr.a / pr.t;
    Outcome::Score(raw, cat(&[&pr.a_text, " < ", pr.t_text, "：", &fmt(w), " × ", &pr.a_text, " ÷ ", pr.t_text, " = ", &ctx.show_raw(raw)]))
}

fn rule_reverse(ctx: &mut Ctx, rc: &mut RowCtx, tq: &Quantity) -> Outcome {
    let pr = match read_actual_number(ctx, rc, tq) {
        Ok(p) => p,
        Err(f) => return Outcome::Blocked(f),
    };
    let w = rc.w;
    if pr.a <= pr.t {
        return Outcome::Full(cat(&[&pr.a_text, " ≤ ", pr.t_text]));
    }
    if pr.t <= Decimal::ZERO {
        return Outcome::Score(Decimal::ZERO, format!("反向：指标值为 {}，实际 {} 超出", pr.t_text, pr.a_text));
    }
    match ctx.s.reverse_mode {
        ReverseMode::Ratio => {
            let raw = pr.t / pr.a * w;
            Outcome::Score(raw, cat(&["反向：", pr.t_text, " ÷ ", &pr.a_text, " × ", &fmt(w), " = ", &ctx.show_raw(raw)]))
        }
        ReverseMode::Linear => {
            let share = (Decimal::ONE - (pr.a - pr.t) / pr.t).max(Decimal::ZERO);
            let raw = w * share;
            Outcome::Score(
                raw,
                format!("反向（线性）：{} × (1 − ({} − {}) ÷ {}) = {}", fmt(w), pr.a_text, pr.t_text, pr.t_text, ctx.show_raw(raw)),
            )
        }
        ReverseMode::Manual => Outcome::Blocked(Field::Score),
    }
}

fn rule_equal(ctx: &mut Ctx, rc: &mut RowCtx, tq: &Quantity) -> Outcome {
    let pr = match read_actual_number(ctx, rc, tq) {
        Ok(p) => p,
        Err(f) => return Outcome::Blocked(f),
    };
    let w = rc.w;
    if pr.a == pr.t {
        return Outcome::Full(cat(&[&pr.a_text, " = ", pr.t_text]));
    }
    if pr.t.is_zero() {
        return Outcome::Score(Decimal::ZERO, format!("指标值为 {}，实际为 {}", pr.t_text, pr.a_text));
    }
    if pr.a > pr.t {
        rc.flags.push(Flag::new("deviation", format!("实际完成值 {} 高于指标值 {}", pr.a_text, pr.t_text), "请说明偏差原因"));
        over_achievement(ctx, rc, pr.t, pr.a);
        return Outcome::Full(format!("{} > {}（偏离指标值）", pr.a_text, pr.t_text));
    }
    match ctx.s.equal_mode {
        EqualMode::Ratio => {
            let raw = w * pr.a / pr.t;
            Outcome::Score(raw, format!("{} < {}：{} × {} ÷ {} = {}", pr.a_text, pr.t_text, fmt(w), pr.a_text, pr.t_text, ctx.show_raw(raw)))
        }
        EqualMode::Manual => Outcome::Blocked(Field::Score),
    }
}

fn rule_range(ctx: &mut Ctx, rc: &mut RowCtx, lo: &Quantity, hi: &Quantity) -> Outcome {
    let pr = match read_actual_number(ctx, rc, hi) {
        Ok(p) => p,
        Err(f) => return Outcome::Blocked(f),
    };
    let w = rc.w;
    let range_text = cat(&[&lo.text, "–", &hi.text]);
    if pr.a < lo.value {
        let raw = w * pr.a / lo.value;
        return Outcome::Score(
            raw,
            format!("{} 低于区间 {}：{} × {} ÷ {} = {}", pr.a_text, range_text, fmt(w), pr.a_text, lo.text, ctx.show_raw(raw)),
        );
    }
    if pr.a > hi.value {
        rc.flags.push(Flag::new("deviation", format!("实际完成值 {} 高于区间 {}", pr.a_text, range_text), "请说明偏差原因"));
        over_achievement(ctx, rc, hi.value, pr.a);
        return Outcome::Full(format!("{} 高于区间 {}（偏离指标值）", pr.a_text, range_text));
    }
    Outcome::Full(cat(&[&pr.a_text, " 在区间 ", &range_text, " 之内"]))
}

/// Tier scoring (qualitative rows and late deadlines).
/// Reads the row's tier; only rows scored by tier do (§10). An invalid one is an error and
/// the row is read as having no tier.
fn read_tier(ctx: &mut Ctx, rc: &mut RowCtx) -> Option<Tier> {
    let tier = match rc.ind.tier.trim() {
        "" => None,
        k => match Tier::from_key(k) {
            Some(t) => Some(t),
            None => {
                ctx.error("invalid_tier", format!("{}.tier", rc.p), format!("不认识的评价档次“{}”", k));
                None
            }
        },
    };
    rc.tier = tier;
    tier
}

fn rule_tier(ctx: &mut Ctx, rc: &mut RowCtx, lead: &str) -> Outcome {
    if let Some(t) = read_tier(ctx, rc) {
        let raw = rc.w * t.default_share();
        return Outcome::Score(raw, format!("{}定性评价“{}” → {} × {}% = {}", lead, t.label(), fmt(rc.w), fmt(t.default_share() * Decimal::ONE_HUNDRED), ctx.show_raw(raw)));
    }
    let actual = value::normalized(&rc.ind.actual);
    if actual == value::normalized(&rc.ind.target) {
        return Outcome::Full(cat(&[lead, "实际完成值与年度指标值一致（", &actual, "），视为达成年度指标"]));
    }
    Outcome::Blocked(Field::Tier)
}

fn rule_deadline(ctx: &mut Ctx, rc: &mut RowCtx, due: (i32, u32, u32), due_period: value::Period) -> Outcome {
    let actual = &rc.ind.actual;
    let due_text = || due_period.describe(ctx.year);
    if value::says_on_time(actual) {
        return Outcome::Full(format!("“{}”，按期完成（时限 {}）", value::normalized(actual), due_text()));
    }
    if let Some(p) = value::parse_date(actual) {
        if let Some(done) = p.end(ctx.year) {
            if done <= due {
                return Outcome::Full(cat(&[&p.describe(ctx.year), " 不晚于 ", &due_text()]));
            }
            let lead = format!("{} 晚于 {}：", p.describe(ctx.year), due_text());
            return rule_tier(ctx, rc, &lead);
        }
    }
    let lead = format!("未按时限 {} 读出完成日期：", due_text());
    rule_tier(ctx, rc, &lead)
}

fn score_indicator<'a>(ctx: &mut Ctx, i: usize, ind: &'a Indicator) -> Row<'a> {
    let p = RowPath(i);
    let mut blockers: Vec<Field> = Vec::new();
    let name = RowName(i, ind.name.trim());

    // Method and tier as chosen.
    let method_text = ind.method.trim();
    let chosen = match method_text {
        "" | "auto" => None,
        k => match Method::from_key(k) {
            Some(m) => Some(m),
            None => {
                ctx.error("invalid_method", format!("{}.method", p), format!("不认识的计分方法“{}”，已按自动识别处理", k));
                None
            }
        },
    };

    // Weight: `counted` is any number (it counts in Σ 分值, §10); `weight` a valid one (> 0).
    let parsed = read_plain_decimal(&ind.weight, true);
    let counted = parsed.as_ref().ok().copied().flatten();
    let weight = match parsed {
        Ok(Some(w)) if w > Decimal::ZERO => Some(w),
        Ok(Some(w)) => {
            ctx.error("invalid_weight", format!("{}.weight", p), format!("{}的分值应大于 0（“{}”）", name, fmt(w)));
            None
        }
        Ok(None) => {
            ctx.error("invalid_weight", format!("{}.weight", p), format!("{}还没有填写分值", name));
            None
        }
        Err(msg) => {
            ctx.error("invalid_weight", format!("{}.weight", p), format!("{}的分值{}", name, msg));
            None
        }
    };

    let mut row = Row {
        result: IndicatorResult { index: i, method: None, status: RowStatus::Pending, score: None, explanation: String::new() },
        score: None,
        level1: ind.level1.trim(),
        level2: ind.level2.trim(),
        weight: counted,
        excluded: false,
    };

    if chosen == Some(Method::NotApplicable) {
        row.excluded = true;
        row.result.method = Some(Method::NotApplicable.key());
        row.result.status = RowStatus::NotApplicable;
        row.result.explanation = "不适用：本行不计分，总分按其余分值折算".into();
        return row;
    }
    if weight.is_none() {
        blockers.push(Field::Weight);
    }

    // Target and method.
    let t = value::parse(&ind.target);
    let method = match chosen {
        Some(m) => Some(m),
        None => detect(&t, ind, ctx.year),
    };
    row.result.method = method.map(Method::key);
    if matches!(t, Value::Empty) && method != Some(Method::Manual) {
        ctx.error("target_empty", format!("{}.target", p), format!("{}还没有填写年度指标值", name));
        blockers.push(Field::Target);
    }
    if ind.actual.trim().is_empty() {
        blockers.push(Field::Actual);
    }

    let mut rc = RowCtx { p, ind, w: weight.unwrap_or(Decimal::ZERO), flags: Vec::new(), tier: None };

    // The method's rule, when weight, target and actual are there.
    let outcome = if !blockers.is_empty() {
        None
    } else {
        let m = method.expect("a non-empty target always has a method");
        Some(match m {
            Method::Positive | Method::Reverse | Method::Equal => match numeric_target(ctx, &rc, &t, m) {
                Err(f) => Outcome::Blocked(f),
                Ok(tq) => match m {
                    Method::Positive => rule_positive(ctx, &mut rc, &tq),
                    Method::Reverse => rule_reverse(ctx, &mut rc, &tq),
                    _ => rule_equal(ctx, &mut rc, &tq),
                },
            },
            Method::Range => match &t {
                Value::Range { lo, hi } => rule_range(ctx, &mut rc, lo, hi),
                _ => {
                    ctx.error(
                        "target_not_range",
                        format!("{}.target", p),
                        format!("计分方法为“区间”，但年度指标值“{}”不是区间（如 90%-100%）", ind.target.trim()),
                    );
                    Outcome::Blocked(Field::Target)
                }
            },
            Method::Deadline => {
                let period = match &t {
                    Value::Deadline(d) => Some(*d),
                    _ => value::parse_date(&ind.target),
                };
                match period.and_then(|d| d.end(ctx.year).map(|e| (d, e))) {
                    Some((d, due)) => rule_deadline(ctx, &mut rc, due, d),
                    None => {
                        ctx.error(
                            "target_not_date",
                            format!("{}.target", p),
                            format!("计分方法为“时限”，但年度指标值“{}”读不出日期（如 2021年12月底前；没有年份时需填写表头年度）", ind.target.trim()),
                        );
                        Outcome::Blocked(Field::Target)
                    }
                }
            }
            Method::Qualitative => rule_tier(ctx, &mut rc, "定性："),
            Method::Manual => Outcome::Blocked(Field::Score),
            Method::NotApplicable => unreachable!(),
        })
    };

    // Manual score (§3, §10).
    let w = rc.w;
    let manual = if ind.score.trim().is_empty() {
        None
    } else {
        match read_plain_decimal(&ind.score, true) {
            Err(msg) => {
                ctx.error("manual_score_invalid", format!("{}.score", p), format!("人工得分{}，已按计算得分", msg));
                None
            }
            Ok(None) => None,
            Ok(Some(m)) if weight.is_some() && (m < Decimal::ZERO || m > w) => {
                ctx.error(
                    "manual_score_out_of_range",
                    format!("{}.score", p),
                    format!("人工得分 {} 超出 0 到分值 {} 的范围，已按计算得分", fmt(m), fmt(w)),
                );
                None
            }
            Ok(Some(m)) => match rc.tier {
                Some(tr) if weight.is_some() && !tr.contains(m, w) => {
                    ctx.error(
                        "manual_score_out_of_tier",
                        format!("{}.score", p),
                        format!("人工得分 {} 不在“{}”档的范围 {} 内，已按该档默认分计", fmt(m), tr.label(), tr.range_text(w)),
                    );
                    None
                }
                _ => Some(m),
            },
        }
    };

    let blocked_at = match &outcome {
        None => blockers.iter().min().copied(),
        Some(Outcome::Blocked(f)) => Some(*f),
        _ => None,
    };
    let arrow = |mut e: String, s: Decimal| {
        e.push_str(" → ");
        e.push_str(&fmt(s));
        e
    };
    let computed: Option<(Decimal, String)> = match outcome {
        Some(Outcome::Score(raw, e)) => {
            let s = ctx.final_score(raw, w);
            Some((s, arrow(e, s)))
        }
        Some(Outcome::Full(e)) => Some((w, arrow(e, w))),
        _ => None,
    };
    // Only a missing tier or manual decision may be replaced by a manual score.
    let manual_may_replace = matches!(blocked_at, None | Some(Field::Tier) | Some(Field::Score));

    let mut computed = computed;
    let final_score = match (manual.filter(|_| manual_may_replace), &mut computed) {
        (Some(m), comp) => {
            let m = ctx.final_score(m, w);
            row.result.status = RowStatus::Manual;
            row.result.explanation = match comp {
                Some((_, e)) => format!("人工评分 {}（计算：{}）", fmt(m), e),
                None => format!("人工评分 {}", fmt(m)),
            };
            if let Some((c, _)) = comp {
                if *c != m {
                    rc.flags.push(Flag::new("manual_score_differs", format!("人工得分 {} 与计算得分 {} 不同", fmt(m), fmt(*c)), "请说明理由"));
                }
            }
            Some(m)
        }
        (None, Some((c, e))) => {
            row.result.status = RowStatus::Scored;
            row.result.explanation = std::mem::take(e);
            Some(*c)
        }
        (None, None) => {
            let f = blocked_at.unwrap_or(Field::Score);
            if f == Field::Score {
                ctx.info(
                    "manual_score_required",
                    format!("{}.score", p),
                    format!("{}需人工评分：请在“得分”中填写 0 到 {} 之间的分数，并说明理由", name, fmt(w)),
                );
            }
            ctx.info("row_pending", format!("{}.{}", p, f.key()), format!("{}待填：{}", name, f.label()));
            row.result.explanation = match f {
                Field::Tier => "待评：实际完成值与年度指标值不一致，请选择定性评价档次".into(),
                Field::Score => "待评：需人工评分".into(),
                f => format!("待填：{}", f.label()),
            };
            None
        }
    };

    row.score = final_score;
    if let Some(s) = final_score {
        row.result.score = Some(fmt(s));
    }

    // Flags and the reason they ask for (§4). Messages are built only when shown.
    let has_reason = !ind.reason.trim().is_empty();
    for f in &rc.flags {
        let path = if f.code == "manual_score_differs" { format!("{}.score", p) } else { format!("{}.actual", p) };
        if has_reason {
            ctx.info(f.code, path, format!("{}（已说明原因）", f.what));
        } else {
            ctx.warning(f.code, path, format!("{}，{}", f.what, f.ask));
        }
    }
    let below = final_score.filter(|s| *s < w);
    if !has_reason && (below.is_some() || !rc.flags.is_empty()) {
        let mut why: Vec<String> = below.map(|s| format!("得分 {} 低于分值 {}", fmt(s), fmt(w))).into_iter().collect();
        why.extend(rc.flags.iter().map(|f| f.what.clone()));
        ctx.warning(
            "reason_missing",
            format!("{}.reason", p),
            format!("{}需填写偏差原因分析及改进措施（{}）", name, why.join("；")),
        );
    }
    row
}

// ---------------------------------------------------------------------------------------------
// Totals, grade, checks (§5)

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
const LEVEL1_GROUPS: &[(&str, &str, u32)] = &[("产出", "产出指标", 50), ("效益", "效益指标", 30), ("满意", "满意度指标", 10)];

fn totals(mut ctx: Ctx, budget: Budget, rows: Vec<Row>) -> ScoreResult {
    let mut sum = Decimal::ZERO;
    let mut denominator = Decimal::ZERO;
    let mut all_weights = Decimal::ZERO;
    let mut rescale = budget.excluded;

    if let Some(w) = budget.weight {
        all_weights += w;
        if !budget.excluded {
            denominator += w;
        }
    }
    if let Some(s) = budget.score {
        sum += s;
    }
    let mut subtotals: Vec<(&str, Decimal, Decimal)> = Vec::new();
    let mut level2: Vec<(&str, &str, Decimal, Decimal)> = Vec::new();
    for r in &rows {
        let w = r.weight.unwrap_or(Decimal::ZERO);
        all_weights += w;
        if r.excluded {
            rescale = true;
        } else {
            denominator += w;
        }
        let s = r.score.unwrap_or(Decimal::ZERO);
        sum += s;
        // Rows of a group usually follow each other: look at the last group first.
        match subtotals.iter_mut().rev().find(|x| x.0 == r.level1) {
            Some(x) => {
                x.1 += w;
                x.2 += s;
            }
            None => subtotals.push((r.level1, w, s)),
        }
        match level2.iter_mut().rev().find(|x| x.0 == r.level1 && x.1 == r.level2) {
            Some(x) => {
                x.2 += w;
                x.3 += s;
            }
            None => level2.push((r.level1, r.level2, w, s)),
        }
    }

    // Weight checks.
    if all_weights != Decimal::ONE_HUNDRED {
        ctx.error(
            "weights_sum",
            "weights",
            format!("分值合计为 {}（预算执行率 {} + 各项指标 {}），应为 100", fmt(all_weights), budget.weight.map(fmt).unwrap_or_else(|| "—".into()), fmt(all_weights - budget.weight.unwrap_or_default())),
        );
    }
    if ctx.s.level1_weights_check {
        // Sum per group over the distinct 一级 labels (few), not per row.
        let group_sum = |key: &str| -> Decimal {
            subtotals.iter().filter(|x| x.0.contains(key)).map(|x| x.1).sum()
        };
        let cost = subtotals.iter().any(|x| x.0.contains("成本"));
        for (key, label, expected) in LEVEL1_GROUPS {
            let mut got = group_sum(key);
            let mut what = label.to_string();
            if *key == "产出" && cost {
                got += group_sum("成本");
                what = "产出指标与成本指标".into();
            }
            if got != Decimal::from(*expected) {
                ctx.warning("level1_weights", "weights", format!("{}的分值合计为 {}，通常应为 {}", what, fmt(got), expected));
            }
        }
    }

    let total = if rescale {
        if denominator > Decimal::ZERO {
            Some(ctx.round(sum / denominator * Decimal::ONE_HUNDRED))
        } else {
            None
        }
    } else {
        Some(sum)
    };
    let pending = rows.iter().filter(|r| r.result.status == RowStatus::Pending).count() + usize::from(budget.pending);
    let complete = pending == 0 && !ctx.issues.iter().any(|i| i.severity == Severity::Error);
    ScoreResult {
        execution_rate: budget.rate,
        budget_score: budget.score.map(fmt),
        budget_explanation: budget.explanation,
        indicators: rows.into_iter().map(|r| r.result).collect(),
        subtotals: subtotals.into_iter().map(|(l, w, s)| Subtotal { level1: l.to_string(), weight: fmt(w), score: fmt(s) }).collect(),
        level2_subtotals: level2
            .into_iter()
            .map(|(l1, l2, w, s)| Level2Subtotal { level1: l1.to_string(), level2: l2.to_string(), weight: fmt(w), score: fmt(s) })
            .collect(),
        total: total.map(fmt),
        grade: total.map(|t| grade(t, &ctx.s.grade_bands).to_string()),
        complete,
        pending,
        issues: ctx.issues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_matches_normalized_display() {
        for t in ["0", "0.000", "-0.0", "10", "10.00", "3.9", "3.90", "0.05", "-0.05", "123456.789000", "1e-7", "-12.5", "79228162514264337593543950335"] {
            let d = Decimal::from_scientific(t).or_else(|_| t.parse::<Decimal>()).unwrap();
            let expected = if d.is_zero() { "0".to_string() } else { d.normalize().to_string() };
            assert_eq!(fmt(d), expected, "{t}");
        }
        assert_eq!(fmt_fixed("39.25".parse().unwrap(), 2), "39.25");
        assert_eq!(fmt_fixed("110".parse().unwrap(), 2), "110.00");
        assert_eq!(fmt_fixed("86".parse().unwrap(), 0), "86");
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
