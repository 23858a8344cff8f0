//! The result of scoring a form (`format.md`, "A result").

use serde::{Deserialize, Serialize};

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Declares [`IssueCode`] from one line per code, so that its variants, [`IssueCode::ALL`] and
/// [`IssueCode::as_str`] cannot disagree (a test holds `as_str` equal to serde's name).
macro_rules! issue_codes {
    ($($(#[$attr:meta])* $variant:ident = $code:literal,)*) => {
        /// The stable name of an issue (`scoring.md` §8). It serializes as its snake_case
        /// string, and [`IssueCode::as_str`] and `Display` give the same string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum IssueCode {
            $($(#[$attr])* $variant,)*
        }

        impl IssueCode {
            /// Every code, in the order of `scoring.md` §8.
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$variant,)*];

            /// The code as `scoring.md` §8 and the JSON result write it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(IssueCode::$variant => $code,)*
                }
            }
        }
    };
}

issue_codes! {
    // Errors.
    UnknownSchema = "unknown_schema",
    InvalidForm = "invalid_form",
    UnknownProfile = "unknown_profile",
    InvalidSetting = "invalid_setting",
    InvalidAmount = "invalid_amount",
    NegativeAmount = "negative_amount",
    ExecutionWithoutBudget = "execution_without_budget",
    WeightsSum = "weights_sum",
    InvalidWeight = "invalid_weight",
    InvalidMethod = "invalid_method",
    InvalidTier = "invalid_tier",
    TargetEmpty = "target_empty",
    TargetNotNumeric = "target_not_numeric",
    TargetNotRange = "target_not_range",
    TargetNotDate = "target_not_date",
    ActualUnparseable = "actual_unparseable",
    UnitMismatch = "unit_mismatch",
    ManualScoreInvalid = "manual_score_invalid",
    ManualScoreOutOfRange = "manual_score_out_of_range",
    ManualScoreOutOfTier = "manual_score_out_of_tier",
    // Warnings, infos once a reason is given.
    /// serde's snake_case would write `execution_below90`.
    #[serde(rename = "execution_below_90")]
    ExecutionBelow90 = "execution_below_90",
    ExecutionAboveBudget = "execution_above_budget",
    OverAchievement = "over_achievement",
    Deviation = "deviation",
    ManualScoreDiffers = "manual_score_differs",
    // Warnings.
    FundTotalMismatch = "fund_total_mismatch",
    Level1Weights = "level1_weights",
    NegativeActual = "negative_actual",
    ActualUnitMissing = "actual_unit_missing",
    ReasonMissing = "reason_missing",
    // Infos.
    RowPending = "row_pending",
    ManualScoreRequired = "manual_score_required",
}

impl IssueCode {
    /// The code named `name` (`"invalid_form"` → [`IssueCode::InvalidForm`]).
    pub fn from_name(name: &str) -> Option<IssueCode> {
        IssueCode::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for IssueCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One finding of the engine about a field of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// Stable snake_case code from `scoring.md` §8.
    pub code: IssueCode,
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
