//! One indicator row (`scoring.md` §3, §4, §10 "Rows").

use super::{cat, fmt, read_plain_decimal, read_weight, times_ratio, Ctx, Method, Tier, Weight};
use crate::model::Indicator;
use crate::result::{IndicatorResult, IssueCode, RowStatus};
use crate::settings::{EqualMode, ReverseMode};
use crate::value::{self, Op, Quantity, Value};
use rust_decimal::Decimal;

/// A scored indicator row, for the totals (its result is written in place, see
/// [`score_indicator`]).
pub(crate) struct Row<'a> {
    pub(crate) score: Option<Decimal>,
    pub(crate) level1: &'a str,
    pub(crate) level2: &'a str,
    /// The 分值 when it reads as a number (valid or not): it counts in sums and checks.
    pub(crate) weight: Option<Decimal>,
    pub(crate) excluded: bool,
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
    code: IssueCode,
    /// What was found.
    what: String,
    /// What the person should do about it.
    ask: &'static str,
}

impl Flag {
    fn new(code: IssueCode, what: String, ask: &'static str) -> Flag {
        Flag { code, what, ask }
    }
}

/// `indicators[i]`, formatted only when an issue is raised.
#[derive(Clone, Copy)]
struct RowPath(usize);

impl RowPath {
    /// `indicators[3].actual`, built without the formatting machinery (paths are made for
    /// every issue of every row).
    fn field(self, name: &str) -> String {
        let mut s = String::with_capacity(16 + name.len());
        s.push_str("indicators[");
        super::push_usize(&mut s, self.0);
        s.push_str("].");
        s.push_str(name);
        s
    }
}

/// How messages name a row: “失业动态监测企业数”, or 第 3 行 when it has no name.
#[derive(Clone, Copy)]
struct RowName<'a>(usize, &'a str);

impl RowName<'_> {
    fn text(&self) -> String {
        if self.1.is_empty() {
            self.to_string()
        } else {
            cat(&["“", self.1, "”"])
        }
    }
}

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
    value::has(&ind.level1, "成本指标") || value::has(&ind.level2, "成本指标")
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
            if value::has(s, "定量(其他)") {
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
                IssueCode::ActualUnparseable,
                rc.p.field("actual"),
                format!("实际完成值“{}”不是数字，无法与年度指标值“{}”比较", value::trim(&rc.ind.actual), target.text),
            );
            return Err(Field::Actual);
        }
    };
    let (t, a) = match (target.has_unit(), qty.has_unit()) {
        (true, true) => {
            if target.unit != qty.unit {
                ctx.error(
                    IssueCode::UnitMismatch,
                    rc.p.field("actual"),
                    format!("单位不一致：年度指标值“{}”与实际完成值“{}”，请统一单位", target.text, qty.text),
                );
                return Err(Field::Actual);
            }
            (target.value, qty.value)
        }
        (true, false) => {
            let Some(a) = qty.value_in_unit_of(target) else { return Err(Field::Actual) };
            ctx.warning(
                IssueCode::ActualUnitMissing,
                rc.p.field("actual"),
                format!("实际完成值“{}”没有单位，按年度指标值的单位读作 {}{}", qty.text, qty.text, unit_suffix(target)),
            );
            (target.value, a)
        }
        (false, true) => {
            let Some(t) = target.value_in_unit_of(&qty) else { return Err(Field::Target) };
            ctx.warning(
                IssueCode::ActualUnitMissing,
                rc.p.field("target"),
                format!(
                    "年度指标值“{}”没有单位，按实际完成值的单位读作 {}{}",
                    target.text,
                    target.text,
                    unit_suffix(&qty)
                ),
            );
            (t, qty.value)
        }
        (false, false) => (target.value, qty.value),
    };
    let mut a = a;
    if a < Decimal::ZERO {
        ctx.warning(
            IssueCode::NegativeActual,
            rc.p.field("actual"),
            format!("实际完成值“{}”为负数，按 0 计", qty.text),
        );
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
    // A threshold beyond the decimal's limit is beyond any actual value.
    if t > Decimal::ZERO && t.checked_mul(ctx.s.over_threshold).is_some_and(|limit| a >= limit) {
        rc.flags.push(Flag::new(
            IssueCode::OverAchievement,
            "完成值高于指标值较多".into(),
            "请分析是否年初指标值设定偏低",
        ));
    }
}

/// The numeric target of a positive/reverse/equal row.
fn numeric_target<'v>(ctx: &mut Ctx, rc: &RowCtx, t: &'v Value, m: Method) -> Result<&'v Quantity, Field> {
    match t {
        Value::Number { qty, .. } => Ok(qty),
        _ => {
            ctx.error(
                IssueCode::TargetNotNumeric,
                rc.p.field("target"),
                format!("计分方法为“{}”，但年度指标值“{}”不是数字", m.label(), value::trim(&rc.ind.target)),
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
    let raw = times_ratio(w, pr.a, pr.t);
    Outcome::Score(
        raw,
        cat(&[
            &pr.a_text,
            " < ",
            pr.t_text,
            "：",
            &fmt(w),
            " × ",
            &pr.a_text,
            " ÷ ",
            pr.t_text,
            " = ",
            &ctx.show_raw(raw),
        ]),
    )
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
            Outcome::Score(
                raw,
                cat(&["反向：", pr.t_text, " ÷ ", &pr.a_text, " × ", &fmt(w), " = ", &ctx.show_raw(raw)]),
            )
        }
        ReverseMode::Linear => {
            // An excess too many times the target for a decimal leaves nothing.
            let share =
                (pr.a - pr.t).checked_div(pr.t).map_or(Decimal::ZERO, |x| (Decimal::ONE - x).max(Decimal::ZERO));
            let raw = w * share;
            Outcome::Score(
                raw,
                format!(
                    "反向（线性）：{} × (1 − ({} − {}) ÷ {}) = {}",
                    fmt(w),
                    pr.a_text,
                    pr.t_text,
                    pr.t_text,
                    ctx.show_raw(raw)
                ),
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
        rc.flags.push(Flag::new(
            IssueCode::Deviation,
            cat(&["实际完成值 ", &pr.a_text, " 高于指标值 ", pr.t_text]),
            "请说明偏差原因",
        ));
        over_achievement(ctx, rc, pr.t, pr.a);
        return Outcome::Full(cat(&[&pr.a_text, " > ", pr.t_text, "（偏离指标值）"]));
    }
    match ctx.s.equal_mode {
        EqualMode::Ratio => {
            let raw = times_ratio(w, pr.a, pr.t);
            Outcome::Score(
                raw,
                format!(
                    "{} < {}：{} × {} ÷ {} = {}",
                    pr.a_text,
                    pr.t_text,
                    fmt(w),
                    pr.a_text,
                    pr.t_text,
                    ctx.show_raw(raw)
                ),
            )
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
        let raw = times_ratio(w, pr.a, lo.value);
        return Outcome::Score(
            raw,
            format!(
                "{} 低于区间 {}：{} × {} ÷ {} = {}",
                pr.a_text,
                range_text,
                fmt(w),
                pr.a_text,
                lo.text,
                ctx.show_raw(raw)
            ),
        );
    }
    if pr.a > hi.value {
        rc.flags.push(Flag::new(
            IssueCode::Deviation,
            cat(&["实际完成值 ", &pr.a_text, " 高于区间 ", &range_text]),
            "请说明偏差原因",
        ));
        over_achievement(ctx, rc, hi.value, pr.a);
        return Outcome::Full(cat(&[&pr.a_text, " 高于区间 ", &range_text, "（偏离指标值）"]));
    }
    Outcome::Full(cat(&[&pr.a_text, " 在区间 ", &range_text, " 之内"]))
}

/// Tier scoring (qualitative rows and late deadlines).
/// Reads the row's tier; only rows scored by tier do (§10). An invalid one is an error and
/// the row is read as having no tier.
fn read_tier(ctx: &mut Ctx, rc: &mut RowCtx) -> Option<Tier> {
    let tier = match value::trim(&rc.ind.tier) {
        "" => None,
        k => match Tier::from_key(k) {
            Some(t) => Some(t),
            None => {
                ctx.error(IssueCode::InvalidTier, rc.p.field("tier"), format!("不认识的评价档次“{}”", k));
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
        return Outcome::Score(
            raw,
            cat(&[
                lead,
                "定性评价“",
                t.label(),
                "” → ",
                &fmt(rc.w),
                " × ",
                &fmt(t.default_share() * Decimal::ONE_HUNDRED),
                "% = ",
                &ctx.show_raw(raw),
            ]),
        );
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
        return Outcome::Full(cat(&["“", &value::normalized(actual), "”，按期完成（时限 ", &due_text(), "）"]));
    }
    if let Some(p) = value::parse_date(actual) {
        if let Some(done) = p.end(ctx.year) {
            if done <= due {
                return Outcome::Full(cat(&[&p.describe(ctx.year), " 不晚于 ", &due_text()]));
            }
            let lead = cat(&[&p.describe(ctx.year), " 晚于 ", &due_text(), "："]);
            return rule_tier(ctx, rc, &lead);
        }
    }
    let lead = cat(&["未按时限 ", &due_text(), " 读出完成日期："]);
    rule_tier(ctx, rc, &lead)
}

/// Scores row `i` into `result`, the row's [`IndicatorResult::pending`] that the caller has
/// already placed in the result list (returned by value, a result was copied twice per row).
pub(crate) fn score_indicator<'a>(
    ctx: &mut Ctx,
    i: usize,
    ind: &'a Indicator,
    result: &mut IndicatorResult,
) -> Row<'a> {
    let p = RowPath(i);
    let mut blockers: Vec<Field> = Vec::new();
    let name = RowName(i, value::trim(&ind.name));

    // Method and tier as chosen.
    let method_text = value::trim(&ind.method);
    let chosen = match method_text {
        "" | "auto" => None,
        k => match Method::from_key(k) {
            Some(m) => Some(m),
            None => {
                ctx.error(
                    IssueCode::InvalidMethod,
                    p.field("method"),
                    format!("不认识的计分方法“{}”，已按自动识别处理", k),
                );
                None
            }
        },
    };

    let Weight { counted, valid: weight } = read_weight(ctx, &ind.weight, None, || p.field("weight"), &name);

    let mut row = Row {
        score: None,
        level1: value::trim(&ind.level1),
        level2: value::trim(&ind.level2),
        weight: counted,
        excluded: false,
    };

    if chosen == Some(Method::NotApplicable) {
        row.excluded = true;
        result.method = Some(Method::NotApplicable.key());
        result.status = RowStatus::NotApplicable;
        result.explanation = "不适用：本行不计分，总分按其余分值折算".into();
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
    result.method = method.map(Method::key);
    if matches!(t, Value::Empty) && method != Some(Method::Manual) {
        ctx.error(IssueCode::TargetEmpty, p.field("target"), format!("{}还没有填写年度指标值", name));
        blockers.push(Field::Target);
    }
    if value::trim(&ind.actual).is_empty() {
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
                    Method::Positive => rule_positive(ctx, &mut rc, tq),
                    Method::Reverse => rule_reverse(ctx, &mut rc, tq),
                    _ => rule_equal(ctx, &mut rc, tq),
                },
            },
            Method::Range => match &t {
                Value::Range { lo, hi } => rule_range(ctx, &mut rc, lo, hi),
                _ => {
                    ctx.error(
                        IssueCode::TargetNotRange,
                        p.field("target"),
                        format!("计分方法为“区间”，但年度指标值“{}”不是区间（如 90%-100%）", value::trim(&ind.target)),
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
                            IssueCode::TargetNotDate,
                            p.field("target"),
                            format!("计分方法为“时限”，但年度指标值“{}”读不出日期（如 2021年12月底前；没有年份时需填写表头年度）", value::trim(&ind.target)),
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
    let manual = if value::trim(&ind.score).is_empty() {
        None
    } else {
        match read_plain_decimal(&ind.score, true) {
            Err(msg) => {
                ctx.error(IssueCode::ManualScoreInvalid, p.field("score"), format!("人工得分{}，已按计算得分", msg));
                None
            }
            Ok(None) => None,
            Ok(Some(m)) if weight.is_some() && (m < Decimal::ZERO || m > w) => {
                ctx.error(
                    IssueCode::ManualScoreOutOfRange,
                    p.field("score"),
                    format!("人工得分 {} 超出 0 到分值 {} 的范围，已按计算得分", fmt(m), fmt(w)),
                );
                None
            }
            Ok(Some(m)) => match rc.tier {
                Some(tr) if weight.is_some() && !tr.contains(m, w) => {
                    ctx.error(
                        IssueCode::ManualScoreOutOfTier,
                        p.field("score"),
                        format!(
                            "人工得分 {} 不在“{}”档的范围 {} 内，已按该档默认分计",
                            fmt(m),
                            tr.label(),
                            tr.range_text(w)
                        ),
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
    // The explanation ends with the score, written once for the explanation and the 得分.
    let arrow = |mut e: String, s: Decimal| {
        let text = fmt(s);
        e.push_str(" → ");
        e.push_str(&text);
        (s, e, text)
    };
    let computed: Option<(Decimal, String, String)> = match outcome {
        Some(Outcome::Score(raw, e)) => Some(arrow(e, ctx.final_score(raw, w))),
        Some(Outcome::Full(e)) => Some(arrow(e, w)),
        _ => None,
    };
    // Only a missing tier or manual decision may be replaced by a manual score.
    let manual_may_replace = matches!(blocked_at, None | Some(Field::Tier) | Some(Field::Score));

    let mut computed = computed;
    let final_score = match (manual.filter(|_| manual_may_replace), &mut computed) {
        (Some(m), comp) => {
            let m = ctx.final_score(m, w);
            let text = fmt(m);
            result.status = RowStatus::Manual;
            result.explanation = match comp {
                Some((_, e, _)) => cat(&["人工评分 ", &text, "（计算：", e, "）"]),
                None => cat(&["人工评分 ", &text]),
            };
            if let Some((c, _, c_text)) = comp {
                if *c != m {
                    rc.flags.push(Flag::new(
                        IssueCode::ManualScoreDiffers,
                        cat(&["人工得分 ", &text, " 与计算得分 ", c_text, " 不同"]),
                        "请说明理由",
                    ));
                }
            }
            result.score = Some(text);
            Some(m)
        }
        (None, Some((c, e, text))) => {
            result.status = RowStatus::Scored;
            result.explanation = std::mem::take(e);
            result.score = Some(std::mem::take(text));
            Some(*c)
        }
        (None, None) => {
            let f = blocked_at.unwrap_or(Field::Score);
            if f == Field::Score {
                ctx.info(
                    IssueCode::ManualScoreRequired,
                    p.field("score"),
                    format!("{}需人工评分：请在“得分”中填写 0 到 {} 之间的分数，并说明理由", name, fmt(w)),
                );
            }
            ctx.info(IssueCode::RowPending, p.field(f.key()), cat(&[&name.text(), "待填：", f.label()]));
            result.explanation = match f {
                Field::Tier => "待评：实际完成值与年度指标值不一致，请选择定性评价档次".into(),
                Field::Score => "待评：需人工评分".into(),
                f => cat(&["待填：", f.label()]),
            };
            None
        }
    };

    row.score = final_score;

    // Flags and the reason they ask for (§4). Messages are built only when shown.
    let has_reason = !value::trim(&ind.reason).is_empty();
    for f in &rc.flags {
        let path = if f.code == IssueCode::ManualScoreDiffers { p.field("score") } else { p.field("actual") };
        if has_reason {
            ctx.info(f.code, path, cat(&[&f.what, "（已说明原因）"]));
        } else {
            ctx.warning(f.code, path, cat(&[&f.what, "，", f.ask]));
        }
    }
    let below = final_score.filter(|s| *s < w);
    if !has_reason && (below.is_some() || !rc.flags.is_empty()) {
        let mut why: Vec<String> = below.map(|s| cat(&["得分 ", &fmt(s), " 低于分值 ", &fmt(w)])).into_iter().collect();
        why.extend(rc.flags.iter().map(|f| f.what.clone()));
        ctx.warning(
            IssueCode::ReasonMissing,
            p.field("reason"),
            cat(&[&name.text(), "需填写偏差原因分析及改进措施（", &why.join("；"), "）"]),
        );
    }
    row
}
