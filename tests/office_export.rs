#![cfg(not(target_arch = "wasm32"))]
//! The office exports (issue 14): the form as `.xlsx` in the 附件1 layout
//! (`ziping::office::xlsx_out`) and the 自评报告 as `.docx` (`ziping::office::docx_out`).
//!
//! The `.xlsx` is opened with calamine (as the import does) and unzipped for its print setup;
//! the `.docx` is unzipped and its `word/document.xml` parsed with quick-xml.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Reader, SheetVisible, Xlsx};
use quick_xml::events::Event;
use serde_json::json;
use ziping::engine;
use ziping::layout::{self, IndicatorColumn};
use ziping::model::{Column, Form, Indicator};
use ziping::office::docx_out::to_docx;
use ziping::office::xlsx_out::{to_xlsx, DATA_CHUNK, FORM_SHEET};
use ziping::office::DATA_SHEET;
use ziping::render::{self, SECTION_TITLES};

const DATE: &str = "2022年3月7日";

fn seed() -> Form {
    ziping::example::chengde_2021()
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The parts of a zip archive, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        out.insert(f.name().unwrap().to_string(), buf);
    }
    out
}

fn part(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts.get(name).unwrap_or_else(|| panic!("no part {name}")).clone()).unwrap()
}

/// An exported workbook, opened.
struct Book {
    xlsx: Xlsx<Cursor<Vec<u8>>>,
    sheet: calamine::Range<Data>,
}

impl Book {
    fn open(bytes: Vec<u8>) -> Book {
        let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens the export");
        let sheet = xlsx.worksheet_range(FORM_SHEET).expect("the form sheet");
        Book { xlsx, sheet }
    }

    fn get(&self, r: u32, c: u32) -> &Data {
        self.sheet.get_value((r, c)).unwrap_or(&Data::Empty)
    }

    fn text(&self, r: u32, c: u32) -> String {
        match self.get(r, c) {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => panic!("cell ({r}, {c}) is not text: {other:?}"),
        }
    }

    fn number(&self, r: u32, c: u32) -> f64 {
        match self.get(r, c) {
            Data::Float(x) => *x,
            Data::Int(x) => *x as f64,
            other => panic!("cell ({r}, {c}) is not a number: {other:?}"),
        }
    }

    /// The first row whose column A says `label`.
    fn row_of(&self, label: &str) -> u32 {
        (0..self.sheet.height() as u32)
            .find(|&r| self.get(r, 0) == &Data::String(label.into()))
            .unwrap_or_else(|| panic!("no row {label}"))
    }

    fn merges(&mut self) -> Vec<((u32, u32), (u32, u32))> {
        self.xlsx.merge_cells_by_sheet_name(FORM_SHEET).unwrap().iter().map(|d| (d.start, d.end)).collect()
    }

    /// The hidden data sheet's JSON: column A from row 1 to the first empty cell.
    fn data_json(&mut self) -> (String, usize) {
        let data = self.xlsx.worksheet_range(DATA_SHEET).expect("the data sheet");
        let mut json = String::new();
        let mut n = 0;
        for r in 0.. {
            match data.get_value((r, 0)) {
                Some(Data::String(s)) if !s.is_empty() => {
                    assert!(s.encode_utf16().count() <= DATA_CHUNK);
                    json.push_str(s);
                    n += 1;
                }
                _ => break,
            }
        }
        // Nothing else on the sheet.
        assert_eq!(data.width(), 1, "only column A");
        (json, n)
    }

    fn data_form(&mut self) -> Form {
        Form::from_json_str(&self.data_json().0).expect("the data sheet holds a form")
    }
}

fn assert_close(x: f64, want: f64) {
    assert!((x - want).abs() < 1e-12, "{x} ≠ {want}");
}

// ---------------------------------------------------------------------------------------------
// .xlsx

/// The seed's layout: rows (0-based) of each part, three 其中 rows.
const FUNDS_HEAD: u32 = 4;
const FUNDS_TOTAL_ROW: u32 = 5;
const REASON_ROW: u32 = 9;
const GOALS_ROW: u32 = 10;
const BAND_ROW: u32 = 12;
const COLUMNS_ROW: u32 = 13;
const FIRST_ROW: u32 = 14;

#[test]
fn xlsx_seed_layout_labels_and_values() {
    let form = seed();
    let b = Book::open(to_xlsx(&form));
    assert_eq!(b.text(0, 0), "社保工作专项经费项目支出绩效自评表");
    assert_eq!(b.text(1, 0), "（2021 年度）");
    assert_eq!(b.text(2, 0), layout::PROJECT);
    assert_eq!(b.text(2, 2), form.project);
    assert_eq!(b.text(3, 0), layout::DEPARTMENT);
    assert_eq!(b.text(3, 2), form.department);
    assert_eq!(b.text(3, 4), layout::IMPLEMENTER);
    assert_eq!(b.text(3, 5), form.implementer);

    // The funds block.
    assert_eq!(b.text(FUNDS_HEAD, 0), layout::FUNDS);
    for (k, c) in Column::ALL.iter().enumerate() {
        assert_eq!(b.text(FUNDS_HEAD, 2 + k as u32), c.label());
    }
    assert_eq!(b.text(FUNDS_HEAD, 5), layout::FUNDS_WEIGHT);
    assert_eq!(b.text(FUNDS_HEAD, 6), layout::FUNDS_RATE);
    assert_eq!(b.text(FUNDS_HEAD, 7), layout::FUNDS_SCORE);
    assert_eq!(b.text(FUNDS_TOTAL_ROW, 1), layout::FUNDS_TOTAL);
    assert_close(b.number(FUNDS_TOTAL_ROW, 2), 8.89);
    assert_close(b.number(FUNDS_TOTAL_ROW, 3), 8.89);
    assert_close(b.number(FUNDS_TOTAL_ROW, 4), 3.49);
    assert_close(b.number(FUNDS_TOTAL_ROW, 5), 10.0);
    assert_close(b.number(FUNDS_TOTAL_ROW, 6), 0.3925);
    assert_close(b.number(FUNDS_TOTAL_ROW, 7), 3.9);
    assert_eq!(b.text(FUNDS_TOTAL_ROW + 1, 1), format!("{}当年财政拨款", layout::FUNDS_OF_WHICH));
    assert_close(b.number(FUNDS_TOTAL_ROW + 1, 2), 5.4);
    assert_close(b.number(FUNDS_TOTAL_ROW + 1, 4), 0.0);
    assert_eq!(b.text(FUNDS_TOTAL_ROW + 2, 1), "上年结转资金");
    assert_eq!(b.text(FUNDS_TOTAL_ROW + 3, 1), "其他资金");
    assert_eq!(b.get(FUNDS_TOTAL_ROW + 3, 2), &Data::Empty, "an empty amount stays empty");
    assert_eq!(b.text(REASON_ROW, 1), layout::FUNDS_REASON);
    assert_eq!(b.text(REASON_ROW, 2), form.funds.reason);

    // 年度总体目标.
    assert_eq!(b.text(GOALS_ROW, 0), layout::GOALS);
    assert_eq!(b.text(GOALS_ROW, 1), layout::GOALS_EXPECTED);
    assert_eq!(b.text(GOALS_ROW, 4), layout::GOALS_ACHIEVED);
    assert_eq!(b.text(GOALS_ROW + 1, 1), form.goals.expected);
    assert_eq!(b.text(GOALS_ROW + 1, 4), form.goals.achieved);

    // The indicator table.
    assert_eq!(b.text(BAND_ROW, 0), layout::INDICATORS);
    for (k, c) in IndicatorColumn::ALL.iter().enumerate() {
        assert_eq!(b.text(COLUMNS_ROW, k as u32), c.label());
    }
    let result = engine::score(&form);
    for (i, ind) in form.indicators.iter().enumerate() {
        let r = FIRST_ROW + i as u32;
        assert_eq!(b.text(r, 2), ind.name);
        assert_eq!(b.text(r, 3), ind.target);
        assert_eq!(b.text(r, 4), ind.actual);
        assert_close(b.number(r, 5), ind.weight.parse().unwrap());
        assert_close(b.number(r, 6), result.indicators[i].score.as_ref().unwrap().parse().unwrap());
    }
    assert_eq!(b.text(FIRST_ROW, 0), "产出指标");
    assert_eq!(b.text(FIRST_ROW, 1), "数量指标");
    assert_eq!(b.text(FIRST_ROW + 6, 0), "效益指标");
    assert_eq!(b.text(FIRST_ROW + 9, 0), "满意度指标");

    // 总分 100 93.9 等级：优.
    let total = FIRST_ROW + form.indicators.len() as u32;
    assert_eq!(b.row_of(layout::TOTAL), total);
    assert_close(b.number(total, 5), 100.0);
    assert_close(b.number(total, 6), 93.9);
    assert_eq!(b.text(total, 7), "等级：优");
    assert_eq!(b.sheet.end(), Some((total, 7)), "nothing below the 总分 row or right of H");
}

#[test]
fn xlsx_seed_merged_cells() {
    let mut b = Book::open(to_xlsx(&seed()));
    let merges = b.merges();
    let f = FIRST_ROW;
    let want = [
        ((0, 0), (0, 7)),                         // title
        ((1, 0), (1, 7)),                         // 年度
        ((2, 0), (2, 1)),                         // 项目名称
        ((2, 2), (2, 7)),                         // its value
        ((3, 0), (3, 1)),                         // 主管部门
        ((3, 2), (3, 3)),                         // 主管部门's value
        ((3, 5), (3, 7)),                         // 实施单位's value
        ((FUNDS_HEAD, 0), (REASON_ROW, 0)),       // 项目资金（万元）
        ((REASON_ROW, 2), (REASON_ROW, 7)),       // 偏差原因
        ((GOALS_ROW, 0), (GOALS_ROW + 1, 0)),     // 年度总体目标
        ((GOALS_ROW, 1), (GOALS_ROW, 3)),         // 预期目标
        ((GOALS_ROW, 4), (GOALS_ROW, 7)),         // 实际完成情况
        ((GOALS_ROW + 1, 1), (GOALS_ROW + 1, 3)), // 预期目标's text
        ((GOALS_ROW + 1, 4), (GOALS_ROW + 1, 7)), // 实际完成情况's text
        ((BAND_ROW, 0), (BAND_ROW, 7)),           // 绩效指标
        ((f, 0), (f + 5, 0)),                     // 一级 产出指标 over its 6 rows
        ((f, 1), (f + 1, 1)),                     // 二级 数量指标
        ((f + 2, 1), (f + 3, 1)),                 // 质量指标
        ((f + 4, 1), (f + 5, 1)),                 // 时效指标
        ((f + 6, 0), (f + 8, 0)),                 // 效益指标 over 3 rows
        ((f + 10, 0), (f + 10, 4)),               // 总分
    ];
    for m in want {
        assert!(merges.contains(&m), "{m:?} is merged: {merges:?}");
    }
    // A single row is a plain cell: 效益's 二级, 满意度指标.
    for m in &merges {
        assert!(m.0 != m.1);
        assert!(!(m.0 .0 >= f + 6 && m.0 .1 == 1), "a single 二级 row is not merged: {m:?}");
        assert!(m.0 != (f + 9, 0));
    }
    assert_eq!(merges.len(), want.len(), "{merges:?}");
}

#[test]
fn xlsx_hidden_data_sheet_round_trips_the_seed() {
    let form = seed();
    let mut b = Book::open(to_xlsx(&form));
    assert_eq!(b.xlsx.sheet_names(), [FORM_SHEET, DATA_SHEET]);
    let meta = b.xlsx.sheets_metadata().to_vec();
    assert_eq!(meta[0].visible, SheetVisible::Visible);
    assert_eq!(meta[1].visible, SheetVisible::Hidden);
    let (_, pieces) = b.data_json();
    assert_eq!(pieces, 1);
    assert_eq!(b.data_form(), form);
}

#[test]
fn xlsx_print_setup_and_formats() {
    let parts = unzip(&to_xlsx(&seed()));
    let workbook = part(&parts, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    assert!(workbook.contains(&format!("{FORM_SHEET}!$13:$14")), "the band and the column names repeat: {workbook}");
    assert!(workbook.contains("_xlnm.Print_Area"));
    assert!(workbook.contains(&format!("name=\"{DATA_SHEET}\" sheetId=\"2\" state=\"hidden\"")), "{workbook}");
    let sheet = part(&parts, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<pageSetup paperSize=\"9\""), "A4");
    assert!(sheet.contains("orientation=\"portrait\""));
    assert!(sheet.contains("fitToHeight=\"0\""), "one page wide, as many tall as needed");
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"));
    assert!(sheet.contains("<printOptions horizontalCentered=\"1\"/>"));
    assert!(sheet.contains("<cols>"), "column widths");
    let styles = part(&parts, "xl/styles.xml");
    for format in ["formatCode=\"0.00\"", "formatCode=\"0.0\"", "formatCode=\"0.00%\""] {
        assert!(styles.contains(format), "{format}");
    }
    assert!(styles.contains("<name val=\"宋体\"/>"));
    assert!(styles.contains("wrapText=\"1\""));
    assert!(styles.contains("<left style=\"thin\">"));
}

/// A form with what the layout cannot show: methods, tiers, manual scores, settings, a
/// profile, an edited report, unknown fields, texts with markup, escapes and emoji, amounts
/// as typed (`5.40`, `1,000`, `10分`), a reason longer than a cell holds.
fn rich() -> Form {
    let mut v = seed().to_json_value();
    v["profile"] = json!("mof");
    v["settings"] = json!({ "score_decimals": 2 });
    v["portal_id"] = json!({ "unit": "A-17", "n": 3 });
    v["funds"]["sources"][0]["initial"] = json!("5.40");
    v["funds"]["total"]["initial"] = json!(" 8.89 ");
    v["funds"]["weight"] = json!("10分");
    v["funds"]["reason"] = json!("原因 <b>&amp;</b> \"引号\" '单引号' _x0041_ 😀\n第二行");
    v["indicators"][0]["method"] = json!("positive");
    v["indicators"][0]["x_note"] = json!(["保留"]);
    v["indicators"][6]["tier"] = json!("partial");
    v["indicators"][7]["score"] = json!("9.5");
    v["indicators"][8]["reason"] = json!("长".repeat(70_000));
    let mut form = Form::from_json_value(v).unwrap();
    form.report = Some("编辑过的报告\n\n一、基本情况\n<script>alert('x')</script> & 其他\n".into());
    form
}

#[test]
fn xlsx_data_sheet_keeps_what_the_layout_cannot_show() {
    let form = rich();
    let mut b = Book::open(to_xlsx(&form));
    let (json, pieces) = b.data_json();
    assert!(pieces >= 3, "a long form is cut into pieces: {pieces}");
    assert_eq!(json, serde_json::to_string(&form).unwrap());
    assert_eq!(b.data_form(), form);

    // The visible layout: typed text trimmed, numbers as the engine reads them.
    assert_close(b.number(FUNDS_TOTAL_ROW + 1, 2), 5.4);
    assert_close(b.number(FUNDS_TOTAL_ROW, 5), 10.0);
    assert_eq!(b.text(REASON_ROW, 2), form.funds.reason.trim());
    assert_close(b.number(FIRST_ROW + 7, 6), 9.5);
    let long = b.text(FIRST_ROW + 8, 7);
    assert_eq!(long.encode_utf16().count(), 32_767, "a text longer than a cell is cut");
    assert!(long.ends_with('…'));
}

#[test]
fn xlsx_texts_and_pending_rows() {
    // A row waiting for its actual, a breakdown row, a placeholder, a not-applicable row.
    let mut form = seed();
    form.indicators[1].actual.clear();
    let mut sub = Indicator::new("产出指标", "数量指标");
    sub.name = "其中：城镇".into();
    sub.target = "20家".into();
    sub.actual = "20家".into();
    form.indicators.insert(1, sub);
    form.indicators.push(Indicator::new("满意度指标", "服务对象满意度指标"));
    form.indicators[4].weight = "十".into();
    let result = engine::score(&form);
    assert!(!result.complete);
    let b = Book::open(to_xlsx(&form));
    let f = FIRST_ROW;
    assert_eq!(b.text(f + 1, 2), "其中：城镇");
    assert_eq!(b.get(f + 1, 5), &Data::Empty, "a breakdown row's 分值 stays empty");
    assert_eq!(b.text(f + 1, 6), "—");
    assert_eq!(b.text(f + 2, 6), "待填");
    assert_eq!(b.text(f + 4, 5), "十", "a 分值 that is not a number is its text");
    let placeholder = f + form.indicators.len() as u32 - 1;
    assert_eq!(b.text(placeholder, 2), "");
    assert_eq!(b.get(placeholder, 6), &Data::Empty, "a placeholder row has no 得分");
    let total = b.row_of(layout::TOTAL);
    assert_eq!(total, f + form.indicators.len() as u32, "every row, placeholders included");
    assert!(b.text(total, 7).ends_with("（暂定）"), "{}", b.text(total, 7));
    match result.total {
        Some(t) => assert_eq!(b.text(total, 6), format!("{t}（暂定）")),
        None => assert_eq!(b.text(total, 6), "—"),
    }
}

#[test]
fn xlsx_empty_and_skeleton_forms() {
    for form in [Form::default(), ziping::example::skeleton(Some(2024), &["当年财政拨款".to_string()])] {
        let mut b = Book::open(to_xlsx(&form));
        assert_eq!(b.data_form(), form);
        let header = b.row_of(IndicatorColumn::Level1.label());
        let total = b.row_of(layout::TOTAL);
        assert_eq!((total - header - 1) as usize, form.indicators.len());
        let result = engine::score(&form);
        assert_eq!(b.text(total, 6), format!("{}（暂定）", result.total.unwrap()));
    }
}

#[test]
fn xlsx_generated_forms_of_10_to_300_rows() {
    for (n, seed) in [(10, 1), (57, 2), (100, 3), (300, 4)] {
        let form = ziping::example::generated(n, seed);
        let result = engine::score(&form);
        let mut b = Book::open(to_xlsx(&form));
        assert_eq!(b.data_form(), form, "{n} rows");
        let header = b.row_of(IndicatorColumn::Level1.label());
        let total = b.row_of(layout::TOTAL);
        assert_eq!((total - header - 1) as usize, n, "{n} visible rows");
        for (i, ind) in form.indicators.iter().enumerate() {
            let r = header + 1 + i as u32;
            assert_eq!(b.text(r, 2), ind.name);
            let score = result.indicators[i].score.as_deref().unwrap();
            assert_close(b.number(r, 6), score.parse().unwrap());
        }
        // One 一级 cell per run of 一级 (the generator writes three runs), merged down when
        // the run has more than one row.
        let merges = b.merges();
        let mut start = 0;
        let mut runs = 0;
        for i in 1..=n {
            if i == n || form.indicators[i].level1 != form.indicators[start].level1 {
                let (top, bottom) = (header + 1 + start as u32, header + i as u32);
                assert_eq!(b.text(top, 0), form.indicators[start].level1);
                assert_eq!(merges.contains(&((top, 0), (bottom, 0))), top < bottom, "{n} rows: {top}..={bottom}");
                runs += 1;
                start = i;
            }
        }
        assert_eq!(runs, 3);
        match &result.total {
            Some(t) if result.complete => assert_close(b.number(total, 6), t.parse().unwrap()),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// .docx

/// The paragraphs of `word/document.xml` (the text of each `w:p`, references resolved),
/// parsing it whole: it must be well-formed.
fn paragraphs(xml: &str) -> Vec<String> {
    assert!(!xml.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')), "no character XML 1.0 forbids");
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    let mut depth = 0usize;
    loop {
        match reader.read_event().expect("document.xml is well-formed") {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    "w:p" => current = Some(String::new()),
                    "w:t" => in_text = true,
                    _ => {}
                }
            }
            Event::End(e) => {
                depth -= 1;
                match e.name().as_ref() {
                    "w:p" => out.push(current.take().unwrap_or_default()),
                    "w:t" => in_text = false,
                    _ => {}
                }
            }
            Event::Empty(e) if e.name().as_ref() == "w:p" => out.push(String::new()),
            Event::Text(t) if in_text => current.get_or_insert_default().push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().unwrap().unwrap().to_string()
                } else {
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .expect("a predefined entity")
                        .to_string()
                };
                current.get_or_insert_default().push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element closed");
    out
}

fn docx_paragraphs(bytes: &[u8]) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let parts = unzip(bytes);
    let xml = part(&parts, "word/document.xml");
    let ps = paragraphs(&xml);
    (parts, ps)
}

#[test]
fn docx_parts_exist() {
    let parts = unzip(&to_docx(&seed(), DATE));
    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
        "word/settings.xml",
        "word/fontTable.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert!(parts.contains_key(name), "{name} in {:?}", parts.keys().collect::<Vec<_>>());
    }
    let styles = part(&parts, "word/styles.xml");
    assert!(styles.contains("heading 1") && styles.contains("黑体") && styles.contains("宋体"));
    let doc = part(&parts, "word/document.xml");
    assert!(doc.contains("w:w=\"11906\"") && doc.contains("w:h=\"16838\""), "A4");
    assert!(!parts.keys().any(|k| k.starts_with("word/media/")), "no image");
}

#[test]
fn docx_seed_report() {
    let form = seed();
    let result = engine::score(&form);
    let report = render::report_draft(&form, &result, DATE);
    let (_, ps) = docx_paragraphs(&to_docx(&form, DATE));
    assert_eq!(ps[0], report.title);
    assert_eq!(ps[0], "社保工作专项经费项目 2021 年度绩效自评报告");
    // Every heading and every line of the report, as a paragraph of its own.
    for (k, title) in SECTION_TITLES.iter().enumerate() {
        let head = format!("{}、{}", render::numeral(k), title);
        assert!(ps.contains(&head), "{head}");
    }
    for s in &report.sections {
        for line in s.text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(ps.iter().any(|p| p == line.trim_end()), "{line}");
        }
    }
    // The closing: 实施单位 and the date.
    let n = ps.iter().rposition(|p| !p.is_empty()).unwrap();
    assert_eq!(ps[n], DATE);
    assert_eq!(ps[n - 1], form.implementer);
    // The numbers: in the text and in the tables.
    let all = ps.join("\n");
    for s in ["39.25%", "3.9", "93.9", "优", "8.89", "3.49"] {
        assert!(all.contains(s), "{s}");
    }
    // The funds table and the scores table.
    for label in [
        layout::FUNDS,
        layout::FUNDS_TOTAL,
        "其中：当年财政拨款",
        "上年结转资金",
        "年初预算数",
        "全年执行数",
        "执行率",
        "各项得分与分值",
        "预算执行率",
        "产出指标",
        "总分",
        "等级",
    ] {
        assert!(ps.iter().any(|p| p == label), "{label}");
    }
    let at = |s: &str| ps.iter().position(|p| p == s).unwrap();
    assert!(at("一、基本情况") < at(layout::FUNDS) && at(layout::FUNDS) < at("二、绩效目标完成情况"));
    assert!(at("三、自评结论") < at("各项得分与分值") && at("各项得分与分值") < at("四、绩效指标完成情况"));
    assert!(!all.contains("暂定"), "the seed is complete");
}

#[test]
fn docx_edited_report_and_escaping() {
    let mut form = seed();
    form.project = "项目 <A&B> \"引号\" 'x'".into();
    let text = "我的报告 <b>标题</b>\n\n尊敬的领导：\n\n一、基本情况\n<script>alert(\"x\")</script> & 'y' 第一段。\n控制符\u{1}\u{b}已去掉。\n\n二、自定义标题\n第二段。\n\n承德县社会保险事业管理局\n2022年4月1日\n";
    form.report = Some(text.into());
    let report = render::Report::from_text(text);
    let bytes = to_docx(&form, DATE);
    let (parts, ps) = docx_paragraphs(&bytes);
    let xml = part(&parts, "word/document.xml");
    assert!(!xml.contains("<script>") && !xml.contains("<b>"));
    assert!(xml.contains("&lt;script&gt;"));
    assert_eq!(ps[0], "我的报告 <b>标题</b>");
    assert!(ps.contains(&"尊敬的领导：".to_string()));
    assert!(ps.contains(&"一、基本情况".to_string()));
    assert!(ps.contains(&"二、自定义标题".to_string()));
    assert!(ps.contains(&"<script>alert(\"x\")</script> & 'y' 第一段。".to_string()));
    assert!(ps.contains(&"控制符已去掉。".to_string()));
    assert_eq!(report.closing, "承德县社会保险事业管理局\n2022年4月1日");
    assert!(ps.contains(&"2022年4月1日".to_string()), "the edited closing, not today's date");
    assert!(!ps.contains(&DATE.to_string()));
    // The generated text is not there; the tables are (the section 自评结论 was dropped:
    // the scores table goes at the end).
    assert!(!ps.iter().any(|p| p.starts_with("本项目为")));
    assert!(ps.contains(&layout::FUNDS.to_string()) && ps.contains(&"各项得分与分值".to_string()));
}

#[test]
fn docx_incomplete_form_says_so() {
    let mut form = seed();
    form.indicators[0].actual.clear();
    let (_, ps) = docx_paragraphs(&to_docx(&form, DATE));
    assert!(ps.iter().any(|p| p.starts_with("本表尚有 1 项待填")), "{ps:?}");
    assert!(ps.iter().any(|p| p.ends_with("（暂定）")));
}

#[test]
fn docx_generated_forms() {
    for n in [10, 300] {
        let form = ziping::example::generated(n, 7);
        let (_, ps) = docx_paragraphs(&to_docx(&form, DATE));
        assert!(ps.iter().filter(|p| p.starts_with("指标")).count() >= n, "{n} rows in 四、");
    }
}
