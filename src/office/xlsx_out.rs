//! The form as `.xlsx` in the official 附件1 layout ([`to_xlsx`], rust_xlsxwriter): the sheet a
//! unit prints, files, sends on or fills in further in Excel or WPS.
//!
//! # The visible sheet ([`FORM_SHEET`])
//!
//! The cells of [`super::form_sheet`] (what each holds, merged regions, row heights), written
//! with:
//! - Font 宋体 11 pt, thin borders, wrapped text, labels centred, texts left-aligned; a number
//!   cell with the number format of its value.
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

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::form_sheet::{form_sheet, FormSheet, Style, Value, COLUMN_WIDTHS};
use super::DATA_SHEET;
use crate::engine;
use crate::model::Form;
use crate::result::ScoreResult;

/// The name of the visible worksheet.
pub const FORM_SHEET: &str = "自评表";

/// The longest piece of the data sheet's JSON in one cell, in UTF-16 units.
pub const DATA_CHUNK: usize = 30_000;

const FONT: &str = "宋体";
/// GB2312, the character set Excel records for 宋体.
const FONT_CHARSET: u8 = 134;
const FONT_SIZE: f64 = 11.0;

/// The form as an `.xlsx` workbook (see the module docs), scored with [`engine::score`].
///
/// Never fails for a form of less than a million rows (Excel's row limit): every text is cut
/// to Excel's cell limit.
pub fn to_xlsx(form: &Form) -> Vec<u8> {
    let result = engine::score(form);
    write(form, &result).expect("the layout stays within Excel's limits")
}

fn write(form: &Form, result: &ScoreResult) -> Result<Vec<u8>, XlsxError> {
    let sheet = form_sheet(form, result);
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title(&sheet.title).set_subject("项目支出绩效自评表"));
    let ws = wb.add_worksheet();
    ws.set_name(FORM_SHEET)?;
    write_sheet(ws, &sheet, &Formats::new())?;
    let data = wb.add_worksheet();
    data.set_name(DATA_SHEET)?.set_hidden(true);
    data_sheet(data, form)?;
    wb.save_to_buffer()
}

/// The formats of the sheet, one for each [`Style`].
struct Formats {
    title: Format,
    year: Format,
    label: Format,
    head: Format,
    text: Format,
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

    fn of(&self, style: Style) -> &Format {
        match style {
            Style::Title => &self.title,
            Style::Year => &self.year,
            Style::Label => &self.label,
            Style::Head => &self.head,
            Style::Text => &self.text,
            Style::Sub => &self.sub,
        }
    }
}

/// The visible sheet's cells, in their order, and its page setup.
fn write_sheet(ws: &mut Worksheet, sheet: &FormSheet, f: &Formats) -> Result<(), XlsxError> {
    for (c, w) in COLUMN_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for &(r, h) in &sheet.heights {
        ws.set_row_height(r, h)?;
    }
    for cell in &sheet.cells {
        let (r, c, format) = (cell.row, cell.col, f.of(cell.style));
        match &cell.value {
            Value::Text(s) if cell.is_merged() => {
                ws.merge_range(r, c, cell.last.0, cell.last.1, s, format)?;
            }
            Value::Text(s) if s.is_empty() => {
                ws.write_blank(r, c, format)?;
            }
            Value::Text(s) => {
                ws.write_string_with_format(r, c, s, format)?;
            }
            Value::Number(x, number_format) => {
                ws.write_number_with_format(r, c, *x, &format.clone().set_num_format(number_format))?;
            }
        }
    }
    ws.set_repeat_rows(sheet.repeat_rows.0, sheet.repeat_rows.1)?;
    ws.set_paper_size(9)
        .set_portrait()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3)
        .set_footer("&C第 &P 页，共 &N 页");
    ws.set_print_area(0, 0, sheet.last_row, 7)?;
    Ok(())
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

    #[test]
    fn chunks_keep_characters_whole() {
        let s = "a😀b".repeat(5);
        let pieces = chunks(&s, 3);
        assert_eq!(pieces.concat(), s);
        assert!(pieces.iter().all(|p| p.encode_utf16().count() <= 3));
        assert_eq!(chunks("", 3), Vec::<&str>::new());
    }
}
