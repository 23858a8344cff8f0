//! The visible sheet of an exported `.xlsx` as cells ([`form_sheet`]): what each cell of the
//! official 附件1 layout holds, how it looks, the merged regions and the row heights. Pure
//! data: [`super::xlsx_out`] writes it with rust_xlsxwriter (fonts, borders, page setup), and
//! [`super::xlsx_in`] reads it as the sheet an untouched export shows, without writing a file
//! and opening it again (so the browser's import module carries no xlsx writer).
//!
//! One grid of eight columns A–H, the printed form's two tables (`render::form_html`) drawn
//! in it, every label from [`crate::layout`] (and [`Column::label`]):
//!
//! | rows | A | B | C | D | E | F | G | H |
//! |---|---|---|---|---|---|---|---|---|
//! | title | the title, A:H merged (`社保工作专项经费项目支出绩效自评表`) |||||||
//! | 年度 | `（2021 年度）`, A:H merged |||||||
//! | 项目名称 | 项目名称 (A:B) || project (C:H) ||||||
//! | 主管部门 | 主管部门 (A:B) || department (C:D) || 实施单位 | implementer (F:H) |||
//! | funds header | 项目资金（万元）, A merged down over the funds block | *(empty)* | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
//! | total | ″ | 年度资金总额 | amount | amount | amount | budget 分值 | 执行率 | budget 得分 |
//! | each 其中 row | ″ | `其中：<label>` (first), `<label>` | amount | amount | amount | — | *(empty)* | — |
//! | 偏差原因 | ″ | 偏差原因 | funds.reason (C:H) ||||||
//! | goals | 年度总体目标, A merged down 2 rows | 预期目标 (B:D) ||| 实际完成情况 (E:H) ||||
//! | goals text | ″ | goals.expected (B:D) ||| goals.achieved (E:H) ||||
//! | band | 绩效指标, A:H merged |||||||
//! | columns | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
//! | each indicator | level1 | level2 | name | target | actual | weight | 得分 | reason |
//! | 总分 | 总分 (A:E) ||||| 100 | total | `等级：优` |
//!
//! - **Every indicator row of the form, in its order**, placeholders included (the printed
//!   form leaves those out: this sheet is also for filling in). A run of consecutive rows with
//!   the same 一级 (trimmed) is one cell merged down column A; inside it, a run with the same
//!   二级 is one cell merged down column B. A single row is a plain cell. A breakdown row's
//!   三级 name is indented.
//! - The 偏差原因 row of the funds block is always there (empty when the form has no reason).
//! - **Input cells hold the form's text**: amounts, 分值, names, targets, actuals, reasons,
//!   trimmed. An amount or 分值 that reads as a plain decimal (as the engine reads it:
//!   full-width digits, separators, a 分值's final 分) is a **number**, with a number format
//!   of exactly its typed decimal places (`5.40` is 5.4 shown `0.00`); anything else is text
//!   as typed. The text is converted to `f64` only at the write, and only when the `f64`
//!   shows exactly that decimal (at most 15 significant digits and 15 places); otherwise the
//!   cell is text. An empty budget 分值 is shown as the 10 the engine uses.
//!   年度资金总额 is the column as the engine takes it: the sum of the 其中 rows when any has a
//!   value (`scoring.md` §1), else the typed total.
//! - **Computed cells are values, not formulas** (the engine's result, as the app shows it):
//!   执行率 is a number with a percent format of the result's places (`39.25` is 0.3925 shown
//!   `0.00%`); the budget 得分, each row's 得分 and the total are numbers of the result's
//!   decimal places; a row's 得分 is the result's score (computed or manual), or the printed
//!   form's text: `待填`, `不适用`, `—` (a breakdown row), nothing for a placeholder row. The
//!   budget's 执行率 and 得分 are `待填` or `—` when the result has none. A provisional total
//!   (a form not complete or with errors) is the text `93.9（暂定）`, and its grade
//!   `等级：优（暂定）`, as printed.
//! - Each cell has a [`Style`]: the title, the 年度 line, a centred label or short value, the
//!   bold header of the indicator table (and the 总分 row), a left-aligned text, an indented
//!   breakdown name.
//! - Rows with only unmerged cells have no height: Excel and WPS fit wrapped text when they
//!   open the file. Rows whose text sits in cells merged across columns (project, units, the
//!   funds' 偏差原因, the goals), which Excel does not fit, get a height estimated from the
//!   text's length.

use std::borrow::Cow;
use std::ops::RangeInclusive;

use rust_decimal::Decimal;

use crate::engine::{self, ColumnTotal};
use crate::layout::{self, IndicatorColumn};
use crate::model::{Column, Form};
use crate::render::{self, Missing};
use crate::result::ScoreResult;
use crate::view_model;

/// Excel's limit of a cell's text, in UTF-16 units; a longer visible text is cut (with …):
/// the data sheet holds it whole.
const MAX_CELL_TEXT: usize = 32_767;

/// The widths of columns A–H, in Excel's units (the width of a `0`; a Chinese character is
/// about two).
pub(crate) const COLUMN_WIDTHS: [f64; 8] = [9.0, 13.0, 18.0, 12.0, 12.0, 7.0, 9.0, 24.0];

/// The height of one line of 宋体 11 pt, in points.
const LINE_HEIGHT: f64 = 14.25;
/// Places and significant digits a number cell shows exactly (an `f64` holds 15 digits).
const MAX_DIGITS: u32 = 15;

/// The visible sheet: its cells in the order they are written, and the rows that need more
/// than the default height.
pub(crate) struct FormSheet {
    /// The form's title (`社保工作专项经费项目支出绩效自评表`), also the workbook's.
    pub title: String,
    pub cells: Vec<Cell>,
    /// `(row, height in points)`.
    pub heights: Vec<(u32, f64)>,
    /// The 绩效指标 band and the column names, repeated at the top of each printed page.
    pub repeat_rows: (u32, u32),
    /// The 总分 row, the last of the print area.
    pub last_row: u32,
}

/// A cell, or a merged region with its value in its top-left cell.
pub(crate) struct Cell {
    pub row: u32,
    pub col: u16,
    /// The bottom-right cell of the merged region; `(row, col)` itself for a plain cell.
    pub last: (u32, u16),
    pub value: Value,
    pub style: Style,
}

impl Cell {
    pub(crate) fn is_merged(&self) -> bool {
        self.last != (self.row, self.col)
    }
}

/// How a cell looks ([`super::xlsx_out`] gives each style its font and alignment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Title,
    Year,
    /// A label or a short value, centred.
    Label,
    /// The indicator table's header, and the 总分 row.
    Head,
    /// A text, left-aligned.
    Text,
    /// The name of a breakdown row, indented.
    Sub,
}

/// The sheet of `form` (see the module docs), with its `result`.
pub(crate) fn form_sheet(form: &Form, result: &ScoreResult) -> FormSheet {
    let title = render::form_title(form);
    let mut s = FormSheet { title, cells: Vec::new(), heights: Vec::new(), repeat_rows: (0, 0), last_row: 0 };
    layout(&mut s, form, result);
    s
}

// ---------------------------------------------------------------------------------------------
// Values

/// What a cell holds.
pub(crate) enum Value {
    Text(String),
    /// A number and the format that shows it exactly (`0.00`, `0.00%`).
    Number(f64, String),
}

/// A decimal as a number cell, when an `f64` shows it exactly: at most [`MAX_DIGITS`] places
/// and significant digits. `percent` shows it ×100 with a `%` (the value is then `d / 100`).
fn decimal_cell(d: Decimal, percent: bool) -> Option<Value> {
    let places = d.scale();
    let value = if percent { d.checked_div(Decimal::ONE_HUNDRED)? } else { d };
    let digits = value.normalize().mantissa().unsigned_abs().to_string().len() as u32;
    if places > MAX_DIGITS || value.normalize().scale() > MAX_DIGITS || digits > MAX_DIGITS {
        return None;
    }
    // The one conversion to f64: from the decimal's own text, checked to come back the same.
    let x: f64 = value.to_string().parse().ok()?;
    if !x.is_finite() || x.to_string().parse::<Decimal>().ok()? != value {
        return None;
    }
    let mut format = String::from("0");
    if places > 0 {
        format.push('.');
        format.extend(std::iter::repeat_n('0', places as usize));
    }
    if percent {
        format.push('%');
    }
    Some(Value::Number(x, format))
}

/// A typed amount or 分值: a number when it reads as a plain decimal, else its text.
fn typed_cell(typed: &str, allow_fen: bool) -> Value {
    match engine::read_plain_decimal(typed, allow_fen) {
        Ok(Some(d)) => decimal_cell(d, false),
        _ => None,
    }
    .unwrap_or_else(|| Value::Text(typed.trim().to_string()))
}

/// A value of the result (`3.9`, `待填`): a number when it is one, else its text.
fn result_cell(s: &str) -> Value {
    s.parse::<Decimal>().ok().and_then(|d| decimal_cell(d, false)).unwrap_or_else(|| Value::Text(s.to_string()))
}

/// `s` cut to Excel's limit of a cell's text.
fn clip(s: &str) -> Cow<'_, str> {
    if s.encode_utf16().count() <= MAX_CELL_TEXT {
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    let mut out = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > MAX_CELL_TEXT - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

/// The lines `text` takes in a cell `width` units wide (a character outside ASCII counts two
/// units, and 宋体 is a little wider than the unit).
fn lines(text: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let w: f64 = line.chars().map(|c| if c.is_ascii() { 1.1 } else { 2.1 }).sum();
            ((w / usable).ceil() as usize).max(1)
        })
        .sum()
}

// ---------------------------------------------------------------------------------------------
// Recording the cells

impl FormSheet {
    fn put(&mut self, row: u32, col: u16, last: (u32, u16), value: Value, style: Style) {
        self.cells.push(Cell { row, col, last, value, style });
    }

    fn text(&mut self, r: u32, c: u16, s: &str, style: Style) {
        self.put(r, c, (r, c), Value::Text(clip(s).into_owned()), style);
    }

    fn cell(&mut self, r: u32, c: u16, value: Value, style: Style) {
        match value {
            Value::Text(s) => self.text(r, c, &s, style),
            number => self.put(r, c, (r, c), number, style),
        }
    }

    /// `s` in the cells `r1..=r2` × `c1..=c2`, merged (a plain cell when that is one cell).
    fn merge(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, s: &str, style: Style) {
        self.put(r1, c1, (r2, c2), Value::Text(clip(s).into_owned()), style);
    }

    /// Sets the height of row `r` for texts in cells merged across the given columns, when one
    /// of them takes more than a line (Excel does not fit merged cells itself).
    fn fit(&mut self, r: u32, texts: &[(&str, RangeInclusive<usize>)]) {
        let n = texts.iter().map(|(s, cols)| lines(s, COLUMN_WIDTHS[cols.clone()].iter().sum())).max().unwrap_or(1);
        if n > 1 {
            self.heights.push((r, LINE_HEIGHT * n as f64 + 3.0));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The visible sheet

fn layout(s: &mut FormSheet, form: &Form, result: &ScoreResult) {
    let mut r: u32 = 0;

    // Title and 年度.
    let title = s.title.clone();
    s.merge(r, 0, r, 7, &title, Style::Title);
    s.heights.push((r, 30.0));
    r += 1;
    s.merge(r, 0, r, 7, &render::year_line(form), Style::Year);
    s.heights.push((r, 20.0));
    r += 1;

    // 项目名称, 主管部门, 实施单位.
    let project = form.project.trim();
    s.merge(r, 0, r, 1, layout::PROJECT, Style::Label);
    s.merge(r, 2, r, 7, project, Style::Text);
    s.fit(r, &[(project, 2..=7)]);
    r += 1;
    let (department, implementer) = (form.department.trim(), form.implementer.trim());
    s.merge(r, 0, r, 1, layout::DEPARTMENT, Style::Label);
    s.merge(r, 2, r, 3, department, Style::Text);
    s.text(r, 4, layout::IMPLEMENTER, Style::Label);
    s.merge(r, 5, r, 7, implementer, Style::Text);
    s.fit(r, &[(department, 2..=3), (implementer, 5..=7)]);
    r += 1;

    // The funds block: its header, 年度资金总额, the 其中 rows, 偏差原因.
    let sources = &form.funds.sources;
    let block = 3 + sources.len() as u32;
    s.merge(r, 0, r + block - 1, 0, layout::FUNDS, Style::Label);
    s.text(r, 1, "", Style::Label);
    for (k, c) in Column::ALL.iter().enumerate() {
        s.text(r, 2 + k as u16, c.label(), Style::Label);
    }
    s.text(r, 5, layout::FUNDS_WEIGHT, Style::Label);
    s.text(r, 6, layout::FUNDS_RATE, Style::Label);
    s.text(r, 7, layout::FUNDS_SCORE, Style::Label);
    r += 1;

    s.text(r, 1, layout::FUNDS_TOTAL, Style::Label);
    for (k, c) in Column::ALL.into_iter().enumerate() {
        let typed = form.funds.total.get(c);
        let cell = match engine::column_total(form, c) {
            ColumnTotal::Sum(d) => decimal_cell(d.normalize(), false).unwrap_or_else(|| Value::Text(engine::fmt(d))),
            ColumnTotal::Typed | ColumnTotal::Invalid => typed_cell(typed, false),
        };
        s.cell(r, 2 + k as u16, cell, Style::Label);
    }
    let weight = match form.funds.weight.trim() {
        "" => view_model::DEFAULT_BUDGET_WEIGHT,
        w => w,
    };
    s.cell(r, 5, typed_cell(weight, true), Style::Label);
    let rate = match &result.execution_rate {
        Some(x) => x
            .parse::<Decimal>()
            .ok()
            .and_then(|d| decimal_cell(d, true))
            .unwrap_or_else(|| Value::Text(format!("{x}%"))),
        None if view_model::budget_pending(result) => Value::Text(view_model::PENDING.into()),
        None => Value::Text(view_model::EMPTY.into()),
    };
    s.cell(r, 6, rate, Style::Label);
    s.cell(r, 7, result_cell(&view_model::budget_score_text(result)), Style::Label);
    r += 1;

    for (k, src) in sources.iter().enumerate() {
        let label = if k == 0 {
            format!("{}{}", layout::FUNDS_OF_WHICH, src.label.trim())
        } else {
            src.label.trim().to_string()
        };
        s.text(r, 1, &label, Style::Label);
        for (j, c) in Column::ALL.into_iter().enumerate() {
            s.cell(r, 2 + j as u16, typed_cell(src.get(c), false), Style::Label);
        }
        s.text(r, 5, view_model::EMPTY, Style::Label);
        s.text(r, 6, "", Style::Label);
        s.text(r, 7, view_model::EMPTY, Style::Label);
        r += 1;
    }

    let reason = form.funds.reason.trim();
    s.text(r, 1, layout::FUNDS_REASON, Style::Label);
    s.merge(r, 2, r, 7, reason, Style::Text);
    s.fit(r, &[(reason, 2..=7)]);
    r += 1;

    // 年度总体目标.
    s.merge(r, 0, r + 1, 0, layout::GOALS, Style::Label);
    s.merge(r, 1, r, 3, layout::GOALS_EXPECTED, Style::Label);
    s.merge(r, 4, r, 7, layout::GOALS_ACHIEVED, Style::Label);
    r += 1;
    let (expected, achieved) = (form.goals.expected.trim(), form.goals.achieved.trim());
    s.merge(r, 1, r, 3, expected, Style::Text);
    s.merge(r, 4, r, 7, achieved, Style::Text);
    s.fit(r, &[(expected, 1..=3), (achieved, 4..=7)]);
    r += 1;

    // The indicator table: the band and the column names (repeated on every page), the rows.
    let band = r;
    s.merge(r, 0, r, 7, layout::INDICATORS, Style::Head);
    r += 1;
    for (k, c) in IndicatorColumn::ALL.iter().enumerate() {
        s.text(r, k as u16, c.label(), Style::Head);
    }
    s.repeat_rows = (band, r);
    r += 1;

    let first = r;
    for (i, ind) in form.indicators.iter().enumerate() {
        let name_style = if ind.is_breakdown() { Style::Sub } else { Style::Text };
        s.text(r, 2, ind.name.trim(), name_style);
        s.text(r, 3, ind.target.trim(), Style::Text);
        s.text(r, 4, ind.actual.trim(), Style::Text);
        s.cell(r, 5, typed_cell(&ind.weight, true), Style::Label);
        let score = match result.indicator(i) {
            None => Value::Text(String::new()),
            res => result_cell(&render::score_cell(ind, res)),
        };
        s.cell(r, 6, score, Style::Label);
        s.text(r, 7, ind.reason.trim(), Style::Text);
        r += 1;
    }
    // 一级 runs down column A, 二级 runs inside them down column B.
    let inds = &form.indicators;
    for (a, b) in runs(inds.len(), |i, j| inds[i].level1.trim() == inds[j].level1.trim()) {
        s.merge(first + a as u32, 0, first + b as u32 - 1, 0, inds[a].level1.trim(), Style::Label);
        for (c, d) in runs(b - a, |i, j| inds[a + i].level2.trim() == inds[a + j].level2.trim()) {
            let (c, d) = (a + c, a + d);
            s.merge(first + c as u32, 1, first + d as u32 - 1, 1, inds[c].level2.trim(), Style::Label);
        }
    }

    // 总分.
    let mark = if Missing::of(form, result).provisional { "（暂定）" } else { "" };
    s.merge(r, 0, r, 4, layout::TOTAL, Style::Head);
    s.cell(r, 5, result_cell("100"), Style::Head);
    let total = match &result.total {
        Some(t) if mark.is_empty() => result_cell(t),
        Some(t) => Value::Text(format!("{t}{mark}")),
        None => Value::Text(view_model::EMPTY.into()),
    };
    s.cell(r, 6, total, Style::Head);
    let grade = format!(
        "等级：{}{}",
        result.grade.as_deref().unwrap_or(view_model::EMPTY),
        if result.grade.is_some() { mark } else { "" }
    );
    s.text(r, 7, &grade, Style::Head);

    s.last_row = r;
}

/// The runs `[a, b)` of `0..n` whose items are the `same` as the run's first.
fn runs(n: usize, same: impl Fn(usize, usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for i in 1..=n {
        if i == n || !same(a, i) {
            out.push((a, i));
            a = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(d: &str, percent: bool) -> Option<(f64, String)> {
        match decimal_cell(d.parse().unwrap(), percent)? {
            Value::Number(x, f) => Some((x, f)),
            Value::Text(_) => None,
        }
    }

    #[test]
    fn numbers_show_their_decimal() {
        assert_eq!(number("5.40", false), Some((5.4, "0.00".into())));
        assert_eq!(number("10", false), Some((10.0, "0".into())));
        assert_eq!(number("-0.5", false), Some((-0.5, "0.0".into())));
        assert_eq!(number("39.25", true), Some((0.3925, "0.00%".into())));
        assert_eq!(number("110.00", true), Some((1.1, "0.00%".into())));
        assert_eq!(number("1234567890.12345", false), Some((1234567890.12345, "0.00000".into())));
        // More digits than an f64 shows: text.
        assert_eq!(number("1234567890.123456", false), None);
        assert_eq!(number("0.1234567890123456", false), None);
    }

    #[test]
    fn typed_cells() {
        assert!(matches!(typed_cell("10分", true), Value::Number(x, _) if x == 10.0));
        assert!(matches!(typed_cell("10分", false), Value::Text(t) if t == "10分"));
        assert!(matches!(typed_cell(" 十 ", true), Value::Text(t) if t == "十"));
        assert!(matches!(typed_cell("", false), Value::Text(t) if t.is_empty()));
    }

    #[test]
    fn runs_of_equal_items() {
        let v = [1, 1, 2, 1, 1, 1];
        assert_eq!(runs(v.len(), |i, j| v[i] == v[j]), [(0, 2), (2, 3), (3, 6)]);
        assert_eq!(runs(0, |_, _| true), []);
    }

    #[test]
    fn long_texts_are_clipped() {
        let s = "字".repeat(40_000);
        let c = clip(&s);
        assert_eq!(c.encode_utf16().count(), MAX_CELL_TEXT);
        assert!(c.ends_with('…'));
    }
}
