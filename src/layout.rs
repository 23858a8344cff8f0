//! The labels of the official 附件1 layout (the printed form, the `.xlsx` export, and what the
//! `.xlsx` import looks for), defined once. The funds columns (年初预算数 …) are
//! [`crate::model::Column::label`].

/// The header cells above the funds block.
pub const PROJECT: &str = "项目名称";
pub const DEPARTMENT: &str = "主管部门";
pub const IMPLEMENTER: &str = "实施单位";
/// The funds block: its row label, the total row, the first 其中 row's prefix, and the three
/// columns after the amounts.
pub const FUNDS: &str = "项目资金（万元）";
pub const FUNDS_TOTAL: &str = "年度资金总额";
pub const FUNDS_OF_WHICH: &str = "其中：";
pub const FUNDS_WEIGHT: &str = "分值";
pub const FUNDS_RATE: &str = "执行率";
pub const FUNDS_SCORE: &str = "得分";
pub const FUNDS_REASON: &str = "偏差原因";
/// 年度总体目标 and its two columns.
pub const GOALS: &str = "年度总体目标";
pub const GOALS_EXPECTED: &str = "预期目标";
pub const GOALS_ACHIEVED: &str = "实际完成情况";
/// The band over the indicator table.
pub const INDICATORS: &str = "绩效指标";

/// A column of the indicator table, in the official order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorColumn {
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Reason,
}

impl IndicatorColumn {
    pub const ALL: [IndicatorColumn; 8] = [
        IndicatorColumn::Level1,
        IndicatorColumn::Level2,
        IndicatorColumn::Name,
        IndicatorColumn::Target,
        IndicatorColumn::Actual,
        IndicatorColumn::Weight,
        IndicatorColumn::Score,
        IndicatorColumn::Reason,
    ];

    /// The official column name.
    pub fn label(self) -> &'static str {
        match self {
            IndicatorColumn::Level1 => "一级指标",
            IndicatorColumn::Level2 => "二级指标",
            IndicatorColumn::Name => "三级指标",
            IndicatorColumn::Target => "年度指标值",
            IndicatorColumn::Actual => "实际完成值",
            IndicatorColumn::Weight => "分值",
            IndicatorColumn::Score => "得分",
            IndicatorColumn::Reason => "偏差原因分析及改进措施",
        }
    }
}

/// The last row: 总分, its 100, the total, and the grade.
pub const TOTAL: &str = "总分";
