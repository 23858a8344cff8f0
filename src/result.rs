//! The result of scoring a form (`format.md`, "A result").

use serde::Serialize;

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding of the engine about a field of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// Stable snake_case code from `scoring.md` §8.
    pub code: &'static str,
    /// Path of the field (`format.md`), e.g. `indicators[3].actual`.
    pub path: String,
    /// Chinese message for a person.
    pub message: String,
}

/// How an indicator row ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Scored,
    Pending,
    Manual,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorResult {
    /// Position in the form's `indicators` list.
    pub index: usize,
    /// The method used (detected or chosen); null when it cannot be told (empty target).
    pub method: Option<&'static str>,
    pub status: RowStatus,
    pub score: Option<String>,
    /// One line a person can check by hand.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subtotal {
    pub level1: String,
    pub weight: String,
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level2Subtotal {
    pub level1: String,
    pub level2: String,
    pub weight: String,
    pub score: String,
}

/// What the engine computes from a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreResult {
    /// 执行率 in percent as printed, with exactly `rate_decimals` places; null when n/a or pending.
    pub execution_rate: Option<String>,
    /// The budget row's score; null when not applicable or pending.
    pub budget_score: Option<String>,
    /// How the budget row was scored, in one line a person can check.
    pub budget_explanation: String,
    pub indicators: Vec<IndicatorResult>,
    /// Per 一级, in order of first appearance; never rescaled.
    pub subtotals: Vec<Subtotal>,
    /// Per 二级 (for display), in order of first appearance.
    pub level2_subtotals: Vec<Level2Subtotal>,
    pub total: Option<String>,
    pub grade: Option<String>,
    /// No pending row and no error. An incomplete form's total and grade are provisional.
    pub complete: bool,
    /// How many rows (the budget row included) still wait for input.
    pub pending: usize,
    pub issues: Vec<Issue>,
}

impl ScoreResult {
    /// The result of the form's indicator `index` (its position in `indicators` of the form).
    /// Placeholder rows have none; results are kept in increasing `index` order.
    pub fn indicator(&self, index: usize) -> Option<&IndicatorResult> {
        self.indicators.binary_search_by_key(&index, |r| r.index).ok().map(|k| &self.indicators[k])
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Warning)
    }
    /// The result as one line of JSON (`format.md`, "A result").
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("a result is plain data")
    }
}

impl Severity {
    /// The key in JSON (`error`, `warning`, `info`).
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl IndicatorResult {
    /// Row `index` before it is scored: pending, nothing explained.
    pub fn pending(index: usize) -> IndicatorResult {
        IndicatorResult { index, method: None, status: RowStatus::Pending, score: None, explanation: String::new() }
    }
}

impl RowStatus {
    /// The key in JSON (`scored`, `pending`, `manual`, `not_applicable`).
    pub fn key(self) -> &'static str {
        match self {
            RowStatus::Scored => "scored",
            RowStatus::Pending => "pending",
            RowStatus::Manual => "manual",
            RowStatus::NotApplicable => "not_applicable",
        }
    }
}
