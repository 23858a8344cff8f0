//! Editing a form: everything the browser app needs besides [`crate::engine::score`], as pure
//! Rust with no web imports, so it is tested natively (`cargo test`).
//!
//! - [`Field`]: one editable cell of the form, with its issue path (`format.md`), the DOM id of
//!   its input and its accessible label (the official column name and its row);
//! - [`Editor`]: the form plus its undo/redo history; every change goes through [`Edit`];
//! - row operations inside a 二级, adding a known 二级, the optional 成本指标 一级;
//! - display helpers: the 一级 → 二级 → 三级 [`layout`], derived fund totals, the completeness
//!   line, issue locations, and the settings panel's titles, choices and values.
//!
//! Nothing here scores: numbers shown to the user come from the engine.

use crate::example::{COST_LEVEL1, STRUCTURE};
use crate::model::{Column, Form, Indicator};
use crate::result::{Issue, IssueCode, ScoreResult, Severity};
use crate::settings::{setting, Kind, Settings};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Fields

/// An editable cell of a 三级 indicator row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowField {
    Name,
    Target,
    Actual,
    Weight,
    Method,
    Tier,
    Score,
    Reason,
}

impl RowField {
    pub const ALL: [RowField; 8] = [
        RowField::Name,
        RowField::Target,
        RowField::Actual,
        RowField::Weight,
        RowField::Method,
        RowField::Tier,
        RowField::Score,
        RowField::Reason,
    ];
    pub fn key(self) -> &'static str {
        match self {
            RowField::Name => "name",
            RowField::Target => "target",
            RowField::Actual => "actual",
            RowField::Weight => "weight",
            RowField::Method => "method",
            RowField::Tier => "tier",
            RowField::Score => "score",
            RowField::Reason => "reason",
        }
    }
    /// The official column name (the paper form's, where it has one).
    pub fn label(self) -> &'static str {
        match self {
            RowField::Name => "三级指标",
            RowField::Target => "年度指标值",
            RowField::Actual => "实际完成值",
            RowField::Weight => "分值",
            RowField::Method => "计分方法",
            RowField::Tier => "完成档次",
            RowField::Score => "人工得分",
            RowField::Reason => "偏差原因分析及改进措施",
        }
    }
    fn from_key(k: &str) -> Option<RowField> {
        RowField::ALL.into_iter().find(|f| f.key() == k)
    }
}

/// One editable text of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Year,
    Project,
    Department,
    Implementer,
    /// The budget row's 分值.
    FundsWeight,
    /// 年度资金总额, as typed.
    FundsTotal(Column),
    /// A 其中 row.
    FundsSource(usize, Column),
    /// The budget row's reason.
    FundsReason,
    GoalsExpected,
    GoalsAchieved,
    Row(usize, RowField),
}

fn column_from_key(k: &str) -> Option<Column> {
    Column::ALL.into_iter().find(|c| c.key() == k)
}

/// `name[3]` → `("name", 3)`.
fn indexed(s: &str) -> Option<(&str, usize)> {
    let (name, rest) = s.split_once('[')?;
    let n = rest.strip_suffix(']')?.parse().ok()?;
    Some((name, n))
}

impl Field {
    /// The issue path of this field (`format.md`), e.g. `indicators[3].actual`.
    pub fn path(&self) -> String {
        match self {
            Field::Year => "year".into(),
            Field::Project => "project".into(),
            Field::Department => "department".into(),
            Field::Implementer => "implementer".into(),
            Field::FundsWeight => "funds.weight".into(),
            Field::FundsTotal(c) => format!("funds.total.{}", c.key()),
            Field::FundsSource(i, c) => format!("funds.sources[{}].{}", i, c.key()),
            Field::FundsReason => "funds.reason".into(),
            Field::GoalsExpected => "goals.expected".into(),
            Field::GoalsAchieved => "goals.achieved".into(),
            Field::Row(i, f) => format!("indicators[{}].{}", i, f.key()),
        }
    }

    /// The field an issue path names, when it names one.
    pub fn parse(path: &str) -> Option<Field> {
        Some(match path {
            "year" => Field::Year,
            "project" => Field::Project,
            "department" => Field::Department,
            "implementer" => Field::Implementer,
            "funds.weight" => Field::FundsWeight,
            "funds.reason" => Field::FundsReason,
            "goals.expected" => Field::GoalsExpected,
            "goals.achieved" => Field::GoalsAchieved,
            _ => {
                if let Some(c) = path.strip_prefix("funds.total.") {
                    Field::FundsTotal(column_from_key(c)?)
                } else if let Some(rest) = path.strip_prefix("funds.") {
                    let (head, col) = rest.split_once('.')?;
                    let ("sources", i) = indexed(head)? else { return None };
                    Field::FundsSource(i, column_from_key(col)?)
                } else {
                    let (head, key) = path.split_once('.')?;
                    let ("indicators", i) = indexed(head)? else { return None };
                    Field::Row(i, RowField::from_key(key)?)
                }
            }
        })
    }

    /// The DOM id of this field's input.
    pub fn dom_id(&self) -> String {
        dom_id(&self.path())
    }

    /// The text of this field ("" for a row or source that does not exist).
    pub fn get<'a>(&self, f: &'a Form) -> &'a str {
        match self {
            Field::Year => &f.year,
            Field::Project => &f.project,
            Field::Department => &f.department,
            Field::Implementer => &f.implementer,
            Field::FundsWeight => &f.funds.weight,
            Field::FundsTotal(c) => f.funds.total.get(*c),
            Field::FundsSource(i, c) => f.funds.sources.get(*i).map_or("", |s| s.get(*c)),
            Field::FundsReason => &f.funds.reason,
            Field::GoalsExpected => &f.goals.expected,
            Field::GoalsAchieved => &f.goals.achieved,
            Field::Row(i, rf) => match f.indicators.get(*i) {
                None => "",
                Some(x) => match rf {
                    RowField::Name => &x.name,
                    RowField::Target => &x.target,
                    RowField::Actual => &x.actual,
                    RowField::Weight => &x.weight,
                    RowField::Method => &x.method,
                    RowField::Tier => &x.tier,
                    RowField::Score => &x.score,
                    RowField::Reason => &x.reason,
                },
            },
        }
    }

    fn slot<'a>(&self, f: &'a mut Form) -> Option<&'a mut String> {
        Some(match self {
            Field::Year => &mut f.year,
            Field::Project => &mut f.project,
            Field::Department => &mut f.department,
            Field::Implementer => &mut f.implementer,
            Field::FundsWeight => &mut f.funds.weight,
            Field::FundsTotal(c) => f.funds.total.get_mut(*c),
            Field::FundsSource(i, c) => f.funds.sources.get_mut(*i)?.get_mut(*c),
            Field::FundsReason => &mut f.funds.reason,
            Field::GoalsExpected => &mut f.goals.expected,
            Field::GoalsAchieved => &mut f.goals.achieved,
            Field::Row(i, rf) => {
                let x = f.indicators.get_mut(*i)?;
                match rf {
                    RowField::Name => &mut x.name,
                    RowField::Target => &mut x.target,
                    RowField::Actual => &mut x.actual,
                    RowField::Weight => &mut x.weight,
                    RowField::Method => &mut x.method,
                    RowField::Tier => &mut x.tier,
                    RowField::Score => &mut x.score,
                    RowField::Reason => &mut x.reason,
                }
            }
        })
    }

    /// The accessible label: the official column name, then its row
    /// (`实际完成值 失业动态监测企业数`, `全年执行数 上年结转资金`).
    pub fn label(&self, f: &Form) -> String {
        match self {
            Field::Year => "年度".into(),
            Field::Project => "项目名称".into(),
            Field::Department => "主管部门".into(),
            Field::Implementer => "实施单位".into(),
            Field::FundsWeight => "分值 年度资金总额".into(),
            Field::FundsTotal(c) => format!("{} 年度资金总额", c.label()),
            Field::FundsSource(i, c) => format!("{} {}", c.label(), source_label(f, *i)),
            Field::FundsReason => "预算执行偏差原因".into(),
            Field::GoalsExpected => "预期目标".into(),
            Field::GoalsAchieved => "实际完成情况".into(),
            Field::Row(i, rf) => format!("{} {}", rf.label(), row_label(f, *i)),
        }
    }
}

/// The label of a 其中 row (`上年结转资金`), or `其中第2项` when it has none.
pub fn source_label(f: &Form, i: usize) -> String {
    match f.funds.sources.get(i).map(|s| s.label.trim()) {
        Some(l) if !l.is_empty() => l.to_string(),
        _ => format!("其中第{}项", i + 1),
    }
}

/// How a 三级 row is named to a person: its name, or `数量指标 第2行` while it has none.
pub fn row_label(f: &Form, i: usize) -> String {
    let Some(x) = f.indicators.get(i) else { return format!("第{}行", i + 1) };
    if !x.name.trim().is_empty() {
        return x.name.trim().to_string();
    }
    let k = f.indicators[..=i].iter().filter(|y| y.level1 == x.level1 && y.level2 == x.level2).count();
    label_of(x, i, k)
}

/// [`row_label`] of every row, in one pass (the table refreshes all labels on each keystroke;
/// row by row that would be quadratic in a form of unnamed rows).
pub fn row_labels(f: &Form) -> Vec<String> {
    // (一级, 二级, rows so far): a form has a dozen groups.
    let mut seen: Vec<(&str, &str, usize)> = Vec::new();
    let mut labels = Vec::with_capacity(f.indicators.len());
    for (i, x) in f.indicators.iter().enumerate() {
        let k = match seen.iter_mut().rev().find(|g| g.0 == x.level1 && g.1 == x.level2) {
            Some(g) => {
                g.2 += 1;
                g.2
            }
            None => {
                seen.push((&x.level1, &x.level2, 1));
                1
            }
        };
        labels.push(label_of(x, i, k));
    }
    labels
}

/// The label of row `i`, the `k`-th of its 二级.
fn label_of(x: &crate::model::Indicator, i: usize, k: usize) -> String {
    let name = x.name.trim();
    if !name.is_empty() {
        return name.to_string();
    }
    let group = if x.level2.trim().is_empty() { x.level1.trim() } else { x.level2.trim() };
    if group.is_empty() {
        format!("第{}行", i + 1)
    } else {
        format!("{} 第{}行", group, k)
    }
}

/// The DOM id for an issue path: `indicators[3].actual` → `f-indicators-3-actual`.
pub fn dom_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    let mut dash = false;
    for ch in path.chars() {
        if ch.is_ascii_alphanumeric() || ch == '_' {
            id.push(ch);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// The DOM ids to try, in order, to bring the field of an issue to the user's attention: the
/// field itself, then the nearest field that is always on the page.
pub fn focus_ids(path: &str) -> Vec<String> {
    let mut ids = Vec::new();
    match path {
        "funds" => {
            ids.push(dom_id("funds.reason"));
            ids.push(dom_id("funds.total.executed"));
        }
        "weights" => ids.push(dom_id("funds.weight")),
        "schema" => {}
        _ => {
            ids.push(dom_id(path));
            if let Some(i) = row_of(path) {
                if path.ends_with(".tier") || path.ends_with(".score") {
                    ids.push(dom_id(&format!("indicators[{}].method", i)));
                }
                ids.push(dom_id(&format!("indicators[{}].name", i)));
            }
            if path == "funds.reason" {
                ids.push(dom_id("funds.total.executed"));
            }
        }
    }
    ids
}

/// The indicator row an issue path points into (`indicators[3].actual` → 3).
pub fn row_of(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("indicators[")?;
    let end = rest.find(']')?;
    rest[..end].parse().ok()
}

/// Where an issue stands, for a person: `失业动态监测企业数 · 实际完成值`.
pub fn locate(f: &Form, path: &str) -> String {
    if let Some(field) = Field::parse(path) {
        return match &field {
            Field::Row(i, rf) => format!("{} · {}", row_label(f, *i), rf.label()),
            Field::FundsTotal(c) => format!("年度资金总额 · {}", c.label()),
            Field::FundsSource(i, c) => format!("{} · {}", source_label(f, *i), c.label()),
            Field::FundsWeight => "年度资金总额 · 分值".into(),
            Field::FundsReason => "预算执行 · 偏差原因".into(),
            other => other.label(f),
        };
    }
    if let Some(i) = row_of(path) {
        return row_label(f, i);
    }
    if let Some(key) = path.strip_prefix("settings.") {
        return format!("评分设置 · {}", setting_title(key));
    }
    match path {
        "funds" => "预算执行率".into(),
        "weights" => "分值合计".into(),
        "profile" => "评分方案".into(),
        "schema" => "格式版本".into(),
        _ => path.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Issues by place

/// The engine's issues sorted by where they stand: per indicator row, and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueIndex {
    pub rows: Vec<Vec<Issue>>,
    pub other: Vec<Issue>,
}

impl IssueIndex {
    pub fn new(r: &ScoreResult, n_rows: usize) -> IssueIndex {
        let mut x = IssueIndex { rows: vec![Vec::new(); n_rows], other: Vec::new() };
        for issue in &r.issues {
            match row_of(&issue.path) {
                Some(i) if i < n_rows => x.rows[i].push(issue.clone()),
                _ => x.other.push(issue.clone()),
            }
        }
        x
    }
}

/// The most serious error or warning standing exactly at `path` (infos are not shown at fields).
pub fn field_issue<'a>(issues: &'a [Issue], path: &str) -> Option<&'a Issue> {
    issues.iter().filter(|i| i.path == path && i.severity != Severity::Info).min_by_key(|i| i.severity)
}

/// The most serious severity among `issues`, infos excluded.
pub fn worst(issues: &[Issue]) -> Option<Severity> {
    issues.iter().map(|i| i.severity).filter(|s| *s != Severity::Info).min()
}

/// The completeness line of the summary: `还有 3 项待填`, errors counted too.
pub fn completeness(r: &ScoreResult) -> String {
    if r.complete {
        return "已填写完整".into();
    }
    let errors = r.errors().count();
    let mut parts = Vec::new();
    if r.pending > 0 {
        parts.push(format!("还有 {} 项待填", r.pending));
    }
    if errors > 0 {
        parts.push(format!("{} 个错误待改正", errors));
    }
    if parts.is_empty() {
        "尚未完成".into()
    } else {
        parts.join("，")
    }
}

/// Whether the budget row asks for its reason (or has one): then its field is shown.
pub fn budget_reason_wanted(f: &Form, r: &ScoreResult) -> bool {
    !f.funds.reason.trim().is_empty()
        || r.issues.iter().any(|i| {
            i.path == "funds.reason"
                || (i.path == "funds"
                    && matches!(i.code, IssueCode::ExecutionBelow90 | IssueCode::ExecutionAboveBudget))
        })
}

// ---------------------------------------------------------------------------------------------
// Layout: 一级 → 二级 → 三级

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level2Group {
    pub level2: String,
    /// Positions in `form.indicators`, in form order.
    pub rows: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level1Group {
    pub level1: String,
    pub level2s: Vec<Level2Group>,
}

/// The indicator rows grouped as on paper, 一级 and 二级 in order of first appearance (the
/// order of the engine's subtotals).
pub fn layout(f: &Form) -> Vec<Level1Group> {
    let mut out: Vec<Level1Group> = Vec::new();
    for (i, x) in f.indicators.iter().enumerate() {
        let g1 = match out.iter().position(|g| g.level1 == x.level1) {
            Some(p) => &mut out[p],
            None => {
                out.push(Level1Group { level1: x.level1.clone(), level2s: Vec::new() });
                out.last_mut().unwrap()
            }
        };
        match g1.level2s.iter_mut().find(|g| g.level2 == x.level2) {
            Some(g2) => g2.rows.push(i),
            None => g1.level2s.push(Level2Group { level2: x.level2.clone(), rows: vec![i] }),
        }
    }
    out
}

/// The known 一级 → 二级 structure, the 成本指标 一级 included.
fn known() -> impl Iterator<Item = (usize, &'static str, usize, &'static str)> {
    STRUCTURE
        .iter()
        .map(|(l1, _, l2s)| (*l1, *l2s))
        .chain(std::iter::once(COST_LEVEL1))
        .enumerate()
        .flat_map(|(a, (l1, l2s))| l2s.iter().enumerate().map(move |(b, l2)| (a, l1, b, *l2)))
}

/// Where a (一级, 二级) stands in the known structure; unknown labels come last.
fn rank(l1: &str, l2: &str) -> (usize, usize) {
    known()
        .find(|(_, k1, _, k2)| *k1 == l1 && *k2 == l2)
        .map(|(a, _, b, _)| (a, b))
        .or_else(|| known().find(|(_, k1, _, _)| *k1 == l1).map(|(a, ..)| (a, usize::MAX)))
        .unwrap_or((usize::MAX, usize::MAX))
}

/// The known 二级 that the form has no row for (the 成本指标 一级's only when it is present).
pub fn missing_level2(f: &Form) -> Vec<(&'static str, &'static str)> {
    let cost = has_cost_level1(f);
    known()
        .filter(|(a, ..)| *a < STRUCTURE.len() || cost)
        .filter(|(_, l1, _, l2)| !f.indicators.iter().any(|x| x.level1 == *l1 && x.level2 == *l2))
        .map(|(_, l1, _, l2)| (l1, l2))
        .collect()
}

pub fn has_cost_level1(f: &Form) -> bool {
    f.indicators.iter().any(|x| x.level1 == COST_LEVEL1.0)
}

/// Adds an empty row at the end of its 二级 (or where the 二级 belongs in the known order, when
/// the form has none yet); returns its position.
pub fn add_row(f: &mut Form, level1: &str, level2: &str) -> usize {
    let at = match f.indicators.iter().rposition(|x| x.level1 == level1 && x.level2 == level2) {
        Some(p) => p + 1,
        None => {
            let r = rank(level1, level2);
            f.indicators.iter().rposition(|x| rank(&x.level1, &x.level2) <= r).map_or(0, |p| p + 1)
        }
    };
    f.indicators.insert(at, Indicator::new(level1, level2));
    at
}

/// Removes a row; returns it.
pub fn remove_row(f: &mut Form, i: usize) -> Option<Indicator> {
    (i < f.indicators.len()).then(|| f.indicators.remove(i))
}

/// Moves a row up (`-1`) or down (`1`) past its neighbour in the same 二级; returns its new
/// position, or `None` when it is already first or last there.
pub fn move_row(f: &mut Form, i: usize, delta: isize) -> Option<usize> {
    let x = f.indicators.get(i)?;
    let same = |y: &Indicator| y.level1 == x.level1 && y.level2 == x.level2;
    let j = if delta < 0 {
        f.indicators[..i].iter().rposition(same)?
    } else {
        i + 1 + f.indicators[i + 1..].iter().position(same)?
    };
    f.indicators.swap(i, j);
    Some(j)
}

/// Adds the optional 成本指标 一级 (财预〔2021〕101号): one empty row per 二级. Returns the
/// position of its first row, or `None` when the form already has it.
pub fn add_cost_level1(f: &mut Form) -> Option<usize> {
    if has_cost_level1(f) {
        return None;
    }
    let (l1, l2s) = COST_LEVEL1;
    let first = add_row(f, l1, l2s[0]);
    for l2 in &l2s[1..] {
        add_row(f, l1, l2);
    }
    Some(first)
}

/// Removes every row of the 成本指标 一级; returns how many.
pub fn remove_cost_level1(f: &mut Form) -> usize {
    let before = f.indicators.len();
    f.indicators.retain(|x| x.level1 != COST_LEVEL1.0);
    before - f.indicators.len()
}

// ---------------------------------------------------------------------------------------------
// Funds

/// What the 年度资金总额 cell of a column shows besides what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derived {
    /// No source value in this column: the typed total is used.
    Typed,
    /// The sum of the source cells (used instead of the typed total), exact.
    Sum(String),
    /// A source cell does not read as an amount: the column has no value.
    Invalid,
}

/// The 年度资金总额 of a column as the engine takes it (`scoring.md` §1, §10), for display.
pub fn derived_total(f: &Form, c: Column) -> Derived {
    match crate::engine::column_total(f, c) {
        crate::engine::ColumnTotal::Typed => Derived::Typed,
        crate::engine::ColumnTotal::Sum(d) => Derived::Sum(crate::engine::fmt(d)),
        crate::engine::ColumnTotal::Invalid => Derived::Invalid,
    }
}

// ---------------------------------------------------------------------------------------------
// Settings panel

/// The kind of control a setting takes (from its [`Kind`] in the table of settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingKind {
    /// One of these `(value, Chinese name)`.
    Choice(Vec<(String, String)>),
    /// A number typed as text.
    Number,
    /// Text: `90/80/60`, or labels separated by 、.
    Text,
}

pub fn setting_title(key: &str) -> &'static str {
    setting(key).map_or("其他设置", |d| d.title)
}

pub fn setting_kind(key: &str) -> SettingKind {
    let named = |v: &str, name: &str| (v.to_string(), name.to_string());
    match setting(key).map(|d| d.kind) {
        Some(Kind::Choice(options)) => SettingKind::Choice(options.iter().map(|(v, name)| named(v, name)).collect()),
        Some(Kind::Switch { on, off }) => SettingKind::Choice(vec![named("on", on), named("off", off)]),
        Some(Kind::Places { max }) => {
            SettingKind::Choice((0..=max).map(|n| (n.to_string(), format!("{} 位", n))).collect())
        }
        Some(Kind::Above(_)) => SettingKind::Number,
        Some(Kind::Bands | Kind::Labels { .. }) | None => SettingKind::Text,
    }
}

/// A setting's value in `s`, as the settings panel shows it.
pub fn setting_text(s: &Settings, key: &str) -> String {
    setting(key).map(|d| d.text(s)).unwrap_or_default()
}

/// The form's own value of a setting as text, when it overrides its profile.
pub fn override_text(f: &Form, key: &str) -> Option<String> {
    let v = f.settings.get(key)?;
    Some(match setting(key) {
        Some(d) => d.override_text(v),
        None => v.as_str().map_or_else(|| v.to_string(), str::to_string),
    })
}

/// What the settings panel shows for a setting: the form's override, else its profile's value.
pub fn shown_setting(f: &Form, key: &str) -> String {
    override_text(f, key).unwrap_or_else(|| setting_text(&Settings::resolve(&f.profile, &Default::default()).0, key))
}

/// The JSON a typed setting is stored as (`fund_sources` is a list of labels).
fn setting_value(key: &str, text: &str) -> Value {
    setting(key).map_or_else(|| Value::String(text.to_string()), |d| d.value_of(text))
}

// ---------------------------------------------------------------------------------------------
// The editor: the form and its history

/// One change to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// A text typed into a field (consecutive edits of one field are one undo step).
    Set(Field, String),
    SetProfile(String),
    /// A setting typed or chosen (`None`: back to the profile's value).
    SetSetting(String, Option<String>),
    AddRow {
        level1: String,
        level2: String,
    },
    RemoveRow(usize),
    MoveRow(usize, isize),
    AddCostLevel1,
    RemoveCostLevel1,
    /// The 自评报告 as edited (`None`: generate it from the form again). Consecutive edits are
    /// one undo step, as typing in a field is.
    SetReport(Option<String>),
    /// A whole new form (a new blank form, the example).
    Load(Box<Form>),
}

/// What an edit did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The form changed (and an undo step exists for it).
    pub changed: bool,
    /// Rows were added, removed, moved or replaced: inputs must be refreshed from the form.
    pub structural: bool,
    /// The field to put the cursor in next (a new row's name).
    pub focus: Option<Field>,
    /// A person's description of what was done, for a notice with an undo button.
    pub notice: Option<String>,
}

/// The form being edited and its undo/redo history (snapshots of the form).
#[derive(Debug, Clone)]
pub struct Editor {
    pub form: Form,
    undo: Vec<Form>,
    redo: Vec<Form>,
    /// The path being typed into: further typing there extends the same undo step.
    typing: Option<String>,
}

/// Undo steps kept.
const HISTORY_LIMIT: usize = 200;

impl Editor {
    pub fn new(form: Form) -> Editor {
        Editor { form, undo: Vec::new(), redo: Vec::new(), typing: None }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Ends the current typing burst: the next keystroke starts a new undo step.
    pub fn seal(&mut self) {
        self.typing = None;
    }

    fn snapshot(&mut self, typing: Option<String>) {
        if typing.is_none() || typing != self.typing {
            self.undo.push(self.form.clone());
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.typing = typing;
    }

    /// Applies an edit, recording an undo step when the form changes.
    pub fn apply(&mut self, edit: Edit) -> Applied {
        let mut out = Applied::default();
        match edit {
            Edit::Set(field, text) => {
                let exists = match &field {
                    Field::Row(i, _) => *i < self.form.indicators.len(),
                    Field::FundsSource(i, _) => *i < self.form.funds.sources.len(),
                    _ => true,
                };
                if !exists || field.get(&self.form) == text {
                    return out;
                }
                self.snapshot(Some(field.path()));
                *field.slot(&mut self.form).expect("checked above") = text;
            }
            Edit::SetProfile(p) => {
                if self.form.profile == p {
                    return out;
                }
                self.snapshot(None);
                self.form.profile = p;
            }
            Edit::SetSetting(key, text) => {
                let value = text.map(|t| setting_value(&key, &t));
                if self.form.settings.get(&key) == value.as_ref() {
                    return out;
                }
                self.snapshot(Some(format!("settings.{}", key)));
                match value {
                    Some(v) => {
                        self.form.settings.insert(key, v);
                    }
                    None => {
                        self.form.settings.remove(&key);
                    }
                }
            }
            Edit::AddRow { level1, level2 } => {
                self.snapshot(None);
                let at = add_row(&mut self.form, &level1, &level2);
                out.structural = true;
                out.focus = Some(Field::Row(at, RowField::Name));
            }
            Edit::RemoveRow(i) => {
                if i >= self.form.indicators.len() {
                    return out;
                }
                let label = row_label(&self.form, i);
                self.snapshot(None);
                remove_row(&mut self.form, i);
                out.structural = true;
                out.notice = Some(format!("已删除“{}”", label));
            }
            Edit::MoveRow(i, d) => {
                let mut f = self.form.clone();
                let Some(j) = move_row(&mut f, i, d) else { return out };
                self.snapshot(None);
                self.form = f;
                out.structural = true;
                out.focus = Some(Field::Row(j, RowField::Name));
            }
            Edit::AddCostLevel1 => {
                if has_cost_level1(&self.form) {
                    return out;
                }
                self.snapshot(None);
                let at = add_cost_level1(&mut self.form);
                out.structural = true;
                out.focus = at.map(|i| Field::Row(i, RowField::Name));
            }
            Edit::RemoveCostLevel1 => {
                if !has_cost_level1(&self.form) {
                    return out;
                }
                self.snapshot(None);
                let n = remove_cost_level1(&mut self.form);
                out.structural = true;
                out.notice = Some(format!("已移除成本指标（一级）的 {} 行", n));
            }
            Edit::SetReport(report) => {
                if self.form.report == report {
                    return out;
                }
                self.snapshot(Some("report".into()));
                self.form.report = report;
            }
            Edit::Load(form) => {
                self.snapshot(None);
                self.form = *form;
                out.structural = true;
            }
        }
        out.changed = true;
        out
    }

    /// Restores the form before the last edit. `false` when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(prev) = self.undo.pop() else { return false };
        self.redo.push(std::mem::replace(&mut self.form, prev));
        self.typing = None;
        true
    }

    /// Redoes the last undone edit. `false` when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else { return false };
        self.undo.push(std::mem::replace(&mut self.form, next));
        self.typing = None;
        true
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;
    use crate::example::{chengde_2021, skeleton};

    fn mof_skeleton() -> Form {
        skeleton(Some(2021), &Settings::default().fund_sources)
    }

    #[test]
    fn paths_round_trip_and_map_to_dom_ids() {
        let fields = [
            Field::Year,
            Field::Project,
            Field::FundsWeight,
            Field::FundsTotal(Column::Annual),
            Field::FundsSource(1, Column::Executed),
            Field::FundsReason,
            Field::GoalsAchieved,
            Field::Row(3, RowField::Actual),
            Field::Row(12, RowField::Reason),
        ];
        for f in fields {
            assert_eq!(Field::parse(&f.path()), Some(f.clone()), "{}", f.path());
        }
        assert_eq!(Field::Row(3, RowField::Actual).dom_id(), "f-indicators-3-actual");
        assert_eq!(dom_id("funds.sources[1].executed"), "f-funds-sources-1-executed");
        assert_eq!(dom_id("settings.rate_rounding"), "f-settings-rate_rounding");
        assert_eq!(Field::parse("indicators[x].actual"), None);
        assert_eq!(Field::parse("funds"), None);
        assert_eq!(Field::parse("indicators[2].colour"), None);
        assert_eq!(
            focus_ids("indicators[4].tier"),
            ["f-indicators-4-tier", "f-indicators-4-method", "f-indicators-4-name"]
        );
        assert_eq!(focus_ids("funds")[0], "f-funds-reason");
        assert!(focus_ids("schema").is_empty());
        assert_eq!(row_of("indicators[17].weight"), Some(17));
        assert_eq!(row_of("funds.reason"), None);
    }

    #[test]
    fn labels_name_the_column_and_the_row() {
        let mut f = chengde_2021();
        assert_eq!(Field::Row(0, RowField::Actual).label(&f), "实际完成值 失业动态监测企业数");
        assert_eq!(Field::FundsSource(1, Column::Executed).label(&f), "全年执行数 上年结转资金");
        assert_eq!(Field::FundsTotal(Column::Initial).label(&f), "年初预算数 年度资金总额");
        f.indicators[1].name.clear();
        assert_eq!(row_label(&f, 1), "数量指标 第2行");
        let s = mof_skeleton();
        for form in [&f, &s, &crate::example::generated(30, 1)] {
            let one_by_one: Vec<String> = (0..form.indicators.len()).map(|i| row_label(form, i)).collect();
            assert_eq!(row_labels(form), one_by_one);
        }
        assert_eq!(Field::Row(0, RowField::Name).label(&s), "三级指标 数量指标 第1行");
        assert_eq!(locate(&f, "indicators[0].actual"), "失业动态监测企业数 · 实际完成值");
        assert_eq!(locate(&f, "settings.rate_rounding"), "评分设置 · 执行率取舍方式");
    }

    #[test]
    fn set_and_get_keep_text_exactly() {
        let mut e = Editor::new(mof_skeleton());
        for (field, text) in [
            (Field::FundsSource(0, Column::Initial), " 5.40 "),
            (Field::Row(0, RowField::Target), "≥ 95 ％"),
            (Field::Year, "2021年"),
        ] {
            assert!(e.apply(Edit::Set(field.clone(), text.into())).changed);
            assert_eq!(field.get(&e.form), text);
        }
        // A field that does not exist changes nothing.
        assert!(!e.apply(Edit::Set(Field::Row(999, RowField::Name), "x".into())).changed);
        assert!(!e.apply(Edit::Set(Field::FundsSource(9, Column::Initial), "1".into())).changed);
    }

    #[test]
    fn report_edits_are_one_undo_step_and_none_regenerates() {
        let mut e = Editor::new(chengde_2021());
        for t in ["一", "一、基", "一、基本情况"] {
            assert!(e.apply(Edit::SetReport(Some(t.into()))).changed);
        }
        assert!(!e.apply(Edit::SetReport(Some("一、基本情况".into()))).changed, "the same text changes nothing");
        assert!(e.undo());
        assert_eq!(e.form.report, None);
        assert!(e.redo());
        assert!(e.apply(Edit::SetReport(None)).changed);
        assert_eq!(e.form.report, None);
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step() {
        let mut e = Editor::new(chengde_2021());
        let field = Field::Row(0, RowField::Actual);
        for t in ["3", "35", "35家"] {
            e.apply(Edit::Set(field.clone(), t.into()));
        }
        e.apply(Edit::Set(Field::Project, "新项目".into()));
        assert!(e.undo());
        assert_eq!(e.form.project, "社保工作专项经费");
        assert_eq!(field.get(&e.form), "35家");
        assert!(e.undo());
        assert_eq!(field.get(&e.form), "40家");
        assert!(!e.undo());
        assert!(e.redo());
        assert_eq!(field.get(&e.form), "35家");
        assert!(e.redo());
        assert!(!e.redo());
        // Sealing (leaving the field) starts a new step.
        e.apply(Edit::Set(field.clone(), "1家".into()));
        e.seal();
        e.apply(Edit::Set(field.clone(), "2家".into()));
        e.undo();
        assert_eq!(field.get(&e.form), "1家");
        // A new edit clears the redo stack.
        e.apply(Edit::Set(Field::Year, "2022".into()));
        assert!(!e.can_redo());
    }

    #[test]
    fn rows_are_added_removed_and_moved_within_their_level2() {
        let mut f = mof_skeleton();
        let n = f.indicators.len();
        let at = add_row(&mut f, "产出指标", "数量指标");
        assert_eq!(at, 1);
        assert_eq!(f.indicators.len(), n + 1);
        assert_eq!(row_label(&f, 1), "数量指标 第2行");
        f.indicators[0].name = "甲".into();
        f.indicators[1].name = "乙".into();
        assert_eq!(move_row(&mut f, 0, -1), None);
        assert_eq!(move_row(&mut f, 1, 1), None, "the next row is another 二级");
        assert_eq!(move_row(&mut f, 0, 1), Some(1));
        assert_eq!(f.indicators[0].name, "乙");
        assert_eq!(remove_row(&mut f, 0).unwrap().name, "乙");
        assert!(remove_row(&mut f, 999).is_none());
        // Layout follows the paper.
        let l = layout(&f);
        assert_eq!(l.iter().map(|g| g.level1.as_str()).collect::<Vec<_>>(), ["产出指标", "效益指标", "满意度指标"]);
        assert_eq!(l[0].level2s.len(), 4);
    }

    #[test]
    fn a_level2_comes_back_in_its_place_and_the_cost_level1_is_optional() {
        let mut f = mof_skeleton();
        let i = f.indicators.iter().position(|x| x.level2 == "质量指标").unwrap();
        remove_row(&mut f, i);
        assert_eq!(missing_level2(&f), [("产出指标", "质量指标")]);
        let at = add_row(&mut f, "产出指标", "质量指标");
        assert_eq!(at, i, "back between 数量指标 and 时效指标");
        assert!(missing_level2(&f).is_empty());

        let mut e = Editor::new(f);
        let a = e.apply(Edit::AddCostLevel1);
        assert!(a.structural);
        assert!(has_cost_level1(&e.form));
        let l = layout(&e.form);
        assert_eq!(l.last().unwrap().level1, "成本指标");
        assert_eq!(l.last().unwrap().level2s.len(), 3);
        assert_eq!(a.focus, Some(Field::Row(e.form.indicators.len() - 3, RowField::Name)));
        assert!(!e.apply(Edit::AddCostLevel1).changed);
        e.apply(Edit::RemoveCostLevel1);
        assert!(!has_cost_level1(&e.form));
        e.undo();
        assert!(has_cost_level1(&e.form));
    }

    #[test]
    fn remove_and_move_are_undoable() {
        let mut e = Editor::new(chengde_2021());
        let before = e.form.clone();
        let a = e.apply(Edit::RemoveRow(0));
        assert_eq!(a.notice.as_deref(), Some("已删除“失业动态监测企业数”"));
        e.undo();
        assert_eq!(e.form, before);
        let a = e.apply(Edit::MoveRow(0, 1));
        assert_eq!(a.focus, Some(Field::Row(1, RowField::Name)));
        assert_eq!(e.form.indicators[1].name, "失业动态监测企业数");
        assert!(!e.apply(Edit::MoveRow(0, -1)).changed);
        e.undo();
        assert_eq!(e.form, before);
    }

    #[test]
    fn derived_totals_follow_the_sources() {
        let mut f = chengde_2021();
        assert_eq!(derived_total(&f, Column::Initial), Derived::Sum("8.89".into()));
        assert_eq!(derived_total(&f, Column::Executed), Derived::Sum("3.49".into()));
        for s in &mut f.funds.sources {
            s.annual.clear();
        }
        assert_eq!(derived_total(&f, Column::Annual), Derived::Typed);
        f.funds.sources[0].annual = "5.4x".into();
        assert_eq!(derived_total(&f, Column::Annual), Derived::Invalid);
        f.funds.sources[0].annual = "５.４".into();
        assert_eq!(derived_total(&f, Column::Annual), Derived::Sum("5.4".into()));
    }

    #[test]
    fn settings_are_overrides_and_rescore() {
        let mut e = Editor::new(chengde_2021());
        assert_eq!(shown_setting(&e.form, "rate_rounding"), "truncate");
        assert_eq!(engine::score(&e.form).execution_rate.as_deref(), Some("39.25"));
        e.apply(Edit::SetSetting("rate_rounding".into(), Some("half_up".into())));
        assert_eq!(shown_setting(&e.form, "rate_rounding"), "half_up");
        assert_eq!(engine::score(&e.form).execution_rate.as_deref(), Some("39.26"));
        e.apply(Edit::SetSetting("rate_rounding".into(), None));
        assert!(e.form.settings.is_empty());
        e.apply(Edit::SetSetting("fund_sources".into(), Some("财政资金、其他".into())));
        assert_eq!(e.form.settings["fund_sources"], serde_json::json!(["财政资金", "其他"]));
        assert_eq!(shown_setting(&e.form, "fund_sources"), "财政资金、其他");
        e.apply(Edit::SetProfile("sichuan".into()));
        assert_eq!(shown_setting(&e.form, "rate_rounding"), "half_up");
        assert_eq!(shown_setting(&e.form, "grade_bands"), "90/80/60");
        for key in crate::settings::SETTINGS.iter().map(|d| d.key) {
            assert_ne!(setting_title(key), "其他设置", "{key} has a title");
            let shown = setting_text(&Settings::default(), key);
            if let SettingKind::Choice(options) = setting_kind(key) {
                assert!(options.iter().any(|(v, _)| *v == shown), "{key}: {shown} is a choice");
            }
            // What the panel shows reads back as the same setting.
            let mut s = Settings::default();
            assert_eq!(s.apply(key, &setting_value(key, &shown)), Ok(true), "{key}");
            assert_eq!(s, Settings::default(), "{key}");
        }
    }

    #[test]
    fn issues_are_indexed_by_row_and_completeness_is_counted() {
        let mut f = chengde_2021();
        f.indicators[0].actual = "30家".into();
        f.funds.sources[1].executed = "3.4x".into();
        let r = engine::score(&f);
        let x = IssueIndex::new(&r, f.indicators.len());
        assert!(x.rows[0].iter().any(|i| i.path == "indicators[0].reason" && i.code == IssueCode::ReasonMissing));
        assert_eq!(field_issue(&x.other, "funds.sources[1].executed").map(|i| i.code), Some(IssueCode::InvalidAmount));
        assert_eq!(worst(&x.rows[0]), Some(Severity::Warning));
        assert_eq!(completeness(&r), "还有 1 项待填，1 个错误待改正");
        assert_eq!(completeness(&engine::score(&chengde_2021())), "已填写完整");
        let s = mof_skeleton();
        assert!(completeness(&engine::score(&s)).starts_with("还有 1 项待填"));
        assert!(budget_reason_wanted(&chengde_2021(), &engine::score(&chengde_2021())));
        assert!(!budget_reason_wanted(&s, &engine::score(&s)));
    }
}
