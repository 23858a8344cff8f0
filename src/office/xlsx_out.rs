//! The form as `.xlsx` in the official 附件1 layout ([`to_xlsx`], rust_xlsxwriter): the sheet a
//! unit prints, files, sends on or fills in further in Excel or WPS.
//!
//! # The visible sheet ([`FORM_SHEET`])
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
//! - Font 宋体 11 pt, thin borders, wrapped text, labels centred, texts left-aligned. Rows
//!   with only unmerged cells have no height set: Excel and WPS fit wrapped text when they
//!   open the file. Rows whose text sits in cells merged across columns (project, units, the
//!   funds' 偏差原因, the goals), which Excel does not fit, get a height estimated from the
//!   text's length.
//! - Page setup: A4 portrait, fit to one page wide (as many pages tall as it takes), centred
//!   horizontally, the 绩效指标 band and the column names repeated at the top of each page
//!   (`_xlnm.Print_Titles`), `第 1 页，共 2 页` in the footer, the print area A:H.
//!
//! # The hidden data sheet ([`DATA_SHEET`] = `ziping`)
//!
//! The second worksheet, hidden (`state="hidden"`), holds the whole form in the exchange format
//! as **compact JSON** (`serde_json::to_string(form)`, `format.md`): the method, tier,
//! profile, settings, the edited report, unknown fields and the exact text of every cell,
//! which the layout cannot show. The JSON is cut into pieces of at most [`DATA_CHUNK`] UTF-16
//! units (Excel's cell limit is 32,767), never inside a character, written as text to column
//! A from row 1 down, one piece a cell, and nothing else is on that sheet: the JSON is the
//! concatenation of the strings of A1, A2, … up to the first empty cell.
//!
//! How an import is meant to use it (`xlsx_in`): read the visible layout into a form `V`, and
//! the data sheet into a form `D`; read the layout of `to_xlsx(D)` into `V′` the same way. A
//! field whose value in `V` equals its value in `V′` was not changed in Excel: take it from
//! `D`. A field that differs was edited: take it from `V`. So an untouched file comes back
//! identical to the form exported, a row whose 得分 shows the computed score comes back with
//! the empty (computed) `score` it had, and a 得分 typed over in Excel becomes a manual score.
//!
//! Not in the file: the missing-items box of the printed form (the total and grade say 暂定),
//! the explanations of the scores, and the 一级 subtotals' weights.

use std::borrow::Cow;
use std::ops::RangeInclusive;

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::DATA_SHEET;
use crate::engine::{self, ColumnTotal};
use crate::layout::{self, IndicatorColumn};
use crate::model::{Column, Form};
use crate::render::{self, Missing};
use crate::result::ScoreResult;
use crate::view_model;

/// The name of the visible worksheet.
pub const FORM_SHEET: &str = "自评表";

/// The longest piece of the data sheet's JSON in one cell, in UTF-16 units.
pub const DATA_CHUNK: usize = 30_000;

/// Excel's limit of a cell's text, in UTF-16 units; a longer visible text is cut (with …):
/// the data sheet holds it whole.
const MAX_CELL_TEXT: usize = 32_767;

/// The widths of columns A–H, in Excel's units (the width of a `0`; a Chinese character is
/// about two).
const COLUMN_WIDTHS: [f64; 8] = [9.0, 13.0, 18.0, 12.0, 12.0, 7.0, 9.0, 24.0];

const FONT: &str = "宋体";
/// GB2312, the character set Excel records for 宋体.
const FONT_CHARSET: u8 = 134;
const FONT_SIZE: f64 = 11.0;
/// The height of one line of 宋体 11 pt, in points.
const LINE_HEIGHT: f64 = 14.25;
/// Places and significant digits a number cell shows exactly (an `f64` holds 15 digits).
const MAX_DIGITS: u32 = 15;

/// The form as an `.xlsx` workbook (see the module docs), scored with [`engine::score`].
///
/// Never fails for a form of less than a million rows (Excel's row limit): every text is cut
/// to Excel's cell limit.
pub fn to_xlsx(form: &Form) -> Vec<u8> {
    let result = engine::score(form);
    write(form, &result).expect("the layout stays within Excel's limits")
}

fn write(form: &Form, result: &ScoreResult) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = render::form_title(form);
    wb.set_properties(&DocProperties::new().set_title(&title).set_subject("项目支出绩效自评表"));
    let f = Formats::new();
    let ws = wb.add_worksheet();
    ws.set_name(FORM_SHEET)?;
    layout_sheet(ws, form, result, &f, &title)?;
    let data = wb.add_worksheet();
    data.set_name(DATA_SHEET)?.set_hidden(true);
    data_sheet(data, form)?;
    wb.save_to_buffer()
}

// ---------------------------------------------------------------------------------------------
// Cells

/// What a cell holds.
enum Cell {
    Text(String),
    /// A number and the format that shows it exactly (`0.00`, `0.00%`).
    Number(f64, String),
}

/// A decimal as a number cell, when an `f64` shows it exactly: at most [`MAX_DIGITS`] places
/// and significant digits. `percent` shows it ×100 with a `%` (the value is then `d / 100`).
fn decimal_cell(d: Decimal, percent: bool) -> Option<Cell> {
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
    Some(Cell::Number(x, format))
}

/// A typed amount or 分值: a number when it reads as a plain decimal, else its text.
fn typed_cell(typed: &str, allow_fen: bool) -> Cell {
    match engine::read_plain_decimal(typed, allow_fen) {
        Ok(Some(d)) => decimal_cell(d, false),
        _ => None,
    }
    .unwrap_or_else(|| Cell::Text(typed.trim().to_string()))
}

/// A value of the result (`3.9`, `待填`): a number when it is one, else its text.
fn result_cell(s: &str) -> Cell {
    s.parse::<Decimal>().ok().and_then(|d| decimal_cell(d, false)).unwrap_or_else(|| Cell::Text(s.to_string()))
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

/// The formats of the sheet.
struct Formats {
    title: Format,
    year: Format,
    /// A label or a short value, centred.
    label: Format,
    /// The indicator table's header, and the 总分 row.
    head: Format,
    /// A text, left-aligned.
    text: Format,
    /// The name of a breakdown row, indented.
    sub: Format,
}

impl Formats {
    fn new() -> Formats {
        let font = Format::new().set_font_name(FONT).set_font_charset(FONT_CHARSET).set_font_size(FONT_SIZE);
        let cell = font.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
        let label = cell.clone().set_align(FormatAlign::Center);
        let text = cell.set_align(FormatAlign::Left);
        Formats {
            title: font
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            year: font.set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter),
            head: label.clone().set_bold(),
            sub: text.clone().set_indent(1),
            label,
            text,
        }
    }
}

/// Writes into the visible sheet.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
}

impl Sheet<'_> {
    fn text(&mut self, r: u32, c: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        if s.is_empty() {
            self.ws.write_blank(r, c, f)?;
        } else {
            self.ws.write_string_with_format(r, c, clip(s), f)?;
        }
        Ok(())
    }

    fn cell(&mut self, r: u32, c: u16, cell: Cell, f: &Format) -> Result<(), XlsxError> {
        match cell {
            Cell::Text(s) => self.text(r, c, &s, f),
            Cell::Number(x, format) => {
                self.ws.write_number_with_format(r, c, x, &f.clone().set_num_format(format))?;
                Ok(())
            }
        }
    }

    /// `s` in the cells `r1..=r2` × `c1..=c2`, merged (a plain cell when that is one cell).
    fn merge(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        if r1 == r2 && c1 == c2 {
            return self.text(r1, c1, s, f);
        }
        self.ws.merge_range(r1, c1, r2, c2, &clip(s), f)?;
        Ok(())
    }

    /// Sets the height of row `r` for texts in cells merged across the given columns, when one
    /// of them takes more than a line (Excel does not fit merged cells itself).
    fn fit(&mut self, r: u32, texts: &[(&str, RangeInclusive<usize>)]) -> Result<(), XlsxError> {
        let n = texts.iter().map(|(s, cols)| lines(s, COLUMN_WIDTHS[cols.clone()].iter().sum())).max().unwrap_or(1);
        if n > 1 {
            self.ws.set_row_height(r, LINE_HEIGHT * n as f64 + 3.0)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The visible sheet

fn layout_sheet(
    ws: &mut Worksheet,
    form: &Form,
    result: &ScoreResult,
    f: &Formats,
    title: &str,
) -> Result<(), XlsxError> {
    for (c, w) in COLUMN_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut s = Sheet { ws };
    let mut r: u32 = 0;

    // Title and 年度.
    s.merge(r, 0, r, 7, title, &f.title)?;
    s.ws.set_row_height(r, 30)?;
    r += 1;
    s.merge(r, 0, r, 7, &render::year_line(form), &f.year)?;
    s.ws.set_row_height(r, 20)?;
    r += 1;

    // 项目名称, 主管部门, 实施单位.
    let project = form.project.trim();
    s.merge(r, 0, r, 1, layout::PROJECT, &f.label)?;
    s.merge(r, 2, r, 7, project, &f.text)?;
    s.fit(r, &[(project, 2..=7)])?;
    r += 1;
    let (department, implementer) = (form.department.trim(), form.implementer.trim());
    s.merge(r, 0, r, 1, layout::DEPARTMENT, &f.label)?;
    s.merge(r, 2, r, 3, department, &f.text)?;
    s.text(r, 4, layout::IMPLEMENTER, &f.label)?;
    s.merge(r, 5, r, 7, implementer, &f.text)?;
    s.fit(r, &[(department, 2..=3), (implementer, 5..=7)])?;
    r += 1;

    // The funds block: its header, 年度资金总额, the 其中 rows, 偏差原因.
    let sources = &form.funds.sources;
    let block = 3 + sources.len() as u32;
    s.merge(r, 0, r + block - 1, 0, layout::FUNDS, &f.label)?;
    s.text(r, 1, "", &f.label)?;
    for (k, c) in Column::ALL.iter().enumerate() {
        s.text(r, 2 + k as u16, c.label(), &f.label)?;
    }
    s.text(r, 5, layout::FUNDS_WEIGHT, &f.label)?;
    s.text(r, 6, layout::FUNDS_RATE, &f.label)?;
    s.text(r, 7, layout::FUNDS_SCORE, &f.label)?;
    r += 1;

    s.text(r, 1, layout::FUNDS_TOTAL, &f.label)?;
    for (k, c) in Column::ALL.into_iter().enumerate() {
        let typed = form.funds.total.get(c);
        let cell = match engine::column_total(form, c) {
            ColumnTotal::Sum(d) => decimal_cell(d.normalize(), false).unwrap_or_else(|| Cell::Text(engine::fmt(d))),
            ColumnTotal::Typed | ColumnTotal::Invalid => typed_cell(typed, false),
        };
        s.cell(r, 2 + k as u16, cell, &f.label)?;
    }
    let weight = match form.funds.weight.trim() {
        "" => view_model::DEFAULT_BUDGET_WEIGHT,
        w => w,
    };
    s.cell(r, 5, typed_cell(weight, true), &f.label)?;
    let rate = match &result.execution_rate {
        Some(x) => {
            x.parse::<Decimal>().ok().and_then(|d| decimal_cell(d, true)).unwrap_or_else(|| Cell::Text(format!("{x}%")))
        }
        None if view_model::budget_pending(result) => Cell::Text(view_model::PENDING.into()),
        None => Cell::Text(view_model::EMPTY.into()),
    };
    s.cell(r, 6, rate, &f.label)?;
    s.cell(r, 7, result_cell(&view_model::budget_score_text(result)), &f.label)?;
    r += 1;

    for (k, src) in sources.iter().enumerate() {
        let label = if k == 0 {
            format!("{}{}", layout::FUNDS_OF_WHICH, src.label.trim())
        } else {
            src.label.trim().to_string()
        };
        s.text(r, 1, &label, &f.label)?;
        for (j, c) in Column::ALL.into_iter().enumerate() {
            s.cell(r, 2 + j as u16, typed_cell(src.get(c), false), &f.label)?;
        }
        s.text(r, 5, view_model::EMPTY, &f.label)?;
        s.text(r, 6, "", &f.label)?;
        s.text(r, 7, view_model::EMPTY, &f.label)?;
        r += 1;
    }

    let reason = form.funds.reason.trim();
    s.text(r, 1, layout::FUNDS_REASON, &f.label)?;
    s.merge(r, 2, r, 7, reason, &f.text)?;
    s.fit(r, &[(reason, 2..=7)])?;
    r += 1;

    // 年度总体目标.
    s.merge(r, 0, r + 1, 0, layout::GOALS, &f.label)?;
    s.merge(r, 1, r, 3, layout::GOALS_EXPECTED, &f.label)?;
    s.merge(r, 4, r, 7, layout::GOALS_ACHIEVED, &f.label)?;
    r += 1;
    let (expected, achieved) = (form.goals.expected.trim(), form.goals.achieved.trim());
    s.merge(r, 1, r, 3, expected, &f.text)?;
    s.merge(r, 4, r, 7, achieved, &f.text)?;
    s.fit(r, &[(expected, 1..=3), (achieved, 4..=7)])?;
    r += 1;

    // The indicator table: the band and the column names (repeated on every page), the rows.
    let band = r;
    s.merge(r, 0, r, 7, layout::INDICATORS, &f.head)?;
    r += 1;
    for (k, c) in IndicatorColumn::ALL.iter().enumerate() {
        s.text(r, k as u16, c.label(), &f.head)?;
    }
    s.ws.set_repeat_rows(band, r)?;
    r += 1;

    let first = r;
    for (i, ind) in form.indicators.iter().enumerate() {
        let name_format = if ind.is_breakdown() { &f.sub } else { &f.text };
        s.text(r, 2, ind.name.trim(), name_format)?;
        s.text(r, 3, ind.target.trim(), &f.text)?;
        s.text(r, 4, ind.actual.trim(), &f.text)?;
        s.cell(r, 5, typed_cell(&ind.weight, true), &f.label)?;
        let score = match result.indicator(i) {
            None => Cell::Text(String::new()),
            res => result_cell(&render::score_cell(ind, res)),
        };
        s.cell(r, 6, score, &f.label)?;
        s.text(r, 7, ind.reason.trim(), &f.text)?;
        r += 1;
    }
    // 一级 runs down column A, 二级 runs inside them down column B.
    let inds = &form.indicators;
    for (a, b) in runs(inds.len(), |i, j| inds[i].level1.trim() == inds[j].level1.trim()) {
        s.merge(first + a as u32, 0, first + b as u32 - 1, 0, inds[a].level1.trim(), &f.label)?;
        for (c, d) in runs(b - a, |i, j| inds[a + i].level2.trim() == inds[a + j].level2.trim()) {
            let (c, d) = (a + c, a + d);
            s.merge(first + c as u32, 1, first + d as u32 - 1, 1, inds[c].level2.trim(), &f.label)?;
        }
    }

    // 总分.
    let mark = if Missing::of(form, result).provisional { "（暂定）" } else { "" };
    s.merge(r, 0, r, 4, layout::TOTAL, &f.head)?;
    s.cell(r, 5, result_cell("100"), &f.head)?;
    let total = match &result.total {
        Some(t) if mark.is_empty() => result_cell(t),
        Some(t) => Cell::Text(format!("{t}{mark}")),
        None => Cell::Text(view_model::EMPTY.into()),
    };
    s.cell(r, 6, total, &f.head)?;
    let grade = format!(
        "等级：{}{}",
        result.grade.as_deref().unwrap_or(view_model::EMPTY),
        if result.grade.is_some() { mark } else { "" }
    );
    s.text(r, 7, &grade, &f.head)?;

    // Page setup.
    s.ws.set_paper_size(9)
        .set_portrait()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3)
        .set_footer("&C第 &P 页，共 &N 页");
    s.ws.set_print_area(0, 0, r, 7)?;
    Ok(())
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

// ---------------------------------------------------------------------------------------------
// The data sheet

/// The form's compact JSON, in pieces down column A (see the module docs).
fn data_sheet(ws: &mut Worksheet, form: &Form) -> Result<(), XlsxError> {
    let json = serde_json::to_string(form).expect("a form is plain data");
    ws.set_column_width(0, 100)?;
    for (r, piece) in chunks(&json, DATA_CHUNK).into_iter().enumerate() {
        ws.write_string(r as u32, 0, piece)?;
    }
    Ok(())
}

/// `s` cut into pieces of at most `max` UTF-16 units, never inside a character.
fn chunks(s: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut units) = (0, 0);
    for (i, c) in s.char_indices() {
        if units + c.len_utf16() > max {
            out.push(&s[start..i]);
            start = i;
            units = 0;
        }
        units += c.len_utf16();
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(d: &str, percent: bool) -> Option<(f64, String)> {
        match decimal_cell(d.parse().unwrap(), percent)? {
            Cell::Number(x, f) => Some((x, f)),
            Cell::Text(_) => None,
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
        assert!(matches!(typed_cell("10分", true), Cell::Number(x, _) if x == 10.0));
        assert!(matches!(typed_cell("10分", false), Cell::Text(t) if t == "10分"));
        assert!(matches!(typed_cell(" 十 ", true), Cell::Text(t) if t == "十"));
        assert!(matches!(typed_cell("", false), Cell::Text(t) if t.is_empty()));
    }

    #[test]
    fn chunks_keep_characters_whole() {
        let s = "a😀b".repeat(5);
        let pieces = chunks(&s, 3);
        assert_eq!(pieces.concat(), s);
        assert!(pieces.iter().all(|p| p.encode_utf16().count() <= 3));
        assert_eq!(chunks("", 3), Vec::<&str>::new());
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
