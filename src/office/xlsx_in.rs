//! A 自评表 from an `.xlsx` or `.xls` workbook ([`import`], calamine): found by its labels,
//! not by fixed cell positions.
//!
//! # What is read
//!
//! The sheet read is the first (visible sheets before hidden ones) whose indicator header has
//! the columns 一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值 and 分值; 得分 and
//! 偏差原因分析及改进措施 are read when present. Other sheets (instructions before the form, a
//! second table) are passed over. Above that header:
//! - 项目名称, 主管部门, 实施单位: the text after the label, in its cell (`项目名称：…`) or in
//!   the next cell to the right;
//! - 年度: from the title (`2021年度项目支出绩效自评表`, `（2021 年度）`, or
//!   `2021年…自评表`), or after a 年度 label;
//! - the funds block: the row with 年初预算数 / 全年预算数 / 全年执行数 (and 分值), then
//!   年度资金总额 (the amounts and the budget 分值), each 其中 row below it as a source with its
//!   label as written (the MOF rows, the 四川 rows 财政资金 / 财政专户管理资金 / 单位资金 / 其他, or
//!   any other), and a 偏差原因 row; 执行率 and the budget 得分 are the engine's and not read;
//! - 年度总体目标: the texts under (or beside) 预期目标 and 实际完成情况.
//!
//! Labels may be split by spaces or line breaks (`年度\n指标值`, `三 级 指 标`), sit in merged
//! cells, and the columns may come in any order. The indicator rows run from the header to the
//! 总分 row, a note (`填表说明：…`, `注：…`) or a signature line (`填表人：…`):
//! - 一级 and 二级 cells merged over several rows apply to each of them; left empty without a
//!   merge, they take the row above's (二级 only under the same 一级). A weight written into
//!   the label is dropped (`产出指标（50分）`, `产出指标 50 分` are `产出指标`): the engine adds
//!   up the rows.
//! - Placeholder rows (`指标1:`, `指标 2：` or no name, and nothing to score) and blank rows are
//!   left out; a header repeated after a page break is skipped.
//! - The 云南 layout splits 年度指标值 into 指标性质 | 指标值 | 度量单位 (under a merged
//!   年度指标值, or as columns of their own): they are joined into one target (`≥` `95` `%` is
//!   `≥95%`; 定性 / 定量 add nothing, 正向 reads ≥ and 反向 ≤), and a bare-number 实际完成值
//!   takes the 度量单位 too.
//! - The 得分 the unit filled in becomes the row's manual `score`, so that the engine's
//!   `manual_score_differs` shows a reviewer where the unit's scores disagree with the rules;
//!   `—`, `/`, `待填`, `不适用` are no score. The 总分 the unit filled in is
//!   [`Imported::declared_total`]; when it disagrees with the computed total, the warning
//!   `manual_score_differs` at `total` is in [`Imported::warnings`].
//!
//! Cells are read as [`grid`] describes: numbers exactly (never `f64` arithmetic), a percent
//! format as a percent (0.95 shown `95%` is `95%`), dates as `2021年12月31日`, amounts and
//! scores as their value, texts as shown. The number formats of an `.xls` file, which calamine
//! does not report, are read by [`xls_formats`].
//!
//! A form read without a data sheet has profile `mof`, or the profile whose 其中 rows it has
//! (`sichuan` for 财政资金 / 财政专户管理资金 / 单位资金 / 其他); method `auto` and no tier.
//!
//! # The data sheet of an exported file
//!
//! A workbook written by [`super::xlsx_out`] has a hidden sheet [`super::DATA_SHEET`] with the
//! whole form `D` as JSON. The visible layout is read always, into `V`; when the data sheet
//! reads as a form, the layout of `to_xlsx(D)` is read the same way, into `V′`, and:
//! - a cell the layout shows (header, amounts, funds 分值 and reason, goals, and each
//!   indicator's 一级, 二级, name, target, actual, 分值, 得分, reason) is taken from `D` where
//!   `V` and `V′` agree (it was not changed in Excel), and from `V` where they differ (it was
//!   edited). So an untouched file comes back identical, a 得分 showing the computed score
//!   comes back as the empty (computed) score it was, and a 得分 typed over becomes a manual
//!   score;
//! - the indicators are matched row by row only while `V`, `V′` and `D` have the same number
//!   of rows with the same 三级指标 names; otherwise (rows added, removed or renamed in Excel)
//!   the indicators are `V`'s, with method `auto` and no tier. The 其中 rows likewise;
//! - what the layout cannot show is `D`'s: the profile, the settings, the report, the methods
//!   and tiers and the unknown fields; and so is a part the visible sheet lacks altogether
//!   (the goals' rows, the funds block or its 偏差原因 row, the 得分 column deleted in Excel).
//!
//! A data sheet that does not read as a form is ignored: the visible layout is the form.
//!
//! # Files refused
//!
//! Each with a Chinese message and nothing imported: a file over [`super::MAX_FILE_BYTES`],
//! not a spreadsheet (text, PDF, a web page saved as `.xls`, a Word file), password-protected,
//! corrupt, a workbook without sheets, and one without the form (`未找到“年度指标值”列…`).

mod grid;
mod read;
mod xls_formats;

use std::io::Cursor;

use calamine::{Data, Range, Reader, SheetVisible, Xls, XlsError, Xlsx, XlsxError};

use super::form_sheet::form_sheet;
use super::{too_large, OfficeError, DATA_SHEET, MAX_FILE_BYTES};
use crate::engine;
use crate::model::{Column, Form};
use crate::result::{Issue, IssueCode, Severity};
use crate::settings::{Settings, PROFILES};
use grid::{Formats, Grid};
use read::{NotFound, Read};
use xls_formats::XlsFormats;

/// A form read from a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub form: Form,
    /// The name of the worksheet the form was read from.
    pub sheet: String,
    /// The 总分 as the unit filled it in, when the sheet has a 总分 row with a value.
    pub declared_total: Option<String>,
    /// Findings of the import: `manual_score_differs` at `total` when the declared 总分 is not the
    /// computed total.
    pub warnings: Vec<Issue>,
}

/// Reads the form from an `.xlsx` or `.xls` file (see the module docs).
pub fn import(bytes: &[u8]) -> Result<Imported, OfficeError> {
    let mut book = open(bytes)?;
    let (sheet, visible) = find_form(&mut book)?;
    let form = match data_form(&mut book) {
        Some(d) => with_data_sheet(&visible, d),
        None => without_data_sheet(visible.form.clone()),
    };
    let warnings = total_check(&form, visible.declared_total.as_deref()).into_iter().collect();
    Ok(Imported { form, sheet, declared_total: visible.declared_total, warnings })
}

// ---------------------------------------------------------------------------------------------
// Opening the file

/// An open workbook: Excel 2007 and later (`.xlsx`, `.xlsm`), or Excel 97–2003 (`.xls`) with
/// the number formats calamine does not report.
enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>, Option<XlsFormats>),
}

impl Book<'_> {
    fn sheets(&self) -> &[calamine::Sheet] {
        match self {
            Book::Xlsx(x) => x.sheets_metadata(),
            Book::Xls(x, _) => x.sheets_metadata(),
        }
    }

    fn range(&mut self, name: &str) -> Option<Range<Data>> {
        match self {
            Book::Xlsx(x) => x.worksheet_range(name).ok(),
            Book::Xls(x, _) => x.worksheet_range(name).ok(),
        }
    }

    /// The sheet as the import reads it, when it can be read.
    fn grid(&mut self, name: &str) -> Option<Grid> {
        let range = self.range(name)?;
        let (merges, formats) = match self {
            Book::Xlsx(x) => (
                x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                Formats::Styles(x.worksheet_style(name).unwrap_or_default()),
            ),
            Book::Xls(x, f) => (
                x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                Formats::Cells(f.as_ref().map(|f| f.sheet(name)).unwrap_or_default()),
            ),
        };
        Some(Grid::new(range, merges, formats))
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn encrypted() -> OfficeError {
    OfficeError::new("文件已加密（设有密码），请在 Excel 中取消密码后再导入")
}
fn corrupt() -> OfficeError {
    OfficeError::new("文件已损坏，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入")
}
fn not_a_spreadsheet() -> OfficeError {
    OfficeError::new("不是电子表格文件：请选择 Excel 工作簿（.xlsx 或 .xls）")
}
fn not_a_workbook() -> OfficeError {
    OfficeError::new("不是 Excel 工作簿（文件中没有工作簿，可能是 Word 等其他文件）：请选择 .xlsx 或 .xls 文件")
}

fn open(bytes: &[u8]) -> Result<Book<'_>, OfficeError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    if bytes.is_empty() {
        return Err(OfficeError::new("文件是空的（0 字节），不是电子表格"));
    }
    let cursor = || Cursor::new(bytes);
    if bytes.starts_with(OLE_MAGIC) {
        // A password-protected .xlsx is an OLE file holding the encrypted package.
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(encrypted());
        }
        if !xls_formats::is_sound(bytes) {
            return Err(corrupt());
        }
        return match Xls::new(cursor()) {
            Ok(x) => Ok(Book::Xls(x, XlsFormats::read(bytes))),
            Err(XlsError::Password) => Err(encrypted()),
            Err(XlsError::Cfb(e)) if e.to_string().contains("Workbook") => Err(not_a_workbook()),
            Err(_) => Err(corrupt()),
        };
    }
    if bytes.starts_with(b"PK") {
        return match Xlsx::new(cursor()) {
            Ok(x) => Ok(Book::Xlsx(x)),
            Err(XlsxError::Zip(_)) => Err(corrupt()),
            Err(XlsxError::FileNotFound(_) | XlsxError::RelationshipNotFound) => Err(other_package(bytes)),
            Err(_) => Err(corrupt()),
        };
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.starts_with('<') && (head.contains("<html") || head.contains("<table") || head.contains("<!doctype")) {
        return Err(OfficeError::new(
            "这是网页（HTML）格式的文件，不是真正的 Excel 工作簿：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入",
        ));
    }
    Err(not_a_spreadsheet())
}

/// A zip file that is no Excel 2007 workbook: an OpenDocument or binary Excel workbook, which
/// the import does not read (it reads what the bureaus' templates are: `.xlsx` and `.xls`),
/// or something else altogether (a Word file).
fn other_package(bytes: &[u8]) -> OfficeError {
    let has = |s: &[u8]| bytes.windows(s.len()).any(|w| w == s);
    if has(b"application/vnd.oasis.opendocument.spreadsheet") {
        OfficeError::new("这是 OpenDocument 表格（.ods），暂不支持：请在 WPS 或 Excel 中另存为 .xlsx 后再导入")
    } else if has(b"xl/workbook.bin") {
        OfficeError::new("这是 Excel 二进制工作簿（.xlsb），暂不支持：请在 Excel 中另存为 .xlsx 后再导入")
    } else {
        not_a_workbook()
    }
}

/// Whether `bytes` hold `name` in UTF-16LE (a stream name in an OLE directory).
fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let pattern: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(pattern.len()).any(|w| w == pattern.as_slice())
}

// ---------------------------------------------------------------------------------------------
// The sheet with the form

/// The first sheet with the form, and what it holds.
fn find_form(book: &mut Book<'_>) -> Result<(String, Read), OfficeError> {
    let mut sheets: Vec<(String, bool)> = book
        .sheets()
        .iter()
        .filter(|s| s.name != DATA_SHEET)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    if sheets.is_empty() {
        return Err(OfficeError::new("工作簿中没有工作表"));
    }
    sheets.sort_by_key(|(_, visible)| !visible);
    let mut best: Option<(String, NotFound)> = None;
    let mut readable = false;
    for (name, _) in &sheets {
        let Some(grid) = book.grid(name) else { continue };
        readable = true;
        match read::read(&grid) {
            Ok(r) => return Ok((name.clone(), r)),
            Err(nf @ NotFound::Missing { found, .. }) => {
                let better = match &best {
                    Some((_, NotFound::Missing { found: f, .. })) => found > *f,
                    _ => true,
                };
                if better {
                    best = Some((name.clone(), nf));
                }
            }
            Err(NotFound::NoHeader) => {}
        }
    }
    Err(match best {
        Some((sheet, NotFound::Missing { label, row, .. })) => {
            OfficeError::new(format!("未找到“{}”列（工作表“{}”第 {} 行的指标表头）", label, sheet, row + 1))
        }
        _ if !readable => corrupt(),
        _ => OfficeError::new("未在任何工作表中找到自评表（没有“三级指标”“年度指标值”等表头）"),
    })
}

// ---------------------------------------------------------------------------------------------
// The data sheet

/// The most indicator rows of a data sheet's form that is used (a real form has a few dozen;
/// the exporter's sheet holds at most Excel's million rows).
const MAX_DATA_ROWS: usize = 100_000;

/// The form in the data sheet, when there is one that reads as a form.
fn data_form(book: &mut Book<'_>) -> Option<Form> {
    if !book.sheets().iter().any(|s| s.name == DATA_SHEET) {
        return None;
    }
    let range = book.range(DATA_SHEET)?;
    let mut json = String::new();
    for r in 0.. {
        match range.get_value((r, 0)) {
            Some(Data::String(s)) if !s.is_empty() => json.push_str(s),
            _ => break,
        }
    }
    Form::from_json_str(&json).ok().filter(|f| f.indicators.len() <= MAX_DATA_ROWS)
}

/// `D` with what was edited in Excel taken from `V` (see the module docs).
fn with_data_sheet(v: &Read, d: Form) -> Form {
    // V′: the sheet `to_xlsx(D)` shows, read from its cells rather than from a file written
    // and opened again (`tests/office_import.rs` checks that the two read the same).
    let Ok(vp) = read::read(&Grid::of_sheet(&form_sheet(&d, &engine::score(&d)))) else {
        // Not for a form the exporter wrote; the visible form then stands, with D's settings.
        return Form { indicators: v.form.indicators.clone(), ..d };
    };
    // A part the visible sheet lacks (its rows deleted) is D's; a part it shows is D's where
    // it shows what D's own layout shows.
    let seen = v.found;
    let pick = |shown: bool, out: &mut String, v: &str, vp: &str| {
        if shown && v != vp {
            *out = v.to_string();
        }
    };
    let mut out = d;
    let (fv, fp) = (&v.form, &vp.form);
    pick(seen.year, &mut out.year, &fv.year, &fp.year);
    pick(seen.header[0], &mut out.project, &fv.project, &fp.project);
    pick(seen.header[1], &mut out.department, &fv.department, &fp.department);
    pick(seen.header[2], &mut out.implementer, &fv.implementer, &fp.implementer);
    let (f, mv, mp) = (&mut out.funds, &fv.funds, &fp.funds);
    pick(seen.funds, &mut f.weight, &mv.weight, &mp.weight);
    pick(seen.funds_reason, &mut f.reason, &mv.reason, &mp.reason);
    for c in Column::ALL {
        pick(seen.funds, f.total.get_mut(c), mv.total.get(c), mp.total.get(c));
    }
    if mv.sources.len() == mp.sources.len() && mp.sources.len() == f.sources.len() {
        for ((s, sv), sp) in f.sources.iter_mut().zip(&mv.sources).zip(&mp.sources) {
            pick(seen.funds, &mut s.label, &sv.label, &sp.label);
            for c in Column::ALL {
                pick(seen.funds, s.get_mut(c), sv.get(c), sp.get(c));
            }
        }
    } else if seen.funds {
        f.sources = mv.sources.clone();
    }
    pick(seen.goals, &mut out.goals.expected, &fv.goals.expected, &fp.goals.expected);
    pick(seen.goals, &mut out.goals.achieved, &fv.goals.achieved, &fp.goals.achieved);

    let (rv, rp) = (&v.rows, &vp.rows);
    let same_rows =
        rv.len() == rp.len() && rp.len() == out.indicators.len() && rv.iter().zip(rp).all(|(a, b)| a.name == b.name);
    if same_rows {
        for ((ind, a), b) in out.indicators.iter_mut().zip(rv).zip(rp) {
            pick(true, &mut ind.level1, &a.level1, &b.level1);
            pick(true, &mut ind.level2, &a.level2, &b.level2);
            pick(true, &mut ind.name, &a.name, &b.name);
            pick(true, &mut ind.target, &a.target, &b.target);
            pick(true, &mut ind.actual, &a.actual, &b.actual);
            pick(true, &mut ind.weight, &a.weight, &b.weight);
            pick(seen.score, &mut ind.score, &a.score, &b.score);
            pick(seen.reason, &mut ind.reason, &a.reason, &b.reason);
        }
    } else {
        out.indicators = fv.indicators.clone();
    }
    out
}

/// A form read without a data sheet: the profile whose 其中 rows it has, else `mof`.
fn without_data_sheet(mut form: Form) -> Form {
    let labels: Vec<&str> = form.funds.sources.iter().map(|s| s.label.trim()).collect();
    let mof = Settings::default().fund_sources;
    if !labels.is_empty() && labels != mof {
        let matching = PROFILES.iter().find(|p| {
            let (s, _) = Settings::resolve(p.key, &serde_json::Map::new());
            s.fund_sources == labels
        });
        if let Some(p) = matching {
            form.profile = p.key.to_string();
        }
    }
    form
}

// ---------------------------------------------------------------------------------------------
// The declared 总分

/// A `manual_score_differs` warning at the path `total` when the 总分 the unit filled in is a
/// number other than the computed total: the unit's own total is compared as its own row
/// scores are (`scoring.md` §8 has no code of its own for it, and this is the same finding).
/// A provisional mark `（暂定）` and a final 分 are not part of the number.
fn total_check(form: &Form, declared: Option<&str>) -> Option<Issue> {
    let text = declared?.trim();
    let number = text.trim_end_matches(['）', ')']).trim_end_matches("暂定").trim_end_matches(['（', '(']).trim();
    let typed = engine::read_plain_decimal(number, true).ok().flatten()?;
    let computed = engine::score(form).total?;
    if computed.parse::<rust_decimal::Decimal>().ok()? == typed {
        return None;
    }
    Some(Issue {
        severity: Severity::Warning,
        code: IssueCode::ManualScoreDiffers,
        path: "total".into(),
        message: format!("单位填报的总分 {} 与计算结果 {} 不一致", engine::fmt(typed), computed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example;
    use crate::model::Indicator;

    /// Texts that an xlsx file carries in escaped form (XML specials, control characters,
    /// `_x0041_`, which Excel's format itself uses as an escape), white space at the ends,
    /// line breaks of every kind, characters outside the BMP, and a text over Excel's limit.
    fn awkward() -> Form {
        let mut f = example::chengde_2021();
        f.project = " <a & \"b\"> 'c' ".into();
        f.department = "_x0041_ 与 _x005F_x0041_".into();
        f.implementer = "行一\r\n行二\r行三\n\t制表".into();
        f.goals.expected = "𠀀𝄞😀 ".repeat(3);
        f.goals.achieved = "字".repeat(40_000);
        f.funds.reason = "\u{1}\u{8}\u{b}\u{1f}控制字符".into();
        f.funds.total.initial = "1,234.50".into();
        f.funds.weight = "10分".into();
        f.indicators[0].target = "≥95%".into();
        f.indicators[1].actual = "0.1234567890123456".into();
        f.indicators[2].weight = "十".into();
        f.indicators[3].name = "  ".into();
        f.indicators.push(Indicator::new("", ""));
        f
    }

    /// The sheet the import compares a file with (`V′`, read from the cells of
    /// [`form_sheet`]) is the sheet read from the file [`super::super::xlsx_out::to_xlsx`]
    /// writes: so an untouched export comes back as it was exported.
    #[test]
    fn the_cells_read_as_the_exported_file_does() {
        let mut forms = vec![example::chengde_2021(), example::skeleton(Some(2024), &[]), awkward(), Form::default()];
        forms.extend([(10, 1), (57, 2), (300, 4)].map(|(n, seed)| example::generated(n, seed)));
        for form in forms {
            let from_cells = read::read(&Grid::of_sheet(&form_sheet(&form, &engine::score(&form))));
            let bytes = super::super::xlsx_out::to_xlsx(&form);
            let mut book = open(&bytes).unwrap();
            let from_file = find_form(&mut book).map(|(_, r)| r);
            let from_cells = from_cells.unwrap_or_else(|e| panic!("{}: {e:?}", form.project));
            assert_eq!(Some(from_cells), from_file.ok(), "{}", form.project);
        }
    }
}
