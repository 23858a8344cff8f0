//! The 自评报告 as `.docx` ([`to_docx`], docx-rs): the report a unit edits further in Word or
//! WPS and files with its 自评表.
//!
//! The report is the one the app shows and prints ([`render::report_of`]): the form's edited
//! `report` text when it has one (read with [`Report::from_text`]), else the draft generated
//! from the form and its result, signed with the 实施单位 and the date given. Nothing here
//! writes report text of its own; this module only lays the [`Report`] out:
//!
//! - the title (centred, bold, 18 pt) and, when the form is not complete or has errors, a
//!   boxed note of what is missing (the printed report's box: the scores are provisional);
//! - the preamble, if any, one paragraph a line;
//! - each section: its heading `一、基本情况` (style 标题 1 / `heading 1`, 黑体 14 pt, in the
//!   document outline), then its text, one paragraph a line, justified, indented two
//!   characters;
//! - after the section 基本情况, the funds table (项目资金（万元）: 年度资金总额 and each 其中 row
//!   with 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分, as the printed form gives them);
//! - after the section 自评结论, in place of the printed report's chart, its figures as a
//!   table (各项得分与分值: the budget row and each 一级 with 分值 and 得分, then 总分 and 等级).
//!   A report whose sections were renamed gets the tables that have no place at its end;
//! - the signature (实施单位 and date), right-aligned; page numbers in the footer.
//!
//! No chart image: docx-rs is built without its image support (`default-features = false`),
//! which keeps the `image` crate out of the build and the browser bundle.
//!
//! A4 portrait, margins 2.54 cm × 3.17 cm (Word's Chinese default), 宋体 12 pt (小四) with
//! 1.5 line spacing, tables 10.5 pt (五号). User text is XML-escaped by docx-rs; characters XML
//! 1.0 cannot hold at all (control characters other than tab and line breaks) are left out.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run, RunFonts,
    SpecialIndentType, Style, StyleType, Table, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::engine;
use crate::layout::{self, IndicatorColumn};
use crate::model::{Column, Form};
use crate::render::{self, Missing, Report, MISSING_LIST_MAX, SECTION_TITLES};
use crate::result::ScoreResult;
use crate::view_model;

/// The width of the text on an A4 page with these margins, in twips (11906 − 2 × 1800).
const TEXT_WIDTH: usize = 8306;
/// Font sizes in half-points: the title, a heading, the body, a table.
const TITLE_SIZE: usize = 36;
const HEADING_SIZE: usize = 28;
const BODY_SIZE: usize = 24;
const TABLE_SIZE: usize = 21;
/// The first-line indent of a paragraph: two characters of the body size, in twips.
const INDENT: i32 = 480;

const SERIF: &str = "宋体";
const SANS: &str = "黑体";
const LATIN: &str = "Times New Roman";

/// The 自评报告 of `form` as a `.docx` document (see the module docs); a generated report is
/// signed with `date` as given (`2022年3月7日`).
pub fn to_docx(form: &Form, date: &str) -> Vec<u8> {
    let result = engine::score(form);
    let report = render::report_of(form, &result, date);
    let mut out = std::io::Cursor::new(Vec::new());
    document(form, &result, &report).pack(&mut out).expect("a document is written to memory");
    out.into_inner()
}

fn document(form: &Form, result: &ScoreResult, report: &Report) -> Docx {
    let fonts = |east_asia: &str| RunFonts::new().ascii(LATIN).hi_ansi(LATIN).cs(LATIN).east_asia(east_asia);
    let mut doc = Docx::new()
        .page_margin(PageMargin::new().top(1440).bottom(1440).left(1800).right(1800).header(851).footer(992))
        .default_fonts(fonts(SERIF))
        .default_size(BODY_SIZE)
        .default_line_spacing(LineSpacing::new().line(360).line_rule(LineSpacingType::Auto))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .size(TITLE_SIZE)
                .bold()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(240)),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts(SANS))
                .size(HEADING_SIZE)
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(120).after(60)),
        )
        .footer(
            Footer::new().add_paragraph(Paragraph::new().add_page_num(PageNum::new()).align(AlignmentType::Center)),
        );

    doc = doc.add_paragraph(Paragraph::new().style("Title").add_run(run(report.title.trim())));
    let missing = Missing::of(form, result);
    if !missing.is_empty() {
        doc = doc.add_table(missing_box(&missing));
    }
    for (k, line) in lines(&report.preamble).enumerate() {
        doc = doc.add_paragraph(if k == 0 { plain(line) } else { body(line) });
    }

    let funds_at = report.sections.iter().position(|s| s.title.trim() == SECTION_TITLES[0]);
    let scores_at = report.sections.iter().position(|s| s.title.trim() == SECTION_TITLES[2]);
    for (k, s) in report.sections.iter().enumerate() {
        let head = format!("{}、{}", render::numeral(k), s.title.trim());
        doc = doc.add_paragraph(Paragraph::new().style("Heading1").keep_next(true).add_run(run(&head)));
        for line in lines(&s.text) {
            doc = doc.add_paragraph(body(line));
        }
        if funds_at == Some(k) {
            doc = funds_table(doc, form, result);
        }
        if scores_at == Some(k) {
            doc = scores_table(doc, form, result, &missing);
        }
    }
    if funds_at.is_none() {
        doc = funds_table(doc, form, result);
    }
    if scores_at.is_none() {
        doc = scores_table(doc, form, result, &missing);
    }

    for (k, line) in lines(&report.closing).enumerate() {
        let p = Paragraph::new().align(AlignmentType::Right).add_run(run(line.trim()));
        doc = doc.add_paragraph(if k == 0 { p.line_spacing(LineSpacing::new().before(480)) } else { p });
    }
    doc
}

// ---------------------------------------------------------------------------------------------
// Text

/// `s` without the characters XML 1.0 cannot hold (control characters other than tab, line
/// feed and carriage return; U+FFFE, U+FFFF).
fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
        .collect()
}

fn run(text: &str) -> Run {
    Run::new().add_text(xml_text(text))
}

/// The non-blank lines of a text, each without trailing spaces.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty())
}

/// A paragraph of the body: justified, first line indented two characters.
fn body(line: &str) -> Paragraph {
    plain(line).indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
}

/// A paragraph of the body without indent (a salutation).
fn plain(line: &str) -> Paragraph {
    Paragraph::new().align(AlignmentType::Both).add_run(run(line))
}

// ---------------------------------------------------------------------------------------------
// Tables

/// One line of a table cell.
fn cell_line(line: &str, left: bool, bold: bool) -> Paragraph {
    let r = run(line.trim()).size(TABLE_SIZE);
    Paragraph::new()
        .align(if left { AlignmentType::Left } else { AlignmentType::Center })
        .line_spacing(LineSpacing::new().line(240).line_rule(LineSpacingType::Auto))
        .add_run(if bold { r.bold() } else { r })
}

/// A table cell of `width` twips: its text, a paragraph a line (at least one), centred.
fn cell(text: &str, width: usize, bold: bool) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Center);
    for line in text.split('\n') {
        c = c.add_paragraph(cell_line(line, false, bold));
    }
    c
}

/// A table of fixed column widths whose first row is its header (repeated on every page).
fn table(widths: &[usize], rows: Vec<Vec<(String, usize)>>) -> Table {
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(k, cells)| {
            let mut col = 0;
            let cells = cells
                .into_iter()
                .map(|(text, span)| {
                    let width = widths[col..col + span].iter().sum();
                    let c = cell(&text, width, k == 0);
                    col += span;
                    if span > 1 {
                        c.grid_span(span)
                    } else {
                        c
                    }
                })
                .collect();
            TableRow::new(cells).cant_split()
        })
        .collect();
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(docx_rs::TableAlignmentType::Center)
}

/// A table's caption: centred, bold, kept with the table.
fn caption(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .keep_next(true)
        .line_spacing(LineSpacing::new().before(120).after(60))
        .add_run(run(text).bold().size(TABLE_SIZE))
}

/// The printed form's funds block: 年度资金总额 and the 其中 rows.
fn funds_table(doc: Docx, form: &Form, result: &ScoreResult) -> Docx {
    let widths = [1706, 1300, 1300, 1300, 800, 1000, 900];
    let one = |s: String| (s, 1);
    let mut head = vec![one(String::new())];
    head.extend(Column::ALL.iter().map(|c| one(c.label().to_string())));
    head.extend([layout::FUNDS_WEIGHT, layout::FUNDS_RATE, layout::FUNDS_SCORE].map(|s| one(s.to_string())));
    let mut total = vec![one(layout::FUNDS_TOTAL.to_string())];
    total.extend(Column::ALL.iter().map(|&c| one(render::column_value(form, c))));
    let rate = match &result.execution_rate {
        Some(_) => view_model::execution_rate_text(result),
        None if view_model::budget_pending(result) => view_model::PENDING.into(),
        None => view_model::EMPTY.into(),
    };
    total.extend([render::budget_weight(form), rate, view_model::budget_score_text(result)].map(one));
    let mut rows = vec![head, total];
    for (k, src) in form.funds.sources.iter().enumerate() {
        let label = if k == 0 {
            format!("{}{}", layout::FUNDS_OF_WHICH, src.label.trim())
        } else {
            src.label.trim().to_string()
        };
        let mut row = vec![one(label)];
        row.extend(Column::ALL.iter().map(|&c| one(render::amount_text(src.get(c)))));
        row.extend([view_model::EMPTY.to_string(), String::new(), view_model::EMPTY.to_string()].map(one));
        rows.push(row);
    }
    doc.add_paragraph(caption(layout::FUNDS)).add_table(table(&widths, rows)).add_paragraph(Paragraph::new())
}

/// The printed report's chart as a table: the budget row and each 一级 (分值, 得分), 总分 and
/// 等级.
fn scores_table(doc: Docx, form: &Form, result: &ScoreResult, missing: &Missing) -> Docx {
    let widths = [4306, 2000, 2000];
    let mark = if missing.provisional { "（暂定）" } else { "" };
    let one = |s: &str| (s.to_string(), 1);
    let mut rows = vec![vec![one("项目"), one(IndicatorColumn::Weight.label()), one(IndicatorColumn::Score.label())]];
    for b in render::chart::bars(form, result) {
        rows.push(vec![one(&b.label), one(&b.weight), one(b.score.unwrap_or(view_model::EMPTY))]);
    }
    let total = result.total.as_deref().map(|t| format!("{t}{mark}")).unwrap_or_else(|| view_model::EMPTY.into());
    rows.push(vec![one(layout::TOTAL), one("100"), one(&total)]);
    let grade = result.grade.as_deref().map(|g| format!("{g}{mark}")).unwrap_or_else(|| view_model::EMPTY.into());
    rows.push(vec![one("等级"), (grade, 2)]);
    doc.add_paragraph(caption("各项得分与分值")).add_table(table(&widths, rows)).add_paragraph(Paragraph::new())
}

/// The printed documents' box of what is missing, as a one-cell table: the headline in bold,
/// then the items.
fn missing_box(missing: &Missing) -> Table {
    let mut c =
        TableCell::new().width(TEXT_WIDTH, WidthType::Dxa).add_paragraph(cell_line(&missing.headline(), true, true));
    for item in missing.items.iter().take(MISSING_LIST_MAX) {
        c = c.add_paragraph(cell_line(&format!("· {item}"), true, false));
    }
    if missing.items.len() > MISSING_LIST_MAX {
        let more = format!("· 另有 {} 项未列出", missing.items.len() - MISSING_LIST_MAX);
        c = c.add_paragraph(cell_line(&more, true, false));
    }
    Table::new(vec![TableRow::new(vec![c])]).set_grid(vec![TEXT_WIDTH]).width(TEXT_WIDTH, WidthType::Dxa)
}
