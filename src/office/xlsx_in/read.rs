//! Finding the form in one worksheet by its labels ([`crate::layout`]), wherever they sit.
//!
//! Labels are compared after [`value::normalize`]: white space and line breaks dropped
//! (`年度\n指标值`, `三 级 指 标`), full-width forms folded (`项目资金(万元)`). A label may be
//! followed by a note in brackets or after a colon (`年初预算数（万元）`, `项目名称：`). See the
//! module docs of [`super`] for the layouts read.

use super::grid::Grid;
use crate::layout::{self, IndicatorColumn};
use crate::model::{Column, Form, Indicator, Source};
use crate::value;

/// Column names of the 云南 layout, which splits 年度指标值 into three columns.
const NATURE: &str = "指标性质";
const MEASURE_UNIT: &[&str] = &["度量单位", "计量单位"];
/// Other names of the target and actual columns, seen on older and provincial forms
/// (`指标值` is also the value column of the 云南 split).
const TARGET_ALIASES: &[&str] = &["指标值", "全年指标值"];
const ACTUAL_ALIASES: &[&str] = &["全年实际值", "实际值"];
/// The columns an indicator header must have.
const REQUIRED: [IndicatorColumn; 6] = [
    IndicatorColumn::Level1,
    IndicatorColumn::Level2,
    IndicatorColumn::Name,
    IndicatorColumn::Target,
    IndicatorColumn::Actual,
    IndicatorColumn::Weight,
];
/// A note under the table starts with one of these, followed by a colon, a number or a bracket.
const NOTE_WORDS: &[&str] = &["填表说明", "说明", "注", "备注", "附注"];
/// A signature line under the table starts with one of these.
const SIGNATURE_WORDS: &[&str] =
    &["填表人", "填报人", "单位负责人", "财务负责人", "负责人", "审核人", "联系人", "联系电话", "填报日期", "填表日期"];

/// A column of the indicator table as its header names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ind(IndicatorColumn),
    /// 指标性质 (≥, ≤, 定性 …) of the 云南 split.
    Nature,
    /// 度量单位 of the 云南 split.
    Unit,
}

/// The form read from a sheet, and what the import needs besides.
pub(crate) struct Read {
    /// The form: the header, funds and goals as found, the indicator rows without
    /// placeholders (`指标1:`) and blank rows, and the default profile.
    pub(crate) form: Form,
    /// Every row of the indicator table, in order, blank and placeholder rows included (one
    /// per sheet row, so that an exported sheet's rows match its data sheet's).
    pub(crate) rows: Vec<Indicator>,
    /// The 总分 cell as the unit filled it in (trimmed), when the sheet has a 总分 row.
    pub(crate) declared_total: Option<String>,
    /// What the sheet has a place for.
    pub(crate) found: Found,
}

/// The parts of the form a sheet shows (a part it lacks reads as empty).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) year: bool,
    /// 项目名称, 主管部门, 实施单位.
    pub(crate) header: [bool; 3],
    /// The funds block (its column names).
    pub(crate) funds: bool,
    /// The funds' 偏差原因 row.
    pub(crate) funds_reason: bool,
    pub(crate) goals: bool,
    /// The 得分 and 偏差原因分析及改进措施 columns.
    pub(crate) score: bool,
    pub(crate) reason: bool,
}

/// Why a sheet holds no form: it has no indicator header at all, or one without `missing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotFound {
    NoHeader,
    Missing {
        /// The first required column not found, as the official form names it.
        label: &'static str,
        /// The header's row (absolute, 0-based).
        row: u32,
        /// How many required columns the header has (the best partial header of a workbook
        /// names what is missing).
        found: usize,
    },
}

/// Reads the form from `grid`.
pub(crate) fn read(grid: &Grid) -> Result<Read, NotFound> {
    let header = find_header(grid)?;
    let mut form = Form::default();
    let mut found = Found {
        score: header.has(Kind::Ind(IndicatorColumn::Score)),
        reason: header.has(Kind::Ind(IndicatorColumn::Reason)),
        ..Found::default()
    };
    let top = header.row;
    let funds_row = find_funds_header(grid, top);
    let head_end = funds_row.unwrap_or(top);
    found.header = read_header_fields(grid, head_end, &mut form);
    let year = find_year(grid, head_end);
    found.year = year.is_some();
    form.year = year.unwrap_or_default();
    let mut goals_row = None;
    if let Some(r) = funds_row {
        found.funds = true;
        let (goals, reason) = read_funds(grid, r, top, &mut form);
        (goals_row, found.funds_reason) = (goals, reason);
    }
    found.goals = read_goals(grid, goals_row.unwrap_or(head_end), top, &mut form);
    let (rows, declared_total) = read_rows(grid, &header);
    form.indicators = rows.iter().filter(|r| !is_dropped(r)).cloned().collect();
    Ok(Read { form, rows, declared_total, found })
}

// ---------------------------------------------------------------------------------------------
// Labels and texts

fn norm(s: &str) -> String {
    value::normalize(s)
}

/// Whether a normalized cell text is `label`, possibly followed by a note (`（万元）`, `：`).
fn is_label(cell: &str, label: &str) -> bool {
    let l = value::normalized(label);
    let c = cell.trim_start_matches('*');
    match c.strip_prefix(l.as_ref()) {
        Some("") => true,
        Some(rest) => rest.starts_with(['(', '[', ':', '<', '【', '〔']),
        None => false,
    }
}

/// `text` after `label`, when it starts with it (white space inside the label ignored, full-
/// and half-width forms alike), and then after a colon: `项目名称：社保工作专项经费` gives
/// `社保工作专项经费`.
fn after_label<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let mut rest = text.trim_start();
    for want in norm(label).chars() {
        rest = rest.trim_start();
        let c = rest.chars().next()?;
        if !norm(&c.to_string()).starts_with(want) {
            return None;
        }
        rest = &rest[c.len_utf8()..];
    }
    let mut rest = rest.trim_start();
    // A note in brackets belongs to the label (`项目名称（盖章）`).
    if let Some(inner) = rest.strip_prefix(['(', '（']) {
        if let Some(close) = inner.find([')', '）']) {
            rest = inner[close..].trim_start_matches([')', '）']);
        }
    }
    Some(rest.trim_start().trim_start_matches([':', '：']).trim())
}

/// A short text (a name, a target, a header value): trimmed, its lines joined (a line break
/// in a Chinese text is only wrapping; between two Latin letters or digits it is a space).
pub(crate) fn line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for part in s.lines().map(str::trim).filter(|p| !p.is_empty()) {
        let gap = out.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
            && part.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if gap {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// A long text (a reason, a goal): trimmed, its lines kept.
fn para(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
}

/// A 一级 or 二级 label: without white space (`经济效益\n指标` is `经济效益指标`) and without a
/// weight written into it (`产出指标（50分）`, `产出指标 50 分` are `产出指标`).
fn level_label(s: &str) -> String {
    let squashed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    strip_weight(&squashed).to_string()
}

fn strip_weight(s: &str) -> &str {
    let mut t = s;
    let closed = t.ends_with([')', '）']);
    if closed {
        t = &t[..t.len() - t.chars().next_back().map_or(0, char::len_utf8)];
    }
    let fen = t.ends_with('分');
    t = t.strip_suffix('分').unwrap_or(t);
    let digits = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let had_digits = digits.len() < t.len();
    t = digits;
    let opened = t.ends_with(['(', '（']);
    if opened {
        t = &t[..t.len() - t.chars().next_back().map_or(0, char::len_utf8)];
    }
    let ok = had_digits && !t.is_empty() && closed == opened && (fen || closed);
    if ok {
        t
    } else {
        s
    }
}

/// Whether a cell text says "nothing here": a dash or a slash (`—`, `-`, `/`).
fn is_dash(s: &str) -> bool {
    let n = norm(s);
    !n.is_empty() && n.chars().all(|c| matches!(c, '-' | '—' | '–' | '―' | '─' | '/' | '\\'))
}

/// An amount or a 分值 as typed: trimmed; a dash is empty.
fn amount(s: &str) -> String {
    let t = s.trim();
    if is_dash(t) {
        String::new()
    } else {
        t.to_string()
    }
}

/// A 得分 as the unit filled it in: like an amount, and the printed form's words for "no
/// score" (`待填`, `不适用`, `无`) are empty too.
fn score(s: &str) -> String {
    let t = amount(s);
    if matches!(norm(&t).as_str(), "待填" | "不适用" | "无") {
        String::new()
    } else {
        t
    }
}

/// A placeholder row of the paper form (`指标1:`, `指标 2：`, `……`), or a blank one.
fn is_dropped(row: &Indicator) -> bool {
    if !row.is_placeholder() {
        return false;
    }
    let n = norm(&row.name);
    let numbered =
        n.strip_prefix("指标").is_some_and(|rest| rest.trim_end_matches(':').chars().all(|c| c.is_ascii_digit()));
    n.is_empty() || numbered || n.chars().all(|c| matches!(c, '.' | '…' | '。' | '·'))
}

// ---------------------------------------------------------------------------------------------
// The indicator header

struct Header {
    row: u32,
    /// The first row after the header (and the 云南 sub-header).
    data: u32,
    /// The columns of each kind, left to right.
    cols: Vec<(Kind, Vec<u32>)>,
}

impl Header {
    fn columns(&self, k: Kind) -> &[u32] {
        self.cols.iter().find(|(kind, _)| *kind == k).map_or(&[], |(_, c)| c.as_slice())
    }
    fn has(&self, k: Kind) -> bool {
        !self.columns(k).is_empty()
    }
}

fn kind_of(cell: &str) -> Option<Kind> {
    if cell.is_empty() {
        return None;
    }
    if let Some(c) = IndicatorColumn::ALL.into_iter().find(|c| is_label(cell, c.label())) {
        return Some(Kind::Ind(c));
    }
    if TARGET_ALIASES.iter().any(|l| is_label(cell, l)) {
        return Some(Kind::Ind(IndicatorColumn::Target));
    }
    if ACTUAL_ALIASES.iter().any(|l| is_label(cell, l)) {
        return Some(Kind::Ind(IndicatorColumn::Actual));
    }
    if cell.starts_with(norm(layout::FUNDS_REASON).as_str()) {
        return Some(Kind::Ind(IndicatorColumn::Reason));
    }
    if is_label(cell, NATURE) {
        return Some(Kind::Nature);
    }
    if MEASURE_UNIT.iter().any(|l| is_label(cell, l)) {
        return Some(Kind::Unit);
    }
    None
}

fn kind_at(grid: &Grid, r: u32, c: u32) -> Option<Kind> {
    kind_of(&norm(&grid.shown(r, c)))
}

/// The kinds that tell an indicator header from the funds header (which also has 分值 and 得分).
fn is_strong(k: Kind) -> bool {
    matches!(
        k,
        Kind::Ind(IndicatorColumn::Level1 | IndicatorColumn::Level2 | IndicatorColumn::Name)
            | Kind::Ind(IndicatorColumn::Target | IndicatorColumn::Actual)
            | Kind::Nature
    )
}

/// The header of row `r`, read with the row below it when that splits 年度指标值 (云南).
fn header_at(grid: &Grid, r: u32) -> Header {
    let cols = grid.cols();
    let own: Vec<Option<Kind>> = cols.clone().map(|c| kind_at(grid, r, c)).collect();
    // The row below splits the target when, under a 年度指标值 cell, it names a part of it.
    let below: Vec<Option<Kind>> =
        cols.clone().map(|c| if grid.is_origin(r + 1, c) { kind_at(grid, r + 1, c) } else { None }).collect();
    let target = Kind::Ind(IndicatorColumn::Target);
    let split = own.iter().zip(&below).any(|(o, b)| *o == Some(target) && matches!(b, Some(Kind::Nature | Kind::Unit)));
    let mut kinds: Vec<(Kind, Vec<u32>)> = Vec::new();
    for (i, c) in cols.enumerate() {
        let k = match (own[i], below[i]) {
            (Some(k), Some(b))
                if split
                    && k == target
                    && matches!(b, Kind::Nature | Kind::Unit | Kind::Ind(IndicatorColumn::Target)) =>
            {
                Some(b)
            }
            (None, Some(b)) if split => Some(b),
            (k, _) => k,
        };
        if let Some(k) = k {
            match kinds.iter_mut().find(|(kind, _)| *kind == k) {
                Some((_, v)) => v.push(c),
                None => kinds.push((k, vec![c])),
            }
        }
    }
    Header { row: r, data: r + 1 + u32::from(split), cols: kinds }
}

/// The first row whose header has every required column; otherwise what the best one lacks.
fn find_header(grid: &Grid) -> Result<Header, NotFound> {
    let mut best: Option<NotFound> = None;
    for r in grid.rows() {
        let strong = grid.cols().filter_map(|c| kind_at(grid, r, c)).filter(|k| is_strong(*k)).count();
        if strong < 2 {
            continue;
        }
        let h = header_at(grid, r);
        let has = |c: IndicatorColumn| {
            h.has(Kind::Ind(c)) || (c == IndicatorColumn::Target && (h.has(Kind::Nature) || h.has(Kind::Unit)))
        };
        let distinct_strong = h.cols.iter().filter(|(k, _)| is_strong(*k)).count();
        if distinct_strong < 2 {
            continue;
        }
        match REQUIRED.into_iter().find(|c| !has(*c)) {
            None => return Ok(h),
            Some(missing) => {
                let found = REQUIRED.into_iter().filter(|c| has(*c)).count();
                let better = match &best {
                    Some(NotFound::Missing { found: f, .. }) => found > *f,
                    _ => true,
                };
                if better {
                    best = Some(NotFound::Missing { label: missing.label(), row: r, found });
                }
            }
        }
    }
    Err(best.unwrap_or(NotFound::NoHeader))
}

// ---------------------------------------------------------------------------------------------
// 年度, 项目名称, 主管部门, 实施单位

/// The year in a title (`2021年度项目支出绩效自评表`, `（2021 年度）`), or after a 年度 label.
fn find_year(grid: &Grid, end: u32) -> Option<String> {
    let rows = grid.rows().start..end.min(grid.rows().end);
    for r in rows.clone() {
        for c in grid.cols().filter(|&c| grid.is_origin(r, c)) {
            let n = norm(&grid.shown(r, c));
            if let Some(y) = year_in(&n) {
                return Some(y);
            }
            if is_label(&n, "年度") && after_label(&n, "年度").is_some_and(str::is_empty) {
                if let Some(y) = next_value(grid, r, c).and_then(|v| year_digits(&norm(&v))) {
                    return Some(y);
                }
            }
        }
    }
    // A title without 度: `2021年项目支出绩效自评表`.
    for r in rows {
        for c in grid.cols().filter(|&c| grid.is_origin(r, c)) {
            let n = norm(&grid.shown(r, c));
            if n.contains("自评") {
                if let Some(i) = n.find('年') {
                    if let Some(y) = last_four_digits(&n[..i]) {
                        return Some(y);
                    }
                }
            }
        }
    }
    None
}

/// `2021` in a text with `2021年度`.
fn year_in(n: &str) -> Option<String> {
    n.match_indices("年度").find_map(|(i, _)| last_four_digits(&n[..i]))
}

/// A year written alone (`2021`, `2021年`, `2021年度`).
fn year_digits(n: &str) -> Option<String> {
    let t = n.trim_end_matches("年度").trim_end_matches('年');
    (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit())).then(|| t.to_string())
}

/// The four digits at the end of `s`, when they are exactly four and look like a year.
fn last_four_digits(s: &str) -> Option<String> {
    let digits: String = s.chars().rev().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| digits.chars().rev().collect::<String>()).filter(|y| y.starts_with(['1', '2']))
}

const HEADER_LABELS: [&str; 3] = [layout::PROJECT, layout::DEPARTMENT, layout::IMPLEMENTER];

/// Whether a normalized text is one of the labels of the form's top part.
fn is_any_label(n: &str) -> bool {
    HEADER_LABELS.iter().any(|l| is_label(n, l))
        || Column::ALL.iter().any(|c| is_label(n, c.label()))
        || [layout::FUNDS, layout::GOALS, layout::GOALS_EXPECTED, layout::GOALS_ACHIEVED, layout::INDICATORS]
            .iter()
            .any(|l| is_label(n, l))
}

/// The first non-empty cell right of `(r, c)` (past its merged region), unless it is a label.
fn next_value(grid: &Grid, r: u32, c: u32) -> Option<String> {
    let from = grid.last_col(r, c) + 1;
    for k in from..grid.cols().end {
        if !grid.is_origin(r, k) || grid.is_empty_at(r, k) {
            continue;
        }
        let text = grid.shown(r, k);
        return (!is_any_label(&norm(&text))).then_some(text);
    }
    None
}

/// Reads 项目名称, 主管部门 and 实施单位; which of them the sheet has.
fn read_header_fields(grid: &Grid, end: u32, form: &mut Form) -> [bool; 3] {
    let rows = grid.rows().start..end.min(grid.rows().end);
    let mut found = [false; 3];
    for r in rows {
        for c in grid.cols().filter(|&c| grid.is_origin(r, c)) {
            let text = grid.shown(r, c);
            for (k, label) in HEADER_LABELS.iter().enumerate() {
                if found[k] || !is_label(&norm(&text), label) {
                    continue;
                }
                let Some(rest) = after_label(&text, label) else { continue };
                let v = if rest.is_empty() { next_value(grid, r, c).unwrap_or_default() } else { rest.to_string() };
                found[k] = true;
                let slot = match k {
                    0 => &mut form.project,
                    1 => &mut form.department,
                    _ => &mut form.implementer,
                };
                *slot = line(&v);
            }
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// The funds block

/// Whether a normalized text names a funds column: its label, or the label without the final
/// 数 (`全年预算`).
fn is_amount_label(n: &str, c: Column) -> bool {
    is_label(n, c.label()) || is_label(n, c.label().trim_end_matches('数'))
}

/// The row above `end` with the funds columns (年初预算数, 全年预算数, 全年执行数).
fn find_funds_header(grid: &Grid, end: u32) -> Option<u32> {
    (grid.rows().start..end).find(|&r| {
        let found = Column::ALL
            .iter()
            .filter(|&&col| grid.cols().any(|c| is_amount_label(&norm(&grid.shown(r, c)), col)))
            .count();
        found >= 2
    })
}

/// Reads 年度资金总额, the 其中 rows and the funds' 偏差原因 below the funds header at `r`;
/// returns the row of 年度总体目标 when the block ends there, and whether it has a 偏差原因 row.
fn read_funds(grid: &Grid, r: u32, end: u32, form: &mut Form) -> (Option<u32>, bool) {
    let mut reason = false;
    let goals = read_funds_rows(grid, r, end, form, &mut reason);
    (goals, reason)
}

fn read_funds_rows(grid: &Grid, r: u32, end: u32, form: &mut Form, reason_row: &mut bool) -> Option<u32> {
    let col_of = |c: Column| grid.cols().find(|&k| is_amount_label(&norm(&grid.shown(r, k)), c));
    let amount_cols: Vec<Option<u32>> = Column::ALL.iter().map(|&c| col_of(c)).collect();
    let first = amount_cols.iter().flatten().min().copied()?;
    let last = amount_cols.iter().flatten().max().copied()?;
    let weight_col = (last + 1..grid.cols().end).find(|&k| is_label(&norm(&grid.shown(r, k)), layout::FUNDS_WEIGHT));
    let funds_label = norm(layout::FUNDS);
    let amounts = |row: u32| -> [String; 3] {
        std::array::from_fn(|i| amount_cols[i].map(|k| amount(&grid.value(row, k))).unwrap_or_default())
    };
    let mut total_seen = false;
    for row in r + 1..end {
        // The row's label: the texts left of the amounts, without 项目资金（万元）.
        let mut texts: Vec<(u32, String)> = Vec::new();
        for k in grid.cols().start..first {
            if grid.is_empty_at(row, k) || grid.origin(row, k).1 != k {
                continue;
            }
            let t = grid.shown(row, k);
            let n = norm(&t);
            if n.starts_with(funds_label.as_str()) || n.starts_with("项目资金") {
                continue;
            }
            if texts.last().is_none_or(|(_, prev)| *prev != t) {
                texts.push((k, t));
            }
        }
        let label = line(&texts.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n"));
        let n = norm(&label);
        if is_label(&n, layout::GOALS) || n.starts_with(norm(layout::GOALS).as_str()) {
            return Some(row);
        }
        if (first..grid.cols().end).any(|k| is_label(&norm(&grid.shown(row, k)), layout::GOALS_EXPECTED)) {
            return Some(row);
        }
        if n.starts_with(norm(layout::INDICATORS).as_str()) {
            return None;
        }
        let values = amounts(row);
        if n.is_empty() && values.iter().all(String::is_empty) {
            continue;
        }
        if !total_seen && (n.starts_with(norm(layout::FUNDS_TOTAL).as_str()) || n.contains("资金总额")) {
            total_seen = true;
            let [a, b, c] = values;
            form.funds.total.initial = a;
            form.funds.total.annual = b;
            form.funds.total.executed = c;
            form.funds.weight = weight_col.map(|k| amount(&grid.value(row, k))).unwrap_or_default();
            continue;
        }
        if n.starts_with(norm(layout::FUNDS_REASON).as_str()) {
            *reason_row = true;
            let after = texts.last().map_or(first, |(k, _)| grid.last_col(row, *k) + 1).min(first);
            let reason = (after..grid.cols().end).find(|&k| !grid.is_empty_at(row, k) && grid.is_origin(row, k));
            form.funds.reason = reason.map(|k| para(&grid.shown(row, k))).unwrap_or_default();
            continue;
        }
        if !total_seen {
            continue;
        }
        let of_which = label.trim_start();
        let of_which =
            of_which.strip_prefix("其中").map_or(of_which, |s| s.trim_start_matches([':', '：', ' ', '\u{3000}']));
        let mut src = Source::new(of_which.trim());
        let [a, b, c] = values;
        (src.initial, src.annual, src.executed) = (a, b, c);
        form.funds.sources.push(src);
    }
    None
}

// ---------------------------------------------------------------------------------------------
// 年度总体目标

/// Reads 年度总体目标; whether the sheet has it.
fn read_goals(grid: &Grid, from: u32, end: u32, form: &mut Form) -> bool {
    let find =
        |r: u32, label: &str| grid.cols().find(|&c| grid.is_origin(r, c) && is_label(&norm(&grid.shown(r, c)), label));
    let Some((r, e, a)) = (from.min(end)..end)
        .find_map(|r| Some((r, find(r, layout::GOALS_EXPECTED)?, find(r, layout::GOALS_ACHIEVED)?)))
    else {
        return false;
    };
    let (e_end, a_end) = if e < a { (a, grid.cols().end) } else { (grid.cols().end, e) };
    let (e_cols, a_cols) = (e..e_end, a..a_end.max(grid.last_col(r, a) + 1));
    let text_in = |row: u32, cols: std::ops::Range<u32>, skip: u32| -> Option<String> {
        cols.filter(|&k| k > skip || row != r)
            .find(|&k| {
                !grid.is_empty_at(row, k) && grid.origin(row, k).0 == row && !is_any_label(&norm(&grid.shown(row, k)))
            })
            .map(|k| para(&grid.shown(row, k)))
    };
    // The texts stand right of their labels (in some forms), or under them.
    let below = r + 1;
    let goal = |cols: std::ops::Range<u32>, label: u32| {
        text_in(r, cols.clone(), grid.last_col(r, label))
            .or_else(|| (below < end).then(|| text_in(below, cols, 0)).flatten())
            .unwrap_or_default()
    };
    form.goals.expected = goal(e_cols, e);
    form.goals.achieved = goal(a_cols, a);
    true
}

// ---------------------------------------------------------------------------------------------
// The indicator rows

/// The rows of the table, and the 总分 the unit filled in.
fn read_rows(grid: &Grid, h: &Header) -> (Vec<Indicator>, Option<String>) {
    use IndicatorColumn as C;
    let mut rows: Vec<Indicator> = Vec::new();
    let mut declared = None;
    let name_label = norm(C::Name.label());
    let total_label = norm(layout::TOTAL);
    // The text of a kind's column at `r`: the first non-empty of its columns.
    let at = |r: u32, k: Kind, value: bool| -> String {
        let cols = h.columns(k);
        let c = cols.iter().copied().find(|&c| !grid.is_empty_at(r, c)).or(cols.first().copied());
        c.map(|c| if value { grid.value(r, c) } else { grid.shown(r, c) }).unwrap_or_default()
    };
    let indicator_cols: Vec<u32> = h.cols.iter().flat_map(|(_, c)| c.iter().copied()).collect();
    for r in h.data..grid.rows().end {
        // The row's own texts: not those of cells merged down from above the table (the
        // 绩效指标 band of the seed's first column).
        let texts: Vec<String> = grid
            .cols()
            .filter(|&c| !grid.is_empty_at(r, c) && grid.origin(r, c).0 >= h.data)
            .map(|c| norm(&grid.shown(r, c)))
            .collect();
        if texts.iter().any(|t| is_label(t, &total_label)) {
            let t = at(r, Kind::Ind(C::Score), false);
            let t = t.trim();
            declared = (!t.is_empty()).then(|| t.to_string());
            break;
        }
        if texts.first().is_some_and(|t| is_note(t)) {
            break;
        }
        if norm(&at(r, Kind::Ind(C::Name), false)) == name_label {
            continue; // the header again (after a page break)
        }
        if indicator_cols.iter().all(|&c| grid.is_empty_at(r, c)) {
            rows.push(Indicator::default());
            continue;
        }
        let mut ind = Indicator {
            level1: level_label(&at(r, Kind::Ind(C::Level1), false)),
            level2: level_label(&at(r, Kind::Ind(C::Level2), false)),
            name: line(&at(r, Kind::Ind(C::Name), false)),
            actual: line(&at(r, Kind::Ind(C::Actual), false)),
            weight: amount(&at(r, Kind::Ind(C::Weight), true)),
            score: score(&at(r, Kind::Ind(C::Score), true)),
            reason: para(&at(r, Kind::Ind(C::Reason), false)),
            ..Indicator::default()
        };
        let value = line(&at(r, Kind::Ind(C::Target), false));
        if h.has(Kind::Nature) || h.has(Kind::Unit) {
            let unit = line(&at(r, Kind::Unit, false));
            ind.target = split_target(&line(&at(r, Kind::Nature, false)), &value, &unit);
            if is_bare_number(&ind.actual) && !unit.is_empty() {
                ind.actual.push_str(&unit);
            }
        } else {
            ind.target = value;
        }
        rows.push(ind);
    }
    carry_levels(&mut rows);
    (rows, declared)
}

/// A note or a signature line under the table.
fn is_note(n: &str) -> bool {
    NOTE_WORDS.iter().any(|w| {
        n.strip_prefix(w).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([':', '、', '.', '(', '[', '【'])
                || rest.starts_with(|c: char| c.is_ascii_digit())
        })
    }) || SIGNATURE_WORDS.iter().any(|w| n.strip_prefix(w).is_some_and(|rest| rest.starts_with(':')))
}

/// 一级 and 二级 cells left empty (not merged) below a filled one belong to it: an empty 一级
/// takes the row above's, an empty 二级 the row above's while the 一级 is the same.
fn carry_levels(rows: &mut [Indicator]) {
    let mut prev: Option<(String, String)> = None;
    for row in rows.iter_mut() {
        if *row == Indicator::default() {
            continue;
        }
        if let Some((l1, l2)) = &prev {
            if row.level1.is_empty() {
                row.level1 = l1.clone();
            }
            if row.level2.is_empty() && row.level1 == *l1 {
                row.level2 = l2.clone();
            }
        }
        prev = Some((row.level1.clone(), row.level2.clone()));
    }
}

/// A number without operator or unit (`95`, `0.5`).
fn is_bare_number(s: &str) -> bool {
    matches!(value::parse(s), value::Value::Number { op: None, qty } if !qty.has_unit())
}

/// The 云南 target: 指标性质 (as an operator), 指标值 and 度量单位 joined into one 年度指标值
/// (`≥` `95` `%` is `≥95%`). 定性 and 定量 add nothing; 正向 reads as ≥ and 反向 as ≤. The unit
/// is added to a bare number only.
fn split_target(nature: &str, value: &str, unit: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    let n = norm(nature);
    let op = match n.as_str() {
        "" => "",
        _ if n.starts_with("定性") || n.starts_with("定量") => "",
        _ if n.starts_with("正向") || n == "大于等于" => "≥",
        _ if n.starts_with("反向") || n == "小于等于" => "≤",
        _ => nature.trim(),
    };
    let has_op = matches!(value::parse(value), value::Value::Number { op: Some(_), .. });
    let mut t = String::new();
    if !has_op {
        t.push_str(op);
    }
    t.push_str(value);
    if is_bare_number(value) {
        t.push_str(unit);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_and_annotated() {
        assert!(is_label(&norm("年度\n指标值"), "年度指标值"));
        assert!(is_label(&norm("三 级 指 标"), "三级指标"));
        assert!(is_label(&norm("年初预算数（万元）"), "年初预算数"));
        assert!(is_label(&norm("项目名称："), "项目名称"));
        assert!(!is_label(&norm("年度指标值说明"), "年度指标值"));
        assert_eq!(after_label("项 目 名 称：社保经费", "项目名称"), Some("社保经费"));
        assert_eq!(after_label("项目名称", "项目名称"), Some(""));
        assert_eq!(after_label("项目", "项目名称"), None);
        assert_eq!(after_label("项目名称（盖章）：x", "项目名称"), Some("x"));
    }

    #[test]
    fn level_labels_lose_their_weight() {
        assert_eq!(level_label("产出指标(50分)"), "产出指标");
        assert_eq!(level_label("产出指标（50分）"), "产出指标");
        assert_eq!(level_label("产出指标 50 分"), "产出指标");
        assert_eq!(level_label("产出指标\n（50）"), "产出指标");
        assert_eq!(level_label("经济效益\n指标"), "经济效益指标");
        assert_eq!(level_label("指标2"), "指标2");
        assert_eq!(level_label("50分"), "50分");
    }

    #[test]
    fn texts() {
        assert_eq!(line(" 完善就业\n失业监测统计 "), "完善就业失业监测统计");
        assert_eq!(line("GDP\ngrowth"), "GDP growth");
        assert_eq!(para(" a\r\nb "), "a\nb");
        assert_eq!(amount(" — "), "");
        assert_eq!(amount("8.89"), "8.89");
        assert_eq!(score("待填"), "");
    }

    #[test]
    fn yunnan_targets() {
        assert_eq!(split_target("≥", "95", "%"), "≥95%");
        assert_eq!(split_target("定性", "完善", ""), "完善");
        assert_eq!(split_target("正向", "40", "家"), "≥40家");
        assert_eq!(split_target("反向指标", "1", "%"), "≤1%");
        assert_eq!(split_target("≤", "≤1%", "%"), "≤1%");
        assert_eq!(split_target("=", "100", "%"), "=100%");
        assert_eq!(split_target("≥", "", "%"), "");
    }

    #[test]
    fn notes_and_placeholders() {
        assert!(is_note(&norm("填表说明：1.…")));
        assert!(is_note(&norm("注：本表…")));
        assert!(is_note(&norm("填表人：张三")));
        assert!(!is_note(&norm("注册企业数")));
        assert!(!is_note(&norm("说明书印制数量")));
        let p = |name: &str| Indicator { name: name.into(), ..Indicator::default() };
        assert!(is_dropped(&p("指标1:")));
        assert!(is_dropped(&p("指标 2：")));
        assert!(is_dropped(&p(".....")));
        assert!(!is_dropped(&p("失业动态监测企业数")));
    }

    #[test]
    fn years() {
        assert_eq!(year_in(&norm("（2021 年度）")).as_deref(), Some("2021"));
        assert_eq!(year_in(&norm("2021年度项目支出绩效自评表")).as_deref(), Some("2021"));
        assert_eq!(year_in(&norm("年度总体目标")), None);
        assert_eq!(year_digits("2022年"), Some("2022".into()));
    }
}
