//! Printable documents made from a form and its result (issue 12): the printed
//! 项目支出绩效自评表 (附件1, [`form_html`]), the 自评报告 draft ([`report_draft`], [`Report`]) and
//! its printable document ([`report_html`]) with a bar chart of scores ([`chart`]).
//!
//! Pure Rust, no web imports: the browser calls the same functions (it opens the document in a
//! new window or a blob URL to print it), the CLI writes them to a file, and `cargo test` checks
//! them natively.
//!
//! Rules both documents follow:
//! - ONE standalone HTML document each: inline CSS, no scripts, no external resources, the
//!   system fonts of a Chinese form named only (`html::FONTS`), never loaded.
//! - Every user text is escaped ([`html::escape`]); nothing from the form reaches markup.
//! - Every number is a string the engine produced (`ScoreResult`, `engine::fmt`) or an amount as
//!   the engine reads it (`engine::column_total`), so the documents say what the app shows.
//! - A form that is not complete, or has errors, is never printed as final: a box above the
//!   table says what is missing, and its total and grade are marked 暂定.
//! - A4 portrait by default, landscape as an option ([`PrintOptions`]); table headers repeat
//!   on every page, no row is split across pages.

pub mod chart;
mod form;
pub mod html;
mod report;

pub use form::form_html;
pub use report::{numeral, report_draft, report_html, report_of, stale_sections, Report, Section, SECTION_TITLES};

use crate::engine::{self, ColumnTotal};
use crate::model::{Column, Form, Indicator};
use crate::result::{Issue, IssueCode, RowStatus, ScoreResult, Severity};
use rust_decimal::Decimal;

/// How a document is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// A4 landscape instead of portrait.
    pub landscape: bool,
}

/// A 分值 as the engine reads it (`10分` and `10.0` are `10`); text that is not a number as
/// typed (the engine reports it).
pub(crate) fn weight_text(typed: &str) -> String {
    match engine::read_plain_decimal(typed, true) {
        Ok(Some(d)) => engine::fmt(d),
        _ => typed.trim().to_string(),
    }
}

/// A 分值 as a decimal, when it reads as one.
pub(crate) fn weight_value(typed: &str) -> Option<Decimal> {
    engine::read_plain_decimal(typed, true).ok().flatten()
}

/// The budget row's 分值 as the engine reads it: an empty one is the default, 10
/// (`scoring.md` §10). (The summary chip shows it as typed: `view_model::budget_weight`.)
pub(crate) fn budget_weight(form: &Form) -> String {
    if form.funds.weight.trim().is_empty() {
        crate::view_model::DEFAULT_BUDGET_WEIGHT.into()
    } else {
        weight_text(&form.funds.weight)
    }
}

/// An amount as the engine reads it (`5.40` is `5.4`); text that is not an amount as typed.
pub(crate) fn amount_text(typed: &str) -> String {
    match engine::read_plain_decimal(typed, false) {
        Ok(Some(d)) => engine::fmt(d),
        _ => typed.trim().to_string(),
    }
}

/// 年度资金总额 of a column as the engine takes it: the sum of the 其中 rows when any has a
/// value, otherwise the typed total; empty when a 其中 cell cannot be read.
pub(crate) fn column_value(form: &Form, c: Column) -> String {
    match engine::column_total(form, c) {
        ColumnTotal::Sum(d) => engine::fmt(d),
        ColumnTotal::Typed => amount_text(form.funds.total.get(c)),
        ColumnTotal::Invalid => String::new(),
    }
}

/// The 得分 cell of an indicator row as printed.
pub(crate) fn score_cell(ind: &Indicator, r: Option<&crate::result::IndicatorResult>) -> String {
    if ind.is_breakdown() {
        return "—".into();
    }
    match r {
        None => "—".into(),
        Some(r) => match (r.status, &r.score) {
            (RowStatus::NotApplicable, _) => "不适用".into(),
            (RowStatus::Pending, _) | (_, None) => "待填".into(),
            (_, Some(s)) => s.clone(),
        },
    }
}

/// Whether a scored row earned less than its 分值.
pub(crate) fn lost_points(ind: &Indicator, r: &crate::result::IndicatorResult) -> bool {
    if !matches!(r.status, RowStatus::Scored | RowStatus::Manual) {
        return false;
    }
    match (r.score.as_deref().and_then(|s| s.parse::<Decimal>().ok()), weight_value(&ind.weight)) {
        (Some(s), Some(w)) => s < w,
        _ => false,
    }
}

/// The indicator index of a path `indicators[3].actual` → `3`.
pub(crate) fn path_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("indicators[")?;
    rest[..rest.find(']')?].parse().ok()
}

/// What a document must say is missing: pending rows, errors, missing reasons.
pub(crate) struct Missing {
    pub(crate) pending: usize,
    pub(crate) errors: usize,
    pub(crate) reasons: usize,
    /// One line per item, for the list.
    pub(crate) items: Vec<String>,
    /// The total and grade are provisional.
    pub(crate) provisional: bool,
}

/// At most this many items are listed; the rest are counted.
pub(crate) const MISSING_LIST_MAX: usize = 30;

impl Missing {
    pub(crate) fn of(form: &Form, result: &ScoreResult) -> Missing {
        let errors = result.errors().count();
        let provisional = !result.complete || errors > 0;
        let mut items = Vec::new();
        let mut reasons = 0;
        let wanted = |i: &&Issue| match (i.severity, i.code) {
            (Severity::Error, _) => true,
            (_, IssueCode::RowPending) => {
                // A row in error is pending too: say it once.
                let k = path_index(&i.path);
                !result.errors().any(|e| match k {
                    Some(_) => path_index(&e.path) == k,
                    None => i.path.starts_with("funds") && e.path.starts_with("funds"),
                })
            }
            (Severity::Warning, IssueCode::ReasonMissing) => true,
            _ => false,
        };
        for i in result.issues.iter().filter(wanted) {
            if i.code == IssueCode::ReasonMissing && i.severity == Severity::Warning {
                reasons += 1;
            }
            items.push(describe(form, i));
        }
        Missing { pending: result.pending, errors, reasons, items, provisional }
    }

    pub(crate) fn is_empty(&self) -> bool {
        !self.provisional && self.items.is_empty()
    }

    /// `本表尚有 2 项待填、1 处错误，总分为暂定`.
    pub(crate) fn headline(&self) -> String {
        let mut parts = Vec::new();
        if self.pending > 0 {
            parts.push(format!("{} 项待填", self.pending));
        }
        if self.errors > 0 {
            parts.push(format!("{} 处错误", self.errors));
        }
        if self.reasons > 0 {
            parts.push(format!("{} 处偏差原因未填写", self.reasons));
        }
        let mut s = String::from("本表");
        if parts.is_empty() {
            s.push_str("尚未完成");
        } else {
            s.push_str("尚有 ");
            s.push_str(&parts.join("、"));
        }
        if self.provisional {
            s.push_str("，总分为暂定");
        }
        s
    }
}

/// One line for an issue: the message, with the row's name in front when the message does
/// not name it.
fn describe(form: &Form, i: &Issue) -> String {
    if let Some(ind) = path_index(&i.path).and_then(|k| form.indicators.get(k)) {
        let name = ind.name.trim();
        if !name.is_empty() && !i.message.contains(name) {
            return format!("“{}”：{}", name, i.message);
        }
        if name.is_empty() && !i.message.contains("行") {
            return format!("第 {} 行指标：{}", path_index(&i.path).unwrap_or(0) + 1, i.message);
        }
    }
    i.message.clone()
}

/// A run of printed rows that share a label (an 一级, or an 二级 inside one).
pub(crate) struct Group<T> {
    pub(crate) label: String,
    pub(crate) items: Vec<T>,
}

/// The printed indicator rows (placeholders left out) as 一级 runs of 二级 runs of indices,
/// in form order; a label that comes back later starts a new run.
pub(crate) fn groups(form: &Form) -> Vec<Group<Group<usize>>> {
    let mut out: Vec<Group<Group<usize>>> = Vec::new();
    for (i, ind) in form.indicators.iter().enumerate() {
        if ind.is_placeholder() {
            continue;
        }
        let (l1, l2) = (ind.level1.trim(), ind.level2.trim());
        match out.last_mut() {
            Some(g1) if g1.label == l1 => match g1.items.last_mut() {
                Some(g2) if g2.label == l2 => g2.items.push(i),
                _ => g1.items.push(Group { label: l2.to_string(), items: vec![i] }),
            },
            _ => {
                out.push(Group { label: l1.to_string(), items: vec![Group { label: l2.to_string(), items: vec![i] }] })
            }
        }
    }
    out
}

/// The subtotal of an 一级, by its label.
pub(crate) fn subtotal<'a>(result: &'a ScoreResult, level1: &str) -> Option<&'a crate::result::Subtotal> {
    result.subtotals.iter().find(|s| s.level1.trim() == level1)
}

/// 年度 as printed: the year when it reads as one, else as typed.
pub(crate) fn year_text(form: &Form) -> String {
    form.year_number().map(|y| y.to_string()).unwrap_or_else(|| form.year.trim().to_string())
}

/// The printed form's title (the `.xlsx` export's too): `社保工作专项经费项目支出绩效自评表`.
pub(crate) fn form_title(form: &Form) -> String {
    format!("{}项目支出绩效自评表", project_stem(form))
}

/// The line under the form's title: `（2021 年度）`, `（年度）` while 年度 is empty.
pub(crate) fn year_line(form: &Form) -> String {
    match year_text(form) {
        y if y.is_empty() => "（年度）".into(),
        y => format!("（{y} 年度）"),
    }
}

/// The stem of the form's title: `<项目名称>` without a final 项目 (so the title does not
/// double it).
pub(crate) fn project_stem(form: &Form) -> String {
    let p = form.project.split(['\r', '\n']).map(str::trim).collect::<Vec<_>>().join(" ");
    let p = p.trim();
    p.strip_suffix("项目").unwrap_or(p).to_string()
}
