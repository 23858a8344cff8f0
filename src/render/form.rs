//! The printed form (附件1 项目支出绩效自评表) as one standalone HTML document.
//!
//! Two tables, drawn as one like the paper form: the header (项目名称, 主管部门, 实施单位, the
//! funds block and 年度总体目标), then the indicator table, whose `thead` (绩效指标 and the column
//! names) repeats on every printed page. 一级 and 二级 cells span their rows; a span longer
//! than a page is aligned to its top so its label prints on the first page of the span.

use super::html::{close_document, open_document, Out};
use super::{
    budget_weight, column_value, groups, score_cell, subtotal, weight_text, Missing, PrintOptions, MISSING_LIST_MAX,
};
use crate::layout::IndicatorColumn;
use crate::model::{Column, Form};
use crate::result::{IssueCode, ScoreResult};

/// A span of more rows than this is aligned to its top (it may cross a page).
const LONG_SPAN: usize = 12;

// No row is split across pages: every cell that does not span rows avoids a break inside
// it, so a row moves to the next page whole. (`break-inside: avoid` on the <tr> would also
// hold the 一级 and 二级 cells that span the rows below it together, and Chromium then
// starts the whole indicator table on a new page.)
const CSS: &str = "\
table { width: 100%; border-collapse: collapse; table-layout: fixed; }\n\
table.ind { margin-top: -0.75pt; }\n\
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; \
font-weight: normal; overflow-wrap: anywhere; word-break: normal; line-break: auto; }\n\
thead { display: table-header-group; }\n\
thead th { font-weight: bold; }\n\
td:not([rowspan]), th:not([rowspan]) { break-inside: avoid; page-break-inside: avoid; }\n\
.text { text-align: left; white-space: pre-wrap; }\n\
.band { letter-spacing: 0.5em; }\n\
td.long { vertical-align: top; }\n\
.w { display: block; }\n\
tr.sub td.name { padding-left: 1.5em; }\n\
tr.total th, tr.total td { font-weight: bold; }\n\
h1, .year, .missing { break-after: avoid; page-break-after: avoid; }\n\
";

/// The printed form: title, header rows, funds, goals, the indicator table and the 总分 row,
/// with a box above the tables listing what is missing when the form is not complete.
pub fn form_html(form: &Form, result: &ScoreResult, opts: &PrintOptions) -> String {
    let mut out = Out::with_capacity(8192 + form.indicators.len() * 400);
    let title = super::form_title(form);
    open_document(&mut out, &title, opts.landscape, CSS);
    out.el("h1", "", &title).raw("\n");
    out.el("p", "year", &super::year_line(form)).raw("\n");
    let missing = Missing::of(form, result);
    missing_box(&mut out, &missing);
    header_table(&mut out, form, result);
    indicator_table(&mut out, form, result, &missing);
    close_document(&mut out);
    out.s
}

/// The box above the tables: what is missing, briefly.
pub(crate) fn missing_box(out: &mut Out, missing: &Missing) {
    if missing.is_empty() {
        return;
    }
    out.raw("<div class=\"missing\">\n").el("p", "", &missing.headline()).raw("\n");
    if !missing.items.is_empty() {
        out.raw("<ul>\n");
        for item in missing.items.iter().take(MISSING_LIST_MAX) {
            out.el("li", "", item).raw("\n");
        }
        if missing.items.len() > MISSING_LIST_MAX {
            out.el("li", "", &format!("另有 {} 项未列出", missing.items.len() - MISSING_LIST_MAX)).raw("\n");
        }
        out.raw("</ul>\n");
    }
    out.raw("</div>\n");
}

fn header_table(out: &mut Out, form: &Form, result: &ScoreResult) {
    out.raw("<table class=\"head\">\n<colgroup><col style=\"width:10%\"><col style=\"width:16%\"><col style=\"width:13%\"><col style=\"width:13%\"><col style=\"width:13%\"><col style=\"width:11%\"><col style=\"width:13%\"><col style=\"width:11%\"></colgroup>\n<tbody>\n");
    out.raw("<tr><th colspan=\"2\">项目名称</th><td colspan=\"6\" class=\"text\">").text(form.project.trim());
    out.raw("</td></tr>\n<tr><th colspan=\"2\">主管部门</th><td colspan=\"2\" class=\"text\">")
        .text(form.department.trim());
    out.raw("</td><th>实施单位</th><td colspan=\"3\" class=\"text\">").text(form.implementer.trim());
    out.raw("</td></tr>\n");

    // The funds block.
    let reason = form.funds.reason.trim();
    let reason_wanted = result.issues.iter().any(|i| i.path == "funds.reason" && i.code == IssueCode::ReasonMissing);
    let reason_row = !reason.is_empty() || reason_wanted;
    let rows = 2 + form.funds.sources.len() + usize::from(reason_row);
    out.raw("<tr><th rowspan=\"").num(rows).raw("\">项目资金<br>（万元）</th><th></th>");
    for c in Column::ALL {
        out.el("th", "", c.label());
    }
    out.raw("<th>分值</th><th>执行率</th><th>得分</th></tr>\n<tr><th>年度资金总额</th>");
    for c in Column::ALL {
        out.el("td", "", &column_value(form, c));
    }
    let budget_pending = result.issues.iter().any(|i| i.code == IssueCode::RowPending && i.path.starts_with("funds"));
    let empty = if budget_pending { "待填" } else { "—" };
    out.el("td", "", &budget_weight(form));
    out.el("td", "", &result.execution_rate.as_ref().map(|r| format!("{r}%")).unwrap_or_else(|| empty.into()));
    out.el("td", "", result.budget_score.as_deref().unwrap_or(empty));
    out.raw("</tr>\n");
    for (k, src) in form.funds.sources.iter().enumerate() {
        let label = if k == 0 { format!("其中：{}", src.label.trim()) } else { src.label.trim().to_string() };
        out.raw("<tr class=\"source\">").el("th", "", &label);
        for c in Column::ALL {
            out.el("td", "", src.get(c).trim());
        }
        out.raw("<td>—</td><td></td><td>—</td></tr>\n");
    }
    if reason_row {
        out.raw("<tr><th>偏差原因</th><td colspan=\"6\" class=\"text\">")
            .text(if reason.is_empty() { "（待填）" } else { reason })
            .raw("</td></tr>\n");
    }

    // 年度总体目标.
    out.raw("<tr><th rowspan=\"2\">年度<br>总体<br>目标</th><th colspan=\"3\">预期目标</th><th colspan=\"4\">实际完成情况</th></tr>\n");
    out.raw("<tr><td colspan=\"3\" class=\"text\">").text(form.goals.expected.trim());
    out.raw("</td><td colspan=\"4\" class=\"text\">").text(form.goals.achieved.trim()).raw("</td></tr>\n");
    out.raw("</tbody>\n</table>\n");
}

fn indicator_table(out: &mut Out, form: &Form, result: &ScoreResult, missing: &Missing) {
    out.raw("<table class=\"ind\">\n<colgroup><col style=\"width:10%\"><col style=\"width:11%\"><col style=\"width:18%\"><col style=\"width:11%\"><col style=\"width:11%\"><col style=\"width:6%\"><col style=\"width:7%\"><col style=\"width:26%\"></colgroup>\n");
    out.raw("<thead>\n<tr><th colspan=\"8\" class=\"band\">绩效指标</th></tr>\n<tr>");
    for c in IndicatorColumn::ALL {
        out.el("th", "", c.label());
    }
    out.raw("</tr>\n</thead>\n<tbody>\n");
    for g1 in groups(form) {
        let n1: usize = g1.items.iter().map(|g| g.items.len()).sum();
        let mut first1 = true;
        for g2 in &g1.items {
            let mut first2 = true;
            for &i in &g2.items {
                let ind = &form.indicators[i];
                let r = result.indicator(i);
                out.raw(if ind.is_breakdown() { "<tr class=\"r sub\">" } else { "<tr class=\"r\">" });
                if first1 {
                    span_cell(out, n1);
                    out.text(&g1.label);
                    if let Some(st) = subtotal(result, &g1.label) {
                        out.raw("<span class=\"w\">").text(&st.weight).raw(" 分</span>");
                    }
                    out.raw("</td>");
                    first1 = false;
                }
                if first2 {
                    span_cell(out, g2.items.len());
                    out.text(&g2.label).raw("</td>");
                    first2 = false;
                }
                out.el("td", "text name", ind.name.trim());
                out.el("td", "text", ind.target.trim());
                out.el("td", "text", ind.actual.trim());
                out.el("td", "", &if ind.is_breakdown() { "—".to_string() } else { weight_text(&ind.weight) });
                out.el("td", "", &score_cell(ind, r));
                out.el("td", "text", ind.reason.trim());
                out.raw("</tr>\n");
            }
        }
    }
    let mark = if missing.provisional { "（暂定）" } else { "" };
    let total = result.total.as_deref().map(|t| format!("{t}{mark}")).unwrap_or_else(|| "—".into());
    let grade = result.grade.as_deref().map(|g| format!("等级：{g}{mark}")).unwrap_or_else(|| "等级：—".into());
    out.raw("<tr class=\"total\"><th colspan=\"5\">总分</th><td>100</td>");
    out.el("td", if missing.provisional { "provisional" } else { "" }, &total);
    out.el("td", if missing.provisional { "provisional" } else { "" }, &grade);
    out.raw("</tr>\n</tbody>\n</table>\n");
}

/// Opens a `<td>` spanning `n` rows.
fn span_cell(out: &mut Out, n: usize) {
    match n {
        1 => out.raw("<td>"),
        _ if n > LONG_SPAN => out.raw("<td class=\"long\" rowspan=\"").num(n).raw("\">"),
        _ => out.raw("<td rowspan=\"").num(n).raw("\">"),
    };
}
