//! What the browser app shows, decided without a browser: the small rules that used to sit in
//! the views (some in three copies), as plain functions of the form, its result and the
//! drafts' status, with native tests (`tests/view_model.rs`). The views in `src/app/` only
//! put these values on the page.

use crate::drafts::Status;
use crate::engine::Method;
use crate::model::Form;
use crate::result::{IndicatorResult, RowStatus, ScoreResult, Severity};

/// What is shown for a value the engine left empty (not applicable, or no value because of an
/// error).
pub const EMPTY: &str = "—";

/// What is shown for a value that waits for input.
pub const PENDING: &str = "待填";

/// The profile of a form whose `profile` is empty (`scoring.md` §7).
pub const DEFAULT_PROFILE: &str = "mof";

/// The 分值 of the budget row when none is typed (`scoring.md` §2, `W_b`).
pub const DEFAULT_BUDGET_WEIGHT: &str = "10";

/// The name of a draft that has neither a name nor a project name.
pub const UNNAMED_DRAFT: &str = "未命名草稿";

/// The key of the profile a form is scored with: its own, or [`DEFAULT_PROFILE`].
pub fn profile_key(profile: &str) -> &str {
    match profile.trim() {
        "" => DEFAULT_PROFILE,
        k => k,
    }
}

/// How a draft is called in the drafts list, the notices and the names of its copies: its
/// name, else its project name, else [`UNNAMED_DRAFT`].
pub fn draft_name(name: &str, project: &str) -> String {
    [name, project].into_iter().find(|s| !s.trim().is_empty()).unwrap_or(UNNAMED_DRAFT).to_string()
}

// ---------------------------------------------------------------------------------------------
// The budget row

/// Whether the budget row waits for input (an amount or its 分值 is missing or unreadable).
/// The result counts it in `pending` besides the pending indicator rows (`result.rs`).
pub fn budget_pending(r: &ScoreResult) -> bool {
    let rows = r.indicators.iter().filter(|x| x.status == RowStatus::Pending).count();
    r.pending > rows
}

/// The budget row's 得分 in the summary: its score; [`PENDING`] while it waits for input;
/// [`EMPTY`] when it has none otherwise (not applicable — 全年预算数 = 全年执行数 = 0 under
/// `zero_budget = na` — or an error such as `execution_without_budget`), as the funds block
/// shows it.
pub fn budget_score_text(r: &ScoreResult) -> String {
    match &r.budget_score {
        Some(s) => s.clone(),
        None if budget_pending(r) => PENDING.into(),
        None => EMPTY.into(),
    }
}

/// The 执行率 as the funds block shows it: `39.25%`, or [`EMPTY`].
pub fn execution_rate_text(r: &ScoreResult) -> String {
    r.execution_rate.as_ref().map_or_else(|| EMPTY.into(), |x| format!("{x}%"))
}

/// The budget row's 分值 as the summary's chip shows it (`/10`): as typed, without a final
/// 分, or [`DEFAULT_BUDGET_WEIGHT`] when empty — the weight the engine then uses.
pub fn budget_weight(form: &Form) -> String {
    match form.funds.weight.trim().trim_end_matches('分').trim_end() {
        "" => DEFAULT_BUDGET_WEIGHT.into(),
        w => w.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Indicator rows

/// The method a row was scored with (detected or chosen), when it can be told.
pub fn row_method(r: Option<&IndicatorResult>) -> Option<Method> {
    r.and_then(|r| r.method).and_then(Method::from_key)
}

/// Whether rows of this method are scored by a qualitative tier, so the row offers the tier
/// picker: qualitative rows, and deadline rows (a late or textual actual takes a tier,
/// `scoring.md` §3).
pub fn takes_tier(method: Option<Method>) -> bool {
    matches!(method, Some(Method::Qualitative | Method::Deadline))
}

/// A row's 得分 cell: its score; 不适用; [`PENDING`]; [`EMPTY`]; nothing for a placeholder row
/// (no result). A breakdown row ([`crate::model::Indicator::is_breakdown`]) is never scored
/// and shows [`EMPTY`], not 不适用.
pub fn row_score_text(r: Option<&IndicatorResult>, breakdown: bool) -> String {
    match r {
        None => String::new(),
        Some(_) if breakdown => EMPTY.into(),
        Some(r) => match (&r.score, r.status) {
            (Some(s), _) => s.clone(),
            (None, RowStatus::NotApplicable) => "不适用".into(),
            (None, RowStatus::Pending) => PENDING.into(),
            (None, _) => EMPTY.into(),
        },
    }
}

/// Whether a row is an empty placeholder (nothing typed yet): its details line is folded.
pub fn is_placeholder_row(r: Option<&IndicatorResult>) -> bool {
    r.is_some_and(|r| r.explanation.is_empty() && r.status == RowStatus::Pending && r.method.is_none())
}

// ---------------------------------------------------------------------------------------------
// Fields

/// The classes of a text input: its kind's (`input input-num`), and `has-error` or
/// `has-warning` for the most serious issue at its field.
pub fn input_class(base: &str, issue: Option<Severity>) -> String {
    match issue {
        Some(Severity::Error) => format!("{base} has-error"),
        Some(_) => format!("{base} has-warning"),
        None => base.to_string(),
    }
}

/// The classes of the message next to a field.
pub fn message_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "field-msg msg-error",
        _ => "field-msg msg-warning",
    }
}

/// The classes of an indicator row: `row-error` / `row-warning` for its worst issue,
/// `row-pending` while it waits for input, `row-breakdown` for a 其中 row (a sub-row of the
/// one above it; it never waits for a score).
pub fn row_class(worst: Option<Severity>, pending: bool, breakdown: bool) -> String {
    let mut c = String::from("ind");
    if breakdown {
        c.push_str(" row-breakdown");
        return c;
    }
    match worst {
        Some(Severity::Error) => c.push_str(" row-error"),
        Some(Severity::Warning) => c.push_str(" row-warning"),
        _ => {}
    }
    if pending {
        c.push_str(" row-pending");
    }
    c
}

// ---------------------------------------------------------------------------------------------
// The header

/// The sheet's title: `社保工作专项经费项目支出绩效自评表`, or the bare form name.
pub fn form_title(form: &Form) -> String {
    match form.project.trim() {
        "" => "项目支出绩效自评表".into(),
        p => format!("{p}项目支出绩效自评表"),
    }
}

/// The line under the title: `（2021 年度）`, with a gap for the year while it is empty.
pub fn year_title(form: &Form) -> String {
    match form.year.trim().trim_end_matches('年').trim() {
        "" => "（    年度）".into(),
        y => format!("（{y} 年度）"),
    }
}

// ---------------------------------------------------------------------------------------------
// The save status

/// The save status as the summary bar shows it (its `data-state` and look).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    /// A new draft nobody has typed into: nothing to store.
    New,
    /// Edits wait for the pause in typing.
    Pending,
    /// Everything is stored.
    Saved,
    /// Not stored (storage full or unavailable, a conflict).
    Unsaved,
}

impl SaveState {
    pub fn of(s: &Status) -> SaveState {
        match s {
            Status::New => SaveState::New,
            Status::Pending => SaveState::Pending,
            Status::Saved(_) => SaveState::Saved,
            Status::Unsaved(_) => SaveState::Unsaved,
        }
    }

    /// The `data-state` attribute (the tests and the benchmark wait for `saved`).
    pub fn key(self) -> &'static str {
        match self {
            SaveState::New => "new",
            SaveState::Pending => "pending",
            SaveState::Saved => "saved",
            SaveState::Unsaved => "unsaved",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            SaveState::Saved => "save-status save-ok",
            SaveState::Unsaved => "save-status save-bad",
            SaveState::New | SaveState::Pending => "save-status",
        }
    }
}

/// The save status's text: 新草稿，尚未修改 / 保存中… / 已保存 HH:MM:SS / 未保存：why. `clock`
/// shows an ISO time as the user's HH:MM:SS.
pub fn save_text(s: &Status, clock: impl Fn(&str) -> String) -> String {
    match s {
        Status::New => "新草稿，尚未修改".into(),
        Status::Pending => "保存中…".into(),
        Status::Saved(t) => format!("已保存 {}", clock(t)),
        Status::Unsaved(why) => format!("未保存：{}", why),
    }
}
