#![cfg(not(target_arch = "wasm32"))]
//! The printed form and the 自评报告 (`ziping::render`, issue 12).
//!
//! Golden documents of the seed and of the realistic forms are held in `tests/golden/`
//! (`*.form.html`, `*.report.txt`, `*.report.html`); after checking a deliberate change by hand,
//! `ZIPING_BLESS=1 cargo test --test render` writes them, as `tests/golden.rs` does for results.

use std::collections::BTreeSet;
use std::path::Path;

use rust_decimal::Decimal;
use serde_json::Value;
use ziping::engine;
use ziping::model::{Column, Form, Indicator};
use ziping::render::{self, PrintOptions, Report, Section};
use ziping::result::ScoreResult;

const DATE: &str = "2022年3月7日";

fn seed() -> (Form, ScoreResult) {
    let f = ziping::example::chengde_2021();
    let r = engine::score(&f);
    (f, r)
}

fn fixtures() -> Vec<(String, Form)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["fixtures", "tests/fixtures/forms"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, Form::from_json_str(&std::fs::read_to_string(&p).unwrap()).unwrap())
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A small well-formedness scan: every tag is known and closed in order, every attribute is known
// and quoted, text holds no raw `<` or `>` and only the entities the escaper writes.

const TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "p",
    "div",
    "ul",
    "li",
    "table",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
    "br",
    "section",
    "figure",
    "figcaption",
    "svg",
    "rect",
    "text",
];
const VOID: &[&str] = &["meta", "col", "br"];
const ATTRS: &[&str] = &[
    "lang",
    "charset",
    // The document's own Content-Security-Policy <meta> only (checked below).
    "http-equiv",
    "content",
    "class",
    "colspan",
    "rowspan",
    "style",
    "width",
    "height",
    "viewBox",
    "role",
    "aria-label",
    "x",
    "y",
    "fill",
    "stroke",
    "stroke-width",
    "font-size",
];

fn check_entities(s: &str, at: usize) -> Result<(), String> {
    for (i, _) in s.match_indices('&') {
        let rest = &s[i..];
        if !["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| rest.starts_with(e)) {
            return Err(format!("a bare & near byte {}: {:?}", at + i, &rest[..rest.len().min(20)]));
        }
    }
    Ok(())
}

/// A tag: its name and attributes.
type Tag = (String, Vec<(String, String)>);

/// The tags of the document, in order (name, attributes), after checking it is well formed.
fn scan(html: &str) -> Result<Vec<Tag>, String> {
    let doctype = "<!DOCTYPE html>";
    let mut s = html.strip_prefix(doctype).ok_or("no doctype")?;
    let mut base = doctype.len();
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    while let Some(lt) = s.find('<') {
        let text = &s[..lt];
        if text.contains('>') {
            return Err(format!("a raw > in text near byte {base}: {text:?}"));
        }
        check_entities(text, base)?;
        let rest = &s[lt + 1..];
        let pos = base + lt;
        if let Some(close) = rest.strip_prefix('/') {
            let end = close.find('>').ok_or("an unclosed end tag")?;
            let name = &close[..end];
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> at byte {pos} closes {other:?}")),
            }
            let used = lt + 2 + end + 1;
            s = &s[used..];
            base += used;
            continue;
        }
        let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).ok_or("a tag without end")?;
        let name = &rest[..name_len];
        if !TAGS.contains(&name) {
            return Err(format!("an unknown tag <{name}> at byte {pos}"));
        }
        let mut r = &rest[name_len..];
        let mut attrs = Vec::new();
        let self_closing;
        loop {
            r = r.trim_start_matches(' ');
            if let Some(x) = r.strip_prefix("/>") {
                self_closing = true;
                r = x;
                break;
            }
            if let Some(x) = r.strip_prefix('>') {
                self_closing = false;
                r = x;
                break;
            }
            let an = r.find('=').ok_or_else(|| format!("an attribute without value in <{name}> at byte {pos}"))?;
            let aname = &r[..an];
            if !ATTRS.contains(&aname) {
                return Err(format!("an unknown attribute {aname:?} in <{name}> at byte {pos}"));
            }
            let v = r[an + 1..].strip_prefix('"').ok_or("an unquoted attribute")?;
            let vend = v.find('"').ok_or("an unclosed attribute")?;
            let value = &v[..vend];
            if value.contains('<') || value.contains('>') {
                return Err(format!("markup in an attribute at byte {pos}"));
            }
            check_entities(value, pos)?;
            attrs.push((aname.to_string(), value.to_string()));
            r = &v[vend + 1..];
        }
        let used = s.len() - r.len();
        s = r;
        base += used;
        tags.push((name.to_string(), attrs));
        if self_closing {
            if !stack.iter().any(|t| t == "svg") {
                return Err(format!("a self-closing <{name}/> outside svg at byte {pos}"));
            }
            continue;
        }
        if VOID.contains(&name) {
            continue;
        }
        if name == "style" || name == "title" {
            // Raw text up to its end tag: none of it may be markup.
            let end = s.find(&format!("</{name}>")).ok_or_else(|| format!("<{name}> never closed"))?;
            let body = &s[..end];
            if body.contains('<') {
                return Err(format!("markup inside <{name}>"));
            }
            if name == "title" {
                check_entities(body, base)?;
            }
            let used = end + name.len() + 3;
            s = &s[used..];
            base += used;
            continue;
        }
        stack.push(name.to_string());
    }
    if !s.trim().is_empty() {
        return Err(format!("text after the document: {s:?}"));
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements: {stack:?}"));
    }
    Ok(tags)
}

/// The document's text, tags removed and entities decoded (what a reader sees).
fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn assert_safe(html: &str, what: &str) {
    let tags = scan(html).unwrap_or_else(|e| panic!("{what} is not well formed: {e}"));
    let lower = html.to_lowercase();
    for bad in ["<script", "<img", "<iframe", "<svg onload", "<object", "<embed", "<link", "<a ", "<base"] {
        assert!(!lower.contains(bad), "{what} holds {bad}");
    }
    for (name, attrs) in &tags {
        for (a, v) in attrs {
            let v = v.to_lowercase();
            assert!(
                !v.contains("javascript") && !v.contains("url(") && !v.contains("http"),
                "{what}: <{name} {a}=\"{v}\">"
            );
        }
    }
    // No resource is ever referenced.
    for bad in ["src=", "href=", "@import", "url(", "http://", "https://"] {
        let outside_text = tags.iter().flat_map(|(_, a)| a).any(|(n, v)| n.contains(bad) || v.contains(bad));
        assert!(!outside_text, "{what} references a resource ({bad})");
    }
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(!style.contains("url(") && !style.contains("@import") && !style.contains("@font-face"), "{what}: {style}");
}

// ---------------------------------------------------------------------------------------------
// Golden documents

#[test]
fn golden_documents_of_the_seed_and_the_realistic_forms() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("ZIPING_BLESS").is_some();
    let forms = fixtures();
    assert!(forms.iter().any(|(n, _)| n == "chengde-2021"), "the seed is among the fixtures");
    let mut failed = Vec::new();
    for (name, form) in &forms {
        let result = engine::score(form);
        let report = render::report_draft(form, &result, DATE);
        let docs = [
            ("form.html", render::form_html(form, &result, &PrintOptions::default())),
            ("report.txt", report.to_text()),
            ("report.html", render::report_html(form, &result, &report, &PrintOptions::default())),
        ];
        for (ext, got) in docs {
            let path = root.join(format!("{name}.{ext}"));
            if bless {
                std::fs::write(&path, &got).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(&got) {
                failed.push(format!("{} differs (ZIPING_BLESS=1 to accept):\n{got}", path.display()));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn the_seed_prints_its_scores() {
    let (f, r) = seed();
    let html = render::form_html(&f, &r, &PrintOptions::default());
    assert_safe(&html, "the seed form");
    let text = visible_text(&html);
    for want in ["社保工作专项经费项目支出绩效自评表", "（2021 年度）", "39.25%", "3.9", "93.9", "优", "产出指标 50 分"]
    {
        assert!(text.contains(want), "{want} is missing from\n{text}");
    }
    assert!(html.contains("<td>39.25%</td><td>3.9</td>"), "the budget row: rate then score");
    assert!(html.contains("<td>100</td><td>93.9</td><td>等级：优</td>"), "the 总分 row");
    assert!(!html.contains("暂定") && !html.contains("class=\"missing\""), "a complete form is printed as final");
    // The seed's placeholder rows are left out: one row per indicator.
    assert_eq!(html.matches("<tr class=\"r").count(), 10);
    assert!(html.contains("<td rowspan=\"6\">产出指标<span class=\"w\">50 分</span></td>"));
    assert!(html.contains("<td>当年财政拨款</td>") || html.contains("<th>其中：当年财政拨款</th>"));
    // Page layout.
    assert!(html.contains("size: A4 portrait"));
    assert!(html.contains("thead { display: table-header-group; }"));
    // Nothing loads or runs, whatever the document holds.
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";
    assert_eq!(html.matches("http-equiv").count(), 1);
    assert!(html.contains(csp));
    assert!(html.contains("td:not([rowspan]), th:not([rowspan]) { break-inside: avoid;"));
    assert!(html.contains("\"Noto Serif CJK SC\""));
    let landscape = render::form_html(&f, &r, &PrintOptions { landscape: true });
    assert!(landscape.contains("size: A4 landscape") && !landscape.contains("A4 portrait"));

    let report = render::report_draft(&f, &r, DATE);
    let rtext = report.to_text();
    for want in ["39.25%", "3.9 分", "93.9 分", "“优”", "承德县社会保险事业管理局\n2022年3月7日\n"]
    {
        assert!(rtext.contains(want), "{want} is missing from the report\n{rtext}");
    }
    let titles: Vec<&str> = report.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, render::SECTION_TITLES);
    let rhtml = render::report_html(&f, &r, &report, &PrintOptions::default());
    assert_safe(&rhtml, "the seed report");
    assert!(rhtml.contains("<svg class=\"chart\"") && rhtml.contains(">3.9 / 10</text>"));
}

#[test]
fn an_incomplete_form_is_never_printed_as_final() {
    let mut f = ziping::example::chengde_2021();
    f.indicators[0].actual.clear();
    f.indicators[3].actual.clear();
    let r = engine::score(&f);
    assert!(!r.complete && r.pending == 2);
    let html = render::form_html(&f, &r, &PrintOptions::default());
    assert_safe(&html, "an incomplete form");
    let text = visible_text(&html);
    assert!(text.contains("本表尚有 2 项待填，总分为暂定"), "{text}");
    assert!(text.contains("“失业动态监测企业数”待填：实际完成值"), "{text}");
    assert!(html.contains("（暂定）</td>") && text.contains("等级：") && text.contains("（暂定）"));
    // The box comes before the tables.
    assert!(html.find("class=\"missing\"").unwrap() < html.find("<table").unwrap());
    assert!(html.contains("<td>待填</td>"));

    let report = render::report_draft(&f, &r, DATE);
    let t = report.to_text();
    assert!(t.contains("尚有 2 项待填") && t.contains("暂定"), "{t}");
    let rhtml = render::report_html(&f, &r, &report, &PrintOptions::default());
    assert!(visible_text(&rhtml).contains("本表尚有 2 项待填，总分为暂定"));

    // An error alone also makes the total provisional.
    let mut f = ziping::example::chengde_2021();
    f.indicators[0].weight = "11".into();
    let r = engine::score(&f);
    let text = visible_text(&render::form_html(&f, &r, &PrintOptions::default()));
    assert!(text.contains("本表尚有 1 处错误，总分为暂定") && text.contains("分值合计为 101"), "{text}");
}

#[test]
fn breakdown_and_not_applicable_rows() {
    let mut f = ziping::example::chengde_2021();
    let mut sub = Indicator::new("产出指标", "数量指标");
    sub.name = "其中：企业退休人员".into();
    sub.target = "9000人".into();
    sub.actual = "9000人".into();
    f.indicators.insert(2, sub);
    f.indicators[9].method = "not_applicable".into();
    // An ignored row, and one under a new 二级 with nothing in it.
    f.indicators.insert(4, Indicator::new("产出指标", "质量指标"));
    let r = engine::score(&f);
    let html = render::form_html(&f, &r, &PrintOptions::default());
    assert_safe(&html, "breakdown rows");
    assert!(html.contains(
        "<tr class=\"r sub\"><td class=\"text name\">其中：企业退休人员</td><td class=\"text\">9000人</td><td class=\"text\">9000人</td><td>—</td><td>—</td>"
    ), "{html}");
    assert!(html.contains("<td>10</td><td>不适用</td>"), "a not-applicable row");
    assert_eq!(html.matches("<tr class=\"r").count(), 11, "placeholders are left out");
    assert!(html.contains("<td rowspan=\"7\">产出指标"), "the breakdown row is inside its 一级");
    let t = render::report_draft(&f, &r, DATE).to_text();
    assert!(t.contains("其中：企业退休人员：年度指标值 9000人，实际完成值 9000人（明细，不计分）。"), "{t}");
    assert!(t.contains("本项不适用，不计分") && t.contains("总分按其余分值折算"), "{t}");
}

#[test]
fn a_300_row_form_has_one_row_each() {
    let mut f = ziping::example::generated(300, 7);
    // Placeholders and breakdown rows among them.
    for k in [0, 50, 299] {
        f.indicators.insert(k, Indicator::new("产出指标", "数量指标"));
    }
    let r = engine::score(&f);
    let printed = f.indicators.iter().filter(|i| !i.is_placeholder()).count();
    assert_eq!(printed, 300);
    let html = render::form_html(&f, &r, &PrintOptions::default());
    assert_safe(&html, "300 rows");
    assert_eq!(html.matches("<tr class=\"r").count(), printed);
    // Every row's cells: eight columns in all (spans counted once).
    assert!(html.contains("class=\"long\" rowspan="), "long spans are aligned to their top");
    let report = render::report_draft(&f, &r, DATE);
    assert_safe(&render::report_html(&f, &r, &report, &PrintOptions::default()), "300 rows report");
    assert_eq!(Report::from_text(&report.to_text()), report);
}

// ---------------------------------------------------------------------------------------------
// The report's text form

#[test]
fn report_text_round_trip() {
    let mut forms: Vec<Form> = fixtures().into_iter().map(|(_, f)| f).collect();
    forms.extend((1..6).map(|s| ziping::example::generated(12 * s as usize, s)));
    for f in &forms {
        let r = engine::score(f);
        let report = render::report_draft(f, &r, DATE);
        let text = report.to_text();
        assert_eq!(Report::from_text(&text), report, "{text}");
        assert_eq!(Report::from_text(&text.replace('\n', "\r\n")), report, "CRLF");
        assert_eq!(Report::from_text(&text).to_text(), text);
    }

    // Edited text keeps its edits, section by section.
    let (f, r) = seed();
    let mut report = render::report_draft(&f, &r, DATE);
    report.preamble = "承德县财政局：\n现将自评情况报告如下。".into();
    report.sections[1].title = "项目绩效目标实现情况".into();
    report.sections[4].text = "一、这一行不是标题，因为序号不对。\n（一）资金支付滞后。\n\n年终一次性支付。".into();
    report.sections.push(Section { title: "其他需要说明的问题".into(), text: "无。".into() });
    let text = report.to_text();
    assert!(
        text.contains("\n\n二、项目绩效目标实现情况\n") && text.contains("\n\n七、其他需要说明的问题\n无。\n\n承德县")
    );
    assert_eq!(Report::from_text(&text), report, "{text}");

    // A person's text: extra blank lines and spaces, no signature.
    let typed = "  标题  \n\n\n一、基本情况\n\n甲。\n\n\n二、绩效目标完成情况\n乙。  \n";
    let got = Report::from_text(typed);
    assert_eq!(got.title, "标题");
    assert_eq!(got.sections.len(), 2);
    assert_eq!(got.sections[0], Section { title: "基本情况".into(), text: "甲。".into() });
    assert_eq!(got.sections[1].text, "乙。");
    assert_eq!(got.closing, "");
    // No headings at all: a title and a preamble, nothing lost.
    let got = Report::from_text("只有标题\n一段文字。");
    assert_eq!((got.title.as_str(), got.preamble.as_str(), got.sections.len()), ("只有标题", "一段文字。", 0));
    assert_eq!(Report::from_text(""), Report::default());
}

#[test]
fn the_report_survives_export_and_import() {
    let (mut f, r) = seed();
    let mut report = render::report_draft(&f, &r, DATE);
    report.sections[5].text.push_str("\n另行制定资金支付计划。");
    f.report = Some(report.to_text());
    let back = Form::from_json_str(&f.to_json_pretty()).unwrap();
    assert_eq!(Report::from_text(back.report.as_deref().unwrap()), report);
}

// ---------------------------------------------------------------------------------------------
// Every number of the report comes from the result or the form

fn numbers(s: &str) -> Vec<Decimal> {
    let s: String = s
        .chars()
        .map(|c| {
            if ('０'..='９').contains(&c) {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap()
            } else {
                c
            }
        })
        .collect();
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push(s[start..i].parse::<Decimal>().unwrap().normalize());
        } else {
            i += 1;
        }
    }
    out
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The numbers a report may write: the form's cells and texts, the derived fund totals, the
/// result's scores, subtotals, rate, total and pending count, the date, and 90 / 100 (the
/// thresholds the sentences name).
fn allowed_numbers(f: &Form, r: &ScoreResult, date: &str) -> BTreeSet<Decimal> {
    let mut texts = Vec::new();
    strings(&f.to_json_value(), &mut texts);
    for c in Column::ALL {
        if let engine::ColumnTotal::Sum(d) = engine::column_total(f, c) {
            texts.push(d.to_string());
        }
    }
    texts.extend(r.execution_rate.clone());
    texts.extend(r.budget_score.clone());
    texts.extend(r.total.clone());
    texts.push(r.pending.to_string());
    for s in &r.subtotals {
        texts.extend([s.weight.clone(), s.score.clone()]);
    }
    for s in &r.level2_subtotals {
        texts.extend([s.weight.clone(), s.score.clone()]);
    }
    texts.extend(r.indicators.iter().filter_map(|i| i.score.clone()));
    texts.push(date.into());
    texts.extend(["90".into(), "100".into(), "10".into()]);
    texts.iter().flat_map(|t| numbers(t)).collect()
}

#[test]
fn every_number_in_the_report_comes_from_the_result_or_the_form() {
    let mut forms: Vec<Form> = fixtures().into_iter().map(|(_, f)| f).collect();
    for (n, s) in [(10, 1), (37, 2), (100, 3), (300, 4)] {
        forms.push(ziping::example::generated(n, s));
    }
    // Incomplete, n/a and zero-budget variants of the seed.
    let mut a = ziping::example::chengde_2021();
    a.indicators[1].actual.clear();
    a.indicators[2].actual = "90%".into();
    a.indicators[5].method = "not_applicable".into();
    forms.push(a);
    let mut b = ziping::example::chengde_2021();
    for s in &mut b.funds.sources {
        s.annual.clear();
        s.executed.clear();
    }
    b.funds.total.annual = "0".into();
    b.funds.total.executed = "0".into();
    b.indicators[0].actual = "52家".into();
    forms.push(b);
    let mut c = ziping::example::chengde_2021();
    c.funds.total = Default::default();
    forms.push(c);
    for f in &forms {
        let r = engine::score(f);
        let allowed = allowed_numbers(f, &r, DATE);
        let report = render::report_draft(f, &r, DATE);
        let text = report.to_text();
        for n in numbers(&text) {
            assert!(
                allowed.contains(&n),
                "{n} in the report of {} is neither in the result nor in the form:\n{text}",
                f.project
            );
        }
        // The printed documents too.
        for html in [
            render::form_html(f, &r, &PrintOptions::default()),
            render::report_html(f, &r, &report, &PrintOptions::default()),
        ] {
            // The box of what is missing quotes the engine's messages; the rest is ours.
            let html = match html.find("<div class=\"missing\">") {
                Some(a) => format!("{}{}", &html[..a], &html[a + html[a..].find("</div>").unwrap()..]),
                None => html,
            };
            for n in numbers(&visible_text(&html)) {
                assert!(
                    allowed.contains(&n),
                    "{n} in a document of {} is neither in the result nor the form",
                    f.project
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Safety

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">点我</a>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "\" autofocus onfocus=alert(1) x=\"",
    "' autofocus onfocus=alert(1) x='",
    "{{ constructor.constructor('alert(1)')() }}",
    "${alert(1)}",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
    "<!-- <script>alert(1)</script> -->",
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=\"javascript:alert(1)\">",
    "<embed src=javascript:alert(1)>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>@import url(https://evil.example/x.css);</style>",
    "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
    "<base href=\"https://evil.example/\">",
    "<form action=https://evil.example/><input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "\u{0}<script>alert(1)</script>\u{7}",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<textarea></textarea><script>alert(1)</script>",
    "一、基本情况\n<script>alert(1)</script>",
    "10<img src=x onerror=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">",
];

/// A form with `p` in every text field and every cell that is printed as typed.
fn poisoned(p: &str) -> Form {
    let mut f = ziping::example::chengde_2021();
    f.project = p.into();
    f.department = p.into();
    f.implementer = p.into();
    f.year = p.into();
    f.goals.expected = p.into();
    f.goals.achieved = p.into();
    f.funds.reason = p.into();
    f.funds.weight = p.into();
    f.funds.total.initial = p.into();
    for s in &mut f.funds.sources {
        s.label = p.into();
    }
    f.funds.sources[2].initial = p.into();
    for (k, ind) in f.indicators.iter_mut().enumerate() {
        ind.level1 = p.into();
        if k % 2 == 0 {
            ind.level2 = p.into();
        }
        ind.name = p.into();
        ind.reason = p.into();
        if k % 3 == 0 {
            ind.target = p.into();
            ind.actual = p.into();
        }
        if k == 4 {
            ind.weight = p.into();
        }
    }
    f
}

#[test]
fn user_text_is_escaped_everywhere() {
    assert!(PAYLOADS.len() >= 30);
    for p in PAYLOADS {
        let f = poisoned(p);
        let r = engine::score(&f);
        for landscape in [false, true] {
            let opts = PrintOptions { landscape };
            let html = render::form_html(&f, &r, &opts);
            assert_safe(&html, &format!("the form with {p:?}"));
            let report = render::report_draft(&f, &r, p);
            assert_safe(&render::report_html(&f, &r, &report, &opts), &format!("the report with {p:?}"));
            // The report as a person edited it: the payload in every part.
            let edited = Report {
                title: p.to_string(),
                preamble: p.to_string(),
                sections: vec![Section { title: p.to_string(), text: format!("{p}\n{p}") }; 3],
                closing: p.to_string(),
            };
            assert_safe(&render::report_html(&f, &r, &edited, &opts), &format!("an edited report with {p:?}"));
            let from_text = Report::from_text(&format!("{p}\n\n一、基本情况\n{p}\n\n{p}"));
            assert_safe(
                &render::report_html(&f, &r, &from_text, &opts),
                &format!("a report read from text with {p:?}"),
            );
        }
        // The text is still there, escaped: a reader sees what was typed.
        let html = render::form_html(&f, &r, &PrintOptions::default());
        let shown = p.replace(['\u{0}', '\u{7}'], "\u{fffd}");
        assert!(visible_text(&html).contains(shown.lines().next().unwrap().trim()), "{p:?} is shown as text");
    }
    let svg = render::chart::chart_svg(
        &poisoned("<svg onload=alert(1)>"),
        &engine::score(&poisoned("<svg onload=alert(1)>")),
    );
    assert!(
        svg.starts_with("<svg class=\"chart\"") && svg.matches("<svg").count() == 1 && !svg.contains("<svg onload")
    );
}

#[test]
fn the_scanner_catches_what_it_must() {
    let ok = "<!DOCTYPE html>\n<html><head><title>a &amp; b</title><style>p{}</style></head><body><p class=\"x\">t</p></body></html>";
    assert!(scan(ok).is_ok());
    for bad in [
        "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>",
        "<!DOCTYPE html><html><body><p onerror=\"x\">t</p></body></html>",
        "<!DOCTYPE html><html><body><p>a</div></body></html>",
        "<!DOCTYPE html><html><body><p>a & b</p></body></html>",
        "<!DOCTYPE html><html><head><title></title><script>x</script></head></html>",
        "<!DOCTYPE html><html><head><style></style><script>x</script></style></head></html>",
        "<!DOCTYPE html><html><body><p>a</p>",
    ] {
        assert!(scan(bad).is_err(), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------------
// The command line: `ziping render`

#[test]
fn cli_render_writes_the_documents() {
    let exe = env!("CARGO_BIN_EXE_ziping");
    let seed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/chengde-2021.json");
    let seed_path = seed_path.to_str().unwrap();
    let dir = std::env::temp_dir().join(format!("ziping-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (f, r) = seed();
    let run = |args: &[&str], stdin: Option<&str>| {
        use std::io::Write;
        let mut child = std::process::Command::new(exe)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };

    // Both documents at once, to files.
    let (form_out, report_out) = (dir.join("form.html"), dir.join("report.html"));
    let o = run(
        &[
            "render",
            seed_path,
            "--landscape",
            "--date",
            DATE,
            "--form",
            form_out.to_str().unwrap(),
            "--report",
            report_out.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let landscape = PrintOptions { landscape: true };
    assert_eq!(std::fs::read_to_string(&form_out).unwrap(), render::form_html(&f, &r, &landscape));
    let draft = render::report_draft(&f, &r, DATE);
    assert_eq!(std::fs::read_to_string(&report_out).unwrap(), render::report_html(&f, &r, &draft, &landscape));

    // `-`: the form from standard input, the report to standard output.
    let o = run(&["render", "-", "--report", "-", "--date", DATE], Some(&std::fs::read_to_string(seed_path).unwrap()));
    assert!(o.status.success());
    assert_eq!(String::from_utf8(o.stdout).unwrap(), render::report_html(&f, &r, &draft, &PrintOptions::default()));

    // A form with an edited report prints that report.
    let mut edited = f.clone();
    let mut report = draft.clone();
    report.sections[0].text = "编辑过的基本情况。".into();
    edited.report = Some(report.to_text());
    let o = run(&["render", "-", "--report", "-"], Some(&edited.to_json_pretty()));
    assert!(String::from_utf8(o.stdout).unwrap().contains("编辑过的基本情况。"));

    // Usage errors and unreadable files, in Chinese.
    let code = |args: &[&str]| run(args, None).status.code();
    assert_eq!(code(&["render"]), Some(64));
    assert_eq!(code(&["render", seed_path]), Some(64), "no output named");
    assert_eq!(code(&["render", seed_path, "--form"]), Some(64));
    assert_eq!(code(&["render", seed_path, "--form", "-", "--report", "-"]), Some(64));
    assert_eq!(code(&["render", "--bogus", seed_path, "--form", "-"]), Some(64));
    assert_eq!(code(&["render", "a.json", "b.json", "--form", "-"]), Some(64));
    let missing = run(&["render", dir.join("missing.json").to_str().unwrap(), "--form", "-"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8(missing.stderr).unwrap().contains("无法读取"));
    let bad = run(&["render", "-", "--form", "-"], Some("{\"indicators\": 3}"));
    assert_eq!(bad.status.code(), Some(2));
    let help = run(&["--help"], None);
    assert!(String::from_utf8(help.stdout).unwrap().contains("ziping render"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stale_sections_name_the_ones_that_quote_old_numbers() {
    let (f, r) = seed();
    let report = render::report_draft(&f, &r, DATE);
    assert!(render::stale_sections(&f, &r, &report).is_empty(), "a fresh draft is current");

    // The person adds a number of their own: still current.
    let mut own = report.clone();
    own.sections[0].text.push_str("\n项目共召开 3 次推进会。");
    assert!(render::stale_sections(&f, &r, &own).is_empty());

    // The numbers change after the edit: the sections that quoted them are named.
    let mut changed = f.clone();
    changed.funds.total.executed = "50".into();
    for s in changed.funds.sources.iter_mut() {
        s.executed.clear();
    }
    let r2 = ziping::engine::score(&changed);
    assert_ne!(r2.execution_rate, r.execution_rate);
    let stale = render::stale_sections(&changed, &r2, &report);
    assert!(stale.contains(&0) && stale.contains(&2), "{stale:?}");
    assert!(!stale.contains(&3), "the indicator rows did not change: {stale:?}");

    // A replaced number that the section still quotes elsewhere (40 stays the target).
    let mut row = f.clone();
    row.indicators[0].actual = "30家".into();
    let r3 = ziping::engine::score(&row);
    let stale = render::stale_sections(&row, &r3, &report);
    assert!(stale.contains(&3), "四 still says 实际完成值 40家: {stale:?}");
}
