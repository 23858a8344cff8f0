//! Bundled forms: the 承德县 2021 example and the empty MOF skeleton.

use crate::model::{Amounts, Form, Indicator, Source};

/// The real 承德县 2021 社保工作专项经费 form (`fixtures/chengde-2021.json`).
pub const CHENGDE_2021_JSON: &str = include_str!("../fixtures/chengde-2021.json");

/// The 承德县 2021 example form ("载入示例").
pub fn chengde_2021() -> Form {
    Form::from_json_str(CHENGDE_2021_JSON).expect("the bundled example is a valid form")
}

/// The official 一级 → 二级 structure (财预〔2020〕10号 附件1, as used since 2021), with the
/// default 一级 weights. The optional 成本指标 一级 (财预〔2021〕101号) is listed separately.
pub const STRUCTURE: &[(&str, u32, &[&str])] = &[
    ("产出指标", 50, &["数量指标", "质量指标", "时效指标", "成本指标"]),
    ("效益指标", 30, &["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
    ("满意度指标", 10, &["服务对象满意度指标"]),
];

/// The optional 成本指标 一级 and its 二级.
pub const COST_LEVEL1: (&str, &[&str]) = ("成本指标", &["经济成本指标", "社会成本指标", "生态环境成本指标"]);

/// A new form: the MOF skeleton with one empty row per 二级 and the profile's fund sources.
pub fn skeleton(year: Option<i32>, fund_sources: &[String]) -> Form {
    let mut form = Form {
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    form.funds.weight = "10".into();
    form.funds.sources =
        fund_sources.iter().map(|l| Source { label: l.clone(), amounts: Amounts::default() }).collect();
    for (l1, _, l2s) in STRUCTURE {
        for l2 in *l2s {
            form.indicators.push(Indicator::new(l1, l2));
        }
    }
    form
}
