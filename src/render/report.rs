//! The 自评报告 (self-evaluation report) draft, written from the form and its result in the
//! order and tone of published county reports, and its printable document.
//!
//! # The text form
//!
//! [`Report::to_text`] is what the form's `report` field stores (`format.md`) and what a person
//! edits; [`Report::from_text`] reads it back:
//!
//! ```text
//! <title: one line>
//!
//! <preamble: optional, e.g. a salutation>
//!
//! 一、基本情况
//! <text: one paragraph a line>
//!
//! 二、绩效目标完成情况
//! …
//!
//! 六、改进措施
//! …
//!
//! <closing: the 实施单位 and the date, one a line>
//! ```
//!
//! A heading is a line that is the *next* Chinese numeral in sequence (一、, then 二、 …),
//! then `、` and a short title without sentence punctuation. So a person may rename a heading
//! or add a 七、, and a list inside a section (（一）, 1., or a 一、 out of sequence) is never
//! taken for one. The closing is the last paragraph (after a blank line) of the last section
//! when it is at most three short lines without final punctuation whose last line holds a
//! digit (the date); otherwise it stays in the section.
//!
//! Every number the draft writes comes from the result or the form as the engine reads it;
//! counts and differences the result does not hold are never written (`tests/render.rs`
//! checks this for every number of the text).

use super::chart::write_chart;
use super::form::missing_box;
use super::html::{close_document, open_document, Out};
use super::{
    amount_text, budget_weight, column_value, groups, lost_points, path_index, subtotal, weight_text, year_text,
    Missing, PrintOptions,
};
use crate::model::{Column, Form, Indicator};
use crate::result::{IssueCode, RowStatus, ScoreResult};

/// The headings of a draft, in order (without their numerals).
pub const SECTION_TITLES: [&str; 6] =
    ["基本情况", "绩效目标完成情况", "自评结论", "绩效指标完成情况", "存在问题及原因", "改进措施"];

/// One section: its heading (without the numeral, which is its position) and its text, one
/// paragraph a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub text: String,
}

/// A 自评报告: a title, an optional preamble, the sections and the signature block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// `<项目名称>项目 2021 年度绩效自评报告`.
    pub title: String,
    /// Text between the title and the first heading (a salutation, an introduction); empty in a
    /// draft.
    pub preamble: String,
    pub sections: Vec<Section>,
    /// The signature: the 实施单位 and the date, one a line.
    pub closing: String,
}

const EMPTY: &str = "（待填）";

/// `s`, or 「（待填）」 when empty.
fn or_pending(s: &str) -> &str {
    let s = s.trim();
    if s.is_empty() {
        EMPTY
    } else {
        s
    }
}

/// `s` as a sentence: trimmed, ending in 。 (unless it already ends a sentence).
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        return format!("{EMPTY}。");
    }
    let s = inline(s);
    match s.chars().last() {
        Some('。' | '！' | '？' | '.' | '!' | '?') => s,
        Some('；' | '，' | ';' | ',' | '：' | ':') => {
            let mut s = s;
            s.pop();
            s.push('。');
            s
        }
        _ => s + "。",
    }
}

/// One line of user text for a paragraph (line breaks folded into spaces).
fn inline(s: &str) -> String {
    s.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// `8.89 万元`, or 「待填」 for an empty amount.
fn wan(v: &str) -> String {
    if v.is_empty() {
        "待填".into()
    } else {
        format!("{v} 万元")
    }
}

/// The Chinese numeral of position `k` (0 → 一, 9 → 十, 10 → 十一, 19 → 二十 …, up to 99).
pub fn numeral(k: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let n = k + 1;
    match n {
        1..=9 => D[n].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// A target or actual in a sentence: a number as is after a space (`年度指标值 40家`), words
/// in quotes (`年度指标值“完善”`).
fn val(s: &str) -> String {
    let s = inline(s);
    if s.is_empty() {
        return EMPTY.into();
    }
    let numeric =
        s.chars().next().is_some_and(|c| c.is_ascii_digit() || "≥≤<>=＞＜＝≧≦‹›≯≮═〓０１２３４５６７８９".contains(c));
    if numeric {
        format!(" {s}")
    } else {
        format!("“{s}”")
    }
}

/// The name of a row for a sentence.
fn name(ind: &Indicator) -> String {
    let n = inline(&ind.name);
    if n.is_empty() {
        "未命名指标".into()
    } else {
        n
    }
}

/// The draft of the 自评报告 for a form and its result, signed with the 实施单位 and `date`
/// (as given, e.g. `2022年3月7日`).
pub fn report_draft(form: &Form, result: &ScoreResult, date: &str) -> Report {
    let year = year_text(form);
    let project = super::project_stem(form);
    let title = if year.is_empty() {
        format!("{}项目绩效自评报告", project)
    } else {
        format!("{}项目 {} 年度绩效自评报告", project, year)
    };
    let texts = [
        basics(form, &year),
        goals(form, result),
        conclusion(form, result),
        indicators(form, result),
        problems(form, result),
        measures(form, result),
    ];
    let sections = SECTION_TITLES.iter().zip(texts).map(|(t, text)| Section { title: t.to_string(), text }).collect();
    let closing = [inline(&form.implementer), date.trim().to_string()]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Report { title, preamble: String::new(), sections, closing }
}

/// The report of a form: its edited `report` text when it has one, else the draft signed
/// `date`.
pub fn report_of(form: &Form, result: &ScoreResult, date: &str) -> Report {
    match &form.report {
        Some(text) => Report::from_text(text),
        None => report_draft(form, result, date),
    }
}

/// The numbers a text quotes (`39.25%` → 39.25, `3.90` → 3.9), each with how many times.
fn quoted_numbers(text: &str) -> std::collections::BTreeMap<rust_decimal::Decimal, usize> {
    let mut out = std::collections::BTreeMap::new();
    let mut digits = String::new();
    let mut flush = |digits: &mut String| {
        if let Ok(d) = digits.trim_end_matches('.').parse::<rust_decimal::Decimal>() {
            *out.entry(d.normalize()).or_insert(0) += 1;
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (c == '.' && !digits.is_empty() && !digits.contains('.')) {
            digits.push(c);
        } else {
            flush(&mut digits);
        }
    }
    flush(&mut digits);
    out
}

/// Whether `a` quotes some number more often than `b` does.
fn quotes_more(
    a: &std::collections::BTreeMap<rust_decimal::Decimal, usize>,
    b: &std::collections::BTreeMap<rust_decimal::Decimal, usize>,
) -> bool {
    a.iter().any(|(d, n)| b.get(d).copied().unwrap_or(0) < *n)
}

/// The positions of the sections of an edited report that quote numbers the form no longer
/// gives, so the app can say which ones to check or regenerate.
///
/// A section is stale when it quotes a number more often than its fresh draft (the same
/// position, from the current form and result) does, *and* the fresh draft quotes a number
/// more often than the section: a number was replaced (`实际完成值 40家` where the draft now
/// says `30家`, even when 40 is still the target). A section where the person only added numbers of their own
/// (`召开 3 次会议`), or only cut sentences, is not stale. Sections past the draft's six are
/// the person's own and never stale.
pub fn stale_sections(form: &Form, result: &ScoreResult, report: &Report) -> Vec<usize> {
    report.stale_against(&report_draft(form, result, ""))
}

/// 一、基本情况: the project, its units, its funds by source.
fn basics(form: &Form, year: &str) -> String {
    let mut lines = vec![format!(
        "本项目为{}，主管部门为{}，实施单位为{}。",
        or_pending(&inline(&form.project)),
        or_pending(&inline(&form.department)),
        or_pending(&inline(&form.implementer))
    )];
    let when = if year.is_empty() { String::new() } else { format!("{year} 年度") };
    lines.push(format!(
        "{}项目资金年初预算数 {}，全年预算数 {}，全年执行数 {}。",
        when,
        wan(&column_value(form, Column::Initial)),
        wan(&column_value(form, Column::Annual)),
        wan(&column_value(form, Column::Executed))
    ));
    let sources: Vec<String> = form
        .funds
        .sources
        .iter()
        .filter_map(|s| {
            let cells: Vec<String> = [Column::Annual, Column::Executed]
                .into_iter()
                .filter(|c| !s.get(*c).trim().is_empty())
                .map(|c| format!("{} {}", c.label(), wan(&amount_text(s.get(c)))))
                .collect();
            (!cells.is_empty()).then(|| format!("{}{}", or_pending(&inline(&s.label)), cells.join("、")))
        })
        .collect();
    if !sources.is_empty() {
        lines.push(format!("其中：{}。", sources.join("；")));
    }
    lines.join("\n")
}

/// 二、绩效目标完成情况: the expected goal against what was achieved.
fn goals(form: &Form, result: &ScoreResult) -> String {
    let mut lines = vec![
        format!("年度预期目标：{}", sentence(&form.goals.expected)),
        format!("实际完成情况：{}", sentence(&form.goals.achieved)),
    ];
    let rows: Vec<(&Indicator, &crate::result::IndicatorResult)> = result
        .indicators
        .iter()
        .filter_map(|r| form.indicators.get(r.index).map(|i| (i, r)))
        .filter(|(i, _)| !i.is_breakdown())
        .collect();
    let pending = rows.iter().any(|(_, r)| r.status == RowStatus::Pending);
    let lost = rows.iter().any(|(i, r)| lost_points(i, r));
    if !rows.is_empty() {
        lines.push(
            match (lost, pending) {
                (false, false) => "从绩效指标看，各项指标均已完成年度指标值。",
                (true, false) => "从绩效指标看，部分指标未完全达到年度指标值，具体情况见第四部分。",
                (false, true) => "从绩效指标看，已评价的指标均已完成年度指标值，尚有指标待填。",
                (true, true) => "从绩效指标看，部分指标未完全达到年度指标值，尚有指标待填，具体情况见第四部分。",
            }
            .to_string(),
        );
    }
    lines.join("\n")
}

/// Whether the total is rescaled (a not-applicable row, or a budget row that is n/a).
fn rescaled(form: &Form, result: &ScoreResult) -> bool {
    let budget_na = result.execution_rate.is_none()
        && result.budget_score.is_none()
        && !result.issues.iter().any(|i| i.path.starts_with("funds") && i.code == IssueCode::RowPending)
        && !result.issues.iter().any(|i| i.code == IssueCode::ExecutionWithoutBudget)
        && result.budget_explanation.contains("不适用");
    budget_na
        || result.indicators.iter().any(|r| {
            r.status == RowStatus::NotApplicable && form.indicators.get(r.index).is_some_and(|i| !i.is_breakdown())
        })
}

/// The budget row in one clause: `预算执行率 39.25%，得分 3.9 分（分值 10 分）`.
fn budget_clause(form: &Form, result: &ScoreResult) -> String {
    let w = budget_weight(form);
    match (&result.execution_rate, &result.budget_score) {
        (Some(rate), Some(s)) => format!("预算执行率 {rate}%，得分 {s} 分（分值 {w} 分）"),
        (None, Some(s)) => format!("预算执行率不适用，按设置得 {s} 分（分值 {w} 分）"),
        (Some(rate), None) => format!("预算执行率 {rate}%，得分待定（分值 {w} 分）"),
        (None, None) if rescaled_budget(result) => {
            format!("全年预算数与执行数均为 0，预算执行率不适用，不计分（分值 {w} 分）")
        }
        (None, None) => format!("预算执行率待填，得分待定（分值 {w} 分）"),
    }
}

fn rescaled_budget(result: &ScoreResult) -> bool {
    result.execution_rate.is_none() && result.budget_score.is_none() && result.budget_explanation.contains("不适用")
}

/// 三、自评结论: the total and grade, the budget row, each 一级.
fn conclusion(form: &Form, result: &ScoreResult) -> String {
    let missing = Missing::of(form, result);
    let mut lines = Vec::new();
    match (&result.total, &result.grade) {
        (Some(t), Some(g)) if !missing.provisional => {
            lines.push(format!("经自评，本项目总分 {t} 分，自评等级为“{g}”。"))
        }
        (Some(t), Some(g)) => {
            let mut why = Vec::new();
            if result.pending > 0 {
                why.push(format!("尚有 {} 项待填", result.pending));
            }
            if missing.errors > 0 {
                why.push("尚有错误待改正".to_string());
            }
            lines.push(format!("本表{}，按现有内容计，总分 {t} 分，自评等级为“{g}”，均为暂定。", why.join("、")));
        }
        _ => lines.push("本表尚未填写完整，总分和等级暂无法计算。".into()),
    }
    let mut parts = vec![budget_clause(form, result)];
    for st in &result.subtotals {
        parts.push(format!("{}得分 {} 分（分值 {} 分）", inline(&st.level1), st.score, st.weight));
    }
    lines.push(format!("其中：{}。", parts.join("；")));
    if rescaled(form, result) {
        lines.push("不适用的内容不计分，总分按其余分值折算为百分制。".into());
    }
    lines.join("\n")
}

/// One sentence for an indicator row.
fn indicator_sentence(ind: &Indicator, r: Option<&crate::result::IndicatorResult>) -> String {
    let (t, a) = (val(&ind.target), val(&ind.actual));
    if ind.is_breakdown() {
        return format!("{}：年度指标值{t}，实际完成值{a}（明细，不计分）。", name(ind));
    }
    let level2 = inline(&ind.level2);
    let head = if level2.is_empty() { name(ind) } else { format!("{}（{}）", name(ind), level2) };
    let w = weight_text(&ind.weight);
    let w = if w.is_empty() { "待填".to_string() } else { format!("{w} 分") };
    let Some(r) = r else {
        return format!("{head}：年度指标值{t}，实际完成值{a}，得分待定。");
    };
    let score = r.score.as_deref().unwrap_or("");
    let tail = match r.status {
        RowStatus::NotApplicable => format!("本项不适用，不计分（分值 {w}）。"),
        RowStatus::Pending => format!("尚未评分，待补充或修改（分值 {w}）。"),
        _ if lost_points(ind, r) => {
            let how = if r.status == RowStatus::Manual { "人工评分" } else { "得分" };
            let reason = inline(&ind.reason);
            let reason = if reason.is_empty() { "待说明。".to_string() } else { sentence(&reason) };
            format!("{how} {score} 分（分值 {w}），未完全达到年度指标值。偏差原因：{reason}")
        }
        RowStatus::Manual => format!("人工评分 {score} 分（分值 {w}）。"),
        _ => format!("得分 {score} 分（分值 {w}），达到年度指标值。"),
    };
    format!("{head}：年度指标值{t}，实际完成值{a}，{tail}")
}

/// 四、绩效指标完成情况: each 一级 with its subtotal, then one sentence per row.
fn indicators(form: &Form, result: &ScoreResult) -> String {
    let mut lines = Vec::new();
    for (k, g1) in groups(form).iter().enumerate() {
        let label = if g1.label.is_empty() { "未分类指标".to_string() } else { inline(&g1.label) };
        match subtotal(result, &g1.label) {
            Some(st) => {
                lines.push(format!("（{}）{}：分值 {} 分，得分 {} 分。", numeral(k), label, st.weight, st.score))
            }
            None => lines.push(format!("（{}）{}：", numeral(k), label)),
        }
        for g2 in &g1.items {
            for &i in &g2.items {
                lines.push(indicator_sentence(&form.indicators[i], result.indicator(i)));
            }
        }
    }
    if lines.is_empty() {
        lines.push("本表尚未填写绩效指标。".into());
    }
    lines.join("\n")
}

/// A problem found: what (one sentence), whose reason, and the reason.
struct Problem {
    text: String,
    who: String,
    reason: String,
}

fn problem_list(form: &Form, result: &ScoreResult) -> Vec<Problem> {
    let mut out = Vec::new();
    let rate = result.execution_rate.as_deref().unwrap_or("");
    let funds_reason = inline(&form.funds.reason);
    for i in &result.issues {
        if i.path != "funds" {
            continue;
        }
        let text = match i.code {
            IssueCode::ExecutionBelow90 => format!("预算执行率 {rate}%，低于 90%。"),
            IssueCode::ExecutionAboveBudget => format!("预算执行率 {rate}%，超过 100%。"),
            _ => continue,
        };
        out.push(Problem { text, who: "预算执行".into(), reason: funds_reason.clone() });
    }
    // The flags of each row, found once (a form may have hundreds of rows and issues).
    let mut flags: Vec<(bool, bool)> = vec![(false, false); form.indicators.len()];
    for i in &result.issues {
        if let Some(f) = path_index(&i.path).and_then(|k| flags.get_mut(k)) {
            f.0 |= i.code == IssueCode::OverAchievement;
            f.1 |= i.code == IssueCode::Deviation;
        }
    }
    for g1 in groups(form) {
        for g2 in &g1.items {
            for &k in &g2.items {
                let ind = &form.indicators[k];
                let Some(r) = result.indicator(k) else { continue };
                let (t, a) = (val(&ind.target), val(&ind.actual));
                let reason = inline(&ind.reason);
                if lost_points(ind, r) {
                    out.push(Problem {
                        text: format!(
                            "{}：年度指标值{t}，实际完成值{a}，得分 {} 分（分值 {} 分），未完全达到年度指标值。",
                            name(ind),
                            r.score.as_deref().unwrap_or(""),
                            weight_text(&ind.weight)
                        ),
                        who: name(ind),
                        reason: reason.clone(),
                    });
                }
                // Over-achievement says more than a deviation: one line a row.
                let (over, deviation) = flags[k];
                let text = if over {
                    format!("{}：实际完成值{a}，明显高于年度指标值{t}，年初指标值可能设定偏低。", name(ind))
                } else if deviation {
                    format!("{}：实际完成值{a}，偏离年度指标值{t}。", name(ind))
                } else {
                    continue;
                };
                out.push(Problem { text, who: name(ind), reason });
            }
        }
    }
    out
}

/// 五、存在问题及原因.
fn problems(form: &Form, result: &ScoreResult) -> String {
    let mut lines: Vec<String> = problem_list(form, result)
        .into_iter()
        .map(|p| {
            let reason = if p.reason.is_empty() { "待说明。".to_string() } else { sentence(&p.reason) };
            format!("{}原因：{}", p.text, reason)
        })
        .collect();
    let missing = Missing::of(form, result);
    if missing.provisional {
        lines.push(if result.pending > 0 {
            format!("自评表尚有 {} 项待填，总分和等级为暂定，需补充完整后再行确认。", result.pending)
        } else {
            "自评表尚有错误待改正，总分和等级为暂定，需改正后再行确认。".into()
        });
    }
    if lines.is_empty() {
        lines.push("本项目预算执行和各项绩效指标均达到预期，未发现明显问题。".into());
    }
    lines.join("\n")
}

/// 六、改进措施: the measures the reasons name, then the unit's commitment.
fn measures(form: &Form, result: &ScoreResult) -> String {
    let list = problem_list(form, result);
    // One line per distinct reason, with the rows that give it (at most five named).
    let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
    for p in &list {
        if p.reason.is_empty() {
            continue;
        }
        match by_reason.iter_mut().find(|(r, _)| *r == p.reason) {
            Some((_, who)) => {
                if !who.contains(&p.who) {
                    who.push(p.who.clone());
                }
            }
            None => by_reason.push((p.reason.clone(), vec![p.who.clone()])),
        }
    }
    let mut lines: Vec<String> = by_reason
        .iter()
        .map(|(reason, who)| {
            let names = if who.len() > 5 { format!("{}等", who[..5].join("、")) } else { who.join("、") };
            format!("针对{}：{}", names, sentence(reason))
        })
        .collect();
    let below = list.iter().any(|p| p.who == "预算执行" && p.text.contains("低于"));
    let missed = list.iter().any(|p| p.who != "预算执行" && p.text.contains("未完全达到"));
    let over = result.issues.iter().any(|i| matches!(i.code, IssueCode::OverAchievement | IssueCode::Deviation));
    let unit = inline(&form.implementer);
    let unit = if unit.is_empty() { "我单位".to_string() } else { unit };
    let mut steps = String::new();
    if below {
        steps.push_str("加快预算执行进度，确保资金及时拨付使用；");
    }
    if missed {
        steps.push_str("对未完成的绩效指标逐项分析原因、落实整改；");
    }
    if over {
        steps.push_str("结合实际完成情况科学合理设定年度指标值；");
    }
    lines.push(format!(
        "下一步，{unit}将{steps}严格按照预算管理要求做好项目测算和资金管理，做到专款专用，加强绩效运行监控，提高财政资金使用效益。"
    ));
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------------
// The text form

/// Whether `line` is the heading of section `k` (0-based): `<numeral k>、<short title>`.
fn heading(line: &str, k: usize) -> Option<&str> {
    let rest = line.trim().strip_prefix(numeral(k).as_str())?;
    let title = rest.strip_prefix('、').or_else(|| rest.strip_prefix('，'))?.trim();
    let ok = !title.is_empty()
        && title.chars().count() <= 30
        && !title.contains(['。', '，', '；', '：', ',', ';', ':', '！', '？', '!', '?']);
    ok.then_some(title)
}

/// Lines trimmed of blank lines at both ends, joined, each line's trailing spaces removed.
fn block(lines: &[&str]) -> String {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(start, |e| e + 1);
    lines[start..end].join("\n")
}

/// Whether a paragraph is a signature block: at most three short lines, none ending a
/// sentence, the last holding a digit (the date).
fn is_closing(par: &str) -> bool {
    let lines: Vec<&str> = par.lines().collect();
    !lines.is_empty()
        && lines.len() <= 3
        && lines
            .iter()
            .all(|l| l.chars().count() <= 40 && !l.trim_end().ends_with(['。', '；', '，', '：', '.', ';', ',', ':']))
        && lines.last().is_some_and(|l| l.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
}

impl Report {
    /// The positions of this report's sections that quote numbers `fresh`, the draft of the
    /// current form, no longer gives ([`stale_sections`]).
    pub fn stale_against(&self, fresh: &Report) -> Vec<usize> {
        self.sections
            .iter()
            .zip(&fresh.sections)
            .enumerate()
            .filter(|(_, (old, new))| {
                let (old, new) = (quoted_numbers(&old.text), quoted_numbers(&new.text));
                quotes_more(&old, &new) && quotes_more(&new, &old)
            })
            .map(|(k, _)| k)
            .collect()
    }

    /// The report as text, the headings numbered by position (see the module docs).
    pub fn to_text(&self) -> String {
        let mut parts: Vec<String> = vec![self.title.trim().to_string()];
        if !self.preamble.trim().is_empty() {
            parts.push(self.preamble.trim_end().to_string());
        }
        for (k, s) in self.sections.iter().enumerate() {
            let head = format!("{}、{}", numeral(k), s.title.trim());
            parts.push(if s.text.trim().is_empty() { head } else { format!("{head}\n{}", s.text.trim_end()) });
        }
        if !self.closing.trim().is_empty() {
            parts.push(self.closing.trim().to_string());
        }
        parts.join("\n\n") + "\n"
    }

    /// Reads edited text back into its parts (see the module docs): the title is the first
    /// line, the preamble what comes before the first heading, each section what follows its
    /// heading, the closing the last section's final short paragraph. Never fails: text without
    /// headings is a title and a preamble.
    pub fn from_text(text: &str) -> Report {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = text.lines().collect();
        let mut heads: Vec<(usize, String)> = Vec::new();
        for (n, l) in lines.iter().enumerate() {
            if let Some(t) = heading(l, heads.len()) {
                heads.push((n, t.to_string()));
            }
        }
        let first = heads.first().map_or(lines.len(), |h| h.0);
        let head = block(&lines[..first]);
        let (title, preamble) = match head.split_once('\n') {
            Some((t, rest)) => (t.trim().to_string(), block(&rest.lines().collect::<Vec<_>>())),
            None => (head.trim().to_string(), String::new()),
        };
        let mut sections: Vec<Section> = heads
            .iter()
            .enumerate()
            .map(|(k, (n, t))| {
                let end = heads.get(k + 1).map_or(lines.len(), |h| h.0);
                Section { title: t.clone(), text: block(&lines[n + 1..end]) }
            })
            .collect();
        let mut closing = String::new();
        if let Some(last) = sections.last_mut() {
            let (body, par) = match last.text.rfind("\n\n") {
                Some(p) => (&last.text[..p], &last.text[p + 2..]),
                None => ("", last.text.as_str()),
            };
            // The section's own text is never only a signature.
            if !body.trim().is_empty() && is_closing(par) {
                closing = block(&par.lines().collect::<Vec<_>>());
                last.text = block(&body.lines().collect::<Vec<_>>());
            }
        }
        Report { title, preamble, sections, closing }
    }
}

// ---------------------------------------------------------------------------------------------
// The printable report

const CSS: &str = "\
h2 { font-size: 12pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid; }\n\
p.par { margin: 0 0 4pt; text-indent: 2em; white-space: pre-wrap; overflow-wrap: anywhere; orphans: 2; widows: 2; }\n\
.preamble p.par:first-child { text-indent: 0; }\n\
figure.chart { margin: 6pt 0 8pt; break-inside: avoid; page-break-inside: avoid; }\n\
figure.chart figcaption { font-size: 9pt; margin-top: 2pt; }\n\
svg.chart { max-width: 100%; height: auto; font-family: inherit; }\n\
.closing { margin-top: 18pt; text-align: right; break-inside: avoid; page-break-inside: avoid; }\n\
.closing p { margin: 0; }\n\
";

fn paragraphs(out: &mut Out, text: &str) {
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        out.el("p", "par", line).raw("\n");
    }
}

/// The report as a standalone printable document: title, the box of what is missing (scores
/// provisional), the sections, the chart of scores after the 自评结论 (or at the end), and the
/// signature.
pub fn report_html(form: &Form, result: &ScoreResult, report: &Report, opts: &PrintOptions) -> String {
    let mut out = Out::with_capacity(8192 + report.sections.iter().map(|s| s.text.len() * 2).sum::<usize>());
    open_document(&mut out, report.title.trim(), opts.landscape, CSS);
    out.el("h1", "", report.title.trim()).raw("\n");
    missing_box(&mut out, &Missing::of(form, result));
    if !report.preamble.trim().is_empty() {
        out.raw("<div class=\"preamble\">\n");
        paragraphs(&mut out, &report.preamble);
        out.raw("</div>\n");
    }
    let chart_at = report.sections.iter().position(|s| s.title.trim() == SECTION_TITLES[2]);
    let figure = |out: &mut Out| {
        out.raw("<figure class=\"chart\">\n");
        write_chart(out, form, result);
        out.raw("<figcaption>图：预算执行率及各一级指标得分与分值</figcaption>\n</figure>\n");
    };
    for (k, s) in report.sections.iter().enumerate() {
        out.raw("<section>\n<h2>").text(&numeral(k)).raw("、").text(s.title.trim()).raw("</h2>\n");
        paragraphs(&mut out, &s.text);
        if chart_at == Some(k) {
            figure(&mut out);
        }
        out.raw("</section>\n");
    }
    if chart_at.is_none() {
        figure(&mut out);
    }
    if !report.closing.trim().is_empty() {
        out.raw("<div class=\"closing\">\n");
        for line in report.closing.lines().filter(|l| !l.trim().is_empty()) {
            out.el("p", "", line.trim()).raw("\n");
        }
        out.raw("</div>\n");
    }
    close_document(&mut out);
    out.s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        let got: Vec<String> = [0, 5, 9, 10, 11, 19, 20, 98].iter().map(|&k| numeral(k)).collect();
        assert_eq!(got, ["一", "六", "十", "十一", "十二", "二十", "二十一", "九十九"]);
    }

    #[test]
    fn headings_in_sequence_only() {
        assert_eq!(heading("一、基本情况", 0), Some("基本情况"));
        assert_eq!(heading("  二、自定义标题  ", 1), Some("自定义标题"));
        assert_eq!(heading("一、基本情况", 1), None);
        assert_eq!(heading("一、这是一句话，不是标题。", 0), None);
        assert_eq!(heading("一、", 0), None);
    }

    #[test]
    fn quoted_numbers_are_decimals() {
        let got: Vec<String> = quoted_numbers("执行率 39.25%，得分 3.90 分；第 4. 项，2021年，3.9")
            .iter()
            .map(|(d, n)| format!("{d}×{n}"))
            .collect();
        assert_eq!(got, ["3.9×2", "4×1", "39.25×1", "2021×1"]);
    }

    #[test]
    fn sentences() {
        assert_eq!(sentence("完成"), "完成。");
        assert_eq!(sentence("完成。"), "完成。");
        assert_eq!(sentence("完成；"), "完成。");
        assert_eq!(sentence(""), "（待填）。");
        assert_eq!(sentence("第一行\n第二行"), "第一行 第二行。");
    }
}
